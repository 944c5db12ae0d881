package tui

import "github.com/shodo-dev/shodo/engine/incident"

// waiveDialog waives a duty, with the reason, which is required.
type waiveDialog struct{ *form }

func newWaiveDialog(m *Model, d *incident.Duty) waiveDialog {
	label, duty := labelPrefix(m.tx, "tui.keys.waive")+dutyTitle(d.Spec), d.ID
	return waiveDialog{newForm(m.dark, form{heading: m.tx.T("tui.dialog.waive-title", "Duty", dutyTitle(d.Spec)),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.reason-required"), required: true,
		action: func(f *form) (action, bool) {
			reason := f.text()
			return action{kind: actWaive, label: label, run: func(e engine, actor string) error {
				return e.Waive(actor, duty, reason)
			}}, true
		}})}
}
