package incident_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
)

// TestListRecent: ListRecent is List with the closed incidents after the
// most recent left out, and counted when opened since the given time;
// every incident that is not closed stays, and the order is List's. At
// 250 incidents the index has an archive (more than headClosed closed
// incidents): the listings the head serves and those that read the
// archive (every closed one, more than the head holds, since older than
// the head) agree with List alike.
func TestListRecent(t *testing.T) {
	t.Parallel()
	for _, n := range []int{40, 250} {
		t.Run(fmt.Sprintf("incidents=%d", n), func(t *testing.T) {
			t.Parallel()
			home, _, err := fixture.TempHome()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(home) })
			// The ten newest open, the older ones closed, one every six hours.
			if err := fixture.Archive(home, n); err != nil {
				t.Fatal(err)
			}
			testListRecent(t, home, n)
		})
	}
}

func testListRecent(t *testing.T, home string, n int) {
	all, err := incident.List(home)
	if err != nil || len(all) != n {
		t.Fatalf("List: %d, %v", len(all), err)
	}
	// want is what ListRecent should give, from List's answer.
	want := func(closed int, since time.Time) (ids []string, older int) {
		seen := 0
		for _, s := range all {
			if s.Phase != incident.PhaseClosed {
				ids = append(ids, s.ID)
				continue
			}
			seen++
			if closed < 0 || seen <= closed {
				ids = append(ids, s.ID)
			} else if since.IsZero() || !s.Opened.Before(since) {
				older++
			}
		}
		return ids, older
	}
	middle := all[25].Opened  // a closed incident's opening, 15 closed back
	oldest := all[n-5].Opened // in the archive, when there is one
	tests := []struct {
		closed int
		since  time.Time
	}{
		{-1, time.Time{}}, {0, time.Time{}}, {1, time.Time{}}, {7, time.Time{}}, {30, time.Time{}}, {50, time.Time{}},
		{100, time.Time{}}, {150, time.Time{}}, {1000, time.Time{}},
		{7, middle}, {0, middle}, {20, middle}, {7, oldest}, {50, oldest}, {-1, oldest},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("closed=%d since=%v", tt.closed, tt.since.Format(time.DateTime)), func(t *testing.T) {
			for round := range 2 { // from the index as written, and as rewritten
				sums, older, err := incident.ListRecent(home, tt.closed, tt.since)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, s := range sums {
					ids = append(ids, s.ID)
					if s.Dir == "" || s.Runbook == "" || s.Opened.IsZero() {
						t.Errorf("round %d: %s summarised in part: %+v", round, s.ID, s)
					}
				}
				wantIDs, wantOlder := want(tt.closed, tt.since)
				if fmt.Sprint(ids) != fmt.Sprint(wantIDs) || older != wantOlder {
					t.Errorf("round %d: %v, %d older\nwant %v, %d older", round, ids, older, wantIDs, wantOlder)
				}
			}
		})
	}
}
