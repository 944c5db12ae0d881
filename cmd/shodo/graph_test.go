package main

import (
	"strings"
	"testing"
)

func TestGraph(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string // "$DIR" is the working directory
		code   int
		golden string // for stdout
		stdout string // substring, when there is no golden file
		stderr string // substring
	}{
		{name: "shipped id, mermaid by default", args: []string{"graph", "db-outage"}, code: exitOK, golden: "graph-db-outage.mmd"},
		{name: "shipped id, dot", args: []string{"graph", "db-outage", "--format", "dot"}, code: exitOK, golden: "graph-db-outage.dot"},
		{name: "japanese", args: []string{"graph", "db-outage-ja", "--format=mermaid"}, code: exitOK, golden: "graph-db-outage-ja.mmd"},
		{name: "local path wins over the shipped id", args: []string{"graph", "$DIR/local/db-outage.toml"}, code: exitOK, golden: "graph-local.mmd"},
		{name: "relative path", args: []string{"graph", "local/db-outage.toml", "--format", "dot"}, code: exitOK, golden: "graph-local.dot"},
		{name: "no runbook", args: []string{"graph"}, code: exitUsage, stderr: "graph needs a RUNBOOK"},
		{name: "two runbooks", args: []string{"graph", "a", "b"}, code: exitUsage, stderr: "graph takes one RUNBOOK, not 2 arguments"},
		{name: "unknown id lists the ones there are", args: []string{"graph", "db-outtage"}, code: exitUsage, stderr: `no runbook has id "db-outtage" (did you mean "db-outage"?); runbooks: local-only, db-outage-ja, db-outage (see shodo list)`},
		{name: "a local runbook by its id", args: []string{"graph", "local-only"}, code: exitOK, stdout: "%% shodo runbook local-only\n"},
		{name: "not an id", args: []string{"graph", "DB Outage"}, code: exitUsage, stderr: `"DB Outage" is neither a runbook file`},
		{name: "missing file", args: []string{"graph", "$DIR/nope.toml"}, code: exitFindings, stderr: "nope.toml does not exist"},
		{name: "directory", args: []string{"graph", "$DIR/local/"}, code: exitUsage, stderr: "is a directory"},
		{name: "runbook with errors", args: []string{"graph", "$DIR/broken/db-outage.toml"}, code: exitFindings, stderr: `unknown key "titel"`},
		{name: "bad format", args: []string{"graph", "db-outage", "--format", "svg"}, code: exitUsage, stderr: `invalid argument "svg" for "--format" flag: want mermaid or dot`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, _ := testEnv(t)
			writeFiles(t, env.dir, map[string]string{
				"local/contacts.toml":      contactsFragment,
				"local/db-outage.toml":     strings.Replace(cleanRunbook, `ask = "What do you see?"`, `ask = "What do you see? (local edition)"`, 1),
				"broken/contacts.toml":     contactsFragment,
				"broken/db-outage.toml":    brokenRunbook,
				"runbooks/contacts.toml":   contactsFragment,
				"runbooks/local-only.toml": strings.Replace(cleanRunbook, `id = "db-outage"`, `id = "local-only"`, 1),
			})
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "$DIR", env.dir)
			}
			r := shell(t, env, args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, tc.code, r.stderr)
			}
			switch {
			case tc.golden != "":
				golden(t, tc.golden, r.stdout)
			case tc.stdout != "":
				if !strings.Contains(r.stdout, tc.stdout) {
					t.Errorf("stdout lacks %q:\n%s", tc.stdout, r.stdout)
				}
			case r.stdout != "":
				t.Errorf("stdout should be empty on failure:\n%s", r.stdout)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr)
			}
		})
	}
}
