package tui

import (
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/claimed"
)

// submittedDialog marks a duty done with when its report was really
// submitted (the time on the authority's receipt), which the optional field
// takes as the milestone dialog takes "happened at": clocks chained on
// done:<duty> count from it, and the duty is late only if it was. Marking
// a report done an hour after filing it must not start the next legal
// clock an hour late.
type submittedDialog struct{ *form }

func newSubmittedDialog(m *Model, d *incident.Duty) submittedDialog {
	tx, eng := m.tx, m.inc.eng
	f := form{heading: tx.T("tui.dialog.submitted-title", "Duty", dutyTitle(d.Spec)),
		hasInput: true, inputTitle: tx.T("tui.dialog.submitted-prompt"),
		echo: func(text string) string { return claimEcho(tx, text, eng.Now()) }}
	if means := m.meansChoices(d); len(means) > 0 {
		f.lists = []choiceList{{title: tx.T("tui.dialog.pick-means"), items: means}}
	}
	label, duty := labelPrefix(tx, "tui.keys.submitted")+dutyTitle(d.Spec), d.ID
	// As in the done dialog: recording it is the person's word that the
	// required items left unticked may stay so.
	left := d.Unticked()
	if len(left) > 0 {
		texts := make([]string, len(left))
		for i, id := range left {
			texts[i] = oneLine(d.Spec.Item(id).Text)
		}
		f.inputTitle = sentences(tx, tx.T("tui.dialog.done-unticked", "Count", len(left), "Items", strings.Join(texts, tx.T("tui.dialog.list-separator"))), f.inputTitle)
	}
	f.action = func(f *form) (action, bool) {
		submitted, err := claimed.Parse(f.text(), eng.Now())
		if err != nil {
			f.err = claimWords(tx, err)
			return action{}, false
		}
		means := f.picked(0)
		return action{kind: actDone, label: label, run: func(e engine, actor string) error {
			return e.DutyDoneSubmittedAt(actor, duty, means, "", submitted, len(left) > 0)
		}}, true
	}
	return submittedDialog{newForm(m.dark, f)}
}
