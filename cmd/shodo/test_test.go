package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// localScenario drills the fixture runbook, named by a path relative to
// the scenario.
const localScenario = `shodo = 1
id = "local-drill"
title = "Local drill"
runbook = "../db-outage.toml"

[[injects]]
at = "0m"
text = "The database refuses connections."

[expect]
verdict = "fault"
verdict_within = "30m"
met = ["call-vendor"]
not_started = ["call-security"]

[[steps]]
at = "5m"
answer = "symptom/down"

[[steps]]
at = "10m"
done = "call-vendor"
by = "phone"

[[steps]]
at = "15m"
answer = "logs/disk"
`

// testdataDrills is the repository's testdata/drills.
var testdataDrills = filepath.Join("..", "..", "testdata", "drills")

// drillGolden compares output with a golden file under testdata/drills/cli.
func drillGolden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join(testdataDrills, "cli", name), []byte(got))
}

func TestTestCommand(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(testdataDrills)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		shipped bool     // the real shipped runbooks and scenarios, not the fixtures
		args    []string // "$DIR" is the working directory, "$TESTDATA" testdata/drills
		code    int
		golden  string   // for stdout
		stdout  []string // substrings
		stderr  []string // substrings
	}{
		{
			name: "shipped scenarios all pass", shipped: true, args: []string{"test"},
			code: exitOK, golden: "test-shipped.txt",
		},
		{
			name: "the deliberately failing ones fail", shipped: true, args: []string{"test", "$TESTDATA/failing"},
			code: exitFindings, golden: "test-failing.txt",
		},
		{
			name: "a broken scenario prints its diagnostics and fails", shipped: true, args: []string{"test", "$TESTDATA/invalid/broken/scenario.toml"},
			code:   exitFindings,
			stdout: []string{"FAIL  " + filepath.Join(abs, "invalid", "broken", "scenario.toml") + "  invalid scenario: 23 errors\n", "0 passed, 1 failed\n"},
			stderr: []string{"scenario.toml:27:1: error: step 1: node \"symptom\" has no option \"outgae\" (did you mean \"outage\"?)\n"},
		},
		{
			name: "a local runbook by a relative path, in a directory with runbooks", args: []string{"test", "rb"},
			code: exitOK, stdout: []string{"ok    local-drill  T+15m    0.00s\n", "1 passed, 0 failed\n"},
		},
		{
			name: "mixed results", shipped: true, args: []string{"test", "$TESTDATA/failing/script-out-of-date.toml", "$DIR/rb/drills/local.toml"},
			code: exitFindings, stdout: []string{"FAIL  script-out-of-date  step 2 at T+10m", "ok    local-drill         T+15m    0.00s\n", "1 passed, 1 failed\n"},
		},
		{
			name: "a file that is no TOML at all fails", args: []string{"test", "junk"},
			code: exitFindings, stdout: []string{"FAIL  junk/bad.toml  invalid scenario: 1 error\n"}, stderr: []string{"TOML syntax"},
		},
		{
			name: "what no drill practises is warned about, and the run passes", args: []string{"test", "$TESTDATA/unpractised"},
			code: exitOK, stdout: []string{"ok    unpractised-leak  T+5m", "1 passed, 0 failed\n"},
			stderr: []string{
				"runbook.toml:27:1: warning: legal duty \"report-dpa\" has required report fields (\"summary\") that no drill fills",
				"runbook.toml:14:3: warning: evidence \"alert-export\" is required and no drill registers it: add a register step with evidence = \"alert-export\"",
				"runbook.toml:41:3: warning: evidence \"access-logs\" of duty \"report-dpa\" is required and no drill registers it",
			},
		},
		{
			name: "--strict fails on those warnings", args: []string{"test", "--strict", "$TESTDATA/unpractised"},
			code: exitFindings, stdout: []string{"1 passed, 0 failed\n"}, stderr: []string{"warning: evidence \"alert-export\" is required"},
		},
		{
			name: "--strict passes when every drill practises what is required", args: []string{"test", "--strict", "rb"},
			code: exitOK, stdout: []string{"1 passed, 0 failed\n"},
		},
		{name: "no such path", args: []string{"test", "nope"}, code: exitUsage, stderr: []string{"nope: no such file or directory"}},
		{name: "a directory without scenarios", args: []string{"test", "empty"}, code: exitUsage, stderr: []string{"no drill scenarios (*.toml files with a runbook key) in empty"}},
		{name: "runbooks only", args: []string{"test", "only-runbooks"}, code: exitUsage, stderr: []string{"no drill scenarios"}},
		{name: "nothing shipped", args: []string{"test"}, code: exitUsage, stderr: []string{"ships no drill scenarios"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, _ := testEnv(t)
			if tc.shipped {
				env.shipped = runbooks.FS
			}
			writeFiles(t, env.dir, map[string]string{
				"rb/contacts.toml":            contactsFragment,
				"rb/db-outage.toml":           cleanRunbook,
				"rb/drills/local.toml":        localScenario,
				"only-runbooks/contacts.toml": contactsFragment,
				"only-runbooks/db.toml":       cleanRunbook,
				"junk/bad.toml":               "this is [not toml",
				"empty/README.md":             "nothing here",
			})
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.NewReplacer("$DIR", env.dir, "$TESTDATA", abs).Replace(a)
			}
			r := shell(t, env, args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			if tc.golden != "" {
				drillGolden(t, tc.golden, strings.ReplaceAll(r.stdout, abs+string(filepath.Separator), "$TESTDATA/"))
			}
			for _, want := range tc.stdout {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if tc.code != exitUsage {
				lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
				if !regexp.MustCompile(`^\d+ passed, \d+ failed$`).MatchString(lines[len(lines)-1]) {
					t.Errorf("last line %q is not the count", lines[len(lines)-1])
				}
			}
		})
	}
}

// With --keep the drills' journals stay, and each can be exported as an
// after-action report.
func TestTestKeepsDrillsForTheAAR(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	env.shipped = runbooks.FS
	keep := filepath.Join(env.dir, "kept")
	r := shell(t, env, "test", "--keep", keep)
	if r.code != exitOK {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	m := regexp.MustCompile(`(?m)^ok +friday-ransomware +T\+25m +0\.00s +(INC-\d{8}-[0-9A-F]{4})$`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no kept incident for friday-ransomware:\n%s", r.stdout)
	}
	vars["SHODO_HOME"] = keep
	for _, lang := range []string{"en", "ja"} {
		r = shell(t, env, "export", m[1], "--format", "aar", "--lang", lang)
		if r.code != exitOK {
			t.Fatalf("export --format aar --lang %s: exit %d: %s", lang, r.code, r.stderr)
		}
		want := map[string]string{"en": "# After-action report: Friday night: the order system is down", "ja": "# 事後検証報告書（AAR）：Friday night"}[lang]
		if !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "**P**") {
			t.Errorf("report in %s:\n%.400s", lang, r.stdout)
		}
	}
	// Without --lang, the locale decides, as for every command.
	vars["LANG"] = "ja_JP.UTF-8"
	if r = shell(t, env, "export", m[1], "--format", "aar"); !strings.HasPrefix(r.stdout, "# 事後検証報告書（AAR）") {
		t.Errorf("LANG=ja_JP.UTF-8 shodo export: exit %d\n%.200s%s", r.code, r.stdout, r.stderr)
	}
	vars["LC_ALL"] = "C"
	if r = shell(t, env, "export", m[1], "--format", "aar"); !strings.HasPrefix(r.stdout, "# After-action report") {
		t.Errorf("LC_ALL=C shodo export: exit %d\n%.200s%s", r.code, r.stdout, r.stderr)
	}
	if r = shell(t, env, "export", m[1], "--lang", "fr"); r.code != exitUsage {
		t.Errorf("--lang fr: exit %d; want %d", r.code, exitUsage)
	}
}

// BenchmarkTestShipped plays every shipped scenario, as `shodo test` does
// without arguments, in process.
func BenchmarkTestShipped(b *testing.B) {
	dir := b.TempDir()
	vars := map[string]string{envNow: testNow, "SHODO_HOME": filepath.Join(dir, "home")}
	env := environment{getenv: func(k string) string { return vars[k] }, shipped: runbooks.FS, dir: dir}
	for b.Loop() {
		var out, errs bytes.Buffer
		env.stdout, env.stderr = &out, &errs
		if err := run(context.Background(), []string{"test"}, env); err != nil {
			b.Fatalf("%v\n%s%s", err, out.String(), errs.String())
		}
	}
}
