package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/runbooks"
)

func TestList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		files  map[string]string // under the working directory
		extra  map[string]string // under a second directory named by SHODO_RUNBOOKS
		golden string
		stderr string
	}{
		{name: "shipped only", golden: "list-shipped.txt"},
		{
			name: "shipped and local",
			files: map[string]string{
				"runbooks/contacts.toml":  contactsFragment,
				"runbooks/db-outage.toml": strings.Replace(cleanRunbook, `title = "Database outage"`, `title = "Database outage (our own edition, with a title long enough to be cut)"`, 1),
				"runbooks/broken.toml":    brokenRunbook,
			},
			extra: map[string]string{
				"contacts.toml": contactsFragment,
				"ja.toml":       strings.Replace(japaneseRunbook, `id = "db-outage-ja"`, `id = "team-ja"`, 1),
			},
			golden: "list-local.txt",
			stderr: "1 local file with errors not listed: see shodo validate $EXTRA runbooks\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, vars := testEnv(t)
			writeFiles(t, env.dir, tc.files)
			extra := ""
			if tc.extra != nil {
				extra = writeFiles(t, t.TempDir(), tc.extra)
				// The same directory twice is listed once.
				vars[library.EnvDirs] = extra + string(os.PathListSeparator) + "runbooks"
			}
			r := shell(t, env, "list")
			if r.code != exitOK {
				t.Fatalf("exit code %d: %s", r.code, r.stderr)
			}
			out, errOut := r.stdout, r.stderr
			if extra != "" {
				out = strings.ReplaceAll(out, extra, "$EXTRA")
				errOut = strings.ReplaceAll(errOut, extra, "$EXTRA")
			}
			out = strings.ReplaceAll(out, vars["SHODO_HOME"], "$SHODO_HOME")
			golden(t, tc.golden, out)
			if got := errOut; got != tc.stderr {
				t.Errorf("stderr = %q, want %q", got, tc.stderr)
			}
			checkColumns(t, r.stdout)
		})
	}
}

// checkColumns checks that every column starts at the same display column
// on every line of the table, Japanese titles included.
func checkColumns(t *testing.T, out string) {
	t.Helper()
	runbooks, _, _ := strings.Cut(out, "\n\n")                           // the first section
	runbooks, _, _ = strings.Cut(runbooks, "\nA shadowed")               // without its note
	lines := strings.Split(strings.TrimSuffix(runbooks, "\n"), "\n")[1:] // after the section title
	header := lines[0]
	for _, col := range []string{"LANG", "VERSION", "REVIEWED", "SOURCE"} {
		want := ansi.StringWidth(header[:strings.Index(header, col)])
		for _, line := range lines[1:] {
			// The cell of this column starts after two spaces at want.
			prefix := ansi.Truncate(line, want, "")
			if ansi.StringWidth(prefix) != want || !strings.HasSuffix(prefix, "  ") {
				t.Errorf("column %s does not start at cell %d in %q", col, want, line)
			}
		}
	}
}

func TestListShowsShippedDrills(t *testing.T) {
	env, _ := testEnv(t)
	env.shipped = runbooks.FS
	r := shell(t, env, "list")
	_, drills, _ := strings.Cut(r.stdout, "Drills\n")
	drills, _, _ = strings.Cut(drills, "\n\n")
	if r.code != exitOK || strings.Count(drills, "shipped") != 24 || !strings.Contains(drills, "friday-ransomware-ja         金曜の夜、受注システムが止まった") {
		t.Errorf("exit %d; drills section:\n%s", r.code, drills)
	}
}

// BenchmarkList is `shodo list` in process over the runbooks built into
// shodo: alone ("shipped"); run from a clone of shodo, whose ./runbooks
// holds copies of them ("checkout"); and with a team's ./runbooks of three
// runbooks and a drill ("team").
func BenchmarkList(b *testing.B) {
	for _, tc := range []struct {
		name  string
		local func() map[string]string
	}{
		{"shipped", func() map[string]string { return nil }},
		{"checkout", func() map[string]string { return shippedFiles(b, "runbooks/", nil) }},
		{"team", func() map[string]string { return teamFiles(b) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			dir := b.TempDir()
			writeFiles(b, dir, tc.local())
			vars := map[string]string{envNow: testNow, "SHODO_HOME": filepath.Join(dir, "home")}
			env := environment{getenv: func(k string) string { return vars[k] }, shipped: runbooks.FS, dir: dir}
			b.ReportAllocs()
			for b.Loop() {
				var out, errs bytes.Buffer
				env.stdout, env.stderr = &out, &errs
				if err := run(context.Background(), []string{"list"}, env); err != nil {
					b.Fatalf("%v\n%s%s", err, out.String(), errs.String())
				}
			}
		})
	}
}

// shippedFiles returns the shipped files under prefix, each passed through
// edit when it is not nil (edit returns "" to leave a file out).
func shippedFiles(tb testing.TB, prefix string, edit func(name, text string) (string, string)) map[string]string {
	tb.Helper()
	files := map[string]string{}
	err := fs.WalkDir(runbooks.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(runbooks.FS, name)
		if err != nil {
			return err
		}
		text := string(data)
		if edit != nil {
			if name, text = edit(name, text); name == "" {
				return nil
			}
		}
		files[prefix+name] = text
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// teamFiles is a team's ./runbooks: three shipped runbooks under ids of
// its own, their contacts, and a drill on one of them.
func teamFiles(tb testing.TB) map[string]string {
	ids := []string{"service-failure", "cloud-service-outage", "vulnerability-advisory"}
	return shippedFiles(tb, "runbooks/", func(name, text string) (string, string) {
		switch {
		case name == "contacts.toml", name == "regulations/appi.toml", name == "regulations/gdpr.toml":
			return name, text
		case name == "drills/friday-ransomware.toml":
			text = strings.Replace(text, `id = "friday-ransomware"`, `id = "team-friday"`, 1)
			return "drills/team-friday.toml", strings.Replace(text, `runbook = "service-failure"`, `runbook = "team-service-failure"`, 1)
		}
		for _, id := range ids {
			if name == id+".toml" {
				return "team-" + name, strings.Replace(text, `id = "`+id+`"`, `id = "team-`+id+`"`, 1)
			}
		}
		return "", ""
	})
}

// TestListAsWalked: `shodo list` answers its runbook and drill sections
// from the shipped set's index when it can, and prints exactly what a walk
// of the library prints — the table in English and Japanese, and --json —
// alone and from a clone of shodo, whose ./runbooks holds copies of the
// shipped files. The walk is forced by a shipped set without its index.
func TestListAsWalked(t *testing.T) {
	walked := fstest.MapFS{}
	for name, text := range shippedFiles(t, "", nil) {
		if name != library.IndexFile {
			walked[name] = &fstest.MapFile{Data: []byte(text)}
		}
	}
	cases := []struct {
		name  string
		local map[string]string // files of the working directory
	}{
		{name: "the shipped runbooks"},
		{name: "a clone's ./runbooks: the shipped files", local: shippedFiles(t, "runbooks/", nil)},
	}
	commands := [][]string{{"list"}, {"--lang", "ja", "list"}, {"list", "--json"}}
	for _, tc := range cases {
		for _, args := range commands {
			t.Run(tc.name+"/"+strings.Join(args, " "), func(t *testing.T) {
				dir := t.TempDir()
				writeFiles(t, dir, tc.local)
				vars := map[string]string{envNow: testNow, "SHODO_HOME": filepath.Join(dir, "home")}
				env := environment{getenv: func(k string) string { return vars[k] }, shipped: runbooks.FS, dir: dir}
				lib, err := env.library()
				if err != nil {
					t.Fatal(err)
				}
				offers, ok := lib.Listed()
				if !ok {
					t.Fatal("the index does not answer: the test compares two walks")
				}
				got := shell(t, env, args...)
				env.shipped = walked
				if lib, _ := env.library(); lib != nil {
					if _, ok := lib.Listed(); ok {
						t.Fatal("a shipped set without an index answered from an index")
					}
				}
				want := shell(t, env, args...)
				if got != want {
					t.Errorf("from the index: exit %d\n%s%s\nwalked: exit %d\n%s%s", got.code, got.stdout, got.stderr, want.code, want.stdout, want.stderr)
				}
				if got.code != exitOK || len(offers.Runbooks) == 0 || len(offers.Scenarios) == 0 {
					t.Errorf("exit %d, %d runbooks and %d scenarios offered:\n%s%s", got.code, len(offers.Runbooks), len(offers.Scenarios), got.stdout, got.stderr)
				}
				for _, o := range append(offers.Runbooks, offers.Scenarios...) {
					if !strings.Contains(got.stdout, o.ID) {
						t.Errorf("%s is not listed:\n%s", o.ID, got.stdout)
					}
				}
			})
		}
	}
}
