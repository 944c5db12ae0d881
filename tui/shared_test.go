package tui

import (
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// Two screens on one shared session (shodo serve): each records its own
// actor, what one records shows on the other once it lands, and quitting
// gives up the screen's share only, never the session.
func TestSharedScreensSeeEachOther(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	sess := openFixed(t, t.TempDir(), "INC-20261125-0A1B", englishRB(t), clock)
	released := map[string]int{}
	screen := func(actor, lang string) *harness {
		opt := testOptions(lang, clock)
		opt.Actor = actor
		return startHarness(t, NewSharedIncidentModel(sess, func() error { released[actor]++; return nil }, opt), clock, 100, 30)
	}
	sato, tanaka := screen("Sato", "en"), screen("Tanaka", "ja")

	sato.key("n")
	sato.typeText("bridge opened")
	sato.key("ctrl+s")
	sato.require("Recorded: note")
	if ev := sato.lastEvent(); ev.Actor != "Sato" || ev.Type != incident.TypeNoteAdded {
		t.Fatalf("recorded %s by %s", ev.Type, ev.Actor)
	}
	// The other screen's subscription brings the note.
	tanaka.run(tanaka.m.listen(tanaka.m.inc.eng, tanaka.m.inc.events))
	tanaka.key("tab")
	tanaka.key("tab")
	tanaka.require("bridge opened")

	tanaka.key("n")
	tanaka.typeText("vendor called back")
	tanaka.key("ctrl+s")
	if ev := tanaka.lastEvent(); ev.Actor != "Tanaka" {
		t.Fatalf("Tanaka's note recorded by %s", ev.Actor)
	}

	if err := sato.m.Release(); err != nil {
		t.Fatal(err)
	}
	if released["Sato"] != 1 || released["Tanaka"] != 0 {
		t.Fatalf("released %v, want Sato's share only", released)
	}
	if err := sess.Note("system", "still open"); err != nil {
		t.Fatalf("the session was detached with a screen still on it: %v", err)
	}
}

// Two responders mark one duty done: the one who confirms second is told
// who did it, and the dialog that can no longer succeed closes.
func TestDoneByAnotherClosesTheDialog(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	sess := openFixed(t, t.TempDir(), "INC-20261125-0A1B", englishRB(t), clock)
	opt := testOptions("en", clock)
	opt.Actor = "Sato"
	sato := startHarness(t, NewSharedIncidentModel(sess, func() error { return nil }, opt), clock, 100, 30)
	sato.focusDuty("vendor-first-call")
	sato.key("d")
	sato.require("Mark done: First call to the maintenance vendor")
	if err := sess.DutyDone("Tanaka", "vendor-first-call", "phone", ""); err != nil {
		t.Fatal(err)
	}
	sato.key("enter")
	if len(sato.m.dialogs) != 0 {
		t.Fatalf("the done dialog stays open over a duty Tanaka already did (%T on top)", sato.m.dialog())
	}
	sato.require("NOT recorded", "was done by Tanaka")
	if d := sess.State().Duty("vendor-first-call"); d.DoneBy != "Tanaka" {
		t.Errorf("done by %q, want Tanaka's record to stand", d.DoneBy)
	}
}
