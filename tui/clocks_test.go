package tui

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// A paused duty keeps what it had left: the clock advancing past its old
// due time neither counts it down nor records it overdue; resumed, it is
// due that long after the resumption. Both acts are journaled with their
// reasons.
func TestPauseFreezesCountdown(t *testing.T) {
	h, s, clock := newEnglish(t, 100, 30)
	clock.Advance(10 * time.Minute)
	h.fireTicks()
	h.focusDuty("vendor-first-call")
	h.key("p")
	h.require("Pause the clock: First call to the maintenance vendor", "The clock stops with 50m00s left")
	h.key("enter")
	h.require("This field is required.")
	h.typeText("Waiting for the vendor's callback")
	h.key("enter")
	h.require("PAUSED, 50m00s left", "paused at 21:14:00 by sato: Waiting for the vendor's callback", "p resume")

	for _, step := range []time.Duration{time.Minute, 49 * time.Minute, 2 * time.Hour} {
		clock.Advance(step)
		h.fireTicks()
		must(t, s.Tick())
		h.send(stateMsg{st: s.State()})
		h.require("PAUSED, 50m00s left")
		if d := s.State().Duty("vendor-first-call"); d.Overdue || !d.Paused {
			t.Fatalf("after %v: overdue %v, paused %v", step, d.Overdue, d.Paused)
		}
	}

	h.key("p")
	h.require("Resume the clock: First call to the maintenance vendor", "runs again with the 50m00s it kept")
	h.typeText("The vendor called back")
	h.key("enter")
	d := s.State().Duty("vendor-first-call")
	if d.Paused || !d.Due.Equal(clock.Now().Add(50*time.Minute)) {
		t.Fatalf("resumed: paused %v, due %v, want %v", d.Paused, d.Due, clock.Now().Add(50*time.Minute))
	}
	if n := len(d.Pauses); n != 1 || d.Pauses[0].Reason != "Waiting for the vendor's callback" || d.Pauses[0].ResumeReason != "The vendor called back" {
		t.Fatalf("pauses: %+v", d.Pauses)
	}
	h.require("due in 50m00s")
	if eventsOf(s.State(), "duty.paused") != 1 || eventsOf(s.State(), "duty.resumed") != 1 {
		t.Fatal("pause and resume are not both journaled")
	}
}

// R restarts a duty's clock for a reason: a new due time from now, shown
// as restarted, the old one on record.
func TestRestartDuty(t *testing.T) {
	h, s, clock := newEnglish(t, 100, 30)
	before := s.State().Duty("capture-state").Due
	clock.Advance(40 * time.Minute)
	h.fireTicks()
	must(t, s.Tick())
	h.send(stateMsg{st: s.State()})
	h.focusDuty("capture-state")
	h.require("OVERDUE +10m00s")
	h.key("R")
	h.require("Restart the clock: Capture the state", "starts afresh from now")
	h.key("enter")
	h.require("This field is required.")
	h.typeText("The first capture was of the wrong server")
	h.key("enter")
	d := s.State().Duty("capture-state")
	if len(d.Restarts) != 1 || !d.Restarts[0].PreviousDue.Equal(before) || !d.Due.Equal(clock.Now().Add(30*time.Minute)) {
		t.Fatalf("restarts %+v, due %v", d.Restarts, d.Due)
	}
	h.require("due in 30m00s (restarted)", "restarted at 21:44:00 by sato: The first capture was of the wrong server (was due 21:34:00)")
}

// p and R say why not on a duty that is not running.
func TestClockKeysNeedARunningDuty(t *testing.T) {
	h, s, _ := newEnglish(t, 100, 30)
	must(t, s.Waive("sato", "customer-notice", "Internal only"))
	h.send(stateMsg{st: s.State()})
	h.focusDuty("customer-notice")
	for _, k := range []string{"p", "R"} {
		h.key(k)
		if h.m.dialog() != nil {
			t.Fatalf("%s opened a dialog on a waived duty", k)
		}
		h.require("not running")
	}
}

// A revision that withdraws a duty's trigger shows it as withdrawn with
// its original due time; it is not counted overdue.
func TestWithdrawnShowsOriginalDue(t *testing.T) {
	h, s, clock := newEnglish(t, 100, 30)
	h.pick("2")
	clock.Advance(5 * time.Minute)
	h.pick("3")
	h.pick("1")
	st := s.State()
	var id string
	var due time.Time
	for _, d := range st.Duties {
		if d.Status == incident.StatusRunning && d.Trigger != "opened" && !d.Due.IsZero() {
			id, due = d.ID, d.Due
			break
		}
	}
	if id == "" {
		t.Fatal("the verdict started no duty with a due time")
	}
	must(t, s.Revise("sato", "symptom"))
	h.send(stateMsg{st: s.State()})
	if d := s.State().Duty(id); d.Status != incident.StatusWithdrawn || !d.Due.Equal(due) {
		t.Fatalf("%s: %s due %v, want withdrawn due %v", id, d.Status, d.Due, due)
	}
	h.focusDuty(id)
	h.require("Withdrawn: their trigger no longer holds", "withdrawn (was due "+due.Format("15:04:05")+")", "comes back with this due time")
	clock.Advance(3 * time.Hour)
	h.fireTicks()
	must(t, s.Tick())
	h.send(stateMsg{st: s.State()})
	h.require("withdrawn (was due " + h.m.stamp(due) + ")")
	if d := s.State().Duty(id); d.Overdue {
		t.Fatal("a withdrawn duty was recorded overdue")
	}
}

// The milestone dialog's "happened at" reaches the journal: the clocks it
// starts count from it, and the timeline shows it with the time recorded.
// A time to come is refused in the dialog, which keeps the text.
func TestMilestoneClaimedTime(t *testing.T) {
	h, s, clock := newEnglish(t, 100, 30)
	clock.Advance(30 * time.Minute)
	h.fireTicks()
	h.key("m")
	h.typeText("23:59")
	h.key("enter")
	h.require("23:59 today is still to come: give the date too, such as 2026-11-24 23:59 for yesterday.", "| 23:59")
	if h.m.dialog() == nil || len(s.State().Milestones) != 0 {
		t.Fatal("a time to come was stamped, or the dialog closed")
	}
	for range 5 {
		h.key("backspace")
	}
	h.typeText("20:45")
	// What it will be taken as shows before enter (review M8).
	h.require("Counts from 2026-11-25 20:45, 49m00s ago.")
	h.key("enter")
	h.key("y") // the preview of its clocks
	st := s.State()
	if len(st.Milestones) != 1 {
		t.Fatalf("milestones: %+v", st.Milestones)
	}
	ms := st.Milestones[0]
	want := time.Date(2026, 11, 25, 20, 45, 0, 0, jst)
	if !ms.Happened.Equal(want) || !ms.Time.Equal(clock.Now()) {
		t.Fatalf("stamped %v (recorded %v), want %v (recorded %v)", ms.Happened, ms.Time, want, clock.Now())
	}
	for _, d := range st.Duties {
		if d.Trigger == "milestone:"+ms.Milestone && !d.Started.Equal(want) {
			t.Errorf("%s counts from %v, want the claim %v", d.ID, d.Started, want)
		}
	}
	h.key("tab")
	h.key("tab")
	h.require("20:45:00 (recorded 21:34:00)")
}

// A claimed time older than a year is refused in the dialog, which keeps
// the text, whatever its form (review M8): a year typed wrong would start
// every clock a year late, for good.
func TestMilestoneClaimTooOld(t *testing.T) {
	for _, lang := range []struct {
		name string
		new  func(*testing.T, int, int) (*harness, *incident.Session, *testkit.Clock)
		want string
	}{
		{"en", newEnglish, "2024-11-25 20:45 is 2024-11-25 20:45, more than 366 days ago: check the year."},
	} {
		t.Run(lang.name, func(t *testing.T) {
			h, s, _ := lang.new(t, 100, 30)
			h.key("m")
			h.typeText("2024-11-25 20:45")
			h.key("enter")
			h.require(lang.want)
			if h.m.dialog() == nil || len(s.State().Milestones) != 0 {
				t.Fatal("a claim older than a year was stamped, or the dialog closed")
			}
		})
	}
}

// The start confirmation's "aware since": the incident's opening duties
// count from it, and a time to come is said under the field, which keeps
// it.
func TestStartAwareSince(t *testing.T) {
	h, _ := newHome(t, t.TempDir())
	for h.m.home.items()[h.m.home.cursor].kind != itemRunbook || h.m.home.runbooks[h.m.home.cursor].rb.ID != "service-failure" {
		h.key("down")
	}
	h.key("enter")
	h.require("Aware since (optional: 01:30, 2h ago, 2026-12-02 01:30):", "tab aware since")
	h.typeText("23:30")
	h.key("enter")
	h.require("23:30 today is still to come", "23:30")
	if h.m.screen != screenHome {
		t.Fatal("a time to come opened the incident")
	}
	for range 5 {
		h.key("backspace")
	}
	h.typeText("90m ago")
	h.key("enter")
	if h.m.screen != screenIncident {
		t.Fatalf("not opened:\n%s", h.screen())
	}
	st := h.m.inc.eng.State()
	opened := t0.Add(10 * time.Minute)
	if want := opened.Add(-90 * time.Minute); !st.Happened.Equal(want) || !st.Opened.Equal(opened) {
		t.Fatalf("began %v, opened %v; want %v, %v", st.Happened, st.Opened, want, opened)
	}
	if d := st.Duty("vendor-first-call"); !d.Due.Equal(opened.Add(-30 * time.Minute)) {
		t.Fatalf("vendor-first-call due %v, want an hour after the claim", d.Due)
	}
	h.require("elapsed 01:30:00")
}

// Typing y or n in the focused field is text; without the focus they
// still start and go back.
func TestStartAwareSinceKeys(t *testing.T) {
	h, _ := newHome(t, t.TempDir())
	for h.m.home.items()[h.m.home.cursor].kind != itemRunbook {
		h.key("down")
	}
	h.key("enter")
	h.key("tab")
	h.typeText("ny")
	if h.m.home.confirm == nil || h.m.home.since.input.Value() != "ny" {
		t.Fatalf("y and n did not type: %q", h.m.home.since.input.Value())
	}
	h.key("esc") // leaves the field
	h.key("n")   // goes back
	if h.m.home.confirm != nil {
		t.Fatal("n did not go back once the field was left")
	}
}

// Countdowns and elapsed time read the session's steady time, not the
// screen's own clock: a wall clock set back does not hand the team time.
func TestCountdownUsesSteadyTime(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	h := newIncidentHarness(t, quiet{s}, i18n.English, clock, 100, 30)
	clock.Advance(10 * time.Minute)
	must(t, s.Note("sato", "checking"))
	h.send(stateMsg{st: s.State()})
	h.fireTicks()
	h.require("elapsed 00:10:00")
	clock.Set(t0.Add(-time.Hour)) // the wall clock steps back
	h.fireTicks()
	if got, want := h.m.now, s.Now(); !got.Equal(want) || got.Before(t0.Add(10*time.Minute)) {
		t.Fatalf("the screen's time %v, the session's %v", got, want)
	}
	h.require("elapsed 00:10:00")
	h.focusDuty("vendor-first-call")
	h.require("due in 50m00s")
}

// Each occurrence of a recurring duty is a row with its number: the
// current one counts down, the earlier ones say what became of them.
func TestRecurringOccurrenceRows(t *testing.T) {
	rb, diags := runbook.LoadFile("../testdata/incident/clocks.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, rb, clock)
	h := newIncidentHarness(t, quiet{s}, i18n.English, clock, 100, 30)
	clock.Advance(time.Hour)
	must(t, s.DutyDone("sato", "status-update", "", ""))
	clock.Advance(8 * time.Hour) // #2 is missed; #3 runs
	must(t, s.Tick())
	h.send(stateMsg{st: s.State()})
	h.fireTicks()
	h.focusDuty("status-update")
	h.require("> Status update #3", "due in 3h00m",
		"Finished", "  Status update #1", "done on time", "  Status update #2", "not done by 05:04:00")
}
