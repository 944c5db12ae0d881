package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// TestResumeWithNothingOpen: `shodo resume` with no open incident is not
// a usage mistake: it exits 1 with one clear line, in the reader's
// language, and no pointer to the help.
func TestResumeWithNothingOpen(t *testing.T) {
	for _, c := range []struct{ lang, want string }{
		{"en", "nothing to resume: no incident is open under "},
		{"ja", "再開できるインシデントはありません。"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			env, vars := testEnv(t)
			openIncident(t, vars, true) // closed: nothing to resume
			r := shell(t, env, "resume", "--lang", c.lang)
			if r.code != exitFindings {
				t.Errorf("exit %d; want %d", r.code, exitFindings)
			}
			if !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, filepath.Join(vars["SHODO_HOME"], "incidents")) {
				t.Errorf("stderr %q; want %q and the incidents directory", r.stderr, c.want)
			}
			if strings.Contains(r.stderr, "--help") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("stderr is not one line without a pointer to the help: %q", r.stderr)
			}
		})
	}
}

// TestExportSaysWhereItWrote: export -o says on stderr which file it
// wrote, its format and size; stdout stays empty for scripts.
func TestExportSaysWhereItWrote(t *testing.T) {
	env, vars := testEnv(t)
	id, _ := openIncident(t, vars, true)
	for _, c := range []struct{ lang, format, want string }{
		{"en", "md", "Wrote %s (md, %d bytes)."},
		{"ja", "csv", "%s に書き出しました（csv、%d バイト）。"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			out := filepath.Join(env.dir, "out-"+c.lang+"."+c.format)
			r := shell(t, env, "export", id, "--format", c.format, "-o", "out-"+c.lang+"."+c.format, "--lang", c.lang)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			info, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Replace(strings.Replace(c.want, "%s", out, 1), "%d", strconv.FormatInt(info.Size(), 10), 1)
			if strings.TrimSpace(r.stderr) != want || r.stdout != "" {
				t.Errorf("stderr %q stdout %q; want stderr %q and no stdout", r.stderr, r.stdout, want)
			}
		})
	}
}

// TestHomeSaysWhatStaysOpen: leaving the home screen says, as leaving an
// incident does, what stays open, how to continue and where the incidents
// are kept — for none, one and several open incidents, in English and
// Japanese.
func TestHomeSaysWhatStaysOpen(t *testing.T) {
	env, vars := testEnv(t)
	home := vars["SHODO_HOME"]
	dir := filepath.Join(home, "incidents")
	say := func(lang string) string {
		var b strings.Builder
		env.stderr = &b
		env.printLeftOpen(i18n.New(lang), home)
		return b.String()
	}
	if got, want := say("en"), "No incident is open. Incidents are kept in "+dir+".\n"; got != want {
		t.Errorf("none open: %q; want %q", got, want)
	}
	openIncident(t, vars, true) // closed: not listed
	id, _ := openIncident(t, vars, false)
	if got, want := say("en"), "Incident "+id+" stays open; everything is saved in "+dir+". Continue with: shodo resume "+id+"\n"; got != want {
		t.Errorf("one open: %q; want %q", got, want)
	}
	if got, want := say("ja"), "インシデント "+id+" は継続中です。記録はすべて "+dir+" に保存済みです。再開：shodo resume "+id+"\n"; got != want {
		t.Errorf("one open, ja: %q; want %q", got, want)
	}
	other, _ := openIncident(t, vars, false)
	got := say("en")
	for _, want := range []string{"2 incidents stay open; everything is saved in " + dir + ". Continue with shodo, or shodo resume INCIDENT:", id, other} {
		if !strings.Contains(got, want) {
			t.Errorf("several open: %q lacks %q", got, want)
		}
	}
}

// TestHomeExitInAPty: the real binary's home screen, quit with q, leaves
// the line on the terminal.
func TestHomeExitInAPty(t *testing.T) {
	home := t.TempDir()
	env := []string{
		"HOME=" + home, "SHODO_HOME=" + filepath.Join(home, "shodo"), "SHODO_ACTOR=e2e",
		"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"),
	}
	s := startScreen(t, env, 100, 30)
	s.waitFor("service-failure")
	s.press("q")
	if err := s.wait(); err != nil {
		t.Fatalf("quit: %v", err)
	}
	if txt := s.text(); !strings.Contains(txt, "No incident is open. Incidents are kept in "+filepath.Join(home, "shodo", "incidents")) {
		t.Errorf("no word on leaving the home screen:\n%s", txt)
	}
}
