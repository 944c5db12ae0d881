package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// undoWindow is how long the status line offers to take back a done or a
// waive just recorded: long enough to see a wrong key, short enough that
// the offer never stands for a decision someone has moved on from. After
// it, u on the Duties pane reopens the duty with a reason instead.
const undoWindow = 8 * time.Second

// undoOffer is the offer to take back the done or waive just recorded.
// until is read on the key clock (keyNow), not the incident's: a drill's
// scenario time may run sixty times faster than the person at the keys.
type undoOffer struct {
	duty  string // the duty decided; "" when nothing is offered
	name  string // its title, for the action's label
	until time.Time
	gen   int // drops the ticks of an offer that was replaced
}

// undoTickMsg moves the offer's countdown on, once a second, until it ends.
type undoTickMsg struct{ gen int }

// offerUndo offers to take back the done or waive msg recorded: the duty
// whose decision came after msg.before.
func (m *Model) offerUndo(msg actionMsg) tea.Cmd {
	m.inc.undo.duty = ""
	if msg.before == 0 || m.inc.st == nil {
		return nil
	}
	for i := range m.inc.st.Duties {
		d := &m.inc.st.Duties[i]
		if seq := decidedSeq(d); seq > msg.before {
			m.inc.undo = undoOffer{duty: d.ID, name: m.dutyName(d), until: m.keyNow().Add(undoWindow), gen: m.inc.undo.gen + 1}
			return m.undoTick()
		}
	}
	return nil
}

// decidedSeq is the seq of the done or waive that decided d, 0 if neither.
func decidedSeq(d *incident.Duty) uint64 {
	switch d.Status {
	case incident.StatusDone:
		return d.DoneSeq
	case incident.StatusWaived:
		return d.WaivedSeq
	}
	return 0
}

func (m *Model) undoTick() tea.Cmd {
	gen := m.inc.undo.gen
	return m.after(time.Second, func(time.Time) tea.Msg { return undoTickMsg{gen: gen} })
}

// onUndoTick ends the offer once its time is up, and otherwise waits
// another second (the status line reads the time left as it draws).
func (m *Model) onUndoTick(msg undoTickMsg) tea.Cmd {
	if msg.gen != m.inc.undo.gen || m.inc.undo.duty == "" {
		return nil
	}
	if m.undoLeft() <= 0 {
		m.inc.undo.duty = ""
		return nil
	}
	return m.undoTick()
}

// undoLeft is how long the offer stands still; 0 when none does.
func (m Model) undoLeft() time.Duration {
	if m.inc.undo.duty == "" {
		return 0
	}
	return max(0, m.inc.undo.until.Sub(m.keyNow()))
}

// undoOffered reports whether u takes back the decision just recorded.
func (m *Model) undoOffered() bool { return m.undoLeft() > 0 && m.blocked() == "" }

// withUndoOffer adds the offer to the status line's text: "Recorded: done:
// Call the vendor — u undo (8s)".
func (m Model) withUndoOffer(text string) string {
	left := m.undoLeft()
	if left <= 0 {
		return text
	}
	secs := int((left + time.Second - 1) / time.Second)
	return m.tx.T("tui.undo.offer", "Recorded", text, "Key", "u", "Seconds", secs)
}

// selectedDecided reports whether the duty under the cursor is done or
// waived: u then reopens it.
func (m *Model) selectedDecided() bool {
	d := m.selectedDuty()
	return d != nil && decidedSeq(d) != 0
}

// undoWhy is why u does nothing now: no offer stands, and the duty under
// the cursor is neither done nor waived.
func (m *Model) undoWhy() string {
	if m.undoOffered() {
		return ""
	}
	switch d := m.selectedDuty(); {
	case m.inc.focus != paneDuties || d == nil:
		return m.orBlocked(m.tx.T("tui.why.nothing-to-undo"))
	case decidedSeq(d) == 0:
		return m.orBlocked(m.tx.T("tui.why.not-decided"))
	}
	return m.blocked()
}

// undoKey takes back the decision just recorded while the offer stands,
// and otherwise asks for the reason to reopen the duty under the cursor.
func (m *Model) undoKey(tea.KeyPressMsg) tea.Cmd {
	if m.undoOffered() {
		duty := m.inc.undo.duty
		label := labelPrefix(m.tx, "tui.keys.undo") + m.inc.undo.name
		m.inc.undo.duty = ""
		return m.do(action{kind: actUndo, label: label, run: func(e engine, actor string) error { return e.UndoDuty(actor, duty) }})
	}
	return m.push(newReopenDutyDialog(m, m.selectedDuty()))
}

// reopenDutyDialog asks why a done or waived duty is reopened; the reason
// is required, and the dialog says what the reopen does to the clock.
type reopenDutyDialog struct{ *form }

func newReopenDutyDialog(m *Model, d *incident.Duty) reopenDutyDialog {
	name, duty := m.dutyName(d), d.ID
	label := labelPrefix(m.tx, "tui.keys.reopen-duty") + name
	note := "tui.dialog.reopen-duty-note"
	switch {
	case d.Status == incident.StatusWaived && d.WaivedFrom != incident.StatusRunning:
		note = "tui.dialog.reopen-duty-note-idle"
	case d.Due.IsZero():
		note = "tui.dialog.reopen-duty-note-no-due"
	case !d.Due.After(m.now):
		note = "tui.dialog.reopen-duty-note-overdue"
	}
	prompt := sentences(m.tx, m.tx.T(note, "Due", m.stamp(d.Due)), m.tx.T("tui.dialog.reason-required"))
	return reopenDutyDialog{newForm(m.dark, form{heading: m.tx.T("tui.dialog.reopen-duty-title", "Duty", name),
		hasInput: true, inputTitle: prompt, required: true,
		action: func(f *form) (action, bool) {
			reason := f.text()
			return action{kind: actReopenDuty, label: label, run: func(e engine, actor string) error {
				return e.ReopenDuty(actor, duty, reason)
			}}, true
		}})}
}

// reopenedLine says, under a running duty whose done or waive was taken
// back, when and by whom, so that a duty that comes back to the list does
// not look as if it had never been decided; "" for any other duty.
func (m Model) reopenedLine(d *incident.Duty) string {
	n := len(d.Reopenings)
	if n == 0 || d.Status != incident.StatusRunning {
		return ""
	}
	r := d.Reopenings[n-1]
	undone, reopened := "tui.duty.undone-done", "tui.duty.reopened-done"
	if r.From == incident.StatusWaived {
		undone, reopened = "tui.duty.undone-waived", "tui.duty.reopened-waived"
	}
	if r.Undone() {
		return m.tx.T(undone, "Was", m.stamp(r.FromAt), "By", oneLine(r.Actor))
	}
	return m.tx.T(reopened, "Time", m.stamp(r.Time), "By", oneLine(r.Actor), "Reason", oneLine(r.Reason), "Was", m.stamp(r.FromAt))
}
