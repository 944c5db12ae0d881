package incident

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// A report marked done with the time it was really submitted: the clock
// chained on done:<duty> counts from the submission, and the duty is late
// only if the submission was. On the shipped runbook, the vendor's first
// report is due 4 h after our first call (done:vendor-first-call), which is
// due 1 h after opening.
func TestDoneWithSubmissionTime(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		markedAt   time.Duration // after opening
		submitted  time.Duration // after opening; 0: no claim
		wantReport time.Duration // the chained report's due time, after opening
		wantLate   time.Duration
	}{
		{"no claim: the chain counts from the mark", 50 * time.Minute, 0, 50*time.Minute + 4*time.Hour, 0},
		{"claimed: the chain counts from the submission", 50 * time.Minute, 20 * time.Minute, 20*time.Minute + 4*time.Hour, 0},
		{"marked after the due time, submitted before it: not late", 90 * time.Minute, 40 * time.Minute, 40*time.Minute + 4*time.Hour, 0},
		{"submitted late: late by the submission, not the mark", 2 * time.Hour, 70 * time.Minute, 70*time.Minute + 4*time.Hour, 10 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openReal(t, clock, OpenOptions{})
			clock.Advance(tc.markedAt)
			var submitted time.Time
			if tc.submitted > 0 {
				submitted = t0.Add(tc.submitted)
			}
			must(t, s.DutyDoneSubmittedAt("alice", "vendor-first-call", "phone", "", submitted, false))
			st := s.State()
			call, report := st.Duty("vendor-first-call"), st.Duty("vendor-first-report")
			if report.Status != StatusRunning || !report.Due.Equal(t0.Add(tc.wantReport)) {
				t.Fatalf("report %s due %v, want running due %v", report.Status, report.Due, t0.Add(tc.wantReport))
			}
			if call.Late != tc.wantLate {
				t.Errorf("late %v, want %v", call.Late, tc.wantLate)
			}
			if tc.submitted > 0 && !report.Recorded.Equal(t0.Add(tc.markedAt)) {
				t.Errorf("the chained duty's trigger was recorded at %v, want the mark %v", report.Recorded, t0.Add(tc.markedAt))
			}
			checkReplay(t, s)
		})
	}
}

// A submission claimed after now is refused, as any claimed time is.
func TestDoneSubmittedLaterRefused(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	clock.Advance(10 * time.Minute)
	wantErr(t, s.DutyDoneSubmittedAt("alice", "vendor-first-call", "phone", "", t0.Add(time.Hour), false), ErrClaimedLater)
	if d := s.State().Duty("vendor-first-call"); d.Status != StatusRunning {
		t.Fatalf("status %s after a refused claim", d.Status)
	}
}
