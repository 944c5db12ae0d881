package tui

import (
	tea "charm.land/bubbletea/v2"
)

// noticeDialog is text to read with something to copy: a duty's message
// with its placeholders filled, or the command that exports a closed
// incident (or writes a drill's after-action report). It stays on screen
// for terminals that ignore the clipboard request.
type noticeDialog struct {
	heading  string
	body     []string
	copyText string
}

// openMessage shows the selected duty's message with its placeholders
// filled, and copies it to the clipboard (OSC 52).
func (m *Model) openMessage() tea.Cmd {
	d := m.selectedDuty()
	msg := m.fillMessage(d)
	body := []string{m.tx.T("tui.dialog.message-copied"), "", msg}
	if r := m.firstOpenRecipient(d); d.Spec.HasRecipients() && r != "" {
		// One message per recipient: this one is the first's.
		body = append([]string{m.tx.T("tui.dialog.message-for", "Recipient", oneLine(m.recipientName(r)))}, body...)
	}
	m.push(&noticeDialog{heading: m.tx.T("tui.dialog.message-title", "Duty", dutyTitle(d.Spec)),
		body: body, copyText: msg})
	m.setFlash(flashOK, m.tx.T("tui.status.copied"))
	return tea.SetClipboard(msg)
}

// openClosed offers the export command once the incident is closed.
func (m *Model) openClosed() {
	id := oneLine(m.inc.st.ID)
	cmd := exportCommand(id)
	m.push(&noticeDialog{heading: m.tx.T("tui.dialog.closed-title", "Incident", id),
		body: []string{m.tx.T("tui.dialog.closed-export"), "", "  " + cmd, "", m.tx.T("tui.copy-fallback")}, copyText: cmd})
}

func (d *noticeDialog) title() string { return d.heading }

func (d *noticeDialog) keys() []key {
	return []key{
		{keys: []string{"c"}, help: "tui.keys.copy", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.setFlash(flashOK, m.tx.T("tui.status.copied"))
				return tea.SetClipboard(d.copyText)
			}},
		{keys: []string{"esc", "enter", "q"}, help: "tui.keys.back", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

func (d *noticeDialog) update(*Model, tea.KeyPressMsg) tea.Cmd { return nil }

func (d *noticeDialog) view(m *Model, w, _ int) []string { return m.bodyLines(d.body, false, "", w) }
