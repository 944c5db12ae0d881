package tui

import "github.com/shodo-dev/shodo/engine/incident"

// attemptDialog logs an attempt to reach a duty's party: the means, and
// the outcome picked from the usual ones or typed.
type attemptDialog struct{ *form }

func newAttemptDialog(m *Model, d *incident.Duty) attemptDialog {
	f := form{heading: m.tx.T("tui.dialog.attempt-title", "Duty", dutyTitle(d.Spec)),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.outcome-other")}
	means := m.meansChoices(d)
	if len(means) > 0 {
		f.lists = append(f.lists, choiceList{title: m.tx.T("tui.dialog.pick-means"), items: means})
	}
	var presets []choice
	for _, p := range []string{
		m.tx.T("tui.dialog.outcome-preset.no-answer"), m.tx.T("tui.dialog.outcome-preset.voicemail"),
		m.tx.T("tui.dialog.outcome-preset.busy"), m.tx.T("tui.dialog.outcome-preset.no-reply"),
	} {
		presets = append(presets, choice{id: p, label: p})
	}
	f.lists = append(f.lists, choiceList{title: m.tx.T("tui.dialog.outcome"), items: presets})
	label, duty, hasMeans := labelPrefix(m.tx, "tui.keys.attempt")+dutyTitle(d.Spec), d.ID, len(means) > 0
	f.action = func(f *form) (action, bool) {
		meansUsed, outcome := "", f.picked(0)
		if hasMeans {
			meansUsed, outcome = f.picked(0), f.picked(1)
		}
		if typed := f.text(); typed != "" {
			outcome = typed
		}
		return action{kind: actAttempt, label: label, run: func(e engine, actor string) error {
			return e.DutyAttempted(actor, duty, meansUsed, outcome)
		}}, true
	}
	return attemptDialog{newForm(m.dark, f)}
}
