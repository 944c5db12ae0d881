package tui

// noteDialog adds a note of several lines to the timeline.
type noteDialog struct{ *form }

func newNoteDialog(m *Model) noteDialog {
	label := m.tx.T("tui.keys.note")
	return noteDialog{newForm(m.dark, form{heading: m.tx.T("tui.dialog.note-title"),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.note-prompt"), required: true, multiline: true,
		hint: m.tx.T("tui.dialog.multiline-keys"),
		action: func(f *form) (action, bool) {
			text := f.text()
			return action{kind: actNote, label: label, run: func(e engine, actor string) error {
				return e.Note(actor, text)
			}}, true
		}})}
}
