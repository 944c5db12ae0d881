package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// The incidents of the language tests: fixed ids, so that the goldens are
// reproducible.
const (
	langOpenID   = "INC-20261125-0A1B"
	langOtherID  = "INC-20261125-0B1C"
	langClosedID = "INC-20261125-0C2D"
	langBrokenID = "INC-20261125-0E3F"
)

// langSession is a home with four incidents on the Japanese runbook
// service-failure-ja (so that runbook text is not ASCII): two open, one
// closed and sealed, one closed whose journal has a flipped byte.
func langSession(t *testing.T) (environment, map[string]string) {
	t.Helper()
	env, vars := testEnv(t)
	env.shipped = japaneseShipped(t)
	lib, err := env.library()
	if err != nil {
		t.Fatal(err)
	}
	r, err := lib.Walk().Runbook("service-failure-ja")
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		id     string
		closed bool
	}{{langOpenID, false}, {langOtherID, false}, {langClosedID, true}, {langBrokenID, true}} {
		clock := testkit.NewClock(time.Date(2026, 11, 25, 1, i, 0, 0, time.UTC))
		s, err := incident.Open(r.Runbook, incident.OpenOptions{
			Home: vars["SHODO_HOME"], Actor: "sato", Clock: clock,
			ID: tc.id, UUID: fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i),
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range [][2]string{{"symptom", "ransom"}, {"pii-held", "no"}, {"what-happened", "encrypted"}} {
			clock.Advance(5 * time.Minute)
			if err := s.Answer("sato", step[0], step[1]); err != nil {
				t.Fatal(err)
			}
		}
		if tc.closed {
			handOverAll(t, s, "運用チーム", "運用-1")
			if err := s.Close("sato", "バックアップから復旧"); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Detach(); err != nil {
			t.Fatal(err)
		}
	}
	// A byte of the broken incident's second record, flipped by hand.
	path := filepath.Join(vars["SHODO_HOME"], "incidents", langBrokenID, journal.JournalFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Index(string(b), "\n") + 1
	at := second + strings.Index(string(b[second:]), `"data"`) + 10
	b[at] ^= 0x01
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return env, vars
}

// japaneseShipped is the shipped runbooks and drills in Japanese alone:
// in the pseudo-locale every ASCII word shown is then shodo's own, and so
// a leak, or an id, a path or a machine field.
func japaneseShipped(t *testing.T) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(runbooks.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "-ja.toml") {
			return err
		}
		b, err := fs.ReadFile(runbooks.FS, path)
		out[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// langCommands are the commands whose words the language tests read: a
// list with open, closed and broken incidents, a validate summary, verify
// OK and FAIL, resume when two incidents are open (it names them) and with
// an ambiguous prefix, unknown ids with a did-you-mean, usage errors.
// (resume with no incident at all runs in an empty home: see transcript.)
var langCommands = [][]string{
	{"list"},
	{"validate"},
	{"verify", langClosedID},
	{"verify", langBrokenID},
	{"resume"},
	{"resume", "INC-2026"},
	{"run", "service-failure-jaa"},
	{"drill", "service-failure-ja"},
	{"validate", "friday-ransomwar"},
	{"graph", "a", "b"},
	{"seal"},
	{"list", "x"},
	{"list", "--bogus"},
	{"export", langClosedID, "--format", "pdf"},
	{"verify", langClosedID, "-x"},
	{"export", langClosedID, "-o", "exists.md"},
}

// transcript runs the language test's commands in lang and writes what a
// person reads: each command line, its stdout, its stderr, its exit code.
// The temporary directory reads $TMP, and hashes <sha256>.
func transcript(t *testing.T, lang string) string {
	t.Helper()
	env, vars := langSession(t)
	// What export -o must not overwrite.
	if err := os.WriteFile(filepath.Join(env.dir, "exists.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	empty, _ := testEnv(t)
	empty.dir, empty.getenv = env.dir, func(k string) string {
		if k == "SHODO_HOME" {
			return filepath.Join(env.dir, "empty-home")
		}
		return vars[k]
	}
	var b strings.Builder
	for i, args := range append(langCommands, []string{"resume"}) {
		e := env
		if i == len(langCommands) {
			e = empty // no incident at all
		}
		r := shell(t, e, append(args, "--lang", lang)...)
		fmt.Fprintf(&b, "$ shodo %s --lang %s\n", strings.Join(args, " "), lang)
		if r.stdout != "" {
			fmt.Fprintf(&b, "%s", r.stdout)
		}
		if r.stderr != "" {
			fmt.Fprintf(&b, "[stderr]\n%s", r.stderr)
		}
		fmt.Fprintf(&b, "[exit %d]\n\n", r.code)
	}
	out := strings.ReplaceAll(b.String(), env.dir, "$TMP")
	out = strings.ReplaceAll(out, vars["SHODO_HOME"], "$TMP/.shodo-home")
	// The journal's hashes cover records that hold the home's seal key,
	// drawn at random.
	out = regexp.MustCompile(`\b[0-9a-f]{64}\b`).ReplaceAllString(out, "<sha256>")
	// So is the key that sealed them.
	return regexp.MustCompile(`SHA256:[A-Za-z0-9+/]{43}`).ReplaceAllString(out, "SHA256:<key>")
}

// The CLI's words in Japanese, as a person reads them: one golden
// transcript of the commands above.
func TestCLIJapanese(t *testing.T) {
	t.Parallel()
	golden(t, "lang-ja.txt", transcript(t, i18n.Japanese))
}

// The English transcript is a golden too, so that a change to the English
// words shows as a diff.
func TestCLIEnglish(t *testing.T) {
	t.Parallel()
	golden(t, "lang-en.txt", transcript(t, i18n.English))
}

// In the pseudo-locale every letter of shodo's own words is accented: an
// ASCII word in the transcript is one that did not come from the
// catalogue — unless it is an id, a path, a command or flag name, a
// machine field, or the runbook's own text.
func TestCLIPseudoLocale(t *testing.T) {
	t.Parallel()
	out := transcript(t, i18n.Pseudo)
	allow := slices.Concat(
		// The transcript's own frame, and the "shodo: " of an error.
		strings.Fields("shodo stderr exit lang TMP XA en sha"),
		// Commands, flags and what scripts read.
		strings.Fields("list validate verify resume run drill graph export seal help force OK FAIL records head sealed line seq bad hash md exists bogus format pdf json csv timesketch aar custody"),
		// verify's first line is for scripts ("(8 records follow)"); the
		// detail under the break is the journal's own English
		// (journal.Break.Detail has no code yet).
		strings.Fields("follow does not match the chain"),
		// Keys: their type, fingerprint, and where the allowed signers
		// are named ($SHODO_ALLOWED_SIGNERS, allowed_signers).
		strings.Fields("ssh ed25519 ed SHA256 SHA key SHODO_ALLOWED_SIGNERS SHODO ALLOWED SIGNERS allowed_signers allowed signers seal_ed25519"),
		// Ids and paths.
		strings.Fields("INC jaa ransomwar shodo home empty incidents toml timeline jsonl"),
		// Where incidents are kept, $SHODO_HOME, as list says.
		strings.Fields("SHODO HOME"),
		// Runbook text: the Japanese runbooks' titles quote a few
		// acronyms, and their preparation items (listed by validate) the
		// providers' names.
		strings.Fields("SaaS VPN JVN Sorano Cloud Kumoji Mail PC"),
		// The shipped runbooks' and scenarios' ids, as the error lists them.
		idWords(t),
	)
	if leaks := testkit.EnglishLeaks(out, allow...); len(leaks) > 0 {
		t.Errorf("English words in the pseudo-locale: %v\n%s", leaks, out)
	}
	// The signed head's paragraph (its key is drawn at random for each
	// home, so it is checked here rather than in a golden).
	env, _ := langSession(t)
	r := shell(t, env, "seal", langOpenID, "--lang", i18n.Pseudo)
	if r.code != exitOK {
		t.Fatalf("seal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// What follows the paragraph is the head file itself, JSON for
	// shodo verify --head.
	paragraph, _, _ := strings.Cut(r.stdout, "{")
	paragraph = regexp.MustCompile(`SHA256:\S+( \([^)]*\))?|\b[0-9a-f]{64}\b|shodo verify \S+ --head FILE`).ReplaceAllString(paragraph, "")
	if leaks := testkit.EnglishLeaks(paragraph, append(allow, "SSH", "ed25519")...); len(leaks) > 0 {
		t.Errorf("English words in seal's paragraph in the pseudo-locale: %v\n%s", leaks, r.stdout)
	}
	out += paragraph

	// --lang in front of the command works as well as after it.
	if r := shell(t, env, "--lang", i18n.Pseudo, "list", "--bogus"); !strings.Contains(r.stderr, "ûñķñöŵñ") {
		t.Errorf("shodo --lang en-XA list --bogus:\n%s", r.stderr)
	}

	// The pseudo-locale must be in force at all: a check that passes on
	// English would prove nothing.
	if !strings.Contains(out, "ŕûñƀööķ") {
		t.Errorf("no pseudo-locale words in the transcript:\n%s", out)
	}
}

// idWords are the words of the shipped runbook and scenario ids.
func idWords(t *testing.T) []string {
	t.Helper()
	env, _ := testEnv(t)
	env.shipped = japaneseShipped(t)
	lib, err := env.library()
	if err != nil {
		t.Fatal(err)
	}
	cat := lib.Walk()
	var words []string
	for _, r := range cat.Runbooks() {
		words = append(words, strings.Split(r.ID, "-")...)
	}
	for _, s := range cat.Scenarios() {
		words = append(words, strings.Split(s.ID, "-")...)
	}
	return words
}

// Every [cli] message the code asks for by a literal id — through say,
// usage or Catalog.T — is in the catalogue (internal/i18n checks .T calls
// only).
func TestCLIMessageIDsExist(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`"(cli\.[a-z0-9.-]+)"`)
	c := i18n.New(i18n.English)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range id.FindAllStringSubmatch(string(src), -1) {
			seen++
			if !c.Has(m[1]) {
				t.Errorf("%s asks for message %q, which en.toml lacks", f, m[1])
			}
		}
	}
	if seen == 0 {
		t.Fatal("found no [cli] message id in cmd/shodo: the pattern is wrong")
	}
}

// describe words every kind of error that reaches the CLI in the reader's
// language, and leaves other errors' English as it is.
func TestDescribe(t *testing.T) {
	t.Parallel()
	ja := i18n.New(i18n.Japanese)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"the CLI's own sentence", say("cli.export.write", "Path", "out.md", "Error", errors.New("disk full")), "out.md を書き込めません：disk full"},
		{"a usage error", usage("cli.args.none", "Command", "list", "Arg", `"x"`), `list は引数を取りません（"x" が指定されました）`},
		{"a library error, wrapped", fmt.Errorf("start: %w", &library.UnknownIDError{What: library.WhatRunbook, ID: "nope"}), `ID が "nope" のランブックはありません`},
		{"a broken journal, inside a sentence", say("cli.list.incidents-unlisted", "Error", &incident.BrokenJournal{Break: journal.Break{Line: 2, Seq: 2, Kind: journal.KindBadHash, Follow: 1}}),
			"インシデントを一覧にできません：ジャーナルの 2 行目（seq 2）で検証に失敗：ハッシュがチェーンに続いていません。後続 1 件"},
		{"cobra's unknown command", errors.New(`unknown command "frob" for "shodo"`), `"shodo" に "frob" というコマンドはありません`},
		{"an error of the system", os.ErrPermission, "permission denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := describe(ja, tc.err); got != tc.want {
				t.Errorf("describe = %q, want %q", got, tc.want)
			}
		})
	}
	// Error says the English, for logs and errors.Is.
	err := say("cli.export.write", "Path", "out.md", "Error", os.ErrPermission)
	if got, want := err.Error(), "write out.md: permission denied"; got != want || !errors.Is(err, os.ErrPermission) {
		t.Errorf("Error() = %q (want %q), errors.Is(ErrPermission) = %v", got, want, errors.Is(err, os.ErrPermission))
	}
}

// langArg finds --lang wherever it is, until "--".
func TestLangArg(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "--bogus", "--lang", "ja"}, "ja"},
		{[]string{"--lang=en-XA", "list"}, "en-XA"},
		{[]string{"list", "--lang"}, ""},
		{[]string{"test", "--", "--lang", "ja"}, ""},
		{[]string{"list"}, ""},
	} {
		if got := langArg(tc.args); got != tc.want {
			t.Errorf("langArg(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
