package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestVisible(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain/path.toml":         "plain/path.toml",
		"データベース障害":                "データベース障害",
		"a\x1b[2Jb":               "a<U+001B>[2Jb",
		"bell\a":                  "bell<U+0007>",
		"evil\u202egnp.toml":      "evil<U+202E>gnp.toml",
		"zero\u200bwidth\ufeff":   "zero<U+200B>width<U+FEFF>",
		"tag\U000E0041":           "tag<U+E0041>",
		"line\u2028sep\r":         "line<U+2028>sep<U+000D>",
		"c1\u009b31m del\x7f":     "c1<U+009B>31m del<U+007F>",
		"bad\xffutf8":             "bad<0xFF>utf8",
		"keeps\nnewline\tand tab": "keeps\nnewline\tand tab",
	} {
		if got := visible(in); got != want {
			t.Errorf("visible(%q) = %q, want %q", in, got, want)
		}
	}
	if got := oneLine("a\nb\tc\x1b"); got != "a b c<U+001B>" {
		t.Errorf("oneLine = %q", got)
	}
}

// rawControl finds what visible must keep from a terminal: C0 controls
// but newline and tab, DEL, C1, bidi and zero-width characters.
var rawControl = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

// TestHostileFileNames is issue 12 L6: a runbook file whose name holds a
// clear-screen sequence, a BEL and a right-to-left override was printed
// raw by validate; now list, validate and test show it visibly and no raw
// control byte reaches stdout or stderr.
func TestHostileFileNames(t *testing.T) {
	t.Parallel()
	env, _ := testEnv(t)
	name := "evil\x1b[2J\a\u202elmot.toml"
	writeFiles(t, env.dir, map[string]string{
		"runbooks/contacts.toml": contactsFragment,
		"runbooks/" + name:       brokenRunbook,
		"drills/" + name:         "shodo = 1\nrunbook = \"db-outage\"\n[[steps\n",
	})
	shown := "evil<U+001B>[2J<U+0007><U+202E>lmot.toml"
	for _, args := range [][]string{
		{"validate", filepath.Join(env.dir, "runbooks")},
		{"validate", filepath.Join(env.dir, "runbooks", name)},
		{"list"}, // says where the broken file is, not its name
		{"test", filepath.Join(env.dir, "drills")},
		{"test", filepath.Join(env.dir, "drills", name)},
		{"graph", filepath.Join(env.dir, "runbooks", name)},
		{"drill", filepath.Join(env.dir, "drills", name)},
	} {
		r := shell(t, env, args...)
		all := r.stdout + r.stderr
		if loc := rawControl.FindStringIndex(all); loc != nil {
			t.Errorf("shodo %s: a raw control character reaches the terminal: %q", args[0], all)
		}
		if !strings.Contains(all, shown) && args[0] != "list" {
			t.Errorf("shodo %s: the name is not shown visibly as %q:\n%s", args[0], shown, all)
		}
	}

	// A runbook that list shows names its file in the SOURCE column.
	env, _ = testEnv(t)
	writeFiles(t, env.dir, map[string]string{
		"runbooks/contacts.toml": contactsFragment,
		"runbooks/" + name:       strings.Replace(cleanRunbook, `id = "db-outage"`, `id = "db-outage-local"`, 1),
	})
	r := shell(t, env, "list")
	if all := r.stdout + r.stderr; rawControl.MatchString(all) || !strings.Contains(all, "runbooks/"+shown) {
		t.Errorf("shodo list: %q", all)
	}
	if _, err := os.Stat(filepath.Join(env.dir, "runbooks", name)); err != nil {
		t.Fatal(err)
	}
}
