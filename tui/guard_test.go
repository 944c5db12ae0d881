package tui

import (
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
)

// recordedNothingStray fails if the stray keys recorded an answer, a
// milestone or a verdict.
func recordedNothingStray(t *testing.T, h *harness) {
	t.Helper()
	st := h.state()
	if n := eventsOf(st, incident.TypeTriageAnswered); n != 0 {
		t.Fatalf("%d answers recorded by stray keys", n)
	}
	if n := eventsOf(st, incident.TypeMilestoneStamped); n != 0 {
		t.Fatalf("%d milestones stamped by stray keys", n)
	}
	if st.Verdict != nil {
		t.Fatalf("verdict %s reached by stray keys", st.Verdict.ID)
	}
}

// The red team's reproduction (issue 12, M1): a note is saved on a slow
// disk, and "n2 servers down", typed ahead for the next note, once
// answered the triage, stamped the APPI awareness milestone and reached a
// ransomware verdict.
func TestTypeAheadWhileSavingRecordsNothing(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("n")
	h.typeText("bridge opened")
	// ctrl+s, and the engine has not answered yet.
	next, save := h.m.Update(keyMsg("ctrl+s"))
	h.m = next.(Model)
	h.require("Saving...")
	typed := strings.Split("n2 servers down", "")
	h.burst(typed...)
	h.burst("enter", "m", "enter")
	if !topIs[noteDialog](h) {
		t.Fatalf("keys typed while saving left the dialog: top is %T", h.m.dialog())
	}
	h.require("18 keys not taken: typed while the dialog was saving.")
	if got := h.form().text(); got != "bridge opened" {
		t.Fatalf("the text being saved changed to %q", got)
	}
	h.run(save)
	h.require("Recorded: note 18 keys not taken: typed while the dialog was saving.")
	// The rest of the burst arrives as the dialog closes: held back too.
	h.burst("2", "enter", "1", "enter")
	h.require("4 keys not taken: typed as the screen changed")
	recordedNothingStray(t, h)
	if n := eventsOf(h.state(), incident.TypeNoteAdded); n != 1 {
		t.Fatalf("%d notes, want 1", n)
	}
	if h.m.inc.opt != 0 {
		t.Fatalf("a stray digit moved the option cursor to %d", h.m.inc.opt)
	}
	// After a pause the screen takes keys again.
	h.pick("2")
	if a := h.lastAnswer(); a.Option != "ransom" {
		t.Fatalf("answered %s after the pause, want ransom", a.Option)
	}
}

// The guard holds for keyGuard after a dialog closes, and every key it
// holds starts it again, up to the first pause.
func TestGuardAfterDialogCloses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		close func(h *harness)
	}{
		{"recorded", func(h *harness) { h.key("ctrl+s") }},
		{"cancelled", func(h *harness) { h.key("esc") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := newEnglish(t, 100, 30)
			h.key("n")
			h.typeText("x")
			tc.close(h)
			if h.m.dialog() != nil {
				t.Fatalf("dialog %T still open", h.m.dialog())
			}
			h.keys.Advance(keyGuard - 1)
			h.burst("enter")
			h.keys.Advance(keyGuard - 1)
			h.burst("enter") // held: the first one started the guard again
			h.require("2 keys not taken: typed as the screen changed; type them again once you have read it.")
			recordedNothingStray(t, h)
			h.keys.Advance(keyGuard)
			h.burst("enter")
			if n := eventsOf(h.state(), incident.TypeTriageAnswered); n != 1 {
				t.Fatalf("%d answers after the pause, want 1", n)
			}
		})
	}
}

// A digit moves to its option and says that enter answers; it never
// answers.
func TestDigitMovesEnterAnswers(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("3")
	if h.m.inc.opt != 2 {
		t.Fatalf("cursor at %d, want 2", h.m.inc.opt)
	}
	h.require("Option 3 chosen: enter answers.", "> 3. ")
	h.key("9")
	h.require("There is no option 9: this question has")
	if n := eventsOf(h.state(), incident.TypeTriageAnswered); n != 0 {
		t.Fatalf("a digit answered (%d answers)", n)
	}
	h.key("enter")
	if a := h.lastAnswer(); a.Option != "exposed" {
		t.Fatalf("enter answered %s, want exposed", a.Option)
	}
}

// On the incident screen a paste does nothing but say so, and the keys
// right after it (an early end-of-paste marker's tail) are held back.
func TestPasteOnScreenIsRefused(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.paste("2\r1\r2\r1\r")
	h.require("Paste not taken: there is no text field here.")
	h.burst("2", "enter", "1", "enter")
	h.require("4 keys not taken: they followed a paste, and a paste is only text.")
	recordedNothingStray(t, h)
}

// A paste with an early end-of-paste marker: its tail arrives as keys.
// Text goes into the note, esc and ctrl+s are held: the paste never
// leaves its dialog, and nothing is recorded.
func TestMaliciousPasteStaysInDialog(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("n")
	h.paste("ok \x1b[31mred\x1b[0m\x1b]52;c;ZXZpbA==\x07 done")
	h.burst("esc", "2", "enter", "1", "ctrl+s", "tab", "enter")
	if !topIs[noteDialog](h) {
		t.Fatalf("the paste's tail left the dialog: top is %T", h.m.dialog())
	}
	if got, want := h.form().text(), "ok red done2\n1"; got != want {
		t.Fatalf("note text %q, want %q", got, want)
	}
	h.require("3 keys not taken: they followed a paste, and a paste is only text.")
	recordedNothingStray(t, h)
	if n := eventsOf(h.state(), incident.TypeNoteAdded); n != 0 {
		t.Fatalf("the paste recorded %d notes", n)
	}
	// Read, then recorded deliberately.
	h.key("ctrl+s")
	if n := eventsOf(h.state(), incident.TypeNoteAdded); n != 1 {
		t.Fatalf("%d notes after ctrl+s", n)
	}
}

// A paste while the dialog saves is not taken, and says so.
func TestPasteWhileSavingIsSaid(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("n")
	h.typeText("first")
	next, save := h.m.Update(keyMsg("ctrl+s"))
	h.m = next.(Model)
	h.paste("second")
	h.require("Saving...", "Paste not taken: the dialog was saving.")
	h.run(save)
	h.require("Recorded: note Paste not taken: the dialog was saving.")
}

// L4: a paste larger than the field says how much was kept.
func TestLongPasteSaysItWasCut(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("n")
	h.paste(strings.Repeat("a", 1<<20))
	h.require("Pasted text cut: 8000 of 1048576 characters kept (this field holds at most 8000).")
	if n := len(h.form().text()); n != textLimit {
		t.Fatalf("kept %d characters, want %d", n, textLimit)
	}
	h.typeText("b")
	h.require("This field holds at most 8000 characters: what you type now is not taken.")
	h.key("ctrl+s")
	e := h.lastEvent()
	if n, ok := e.Data.(incident.NoteAdded); !ok || len(n.Text) != textLimit {
		t.Fatalf("recorded %+v", e)
	}
}

// The terminal review: text typed while the means list of "mark done" has
// the focus goes to the note, and does not change the means.
func TestDoneDialogTypingGoesToNote(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.focusDuty("vendor-first-call")
	h.key("d")
	f := h.form()
	if f.onInput() {
		t.Fatal("the done dialog starts on its note, want the means list")
	}
	h.typeText("joined kj")
	if got := f.text(); got != "joined kj" {
		t.Fatalf("note %q, want %q", got, "joined kj")
	}
	if f.lists[0].cursor != 0 || !f.onInput() {
		t.Fatalf("cursor %d, on input %v", f.lists[0].cursor, f.onInput())
	}
	h.key("enter")
	d := h.state().Duty("vendor-first-call")
	if d.Status != incident.StatusDone || d.Note != "joined kj" || d.Means != "phone" {
		t.Fatalf("duty %+v", d)
	}
}

// A dialog without a text field says that it took nothing.
func TestFormWithoutFieldRefusesText(t *testing.T) {
	// Every dialog of the incident screen has a text field now (the
	// milestone's is its "happened at"); a form without one still says
	// that it took nothing.
	h, _, _ := newEnglish(t, 100, 30)
	h.m.push(choiceOnly{newForm(false, form{heading: "pick", lists: []choiceList{{title: "one", items: []choice{{id: "a", label: "A"}}}}})})
	h.typeText("x")
	h.require("Not taken: this dialog has no text field.")
	h.paste("y")
	h.require("Paste not taken: there is no text field here")
}

// choiceOnly is a form dialog with a list and no text field.
type choiceOnly struct{ *form }

// The milestone dialog's text is its "happened at": typed text goes there,
// and a time it cannot read is said in the dialog, which keeps the text.
func TestMilestoneTextIsHappenedAt(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("m")
	h.typeText("soon")
	h.key("enter")
	h.require("Not a time shodo reads: soon.", "| soon")
	if h.m.dialog() == nil {
		t.Fatal("the dialog closed on a time it could not read")
	}
}

// Keys typed ahead while the home screen opens an incident were meant for
// the home screen: they do not answer on the incident screen. A paste on
// the home screen opens nothing, even with a newline in it.
func TestHomeTypeAheadAndPaste(t *testing.T) {
	h, _ := newHome(t, t.TempDir())
	for h.m.home.items()[h.m.home.cursor].kind != itemRunbook || h.m.home.runbooks[h.m.home.cursor].rb.ID != "service-failure" {
		h.key("down")
	}
	h.paste("x\r")
	h.require("Paste not taken: there is no text field here.")
	h.burst("enter")
	if h.m.screen != screenHome || h.m.home.confirm != nil {
		t.Fatal("the tail of a paste asked to open an incident")
	}
	h.key("enter")
	// The bounce of the enter that asked does not answer the question.
	h.burst("enter")
	h.require("1 key not taken: typed as the screen changed")
	if h.m.screen != screenHome || h.m.home.confirm == nil {
		t.Fatal("a second enter at once started the incident")
	}
	h.key("enter")
	if h.m.screen != screenIncident {
		t.Fatalf("still on the home screen: %s", h.screen())
	}
	h.burst("2", "enter")
	h.require("2 keys not taken: typed as the screen changed")
	recordedNothingStray(t, h)
}

// Keys typed ahead into a dialog that the closing quit confirmation
// revealed type into it, and none records or cancels it.
func TestGuardOverRevealedDialog(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.key("o") // reassign: a one-line field, where enter records
	h.key("tab")
	h.typeText("suzuki")
	h.key("ctrl+c")
	h.key("esc") // back to the dialog
	h.burst("k", "enter", "esc")
	if !topIs[reassignDialog](h) {
		t.Fatalf("type-ahead closed the dialog: top is %T", h.m.dialog())
	}
	if got := h.form().text(); got != "suzukik" {
		t.Fatalf("field %q, want %q", got, "suzukik")
	}
	h.require("2 keys not taken: typed as the screen changed")
	if n := eventsOf(h.state(), incident.TypeRoleAssigned); n != 0 {
		t.Fatalf("%d assignments recorded by type-ahead", n)
	}
	h.key("enter")
	if n := eventsOf(h.state(), incident.TypeRoleAssigned); n != 1 {
		t.Fatalf("%d assignments after a deliberate enter", n)
	}
}

// Issue 12's gap: a second enter right after an answer (a key bounce, a
// double press) does not answer the next question with the option its
// cursor starts on. It is counted and said; a digit still moves the
// cursor, other keys still act, and after a pause enter answers.
func TestAnswerBounceHeld(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.pick("1") // outage: the question changes
	h.burst("enter")
	h.require("1 key not taken: enter came as the question changed; read the new question, then answer.")
	h.keys.Advance(keyGuard - 1)
	h.burst("enter") // held again: the first one started the window again
	h.require("2 keys not taken: enter came as the question changed")
	if n := eventsOf(h.state(), incident.TypeTriageAnswered); n != 1 {
		t.Fatalf("%d answers after a bounce, want 1", n)
	}
	h.burst("2") // a digit only moves the cursor: harmless, it acts
	if h.m.inc.opt != 1 {
		t.Fatalf("cursor at %d, want 1", h.m.inc.opt)
	}
	h.burst("tab") // keys that do not answer act
	if h.m.inc.focus == paneTriage {
		t.Fatal("tab did not move the focus within the answer guard")
	}
	h.burst("shift+tab")
	if h.m.inc.focus != paneTriage {
		t.Fatalf("focus %d, want the triage pane", h.m.inc.focus)
	}
	h.keys.Advance(keyGuard)
	h.burst("enter")
	if a := h.lastAnswer(); a.Node != "recent-change" || eventsOf(h.state(), incident.TypeTriageAnswered) != 2 {
		t.Fatalf("after the pause: last answer %s/%s, want recent-change answered", a.Node, a.Option)
	}
}

// A revision changes the question too: enter does not answer the question
// it brings back at once.
func TestAnswerBounceAfterRevision(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.pick("1")
	h.pick("2")
	h.key("r")
	h.key("up")
	h.key("enter")
	h.key("y")
	if h.state().Node != "symptom" {
		t.Fatalf("node %q after the revision, want symptom", h.state().Node)
	}
	if !h.m.keyNow().Before(h.m.stray.question) {
		t.Fatal("the revision did not start the answer guard")
	}
	// The closing dialog's guard and the answer guard hold enter alike.
	h.keys.Advance(keyGuard - 1)
	h.burst("enter")
	h.require("1 key not taken")
	if n := eventsOf(h.state(), incident.TypeTriageAnswered); n != 2 {
		t.Fatalf("%d answers, want the 2 before the revision", n)
	}
}

// The window is the model's: a test binary may set it to nothing, and
// then a second enter answers at once.
func TestAnswerGuardInjectable(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	if h.m.answerGuard != keyGuard {
		t.Fatalf("answer guard %v, want keyGuard (%v) in a production build", h.m.answerGuard, keyGuard)
	}
	h.m.answerGuard = 0
	h.pick("1")
	h.burst("enter")
	if n := eventsOf(h.state(), incident.TypeTriageAnswered); n != 2 {
		t.Fatalf("%d answers with no answer guard, want 2", n)
	}
}
