//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFiles is issue 12 L2: a FIFO where a runbook or a scenario
// should be used to hang list, validate, test and every path argument on
// open. Each command must come back, name the FIFO as not a regular file,
// and still list or validate the rest of the directory.
func TestSpecialFiles(t *testing.T) {
	t.Parallel()
	notRegular := "not a regular file (a FIFO); shodo reads only regular files"
	tests := []struct {
		name   string
		args   []string // "$DIR" is the working directory
		out    []string // substrings of stdout+stderr
		absent []string
	}{
		{name: "validate a directory", args: []string{"validate", "$DIR/runbooks"},
			out: []string{"fifo.toml: error: cannot read ", notRegular, "1 runbook, 1 fragment"}},
		{name: "validate the FIFO itself", args: []string{"validate", "$DIR/runbooks/fifo.toml"},
			out: []string{notRegular}},
		{name: "list", args: []string{"list"}, out: []string{"db-outage", "1 local file with errors not listed"}},
		{name: "test a directory", args: []string{"test", "$DIR/runbooks"}, out: []string{notRegular}},
		{name: "test the FIFO as SCENARIO", args: []string{"test", "$DIR/runbooks/fifo.toml"}, out: []string{notRegular}},
		{name: "drill the FIFO as SCENARIO", args: []string{"drill", "$DIR/runbooks/fifo.toml"}, out: []string{notRegular}},
		{name: "graph the FIFO as RUNBOOK", args: []string{"graph", "$DIR/runbooks/fifo.toml"}, out: []string{notRegular}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, _ := testEnv(t)
			writeFiles(t, env.dir, map[string]string{
				"runbooks/contacts.toml":  contactsFragment,
				"runbooks/db-outage.toml": cleanRunbook,
			})
			if err := syscall.Mkfifo(filepath.Join(env.dir, "runbooks", "fifo.toml"), 0o600); err != nil {
				t.Fatal(err)
			}
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "$DIR", env.dir)
			}
			done := make(chan result, 1)
			go func() { done <- shell(t, env, args...) }()
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("shodo %s still blocked on a FIFO after 10 s", strings.Join(tt.args, " "))
			}
			all := r.stdout + r.stderr
			for _, want := range tt.out {
				if !strings.Contains(all, want) {
					t.Errorf("output lacks %q:\n%s", want, all)
				}
			}
			if r.code == exitOK && tt.args[0] != "list" {
				t.Errorf("exit code %d, want a failure:\n%s", r.code, all)
			}
		})
	}
}
