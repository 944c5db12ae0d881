package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// newEnglish opens the shipped English runbook at t0 and shows it at w×h.
func newEnglish(t *testing.T, w, h int) (*harness, *incident.Session, *testkit.Clock) {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	return newIncidentHarness(t, quiet{s}, i18n.English, clock, w, h), s, clock
}

// focusDuty puts the duty cursor on id, with the duties pane focused.
func (h *harness) focusDuty(id string) {
	h.t.Helper()
	for h.m.inc.focus != paneDuties {
		h.key("tab")
	}
	for range 50 {
		if h.m.inc.duty == id {
			return
		}
		h.key("down")
	}
	h.t.Fatalf("duty %s not listed; selected %s", id, h.m.inc.duty)
}

func TestAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, key, option string
	}{
		{"enter answers the option under the cursor", "enter", "outage"},
		{"a number goes to that option, enter answers", "3", "exposed"},
		{"down then enter", "down", "ransom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := newEnglish(t, 100, 30)
			h.key(tc.key)
			if tc.key != "enter" {
				h.refuse("Recorded:")
				h.key("enter")
			}
			e := h.lastAnswer()
			if e.Node != "symptom" || e.Option != tc.option {
				t.Fatalf("answered %s/%s, want symptom/%s", e.Node, e.Option, tc.option)
			}
			// The status line says so (after the duties the action started).
			if got := h.m.flash.text; !strings.Contains(got, "Recorded: answer") {
				t.Errorf("status line %q lacks %q", got, "Recorded: answer")
			}
		})
	}
}

// lastAnswer is the newest triage.answered event.
func (h *harness) lastAnswer() incident.TriageAnswered {
	h.t.Helper()
	evs := h.state().Events
	for i := len(evs) - 1; i >= 0; i-- {
		if a, ok := evs[i].Data.(incident.TriageAnswered); ok {
			return a
		}
	}
	h.t.Fatal("no answer recorded")
	return incident.TriageAnswered{}
}

func TestAnswerReachesVerdict(t *testing.T) {
	h, _, _ := newEnglish(t, 120, 40)
	h.pick("2")
	h.pick("3")
	h.pick("1")
	st := h.state()
	if st.Verdict == nil || st.Verdict.ID != "ransomware" {
		t.Fatalf("verdict = %+v, want ransomware", st.Verdict)
	}
	// The verdict is said in words, not colour alone.
	h.require("SECURITY INCIDENT, rank A", "verdict: Security incident: ransomware")
	// A verdict leaves nothing to answer: enter says why.
	h.key("enter")
	h.require("enter answer: verdict reached: r revises")
}

func TestReviseConfirmsWhatIsSuperseded(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.pick("1") // outage
	h.pick("2") // no change we know of
	h.key("r")
	if !h.m.inc.revising {
		t.Fatal("r did not start choosing an answer to revise")
	}
	h.key("up") // the first answer
	h.key("enter")
	if !topIs[*reviseDialog](h) {
		t.Fatalf("dialog = %T, want the revise confirmation", h.m.dialog())
	}
	// The question's own question mark, once (issue 16).
	h.require("Revise your answer to: What was reported first? ==",
		"These answers will be superseded",
		"1. What was reported first? -> Service down",
		"2. Was anything changed shortly before it started? -> No change we know of")
	before := len(h.state().Events)
	h.key("n")
	if len(h.state().Events) != before || h.m.dialog() != nil {
		t.Fatal("n did not cancel the revision")
	}
	h.key("r")
	h.key("up")
	h.key("enter")
	h.key("y")
	st := h.state()
	if got := st.Events[len(st.Events)-1].Type; got != incident.TypeTriageRevised {
		t.Fatalf("last event %s, want %s", got, incident.TypeTriageRevised)
	}
	if st.Node != "symptom" || len(st.Standing()) != 0 {
		t.Fatalf("after revising: node %q, %d standing answers", st.Node, len(st.Standing()))
	}
	h.require("Recorded: revise")
}

func TestDutyDone(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.focusDuty("vendor-first-call")
	h.key("d")
	h.require("Mark done: First call to the maintenance vendor", "phone", "+81-3-0000-2200", "email")
	h.key("down") // email
	h.key("tab")  // the note
	h.typeText("Ticket 4471")
	h.key("enter")
	d := h.state().Duty("vendor-first-call")
	if d.Status != incident.StatusDone || d.Means != "email" || d.Note != "Ticket 4471" {
		t.Fatalf("duty = %s by %q note %q", d.Status, d.Means, d.Note)
	}
	if h.m.dialog() != nil {
		t.Fatal("the dialog stayed open after the engine recorded it")
	}
	// It collapses below with its outcome.
	h.require("Finished", "done on time by email")
	if got := h.m.flash.text; !strings.Contains(got, "Recorded: done: First call") {
		t.Errorf("status line %q lacks %q", got, "Recorded: done: First call")
	}
}

// After marking a duty done, the cursor is on the running duty that took
// its place, not on the finished one at the bottom of the list.
func TestDoneMovesToTheNextRunningDuty(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	listed := h.m.listedDuties()
	if len(listed) < 2 {
		t.Fatalf("%d duties listed", len(listed))
	}
	first, second := listed[0].ID, listed[1].ID
	h.focusDuty(first)
	h.key("d")
	h.key("enter")
	if got := h.m.inc.duty; got != second {
		t.Errorf("cursor on %q after %q was done; want the next running duty %q", got, first, second)
	}
}

func TestDutyDoneLate(t *testing.T) {
	h, _, clock := newEnglish(t, 100, 30)
	clock.Advance(80 * time.Minute)
	h.fireTicks()
	h.focusDuty("vendor-first-call")
	h.key("d")
	h.key("enter")
	h.require("done LATE by 20m00s by phone")
}

func TestDutyAttempt(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keys  func(h *harness)
		means string
		want  string
	}{
		{"preset outcome", func(h *harness) { h.key("tab"); h.key("down"); h.key("enter") }, "phone", "Left voicemail"},
		{"typed outcome", func(h *harness) { h.key("tab"); h.key("tab"); h.typeText("Busy, retry at 22:00"); h.key("enter") }, "phone", "Busy, retry at 22:00"},
		{"other means", func(h *harness) { h.key("down"); h.key("enter") }, "email", "No answer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := newEnglish(t, 100, 30)
			h.focusDuty("vendor-first-call")
			h.key("a")
			tc.keys(h)
			d := h.state().Duty("vendor-first-call")
			if len(d.Attempts) != 1 {
				t.Fatalf("%d attempts recorded", len(d.Attempts))
			}
			if a := d.Attempts[0]; a.Means != tc.means || a.Outcome != tc.want {
				t.Fatalf("attempt by %q: %q, want by %q: %q", a.Means, a.Outcome, tc.means, tc.want)
			}
			if d.Status != incident.StatusRunning {
				t.Fatalf("an attempt changed the duty to %s", d.Status)
			}
			h.require("Attempts:", tc.want)
		})
	}
}

func TestWaiveNeedsAReason(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.focusDuty("customer-notice")
	h.key("w")
	before := len(h.state().Events)
	h.key("ctrl+s")
	if len(h.state().Events) != before {
		t.Fatal("waived without a reason")
	}
	h.require("This field is required.")
	h.typeText("Internal system only: no customer is affected.")
	h.key("enter")
	d := h.state().Duty("customer-notice")
	if d.Status != incident.StatusWaived || d.Reason != "Internal system only: no customer is affected." {
		t.Fatalf("duty %s, reason %q", d.Status, d.Reason)
	}
	h.require("waived: Internal system only")
}

func TestCopyMessage(t *testing.T) {
	h, _, clock := newEnglish(t, 100, 30)
	clock.Advance(3 * time.Minute)
	h.fireTicks()
	h.focusDuty("vendor-first-call")
	h.key("c")
	if len(h.clipboard) != 1 {
		t.Fatalf("%d clipboard writes", len(h.clipboard))
	}
	got := h.clipboard[0]
	for _, want := range []string{
		"This is sato from Example Corp.",
		"Incident INC-20261125-0A1B:",
		"since 2026-11-25 21:04 JST",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("message lacks %q:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "{}") {
		t.Errorf("placeholder left in message:\n%s", got)
	}
	// Shown on screen too, for terminals without OSC 52.
	h.require("Message for: First call", "This is sato from Example Corp.")
	h.key("c")
	if len(h.clipboard) != 2 {
		t.Fatal("c in the message dialog did not copy again")
	}
	h.key("esc")
	if h.m.dialog() != nil {
		t.Fatal("esc did not close the message")
	}
	// Copying records nothing: it is not an event.
	if eventsOf(h.state(), incident.TypeNoteAdded) != 0 {
		t.Fatal("copying recorded an event")
	}
}

func TestFillMessagePlaceholders(t *testing.T) {
	h, s, clock := newEnglish(t, 100, 30)
	must(t, s.Answer("sato", "symptom", "ransom"))
	must(t, s.Answer("sato", "pii-held", "no"))
	must(t, s.Answer("sato", "what-happened", "encrypted"))
	clock.Advance(10 * time.Minute)
	h.fireTicks()
	h.m.applyState(s.State())
	d := h.m.inc.st.Duty("report-management")
	spec := *d.Spec
	spec.Message = "{incident}|{runbook}|{opened}|{verdict}|{rank}|{actor}|{due}|{now}"
	d.Spec = &spec
	got := h.m.fillMessage(d)
	want := strings.Join([]string{
		openID, "Service failure, delay or outage: find the cause", "2026-11-25 21:04 JST",
		"Security incident: ransomware", "A: severe, fix within 3 days", "sato",
		"2026-11-25 22:04 JST", "2026-11-25 21:14 JST",
	}, "|")
	if got != want {
		t.Fatalf("filled\n got %s\nwant %s", got, want)
	}
	// Every placeholder the validator accepts is filled, so a name added to
	// the format cannot reach a message unfilled.
	for _, name := range runbook.Placeholders() {
		spec.Message = "{" + name + "}"
		if got := h.m.fillMessage(d); got == spec.Message || got == "" {
			t.Errorf("placeholder {%s} is not filled: %q", name, got)
		}
	}
}

func TestStampMilestone(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("m")
	h.require("Stamp a milestone", "A security cause is suspected")
	h.key("down") // personal data may have leaked
	h.key("enter")
	h.require("Stamping it starts 5 clocks:") // the preview asks first
	h.key("y")
	st := h.state()
	if _, ok := st.Stamped("appi-aware"); !ok {
		t.Fatal("appi-aware not stamped")
	}
	// Its clocks started: the PPC report is running.
	if d := st.Duty("appi-preliminary"); d.Status != incident.StatusRunning {
		t.Fatalf("appi-preliminary is %s", d.Status)
	}
	// The status line says so (after the duties the action started).
	if got := h.m.flash.text; !strings.Contains(got, "Recorded: milestone") {
		t.Errorf("status line %q lacks %q", got, "Recorded: milestone")
	}
}

// TestMultiLineRecordsOnEmptyLine: a note and a close summary, which take
// several lines, say in their first line how they record, and record on
// enter on an empty last line as on ctrl+s; enter elsewhere is a new line.
func TestMultiLineRecordsOnEmptyLine(t *testing.T) {
	tests := []struct {
		name  string
		typed []string // text, or a key in brackets
		notes []string
	}{
		{"enter twice records, the blank line dropped", []string{"Vendor on site.", "[enter]", "Disk 3 replaced.", "[enter]", "[enter]"}, []string{"Vendor on site.\nDisk 3 replaced."}},
		{"ctrl+s records", []string{"Vendor on site.", "[ctrl+s]"}, []string{"Vendor on site."}},
		{"enter on an empty note is a new line, nothing recorded", []string{"[enter]", "[enter]"}, nil},
		{"enter in the middle of the text is a new line", []string{"Vendor", "[enter]", "[up]", "[enter]"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newEnglish(t, 100, 30)
			h.key("n")
			h.require("enter starts a new line; enter on an empty line, or ctrl+s, records.")
			for _, in := range tt.typed {
				if k, ok := strings.CutPrefix(in, "["); ok {
					h.key(strings.TrimSuffix(k, "]"))
					continue
				}
				h.typeText(in)
			}
			var got []string
			for _, n := range h.state().Notes {
				got = append(got, n.Text)
			}
			if !slices.Equal(got, tt.notes) {
				t.Fatalf("notes %q, want %q:\n%s", got, tt.notes, h.screen())
			}
		})
	}
}

func TestNoteIsMultiLine(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("n")
	h.typeText("Vendor on site.\nDisk 3 replaced.")
	if eventsOf(h.state(), incident.TypeNoteAdded) != 0 {
		t.Fatal("enter in a note recorded it")
	}
	h.key("ctrl+s")
	st := h.state()
	if len(st.Notes) != 1 || st.Notes[0].Text != "Vendor on site.\nDisk 3 replaced." {
		t.Fatalf("notes = %+v", st.Notes)
	}
	for h.m.inc.focus != paneTimeline {
		h.key("tab")
	}
	h.require("Note: Vendor on site. / Disk 3 replaced.")
}

func TestAssignRole(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("o")
	h.require("Reassign a role", "Incident commander", "held by IT systems manager (Sato)")
	h.key("enter") // the role under the cursor; on to the name
	if !h.form().onInput() {
		t.Fatal("enter on the role list did not move on to the name")
	}
	h.typeText("Kato (deputy)")
	h.key("enter")
	if a := h.state().Role("ic"); a.Assignee != "Kato (deputy)" || a.Default {
		t.Fatalf("ic = %+v", a)
	}
	h.require("Recorded: reassign: Incident commander -> Kato (deputy)")
}

func TestCloseOffersExport(t *testing.T) {
	h, s, _ := newEnglish(t, 100, 30)
	// Before a verdict, x asks how the incident ends, and the close
	// with a summary says why it is not open yet.
	h.key("x")
	h.key("v")
	h.key("enter")
	h.require("There is no verdict yet: finish the triage first")
	if _, ok := h.m.dialog().(*endingDialog); !ok {
		t.Fatal("the close opened before a verdict")
	}
	h.key("esc")
	for _, k := range []string{"1", "1", "1", "1"} { // change error, approved
		h.pick(k)
	}
	if h.state().Verdict == nil {
		t.Fatal("no verdict")
	}
	// TestCloseWalksTheDuties decides them in the dialog; here they are
	// handed over behind it.
	handOverAll(t, s)
	h.send(stateMsg{st: s.State()})
	h.key("x")
	h.key("enter") // with its verdict: the cursor starts there once there is one
	h.key("ctrl+s")
	h.require("This field is required.")
	h.typeText("Rolled back the release.\nService restored at 21:30.")
	h.key("enter") // a new line, then enter on it closes, as ctrl+s does
	if h.state().Closed {
		t.Fatal("enter at the end of a line closed the incident")
	}
	h.key("enter")
	st := h.state()
	if !st.Closed || st.Summary != "Rolled back the release.\nService restored at 21:30." {
		t.Fatalf("closed %v, summary %q", st.Closed, st.Summary)
	}
	h.require("Incident INC-20261125-0A1B is closed", "shodo export INC-20261125-0A1B --format md", "CLOSED")
	h.key("c")
	if n := len(h.clipboard); n == 0 || h.clipboard[n-1] != "shodo export INC-20261125-0A1B --format md" {
		t.Fatalf("clipboard = %q", h.clipboard)
	}
	h.key("esc")
	// Nothing more can be recorded, and the keys say why.
	h.key("n")
	h.require("n note: incident closed")
}

func TestQuitSaysNothingIsLeftToSave(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.require("q quit (all saved)")
	h.key("q")
	if h.quit {
		t.Fatal("q quit without asking")
	}
	h.require("Quit shodo?", "Nothing to save", "shodo resume INC-20261125-0A1B")
	h.key("n")
	h.refuse("Quit shodo?")
	h.key("q")
	h.key("y")
	if !h.quit {
		t.Fatal("y did not quit")
	}
}

func TestQuitWarnsOfADraft(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("n")
	h.typeText("half a thought, and q is a letter here")
	if h.m.quitting() {
		t.Fatal("q in a note asked to quit")
	}
	h.key("ctrl+c")
	h.require("Quit shodo?", "has not been recorded and will be lost")
	h.key("esc")
	if !topIs[noteDialog](h) || !strings.Contains(h.form().input.Value(), "half a thought") {
		t.Fatal("cancelling the quit lost the draft")
	}
}

// TestPoisonedJournal: when fsync fails, nothing pretends to be saved, a
// banner says what to do, what was typed stays, and the keys say why they
// do nothing.
func TestPoisonedJournal(t *testing.T) {
	h, s, _ := newEnglish(t, 100, 30)
	poison := fmt.Errorf("note: record note.added: append: %w", journal.ErrPoisoned)
	h.m.inc.eng = failing{engine: quiet{s}, err: poison}
	h.key("n")
	h.typeText("Called the vendor twice")
	h.key("ctrl+s")
	h.refuse("Recorded:")
	h.require("NOT recorded: note", "THE JOURNAL CANNOT SAVE", "shodo resume INC-20261125-0A1B", "NOT SAVING")
	if !topIs[noteDialog](h) || h.form().input.Value() != "Called the vendor twice" {
		t.Fatal("the failed note was lost")
	}
	if eventsOf(s.State(), incident.TypeNoteAdded) != 0 {
		t.Fatal("a note was recorded")
	}
	h.key("esc")
	h.key("enter")
	h.require("journal not saving")
	if h.m.inc.pending != "" {
		t.Fatal("an action was sent to a poisoned journal")
	}
}

// TestNotRecordedUntilAcknowledged: between the key and the engine's
// answer the screen says "saving", never "recorded".
func TestNotRecordedUntilAcknowledged(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	next, cmd := h.m.Update(keyMsg("enter"))
	h.m = next.(Model)
	h.require("Saving: answer: Service down", "(saving...)")
	h.refuse("Recorded:")
	h.pick("2") // a second answer while the first is saving is refused
	h.require("saving the last action")
	h.run(cmd)
	h.require("Recorded: answer: Service down")
	if n := eventsOf(h.state(), incident.TypeTriageAnswered); n != 1 {
		t.Fatalf("%d answers recorded", n)
	}
}

// TestOverdueRecordedWhenDue: the wake-up at NextDue records duty.overdue
// with no key pressed.
func TestOverdueRecordedWhenDue(t *testing.T) {
	h, _, clock := newEnglish(t, 100, 30)
	var wake *scheduledMsg
	for i := range h.scheduled {
		if _, ok := h.scheduled[i].msg.(wakeMsg); ok {
			wake = &h.scheduled[i]
		}
	}
	if wake == nil {
		t.Fatal("no wake-up scheduled")
	}
	if want := 30*time.Minute + 10*time.Millisecond + time.Nanosecond; wake.after != want {
		t.Fatalf("wake-up in %v, want %v (capture-state is due in 30m)", wake.after, want)
	}
	clock.Advance(wake.after)
	msg := wake.msg
	h.scheduled = nil
	h.send(msg)
	if d := h.state().Duty("capture-state"); !d.Overdue {
		t.Fatal("capture-state not recorded overdue at its wake-up")
	}
	h.require("1 OVERDUE")
	// The next wake-up is for the next due time.
	found := false
	for _, s := range h.scheduled {
		if _, ok := s.msg.(wakeMsg); ok {
			found = true
		}
	}
	if !found {
		t.Fatal("no next wake-up scheduled")
	}
}

func TestStaleTicksAreDropped(t *testing.T) {
	h, _, clock := newEnglish(t, 100, 30)
	tag := h.m.tickTag
	clock.Advance(5 * time.Second)
	h.scheduled = nil
	h.send(tickMsg{tag: tag, at: clock.Now()})
	if h.m.tickTag != tag+1 || !h.m.now.Equal(clock.Now()) {
		t.Fatal("the current tick did not advance the clock")
	}
	ticks := 0
	for _, s := range h.scheduled {
		if _, ok := s.msg.(tickMsg); ok {
			ticks++
		}
	}
	if ticks != 1 {
		t.Fatalf("%d ticks re-armed, want 1", ticks)
	}
	// A tick of the old loop changes nothing and arms nothing.
	h.scheduled = nil
	clock.Advance(time.Minute)
	h.send(tickMsg{tag: tag, at: clock.Now()})
	if len(h.scheduled) != 0 || h.m.now.Equal(clock.Now()) {
		t.Fatal("a stale tick was used")
	}
}

func TestCountdownTicksEverySecond(t *testing.T) {
	h, _, clock := newEnglish(t, 100, 30)
	h.focusDuty("capture-state")
	h.require("due in 30m00s")
	clock.Advance(time.Second)
	h.fireTicks()
	h.require("due in 29m59s")
	clock.Advance(22*time.Minute + 29*time.Second)
	h.fireTicks()
	h.require("! due in 7m30s") // the last quarter warns
	clock.Advance(8 * time.Minute)
	h.fireTicks()
	h.require("OVERDUE +30s")
}

// TestSubscription: events another view records arrive through the
// session's subscription and redraw this one.
func TestSubscription(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	m := NewIncidentModel(s, testOptions(i18n.English, clock))
	t.Cleanup(func() { _ = m.Release() })
	h := startHarnessNoInit(t, m, clock, 100, 30)
	must(t, s.Note("suzuki", "Legal is on the bridge"))
	// The real listening command takes the event and returns the state.
	msg := listen(h.m.inc.eng, h.m.inc.events)()
	if _, ok := msg.(stateMsg); !ok {
		t.Fatalf("listen returned %T", msg)
	}
	h.send(msg)
	for h.m.inc.focus != paneTimeline {
		h.key("tab")
	}
	h.require("suzuki", "Note: Legal is on the bridge")
}

// TestQuitOverASavingDialog: the quit confirmation stacks over a dialog
// whose action the engine is saving; the engine's answer closes that
// dialog underneath, and going back from the quit shows the panes.
func TestQuitOverASavingDialog(t *testing.T) {
	h, s, _ := newEnglish(t, 100, 30)
	h.key("n")
	h.typeText("Vendor on site")
	next, save := h.m.Update(keyMsg("ctrl+s")) // sent to the engine, not yet answered
	h.m = next.(Model)
	h.require("Saving...")
	h.key("ctrl+c")
	if !h.m.quitting() || len(h.m.dialogs) != 2 {
		t.Fatalf("dialogs = %d (%T on top), want the quit over the note", len(h.m.dialogs), h.m.dialog())
	}
	h.run(save)
	if len(h.m.dialogs) != 1 || !h.m.quitting() {
		t.Fatalf("after the engine's answer: %d dialogs (%T on top), want the quit alone", len(h.m.dialogs), h.m.dialog())
	}
	if eventsOf(s.State(), incident.TypeNoteAdded) != 1 {
		t.Fatal("the note was not recorded")
	}
	h.key("n")
	if h.m.dialog() != nil {
		t.Fatalf("%T still open", h.m.dialog())
	}
	h.require("Recorded: note")
}

// {milestone.<id>} (format version 2) is the milestone's claimed time, or
// says it is not stamped yet; a version 1 runbook reads it as text, as it
// always did. Every placeholder family has a value here.
func TestFillMessageFamilies(t *testing.T) {
	h, s, _ := newEnglish(t, 100, 30)
	d := h.m.inc.st.Duty("vendor-first-call")
	spec := *d.Spec
	d.Spec = &spec
	ms := h.m.inc.st.Runbook.Milestones[0]
	spec.Message = "aware at {milestone." + ms.ID + "}"
	v1 := *h.m.inc.st.Runbook
	v1.Shodo = 1
	h.m.inc.st.Runbook = &v1
	if got := h.m.fillMessage(d); got != spec.Message {
		t.Fatalf("a version 1 runbook filled %q", got)
	}
	v2 := *h.m.inc.st.Runbook
	v2.Shodo = 2
	h.m.inc.st.Runbook = &v2
	if got, want := h.m.fillMessage(d), "aware at [not stamped yet: "+ms.Title+"]"; got != want {
		t.Fatalf("before the stamp:\n got %s\nwant %s", got, want)
	}
	must(t, s.StampAt("sato", ms.ID, h.m.inc.st.Opened.Add(-30*time.Minute)))
	h.m.applyState(s.State())
	h.m.inc.st.Runbook = &v2
	if got, want := h.m.fillMessage(d), "aware at 2026-11-25 20:34 JST"; got != want {
		t.Fatalf("after the stamp:\n got %s\nwant %s", got, want)
	}
	for _, f := range runbook.PlaceholderFamilies() {
		spec.Message = "{" + f.Prefix + "." + f.Ref.Example() + "}"
		if got := h.m.fillMessage(d); got == spec.Message || got == "" {
			t.Errorf("placeholder family {%s.<id>} is not filled: %q", f.Prefix, got)
		}
	}
}
