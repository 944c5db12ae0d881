package export

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
	"github.com/shodo-dev/shodo/internal/benchcmd/paired"
)

// benchIncident records an incident of n events (see fixture.Incident: a
// real session opens it and triages to a ransomware verdict; notes and
// attempts follow through the journal) in memory (/dev/shm) when the
// system has it, so that generating a million events takes seconds. The
// incident is removed when owner ends.
func benchIncident(b, owner *testing.B, n int) string {
	b.Helper()
	home, inMemory, err := fixture.TempHome()
	if err != nil {
		b.Fatal(err)
	}
	owner.Cleanup(func() { os.RemoveAll(home) })
	if !inMemory && n > 100_000 {
		b.Skipf("no tmpfs: generating %d events would take an fsync each on disk", n)
	}
	dir, err := fixture.Incident(home, n)
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// liveHeap returns the bytes of heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// heldSince returns the megabytes of heap added since liveHeap returned
// before: with the value the caller keeps alive, what holding it costs.
func heldSince(before uint64) float64 {
	after := liveHeap()
	return float64(after-min(before, after)) / 1e6
}

// replaySizes are the incident lengths of BenchmarkReplay. A million
// events takes about ten seconds to generate and a gigabyte to hold; it
// runs only when the benchmark is asked for by name with the size (as
// scripts/bench does), not under a plain -bench . sweep.
var replaySizes = []int{1_000, 10_000, 100_000, 1_000_000}

// BenchmarkReplay measures open+verify+fold of a whole incident (what
// `shodo export` and `shodo resume` do before anything else), next to a
// plain line-by-line json.Unmarshal of the same file, and the two paired
// (see paired.Measure). It reports the time per event (linear in events
// means constant here) and live-MB, the heap that the replayed incident
// holds.
func BenchmarkReplay(b *testing.B) {
	for _, n := range replaySizes {
		if testing.Short() && n > 10_000 {
			continue
		}
		name := fmt.Sprintf("events=%d", n)
		if n > 100_000 && !matchesOnly(name) {
			continue
		}
		// Generated on first use, so that a run of one size does not pay
		// for the others, and kept for both sub-benchmarks.
		var dir string
		parent := b
		prepare := func(b *testing.B) {
			if dir == "" {
				dir = benchIncident(b, parent, n)
			}
		}
		b.Run(name+"/verify+fold", func(b *testing.B) {
			prepare(b)
			b.ReportAllocs()
			before := liveHeap()
			var in Input
			for b.Loop() {
				var err error
				if in, err = Read(dir); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
			b.ReportMetric(heldSince(before), "live-MB")
			runtime.KeepAlive(in)
		})
		b.Run(name+"/json.Unmarshal", func(b *testing.B) {
			prepare(b)
			path := filepath.Join(dir, journal.JournalFile)
			b.ReportAllocs()
			for b.Loop() {
				rawJSONLines(b, path)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
		})
		// The ratio (aim: at most 2×) measured in one loop, the two
		// alternating, so that it holds while the machine is shared.
		b.Run(name+"/paired", func(b *testing.B) {
			prepare(b)
			path := filepath.Join(dir, journal.JournalFile)
			paired.Measure(b, func() error {
				_, err := Read(dir)
				return err
			}, func() error {
				rawJSONLines(b, path)
				return nil
			})
		})
	}
}

// matchesOnly reports whether the -test.bench pattern names the size
// explicitly, e.g. -bench 'Replay/events=1000000'.
func matchesOnly(size string) bool {
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), size)
}

// rawJSONLines is the reference: read the file line by line into a struct
// of the same fields, checking nothing.
func rawJSONLines(b *testing.B, path string) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), journal.MaxLineBytes)
	for sc.Scan() {
		var rec struct {
			Seq      uint64          `json:"seq"`
			ID       string          `json:"id"`
			At       time.Time       `json:"at"`
			Actor    string          `json:"actor"`
			Type     string          `json:"type"`
			Incident string          `json:"incident"`
			Data     json.RawMessage `json:"data"`
			H        string          `json:"h"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport writes a 100,000-event incident in each format. live-MB
// is the heap the incident holds while it is written.
func BenchmarkExport(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	before := liveHeap()
	in, err := Read(benchIncident(b, b, n))
	if err != nil {
		b.Fatal(err)
	}
	live := heldSince(before)
	for _, format := range Formats() {
		if format == "aar" || strings.HasPrefix(format, "report") {
			continue // an after-action report is of drills only, a report draft of a regime's runbook
		}
		b.Run(fmt.Sprintf("events=%d/%s", n, format), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, format, in, Options{Location: jst}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(live, "live-MB")
		})
	}
}
