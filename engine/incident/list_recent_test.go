package incident_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
)

// TestListRecent: ListRecent is List with the closed incidents after the
// most recent left out, and counted when opened since the given time;
// every incident that is not closed stays, and the order is List's.
func TestListRecent(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	// The ten newest open, the 30 older closed, one every six hours.
	if err := fixture.Archive(home, 40); err != nil {
		t.Fatal(err)
	}
	all, err := incident.List(home)
	if err != nil || len(all) != 40 {
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
	middle := all[25].Opened // a closed incident's opening, 15 closed back
	tests := []struct {
		closed int
		since  time.Time
	}{
		{-1, time.Time{}}, {0, time.Time{}}, {1, time.Time{}}, {7, time.Time{}}, {30, time.Time{}}, {100, time.Time{}},
		{7, middle}, {0, middle}, {20, middle},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("closed=%d since=%v", tt.closed, !tt.since.IsZero()), func(t *testing.T) {
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
