package incident

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// openContent opens an incident on testdata/incident/content.toml: the
// vendor's first report is a checklist, the customer notice waits for the
// IC's approval, the regulator report has both.
func openContent(t *testing.T, clock Clock) *Session {
	t.Helper()
	s, err := Open(loadFixture(t, "content.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

// A checklist is ticked and unticked item by item, each journaled with who
// and when; marking the duty done with a required item unticked is refused
// until the person confirms, and then the journal names the items left.
func TestChecklist(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openContent(t, clock)
	clock.Advance(5 * time.Minute)
	must(t, s.TickItem("bob", "vendor-first-call", "what-failed"))
	clock.Advance(time.Minute)
	must(t, s.TickItem("carol", "vendor-first-call", "next"))
	must(t, s.UntickItem("carol", "vendor-first-call", "next"))

	d := s.State().Duty("vendor-first-call")
	if m := d.Mark("what-failed"); !m.Ticked || m.Actor != "bob" || !m.Time.Equal(t0.Add(5*time.Minute)) {
		t.Errorf("what-failed: %+v, want ticked by bob at +5m", m)
	}
	if m := d.Mark("next"); m.Ticked || m.Actor != "carol" {
		t.Errorf("next: %+v, want unticked by carol", m)
	}
	if got, want := d.Unticked(), []string{"checked"}; !slices.Equal(got, want) {
		t.Errorf("unticked required items %v, want %v", got, want)
	}

	for _, tc := range []struct {
		name string
		err  error
		do   func() error
	}{
		{"tick twice", ErrItemTicked, func() error { return s.TickItem("bob", "vendor-first-call", "what-failed") }},
		{"untick an unticked item", ErrItemNotTicked, func() error { return s.UntickItem("bob", "vendor-first-call", "checked") }},
		{"tick an item the duty does not have", ErrUnknownItem, func() error { return s.TickItem("bob", "vendor-first-call", "nope") }},
		{"tick on an unknown duty", ErrUnknownDuty, func() error { return s.TickItem("bob", "nope", "checked") }},
		{"done with a required item unticked", ErrItemsUnticked, func() error { return s.DutyDone("bob", "vendor-first-call", "", "") }},
	} {
		if err := tc.do(); !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
	}

	must(t, s.DutyDoneUnticked("bob", "vendor-first-call", "", "they will send the rest by noon"))
	d = s.State().Duty("vendor-first-call")
	if d.Status != StatusDone {
		t.Fatalf("status %s, want done", d.Status)
	}
	last := s.State().Events[len(s.State().Events)-1].Data.(DutyDone)
	if !slices.Equal(last.Unticked, []string{"checked"}) {
		t.Errorf("duty.done names %v as left unticked, want [checked]", last.Unticked)
	}
	if err := s.TickItem("bob", "vendor-first-call", "checked"); !errors.Is(err, ErrDutyNotRunning) {
		t.Errorf("tick on a done duty: %v", err)
	}
}

// Ticking every required item lets the duty be done without asking, and
// the journal names nothing left.
func TestChecklistComplete(t *testing.T) {
	t.Parallel()
	s := openContent(t, testkit.NewClock(t0))
	must(t, s.TickItem("bob", "vendor-first-call", "what-failed"))
	must(t, s.TickItem("bob", "vendor-first-call", "checked"))
	must(t, s.DutyDone("bob", "vendor-first-call", "", ""))
	last := s.State().Events[len(s.State().Events)-1].Data.(DutyDone)
	if len(last.Unticked) != 0 {
		t.Errorf("unticked %v, want none", last.Unticked)
	}
}

// A duty that needs an approval cannot be done until approved; the
// approval names who approved, in which role, and when.
func TestApproval(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openContent(t, clock)
	if err := s.DutyDone("bob", "customer-notice", "web", ""); !errors.Is(err, ErrNotApproved) {
		t.Fatalf("done before approval: %v, want ErrNotApproved", err)
	}
	if err := s.Approve("alice", "vendor-first-call"); !errors.Is(err, ErrNoApproval) {
		t.Errorf("approve a duty that needs none: %v", err)
	}
	clock.Advance(20 * time.Minute)
	must(t, s.Approve("alice", "customer-notice"))
	if err := s.Approve("alice", "customer-notice"); !errors.Is(err, ErrAlreadyApproved) {
		t.Errorf("approve twice: %v", err)
	}
	a := s.State().Duty("customer-notice").Approved
	if a == nil || a.Actor != "alice" || a.Role != "ic" || !a.Time.Equal(t0.Add(20*time.Minute)) {
		t.Fatalf("approval %+v, want alice as ic at +20m", a)
	}
	must(t, s.DutyDone("bob", "customer-notice", "web", ""))

	// Both at once: the approval is asked for first, then the checklist.
	must(t, s.Answer("alice", "symptom", "leak"))
	if err := s.DutyDone("mori", "regulator-report", "form", ""); !errors.Is(err, ErrNotApproved) {
		t.Errorf("regulator report before approval: %v", err)
	}
	must(t, s.Approve("mori", "regulator-report"))
	if err := s.DutyDone("mori", "regulator-report", "form", ""); !errors.Is(err, ErrItemsUnticked) {
		t.Errorf("regulator report with its item unticked: %v", err)
	}
}

// Content survives a detach and a resume: the state is the journal's.
func TestContentResumes(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openContent(t, clock)
	must(t, s.TickItem("bob", "vendor-first-call", "what-failed"))
	must(t, s.Approve("alice", "customer-notice"))
	replayed, _ := replayDir(t, s)
	if !replayed.Duty("vendor-first-call").Mark("what-failed").Ticked || replayed.Duty("customer-notice").Approved == nil {
		t.Errorf("replayed state lost the content: %+v / %+v", replayed.Duty("vendor-first-call").Marks, replayed.Duty("customer-notice").Approved)
	}
}
