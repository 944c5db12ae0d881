//go:build unix

// Command benchcmd builds and runs every shodo benchmark and prints one
// table: each figure with its input size, its result, the reference
// measured in the same run where there is one and the ratio to it,
// allocations, memory, and the budget it is held to. `scripts/bench` runs
// it; docs/benchmarks.md reads its output.
//
// Inputs are generated on every run (see internal/benchcmd/fixture),
// never committed. In-process figures come from the packages' own
// benchmarks, run from test binaries built once; whole-process figures
// (validate, test, export, verify, start to first frame) run the real
// binary, built once, and read its peak RSS from the kernel. Ratios with a
// budget are paired (see internal/benchcmd/paired): measured and reference
// alternate in one loop, so that they hold on a shared machine.
//
// Usage:
//
//	go run ./internal/benchcmd [-quick] [-o report.md]
//	go run ./internal/benchcmd -startup [-runs N] [-against OLD_BINARY] [-incidents N,N,…]
//	go run ./internal/benchcmd -serve [-quick] [-o report.md]
//
// -quick skips the million-event replay and runs fewer iterations: a smoke
// test of the harness, not figures to quote. -startup takes only the
// start-up figures (startup.go), with two floors to read them against (a
// Go hello world, and shodo's dependencies linked with an empty main):
// each command run N times, median and 90th
// percentile of wall and CPU time, alternating with another binary when
// one is given. -serve takes only shodo serve's fan-out figures (issue 15:
// a command until 2, 10 and 50 SSH screens have drawn it, paired with a
// local screen), the full run's serve section, in a few minutes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the command line's flags.
type options struct {
	quick   bool
	out     string
	serve   bool
	startup bool
	start   startupOptions
}

// harness holds what every step of one run shares.
type harness struct {
	root    string // module root
	tmp     string // binaries
	home    string // generated inputs, in memory when possible
	shodo   string // the built binary
	env     []string
	log     io.Writer
	started time.Time
	quick   bool
	serve   bool // only shodo serve's figures
}

// progress prints one line on stderr with the time since the start.
func (h *harness) progress(format string, args ...any) {
	fmt.Fprintf(h.log, "[%5.1fs] %s\n", time.Since(h.started).Seconds(), fmt.Sprintf(format, args...))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var opt options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&opt.quick, "quick", false, "skip the million-event replay and run fewer iterations (a smoke test, not figures to quote)")
	fs.StringVar(&opt.out, "o", "", "also write the report to this file")
	fs.BoolVar(&opt.serve, "serve", false, "take only shodo serve's fan-out figures: a command until 2, 10 and 50 SSH screens have drawn it, paired with a local screen, CPU and heap per session")
	fs.BoolVar(&opt.startup, "startup", false, "take only the start-up figures: two floors (a Go hello world, shodo's dependencies alone), --version, --help, the home screen's first frame in an empty directory and in a clone (and shodo list with -incidents), median and p90 of wall and CPU time")
	fs.IntVar(&opt.start.runs, "runs", 31, "with -startup: runs of each command (of each binary)")
	fs.StringVar(&opt.start.against, "against", "", "with -startup: another shodo binary to compare with, run alternately with this tree's")
	fs.Func("incidents", "with -startup: also time shodo list and the home screen's first frame over an archive of this many incidents (several sizes: 100,1000,10000)", func(v string) error {
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				return fmt.Errorf("-incidents %s: give one or more sizes, 1 or more, separated by commas", v)
			}
			opt.start.incidents = append(opt.start.incidents, n)
		}
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	h := &harness{root: root, log: stderr, started: time.Now(), quick: opt.quick, serve: opt.serve}
	if h.tmp, err = os.MkdirTemp("", "shodo-bench-bin-"); err != nil {
		return fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(h.tmp)
	var inMemory bool
	if h.home, inMemory, err = fixture.TempHome(); err != nil {
		return err
	}
	defer os.RemoveAll(h.home)
	h.env = []string{
		"HOME=" + h.home, "SHODO_HOME=" + filepath.Join(h.home, "shodo"), "SHODO_ACTOR=bench",
		"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"),
	}

	if opt.startup {
		if opt.start.runs < 1 {
			return errors.New("-runs must be at least 1")
		}
		return runStartup(ctx, h, opt.start, stdout)
	}

	m := describeMachine(ctx, root)
	m.loadBefore = loadAverage()
	h.progress("load average %s; inputs in %s (in memory: %v)", m.loadBefore, h.home, inMemory)

	sections, err := h.measure(ctx)
	if err != nil {
		return err
	}
	m.loadAfter = loadAverage()
	m.took = time.Since(h.started)

	var report strings.Builder
	writeHeader(&report, m, opt)
	writeTable(&report, sections)
	if _, err := io.WriteString(stdout, report.String()); err != nil {
		return err
	}
	if opt.out != "" {
		if err := os.WriteFile(opt.out, []byte(report.String()), 0o644); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	return nil
}

// moduleRoot finds the directory holding go.mod.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the shodo module: run scripts/bench from the repository")
	}
	return filepath.Dir(mod), nil
}

// measure builds everything and takes every figure, section by section.
func (h *harness) measure(ctx context.Context) ([]section, error) {
	if h.serve {
		return h.measureServe(ctx)
	}
	h.progress("building shodo and the test binaries")
	h.shodo = filepath.Join(h.tmp, "shodo")
	build := exec.CommandContext(ctx, "go", "build", "-o", h.shodo, "./cmd/shodo")
	build.Dir = h.root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build shodo: %w\n%s", err, out)
	}
	pkgs := []string{"engine/runbook", "engine/journal", "engine/incident", "engine/export", "tui", "cmd/shodo", "serve"}
	bins, err := testBinaries(ctx, h.root, h.tmp, pkgs)
	if err != nil {
		return nil, err
	}

	iters := func(full, quick string) string {
		if h.quick {
			return quick
		}
		return full
	}
	sets := []benchSet{
		// Small inputs get more iterations: their medians need them, and
		// they cost little.
		{"engine/runbook", "^BenchmarkLoad$/^nodes=(10|100)$", iters("100x", "5x"), "runbook load, 10 and 100 nodes"},
		{"engine/runbook", "^BenchmarkGuardDeepNesting$", iters("100x", "5x"), "nesting guard"},
		{"engine/runbook", "^BenchmarkLoad$/^nodes=(1000|5000)$", iters("10x", "2x"), "runbook load, 1,000 and 5,000 nodes"},
		{"engine/journal", "^Benchmark(AppendDurable|RawWriteFsync|AppendPaired)$", iters("200x", "20x"), "durable append"},
		{"engine/journal", "^Benchmark(OpenVerify|RawJSONLines)$", iters("3x", "1x"), "journal open+verify"},
		{"engine/incident", "^BenchmarkFold$", iters("3x", "1x"), "fold"},
		{"engine/export", "^BenchmarkReplay$/^events=(1000|10000)$", iters("10x", "1x"), "replay of 1,000 and 10,000 events"},
		{"engine/export", "^BenchmarkReplay$/^events=100000$", iters("3x", "1x"), "replay of 100,000 events"},
		{"engine/export", "^BenchmarkReplay$/^events=1000000$", "1x", "replay of 1,000,000 events (about 40 s)"},
		{"engine/export", "^BenchmarkExport$", iters("3x", "1x"), "export of 100,000 events"},
		{"tui", "^Benchmark(View|KeyToFrame)$", iters("200x", "10x"), "View and key→frame"},
		{"cmd/shodo", "^BenchmarkTestShipped$", iters("5x", "1x"), "shodo test in process"},
		{"engine/incident", "^BenchmarkList$", iters("10x", "2x"), "listing 100 to 10,000 incidents"},
		{"engine/incident", "^BenchmarkListRebuild$", iters("3x", "1x"), "listing 1,000 incidents without summaries"},
		{"engine/incident", "^Benchmark(ListNoIndex|ListChanged|IndexWrite)$", iters("5x", "1x"), "listing 10,000 incidents without the index, or with one changed"},
		{"engine/incident", "^BenchmarkAppendSummary$", iters("100x", "10x"), "the summary's cost to an append"},
		{"tui", "^BenchmarkHomeArchive$", iters("5x", "1x"), "home first frame over 100 to 10,000 incidents"},
		{"cmd/shodo", "^BenchmarkListCommand$", iters("5x", "1x"), "shodo list over 100 to 10,000 incidents"},
		fanoutSet(h.quick),
	}
	rs := results{}
	for _, s := range sets {
		if h.quick && strings.Contains(s.pattern, "1000000") {
			continue
		}
		h.progress("%s", s.what)
		out, err := runSet(ctx, h.root, bins[s.pkg], s)
		if err != nil {
			return nil, err
		}
		for _, r := range parseBench(out) {
			rs[r.Name] = r
		}
	}

	procs, err := h.processes(ctx)
	if err != nil {
		return nil, err
	}
	h.progress("done")
	return buildSections(rs, procs, h.quick), nil
}

// fanoutSet is shodo serve's fan-out benchmark: 2, 10 and 50 SSH
// sessions on one incident (about a minute at 30 iterations).
func fanoutSet(quick bool) benchSet {
	iters := "30x"
	if quick {
		iters = "3x"
	}
	return benchSet{"serve", "^BenchmarkFanout$", iters, "shodo serve: a command until 2, 10 and 50 screens have drawn it"}
}

// measureServe takes only shodo serve's figures (-serve).
func (h *harness) measureServe(ctx context.Context) ([]section, error) {
	h.progress("building the serve test binary")
	bins, err := testBinaries(ctx, h.root, h.tmp, []string{"serve"})
	if err != nil {
		return nil, err
	}
	s := fanoutSet(h.quick)
	h.progress("%s", s.what)
	out, err := runSet(ctx, h.root, bins[s.pkg], s)
	if err != nil {
		return nil, err
	}
	rs := results{}
	for _, r := range parseBench(out) {
		rs[r.Name] = r
	}
	h.progress("done")
	return []section{serveSection(rs)}, nil
}

// procFigures are the whole-process measurements, by key.
type procFigures map[string]procFigure

// validateNodes is the number of triage nodes in each generated file.
const validateNodes = 20

// procStep is one whole-process figure to take.
type procStep struct {
	key, what string
	// prepare, when set, generates the step's input first.
	prepare func() error
	measure func() (procFigure, error)
}

// processes takes the whole-process figures.
func (h *harness) processes(ctx context.Context) (procFigures, error) {
	runs := func(full int) int {
		if h.quick {
			return 1
		}
		return full
	}
	spec := func(args ...string) procSpec { return procSpec{bin: h.shodo, args: args, env: h.env, dir: h.home} }
	proc := func(n int, args ...string) func() (procFigure, error) {
		return func() (procFigure, error) { return measureProc(ctx, spec(args...), runs(n)) }
	}
	frame := func(args []string, want ...string) func() (procFigure, error) {
		return func() (procFigure, error) { return measureFrame(ctx, spec(args...), runs(7), 100, 30, want...) }
	}

	steps := []procStep{{key: "version", what: "process start (shodo --version)", measure: proc(10, "--version")}}
	for _, n := range validateSizes() {
		dir := filepath.Join(h.home, fmt.Sprintf("runbooks-%d", n))
		steps = append(steps, procStep{
			key: fmt.Sprintf("validate/%d", n), what: fmt.Sprintf("shodo validate over %d %s", n, plural(n, "file", "files")),
			prepare: func() error {
				if err := os.Mkdir(dir, 0o700); err != nil {
					return fmt.Errorf("runbook set: %w", err)
				}
				return fixture.RunbookSet(dir, n, validateNodes)
			},
			measure: proc(5, "validate", dir),
		})
	}
	steps = append(steps, procStep{key: "test", what: "shodo test over the shipped scenarios", measure: proc(5, "test")})

	// One generated 100,000-event incident serves export and verify.
	var inc string
	generate := func() error {
		var err error
		inc, err = fixture.Incident(filepath.Join(h.home, "generated"), 100_000)
		return err
	}
	// onIncident runs `shodo command INCIDENT flags…` once the incident
	// exists.
	onIncident := func(n int, command string, flags ...string) func() (procFigure, error) {
		return func() (procFigure, error) {
			return measureProc(ctx, spec(append([]string{command, inc}, flags...)...), runs(n))
		}
	}
	steps = append(steps,
		procStep{key: "export/json", what: "shodo export --format json of 100,000 events", prepare: generate, measure: onIncident(3, "export", "--format", "json")},
		procStep{key: "export/md", what: "shodo export --format md of 100,000 events", measure: onIncident(3, "export", "--format", "md")},
		procStep{key: "verify", what: "shodo verify of 100,000 events", measure: onIncident(3, "verify")},
		procStep{key: "frame/home", what: "start to first frame: home", measure: frame(nil, "Start an incident", "q quit")},
		procStep{key: "frame/run", what: "start to first frame: run", measure: frame([]string{"run", "service-failure"}, "What was reported first?", "LIVE")},
	)

	pf := procFigures{}
	for _, st := range steps {
		h.progress("%s", st.what)
		if st.prepare != nil {
			if err := st.prepare(); err != nil {
				return nil, err
			}
		}
		f, err := st.measure()
		if err != nil {
			return nil, err
		}
		pf[st.key] = f
	}
	return pf, nil
}

// machine describes where and when the figures were taken.
type machine struct {
	cpu, cores, memory, goVersion, commit, date string
	loadBefore, loadAfter                       string
	took                                        time.Duration
}

func describeMachine(ctx context.Context, root string) machine {
	m := machine{
		cpu:    "unknown CPU",
		cores:  fmt.Sprintf("%d", runtime.NumCPU()),
		memory: "?",
		date:   time.Now().UTC().Format("2006-01-02 15:04 MST"),
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			m.memory = fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
		}
	}
	if out, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output(); err == nil {
		m.goVersion = strings.TrimSpace(string(out))
	}
	git := func(args ...string) string {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	m.commit = git("rev-parse", "--short", "HEAD")
	if m.commit == "" {
		m.commit = "unknown"
	} else if git("status", "--porcelain", "--untracked-files=no") != "" {
		m.commit += " (with uncommitted changes)"
	}
	return m
}

// loadAverage returns the 1, 5 and 15 minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func writeHeader(w io.Writer, m machine, opt options) {
	cmd := "scripts/bench"
	if opt.serve {
		cmd += " -serve"
	}
	if opt.quick {
		cmd += " -quick  (smoke test: fewer iterations, no million-event replay; not figures to quote)"
	}
	fmt.Fprintf(w, "Machine: %s, %s cores, %s RAM; %s\n", m.cpu, m.cores, m.memory, m.goVersion)
	fmt.Fprintf(w, "Date: %s; commit %s\n", m.date, m.commit)
	fmt.Fprintf(w, "Command: %s (took %s)\n", cmd, m.took.Round(time.Second))
	fmt.Fprintf(w, "Load average (1, 5, 15 min): %s before, %s after\n\n", m.loadBefore, m.loadAfter)
}
