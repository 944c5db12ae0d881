package incident

import (
	"errors"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// A pause or a restart never carries a duty past its not_after bound
// (review H3): DORA's initial notification, classified at +22 h and due at
// +24 h after awareness, stays due at +24 h whatever is paused or
// restarted, and a paused duty comes overdue at the bound.
func TestPauseAndRestartKeepTheNotAfterBound(t *testing.T) {
	t.Parallel()
	bound := t0.Add(24 * time.Hour)
	tests := []struct {
		name string
		// act runs at +22 h, once dora-initial (due +24 h) runs.
		act         func(t *testing.T, s *Session, clock *testkit.Clock)
		wantDue     time.Time
		wantOverdue bool
	}{
		{"paused past the bound, then resumed", func(t *testing.T, s *Session, clock *testkit.Clock) {
			must(t, s.PauseDuty("alice", "dora-initial", "waiting for the client's figures"))
			clock.Advance(10 * time.Hour)
			must(t, s.Tick())
			d := s.State().Duty("dora-initial")
			if !d.Overdue || !d.OverdueAt.Equal(t0.Add(32*time.Hour)) {
				t.Errorf("paused past its bound: overdue %v at %v, want overdue", d.Overdue, d.OverdueAt)
			}
			// Still paused, it counts overdue: one count for the header,
			// the home screen and shodo list.
			if !d.CountsOverdue(clock.Now()) || s.State().OverdueCount(clock.Now()) != summaryOf(s.State()).Overdue {
				t.Errorf("paused and overdue: counts %v, header %d, list %d", d.CountsOverdue(clock.Now()), s.State().OverdueCount(clock.Now()), summaryOf(s.State()).Overdue)
			}
			must(t, s.ResumeDuty("alice", "dora-initial", ""))
		}, bound, true},
		{"paused an hour, resumed before the bound", func(t *testing.T, s *Session, clock *testkit.Clock) {
			must(t, s.PauseDuty("alice", "dora-initial", "waiting for the client's figures"))
			clock.Advance(time.Hour)
			must(t, s.Tick())
			must(t, s.ResumeDuty("alice", "dora-initial", ""))
		}, bound, false},
		{"restarted an hour later", func(t *testing.T, s *Session, clock *testkit.Clock) {
			clock.Advance(time.Hour)
			must(t, s.RestartDuty("alice", "dora-initial", "new classification"))
		}, bound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s, err := Open(loadFixture(t, "clocks.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
			must(t, err)
			t.Cleanup(func() { _ = s.Detach() })
			must(t, s.Stamp("alice", "aware"))
			clock.Advance(22 * time.Hour)
			must(t, s.Stamp("alice", "major"))
			tt.act(t, s, clock)
			d := s.State().Duty("dora-initial")
			if !d.Due.Equal(tt.wantDue) || d.Overdue != tt.wantOverdue {
				t.Errorf("due +%v overdue %v, want +%v overdue %v", d.Due.Sub(t0), d.Overdue, tt.wantDue.Sub(t0), tt.wantOverdue)
			}
			// What the session folded is what a replay of the journal folds.
			r, err := Replay(s.State().Events)
			must(t, err)
			if rd := r.Duty("dora-initial"); !rd.Due.Equal(d.Due) || rd.Bound != d.Bound {
				t.Errorf("replay: due %v bound %v, live %v %v", rd.Due, rd.Bound, d.Due, d.Bound)
			}
		})
	}
}

// A legal duty's clock neither pauses nor restarts once overdue, and an
// overdue duty is not paused (review H3, M6): each is refused with a named
// error and its sentence, and nothing is recorded.
func TestPauseAndRestartRefuseWhatWouldHideADeadline(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.Stamp("alice", "pii"))
	tests := []struct {
		name    string
		advance time.Duration
		do      func() error
		want    error
		reason  string
	}{
		{"pause a legal duty", 0, func() error { return s.PauseDuty("alice", "final-report", "waiting for the PPC") }, ErrLegalClock, "export.refusal.pause-legal"},
		{"pause an overdue duty", 3 * time.Hour, func() error { return s.PauseDuty("alice", "vendor-call", "waiting") }, ErrDutyOverdue, "export.refusal.pause-overdue"},
		{"restart an overdue legal duty", 31 * 24 * time.Hour, func() error { return s.RestartDuty("alice", "final-report", "new facts") }, ErrLegalClock, "export.refusal.restart-legal-overdue"},
	}
	for _, tt := range tests {
		clock.Advance(tt.advance)
		must(t, s.Tick())
		last := s.State().LastSeq
		err := tt.do()
		var r *Refusal
		if !errors.Is(err, tt.want) || !errors.As(err, &r) || r.Reason.ID != tt.reason {
			t.Errorf("%s: %v, want %v (%s)", tt.name, err, tt.want, tt.reason)
		}
		if s.State().LastSeq != last {
			t.Errorf("%s: refused, yet recorded seq %d", tt.name, s.State().LastSeq)
		}
	}
	if d := s.State().Duty("final-report"); !d.Overdue {
		t.Errorf("final-report after the refused restart: overdue %v", d.Overdue)
	}
}
