package incident

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// openReal opens an incident on the shipped runbook with a real journal
// under a temporary home, on clock.
func openReal(t *testing.T, clock Clock, opt OpenOptions) *Session {
	t.Helper()
	opt.Home, opt.Actor, opt.Clock = t.TempDir(), "alice", clock
	s, err := Open(shippedRunbook(t), opt)
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

// checkReplay detaches s, replays its journal from disk and resumes it:
// both must be exactly the live state. It returns the resumed session.
func checkReplay(t *testing.T, s *Session) *Session {
	t.Helper()
	live := s.State()
	replayed, r := replayDir(t, s)
	t.Cleanup(func() { _ = r.Detach() })
	if got, want := digest(t, replayed), digest(t, live); got != want {
		t.Fatalf("replay differs from the live state: %s", firstDiff(got, want))
	}
	return r
}

// The reproduction: revising an answer and giving the same answer
// again moved "Isolate, don't power off" (1 h) later each time. Its due
// time never moves; the withdrawal and return are recorded and kept.
func TestReviseKeepsTheDueTime(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	clock.Advance(9 * time.Second)
	must(t, s.Answer("alice", "symptom", "ransom")) // stamps security-suspected
	due := t0.Add(9*time.Second + time.Hour)
	check := func(when string) {
		t.Helper()
		d := s.State().Duty("preserve-evidence")
		if !d.Due.Equal(due) || !d.Started.Equal(t0.Add(9*time.Second)) {
			t.Fatalf("%s: preserve-evidence started %v, due %v; want due %v", when, d.Started, d.Due, due)
		}
	}
	check("first answer")
	for i := range 2 {
		clock.Advance(26 * time.Second)
		must(t, s.Revise("alice", "symptom"))
		if d := s.State().Duty("preserve-evidence"); d.Status != StatusWithdrawn {
			t.Fatalf("after revising: %s; want withdrawn", d.Status)
		}
		check("withdrawn")
		clock.Advance(4 * time.Second)
		must(t, s.Answer("alice", "symptom", "ransom"))
		check("answered again")
		if d := s.State().Duty("preserve-evidence"); d.Status != StatusRunning || len(d.Withdrawals) != i+1 || d.Withdrawals[i].ReturnedSeq == 0 {
			t.Fatalf("returned: %s with withdrawals %+v", d.Status, d.Withdrawals)
		}
	}
	st := s.State()
	if n := countType(st, TypeDutyStarted, "preserve-evidence on milestone:security-suspected"); n != 1 {
		t.Errorf("started %d times; want once", n)
	}
	s = checkReplay(t, s)
	if d := s.State().Duty("preserve-evidence"); !d.Due.Equal(due) {
		t.Errorf("resumed: due %v; want %v", d.Due, due)
	}
}

// A duty that comes back after its due time passed while it was withdrawn
// is overdue at once, and recorded so.
func TestReturnAfterDueIsOverdueAtOnce(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	must(t, s.Answer("alice", "symptom", "ransom"))
	must(t, s.Revise("alice", "symptom"))
	clock.Advance(2 * time.Hour)
	must(t, s.Tick())
	if d := s.State().Duty("preserve-evidence"); d.Overdue {
		t.Fatal("a withdrawn duty was recorded overdue")
	}
	must(t, s.Answer("alice", "symptom", "ransom"))
	d := s.State().Duty("preserve-evidence")
	if d.Status != StatusRunning || !d.Overdue || !d.Due.Equal(t0.Add(time.Hour)) {
		t.Fatalf("returned: %s, overdue %v, due %v", d.Status, d.Overdue, d.Due)
	}
	checkReplay(t, s)
}

// Restarting a clock is a deliberate act with a reason; the clock it
// replaces is kept.
func TestRestartDuty(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	must(t, s.Answer("alice", "symptom", "ransom"))
	clock.Advance(2 * time.Hour)
	must(t, s.Tick())
	wantErr(t, s.RestartDuty("alice", "preserve-evidence", ""), ErrRequired)
	wantErr(t, s.RestartDuty("alice", "report-management-nope", "x"), ErrUnknownDuty)
	must(t, s.RestartDuty("alice", "preserve-evidence", "the vendor asked for a fresh window"))
	d := s.State().Duty("preserve-evidence")
	if d.Overdue || !d.Started.Equal(t0.Add(2*time.Hour)) || !d.Due.Equal(t0.Add(3*time.Hour)) {
		t.Fatalf("restarted: overdue %v, from %v, due %v", d.Overdue, d.Started, d.Due)
	}
	if len(d.Restarts) != 1 || !d.Restarts[0].PreviousDue.Equal(t0.Add(time.Hour)) || !d.Restarts[0].WasOverdue {
		t.Fatalf("restarts %+v", d.Restarts)
	}
	checkReplay(t, s)
}

// A journal written before withdrawal existed recorded duty.cancelled on
// revision and a fresh duty.started on return: it still folds that way.
func TestOldCancelledJournalFoldsAsWritten(t *testing.T) {
	t.Parallel()
	rb := shippedRunbook(t)
	opened := Event{Seq: 1, At: t0, Actor: "sato", Type: TypeIncidentOpened, Data: IncidentOpened{Incident: "INC-1", Runbook: rb.ID, Opened: t0}}
	ev := func(seq uint64, at time.Duration, p Payload) Event {
		return Event{Seq: seq, At: t0.Add(at), Actor: "sato", Type: p.EventType(), Data: p}
	}
	st := Fold(rb, []Event{opened,
		ev(2, 0, DutyStarted{Duty: "preserve-evidence", Trigger: "opened", Started: t0, Due: t0.Add(time.Hour)}),
		ev(3, time.Minute, DutyCancelled{Duty: "preserve-evidence", Reason: "its trigger was withdrawn"}),
		ev(4, 2*time.Minute, DutyStarted{Duty: "preserve-evidence", Trigger: "opened", Started: t0.Add(2 * time.Minute), Due: t0.Add(time.Hour + 2*time.Minute)}),
	})
	d := st.Duty("preserve-evidence")
	if len(st.Problems) > 0 || d.Status != StatusRunning || !d.Due.Equal(t0.Add(time.Hour+2*time.Minute)) || len(d.Withdrawals) != 0 {
		t.Fatalf("old journal: %s due %v, withdrawals %v, problems %+v", d.Status, d.Due, d.Withdrawals, st.Problems)
	}
}

// Pausing keeps what is left of the clock; a paused duty is never
// recorded overdue; resuming gives it back.
func TestPauseKeepsTheRemainder(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	must(t, s.Answer("alice", "symptom", "ransom")) // preserve-evidence: 1h
	clock.Advance(20 * time.Minute)
	wantErr(t, s.PauseDuty("alice", "preserve-evidence", ""), ErrRequired)
	wantErr(t, s.ResumeDuty("alice", "preserve-evidence", ""), ErrDutyNotPaused)
	must(t, s.PauseDuty("alice", "preserve-evidence", "waiting for the customer's reply"))
	wantErr(t, s.PauseDuty("alice", "preserve-evidence", "again"), ErrDutyPaused)
	clock.Advance(3 * time.Hour)
	must(t, s.Tick())
	d := s.State().Duty("preserve-evidence")
	if d.Overdue || !d.Paused || d.Remaining(clock.Now()) != 40*time.Minute {
		t.Fatalf("paused: overdue %v, paused %v, remaining %v", d.Overdue, d.Paused, d.Remaining(clock.Now()))
	}
	if _, ok := s.NextDue(); ok {
		if next, _ := s.NextDue(); !next.After(t0.Add(time.Hour)) {
			t.Errorf("next due %v counts a paused duty", next)
		}
	}
	s = checkReplay(t, s)
	must(t, s.ResumeDuty("alice", "preserve-evidence", "the customer replied"))
	d = s.State().Duty("preserve-evidence")
	resumed := t0.Add(3*time.Hour + 20*time.Minute)
	if d.Paused || !d.Due.Equal(resumed.Add(40*time.Minute)) || len(d.Pauses) != 1 || !d.Pauses[0].To.Equal(resumed) {
		t.Fatalf("resumed: due %v, pauses %+v", d.Due, d.Pauses)
	}
	clock.Advance(40*time.Minute + time.Second)
	must(t, s.Tick())
	if !s.State().Duty("preserve-evidence").Overdue {
		t.Error("not overdue once the kept remainder ran out")
	}
	checkReplay(t, s)
}

// Claimed awareness two hours before the stamp moves the due time of the
// duties that milestone triggers two hours earlier; both times are kept.
func TestClaimedStampMovesDueTime(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	clock.Advance(3 * time.Hour)
	wantErr(t, s.StampAt("alice", "security-suspected", clock.Now().Add(time.Second)), ErrClaimedLater)
	aware := clock.Now().Add(-2 * time.Hour)
	must(t, s.StampAt("alice", "security-suspected", aware))
	st := s.State()
	stamp, _ := st.Stamped("security-suspected")
	if !stamp.Happened.Equal(aware) || !stamp.Time.Equal(clock.Now()) {
		t.Fatalf("stamp: happened %v, recorded %v", stamp.Happened, stamp.Time)
	}
	d := st.Duty("preserve-evidence")
	if !d.Started.Equal(aware) || !d.Due.Equal(aware.Add(time.Hour)) || !d.Recorded.Equal(clock.Now()) {
		t.Fatalf("preserve-evidence from %v (recorded %v), due %v; want from %v", d.Started, d.Recorded, d.Due, aware)
	}
	// Its due time passed an hour before the stamp: overdue at once.
	if !d.Overdue {
		t.Error("a duty due before it was recorded is not overdue")
	}
	checkReplay(t, s)
}

// A claimed opening: the clocks triggered by the opening count from it; a
// claim after now is refused with a Refusal.
func TestClaimedOpening(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	_, err := Open(shippedRunbook(t), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock, Since: t0.Add(time.Minute)})
	var r *Refusal
	if !errors.Is(err, ErrClaimedLater) || !errors.As(err, &r) {
		t.Fatalf("claimed opening in the future: %v", err)
	}
	since := t0.Add(-90 * time.Minute)
	s := openReal(t, clock, OpenOptions{Since: since})
	st := s.State()
	if !st.Happened.Equal(since) || !st.Opened.Equal(t0) || !st.Began().Equal(since) {
		t.Fatalf("opened %v, happened %v", st.Opened, st.Happened)
	}
	for _, d := range st.Duties {
		if d.Status == StatusRunning && d.Trigger == "opened" && (!d.Started.Equal(since) || !d.Recorded.Equal(t0)) {
			t.Errorf("%s from %v (recorded %v); want from %v", d.ID, d.Started, d.Recorded, since)
		}
	}
	checkReplay(t, s)
}

// openFixture opens an incident on a fixture runbook with a real journal.
func openFixture(t *testing.T, name string, clock Clock) *Session {
	t.Helper()
	s, err := Open(loadFixture(t, name), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

// checkOrder fails unless every event's recorded time is at or after the
// one before, and none is before the opening.
func checkOrder(t *testing.T, st *State) {
	t.Helper()
	for i, e := range st.Events {
		if i > 0 && e.At.Before(st.Events[i-1].At) {
			t.Errorf("seq %d (%s) at %v, before seq %d at %v", e.Seq, e.Type, e.At, st.Events[i-1].Seq, st.Events[i-1].At)
		}
		if e.Time.Before(st.Opened) {
			t.Errorf("seq %d (%s) at %v, before the opening %v", e.Seq, e.Type, e.Time, st.Opened)
		}
	}
}

// The reproduction: after the wall clock stepped back two hours, a
// duty showed "due in 2h" more than it had, and a note was stamped before
// the incident opened. The step is recorded once, the journal stays in
// order, and the time left does not grow.
func TestBackwardStepMovesNothing(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFixture(t, "triggers.toml", clock) // first-call: on opened, within 1h
	clock.Advance(30 * time.Minute)
	must(t, s.Note("alice", "before the step"))
	left := s.State().Duty("first-call").Due.Sub(s.Now())
	clock.Set(t0.Add(30*time.Minute - 2*time.Hour)) // the wall clock steps back
	if got := s.State().Duty("first-call").Due.Sub(s.Now()); got != left {
		t.Fatalf("after the step: %v left; want %v", got, left)
	}
	must(t, s.Note("alice", "after the step"))
	clock.Advance(10 * time.Second)
	must(t, s.Note("alice", "later still"))
	st := s.State()
	checkOrder(t, st)
	if n := countType(st, TypeClockStepped, ""); n != 1 {
		t.Fatalf("%d clock.stepped events; want exactly 1", n)
	}
	last := st.Events[len(st.Events)-1]
	if want := t0.Add(30*time.Minute + 10*time.Second); !last.At.Equal(want) {
		t.Errorf("the last note at %v; want %v (the steady time, counting on from the step)", last.At, want)
	}
	for _, e := range st.Events {
		if p, ok := e.Data.(ClockStepped); ok && (!p.Reading.Equal(t0.Add(-90*time.Minute)) || !p.Kept.Equal(t0.Add(30*time.Minute))) {
			t.Errorf("clock.stepped %+v", p)
		}
	}
	// Overdue follows the steady time: the duty falls due 30 minutes of
	// clock later, not 2h30m.
	clock.Advance(30*time.Minute - 10*time.Second + time.Second)
	must(t, s.Tick())
	if !s.State().Duty("first-call").Overdue {
		t.Error("first-call not overdue 1h after opening, counted steadily")
	}
	checkReplay(t, s)
}

// The reproduction: a step forward then back left a duty recorded
// OVERDUE and "done on time". Recorded times never go back, so a duty
// recorded overdue is done late.
func TestForwardThenBackStep(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFixture(t, "triggers.toml", clock)
	clock.Advance(2 * time.Hour) // forward: first-call (1h) overdue
	must(t, s.Tick())
	clock.Set(t0.Add(10 * time.Minute)) // and back
	must(t, s.DutyDone("alice", "first-call", "phone", ""))
	d := s.State().Duty("first-call")
	if !d.Overdue || d.OnTime() || d.Late <= 0 {
		t.Fatalf("overdue %v, on time %v, late %v", d.Overdue, d.OnTime(), d.Late)
	}
	checkOrder(t, s.State())
	checkReplay(t, s)
}

// A clock that went back while no process ran: the resumed session counts
// on from the journal's last time and records the step.
func TestResumeAfterClockWentBack(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFixture(t, "triggers.toml", clock)
	clock.Advance(20 * time.Minute)
	must(t, s.Note("alice", "before"))
	must(t, s.Detach())
	clock.Set(t0.Add(-time.Hour))
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	if now := r.Now(); !now.Equal(t0.Add(20 * time.Minute)) {
		t.Fatalf("resumed now %v; want the journal's last time", now)
	}
	must(t, r.Note("alice", "after"))
	st := r.State()
	checkOrder(t, st)
	if n := countType(st, TypeClockStepped, ""); n != 1 {
		t.Errorf("%d clock.stepped events; want 1", n)
	}
}

// On the system clock the steady time keeps Go's monotonic reading (a
// time.Time prints it as "m=±…"), so that the elapsed time it counts, and
// the countdowns measured against Session.Now, do not follow a wall clock
// set back within the process. Stripping it (Round(0), UTC, In) would
// make this fail.
func TestSteadyKeepsTheMonotonicReading(t *testing.T) {
	t.Parallel()
	c := steady{clock: ClockFunc(time.Now)}
	for range 3 {
		kept, step := c.read(time.Time{})
		if !strings.Contains(kept.String(), " m=") || step != nil {
			t.Fatalf("steady time %v (step %v) has no monotonic reading", kept, step)
		}
	}
	s, err := Open(shippedRunbook(t), OpenOptions{Home: t.TempDir(), Actor: "alice"})
	must(t, err)
	defer s.Detach()
	if now := s.Now(); !strings.Contains(now.String(), " m=") {
		t.Errorf("Session.Now() = %v: no monotonic reading", now)
	}
}
