package tui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// closeDialog closes the incident, keeping its promises: it first lists
// every running duty and walks them, one decision each — done, waived
// with a reason, or handed over to an owner (a legal duty cannot be: it
// is done or waived) — then takes the summary, which is required. The
// close is offered only when nothing holds it (State.CloseBlockers); a
// refusal from the engine stays in the dialog with the summary typed.
// Each decision is its own dialog over this one, recorded at once.
type closeDialog struct {
	*form
	duty     string // the duty under the cursor
	onDuties bool   // the list of duties has the focus, not the summary
}

// openClose opens the close dialog: the one way in, for the x key and for
// whatever asks how the incident ends before it closes.
func (m *Model) openClose() tea.Cmd {
	return m.push(newCloseDialog(m))
}

func newCloseDialog(m *Model) *closeDialog {
	label := labelPrefix(m.tx, "tui.keys.close") + oneLine(m.inc.st.ID)
	c := &closeDialog{form: newForm(m.dark, form{heading: m.tx.T("tui.dialog.close-title"),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.summary-prompt"), required: true, multiline: true,
		action: func(f *form) (action, bool) {
			summary := f.text()
			return action{kind: actClose, label: label, run: func(e engine, actor string) error {
				return e.Close(actor, summary)
			}}, true
		}})}
	c.onDuties = len(m.inc.st.CloseBlockers()) > 0 || (m.inc.st.Drill != nil && len(m.closeDuties()) > 0)
	c.walk(m)
	return c
}

// closeDuties are the running duties the dialog walks, in the order of
// the duties pane.
func (m *Model) closeDuties() []*incident.Duty {
	var out []*incident.Duty
	for _, d := range m.listedDuties() {
		if d.Status == incident.StatusRunning {
			out = append(out, d)
		}
	}
	return out
}

// holds reports whether duty d holds the close, and why (a Block code).
func holds(st *incident.State, d *incident.Duty) (string, bool) {
	for _, b := range st.CloseBlockers() {
		if b.Duty == d.ID {
			return b.Code, true
		}
	}
	return "", false
}

// walk puts the cursor on the first duty that still holds the close, once
// the one under it is decided; it stays where it is otherwise.
func (c *closeDialog) walk(m *Model) {
	st := m.inc.st
	duties := m.closeDuties()
	if c.onDuties && !c.saving && st.Drill == nil && len(st.CloseBlockers()) == 0 {
		// The last decision is recorded: the summary is next.
		c.focusSummary()
	}
	if i := slices.IndexFunc(duties, func(d *incident.Duty) bool { return d.ID == c.duty }); i >= 0 {
		if _, held := holds(st, duties[i]); held {
			return
		}
	}
	for _, d := range duties {
		if _, held := holds(st, d); held {
			c.duty = d.ID
			return
		}
	}
	if c.duty == "" || !slices.ContainsFunc(duties, func(d *incident.Duty) bool { return d.ID == c.duty }) {
		c.duty = ""
		if len(duties) > 0 {
			c.duty = duties[0].ID
		}
	}
}

// selected is the duty under the cursor, or nil.
func (c *closeDialog) selected(m *Model) *incident.Duty {
	if c.duty == "" {
		return nil
	}
	d := m.inc.st.Duty(c.duty)
	if d == nil || d.Status != incident.StatusRunning {
		return nil
	}
	return d
}

// blockers is why the close cannot be recorded yet: the duties that hold
// it, counted ("" when none does, and in a drill, whose close is not held).
func (c *closeDialog) blockers(m *Model) string {
	st := m.inc.st
	if st.Drill != nil {
		return ""
	}
	if n := len(st.CloseBlockers()); n > 0 {
		return m.tx.T("tui.close.held", "Count", n)
	}
	return ""
}

func (c *closeDialog) keys() []key {
	idle := func(*Model) bool { return !c.saving }
	onDuties := func(*Model) bool { return !c.saving && c.onDuties }
	decide := func(m *Model) string {
		d := c.selected(m)
		if d == nil {
			return m.orBlocked(m.tx.T("tui.why.no-duty"))
		}
		return m.blocked()
	}
	return []key{
		{keys: []string{"up", "k", "down", "j"}, label: "up/dn", help: "tui.keys.move", bar: onDuties, when: onDuties,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
				duties := m.closeDuties()
				if len(duties) == 0 {
					return nil
				}
				i := slices.IndexFunc(duties, func(d *incident.Duty) bool { return d.ID == c.duty })
				step := 1
				if up(msg) {
					step = -1
				}
				c.duty = duties[clamp(i+step, 0, len(duties)-1)].ID
				return nil
			}},
		// Deciding a duty answers the refusal of an earlier ctrl+s: its
		// error goes, rather than stay under a close nothing holds.
		{keys: []string{"d"}, help: "tui.keys.done", bar: onDuties, when: onDuties, off: decide,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { c.err = ""; return m.push(newDoneDialog(m, c.selected(m))) }},
		{keys: []string{"w"}, help: "tui.keys.waive", bar: onDuties, when: onDuties, off: decide,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { c.err = ""; return m.push(newWaiveDialog(m, c.selected(m))) }},
		// A legal duty's h says why not when pressed, in the dialog's
		// error line; the help bar leaves it out rather than cut the reason.
		{keys: []string{"h"}, help: "tui.life.key-hand-over", when: onDuties,
			bar: func(m *Model) bool { d := c.selected(m); return onDuties(m) && (d == nil || !d.Spec.Legal) },
			off: func(m *Model) string { return m.handOverWhy(c.selected(m)) },
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				c.err = ""
				return m.push(newHandOverDialog(m, c.selected(m)))
			}},
		{keys: []string{"ctrl+s"}, help: "tui.close.key", bar: always,
			off: func(m *Model) string {
				if c.saving {
					return m.tx.T("tui.why.saving")
				}
				if why := c.blockers(m); why != "" {
					return why
				}
				return m.blocked()
			},
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				if c.text() == "" {
					c.err = m.tx.T("tui.dialog.required")
					return c.focusSummary()
				}
				return c.submit(m)
			}},
		{keys: []string{"tab", "shift+tab"}, label: "tab", help: "tui.keys.field", when: idle,
			bar: func(m *Model) bool { return len(m.closeDuties()) > 0 },
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				if c.onDuties || len(m.closeDuties()) == 0 {
					return c.focusSummary()
				}
				c.onDuties = true
				c.input.Blur()
				return nil
			}},
		{keys: []string{"esc"}, help: "tui.keys.cancel", bar: always, when: idle,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

// focusSummary gives the summary field the keyboard.
func (c *closeDialog) focusSummary() tea.Cmd {
	c.onDuties = false
	return c.input.Focus()
}

// start focuses the summary when there is no duty to walk.
func (c *closeDialog) start() tea.Cmd {
	if c.onDuties {
		return nil
	}
	return c.input.Focus()
}

// update types into the summary; text typed on the list goes there too.
func (c *closeDialog) update(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	var focus tea.Cmd
	if c.onDuties && !c.saving {
		if msg.Text == "" {
			return nil
		}
		focus = c.focusSummary()
	}
	return tea.Batch(focus, c.form.update(m, msg))
}

// paste goes to the summary.
func (c *closeDialog) paste(m *Model, msg tea.PasteMsg) (tea.Cmd, bool) {
	c.onDuties = false
	return c.form.paste(m, msg)
}

// typeText takes text that came as keys (a paste's tail) into the
// summary, which then has the keyboard.
func (c *closeDialog) typeText(m *Model, text string) bool {
	c.onDuties = false
	return c.form.typeText(m, text)
}

// resize gives the summary a third of the body, the duties the rest.
func (c *closeDialog) resize(w, h int) {
	c.input.SetWidth(max(4, w-1))
	c.input.SetHeight(clamp(h/4, 2, 4))
}

// view draws the running duties, each with where it stands, then the
// summary and the saving mark or the error.
func (c *closeDialog) view(m *Model, w, h int) []string {
	st, tx, s := m.inc.st, m.tx, m.st
	duties := m.closeDuties()
	var head []string
	switch {
	case len(duties) == 0:
		for _, l := range wrap(tx.T("tui.close.none"), w) {
			head = append(head, s.subtle.Render(l))
		}
	case st.Drill != nil:
		head = append(head, wrap(tx.T("tui.close.drill"), w)...)
	case len(st.CloseBlockers()) == 0:
		for _, l := range wrap(tx.T("tui.close.ready"), w) {
			head = append(head, s.ok.Render(l))
		}
	default:
		for _, l := range wrap(tx.T("tui.close.walk"), w) {
			head = append(head, s.bold.Render(l))
		}
		head = append(head, s.warn.Render(cut(tx.T("tui.close.held", "Count", len(st.CloseBlockers())), w)))
	}
	// The list shares the body with the summary: it scrolls to keep the
	// duty under the cursor in sight.
	room := max(1, h-len(head)-c.input.Height()-len(wrap(c.inputTitle, w))-4)
	sel := max(0, slices.IndexFunc(duties, func(d *incident.Duty) bool { return d.ID == c.duty }))
	from := clamp(sel-room+1, 0, max(0, len(duties)-room))
	var rows []string
	for i := from; i < min(len(duties), from+room); i++ {
		rows = append(rows, c.dutyRow(m, duties[i], w))
	}
	if len(rows) > 0 {
		rows = append(rows, "")
	}
	lines := append(head, rows...)
	return append(lines, c.form.view(m, w, h-len(lines))...)
}

// dutyRow is one running duty: the cursor, [legal] when it is one, its
// title, and where it stands for the close.
func (c *closeDialog) dutyRow(m *Model, d *incident.Duty, w int) string {
	tx, s := m.tx, m.st
	var state string
	code, held := holds(m.inc.st, d)
	switch {
	case code == incident.BlockLegal && d.Handover != nil:
		state = s.alert.Render(tx.T("tui.close.legal-handed-over", "Owner", oneLine(d.Handover.Owner)))
	case code == incident.BlockLegal:
		state = s.alert.Render(tx.T("tui.close.legal-open"))
	case held:
		state = s.warn.Render(tx.T("tui.close.undecided"))
	case d.Handover != nil:
		// The ticket is on the duty's line in the duties pane: a row
		// has half the width for this.
		state = s.ok.Render(tx.T("tui.close.handed-over", "Owner", oneLine(d.Handover.Owner)))
	}
	title := m.dutyName(d)
	if d.Spec.Legal {
		title = tx.T("tui.close.legal-mark") + " " + title
	}
	marker := "  "
	if d.ID == c.duty {
		marker = "* "
		if c.onDuties {
			marker = "> "
		}
	}
	line := headLine(marker+title, state, w)
	if d.ID == c.duty && c.onDuties {
		return s.selected.Render(fit(line, w))
	}
	return line
}

// handedOverText says to whom a duty was handed over, with its ticket.
func handedOverText(m *Model, h *incident.Handover) string {
	if h.Ticket != "" {
		return m.tx.T("tui.close.handed-over-ticket", "Owner", oneLine(h.Owner), "Ticket", oneLine(h.Ticket))
	}
	return m.tx.T("tui.close.handed-over", "Owner", oneLine(h.Owner))
}
