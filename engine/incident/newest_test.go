package incident

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// newestFirst moves the summaries in place along the cycles of the sorted
// permutation: whatever the order it is given, it must give what a plain
// stable sort gives (newest first, then by id, then as they were).
func TestNewestFirstSortsInPlace(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 257} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			sums := make([]Summary, n)
			for i := range sums {
				// Few distinct times and ids: ties on both are common.
				sums[i] = Summary{Opened: t0.Add(time.Duration(rng.IntN(4)) * time.Hour), ID: fmt.Sprintf("INC-%d", rng.IntN(3)), Dir: fmt.Sprint(i)}
			}
			want := slices.Clone(sums)
			slices.SortStableFunc(want, func(a, b Summary) int {
				if c := b.Opened.Compare(a.Opened); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
			got := newestFirst(sums)
			for i := range want {
				if got[i].Dir != want[i].Dir {
					t.Fatalf("position %d holds %s; want %s", i, got[i].Dir, want[i].Dir)
				}
			}
		})
	}
}
