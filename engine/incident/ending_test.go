package incident

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// The false alarm: a monitoring alert opens an incident, a
// legal duty among those running; it ends as a false alarm with no
// verdict, every running duty withdrawn with the ending, nothing left to
// decide, sealed; a reopen brings the duties back with their clocks.
func TestFalseAlarmEndsWithoutAVerdict(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.Stamp("alice", "pii")) // the legal report starts: no verdict yet
	running := map[string]time.Time{}
	for _, d := range s.State().Duties {
		if d.Status == StatusRunning {
			running[d.ID] = d.Due
		}
	}
	if len(running) == 0 || s.State().Verdict != nil {
		t.Fatalf("fixture: %d running duties", len(running))
	}
	clock.Advance(10 * time.Minute)
	// A running legal duty holds the ending until it is waived with its
	// own reason, so the postmortem says who decided the regulator need
	// not be told, and why (review M7); the others go with the ending.
	err := s.End("alice", EndFalseAlarm, "", "the monitoring probe was misconfigured")
	var refused *Refusal
	if !errors.Is(err, ErrCloseBlocked) || !errors.As(err, &refused) || refused.Reason.ID != "export.refusal.end-legal" || !strings.Contains(err.Error(), "final-report") {
		t.Fatalf("false alarm with a legal duty running: %v, want end-legal naming final-report", err)
	}
	must(t, s.Waive("alice", "final-report", "no personal data was involved: the probe was misconfigured"))
	delete(running, "final-report")
	must(t, s.End("alice", EndFalseAlarm, "", "the monitoring probe was misconfigured"))

	st := s.State()
	if st.Phase() != PhaseClosed || st.Ending == nil || st.Ending.Code != EndFalseAlarm || st.Summary != "the monitoring probe was misconfigured" {
		t.Fatalf("after the ending: phase %s, ending %+v, summary %q", st.Phase(), st.Ending, st.Summary)
	}
	for id := range running {
		if d := st.Duty(id); d.Status != StatusDismissed || !d.DismissedAt.Equal(clock.Now()) {
			t.Errorf("%s: %s at %v, want dismissed at the close", id, d.Status, d.DismissedAt)
		}
	}
	if b := st.CloseBlockers(); len(b) != 0 {
		t.Errorf("blockers after the ending: %+v", b)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), journal.HeadFile)); err != nil {
		t.Errorf("no signed head after the ending: %v", err)
	}
	wantErr(t, s.Note("alice", "too late"), ErrClosed)

	// Resumed a day later, it stands as it was closed; reopened, the
	// withdrawn duties run again with the due times they had.
	clock.Advance(24 * time.Hour)
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	if got := r.State(); got.Ending == nil || got.Ending.Reason != "the monitoring probe was misconfigured" || len(got.Problems) > 0 {
		t.Fatalf("resumed: ending %+v, problems %+v", got.Ending, got.Problems)
	}
	must(t, r.Reopen("alice", "the probe was right: orders are failing"))
	st = r.State()
	if st.Ending != nil || len(st.Reopens) != 1 || st.Reopens[0].Ending == nil || st.Reopens[0].Ending.Code != EndFalseAlarm {
		t.Fatalf("reopened: ending %+v, reopens %+v", st.Ending, st.Reopens)
	}
	for id, due := range running {
		// A recurring duty's occurrences came due meanwhile: only the
		// others keep the very due time they had.
		if d := st.Duty(id); d.Status != StatusRunning || d.Spec.Every.IsZero() && !d.Due.Equal(due) {
			t.Errorf("%s after the reopen: %s due %v, want running due %v", id, d.Status, d.Due, due)
		}
	}
	checkReplay(t, r)
}

// A duplicate names another incident of the home by its id (a prefix
// will do; the full id is recorded); bad endings are refused before
// anything is recorded.
func TestEndingRefusals(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	home := t.TempDir()
	rb := loadFixture(t, "life.toml")
	first, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: "INC-20261125-AAAA"})
	must(t, err)
	must(t, first.Detach())
	third, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: "INC-20261125-ACCC"})
	must(t, err)
	must(t, third.Detach())
	s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: "INC-20261125-BBBB"})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })

	for _, tc := range []struct {
		name, ending, of, reason string
		want                     error
		wantReason               string
	}{
		{"no reason", EndFalseAlarm, "", "  ", ErrRequired, "export.refusal.required-reason"},
		{"unknown ending", "resolved-itself", "", "gone", ErrUnknownEnding, "export.refusal.unknown-ending"},
		{"duplicate without an id", EndDuplicate, "", "seen twice", ErrRequired, "export.refusal.required-incident"},
		{"duplicate of itself", EndDuplicate, "inc-20261125-bbbb", "seen twice", ErrSelf, "export.refusal.self"},
		{"duplicate of nothing", EndDuplicate, "INC-20991231-0000", "seen twice", ErrNoSuchIncident, "export.refusal.no-such-incident"},
		{"duplicate of a path", EndDuplicate, "../incidents/INC-20261125-AAAA", "seen twice", ErrNoSuchIncident, "export.refusal.no-such-incident"},
		{"duplicate of a prefix two ids start with", EndDuplicate, "INC-20261125-A", "seen twice", ErrAmbiguous, "export.refusal.ambiguous-incident"},
		{"false alarm naming another", EndFalseAlarm, "INC-20261125-AAAA", "nothing", ErrNotDuplicate, "export.refusal.not-duplicate"},
	} {
		err := s.End("alice", tc.ending, tc.of, tc.reason)
		var r *Refusal
		if !errors.Is(err, tc.want) || !errors.As(err, &r) || r.Reason.ID != tc.wantReason || r.Command.ID != "export.command.end" {
			t.Errorf("%s: %v (%+v), want %v with %s", tc.name, err, r, tc.want, tc.wantReason)
		}
	}
	if st := s.State(); st.Closed || st.LastSeq != 1+uint64(countRunning(st)) {
		t.Fatalf("refused endings recorded something: closed %v, last seq %d", st.Closed, st.LastSeq)
	}
	must(t, s.End("alice", EndDuplicate, "inc-20261125-aa", "the same outage, reported by the service desk"))
	if e := s.State().Ending; e == nil || e.Of != "INC-20261125-AAAA" {
		t.Fatalf("ending %+v, want a duplicate of INC-20261125-AAAA", e)
	}
	checkReplay(t, s)
}

func countRunning(st *State) int {
	n := 0
	for _, d := range st.Duties {
		if d.Status == StatusRunning {
			n++
		}
	}
	return n
}
