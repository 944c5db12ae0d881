//go:build linux || darwin

package incident_test

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
	"golang.org/x/sys/unix"
)

// archiveSizes are the archive sizes the listing benchmarks run at; they
// must match internal/benchcmd's archiveSizes.
var archiveSizes = []int{100, 1_000, 10_000}

// archiveHome generates an archive of n incidents once, in memory when the
// system allows (see fixture.TempHome), removed when b ends.
func archiveHome(b *testing.B, n int) string {
	b.Helper()
	home, _, err := fixture.TempHome()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(home) })
	if err := fixture.Archive(home, n); err != nil {
		b.Fatal(err)
	}
	return home
}

// BenchmarkList lists archives of 100 to 10,000 incidents whose summary
// files are all current: what the home screen, `shodo list` and `shodo
// resume` pay on every start.
func BenchmarkList(b *testing.B) {
	for _, n := range archiveSizes {
		home := archiveHome(b, n)
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				sums, err := incident.List(home)
				if err != nil || len(sums) != n || sums[0].Rebuilt != "" {
					b.Fatalf("List: %d summaries, %v", len(sums), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/incident")
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkListRecent lists archives of 100 to 10,000 incidents as `shodo
// list` and the home screen's first frame do: every incident not closed
// and the 50 most recent closed ones (incident.ListRecent), the index at
// rest. Flat is the goal: the time per listing should not grow with the
// archive (docs/benchmarks.md).
func BenchmarkListRecent(b *testing.B) {
	for _, n := range archiveSizes {
		home := archiveHome(b, n)
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				sums, older, err := incident.ListRecent(home, 50, time.Time{})
				if err != nil || len(sums) != min(n, 60) || older != max(0, n-60) || sums[0].Rebuilt != "" {
					b.Fatalf("ListRecent: %d summaries, %d older, %v", len(sums), older, err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkListNoIndex lists 10,000 incidents whose summary files are
// current but without the home's index (see incident.IndexDir): the
// one-time cost of the first listing after an upgrade from a build with
// summaries but no index, or after the index was lost, which writes the
// index; and what every listing cost before the index.
func BenchmarkListNoIndex(b *testing.B) {
	const n = 10_000
	home := archiveHome(b, n)
	index := home + "/" + incident.IndexDir
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(index); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sums, err := incident.List(home)
		if err != nil || len(sums) != n || sums[0].Rebuilt != "" {
			b.Fatalf("List: %d summaries, %v", len(sums), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/incident")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkListChanged lists 10,000 incidents of which one was appended to
// since the index was written (a session recording elsewhere): the index
// serves the rest, that one is checked by its summary file, and the index
// is rewritten. This is what a session not writing the index costs the
// next listing; BenchmarkIndexWrite is what writing it costs.
func BenchmarkListChanged(b *testing.B) {
	const n = 10_000
	home := archiveHome(b, n)
	entries, err := os.ReadDir(incident.IncidentsDir(home))
	if err != nil {
		b.Fatal(err)
	}
	s, err := incident.Resume(incident.IncidentsDir(home)+"/"+entries[0].Name(), incident.ResumeOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Detach()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := s.Note("sato", "still restoring"); err != nil {
			b.Fatal(err)
		}
		incident.FlushSummaryForBench(s)
		b.StartTimer()
		sums, err := incident.List(home)
		if err != nil || len(sums) != n {
			b.Fatalf("List: %d summaries, %v", len(sums), err)
		}
	}
}

// BenchmarkListRebuild lists 1,000 incidents none of which has a summary
// file yet (journals written before summaries existed), nor an index: the
// one-time cost of the first listing after an upgrade, and what every
// listing cost before summaries.
func BenchmarkListRebuild(b *testing.B) {
	const n = 1_000
	home := archiveHome(b, n)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := removeSummaries(home); err != nil {
			b.Fatal(err)
		}
		if err := os.RemoveAll(home + "/" + incident.IndexDir); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sums, err := incident.List(home)
		if err != nil || len(sums) != n || sums[0].Rebuilt != incident.RebuildMissing {
			b.Fatalf("List: %d summaries, %v", len(sums), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/incident")
}

func removeSummaries(home string) error {
	entries, err := os.ReadDir(incident.IncidentsDir(home))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue // the index's lock
		}
		if err := os.Remove(incident.IncidentsDir(home) + "/" + e.Name() + "/" + incident.SummaryFile); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkAppendSummary measures what the summary file costs an append:
// a note recorded through a session on a journal on disk (write and fsync;
// the session stats the journal and hands the summary to its writer), and
// writing the summary file in full, which the session does off the append
// path.
func BenchmarkAppendSummary(b *testing.B) {
	home := b.TempDir() // on disk: an fsync costs what it costs
	if err := fixture.Archive(home, 1); err != nil {
		b.Fatal(err)
	}
	dir := incident.IncidentsDir(home)
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var incidents []string
	for _, e := range entries {
		if e.IsDir() { // not the home's index
			incidents = append(incidents, e.Name())
		}
	}
	if len(incidents) != 1 {
		b.Fatalf("the archive of one holds %d incidents", len(incidents))
	}
	s, err := incident.Resume(dir+"/"+incidents[0], incident.ResumeOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Detach()
	b.Run("append", func(b *testing.B) {
		for b.Loop() {
			if err := s.Note("sato", "still restoring"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("summary-write", func(b *testing.B) {
		for b.Loop() {
			if err := incident.WriteSummaryForBench(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// cpuTime is the CPU time (user and system) the process has used: on a
// machine shared with other work, wall time includes waiting for a core,
// and this figure does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIndexWrite rewrites the index of 10,000 incidents in full
// (encode, write a temporary file, rename): what keeping the index current
// from the session would add to every append, against what leaving it to
// the next listing costs that listing (BenchmarkListChanged).
func BenchmarkIndexWrite(b *testing.B) {
	const n = 10_000
	home := archiveHome(b, n)
	b.ReportAllocs()
	for b.Loop() {
		if err := incident.IndexWriteForBench(home); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatJournal compares the two ways to stat one journal among
// thousands: os.Lstat of its full path, and fstatat relative to the
// incidents directory held open, which List uses.
func BenchmarkStatJournal(b *testing.B) {
	home := archiveHome(b, 1_000)
	dir := incident.IncidentsDir(home)
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name()+"/timeline.jsonl")
		}
	}
	b.Run("lstat", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := os.Lstat(dir + "/" + names[i%len(names)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("fstatat", func(b *testing.B) {
		fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		defer syscall.Close(fd)
		var st unix.Stat_t
		i := 0
		for b.Loop() {
			if err := unix.Fstatat(fd, names[i%len(names)], &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
