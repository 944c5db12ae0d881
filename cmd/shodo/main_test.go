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

	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// testNow is the clock of every test, so that review-age warnings do not
// depend on the day the tests run.
const testNow = "2026-11-25T09:00:00+09:00"

// result is what one in-process run of the CLI produced.
type result struct {
	stdout, stderr string
	code           int
}

// testEnv is an environment for one test: the fixture runbooks as the
// shipped ones, a temporary working directory and a fixed clock.
func testEnv(t *testing.T) (environment, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	// The config directory, where the fallback signing key and the
	// default allowed_signers live, is the test's own; no SSH agent.
	vars := map[string]string{envNow: testNow, "SHODO_HOME": filepath.Join(dir, ".shodo-home"), "XDG_CONFIG_HOME": filepath.Join(dir, ".config")}
	return environment{
		getenv:  func(k string) string { return vars[k] },
		shipped: fixtureFS(),
		dir:     dir,
	}, vars
}

// shell runs the CLI in process, with its output captured.
func shell(t *testing.T, env environment, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env.stdout, env.stderr = &stdout, &stderr
	err := run(context.Background(), args, env)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: exitCode(err)}
}

// Fixtures: small runbooks that follow DESIGN.md. cleanRunbook validates
// without a warning at testNow; the others are derived from it.
const contactsFragment = `shodo = 1

[roles.ic]
title = "Incident commander"
assignee = "On-call lead"

[parties.dbvendor]
title = "DB Vendor"
kind = "vendor"
contract = { maintenance = true }
means = [{ by = "phone", to = "+81-3-0000-0000" }]

[parties.sec]
title = "Security retainer"
kind = "security-vendor"
contract = { nda = true }
means = [{ by = "phone", to = "+81-3-1111-1111" }]

[milestones.pii]
title = "Personal data may have leaked"

[ranks.A]
title = "Severe"
`

const cleanRunbook = `shodo = 1
id = "db-outage"
title = "Database outage"
version = "1"
lang = "en"
reviewed = 2026-10-01
summary = "When the database stops answering."
include = ["contacts.toml"]

[[duties]]
id = "call-vendor"
title = "Call the DB vendor"
on = "opened"
who = "ic"
contacts = "dbvendor"
by = ["phone"]
within = "30m"

[[duties]]
id = "call-security"
on = "security"
who = "ic"
contacts = "sec"
by = "phone"
within = "1h"

[triage]
start = "symptom"

[triage.nodes.symptom]
ask = "What do you see?"
options = [
  { id = "down", label = "Connection refused", next = "logs" },
  { id = "ransom", label = "Ransom note \"README\"", verdict = "ransomware", stamp = ["pii"] },
]

[triage.nodes.logs]
ask = "What do the logs say?"
options = [
  { id = "disk", label = "Disk full", verdict = "fault" },
  { id = "logins", label = "Logins from abroad", verdict = "ransomware" },
]

[verdicts.fault]
title = "Ordinary fault"
security = false

[verdicts.ransomware]
title = "Security incident: ransomware"
security = true
rank = "A"
`

const japaneseRunbook = `shodo = 1
id = "db-outage-ja"
title = "データベース障害：原因の切り分け"
version = "2026.11"
lang = "ja"
reviewed = 2026-11-01
include = ["contacts.toml"]

[triage]
start = "symptom"

[triage.nodes.symptom]
ask = "何が起きていますか？"
options = [
  { id = "down", label = "接続できない", verdict = "fault" },
  { id = "ransom", label = "脅迫文がある", verdict = "ransomware" },
]

[verdicts.fault]
title = "通常の障害"
security = false

[verdicts.ransomware]
title = "セキュリティインシデント：ランサムウェア"
security = true
rank = "A"
`

// staleRunbook warns: its review is more than a year old at testNow.
var staleRunbook = strings.Replace(cleanRunbook, "reviewed = 2026-10-01", "reviewed = 2024-01-01", 1)

// brokenRunbook has errors: a typo'd key and a dangling reference.
var brokenRunbook = strings.Replace(strings.Replace(cleanRunbook,
	`title = "Ordinary fault"`, `titel = "Ordinary fault"`, 1),
	`verdict = "fault"`, `verdict = "faul"`, 1)

func fixtureFS() fs.FS {
	return fstest.MapFS{
		"contacts.toml":     {Data: []byte(contactsFragment)},
		"db-outage.toml":    {Data: []byte(cleanRunbook)},
		"db-outage-ja.toml": {Data: []byte(japaneseRunbook)},
	}
}

// writeFiles writes files (name → content) under dir and returns dir.
func writeFiles(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// golden compares got with testdata/cli/name, or rewrites it with
// go test ./cmd/shodo -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("..", "..", "testdata", "cli", name), []byte(got))
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"findings", errFindings, exitFindings},
		{"usage", usage("cli.try-help", "Command", "x"), exitUsage},
		{"wrapped usage", usageError{err: os.ErrInvalid}, exitUsage},
		{"cobra unknown command", &unknownCommandError{}, exitUsage},
		{"failure", os.ErrNotExist, exitFindings},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := exitCode(tc.err); got != tc.want {
				t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}

// unknownCommandError has the text cobra gives an unknown subcommand.
type unknownCommandError struct{}

func (*unknownCommandError) Error() string { return `unknown command "frob" for "shodo"` }

func TestRootUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // substring
		stderr     string // substring
		stderrNone bool
	}{
		{name: "help", args: []string{"--help"}, code: exitOK, stdout: "shodo validate ./runbooks"},
		{name: "no command without a terminal shows help", args: nil, code: exitOK, stdout: "validate"},
		{name: "graph help has examples", args: []string{"graph", "--help"}, code: exitOK, stdout: "shodo graph service-failure"},
		{name: "validate help has examples", args: []string{"validate", "--help"}, code: exitOK, stdout: "--strict"},
		{name: "version", args: []string{"--version"}, code: exitOK, stdout: version()},
		{name: "unknown command", args: []string{"frob"}, code: exitUsage, stderr: "Try 'shodo --help' for usage."},
		{name: "unknown flag", args: []string{"list", "--bogus"}, code: exitUsage, stderr: "Try 'shodo list --help' for usage."},
		{name: "list takes no argument", args: []string{"list", "x"}, code: exitUsage, stderr: "shodo: "},
		{name: "schema names runbook or scenario", args: []string{"schema", "x"}, code: exitUsage, stderr: "takes runbook or scenario"},
		{name: "completion script", args: []string{"completion", "bash"}, code: exitOK, stdout: "bash completion"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, _ := testEnv(t)
			r := shell(t, env, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, r.stdout)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr)
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want []string
		not  []string
	}{
		{"runbook ids with titles", []string{"__complete", "graph", ""}, []string{"db-outage\tDatabase outage", "db-outage-ja\t"}, nil},
		{"runbook id prefix", []string{"__complete", "graph", "db-outage-"}, []string{"db-outage-ja"}, []string{"db-outage\t"}},
		{"graph formats", []string{"__complete", "graph", "--format", ""}, []string{"mermaid", "dot"}, nil},
		{"validate formats", []string{"__complete", "validate", "--format", ""}, []string{"text", "json"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, _ := testEnv(t)
			r := shell(t, env, tc.args...)
			if r.code != exitOK {
				t.Fatalf("exit code %d: %s", r.code, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("completions lack %q:\n%s", w, r.stdout)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(r.stdout, n) {
					t.Errorf("completions hold %q:\n%s", n, r.stdout)
				}
			}
		})
	}
}

// TestShippedRunbooks runs the commands on the runbooks built into the
// binary, whatever they are at the moment.
func TestShippedRunbooks(t *testing.T) {
	t.Parallel()
	env, _ := testEnv(t)
	env.shipped = runbooks.FS
	r := shell(t, env, "validate", "--strict")
	if r.code != exitOK {
		t.Fatalf("shipped runbooks do not validate cleanly (exit %d):\n%s", r.code, r.stderr)
	}
	r = shell(t, env, "list")
	if r.code != exitOK || !strings.Contains(r.stdout, "service-failure") || !strings.Contains(r.stdout, "shipped") {
		t.Fatalf("list of shipped runbooks (exit %d):\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct{ format, want string }{{"mermaid", "flowchart TD\n"}, {"dot", "digraph \"service-failure\" {\n"}} {
		r = shell(t, env, "graph", "service-failure", "--format", tc.format)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, tc.want) || !strings.Contains(r.stdout, "security verdict") {
			t.Errorf("graph --format %s of service-failure (exit %d):\n%s%s", tc.format, r.code, r.stdout, r.stderr)
		}
	}
}
