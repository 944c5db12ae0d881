package main

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// manPage is `shodo man` with the build's version written VERSION.
func manPage(t *testing.T) string {
	t.Helper()
	env, _ := testEnv(t)
	r := shell(t, env, "man")
	if r.code != exitOK || r.stderr != "" {
		t.Fatalf("shodo man: exit %d, stderr %q", r.code, r.stderr)
	}
	return strings.ReplaceAll(r.stdout, `"shodo `+roffText(version())+`"`, `"shodo VERSION"`)
}

// TestManPage: the manual page is listed in help, holds every command and
// the sections a reader looks for, keeps each paragraph of the help as one
// paragraph, names flags "-o, --output", and is well-formed roff: only the
// requests it means, no text line that roff would take for a request. Its
// golden is testdata/cli/shodo.1.
func TestManPage(t *testing.T) {
	page := manPage(t)
	golden(t, "shodo.1", page)

	env, _ := testEnv(t)
	if help := shell(t, env, "--help").stdout; !strings.Contains(help, "man ") {
		t.Errorf("shodo --help does not list man:\n%s", help)
	}
	lines := strings.Split(strings.TrimSuffix(page, "\n"), "\n")
	if !strings.HasPrefix(lines[0], ".TH SHODO 1 ") {
		t.Errorf("the page does not start with .TH: %q", lines[0])
	}
	request := regexp.MustCompile(`^\.(TH|SH|SS|PP|TP|RS|RE|nf|fi|B)(?: |$)`)
	sections := map[string]bool{}
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, ".") && !request.MatchString(line):
			t.Errorf("line %d: %q is not a request the page means (text starting with a dot is written \\&.)", i+1, line)
		case strings.HasPrefix(line, "'"):
			t.Errorf("line %d: %q starts with a quote, a roff control character", i+1, line)
		case strings.HasPrefix(line, ".SH "):
			sections[strings.Trim(strings.TrimPrefix(line, ".SH "), `"`)] = true
		}
		if strings.Contains(strings.ReplaceAll(line, `\-`, ""), "-") && !strings.HasPrefix(line, ".") {
			t.Errorf("line %d: %q has a hyphen man may break or make a dash (write \\-)", i+1, line)
		}
	}
	for _, s := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "GLOBAL OPTIONS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS", "FILES", "SEE ALSO"} {
		if !sections[s] {
			t.Errorf("no %s section", s)
		}
	}
	for _, want := range []string{
		`\fB\-o\fR, \fB\-\-output\fR \fIstring\fR`, `.SS "shodo export INCIDENT [flags]"`, `.SS "shodo validate [PATH...] [flags]"`,
		`\fBSHODO_HOME\fR`, `\fBSHODO_ACTOR\fR`, `\fBSHODO_RUNBOOKS\fR`, `\fBSHODO_SIGNING_KEY\fR`, `\fBSHODO_ALLOWED_SIGNERS\fR`, `\fBNO_COLOR\fR`, `\fBLC_ALL, LC_MESSAGES, LANG\fR`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, `\-\-o `) || strings.Contains(page, `\fB\-\-o\fR`) {
		t.Error("a short flag is written as --o")
	}
	// Each paragraph of a command's help is one roff paragraph: the
	// second paragraph of list's help starts one.
	if !strings.Contains(page, ".PP\nThey come from, in this order: the directories named by $SHODO_RUNBOOKS\n") {
		t.Error("list's second paragraph is not a paragraph of its own")
	}

	// What man shows, where man is installed (the CI image has it); the
	// checks above hold either way.
	if _, err := exec.LookPath("man"); err == nil {
		cmd := exec.Command("man", "-l", "-")
		cmd.Env = []string{"MANWIDTH=80", "LANG=C.UTF-8", "PATH=/usr/bin:/bin"}
		cmd.Stdin = strings.NewReader(page)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil || errOut.Len() > 0 {
			t.Fatalf("man -l: %v, warnings %q", err, errOut.String())
		}
		shown := out.String()
		for _, want := range []string{"ENVIRONMENT", "EXIT STATUS", "FILES", "-o, --output string", "SHODO_HOME", "shodo export INCIDENT [flags]"} {
			if !strings.Contains(shown, want) {
				t.Errorf("man -l shows no %q", want)
			}
		}
	}
}
