package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"
)

// TestOnlyTheTUIQueriesTheTerminal runs every kind of command that is not
// the TUI in a pseudo-terminal — help, the version, validate clean and
// with errors, a usage error, list, export, the man page — and checks that
// none writes a terminal query: OSC 11 (background colour) or DA1 (device
// attributes), whose answers would arrive on stdin and, after the command
// exits, be typed into the shell (lipgloss's background detection, which
// fang ran before every help page and every error).
func TestOnlyTheTUIQueriesTheTerminal(t *testing.T) {
	bin := mustBin(t)
	home := t.TempDir()
	bad := filepath.Join(home, "bad.toml")
	if err := os.WriteFile(bad, []byte("shodo = 1\nid = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "SHODO_HOME=" + filepath.Join(home, "shodo"), "TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH")}
	for _, args := range [][]string{
		{"--help"}, {"validate", "--help"}, {"help", "export"}, {"--version"}, {"man"},
		{"validate", "service-failure"}, {"validate", bad}, {"list", "--bogus"}, {"frob"},
		{"list"}, {"resume"}, {"schema"}, {"export", "nope"}, {"graph", "service-failure"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out := runInPTY(t, bin, env, args...)
			for name, query := range map[string]string{"OSC 11": "\x1b]11;?", "DA1": "\x1b[c"} {
				if bytes.Contains(out, []byte(query)) {
					t.Errorf("wrote a %s query to the terminal: %q", name, out[:min(len(out), 80)])
				}
			}
			if len(out) == 0 {
				t.Error("wrote nothing: the check above cannot have seen a query")
			}
		})
	}
}

// runInPTY runs bin with args, its stdin, stdout and stderr a
// pseudo-terminal, and returns everything it wrote there.
func runInPTY(t *testing.T, bin string, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatalf("start in a pty: %v", err)
	}
	defer ptmx.Close()
	var out bytes.Buffer
	if _, err := io.Copy(&out, ptmx); err != nil && !errors.Is(err, syscall.EIO) {
		t.Fatalf("read the pty: %v", err)
	}
	_ = cmd.Wait()
	return out.Bytes()
}
