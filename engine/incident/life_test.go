package incident

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// The scenario: a personal-data incident on the shipped runbook,
// resolved on day 1, its PPC final report done on day 25, then closed.
// Between resolution and close the legal duties keep running; the close is
// refused while the final report is undecided, even handed over.
func TestPersonalDataIncidentResolvedThenClosedAfterFinalReport(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	clock.Advance(time.Hour)
	must(t, s.Stamp("alice", "appi-aware"))

	// Day 1: the service is back; it came back two hours before the stamp.
	clock.Advance(20 * time.Hour)
	back := clock.Now().Add(-2 * time.Hour)
	must(t, s.Resolve("alice", back))
	st := s.State()
	if st.Phase() != PhaseResolved || !st.Resolution.When().Equal(back) || st.Resolution.Actor != "alice" {
		t.Fatalf("after resolve: phase %s, resolution %+v", st.Phase(), st.Resolution)
	}
	if err := s.Resolve("alice", time.Time{}); !errors.Is(err, ErrAlreadyResolved) {
		t.Fatalf("second resolve: %v, want ErrAlreadyResolved", err)
	}

	// Every running duty that is not a legal one is decided now: the
	// first handed over, the others waived.
	handed := ""
	for _, d := range s.State().Duties {
		if d.Status != StatusRunning || d.Spec.Legal {
			continue
		}
		if handed == "" {
			handed = d.ID
			must(t, s.HandOver("alice", d.ID, "Service desk (Kato)", "OPS-1234"))
			continue
		}
		must(t, s.Waive("alice", d.ID, "done outside shodo"))
	}
	clock.Advance(24 * time.Hour)
	must(t, s.DutyDone("dpo", "appi-preliminary", "form", "report no. 2026-123"))
	must(t, s.DutyDone("dpo", "appi-notify-individuals", "email", ""))

	// Day 3: the final report is still to come: the close is refused and
	// says which duty holds it; handing it over does not release it.
	clock.Advance(24 * time.Hour)
	wantBlockers := []CloseBlocker{{Duty: "appi-final", Code: BlockLegal}}
	if got := s.State().CloseBlockers(); !slices.Equal(got, wantBlockers) {
		t.Fatalf("blockers %+v, want %+v", got, wantBlockers)
	}
	err := s.Close("alice", "Restored; reports filed.")
	var r *Refusal
	if !errors.Is(err, ErrCloseBlocked) || !errors.As(err, &r) || !slices.Equal(r.Blockers, wantBlockers) || r.Reason.ID != "export.refusal.close-legal" {
		t.Fatalf("close with the final report open: %v (%+v)", err, r)
	}
	must(t, s.HandOver("alice", "appi-final", "Legal (Mori)", "LEGAL-77"))
	if err := s.Close("alice", "Restored; reports filed."); !errors.Is(err, ErrCloseBlocked) {
		t.Fatalf("close with the final report handed over: %v, want ErrCloseBlocked", err)
	}
	if got := s.State().CloseBlockers(); len(got) != 1 || !got[0].HandedOver {
		t.Fatalf("blockers after the hand-over %+v", got)
	}

	// Day 25: the final report is done, on time; the close goes through.
	clock.Set(t0.Add(25 * 24 * time.Hour))
	must(t, s.DutyDone("dpo", "appi-final", "form", ""))
	must(t, s.Close("alice", "Restored; reports filed."))
	st = s.State()
	if st.Phase() != PhaseClosed || len(st.CloseBlockers()) != 0 {
		t.Fatalf("after close: phase %s, blockers %+v", st.Phase(), st.CloseBlockers())
	}
	if d := st.Duty("appi-final"); d.Status != StatusDone || !d.OnTime() {
		t.Errorf("ppc-final: %s, late %v", d.Status, d.Late)
	}
	if d := st.Duty(handed); d.Status != StatusRunning || d.Handover == nil || d.Handover.Owner != "Service desk (Kato)" || d.Handover.Ticket != "OPS-1234" {
		t.Errorf("%s: %s, hand-over %+v", handed, d.Status, d.Handover)
	}
	if len(st.Problems) > 0 {
		t.Errorf("problems: %+v", st.Problems)
	}
}

// Resolution starts the duties triggered on "resolved", counting from the
// claimed time, and stops recurring updates that run until it.
func TestResolvedTriggerAndUntil(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	clock.Advance(95 * time.Minute)
	must(t, s.Tick())
	if d := s.State().Duty("status-update"); d.Status != StatusRunning || d.Instance != 4 {
		t.Fatalf("status-update before resolution: %s #%d, want running #4", d.Status, d.Instance)
	}
	if err := s.Resolve("alice", clock.Now().Add(time.Minute)); !errors.Is(err, ErrClaimedLater) {
		t.Fatalf("resolve in the future: %v, want ErrClaimedLater", err)
	}
	back := clock.Now().Add(-10 * time.Minute)
	must(t, s.Resolve("alice", back))
	st := s.State()
	if d := st.Duty("status-update"); d.Status != StatusCancelled || d.CancelCode != CancelUntil {
		t.Errorf("status-update after resolution: %s (%s), want cancelled until", d.Status, d.CancelCode)
	}
	review := st.Duty("review")
	if review.Status != StatusRunning || review.Trigger != "resolved" || !review.Started.Equal(back) ||
		!review.Due.Equal(back.Add(7*24*time.Hour)) || !review.Recorded.Equal(clock.Now()) {
		t.Errorf("review: %s on %q from %v (recorded %v) due %v", review.Status, review.Trigger, review.Started, review.Recorded, review.Due)
	}
	// Between resolution and close, duties are worked as before.
	must(t, s.DutyAttempted("alice", "vendor-call", "phone", "no answer"))
	must(t, s.PauseDuty("alice", "review", "waiting for the vendor's report"))
	must(t, s.ResumeDuty("alice", "review", ""))
	must(t, s.DutyDone("alice", "vendor-call", "phone", ""))
	must(t, s.Waive("alice", "review", "merged into the quarterly review"))
	checkReplay(t, s)
}

// A close is refused while a running duty is undecided, and the refusal
// lists them; a hand-over needs an owner; a hand-over decides an ordinary
// duty.
func TestCloseRefusedWhileDutiesUndecided(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.Answer("alice", "symptom", "leak"))
	err := s.Close("alice", "fixed")
	var r *Refusal
	want := []CloseBlocker{{Duty: "vendor-call", Code: BlockUndecided}, {Duty: "status-update", Code: BlockUndecided}, {Duty: "final-report", Code: BlockLegal}}
	if !errors.As(err, &r) || !errors.Is(err, ErrCloseBlocked) || !slices.Equal(r.Blockers, want) {
		t.Fatalf("close: %v, blockers %+v; want %+v", err, r, want)
	}
	if err := s.HandOver("alice", "vendor-call", "", "OPS-1"); !errors.Is(err, ErrRequired) {
		t.Fatalf("hand-over without an owner: %v, want ErrRequired", err)
	}
	if err := s.HandOver("alice", "review", "Ops", ""); !errors.Is(err, ErrDutyNotRunning) {
		t.Fatalf("hand-over of a duty not started: %v, want ErrDutyNotRunning", err)
	}
	must(t, s.HandOver("alice", "vendor-call", "Ops on-call", ""))
	must(t, s.HandOver("alice", "status-update", "Ops on-call", "OPS-2"))
	must(t, s.HandOver("alice", "final-report", "Legal", "LEGAL-1"))
	if err := s.Close("alice", "fixed"); !errors.Is(err, ErrCloseBlocked) {
		t.Fatalf("close with the legal duty handed over: %v, want ErrCloseBlocked", err)
	}
	must(t, s.Waive("alice", "final-report", "Legal concluded no report is required: 3 people, no sensitive data"))
	must(t, s.Close("alice", "fixed"))
}

// The reproduction: closed with a duty running, resumed a day
// later, the incident showed its elapsed time and countdowns still
// running, and OVERDUE for a duty that was not overdue at close. Every
// figure stands at the close.
func TestResumeADayLaterElapsedFrozenAtClose(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	clock.Advance(20 * time.Minute)
	must(t, s.Resolve("alice", time.Time{}))
	must(t, s.HandOver("alice", "vendor-call", "Ops on-call", "OPS-3"))
	must(t, s.HandOver("alice", "review", "Problem management", "PRB-9"))
	clock.Advance(20 * time.Minute)
	must(t, s.Close("alice", "Disk replaced."))
	closedAt, lastSeq := clock.Now(), s.State().LastSeq

	clock.Advance(24 * time.Hour)
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	must(t, r.Tick())
	st, now := r.State(), r.Now()
	if got := st.Elapsed(now); got != 40*time.Minute {
		t.Errorf("elapsed a day after the close: %v, want 40m (frozen at the close)", got)
	}
	if got := st.AsOf(now); !got.Equal(closedAt) {
		t.Errorf("AsOf = %v, want the close %v", got, closedAt)
	}
	d := st.Duty("vendor-call")
	if got := d.Remaining(st.AsOf(now)); got != 20*time.Minute || d.LateAt(st.AsOf(now)) || d.Overdue {
		t.Errorf("vendor-call a day later: %v left, late %v, overdue %v; want 20m left as of the close", got, d.LateAt(st.AsOf(now)), d.Overdue)
	}
	if next, ok := st.NextDue(); ok {
		t.Errorf("a closed incident still has a next due time: %v", next)
	}
	if st.LastSeq != lastSeq {
		t.Errorf("resume a day later recorded %d events after the close", st.LastSeq-lastSeq)
	}
}

// Closed means closed: every command is refused but Reopen, which needs a
// reason and is journaled; the clocks run again after it, and closing
// again seals a new head.
func TestClosedRefusesAllButReopen(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.Waive("alice", "vendor-call", "the vendor called first"))
	must(t, s.Waive("alice", "status-update", "one customer, told by phone"))
	must(t, s.Close("alice", "False start."))
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	lastSeq := r.State().LastSeq
	for name, cmd := range map[string]func() error{
		"note":      func() error { return r.Note("alice", "late thought") },
		"resolve":   func() error { return r.Resolve("alice", time.Time{}) },
		"hand over": func() error { return r.HandOver("alice", "vendor-call", "Ops", "") },
		"stamp":     func() error { return r.Stamp("alice", "pii") },
		"close":     func() error { return r.Close("alice", "again") },
	} {
		if err := cmd(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after close: %v, want ErrClosed", name, err)
		}
	}
	if r.State().LastSeq != lastSeq {
		t.Fatalf("commands after close appended %d events", r.State().LastSeq-lastSeq)
	}
	if err := r.Reopen("alice", ""); !errors.Is(err, ErrRequired) {
		t.Fatalf("reopen without a reason: %v, want ErrRequired", err)
	}
	clock.Advance(3 * time.Hour)
	must(t, r.Reopen("bob", "the vendor found a second failed disk"))
	st := r.State()
	if st.Phase() != PhaseOpen || len(st.Reopens) != 1 {
		t.Fatalf("after reopen: phase %s, reopens %+v", st.Phase(), st.Reopens)
	}
	if ro := st.Reopens[0]; ro.Actor != "bob" || ro.Reason != "the vendor found a second failed disk" || ro.Summary != "False start." || !ro.Time.Equal(clock.Now()) {
		t.Errorf("reopen %+v", ro)
	}
	if err := r.Reopen("bob", "twice"); !errors.Is(err, ErrNotClosed) {
		t.Errorf("reopen of an open incident: %v, want ErrNotClosed", err)
	}
	must(t, r.Note("bob", "replacing disk 4"))
	must(t, r.Resolve("bob", time.Time{})) // stops the status updates that run again
	must(t, r.HandOver("bob", "review", "Problem management", "PRB-10"))
	must(t, r.Close("bob", "Both disks replaced."))
	head, err := journal.ReadHead(filepath.Join(r.Dir(), journal.HeadFile))
	must(t, err)
	if final := r.State(); head.Seq != final.LastSeq || final.Phase() != PhaseClosed {
		t.Errorf("head seals seq %d, journal ends at %d (phase %s)", head.Seq, final.LastSeq, final.Phase())
	}
}

// A record appended behind shodo's back after the close (the chain has no
// secret: anyone can re-chain) is never sealed over: Resume says so and
// leaves the head as it was, and Reopen is refused.
func TestResumeRefusesToSealOverRecordsAfterClose(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.HandOver("alice", "vendor-call", "Ops", ""))
	must(t, s.HandOver("alice", "status-update", "Ops", ""))
	must(t, s.Close("alice", "Done."))
	headPath := filepath.Join(s.Dir(), journal.HeadFile)
	before, err := os.ReadFile(headPath)
	must(t, err)
	forgeAfterClose(t, s.Dir(), clock.Now().Add(time.Minute))

	_, err = Resume(s.Dir(), ResumeOptions{Clock: clock})
	var r *Refusal
	if !errors.Is(err, ErrAfterClose) || !errors.As(err, &r) || r.Reason.ID != "export.refusal.after-close" {
		t.Fatalf("resume with a record after the close: %v, want ErrAfterClose", err)
	}
	after, err := os.ReadFile(headPath)
	must(t, err)
	if string(after) != string(before) {
		t.Errorf("resume re-sealed over the record appended after the close")
	}
}

// openLife opens an incident on testdata/incident/life.toml with a real
// journal.
func openLife(t *testing.T, clock Clock) *Session {
	t.Helper()
	s, err := Open(loadFixture(t, "life.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

// forgeAfterClose appends a note to a closed incident's journal through
// the journal itself, as someone editing it by hand and re-chaining would.
func forgeAfterClose(t *testing.T, dir string, at time.Time) {
	t.Helper()
	j, err := journal.Config{Now: func() time.Time { return at }}.Open(dir, func(journal.Record) error { return nil })
	must(t, err)
	data, err := encodePayload(NoteAdded{Text: "this never happened"})
	must(t, err)
	_, err = j.Append(journal.Entry{At: at, Actor: "mallory", Type: TypeNoteAdded, Data: data})
	must(t, err)
	must(t, j.Close())
}

// verifyLife verifies the journal in dir (against headPath, when given, as
// a ticket's copy) and checks the incident's life, as shodo verify does.
func verifyLife(t *testing.T, dir, headPath string) (journal.Report, LifeCheck) {
	t.Helper()
	var events []Event
	opt := journal.VerifyOptions{HeadPath: headPath, Visit: func(r journal.Record) error {
		ev, err := DecodeRecord(r)
		if err != nil {
			return err
		}
		events = append(events, ev)
		return nil
	}}
	if headPath == "" {
		if local := filepath.Join(dir, journal.HeadFile); fileExists(local) {
			opt.HeadPath = local
		}
	}
	rep, err := journal.Verify(dir, opt)
	must(t, err)
	if !rep.OK() {
		t.Fatalf("journal does not verify: %v", rep)
	}
	return rep, CheckLife(events, rep, Anchor{Ticket: headPath != ""})
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// verify's checks of an incident's life: a closed journal that continues
// after its close (by hand), a closed journal without a head, a reopen
// after a ticket's copy of the head (reported, and a break of its own),
// and the same reopen after the local head (reported, no break).
func TestCheckLife(t *testing.T) {
	t.Parallel()
	closedIncident := func(t *testing.T) (*Session, *testkit.Clock) {
		clock := testkit.NewClock(t0)
		s := openLife(t, clock)
		must(t, s.HandOver("alice", "vendor-call", "Ops", "OPS-1"))
		must(t, s.HandOver("alice", "status-update", "Ops", "OPS-1"))
		clock.Advance(time.Hour)
		must(t, s.Close("alice", "Done."))
		return s, clock
	}
	t.Run("closed and sealed", func(t *testing.T) {
		t.Parallel()
		s, _ := closedIncident(t)
		if _, life := verifyLife(t, s.Dir(), ""); life.Break != nil || !life.Closed || life.Reopen != nil {
			t.Errorf("%+v", life)
		}
	})
	t.Run("forged after close", func(t *testing.T) {
		t.Parallel()
		s, clock := closedIncident(t)
		closedSeq := s.State().LastSeq
		forgeAfterClose(t, s.Dir(), clock.Now().Add(time.Minute))
		_, life := verifyLife(t, s.Dir(), "")
		b := life.Break
		if b == nil || b.Kind != KindAfterClose || b.Seq != closedSeq+1 || b.Line != int(closedSeq+1) || b.Why != "after-sealed-close" {
			t.Errorf("break %+v, want after-close at seq %d", b, closedSeq+1)
		}
	})
	t.Run("no head", func(t *testing.T) {
		t.Parallel()
		s, _ := closedIncident(t)
		must(t, os.Remove(filepath.Join(s.Dir(), journal.HeadFile)))
		if _, life := verifyLife(t, s.Dir(), ""); life.Break == nil || life.Break.Kind != KindNoHead || life.Break.Line != 0 {
			t.Errorf("break %+v, want no-head", life.Break)
		}
	})
	t.Run("forged after a second close", func(t *testing.T) {
		t.Parallel()
		s, clock := closedIncident(t)
		first := filepath.Join(t.TempDir(), "first-head.json")
		head, err := os.ReadFile(filepath.Join(s.Dir(), journal.HeadFile))
		must(t, err)
		must(t, os.WriteFile(first, head, 0o600))
		r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
		must(t, err)
		must(t, r.Reopen("bob", "one more thing"))
		must(t, r.Close("bob", "Done again."))
		forgeAfterClose(t, s.Dir(), clock.Now().Add(time.Minute))
		// The local head sealed the second close; the first one's copy
		// did not, and the reopen it missed is reported too.
		if _, life := verifyLife(t, s.Dir(), ""); life.Break == nil || life.Break.Kind != KindAfterClose || life.Break.Why != "after-sealed-close" {
			t.Errorf("against the local head: %+v", life.Break)
		}
		if _, life := verifyLife(t, s.Dir(), first); life.Break == nil || life.Break.Kind != KindAfterClose || life.Break.Why != "after-close" || life.Reopen == nil {
			t.Errorf("against the first head: %+v, reopen %+v", life.Break, life.Reopen)
		}
	})
	t.Run("reopened after the ticket's head", func(t *testing.T) {
		t.Parallel()
		s, clock := closedIncident(t)
		ticket := filepath.Join(t.TempDir(), "ticket-head.json")
		head, err := os.ReadFile(filepath.Join(s.Dir(), journal.HeadFile))
		must(t, err)
		must(t, os.WriteFile(ticket, head, 0o600))
		r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
		must(t, err)
		clock.Advance(2 * time.Hour)
		must(t, r.Reopen("bob", "the regulator asked for more"))
		must(t, r.Detach())

		_, life := verifyLife(t, s.Dir(), ticket)
		if b := life.Break; b == nil || b.Kind != KindReopenedAfterHead || life.Reopen == nil ||
			life.Reopen.Actor != "bob" || life.Reopen.Reason != "the regulator asked for more" || !life.Reopen.Time.Equal(clock.Now()) {
			t.Errorf("against the ticket's head: break %+v, reopen %+v", b, life.Reopen)
		}
		if _, life := verifyLife(t, s.Dir(), ""); life.Break != nil || life.Reopen == nil || life.Closed {
			t.Errorf("against the local head: break %+v, reopen %+v, closed %v", life.Break, life.Reopen, life.Closed)
		}
	})
}

// TestListFollowsLife: the home list says where an incident stands in its
// life: resolved once the service is back, closed, and open again after a
// reopen: neither closed nor resolved, whatever it was before it closed
// (the close was a mistake; the service is resolved anew when it is back).
func TestListFollowsLife(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	home := filepath.Dir(filepath.Dir(s.Dir()))
	phase := func() Summary {
		t.Helper()
		sums, err := List(home)
		must(t, err)
		if len(sums) != 1 {
			t.Fatalf("%d summaries", len(sums))
		}
		return sums[0]
	}
	if got := phase(); got.Phase != PhaseOpen || got.Closed {
		t.Fatalf("opened: %+v", got)
	}
	must(t, s.Answer("alice", "symptom", "down"))
	must(t, s.Resolve("alice", time.Time{}))
	if got := phase(); got.Phase != PhaseResolved || got.Closed {
		t.Fatalf("resolved: %+v", got)
	}
	for _, d := range s.State().Duties {
		if d.Status == StatusRunning {
			must(t, s.Waive("alice", d.ID, "test"))
		}
	}
	must(t, s.Close("alice", "done"))
	if got := phase(); got.Phase != PhaseClosed || !got.Closed {
		t.Fatalf("closed: %+v", got)
	}
	r, err := Resume(s.Dir(), ResumeOptions{Home: home, Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	must(t, r.Reopen("alice", "the fix did not hold"))
	if got := phase(); got.Phase != PhaseOpen || got.Closed || got.FollowUps != 0 {
		t.Fatalf("reopened: %+v", got)
	}
	st := r.State()
	if st.Phase() != PhaseOpen || st.Resolution != nil || len(st.Reopens) != 1 || st.Reopens[0].Resolution == nil {
		t.Fatalf("reopened state: phase %s, resolution %+v, reopens %+v", st.Phase(), st.Resolution, st.Reopens)
	}
	// The service is back again: resolved anew, not "already resolved".
	clock.Advance(time.Hour)
	must(t, r.Resolve("alice", time.Time{}))
	must(t, r.Detach())
	if got := phase(); got.Phase != PhaseResolved {
		t.Fatalf("resolved again: %+v", got)
	}
	if p := r.State().Problems; len(p) > 0 {
		t.Errorf("problems: %+v", p)
	}
}

// The service cannot be back before the incident began nor in the future:
// Resolve refuses a claimed time before the opening (before its aware-since
// time when it was opened with one) or after now, with a named error and a
// refusal the edges put into words, and records nothing.
func TestResolveClaimedTimeBounds(t *testing.T) {
	t.Parallel()
	opened := t0.Add(2 * time.Hour) // the clock when the incident is opened
	tests := []struct {
		name    string
		since   time.Duration // aware since, before opening; 0 for none
		claimed time.Duration // from opening
		want    error
	}{
		{name: "a minute before opening", claimed: -time.Minute, want: ErrClaimedBeforeOpening},
		{name: "at the opening", claimed: 0},
		{name: "after the opening", claimed: 30 * time.Minute},
		{name: "in the future", claimed: 3 * time.Hour, want: ErrClaimedLater},
		{name: "before aware-since", since: time.Hour, claimed: -61 * time.Minute, want: ErrClaimedBeforeOpening},
		{name: "between aware-since and opening", since: time.Hour, claimed: -30 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(opened)
			opt := OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock}
			if tt.since != 0 {
				opt.Since = opened.Add(-tt.since)
			}
			s, err := Open(loadFixture(t, "life.toml"), opt)
			must(t, err)
			t.Cleanup(func() { _ = s.Detach() })
			clock.Advance(time.Hour)
			must(t, s.Tick()) // what the hour brought is recorded first
			before := s.State().LastSeq
			err = s.Resolve("alice", opened.Add(tt.claimed))
			if tt.want == nil {
				must(t, err)
				if r := s.State().Resolution; r == nil || !r.When().Equal(opened.Add(tt.claimed)) {
					t.Fatalf("resolution %+v", r)
				}
				return
			}
			var r *Refusal
			if !errors.Is(err, tt.want) || !errors.As(err, &r) {
				t.Fatalf("Resolve: %v, want a refusal of %v", err, tt.want)
			}
			if st := s.State(); st.LastSeq != before || st.Resolution != nil {
				t.Errorf("a refused resolve recorded something: seq %d → %d, resolution %+v", before, st.LastSeq, st.Resolution)
			}
		})
	}
}

// A reopen undoes the resolution: the incident is open again, a follow-up
// started on "resolved" is withdrawn until the service is back, recurring
// updates until "resolved" start again, and a new resolution returns the
// follow-up with the clock it had.
func TestReopenUndoesResolution(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.Answer("alice", "symptom", "down"))
	clock.Advance(20 * time.Minute)
	must(t, s.Resolve("alice", time.Time{}))
	reviewDue := s.State().Duty("review").Due
	must(t, s.DutyDone("alice", "vendor-call", "phone", ""))
	must(t, s.HandOver("alice", "review", "Quality (Ito)", ""))
	must(t, s.Close("alice", "back"))
	clock.Advance(time.Hour)
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	must(t, r.Reopen("bob", "the fix did not hold"))
	st := r.State()
	if st.Phase() != PhaseOpen || st.Resolution != nil {
		t.Fatalf("reopened: phase %s, resolution %+v", st.Phase(), st.Resolution)
	}
	if d := st.Duty("review"); d.Status != StatusWithdrawn {
		t.Errorf("review after the reopen: %s, want withdrawn", d.Status)
	}
	clock.Advance(time.Hour)
	must(t, r.Resolve("bob", time.Time{}))
	st = r.State()
	if d := st.Duty("review"); d.Status != StatusRunning || !d.Due.Equal(reviewDue) {
		t.Errorf("review after the second resolution: %s due %v, want running due %v", d.Status, d.Due, reviewDue)
	}
	if len(st.Problems) > 0 {
		t.Errorf("problems: %+v", st.Problems)
	}
	checkReplay(t, r)
}

// A reason, an owner, a summary or an outcome of blanks answers nothing:
// the engine refuses it as missing, as it refuses an empty one, whichever
// edge (the terminal app trims, a drill step or a script may not) sends it.
func TestBlankTextsRefused(t *testing.T) {
	t.Parallel()
	blanks := []string{"", " ", "\t", " \n "}
	for _, text := range blanks {
		clock := testkit.NewClock(t0)
		s := openLife(t, clock)
		must(t, s.Answer("alice", "symptom", "leak"))
		before := s.State().LastSeq
		for _, tc := range []struct {
			name string
			cmd  func() error
		}{
			{"hand over", func() error { return s.HandOver("alice", "vendor-call", text, "OPS-1") }},
			{"waive", func() error { return s.Waive("alice", "vendor-call", text) }},
			{"pause", func() error { return s.PauseDuty("alice", "vendor-call", text) }},
			{"restart", func() error { return s.RestartDuty("alice", "vendor-call", text) }},
			{"attempt", func() error { return s.DutyAttempted("alice", "vendor-call", "phone", text) }},
			{"note", func() error { return s.Note("alice", text) }},
			{"close", func() error { return s.Close("alice", text) }},
			{"end", func() error { return s.End("alice", EndMistake, "", text) }},
		} {
			if err := tc.cmd(); !errors.Is(err, ErrRequired) {
				t.Errorf("%s with %q: %v, want ErrRequired", tc.name, text, err)
			}
		}
		if got := s.State().LastSeq; got != before {
			t.Fatalf("blank %q: refused commands recorded %d events", text, got-before)
		}
	}
	// A closed incident reopens only with a reason that says something.
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.Waive("alice", "vendor-call", "the vendor called first"))
	must(t, s.Waive("alice", "status-update", "one customer, told by phone"))
	must(t, s.Close("alice", "fixed"))
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	for _, text := range blanks {
		if err := r.Reopen("alice", text); !errors.Is(err, ErrRequired) {
			t.Errorf("reopen with %q: %v, want ErrRequired", text, err)
		}
	}
	if !r.State().Closed {
		t.Fatal("a blank reopen reopened the incident")
	}
}

// A journal that goes on after its close is listed as unreadable, naming
// the first record after the close, once the listing reads it (its index
// entry gone, its summary out of date): not as a closed incident that
// looks whole. Its summary file is removed so nothing vouches for it.
func TestListShowsRecordsAfterCloseAsUnreadable(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.HandOver("alice", "vendor-call", "Ops", ""))
	must(t, s.HandOver("alice", "status-update", "Ops", ""))
	must(t, s.Close("alice", "Done."))
	home := filepath.Dir(filepath.Dir(s.Dir()))
	sums, err := List(home)
	must(t, err)
	if len(sums) != 1 || sums[0].Err != nil || sums[0].Phase != PhaseClosed {
		t.Fatalf("before: %+v", sums)
	}
	last := sums[0].LastSeq
	forgeAfterClose(t, s.Dir(), clock.Now().Add(time.Minute))
	forgeAfterClose(t, s.Dir(), clock.Now().Add(2*time.Minute))
	must(t, os.RemoveAll(filepath.Join(home, IndexDir)))

	for range 2 { // read in full every time
		sums, err = List(home)
		must(t, err)
		after, ok := errors.AsType[*AfterClose](sums[0].Err)
		if len(sums) != 1 || !ok || after.Seq != last+1 || after.Count != 2 {
			t.Fatalf("after a forged record: %+v (err %v), want AfterClose from seq %d, 2 records", sums, sums[0].Err, last+1)
		}
		if fileExists(filepath.Join(s.Dir(), SummaryFile)) {
			t.Errorf("a summary vouches for a journal that goes on after its close")
		}
	}
}
