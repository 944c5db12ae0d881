package tui

import (
	tea "charm.land/bubbletea/v2"
)

// quitDialog asks to confirm quitting and says that nothing is left to
// save, or that the text being typed below it would be lost.
type quitDialog struct {
	heading, id string
	// dir is where the incident's files are, so that a responder knows
	// what to back up or hand over; empty on a served screen, whose files
	// are the server's.
	dir   string
	draft bool
}

func newQuitDialog(m *Model) *quitDialog {
	d := &quitDialog{heading: m.tx.T("tui.dialog.quit-title"), draft: m.hasDraft()}
	if m.inc.st != nil {
		d.id = oneLine(m.inc.st.ID)
	}
	if m.inc.eng != nil && !m.opt.Remote {
		d.dir = oneLine(m.inc.eng.Dir())
	}
	return d
}

func (d *quitDialog) title() string { return d.heading }

func (d *quitDialog) keys() []key {
	return []key{
		{keys: []string{"y", "Y", "q", "enter", "ctrl+c"}, label: "y", help: "tui.keys.confirm", bar: always,
			do: func(*Model, tea.KeyPressMsg) tea.Cmd { return tea.Quit }},
		{keys: []string{"n", "N", "esc"}, label: "n", help: "tui.keys.cancel", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

func (d *quitDialog) update(*Model, tea.KeyPressMsg) tea.Cmd { return nil }

func (d *quitDialog) view(m *Model, w, _ int) []string {
	s := m.st
	lines := []string{""}
	saved := m.tx.T("tui.dialog.quit-saved")
	if d.dir != "" {
		saved = m.tx.T("tui.dialog.quit-saved-in", "Dir", d.dir)
	}
	lines = append(lines, wrap(saved, w)...)
	lines = append(lines, s.bold.Render(cut("  shodo resume "+d.id, w)))
	if d.draft {
		lines = append(lines, "")
		for _, l := range wrap(m.tx.T("tui.dialog.quit-draft"), w) {
			lines = append(lines, s.alert.Render(l))
		}
	}
	return lines
}
