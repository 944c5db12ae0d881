package runbook

import (
	"fmt"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/shodo-dev/shodo/internal/benchcmd/paired"
)

// BenchmarkLoadPaired is BenchmarkLoad's ratio measured in one loop: each
// iteration loads the runbook and decodes the same bytes with toml.Decode,
// alternately, so that the ratio (aim: at most 1.5×) holds while the
// machine is shared. Allocations are BenchmarkLoad's.
func BenchmarkLoadPaired(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 5000} {
		src := generateRunbook(n)
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			paired.Measure(b, func() error {
				if rb, diags := LoadSources([]Source{{Path: "g.toml", Text: src}}, Options{Now: testNow}); rb == nil {
					return fmt.Errorf("load: %v", diags)
				}
				return nil
			}, func() error {
				var m map[string]any
				_, err := toml.Decode(src, &m)
				return err
			})
		})
	}
}
