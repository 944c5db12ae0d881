//go:build unix

package main

import (
	"strings"
	"testing"
	"time"
)

const sampleOutput = `goos: linux
goarch: amd64
pkg: github.com/shodo-dev/shodo/engine/runbook
cpu: Intel(R) Xeon(R) Processor @ 2.80GHz
BenchmarkLoad/nodes=10/load-2         	      10	    902394 ns/op	   5.46 MB/s	  277871 B/op	    2829 allocs/op
BenchmarkLoad/nodes=10/toml.Decode-2  	      10	    493780 ns/op	   9.98 MB/s	  184296 B/op	    2238 allocs/op
BenchmarkLoad/nodes=10/paired-2       	      10	   1141635 ns/op	   4.32 MB/s	    561431 ns/measured	    421931 ns/reference	         1.395 x-ratio
BenchmarkLoad/nodes=100/paired-2      	      10	   1141635 ns/op	   4.32 MB/s	    600000 ns/measured	    300000 ns/reference	         2.000 x-ratio
BenchmarkGuardDeepNesting             	      10	    131000 ns/op
--- FAIL: BenchmarkSomething
PASS
ok  	github.com/shodo-dev/shodo/engine/runbook	3.693s
`

func TestParseBench(t *testing.T) {
	got := results{}
	for _, r := range parseBench(sampleOutput) {
		got[r.Name] = r
	}
	if len(got) != 5 {
		t.Fatalf("parsed %d results, want 5: %v", len(got), got)
	}
	for _, tc := range []struct {
		name, unit string
		want       float64
	}{
		{"BenchmarkLoad/nodes=10/load", "ns/op", 902394},
		{"BenchmarkLoad/nodes=10/load", "B/op", 277871},
		{"BenchmarkLoad/nodes=10/load", "allocs/op", 2829},
		{"BenchmarkLoad/nodes=10/paired", "x-ratio", 1.395},
		{"BenchmarkGuardDeepNesting", "ns/op", 131000},
	} {
		t.Run(tc.name+" "+tc.unit, func(t *testing.T) {
			if v, ok := got.get(tc.name, tc.unit); !ok || v != tc.want {
				t.Errorf("got %v (measured %v), want %v", v, ok, tc.want)
			}
		})
	}
	if _, ok := got.get("BenchmarkMissing", "ns/op"); ok {
		t.Errorf("a missing benchmark was found")
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{dur(812), "812 ns"},
		{dur(208_400), "208 µs"},
		{dur(4_934_000), "4.93 ms"},
		{dur(12_700_000_000), "12.7 s"},
		{bytesIEC(812), "812 B"},
		{bytesIEC(277_871), "278 KB"},
		{bytesIEC(14_200_000), "14.2 MB"},
		{bytesIEC(1_373_742_784), "1.37 GB"},
		{count(1), "1"},
		{count(1000), "1,000"},
		{count(1_000_000), "1,000,000"},
		{ratio(1.3951), "1.40×"},
		{verdict("≤ 1.5×", true, true), "≤ 1.5×: met"},
		{verdict("≤ 1.5×", false, true), "≤ 1.5×: **missed**"},
		{verdict("≤ 1.5×", false, false), "≤ 1.5×"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestMedianDuration(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3}, 3},
		{[]time.Duration{9, 1, 5}, 5},
		{[]time.Duration{4, 1, 3, 2}, 2},
	} {
		if got := medianDuration(tc.in); got != tc.want {
			t.Errorf("medianDuration(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// The start-up table's 90th percentile is the nearest rank: of ten runs,
// the ninth slowest; never below the median, never beyond the slowest.
func TestPercentile(t *testing.T) {
	ten := []time.Duration{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	for _, tc := range []struct {
		in   []time.Duration
		p    int
		want time.Duration
	}{
		{nil, 90, 0},
		{[]time.Duration{3}, 90, 3},
		{ten, 90, 9},
		{ten, 50, 5},
		{ten, 100, 10},
		{[]time.Duration{5, 1, 3}, 90, 5},
	} {
		if got := percentile(tc.in, tc.p); got != tc.want {
			t.Errorf("percentile(%v, %d) = %v, want %v", tc.in, tc.p, got, tc.want)
		}
	}
}

// A start-up row says which binary it measured, the budget judged on the
// median wall time, and both percentiles of wall and CPU time.
func TestStartupTable(t *testing.T) {
	cases := []startupCase{{name: "floor: hello", floor: true}, {name: "`shodo --version`", budget: 10 * time.Millisecond}}
	var fast, slow []startupSample
	for i := range 10 {
		fast = append(fast, startupSample{wall: time.Duration(5+i) * time.Millisecond, cpu: time.Duration(4+i) * time.Millisecond})
		slow = append(slow, startupSample{wall: time.Duration(20+i) * time.Millisecond, cpu: time.Duration(15+i) * time.Millisecond})
	}
	var b strings.Builder
	// A floor is run once a round, whatever the binaries compared.
	writeStartupTable(&b, cases, []string{"/tmp/new/shodo", "/tmp/old/shodo-old"}, [][][]startupSample{{fast}, {fast, slow}})
	if n := strings.Count(b.String(), "floor: hello"); n != 1 {
		t.Errorf("the floor has %d rows, want 1:\n%s", n, b.String())
	}
	for _, want := range []string{
		"| floor: hello | – | 9.50 ms | 13.0 ms | 8.50 ms | 12.0 ms | 10 | reference |",
		"| `shodo --version` | this tree | 9.50 ms | 13.0 ms | 8.50 ms | 12.0 ms | 10 | < 10ms: met |",
		"| `shodo --version` | shodo-old | 24.5 ms | 28.0 ms | 19.5 ms | 23.0 ms | 10 | < 10ms: **missed** |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the table lacks\n%s\nit is:\n%s", want, b.String())
		}
	}
}

// The table judges each budget from the figures: a ratio over its aim is
// reported missed, one under it met.
func TestSectionsJudgeBudgets(t *testing.T) {
	rs := results{}
	for _, r := range parseBench(sampleOutput) {
		rs[r.Name] = r
	}
	pf := procFigures{
		"export/json": {Wall: time.Second, MaxRSS: 200e6, Runs: 3},
		"frame/home":  {Wall: 60 * time.Millisecond, MaxRSS: 20e6, Runs: 7},
	}
	var b strings.Builder
	writeTable(&b, buildSections(rs, pf, true))
	table := b.String()
	for _, want := range []string{
		"| load + validate (paired) | 10 nodes, 4.93 KB | 561 µs | toml.Decode 422 µs | 1.40× | 278 KB, 2,829 allocs | – | ≤ 1.5×: met |",
		"| 100 nodes, ", "| 2.00× |", "≤ 1.5×: **missed**",
		"| replay (paired) | 1,000,000 events | skipped (-quick) |",
		"peak RSS 200 MB | memory < 150 MB: **missed** |",
		"| median of 7 | 60.0 ms | – | – | – | peak RSS 20.0 MB | < 100 ms: met |",
		"| reject 10,000-deep nesting (guard) | 40 KB | 131 µs |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	for _, absent := range []string{"1,000 nodes", "durable append", "0.00 ns"} {
		if strings.Contains(table, absent) {
			t.Errorf("table shows %q, which was not measured:\n%s", absent, table)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		if n := strings.Count(line, "|") - strings.Count(line, `\|`) - 1; n != 8 {
			t.Errorf("line has %d cells, want 8: %s", n, line)
		}
	}
}

// Replay is judged linear on its paired ratios, not on raw time per event,
// which moves with the machine's load.
func TestReplayLinearityUsesRatios(t *testing.T) {
	rs := results{
		"BenchmarkReplay/events=10000/paired":  {Metrics: map[string]float64{"ns/measured": 90e6, "ns/reference": 90e6, "x-ratio": 1.00}},
		"BenchmarkReplay/events=100000/paired": {Metrics: map[string]float64{"ns/measured": 400e6, "ns/reference": 380e6, "x-ratio": 1.05}},
	}
	var b strings.Builder
	writeTable(&b, []section{replaySection(rs, procFigures{}, false)})
	for _, want := range []string{"| 10,000 to 100,000 events | 9.00 µs then 4.00 µs per event | ratios 1.00× then 1.05× | 1.05× |", "≤ 1.5×: met"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// The dependency floor imports what a main package of the module can:
// not shodo's own packages, internal or vendored ones, or cgo's.
func TestImportable(t *testing.T) {
	for pkg, want := range map[string]bool{
		"charm.land/bubbletea/v2":                         true,
		"github.com/BurntSushi/toml":                      true,
		"os":                                              true,
		"github.com/BurntSushi/toml/internal":             false,
		"internal/godebug":                                false,
		"vendor/golang.org/x/crypto/cryptobyte":           false,
		"github.com/shodo-dev/shodo/engine/runbook":       false,
		"github.com/charmbracelet/x/ansi/internal/parser": false,
		"runtime/cgo":                                     false,
		"unsafe":                                          false,
	} {
		if got := importable(pkg); got != want {
			t.Errorf("importable(%q) = %v, want %v", pkg, got, want)
		}
	}
}

// The serve section shows each session count's latency beside the local
// screen's, judges the p99 at 50 sessions against 50 ms and the CPU per
// screen at 50 against that at 10.
func TestServeSectionJudgesBudgets(t *testing.T) {
	out := `BenchmarkFanout/sessions=2-2    10  63310349 ns/op  2.313 cpu-ms/screen  1008 heap-KiB/session  27.25 local-median-ms  54.13 local-p99-ms  22.16 median-ms/screen  101.5 p99-ms/screen
BenchmarkFanout/sessions=10-2   10  90339233 ns/op  1.000 cpu-ms/screen  1034 heap-KiB/session  24.38 local-median-ms  42.33 local-p99-ms  30.54 median-ms/screen  199.9 p99-ms/screen
BenchmarkFanout/sessions=50-2   10  90339233 ns/op  1.800 cpu-ms/screen  1020 heap-KiB/session  20.00 local-median-ms  40.00 local-p99-ms  30.00 median-ms/screen  45.0 p99-ms/screen
`
	rs := results{}
	for _, r := range parseBench(out) {
		rs[r.Name] = r
	}
	var b strings.Builder
	writeTable(&b, []section{serveSection(rs)})
	table := b.String()
	for _, want := range []string{
		"| 2 sessions | median 22.2 ms, p99 102 ms; CPU 2.31 ms | local screen: median 27.2 ms, p99 54.1 ms | 1.88× |",
		"| 50 sessions | median 30.0 ms, p99 45.0 ms; CPU 1.80 ms | local screen: median 20.0 ms, p99 40.0 ms | 1.12× | – | heap 1.04 MB/session | p99 < 50 ms: met |",
		"| 10 to 50 sessions | 1.00 ms then 1.80 ms per screen | – | 1.80× | – | – | ≤ 1.5×: **missed** |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if strings.Count(table, "p99 < 50 ms") != 1 {
		t.Errorf("the 50 ms budget is judged on other rows than 50 sessions:\n%s", table)
	}
}
