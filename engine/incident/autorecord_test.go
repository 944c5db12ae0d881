package incident

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestOverdueFailsThenRetries is issue 12 M5: a duty.overdue that cannot be
// written (a full disk) is an error of Tick, not silence; the next Tick
// writes it; the record says when the duty was due, and the escalation it
// triggers counts from that due time, not from when the disk had room.
func TestOverdueFailsThenRetries(t *testing.T) {
	clock := testkit.NewClock(t0)
	mj := &memJournal{}
	s := openMem(t, loadFixture(t, "triggers.toml"), OpenOptions{Clock: clock}, mj)
	clock.Advance(10 * time.Minute)
	must(t, s.DutyDone("alice", "first-call", "phone", ""))
	due := s.State().Duty("report").Due
	if due.IsZero() {
		t.Fatal("report has no due time")
	}
	records := len(mj.records)

	full := fmt.Errorf("append: %w", syscall.ENOSPC)
	mj.refuse = full
	clock.Set(due.Add(20 * time.Minute))
	for range 3 {
		if err := s.Tick(); !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("Tick on a full disk = %v; want ENOSPC", err)
		}
		clock.Advance(5 * time.Minute)
	}
	if d := s.State().Duty("report"); d.Overdue || len(mj.records) != records {
		t.Fatalf("recorded while the disk was full: overdue %v, %d records", d.Overdue, len(mj.records)-records)
	}
	if esc := s.State().Duty("escalate"); esc != nil && esc.Status != StatusIdle && !esc.Started.IsZero() {
		t.Fatalf("escalation started without its record: %+v", esc)
	}

	// Space returns 35 minutes after the due time: the escalation's 30
	// minutes have already run out.
	mj.refuse = nil
	must(t, s.Tick())
	st := s.State()
	report := st.Duty("report")
	if !report.Overdue {
		t.Fatal("the retried Tick did not record the overdue duty")
	}
	ev := st.Events[report.OverdueSeq-1]
	if p, ok := ev.Data.(DutyOverdue); !ok || !p.Due.Equal(due) {
		t.Errorf("the overdue record = %#v; want it to say the duty was due at %s", ev.Data, due)
	}
	esc := st.Duty("escalate")
	if esc == nil || esc.Status != StatusRunning {
		t.Fatalf("escalation not started: %+v", esc)
	}
	if want := due.Add(30 * time.Minute); !esc.Due.Equal(want) {
		t.Errorf("escalation due %s; want %s (30m from the report's due time, not from the retry)", esc.Due, want)
	}
	if !esc.Overdue {
		t.Error("the escalation, already past its due time at the retry, is not recorded overdue")
	}
}
