//go:build unix

package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// benchResult is one line of `go test -bench` output.
type benchResult struct {
	// Name is the benchmark's full name without the -GOMAXPROCS suffix,
	// e.g. "BenchmarkLoad/nodes=10/load".
	Name string
	// N is the number of iterations run.
	N int
	// Metrics maps a unit ("ns/op", "B/op", "allocs/op", "x-ratio", …) to
	// its value.
	Metrics map[string]float64
}

// procsSuffix is the "-2" that `go test` appends to benchmark names when
// GOMAXPROCS is not 1.
var procsSuffix = regexp.MustCompile(`-\d+$`)

// parseBench reads the result lines of `go test -bench` output; everything
// else (headers, PASS, log lines) is skipped.
func parseBench(out string) []benchResult {
	var res []benchResult
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		r := benchResult{Name: procsSuffix.ReplaceAllString(f[0], ""), N: n, Metrics: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			r.Metrics[f[i+1]] = v
		}
		res = append(res, r)
	}
	return res
}

// results is every benchmark result of a run, by name.
type results map[string]benchResult

// get returns the metric unit of benchmark name, and whether it was
// measured.
func (rs results) get(name, unit string) (float64, bool) {
	r, ok := rs[name]
	if !ok {
		return 0, false
	}
	v, ok := r.Metrics[unit]
	return v, ok
}

// benchSet is one run of one package's test binary.
type benchSet struct {
	pkg       string // package directory, relative to the module root
	pattern   string // -test.bench
	benchtime string // -test.benchtime
	what      string // for the progress line
}

// testBinaries compiles the test binaries of pkgs into dir, in one go
// command so that the toolchain shares the work, and returns each
// package's binary by package directory.
func testBinaries(ctx context.Context, root, dir string, pkgs []string) (map[string]string, error) {
	args := []string{"test", "-c", "-o", dir + string(filepath.Separator)}
	for _, p := range pkgs {
		args = append(args, "./"+p)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build test binaries: %w\n%s", err, out)
	}
	bins := map[string]string{}
	for _, p := range pkgs {
		// go test -c names a binary after the last element of its import
		// path: engine/runbook → runbook.test, cmd/shodo → shodo.test.
		bins[p] = filepath.Join(dir, filepath.Base(p)+".test")
	}
	return bins, nil
}

// runSet runs one benchmark set in its package directory (benchmarks read
// their fixtures relative to it) and returns the raw output.
func runSet(ctx context.Context, root, bin string, s benchSet) (string, error) {
	cmd := exec.CommandContext(ctx, bin, "-test.run", "^$", "-test.bench", s.pattern,
		"-test.benchtime", s.benchtime, "-test.benchmem", "-test.count", "1")
	cmd.Dir = filepath.Join(root, s.pkg)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w\n%s", s.pkg, s.pattern, err, out)
	}
	return string(out), nil
}
