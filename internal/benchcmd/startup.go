//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
	"github.com/shodo-dev/shodo/runbooks"
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
	// floor is set for a reference that is not shodo (a Go hello world,
	// shodo's dependencies alone): run once a round, whatever the
	// binaries compared, its bin argument ignored.
	floor bool
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

	h.progress("building the floors: a Go hello world, and shodo's dependencies alone")
	hello, deps, err := buildFloors(ctx, h)
	if err != nil {
		return err
	}
	clone, err := cloneDir(h.home)
	if err != nil {
		return err
	}

	emptyHome := func(bin string) procSpec { return procSpec{bin: bin, env: h.env, dir: h.home} }
	floor := func(name, bin string) startupCase {
		return startupCase{name: name, floor: true, run: func(ctx context.Context, _ string) (startupSample, error) {
			return runOnce(ctx, procSpec{bin: bin, args: []string{"--version"}, env: h.env, dir: h.home})
		}}
	}
	cases := []startupCase{
		floor("floor: a Go hello world (same toolchain)", hello),
		floor("floor: shodo's dependencies linked, empty `main`", deps),
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
		{name: "home screen, first frame, in a clone (`./runbooks` = the shipped set)", budget: 50 * time.Millisecond, run: func(ctx context.Context, bin string) (startupSample, error) {
			s := emptyHome(bin)
			s.dir = clone
			wall, _, cpu, err := firstFrame(ctx, s, 100, 30, "Start an incident", "q quit")
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
		runs := bins
		if c.floor {
			runs = bins[:1]
		}
		samples[i] = make([][]startupSample, len(runs))
		for range opt.runs {
			for j, bin := range runs {
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
	_, err = io.WriteString(stdout, b.String())
	return err
}

// writeStartupTable writes one row per command and binary: median and
// 90th percentile of wall and CPU time, and the budget judged on the
// median wall time.
func writeStartupTable(w io.Writer, cases []startupCase, bins []string, samples [][][]startupSample) {
	fmt.Fprintln(w, "| command | binary | wall median | wall p90 | CPU median | CPU p90 | runs | budget |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|")
	for i, c := range cases {
		for j, bin := range bins[:len(samples[i])] {
			var walls, cpus []time.Duration
			for _, s := range samples[i][j] {
				walls = append(walls, s.wall)
				cpus = append(cpus, s.cpu)
			}
			med := medianDuration(walls)
			name, judged := binaryName(j, bin), verdict("< "+c.budget.String(), med < c.budget, true)
			if c.floor {
				name, judged = "–", "reference"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d | %s |\n", c.name, name,
				dur(float64(med)), dur(float64(percentile(walls, 90))),
				dur(float64(medianDuration(cpus))), dur(float64(percentile(cpus, 90))),
				len(walls), judged)
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

// buildFloors builds what no shodo can start faster than, with the
// toolchain that builds shodo: a Go hello world, and a program that links
// every package shodo links but its own (their init runs; its main
// returns at once). What --version costs over the second is shodo's own.
func buildFloors(ctx context.Context, h *harness) (hello, deps string, err error) {
	helloDir := filepath.Join(h.tmp, "hello")
	if err := os.MkdirAll(helloDir, 0o755); err != nil {
		return "", "", err
	}
	files := map[string]string{
		"go.mod":  "module hello\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hello\\n\") }\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(helloDir, name), []byte(text), 0o644); err != nil {
			return "", "", err
		}
	}
	hello = filepath.Join(h.tmp, "floor-hello")
	if err := goBuild(ctx, helloDir, hello, "."); err != nil {
		return "", "", err
	}

	list := exec.CommandContext(ctx, "go", "list", "-deps", "./cmd/shodo")
	list.Dir = h.root
	out, err := list.Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -deps ./cmd/shodo: %w", err)
	}
	var src strings.Builder
	src.WriteString("// Generated by scripts/bench -startup: every package shodo links but its own.\npackage main\n\nimport (\n")
	for _, pkg := range strings.Fields(string(out)) {
		if importable(pkg) {
			fmt.Fprintf(&src, "\t_ %q\n", pkg)
		}
	}
	src.WriteString(")\n\nfunc main() {}\n")
	// Inside the module, to use its go.mod's versions; a directory whose
	// name starts with _ is left out of ./... patterns.
	dir, err := os.MkdirTemp(h.root, "_benchfloor")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src.String()), 0o644); err != nil {
		return "", "", err
	}
	deps = filepath.Join(h.tmp, "floor-deps")
	if err := goBuild(ctx, h.root, deps, "./"+filepath.Base(dir)); err != nil {
		return "", "", err
	}
	return hello, deps, nil
}

// importable reports whether a package of shodo's dependencies can be
// imported from a main package of the module: not shodo's own, not an
// internal or vendored one (those come with the packages that import
// them), not cgo's.
func importable(pkg string) bool {
	switch {
	case strings.HasPrefix(pkg, "github.com/shodo-dev/shodo"), strings.HasPrefix(pkg, "vendor/"),
		pkg == "C", pkg == "unsafe", pkg == "runtime/cgo":
		return false
	}
	return !slices.Contains(strings.Split(pkg, "/"), "internal")
}

func goBuild(ctx context.Context, dir, out, pkg string) error {
	build := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	build.Dir = dir
	if msg, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, msg)
	}
	return nil
}

// cloneDir makes a working directory like a clone of shodo's: its
// ./runbooks holds the shipped files, as the README's quick start runs
// shodo. It returns the directory.
func cloneDir(home string) (string, error) {
	dir := filepath.Join(home, "clone")
	err := fs.WalkDir(runbooks.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(runbooks.FS, name)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, "runbooks", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, b, 0o644)
	})
	return dir, err
}
