package incident

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// A done or waive taken back leaves the duty as it stood before, with its
// clock as it was, and both records on the journal.
func TestReopenDuty(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	due := t0.Add(time.Hour) // first-call: on opened, within 1h
	tests := []struct {
		name string
		// decide records the done or waive at t0+10m; reopen takes it
		// back at t0+reopenAt.
		decide   func(s *Session) error
		reopenAt time.Duration
		undo     bool
		want     DutyStatus
		overdue  bool
		paused   bool
	}{
		{name: "done undone", decide: func(s *Session) error { return s.DutyDone("sato", "first-call", "phone", "") },
			reopenAt: 10*time.Minute + 5*time.Second, undo: true, want: StatusRunning},
		{name: "waive undone", decide: func(s *Session) error { return s.Waive("sato", "first-call", "vendor called us") },
			reopenAt: 10*time.Minute + 5*time.Second, undo: true, want: StatusRunning},
		{name: "done reopened after its due time is overdue at once", decide: func(s *Session) error { return s.DutyDone("sato", "first-call", "phone", "") },
			reopenAt: 2 * time.Hour, want: StatusRunning, overdue: true},
		{name: "waive of a duty not started yet sets it back idle", decide: func(s *Session) error { return s.Waive("sato", "report", "the vendor sends none") },
			reopenAt: 20 * time.Minute, want: StatusIdle},
		{name: "done while paused stands paused again", decide: func(s *Session) error {
			if err := s.PauseDuty("sato", "first-call", "waiting for the vendor"); err != nil {
				return err
			}
			return s.DutyDone("sato", "first-call", "phone", "")
		}, reopenAt: 3 * time.Hour, want: StatusRunning, paused: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
			clock.Set(t0.Add(10 * time.Minute))
			duty := "first-call"
			if strings.Contains(tt.name, "idle") {
				duty = "report"
			}
			must(t, tt.decide(s))
			decided := s.State().Duty(duty).decidedSeq()
			clock.Set(t0.Add(tt.reopenAt))
			if tt.undo {
				must(t, s.UndoDuty("kenji", duty))
			} else {
				must(t, s.ReopenDuty("kenji", duty, "the vendor says the call never reached them"))
			}
			st := s.State()
			d := st.Duty(duty)
			if d.Status != tt.want || d.Paused != tt.paused || d.DoneSeq != 0 || d.WaivedSeq != 0 {
				t.Fatalf("%s after reopen: %s paused=%v done seq %d waived seq %d; want %s paused=%v and no decision", duty, d.Status, d.Paused, d.DoneSeq, d.WaivedSeq, tt.want, tt.paused)
			}
			if tt.want == StatusRunning && !tt.paused && !d.Due.Equal(due) {
				t.Errorf("due %v after reopen; want the original %v", d.Due, due)
			}
			if got := d.CountsOverdue(st.AsOf(clock.Now())); got != tt.overdue || d.Overdue != tt.overdue {
				t.Errorf("overdue: counts %v, recorded %v; want %v", got, d.Overdue, tt.overdue)
			}
			if len(d.Reopenings) != 1 || d.Reopenings[0].Of != decided || d.Reopenings[0].Undone() != tt.undo || d.Reopenings[0].Actor != "kenji" {
				t.Fatalf("reopenings %+v; want one of seq %d by kenji, undone=%v", d.Reopenings, decided, tt.undo)
			}
			if len(st.Problems) > 0 {
				t.Errorf("problems: %+v", st.Problems)
			}
		})
	}
}

// A done that started another duty (done:x): undone while the chained duty
// has nothing recorded, the chained duty is withdrawn, and done again it
// comes back with the clock it had.
func TestReopenWithdrawsChainedDuty(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	clock := testkit.NewClock(t0)
	s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
	clock.Set(t0.Add(10 * time.Minute))
	must(t, s.DutyDone("sato", "first-call", "phone", ""))
	report := s.State().Duty("report")
	if report.Status != StatusRunning {
		t.Fatalf("report %s after first-call done; want running", report.Status)
	}
	reportDue := report.Due
	clock.Set(t0.Add(10*time.Minute + 3*time.Second))
	must(t, s.UndoDuty("sato", "first-call"))
	st := s.State()
	if got := st.Duty("report").Status; got != StatusWithdrawn {
		t.Fatalf("report %s after the undo; want withdrawn", got)
	}
	last := st.Events[len(st.Events)-1]
	if w, ok := last.Data.(DutyWithdrawn); !ok || w.Cause != last.Seq-1 || SentenceOf(last).ID != "export.event.duty-withdrawn-reopened" {
		t.Fatalf("last event %s %+v (%s); want report withdrawn by the reopen", last.Type, last.Data, SentenceOf(last).ID)
	}
	clock.Set(t0.Add(20 * time.Minute))
	must(t, s.DutyDone("sato", "first-call", "phone", ""))
	if d := s.State().Duty("report"); d.Status != StatusRunning || !d.Due.Equal(reportDue) {
		t.Fatalf("report %s due %v after first-call done again; want running, due %v as before", d.Status, d.Due, reportDue)
	}
}

func TestReopenDutyRefused(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	tests := []struct {
		name    string
		setup   func(t *testing.T, s *Session)
		duty    string
		reason  string
		want    error
		mention string
	}{
		{name: "a running duty has nothing to take back", duty: "first-call", reason: "why", want: ErrNotDecided},
		{name: "a duty not started has nothing to take back", duty: "report", reason: "why", want: ErrNotDecided},
		{name: "an unknown duty", duty: "nope", reason: "why", want: ErrUnknownDuty},
		{name: "a reopen needs a reason", duty: "first-call", reason: " ", want: ErrRequired,
			setup: func(t *testing.T, s *Session) { must(t, s.DutyDone("sato", "first-call", "phone", "")) }},
		{name: "a chained duty with records", duty: "first-call", reason: "why", want: ErrReopenChained, mention: "report",
			setup: func(t *testing.T, s *Session) {
				must(t, s.DutyDone("sato", "first-call", "phone", ""))
				must(t, s.DutyAttempted("sato", "report", "", "no answer"))
			}},
		{name: "a duty already reopened", duty: "first-call", reason: "why", want: ErrNotDecided,
			setup: func(t *testing.T, s *Session) {
				must(t, s.Waive("sato", "first-call", "not needed"))
				must(t, s.UndoDuty("sato", "first-call"))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
			if tt.setup != nil {
				tt.setup(t, s)
			}
			before := s.State().LastSeq
			err := s.ReopenDuty("sato", tt.duty, tt.reason)
			wantErr(t, err, tt.want)
			var r *Refusal
			if !errors.As(err, &r) || !strings.HasPrefix(r.Reason.ID, "export.refusal.") {
				t.Fatalf("error %v is not a refusal with words", err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not name %q", err, tt.mention)
			}
			if after := s.State().LastSeq; after != before {
				t.Errorf("a refused reopen recorded events %d..%d", before+1, after)
			}
		})
	}
}

// A journal with a reopen that names a decision the duty no longer has
// (edited by hand, or from a newer shodo) folds with a problem, not a panic.
func TestReopenFoldMismatch(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	opened := Kinds()[0].Example().(IncidentOpened)
	opened.Runbook = rb.ID
	events := []Event{
		{Seq: 1, At: t0, Actor: "sato", Type: TypeIncidentOpened, Data: opened},
		{Seq: 2, At: t0, Actor: SystemActor, Type: TypeDutyStarted, Data: DutyStarted{Duty: "first-call", Trigger: "opened", Cause: 1, Started: t0, Due: t0.Add(time.Hour)}},
		{Seq: 3, At: t0, Actor: "sato", Type: TypeDutyReopened, Data: DutyReopened{Duty: "first-call", Of: 2, From: StatusDone, Code: ReopenUndone}},
	}
	st := Fold(rb, events)
	if len(st.Problems) != 1 || st.Problems[0].Say.ID != "export.problem.reopened-while" {
		t.Fatalf("problems %+v; want one reopened-while", st.Problems)
	}
	if d := st.Duty("first-call"); d.Status != StatusRunning || len(d.Reopenings) != 0 {
		t.Errorf("first-call %s with %d reopenings; want running, untouched", d.Status, len(d.Reopenings))
	}
}
