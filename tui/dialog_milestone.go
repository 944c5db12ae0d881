package tui

import (
	"time"

	"github.com/shodo-dev/shodo/internal/claimed"
)

// milestoneDialog stamps a milestone that does not stand yet. Its clocks
// start now, or from when it happened, if the responder says so in the
// optional field: the claim and the time of the stamp are both recorded.
// Enter first shows the clocks it will start and asks (stampPreview).
type milestoneDialog struct{ *form }

func newMilestoneDialog(m *Model) milestoneDialog {
	prefix := labelPrefix(m.tx, "tui.keys.stamp")
	tx, eng := m.tx, m.inc.eng
	// The milestone chosen and the time claimed, as the last enter read
	// them: what the preview shows is what its yes records.
	var id string
	var happened time.Time
	return milestoneDialog{newForm(m.dark, form{heading: m.tx.T("tui.dialog.stamp-title"),
		lists:    []choiceList{{title: m.tx.T("tui.dialog.pick-milestone"), items: m.unstamped()}},
		empty:    m.tx.T("tui.dialog.all-stamped"),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.happened-prompt"),
		echo:    func(text string) string { return claimEcho(tx, text, eng.Now()) },
		confirm: func(m *Model, f *form, a action) dialog { return newStampPreview(m, f, a, id, happened) },
		action: func(f *form) (action, bool) {
			id = f.picked(0)
			if id == "" {
				return action{}, false
			}
			var err error
			happened, err = claimed.Parse(f.text(), eng.Now())
			if err != nil {
				f.err = claimWords(tx, err)
				return action{}, false
			}
			id, happened := id, happened
			return action{kind: actStamp, label: prefix + f.pickedLabel(0), run: func(e engine, actor string) error {
				return e.StampAt(actor, id, happened)
			}}, true
		}})}
}

// unstamped are the milestones that do not stand yet.
func (m *Model) unstamped() []choice {
	st := m.inc.st
	var out []choice
	for _, ms := range st.Runbook.Milestones {
		if _, ok := st.Stamped(ms.ID); !ok {
			title := oneLine(ms.Title)
			if title == "" {
				title = oneLine(ms.ID)
			}
			out = append(out, choice{id: ms.ID, label: title, detail: oneLine(ms.Hint)})
		}
	}
	return out
}
