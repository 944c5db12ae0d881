package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// buildShodo compiles the real binary once per test run.
var buildShodo = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "shodo-e2e-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "shodo")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", &buildError{out: string(out), err: err}
	}
	return bin, nil
})

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// screen is the real binary in a pseudo-terminal, read through a terminal
// emulator: what a person would see.
type screen struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	em   *vt.SafeEmulator
	alt  atomic.Bool
	done chan struct{}
}

// startScreen runs the binary with args in a w×h pseudo-terminal.
func startScreen(t *testing.T, env []string, w, h int, args ...string) *screen {
	t.Helper()
	bin, err := buildShodo()
	if err != nil {
		t.Fatalf("build shodo: %v", err)
	}
	return startScreenWith(t, bin, env, w, h, args...)
}

// startScreenWith runs the binary bin with args in a w×h pseudo-terminal.
func startScreenWith(t *testing.T, bin string, env []string, w, h int, args ...string) *screen {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(h), Cols: uint16(w)})
	if err != nil {
		t.Fatalf("start in a pty: %v", err)
	}
	s := &screen{t: t, cmd: cmd, pty: ptmx, em: vt.NewSafeEmulator(w, h), done: make(chan struct{})}
	s.em.SetCallbacks(vt.Callbacks{AltScreen: func(on bool) { s.alt.Store(on) }})
	go func() {
		// What the program draws goes to the emulator ...
		_, _ = io.Copy(s.em, ptmx)
		close(s.done)
	}()
	go func() {
		// ... and the emulator's answers to its queries go back.
		_, _ = io.Copy(ptmx, s.em)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = ptmx.Close()
	})
	return s
}

// text is the screen as plain text.
func (s *screen) text() string { return ansi.Strip(s.em.Render()) }

// waitFor polls the screen until it shows every one of want, failing after
// a generous deadline. It waits for output, never for a clock.
func (s *screen) waitFor(want ...string) string {
	s.t.Helper()
	return pollScreen(s.t, s.text, 15*time.Second, want...)
}

// pollScreen polls text until it shows every one of want, failing t after
// within. It waits for output, never for a clock: the pause between polls
// only spares the CPU.
func pollScreen(t testing.TB, text func() string, within time.Duration, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		txt := text()
		missing := ""
		for _, w := range want {
			if !strings.Contains(txt, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return txt
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed %q; it shows:\n%s", missing, txt)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// press types keys as a person would.
func (s *screen) press(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		if _, err := s.pty.Write([]byte(k)); err != nil {
			s.t.Fatalf("type %q: %v", k, err)
		}
	}
}

// kill ends the process with SIGKILL: no chance to clean up.
func (s *screen) kill() {
	s.t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	_ = s.cmd.Wait()
}

// wait waits for the process to exit by itself.
func (s *screen) wait() error {
	s.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- s.cmd.Wait() }()
	select {
	case err := <-errc:
		<-s.done
		return err
	case <-time.After(15 * time.Second):
		s.t.Fatalf("shodo did not exit; screen:\n%s", s.text())
		return nil
	}
}

// The end-to-end run, on the real binary in a pseudo-terminal: start
// an incident, answer to a security verdict, mark a duty done, kill -9 the
// process, resume, and find the same path, verdict, duty states and
// timeline; the journal verifies; quitting restores the terminal.
func TestEndToEndKillAndResume(t *testing.T) {
	home := t.TempDir()
	env := []string{
		"HOME=" + home, "SHODO_HOME=" + filepath.Join(home, "shodo"), "SHODO_ACTOR=e2e",
		"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"),
	}
	// The answers follow one another as soon as the screen shows the next
	// question, faster than a person reads it: the test binary's answer
	// guard is set to nothing, so that the run does not wait on a clock
	// (TestAnswerBounce holds it open instead).
	bin, err := buildShodoTest()
	if err != nil {
		t.Fatalf("build shodo -tags shodotest: %v", err)
	}
	s := startScreenWith(t, bin, append(env[:len(env):len(env)], "SHODO_TEST_ANSWER_GUARD=0s"), 100, 30, "run", "service-failure")
	s.waitFor("What was reported first?", "LIVE")
	// A digit goes to its option; enter answers.
	s.press("2", "\r")
	s.waitFor("Do the affected systems hold personal data?")
	s.press("1", "\r")
	s.waitFor("Could any of it belong to people in the EU?")
	s.press("2", "\r")
	s.waitFor("Which best describes what happened?")
	s.press("1", "\r")
	before := s.waitFor("SECURITY INCIDENT", "Security incident: ransomware")
	id := incidentID.FindString(before)
	if id == "" {
		t.Fatalf("no incident id on screen:\n%s", before)
	}
	s.press("\t")
	s.waitFor("Capture the state before anyone fixes it")
	s.press("d")
	s.waitFor("Mark done")
	s.press("\r")
	s.waitFor("Recorded: done")
	s.kill()

	verify := exec.Command(mustBin(t), "verify", id)
	verify.Env = env
	if out, err := verify.CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "OK records=") {
		t.Fatalf("verify after kill -9: %v\n%s", err, out)
	}

	// Resumed: the same path and verdict ...
	r := startScreen(t, env, 100, 30, "resume")
	r.waitFor(id, "SECURITY INCIDENT", "Security incident: ransomware",
		"1. What was reported first? -> Ransom note, or files renamed or unreadable",
		"4. Which best describes what happened? -> Files encrypted, or a ransom note")
	if !r.alt.Load() {
		t.Errorf("the app does not use the alternate screen")
	}
	// ... the same duty states: the done one among the finished ...
	r.press("\t")
	r.waitFor("First call to the maintenance vendor", "due in 59m")
	r.press("\x1b[F") // End
	r.waitFor("Finished", "Capture the state before anyone fixes it", "done on time")
	// ... and the same timeline.
	r.press("\t")
	r.waitFor("Verdict: Security incident: ransomware", "Done: Capture the state before anyone fixes it")
	r.press("q")
	r.waitFor("Nothing to save")
	r.press("y")
	if err := r.wait(); err != nil {
		t.Fatalf("quit: %v", err)
	}
	if r.alt.Load() {
		t.Errorf("the alternate screen was not left on quit")
	}
	if txt := r.text(); !strings.Contains(txt, "stays open") {
		t.Errorf("no goodbye after quitting:\n%s", txt)
	}
}

var incidentID = regexp.MustCompile(`INC-\d{8}-[0-9A-F]{4}`)

func mustBin(t *testing.T) string {
	t.Helper()
	bin, err := buildShodo()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}
