package tui

import (
	"slices"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
)

// The drill's clock: scenario time and how it is written, its speed,
// pausing, restarting and jumping to the next inject (each recorded by the
// drill before the screen shows it), and the header's part that shows it.

// offsetText writes an incident time as a scenario offset: "T+00:17". The
// offset is rounded to the second before the minutes are cut: a live
// drill's opening is recorded a few microseconds of scenario time after its
// clock's zero, and an inject due at 12m must not read T+00:11.
func (m Model) offsetText(t time.Time) string {
	return drill.FormatClock(m.offsetOf(t))
}

// offsetOf is the scenario offset of an incident time, to the second.
func (m Model) offsetOf(t time.Time) time.Duration {
	return t.Sub(m.inc.st.Opened).Round(time.Second)
}

// speedText writes a time compression without needless decimals: 60, 0.5.
func speedText(speed float64) string { return strconv.FormatFloat(speed, 'f', -1, 64) }

// speedSteps are the standard speeds + and - step through: real time,
// then from a scenario minute per 6 real seconds to five scenario minutes
// per second. Every speed a shipped scenario sets is among them (a test
// checks).
func speedSteps() []float64 { return []float64{1, 10, 30, 60, 120, 300} }

// drillSpeeds are the speeds + and - step through in this drill: the
// standard steps, the scenario's own speed and the speed the drill
// started at (--speed), so that each of those can always be set again.
func (m Model) drillSpeeds() []float64 {
	steps := speedSteps()
	own := []float64{m.inc.drill.ctl.Scenario().Speed}
	if m.inc.st != nil && m.inc.st.Drill != nil {
		own = append(own, m.inc.st.Drill.Speed)
	}
	for _, s := range own {
		if s >= drill.MinSpeed && s <= drill.MaxSpeed && !slices.Contains(steps, s) {
			steps = append(steps, s)
		}
	}
	slices.Sort(steps)
	return steps
}

// nextSpeed is the step of steps (in increasing order) after cur going up
// or down; false at the end. A speed between steps goes to the nearest
// step that way.
func nextSpeed(steps []float64, cur float64, up bool) (float64, bool) {
	if up {
		for _, s := range steps {
			if s > cur {
				return s, true
			}
		}
		return cur, false
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i] < cur {
			return steps[i], true
		}
	}
	return cur, false
}

// reschedule drops the pending wake-up and schedules one for the clock as
// it now runs (a pause, a new speed, a jump change when that is).
func (m *Model) reschedule() tea.Cmd {
	m.inc.wakeGen++
	m.inc.wakeAt = time.Time{}
	m.now = m.clockNow()
	return m.wakeCmd()
}

// togglePause stops or restarts scenario time. The drill records the
// change in the journal (so that a resumed drill stands where it was
// paused); the screen follows in onClockChanged, once it is on disk.
func (m *Model) togglePause() tea.Cmd {
	ctl := m.inc.drill.ctl
	if ctl.Clock().Paused() {
		return m.do(action{kind: actRun, label: m.tx.T("tui.keys.resume"),
			run: func(engine, string) error { return ctl.Run() }})
	}
	return m.do(action{kind: actPause, label: m.tx.T("tui.keys.pause"),
		run: func(engine, string) error { return ctl.Pause() }})
}

// changeSpeed steps the clock's speed up or down, through the drill, which
// records the new speed.
func (m *Model) changeSpeed(up bool) tea.Cmd {
	ctl := m.inc.drill.ctl
	next, ok := nextSpeed(m.drillSpeeds(), ctl.Clock().Speed(), up)
	if !ok {
		return nil
	}
	return m.do(action{kind: actSpeed, label: m.tx.T("tui.drill.speed", "Speed", speedText(next)),
		run: func(engine, string) error { return ctl.SetSpeed(next) }})
}

// onClockChanged follows a clock change the engine acknowledged (or
// refused: a refused pause leaves the clock running, so the display loop
// and the wake-up follow the clock as it is, either way).
func (m *Model) onClockChanged(kind actionKind, err error) tea.Cmd {
	c := m.inc.drill.ctl.Clock()
	m.tickTag++ // drop the pending display tick: it was set for the old clock
	cmd := m.reschedule()
	if !c.Paused() {
		// The display loop stops while paused: start a new one.
		cmd = tea.Batch(m.tickCmd(m.tickTag), cmd)
	}
	if err != nil {
		return cmd
	}
	switch kind {
	case actPause:
		m.setFlash(flashInfo, m.tx.T("tui.drill.paused-at", "At", m.offsetText(m.now)))
	case actRun:
		m.setFlash(flashOK, m.tx.T("tui.drill.running", "Speed", speedText(c.Speed())))
	case actSpeed:
		m.setFlash(flashOK, m.tx.T("tui.drill.speed-set", "Speed", speedText(c.Speed())))
	}
	return cmd
}

// confirmJump asks the facilitator to confirm a jump to the next inject,
// showing what it would skip. The plan is read now; the jump goes to the
// offset shown, and the drill refuses it if the clock has passed it since.
func (m *Model) confirmJump() tea.Cmd {
	plan, err := m.inc.drill.ctl.PlanJump()
	if err != nil {
		m.setFlash(flashErr, describeError(m.tx, err))
		return nil
	}
	return m.push(newJumpDialog(m, plan))
}

// skipTo moves scenario time to offset, confirmed: the drill records the
// jump, then every deadline and inject on the way at its own time.
func (m *Model) skipTo(offset time.Duration) tea.Cmd {
	ctl := m.inc.drill.ctl
	if ctl.Clock().Elapsed() >= offset {
		// The running clock got there while the confirmation was read:
		// the time was played, and there is nothing left to skip.
		m.setFlash(flashInfo, m.tx.T("tui.drill.jump-passed", "At", drill.FormatClock(offset)))
		return nil
	}
	return m.do(action{kind: actJump, label: m.tx.T("tui.keys.jump"),
		run: func(engine, string) error { return ctl.Skip(offset) }})
}

// onJumped follows a jump: the clock moved, so the wake-up moves too.
func (m *Model) onJumped() tea.Cmd {
	cmd := m.reschedule()
	m.setFlash(flashOK, m.tx.T("tui.drill.jumped", "At", m.offsetText(m.now)))
	return cmd
}

// drillHeader is the drill's part of the header's second line: scenario
// time, speed, and whether the clock is paused, in words.
func (m Model) drillHeader() []string {
	c := m.inc.drill.ctl.Clock()
	parts := []string{m.st.bold.Render(m.offsetText(m.now)), m.tx.T("tui.drill.speed", "Speed", speedText(c.Speed()))}
	if c.Paused() && !m.inc.st.Closed {
		parts = append(parts, m.st.warn.Render("["+m.tx.T("tui.drill.paused")+"]"))
	}
	return parts
}
