package serve

import (
	"io"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Screens on one incident share its state, never each other's screen.
// Two responders, in English at 100×30 and in Japanese at 80×24: one's
// pane, open dialog, typed text and "recorded" message stay on their
// screen while the other redraws for the same records, each in its own
// language and at its own size. (A frame shared among screens to save
// redraws must keep this true.)
func TestScreensShareTheIncidentNotTheScreen(t *testing.T) {
	t.Parallel()
	sato, tanaka := newResponderKey(t, "sato@laptop"), newResponderKey(t, "tanaka@laptop")
	tanaka.lang = i18n.Japanese
	ts := startTestServer(t, Config{}, sato, tanaka)
	en, ja := i18n.New(i18n.English), i18n.New(i18n.Japanese)
	a, b := ts.open(sato, 100, 30), ts.open(tanaka, 80, 24)
	a.waitFor("What was reported?")
	b.waitFor("What was reported?")

	// Each frame is its terminal's size: the help bar closes with quit on
	// the last row, in the screen's language.
	lastRow(t, a, 30, en.T("tui.keys.quit"))
	lastRow(t, b, 24, ja.T("tui.keys.quit"))

	// Tanaka moves to the timeline; Sato stays on triage and opens a note.
	jaTimeline := "[" + strings.TrimSuffix(ja.T("tui.pane.timeline-count", "Count", 0), "（0）")
	b.pressUntil("\t", jaTimeline)
	noteTitle := en.T("tui.dialog.note-title")
	a.pressUntil("n", noteTitle)
	_, _ = io.WriteString(a.in, "draft by sato")
	a.waitFor("draft by sato")

	// A record by a third party redraws both screens.
	sess, release, err := ts.hub.Resume(ts.dir, incident.ResumeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { must(t, release()) }()
	must(t, sess.Note("system", "bridge opened"))
	b.waitFor("bridge opened")
	a.waitFor("draft by sato") // Sato's dialog survives the redraw
	a.waitFor(noteTitle)
	for _, leaked := range []string{noteTitle, ja.T("tui.dialog.note-title"), "draft by sato", "[" + ja.T("tui.pane.triage") + "]", en.T("tui.keys.quit")} {
		if strings.Contains(b.text(), leaked) {
			t.Errorf("Tanaka's screen shows %q of Sato's:\n%s", leaked, b.text())
		}
	}
	if !strings.Contains(b.text(), jaTimeline) {
		t.Errorf("Tanaka's screen lost its pane:\n%s", b.text())
	}

	// Sato records the note: Sato is told, Tanaka sees the note only.
	_, _ = io.WriteString(a.in, "\x13") // ctrl+s
	a.waitFor(en.T("tui.status.recorded", "Action", en.T("tui.keys.note")))
	b.waitFor("draft by sato")
	for _, leaked := range []string{"Recorded", strings.TrimSuffix(ja.T("tui.status.recorded", "Action", ""), "："), noteTitle} {
		if strings.Contains(b.text(), leaked) {
			t.Errorf("Tanaka's screen shows %q after Sato's note:\n%s", leaked, b.text())
		}
	}
	if strings.Contains(a.text(), ja.T("tui.keys.quit")) {
		t.Errorf("Sato's screen shows Japanese chrome:\n%s", a.text())
	}
	if ev := sess.State().Events; ev[len(ev)-1].Actor != "R1" {
		t.Errorf("the note was recorded by %q, want R1 (Sato)", ev[len(ev)-1].Actor)
	}
}

// lastRow waits until row rows-1 of the screen holds want.
func lastRow(t *testing.T, tm *term, rows int, want string) {
	t.Helper()
	waitUntil(t, "the last row to hold "+want, func() bool {
		lines := strings.Split(tm.text(), "\n")
		return len(lines) >= rows && strings.Contains(lines[rows-1], want)
	})
}
