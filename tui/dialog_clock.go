package tui

import (
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
)

// The dialogs that act on a running duty's clock: pause it (the time left
// is kept; only a not_after bound still runs), resume it, restart it
// (a new clock from now; the one it replaces stays on record). Each asks
// for a reason, which is required: a clock that stops or starts again
// must say why in the postmortem.

// clockDialog is one of them.
type clockDialog struct{ *form }

func newPauseDialog(m *Model, d *incident.Duty) clockDialog {
	return newClockDialog(m, d, actDutyPause, "tui.keys.pause-duty", "tui.dialog.pause-title", "tui.dialog.pause-note",
		func(e engine, actor, duty, reason string) error { return e.PauseDuty(actor, duty, reason) })
}

func newResumeDialog(m *Model, d *incident.Duty) clockDialog {
	return newClockDialog(m, d, actDutyResume, "tui.keys.resume-duty", "tui.dialog.resume-title", "tui.dialog.resume-note",
		func(e engine, actor, duty, reason string) error { return e.ResumeDuty(actor, duty, reason) })
}

func newRestartDialog(m *Model, d *incident.Duty) clockDialog {
	return newClockDialog(m, d, actDutyRestart, "tui.keys.restart-duty", "tui.dialog.restart-title", "tui.dialog.restart-note",
		func(e engine, actor, duty, reason string) error { return e.RestartDuty(actor, duty, reason) })
}

// newClockDialog asks for the reason of an act on d's clock, saying first
// what the act does to it (note).
func newClockDialog(m *Model, d *incident.Duty, kind actionKind, keyHelp, title, note string, act func(e engine, actor, duty, reason string) error) clockDialog {
	name, duty := m.dutyName(d), d.ID
	label := labelPrefix(m.tx, keyHelp) + name
	heading := m.tx.T(title, "Duty", name)
	if d.Due.IsZero() && d.Target.IsZero() {
		note = "tui.dialog.clock-no-limit" // asap: no time to keep
	}
	prompt := sentences(m.tx, m.tx.T(note, "Left", span(m.tx, clockLeft(d, m.now))), m.tx.T("tui.dialog.reason-required"))
	return clockDialog{newForm(m.dark, form{heading: heading,
		hasInput: true, inputTitle: prompt, required: true,
		action: func(f *form) (action, bool) {
			reason := f.text()
			return action{kind: kind, label: label, run: func(e engine, actor string) error {
				return act(e, actor, duty, reason)
			}}, true
		}})}
}

// clockLeft is what d's clock has left at now, frozen while paused; zero
// once past its time.
func clockLeft(d *incident.Duty, now time.Time) time.Duration {
	switch k, left := countdown(d, now); k {
	case countdownNormal, countdownSoon, countdownTarget, countdownPaused:
		return left
	}
	return 0
}
