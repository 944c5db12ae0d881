package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// keyGuard is how long keys do not act on a screen after it changed under
// the keyboard: a dialog closed (recorded, cancelled), a paste ended, the
// incident screen opened from the home screen. 400 ms is longer than the
// gap between two keys of one burst of typing (100 to 250 ms even for a
// slow typist) and shorter than a person takes to see that a dialog has
// gone and decide on the next key (half a second and more), so that it
// catches type-ahead and the tail of a paste and never a deliberate key.
// Every key it holds back starts it again: a burst is held back whole, up
// to the first pause.
const keyGuard = 400 * time.Millisecond

// Why keys were not taken (message ids).
const (
	whySaving   = "tui.stray.why-saving"
	whyChanged  = "tui.stray.why-changed"
	whyPaste    = "tui.stray.why-paste"
	whyQuestion = "tui.stray.why-question"
)

// strayKeys is what keeps keys that were not meant for what is on the
// screen from acting there (issue 12, M1: type-ahead on a slow save, and a
// paste with an early end-of-paste marker, once answered the triage).
// Nothing is dropped silently: the keys not taken are counted and the
// count is shown with the reason.
type strayKeys struct {
	until time.Time // keys before this do not act on the screen
	// question: enter before this does not answer the triage question,
	// which has just changed (an answer or a revision was recorded): a
	// key bounce, or an enter pressed twice, would answer the next
	// question with whatever option its cursor starts on.
	question time.Time
	paste    bool   // the guard follows a paste: keys are text for the dialog's field
	count    int    // keys not taken since the last key that was
	why      string // why, a message id
	// held says what a dialog being saved did not take (keys, a paste):
	// its saving line shows it, and the status line after the engine's
	// answer.
	held string
}

// guard starts the guard; after a paste, keys within it are text.
func (m *Model) guard(paste bool) {
	m.stray.until = m.keyNow().Add(keyGuard)
	m.stray.paste = paste
}

// guarded reports whether the guard holds now.
func (m *Model) guarded() bool { return m.keyNow().Before(m.stray.until) }

// notTaken counts a key that did not act, says so, and starts the guard
// again: the keys of one burst are held back together.
func (m *Model) notTaken(why string) {
	if m.stray.why != why {
		m.stray.count = 0
	}
	m.stray.count++
	m.stray.why = why
	if why == whyQuestion {
		// Only answering is held: the window starts again for enter,
		// and every other key still acts.
		m.stray.question = m.keyNow().Add(m.answerGuard)
	} else {
		m.stray.until = m.keyNow().Add(keyGuard)
	}
	m.setFlash(flashInfo, m.strayText())
	if why == whySaving {
		m.stray.held = m.strayText()
	}
}

// heldAfter adds what the dialog did not take while it saved to the
// status line's word on the engine's answer.
func (m *Model) heldAfter() {
	if m.stray.held != "" {
		m.flash.text += " " + m.stray.held
		m.stray.held = ""
	}
}

// strayText says how many keys were not taken and why.
func (m *Model) strayText() string {
	return m.tx.T("tui.stray.not-taken", "Count", m.stray.count, "Why", m.tx.T(m.stray.why))
}

// strayKey decides what becomes of a key that may be stray: it returns
// handled when the key was held back (or taken as pasted text) and must
// not reach the dialog or screen. ctrl+c always passes: it only asks.
func (m *Model) strayKey(msg tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	d := m.dialog()
	s, ok := d.(submitter)
	saving := ok && s.submitting()
	if !saving && !m.guarded() && m.answerHeld(msg) {
		m.notTaken(whyQuestion)
		return nil, true
	}
	if !saving && !m.guarded() {
		m.stray.count, m.stray.why = 0, ""
		return nil, false
	}
	if msg.String() == "ctrl+c" {
		return nil, false
	}
	if saving {
		// The dialog is saving: the key stays with it, counted, and its
		// saving line says so; it never falls through to the screen.
		m.notTaken(whySaving)
		return nil, true
	}
	if d == nil {
		why := whyChanged
		if m.stray.paste {
			why = whyPaste
		}
		m.notTaken(why)
		return nil, true
	}
	// A dialog: the rest of a paste cut short by an early end-of-paste
	// marker, or keys typed ahead into a dialog that the closing one
	// revealed (a form under the quit confirmation). Text goes to its
	// field, as typing would; no key is a command (record, cancel) yet.
	why := whyChanged
	text := msg.Text
	if m.stray.paste {
		why = whyPaste
		if msg.String() == "enter" {
			text = "\n" // a newline of the paste, in a text of several lines
		}
	}
	if t, ok := d.(typer); ok && text != "" && t.typeText(m, text) {
		m.stray.until = m.keyNow().Add(keyGuard)
		return nil, true
	}
	m.notTaken(why)
	return nil, true
}

// questionChanged starts the answer guard: the triage question on the
// screen has just changed under the keyboard.
func (m *Model) questionChanged() {
	m.stray.question = m.keyNow().Add(m.answerGuard)
}

// answerHeld reports whether msg would answer the triage question within
// the answer guard. Only enter answers: a digit only moves the cursor,
// which is harmless and shows.
func (m *Model) answerHeld(msg tea.KeyPressMsg) bool {
	return m.screen == screenIncident && m.dialog() == nil &&
		m.inc.focus == paneTriage && !m.inc.revising &&
		msg.String() == "enter" && m.keyNow().Before(m.stray.question)
}

// onPaste gives pasted text to the dialog's text field; a paste is never a
// key, and it never leaves its dialog. Anywhere else it is refused in
// words. Either way, the keys that follow at once are held back.
func (m *Model) onPaste(msg tea.PasteMsg) tea.Cmd {
	defer m.guard(true)
	if m.screen == screenHome && m.pasteFilter(msg) {
		return nil
	}
	d := m.dialog()
	if s, ok := d.(submitter); ok && s.submitting() {
		m.stray.held = m.tx.T("tui.stray.paste-saving")
		return nil
	}
	if p, ok := d.(paster); ok {
		if cmd, took := p.paste(m, msg); took {
			return cmd
		}
	}
	if d == nil && editingSince(m) {
		return m.pasteSince(msg.Content)
	}
	m.setFlash(flashInfo, m.tx.T("tui.stray.paste-no-field"))
	if r, ok := d.(refuser); ok {
		r.refused(m.tx.T("tui.stray.paste-no-field"))
	}
	return nil
}
