package incident

import "strings"

// WriteSummaryForBench writes s's summary file in full, on the caller's
// goroutine, for BenchmarkAppendSummary (an external test); the hash is a
// stand-in of the same length, which costs the same to write.
func WriteSummaryForBench(s *Session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return writeSummary(s.dir, summaryOf(s.state), strings.Repeat("0", 64))
}

// FlushSummaryForBench waits until s's summary file is written, for
// BenchmarkListChanged.
func FlushSummaryForBench(s *Session) { s.summary.flush() }

// IndexWriteForBench decodes home's index and writes it back, for
// BenchmarkIndexWrite: what a session would pay to keep the index current
// after every append.
func IndexWriteForBench(home string) error {
	var buf scratch
	entries, _, err := readIndex(IncidentsDir(home), &buf)
	if err != nil {
		return err
	}
	return writeIndex(IncidentsDir(home), entries)
}
