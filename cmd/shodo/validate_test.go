package main

import (
	"encoding/json"
	"github.com/shodo-dev/shodo/runbooks"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/runbook"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		files  map[string]string // written to the working directory
		args   []string          // "$DIR" is replaced by the working directory
		now    string            // SHODO_NOW; testNow when empty
		code   int
		stderr []string // substrings, in any order
	}{
		{
			name:   "clean directory",
			files:  map[string]string{"rb/contacts.toml": contactsFragment, "rb/db-outage.toml": cleanRunbook},
			args:   []string{"validate", "$DIR/rb"},
			code:   exitOK,
			stderr: []string{"1 runbook, 1 fragment: 0 errors, 0 warnings\n"},
		},
		{
			name:   "one file",
			files:  map[string]string{"rb/contacts.toml": contactsFragment, "rb/db-outage.toml": cleanRunbook},
			args:   []string{"validate", "$DIR/rb/db-outage.toml"},
			code:   exitOK,
			stderr: []string{"1 runbook: 0 errors, 0 warnings\n"},
		},
		{
			name:   "warnings only",
			files:  map[string]string{"rb/contacts.toml": contactsFragment, "rb/db-outage.toml": staleRunbook},
			args:   []string{"validate", "$DIR/rb"},
			code:   exitOK,
			stderr: []string{"db-outage.toml:6:1: warning: ", "1 runbook, 1 fragment: 0 errors, 1 warning\n"},
		},
		{
			name:   "warnings with --strict",
			files:  map[string]string{"rb/contacts.toml": contactsFragment, "rb/db-outage.toml": staleRunbook},
			args:   []string{"validate", "--strict", "$DIR/rb"},
			code:   exitFindings,
			stderr: []string{"warning: ", "0 errors, 1 warning\n"},
		},
		{
			name:   "no review clock without SHODO_NOW override is the real clock",
			files:  map[string]string{"rb/contacts.toml": contactsFragment, "rb/db-outage.toml": staleRunbook},
			args:   []string{"validate", "$DIR/rb"},
			now:    "2024-02-01T00:00:00Z",
			code:   exitOK,
			stderr: []string{"0 errors, 0 warnings\n"},
		},
		{
			name:  "errors",
			files: map[string]string{"rb/contacts.toml": contactsFragment, "rb/db-outage.toml": brokenRunbook},
			args:  []string{"validate", "$DIR/rb"},
			code:  exitFindings,
			stderr: []string{
				filepath.Join("rb", "db-outage.toml") + `:45:1: error: unknown key "titel"`,
				filepath.Join("rb", "db-outage.toml") + `:40:39: error: `,
				`"faul"`,
				"0 runbooks, 1 fragment, 1 unusable file: ",
			},
		},
		{
			name:   "TOML syntax error",
			files:  map[string]string{"bad.toml": "shodo = 1\nid = \n"},
			args:   []string{"validate", "$DIR/bad.toml"},
			code:   exitFindings,
			stderr: []string{"bad.toml:2:", "error: ", "0 runbooks, 1 unusable file: 1 error, 0 warnings\n"},
		},
		{
			name:   "missing path",
			args:   []string{"validate", "$DIR/nowhere"},
			code:   exitFindings,
			stderr: []string{"nowhere", "error: "},
		},
		{
			name:   "empty directory",
			files:  map[string]string{"empty/README.md": "no runbooks here"},
			args:   []string{"validate", "$DIR/empty"},
			code:   exitFindings,
			stderr: []string{"shodo: no runbook files (*.toml) in "},
		},
		{
			name:   "shipped runbooks without arguments",
			args:   []string{"validate"},
			code:   exitOK,
			stderr: []string{"2 runbooks, 1 fragment: 0 errors, 0 warnings\n"},
		},
		{
			name:   "bad --format",
			args:   []string{"validate", "--format", "xml"},
			code:   exitUsage,
			stderr: []string{`invalid argument "xml" for "--format" flag: want text or json`, "Try 'shodo validate --help' for usage."},
		},
		{
			name:   "unknown flag",
			args:   []string{"validate", "--strickt"},
			code:   exitUsage,
			stderr: []string{"unknown flag: --strickt"},
		},
		{
			name:   "bad SHODO_NOW",
			args:   []string{"validate"},
			now:    "yesterday",
			code:   exitUsage,
			stderr: []string{`SHODO_NOW="yesterday" is not an RFC 3339 time`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, vars := testEnv(t)
			if tc.now != "" {
				vars[envNow] = tc.now
			}
			writeFiles(t, env.dir, tc.files)
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "$DIR", env.dir)
			}
			r := shell(t, env, args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d", r.code, tc.code)
			}
			for _, w := range tc.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout should be empty without --format json:\n%s", r.stdout)
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		runbook          string
		strict           bool
		code             int
		errors, warnings int
		files            int
		codes            []string // diagnostic codes expected
	}{
		{name: "clean", runbook: cleanRunbook, code: exitOK, files: 2},
		{name: "warnings", runbook: staleRunbook, code: exitOK, warnings: 1, files: 2, codes: []string{"review-stale"}},
		{name: "warnings strict", runbook: staleRunbook, strict: true, code: exitFindings, warnings: 1, files: 2, codes: []string{"review-stale"}},
		{name: "errors", runbook: brokenRunbook, code: exitFindings, errors: 3, warnings: 1, files: 2, codes: []string{"unknown-key", "dangling-ref", "missing-key"}},
		// A verdict may open a shipped runbook or one validated with it,
		// and nothing else.
		{name: "opens", runbook: strings.Replace(cleanRunbook, "rank = \"A\"\n", "rank = \"A\"\nopen = [\"db-outage-ja\", \"db-outage\"]\n", 1), code: exitOK, files: 2},
		{name: "opens unknown", runbook: strings.Replace(cleanRunbook, "rank = \"A\"\n", "rank = \"A\"\nopen = [\"db-outgae\"]\n", 1), code: exitFindings, errors: 1, files: 2, codes: []string{"dangling-ref"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, _ := testEnv(t)
			dir := writeFiles(t, env.dir, map[string]string{"contacts.toml": contactsFragment, "db-outage.toml": tc.runbook})
			args := []string{"validate", "--format", "json", dir}
			if tc.strict {
				args = append(args, "--strict")
			}
			r := shell(t, env, args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d: %s", r.code, tc.code, r.stderr)
			}
			var report struct {
				Diagnostics []runbook.Diagnostic `json:"diagnostics"`
				Errors      int                  `json:"errors"`
				Warnings    int                  `json:"warnings"`
				Files       int                  `json:"files"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
				t.Fatalf("stdout is not the JSON report: %v\n%s", err, r.stdout)
			}
			if !strings.HasPrefix(r.stdout, `{`+"\n"+`  "version": 1,`+"\n"+`  "diagnostics": [`) {
				t.Errorf("the report must start with its version, and diagnostics must be a list, never null:\n%s", r.stdout)
			}
			if report.Errors != tc.errors || report.Warnings != tc.warnings || report.Files != tc.files {
				t.Errorf("errors, warnings, files = %d, %d, %d; want %d, %d, %d", report.Errors, report.Warnings, report.Files, tc.errors, tc.warnings, tc.files)
			}
			if len(report.Diagnostics) != tc.errors+tc.warnings {
				t.Errorf("%d diagnostics, want %d", len(report.Diagnostics), tc.errors+tc.warnings)
			}
			for _, c := range tc.codes {
				found := false
				for _, d := range report.Diagnostics {
					found = found || d.Code == c && d.File != "" && d.Line > 0 && d.Col > 0
				}
				if !found {
					t.Errorf("no %q diagnostic with a position in %+v", c, report.Diagnostics)
				}
			}
			if strings.Contains(r.stderr, "error: ") || strings.Contains(r.stderr, "warning: ") {
				t.Errorf("diagnostics leaked to stderr with --format json:\n%s", r.stderr)
			}
		})
	}
}

// Drill scenarios found beside runbooks are checked against the runbooks
// they name: the shipped ones pass, a broken one fails with its position.
func TestValidateChecksScenarios(t *testing.T) {
	env, _ := testEnv(t)
	env.shipped = runbooks.FS
	if r := shell(t, env, "validate", "--strict"); r.code != exitOK || !strings.Contains(r.stderr, "24 drill scenarios: 0 errors, 0 warnings") {
		t.Errorf("shipped: exit %d, stderr %q", r.code, r.stderr)
	}
	dir := writeFiles(t, t.TempDir(), map[string]string{"drill.toml": `shodo = 1
id = "typo"
title = "A scenario with a typo"
runbook = "service-failure"

[expect]
verdict = "ransomwear"
`})
	r := shell(t, env, "validate", dir)
	if r.code != exitFindings || !strings.Contains(r.stderr, `drill.toml:7:1: error:`) || !strings.Contains(r.stderr, `did you mean "ransomware"?`) {
		t.Errorf("broken scenario: exit %d, stderr %q", r.code, r.stderr)
	}
}

// A runbook whose only error is in the file it includes is still counted,
// as an unusable file, in the summary.
func TestValidateCountsRunbooksBrokenByAnInclude(t *testing.T) {
	env, _ := testEnv(t)
	broken := strings.Replace(contactsFragment, `title = "Incident commander"`, `title = 5`, 1)
	dir := writeFiles(t, t.TempDir(), map[string]string{"contacts.toml": broken, "db-outage.toml": cleanRunbook})
	r := shell(t, env, "validate", dir)
	if r.code != exitFindings || !strings.Contains(r.stderr, "0 runbooks, 1 fragment, 1 unusable file: ") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// Diagnostics are worded in the language --lang or the locale decides
// (i18n.Decide); positions, codes and values stay as they are.
func TestValidateLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		want   []string // in stderr (text) or stdout (json)
		absent string
		code   int
	}{
		{name: "English by default", want: []string{": error: unknown key \"titel\" in a runbook"}, code: exitFindings},
		{name: "--lang ja", args: []string{"--lang", "ja"}, want: []string{": エラー: ランブック に不明なキー \"titel\" があります（もしかして \"title\"？）"}, absent: "unknown key", code: exitFindings},
		{name: "LANG ja", env: map[string]string{"LANG": "ja_JP.UTF-8"}, want: []string{": エラー: "}, absent: ": error: ", code: exitFindings},
		{name: "--lang over LANG", args: []string{"--lang", "en"}, env: map[string]string{"LANG": "ja_JP.UTF-8"}, want: []string{": error: unknown key"}, code: exitFindings},
		{name: "json in ja", args: []string{"--lang", "ja", "--format", "json"}, want: []string{`"message": "ランブック に不明なキー \"titel\" があります`, `"message_id": "runbook.diag.unknown-key"`, `"code": "unknown-key"`}, code: exitFindings},
		{name: "unknown language", args: []string{"--lang", "fr"}, want: []string{"fr"}, code: exitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, vars := testEnv(t)
			for k, v := range tc.env {
				vars[k] = v
			}
			dir := writeFiles(t, env.dir, map[string]string{"contacts.toml": contactsFragment, "db-outage.toml": strings.Replace(cleanRunbook, "title =", "titel =", 1)})
			r := shell(t, env, append(append([]string{"validate"}, tc.args...), dir)...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d: %s", r.code, tc.code, r.stderr)
			}
			out := r.stderr + r.stdout
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if tc.absent != "" && strings.Contains(out, tc.absent) {
				t.Errorf("output has %q:\n%s", tc.absent, out)
			}
		})
	}
}
