package journal

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shodo-dev/shodo/internal/benchcmd/paired"
)

// BenchmarkAppendPaired is BenchmarkAppendDurable next to
// BenchmarkRawWriteFsync in one loop: each iteration appends one event and
// writes and fsyncs the same bytes to a plain file beside the journal,
// alternately, so that the ratio (aim: at most 1.2×) compares fsyncs made
// in the same moments on the same disk, whose latency drifts from second
// to second.
func BenchmarkAppendPaired(b *testing.B) {
	base := b.TempDir()
	j, _, err := Create(filepath.Join(base, "INC-BENCH"), "INC-BENCH", benchEntry(0))
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	f, err := os.Create(filepath.Join(base, "raw.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	e, line := benchEntry(1), benchLine()
	var off int64
	b.SetBytes(int64(len(line)))
	paired.Measure(b, func() error {
		_, err := j.Append(e)
		return err
	}, func() error {
		if _, err := f.WriteAt(line, off); err != nil {
			return err
		}
		off += int64(len(line))
		return f.Sync()
	})
}
