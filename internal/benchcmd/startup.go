//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
)

// The start-up figures (scripts/bench -startup): how long a person waits
// for shodo to answer at all. Each command is run many times and judged by
// its median and 90th percentile of both wall time and CPU time (user +
// system, every thread, from wait4): on a machine shared with other work
// the wall time measures the neighbours too, the CPU time much less so.
// Given a second binary (-against), the two are run alternately, one run
// of each in turn, so that both see the same minute's load.

// startupSample is one run of one command.
type startupSample struct {
	wall, cpu time.Duration
}

// startupCase is one command measured at start-up, with its budget.
type startupCase struct {
	name   string
	budget time.Duration
	// run runs bin once and returns what it cost.
	run func(ctx context.Context, bin string) (startupSample, error)
}

// startupOptions are -startup's flags.
type startupOptions struct {
	runs      int
	against   string
	incidents []int // archive sizes
}

// runStartup takes the start-up figures and writes them as a Markdown
// table.
func runStartup(ctx context.Context, h *harness, opt startupOptions, stdout io.Writer) error {
	h.progress("building shodo")
	h.shodo = filepath.Join(h.tmp, "shodo")
	build := exec.CommandContext(ctx, "go", "build", "-o", h.shodo, "./cmd/shodo")
	build.Dir = h.root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build shodo: %w\n%s", err, out)
	}
	bins := []string{h.shodo}
	if opt.against != "" {
		against, err := filepath.Abs(opt.against)
		if err != nil {
			return err
		}
		bins = append(bins, against)
	}

	emptyHome := func(bin string) procSpec { return procSpec{bin: bin, env: h.env, dir: h.home} }
	cases := []startupCase{
		{name: "`shodo --version`", budget: 10 * time.Millisecond, run: func(ctx context.Context, bin string) (startupSample, error) {
			s := emptyHome(bin)
			s.args = []string{"--version"}
			return runOnce(ctx, s)
		}},
		{name: "`shodo --help`", budget: 10 * time.Millisecond, run: func(ctx context.Context, bin string) (startupSample, error) {
			s := emptyHome(bin)
			s.args = []string{"--help"}
			return runOnce(ctx, s)
		}},
		{name: "home screen, exec to first frame (pty 100×30, no incidents)", budget: 50 * time.Millisecond, run: func(ctx context.Context, bin string) (startupSample, error) {
			wall, _, cpu, err := firstFrame(ctx, emptyHome(bin), 100, 30, "Start an incident", "q quit")
			return startupSample{wall: wall, cpu: cpu}, err
		}},
	}
	for _, n := range opt.incidents {
		archive := filepath.Join(h.home, fmt.Sprintf("archive-%d", n))
		h.progress("recording an archive of %d incidents", n)
		if err := fixture.Archive(archive, n); err != nil {
			return err
		}
		withArchive := func(bin string) procSpec {
			env := append(slices.Clone(h.env), "SHODO_HOME="+archive)
			return procSpec{bin: bin, env: env, dir: h.home}
		}
		// fixture.Archive leaves the archive listed once, its index
		// written: the figures are of the listings after it, as a
		// person's every listing but the first.
		cases = append(cases, startupCase{
			name:   fmt.Sprintf("`shodo list > /dev/null`, %s incidents", count(n)),
			budget: 100 * time.Millisecond,
			run: func(ctx context.Context, bin string) (startupSample, error) {
				s := withArchive(bin)
				s.args = []string{"list"}
				return runOnce(ctx, s)
			},
		}, startupCase{
			name:   fmt.Sprintf("home screen, exec to first frame (pty 100×30, %s incidents)", count(n)),
			budget: 100 * time.Millisecond,
			run: func(ctx context.Context, bin string) (startupSample, error) {
				wall, _, cpu, err := firstFrame(ctx, withArchive(bin), 100, 30, "INC-", "q quit")
				return startupSample{wall: wall, cpu: cpu}, err
			},
		})
	}

	load := loadAverage()
	h.progress("load average %s; %d runs of each", load, opt.runs)
	samples := make([][][]startupSample, len(cases)) // case, binary, run
	for i, c := range cases {
		h.progress("%s", c.name)
		samples[i] = make([][]startupSample, len(bins))
		for range opt.runs {
			for j, bin := range bins {
				s, err := c.run(ctx, bin)
				if err != nil {
					return fmt.Errorf("%s: %w", c.name, err)
				}
				samples[i][j] = append(samples[i][j], s)
			}
		}
	}
	loadAfter := loadAverage()

	var b strings.Builder
	m := describeMachine(ctx, h.root)
	fmt.Fprintf(&b, "Machine: %s, %s cores, %s RAM; %s\n", m.cpu, m.cores, m.memory, m.goVersion)
	fmt.Fprintf(&b, "Date: %s; commit %s\n", m.date, m.commit)
	fmt.Fprintf(&b, "Command: scripts/bench -startup -runs %d", opt.runs)
	if opt.against != "" {
		fmt.Fprintf(&b, " -against %s", opt.against)
	}
	if len(opt.incidents) > 0 {
		sizes := make([]string, len(opt.incidents))
		for i, n := range opt.incidents {
			sizes[i] = strconv.Itoa(n)
		}
		fmt.Fprintf(&b, " -incidents %s", strings.Join(sizes, ","))
	}
	fmt.Fprintf(&b, " (took %s)\n", time.Since(h.started).Round(time.Second))
	fmt.Fprintf(&b, "Load average (1, 5, 15 min): %s before, %s after\n\n", load, loadAfter)
	writeStartupTable(&b, cases, bins, samples)
	_, err := io.WriteString(stdout, b.String())
	return err
}

// writeStartupTable writes one row per command and binary: median and
// 90th percentile of wall and CPU time, and the budget judged on the
// median wall time.
func writeStartupTable(w io.Writer, cases []startupCase, bins []string, samples [][][]startupSample) {
	fmt.Fprintln(w, "| command | binary | wall median | wall p90 | CPU median | CPU p90 | runs | budget |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|")
	for i, c := range cases {
		for j, bin := range bins {
			var walls, cpus []time.Duration
			for _, s := range samples[i][j] {
				walls = append(walls, s.wall)
				cpus = append(cpus, s.cpu)
			}
			med := medianDuration(walls)
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d | %s |\n", c.name, binaryName(j, bin),
				dur(float64(med)), dur(float64(percentile(walls, 90))),
				dur(float64(medianDuration(cpus))), dur(float64(percentile(cpus, 90))),
				len(walls), verdict("< "+c.budget.String(), med < c.budget, true))
		}
	}
}

// binaryName names the measured binary in the table: this tree's, or the
// one it is compared with.
func binaryName(i int, path string) string {
	if i == 0 {
		return "this tree"
	}
	return filepath.Base(path)
}

// percentile returns the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100 // ceil(p/100 × n), 1-based
	return s[max(rank, 1)-1]
}

// cpuTime returns the user and system time a finished process used.
func cpuTime(ps *os.ProcessState) time.Duration {
	return ps.UserTime() + ps.SystemTime()
}

// runOnce runs spec once, its output discarded, and returns its wall and
// CPU time.
func runOnce(ctx context.Context, spec procSpec) (startupSample, error) {
	cmd := exec.CommandContext(ctx, spec.bin, spec.args...)
	cmd.Env, cmd.Dir = spec.env, spec.dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && slices.Contains(spec.exitOK, exit.ExitCode())) {
		return startupSample{}, fmt.Errorf("%s %s: %w\n%s", spec.bin, strings.Join(spec.args, " "), err, stderr.String())
	}
	return startupSample{wall: wall, cpu: cpuTime(cmd.ProcessState)}, nil
}
