//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// errNoFrame is returned by firstFrame when the screen never shows what
// was expected.
var errNoFrame = errors.New("the expected screen never appeared")

// procFigure is what one whole-process measurement found: the median wall
// time of its runs and the largest peak resident set of any run.
type procFigure struct {
	Wall   time.Duration
	MaxRSS int64 // bytes
	Runs   int
}

// maxRSS returns the peak resident set of a finished process in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return ru.Maxrss // bytes on macOS
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}

// procSpec is one command line to measure.
type procSpec struct {
	bin  string
	args []string
	env  []string
	dir  string
	// exitOK lists the exit codes that count as success (default 0).
	exitOK []int
}

// measureProc runs spec runs times, its output discarded (to /dev/null, as
// a user redirecting it would), and returns the median wall time and the
// largest peak RSS.
func measureProc(ctx context.Context, spec procSpec, runs int) (procFigure, error) {
	var walls []time.Duration
	var rss int64
	for range runs {
		cmd := exec.CommandContext(ctx, spec.bin, spec.args...)
		cmd.Env, cmd.Dir = spec.env, spec.dir
		var stderr strings.Builder
		cmd.Stderr = &stderr
		// A nil Stdout is /dev/null.
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && slices.Contains(spec.exitOK, exit.ExitCode())) {
			return procFigure{}, fmt.Errorf("%s %s: %w\n%s", spec.bin, strings.Join(spec.args, " "), err, stderr.String())
		}
		walls = append(walls, wall)
		rss = max(rss, maxRSS(cmd.ProcessState))
	}
	return procFigure{Wall: medianDuration(walls), MaxRSS: rss, Runs: runs}, nil
}

// medianDuration returns the middle of ds (the mean of the two middle ones
// for an even count).
func medianDuration(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// screenWatcher feeds what the program draws to a terminal emulator and
// notes the moment the screen first shows every wanted string.
type screenWatcher struct {
	em    *vt.SafeEmulator
	want  []string
	start time.Time

	once sync.Once
	seen chan time.Duration
}

func (w *screenWatcher) Write(p []byte) (int, error) {
	n, err := w.em.Write(p)
	txt := ansi.Strip(w.em.Render())
	for _, s := range w.want {
		if !strings.Contains(txt, s) {
			return n, err
		}
	}
	w.once.Do(func() { w.seen <- time.Since(w.start) })
	return n, err
}

// firstFrame starts the binary in a w×h pseudo-terminal read through a
// terminal emulator (what a person sees) and returns the time from exec
// to the first screen showing every one of want, the process's peak RSS
// by then and the CPU time it had used (user and system; up to the kill,
// a moment after the frame). The process is killed once the frame is seen.
func firstFrame(ctx context.Context, spec procSpec, w, h int, want ...string) (time.Duration, int64, time.Duration, error) {
	cmd := exec.CommandContext(ctx, spec.bin, spec.args...)
	cmd.Env, cmd.Dir = spec.env, spec.dir
	sw := &screenWatcher{em: vt.NewSafeEmulator(w, h), want: want, seen: make(chan time.Duration, 1)}
	sw.start = time.Now()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(h), Cols: uint16(w)})
	if err != nil {
		return 0, 0, 0, fmt.Errorf("start %s in a pty: %w", spec.bin, err)
	}
	copied := make(chan struct{})
	go func() {
		// What the program draws goes to the emulator …
		_, _ = io.Copy(sw, ptmx)
		close(copied)
	}()
	go func() {
		// … and the emulator's answers to its queries go back.
		_, _ = io.Copy(ptmx, sw.em)
	}()
	var took time.Duration
	select {
	case took = <-sw.seen:
	case <-time.After(15 * time.Second):
		err = fmt.Errorf("%s %s: %w; it shows:\n%s", spec.bin, strings.Join(spec.args, " "), errNoFrame, ansi.Strip(sw.em.Render()))
	case <-ctx.Done():
		err = ctx.Err()
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	_ = ptmx.Close()
	_ = sw.em.Close()
	<-copied
	if err != nil {
		return 0, 0, 0, err
	}
	return took, maxRSS(cmd.ProcessState), cpuTime(cmd.ProcessState), nil
}

// measureFrame runs firstFrame runs times and returns the median time and
// the largest peak RSS.
func measureFrame(ctx context.Context, spec procSpec, runs, w, h int, want ...string) (procFigure, error) {
	var walls []time.Duration
	var rss int64
	for range runs {
		d, r, _, err := firstFrame(ctx, spec, w, h, want...)
		if err != nil {
			return procFigure{}, err
		}
		walls = append(walls, d)
		rss = max(rss, r)
	}
	return procFigure{Wall: medianDuration(walls), MaxRSS: rss, Runs: runs}, nil
}
