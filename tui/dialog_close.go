package tui

// closeDialog closes the incident with a summary, which is required.
type closeDialog struct{ *form }

func newCloseDialog(m *Model) closeDialog {
	label := m.tx.T("tui.keys.close") + ": " + oneLine(m.inc.st.ID)
	return closeDialog{newForm(m.dark, form{heading: m.tx.T("tui.dialog.close-title"),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.summary-prompt"), required: true, multiline: true,
		action: func(f *form) (action, bool) {
			summary := f.text()
			return action{kind: actClose, label: label, run: func(e engine, actor string) error {
				return e.Close(actor, summary)
			}}, true
		}})}
}
