package export

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/benchcmd/paired"
)

// BenchmarkReplayPaired is BenchmarkReplay's ratio measured in one loop:
// each iteration reads the incident (verify, decode, fold) and decodes the
// same file line by line with json.Unmarshal, alternately, so that the
// ratio (aim: at most 2×) holds while the machine is shared. A million
// events runs only when named, as in BenchmarkReplay.
func BenchmarkReplayPaired(b *testing.B) {
	for _, n := range replaySizes {
		if testing.Short() && n > 10_000 {
			continue
		}
		name := fmt.Sprintf("events=%d", n)
		if n > 100_000 && !matchesOnly(name) {
			continue
		}
		b.Run(name, func(b *testing.B) {
			dir := benchIncident(b, b, n)
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
