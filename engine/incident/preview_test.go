package incident

import (
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestStampPreview: the clocks a milestone's preview shows are exactly the
// ones stamping it then starts, with the same due times, claimed time
// included; the preview records nothing.
func TestStampPreview(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		milestone string
		claim     time.Duration // before now; 0: not claimed
		wantAny   bool
	}{
		{"awareness of a leak starts the APPI clocks", "appi-aware", 0, true},
		{"a claimed earlier time moves every due time", "appi-aware", 2 * time.Hour, true},
		{"a milestone whose clocks also wait for another", "appi-wrongful-purpose", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openReal(t, clock, OpenOptions{})
			clock.Advance(3 * time.Hour)
			var happened time.Time
			if tt.claim > 0 {
				happened = clock.Now().Add(-tt.claim)
			}
			st := s.State()
			before := digest(t, st)
			preview := st.StampPreview(tt.milestone, clock.Now(), happened)
			if got := digest(t, s.State()); got != before {
				t.Fatalf("the preview changed the state: %s", firstDiff(before, got))
			}
			if got := digest(t, st); got != before {
				t.Fatalf("the preview changed the snapshot it was asked of: %s", firstDiff(before, got))
			}
			if tt.wantAny != (len(preview) > 0) {
				t.Fatalf("preview of %s: %d clocks, want some: %v", tt.milestone, len(preview), tt.wantAny)
			}

			must(t, s.StampAt("alice", tt.milestone, happened))
			after := s.State()
			var started []string
			for i := range after.Duties {
				d := &after.Duties[i]
				if d.Status == StatusRunning && st.Duty(d.ID).Status != StatusRunning {
					started = append(started, d.ID+" "+instant(d.Due)+" "+instant(d.Target))
				}
			}
			var previewed []string
			for _, d := range preview {
				previewed = append(previewed, d.ID+" "+instant(d.Due)+" "+instant(d.Target))
			}
			if !slices.Equal(previewed, started) {
				t.Fatalf("previewed %q\nstarted   %q", previewed, started)
			}
		})
	}
	t.Run("nothing for a stamped milestone or an unknown one", func(t *testing.T) {
		t.Parallel()
		clock := testkit.NewClock(t0)
		s := openReal(t, clock, OpenOptions{})
		must(t, s.Stamp("alice", "appi-aware"))
		for _, id := range []string{"appi-aware", "no-such-milestone"} {
			if got := s.State().StampPreview(id, clock.Now(), time.Time{}); len(got) != 0 {
				t.Fatalf("preview of %s: %d clocks, want none", id, len(got))
			}
		}
	})
}

// instant is a due time as an instant, whatever the zone's name (a journal
// read back keeps the offset, not the name).
func instant(t time.Time) string { return t.UTC().Format(time.RFC3339) }
