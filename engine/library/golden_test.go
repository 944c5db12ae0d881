package library

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

var invalidDir = filepath.Join("..", "..", "testdata", "drills", "invalid")

// invalid parses every invalid scenario fixture, named by its path, as
// shodo does: what they make of their runbook reference is the library's
// doing. By directory.
func invalid(t *testing.T) map[string]runbook.Diagnostics {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(invalidDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 6 {
		t.Fatalf("found %d invalid cases; want at least 6", len(dirs))
	}
	cat := New(Config{Shipped: runbooks.FS, WorkDir: t.TempDir()}).Walk()
	out := map[string]runbook.Diagnostics{}
	for _, dir := range dirs {
		_, diags := drill.LoadFile(filepath.Join(dir, "scenario.toml"), cat.Resolver())
		out[dir] = diags
	}
	return out
}

// rendered is the diagnostics in lang, one a line, file names relative to
// the fixture's directory.
func rendered(diags runbook.Diagnostics, dir, lang string) string {
	c := i18n.New(lang)
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(strings.ReplaceAll(d.Text(c), dir+string(filepath.Separator), "") + "\n")
	}
	return b.String()
}

// Broken scenarios print the diagnostics in their expected.txt, each at the
// place to fix it; four of them in Japanese too (expected.ja.txt).
func TestInvalidScenarios(t *testing.T) {
	t.Parallel()
	for dir, diags := range invalid(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			if !diags.HasErrors() {
				t.Fatalf("no errors: %v", diags)
			}
			testkit.Golden(t, filepath.Join(dir, "expected.txt"), []byte(rendered(diags, dir, i18n.English)))
			if slices.Contains([]string{"broken", "clock-keys", "missing-keys", "unknown-runbook"}, filepath.Base(dir)) {
				testkit.Golden(t, filepath.Join(dir, "expected.ja.txt"), []byte(rendered(diags, dir, i18n.Japanese)))
			}
		})
	}
}

// In the pseudo-locale, the fixtures' diagnostics show no English word but
// the scenario's and runbook's own text and ids, file names and the TOML
// decoder's words: the library's errors come from the catalogue too.
func TestPseudoLocaleDiagnostics(t *testing.T) {
	t.Parallel()
	for dir, diags := range invalid(t) {
		got := rendered(diags, dir, i18n.Pseudo)
		var allow []string
		for _, d := range diags {
			allow = append(allow, strings.FieldsFunc(d.File+" "+strings.Join(d.Message.Values(), " "), func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
			})...)
		}
		if leaks := testkit.EnglishLeaks(got, allow...); len(leaks) > 0 {
			t.Errorf("%s: English outside the catalogue: %v\n%s", filepath.Base(dir), leaks, got)
		}
	}
}

// Every diagnostic of the fixtures gives each message exactly its declared
// arguments, the library's, the drill package's and the runbook package's.
func TestDiagnosticsUseDeclaredParams(t *testing.T) {
	t.Parallel()
	params := map[string][]string{}
	for _, m := range slices.Concat(Messages(), drill.Messages(), runbook.Messages()) {
		params[m.ID] = m.Params
	}
	for dir, diags := range invalid(t) {
		for _, d := range diags {
			for id, calls := range d.Message.Names() {
				want, ok := params[id]
				if !ok {
					t.Errorf("%s: %s: message %q is undeclared", filepath.Base(dir), d, id)
				}
				for _, got := range calls {
					if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
						t.Errorf("%s: %s: %s was given %v; it declares %v", filepath.Base(dir), d, id, got, want)
					}
				}
			}
		}
	}
}

// Every declared message is in every language's catalogue, using exactly
// its declared placeholders, and every message of [runbook.library] is
// declared.
func TestMessagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, err := range runbook.CheckMessages(Messages(), "runbook.library") {
		t.Error(err)
	}
}

// A scenario's resolver returns *runbook.Problem errors, which the
// scenario's diagnostics say in the reader's language, with the library's
// typed error inside for errors.As; each error's English is its Error.
func TestResolverErrorsAreProblems(t *testing.T) {
	t.Parallel()
	dir := write(t, t.TempDir(), map[string]string{
		"ok.toml":     runbookText("ok-runbook", "ok"),
		"broken.toml": strings.Replace(runbookText("broken", "broken"), "shodo = 1", "shodo = 1\nnonsense = 3", 1),
	})
	cat := New(Config{Dirs: dir, WorkDir: t.TempDir()}).Walk()
	from := filepath.Join(dir, "drills", "x.toml")
	ja := i18n.New(i18n.Japanese)
	for _, tc := range []struct {
		ref         string
		as          func(error) bool
		english, jp string
	}{
		{"ok-runbok", func(err error) bool { return errors.As(err, new(*UnknownIDError)) },
			`no runbook has id "ok-runbok" (did you mean "ok-runbook"?)`, `ID が "ok-runbok" のランブックはありません（もしかして "ok-runbook"？）`},
		{"broken", func(err error) bool { return errors.As(err, new(*BrokenError)) },
			`the runbook file ` + filepath.Join(dir, "broken.toml") + ` has id "broken" but does not load; run shodo validate ` + filepath.Join(dir, "broken.toml"),
			`ランブックのファイル ` + filepath.Join(dir, "broken.toml") + ` は ID "broken" を名乗っていますが、読み込めません。shodo validate ` + filepath.Join(dir, "broken.toml") + ` を実行してください`},
		{"../none.toml", func(err error) bool { return errors.As(err, new(*MissingFileError)) },
			`the runbook file ` + filepath.Join(dir, "none.toml") + ` does not exist (the path is relative to the scenario file)`,
			`ランブックのファイル ` + filepath.Join(dir, "none.toml") + ` がありません（パスはシナリオのファイルからの相対パスです）`},
	} {
		rb, _, err := cat.Resolver()(tc.ref, from)
		p, ok := errors.AsType[*runbook.Problem](err)
		if rb != nil || !ok || !tc.as(err) {
			t.Errorf("resolve %q: %v, %T %v", tc.ref, rb, err, err)
			continue
		}
		if got := err.Error(); got != tc.english {
			t.Errorf("resolve %q: English\n got %s\nwant %s", tc.ref, got, tc.english)
		}
		if got := p.Msg.Text(ja); got != tc.jp {
			t.Errorf("resolve %q: Japanese\n got %s\nwant %s", tc.ref, got, tc.jp)
		}
	}
	// A shipped runbook that does not load cannot be validated by its path:
	// no hint to.
	e := &BrokenError{What: WhatScenario, ID: "x", Path: "drills/x.toml", Source: Source{Kind: FromShipped}}
	if got := e.Error(); got != `the scenario file drills/x.toml has id "x" but does not load` {
		t.Errorf("shipped broken scenario: %s", got)
	}
}

// A verdict's open names runbooks by id, and only the library knows every
// id: each fixture under testdata/runbooks/invalid-library is a runbook
// that loads on its own, whose opens the library checks, with the shipped
// runbooks and the fixture's directory as the sources.
func TestInvalidOpens(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "runbooks", "invalid-library", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			cat := New(Config{Shipped: runbooks.FS, Dirs: abs, WorkDir: t.TempDir()}).Walk()
			var diags runbook.Diagnostics
			found := 0
			for _, s := range cat.Sets() {
				if s.Source.Shipped() {
					continue
				}
				if len(s.Diagnostics) > 0 {
					t.Fatalf("the fixture must load on its own: %s", rendered(s.Diagnostics, abs, i18n.English))
				}
				for _, rb := range s.Runbooks {
					found++
					diags = append(diags, cat.CheckOpens(rb)...)
				}
			}
			if found != 1 || !diags.HasErrors() {
				t.Fatalf("%d runbooks, diagnostics %v; want one runbook with errors", found, diags)
			}
			diags = diags.Sort()
			testkit.Golden(t, filepath.Join(dir, "expected.txt"), []byte(rendered(diags, abs, i18n.English)))
			testkit.Golden(t, filepath.Join(dir, "expected.ja.txt"), []byte(rendered(diags, abs, i18n.Japanese)))
		})
	}
}

// A runbook validated by its path, outside the library, may open a runbook
// validated with it: also names those ids.
func TestCheckOpensAlso(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "runbooks", "invalid-library", "open-unknown-runbook", "runbook.toml"), runbook.Options{})
	if rb == nil {
		t.Fatalf("fixture does not load: %v", diags)
	}
	cat := New(Config{Shipped: runbooks.FS, WorkDir: t.TempDir()}).Walk()
	got := cat.CheckOpens(rb, "mini", "service-falure", "vulnerability-advisor")
	if len(got) != 0 {
		t.Errorf("ids validated alongside still reported: %s", rendered(got, filepath.Dir(rb.Path), i18n.English))
	}
	got = cat.CheckOpens(rb, "mini")
	if len(got) != 2 || got[0].Code != "dangling-ref" || got[0].Line == 0 {
		t.Errorf("want two dangling-ref diagnostics with lines; got %s", rendered(got, filepath.Dir(rb.Path), i18n.English))
	}
}
