package tui

// reassignDialog gives a role to someone else: the role, and the new
// holder's name, which is required.
type reassignDialog struct{ *form }

func newReassignDialog(m *Model) reassignDialog {
	st := m.inc.st
	var roles []choice
	for _, a := range st.Roles {
		roles = append(roles, choice{id: a.Role, label: oneLine(st.Runbook.ActorTitle(a.Role)),
			detail: m.tx.T("tui.dialog.holder", "Assignee", oneLine(a.Assignee))})
	}
	prefix := labelPrefix(m.tx, "tui.keys.assign")
	return reassignDialog{newForm(m.dark, form{heading: m.tx.T("tui.dialog.assign-title"),
		lists:    []choiceList{{title: m.tx.T("tui.dialog.pick-role"), items: roles}},
		hasInput: true, inputTitle: m.tx.T("tui.dialog.assignee-prompt"), required: true,
		action: func(f *form) (action, bool) {
			role, who := f.picked(0), f.text()
			return action{kind: actAssign, label: prefix + f.pickedLabel(0) + " -> " + oneLine(who),
				run: func(e engine, actor string) error { return e.Assign(actor, role, who) }}, true
		}})}
}
