package tui

import (
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
)

// doneDialog marks a duty done: the means used (when the duty names some)
// and an optional note.
type doneDialog struct{ *form }

func newDoneDialog(m *Model, d *incident.Duty) doneDialog {
	f := form{heading: m.tx.T("tui.dialog.done-title", "Duty", dutyTitle(d.Spec)),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.note-optional")}
	if means := m.meansChoices(d); len(means) > 0 {
		f.lists = []choiceList{{title: m.tx.T("tui.dialog.pick-means"), items: means}}
	}
	label, duty := labelPrefix(m.tx, "tui.keys.done")+dutyTitle(d.Spec), d.ID
	// Required checklist items still unticked: the dialog says which, and
	// recording it is the person's word that they may stay so, which the
	// journal keeps.
	left := d.Unticked()
	if len(left) > 0 {
		texts := make([]string, len(left))
		for i, id := range left {
			texts[i] = oneLine(d.Spec.Item(id).Text)
		}
		f.inputTitle = sentences(m.tx, m.tx.T("tui.dialog.done-unticked", "Count", len(left), "Items", strings.Join(texts, m.tx.T("tui.dialog.list-separator"))), f.inputTitle)
	}
	// Required report fields still empty: the same question, the same
	// confirmation.
	empty := d.EmptyFields()
	if len(empty) > 0 {
		labels := make([]string, len(empty))
		for i, id := range empty {
			labels[i] = oneLine(d.Spec.Field(id).Label)
		}
		f.inputTitle = sentences(m.tx, m.tx.T("tui.dialog.done-empty", "Count", len(empty), "Fields", strings.Join(labels, m.tx.T("tui.dialog.list-separator"))), f.inputTitle)
	}
	f.action = func(f *form) (action, bool) {
		means, note := f.picked(0), f.text()
		return action{kind: actDone, label: label, run: func(e engine, actor string) error {
			if len(left) > 0 || len(empty) > 0 {
				return e.DutyDoneUnticked(actor, duty, means, note)
			}
			return e.DutyDone(actor, duty, means, note)
		}}, true
	}
	return doneDialog{newForm(m.dark, f)}
}

// meansChoices lists the means a duty accepts, with their contact details.
func (m *Model) meansChoices(d *incident.Duty) []choice {
	rb := m.inc.st.Runbook
	var out []choice
	for _, by := range rb.AcceptedMeans(d.Spec) {
		out = append(out, choice{id: by, label: meansWord(m.tx, by), detail: meansDetail(m.tx, rb, d.Spec, by)})
	}
	return out
}
