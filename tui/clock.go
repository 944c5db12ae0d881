package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// tickMsg moves the countdowns on. tag identifies the tick loop: a message
// from a loop that was replaced is stale and dropped (bubbles' timer
// pattern), so that there is never more than one tick per second.
type tickMsg struct {
	tag int
	at  time.Time
}

// wakeMsg fires when the next duty falls due; gen drops wake-ups that a
// newer state rescheduled.
type wakeMsg struct{ gen int }

// tickCmd schedules the next second of the loop tag, on the whole second of
// the injected clock so that every countdown on screen changes together. A
// drill's loop runs once a real second while scenario time runs, and not at
// all while it is paused or over: nothing on screen moves then.
func (m *Model) tickCmd(tag int) tea.Cmd {
	if m.screen == screenIncident && m.inc.drill.on() {
		c := m.inc.drill.ctl.Clock()
		if c.Paused() || m.inc.st.Closed {
			return nil
		}
		return m.after(time.Second, func(time.Time) tea.Msg { return tickMsg{tag: tag, at: c.Now()} })
	}
	if m.screen == screenIncident && m.inc.st != nil && m.inc.st.Closed {
		// Nothing ticks after the close: the figures stand at it. A
		// reopen starts the loop again (restartTicks).
		return nil
	}
	now := m.opt.Now()
	d := time.Second - time.Duration(now.Nanosecond())
	if d < 50*time.Millisecond {
		d += time.Second
	}
	clock := m.opt.Now
	if m.screen == screenIncident && m.inc.eng != nil {
		clock = m.inc.eng.Now // the session's steady time, read off the UI goroutine
	}
	return m.after(d, func(time.Time) tea.Msg { return tickMsg{tag: tag, at: clock()} })
}

// restartTicks starts the second loop again after it stopped at a close:
// a new tag, so that a tick of the old loop still on its way is dropped.
func (m *Model) restartTicks() tea.Cmd {
	m.tickTag++
	return m.tickCmd(m.tickTag)
}

// figuresAt is the moment the incident screen's figures are read at:
// now, and the close time once the incident is closed (State.AsOf), so
// that elapsed time, countdowns and overdue stand still from the close,
// however much later the screen is looked at.
func (m Model) figuresAt() time.Time {
	if m.screen != screenIncident || m.inc.st == nil {
		return m.now
	}
	return m.inc.st.AsOf(m.now)
}

// onTick advances the clock and re-arms the loop. It also catches a due
// time that passed without its wake-up (a suspended laptop, a clock step).
func (m *Model) onTick(msg tickMsg) tea.Cmd {
	if msg.tag != m.tickTag {
		return nil
	}
	m.tickTag++
	m.now = msg.at
	if m.inc.drill.on() && m.screen == screenIncident {
		// Scenario time, read now: the message's reading may predate a
		// pause or a jump.
		m.now = m.clockNow()
	}
	cmds := []tea.Cmd{m.tickCmd(m.tickTag)}
	if due, ok := m.nextWake(); ok && !m.now.Before(due) {
		cmds = append(cmds, m.engineTick())
	}
	return tea.Batch(cmds...)
}

// wakeCmd schedules a wake-up at the next due time of the current state
// (in a drill, the next inject too), unless one is already scheduled for
// that moment. A drill's due time is in scenario time: the clock says how
// much real time is left before it, and while it is paused nothing can
// come due, so nothing is scheduled.
func (m *Model) wakeCmd() tea.Cmd {
	if m.screen != screenIncident {
		return nil
	}
	due, ok := m.nextWake()
	if !ok || due.Equal(m.inc.wakeAt) {
		return nil
	}
	var d time.Duration
	if m.inc.drill.on() {
		c := m.inc.drill.ctl.Clock()
		left, running := c.RealDelay(due)
		if !running && due.After(c.Now()) {
			return nil
		}
		d = left
	} else {
		d = max(0, due.Sub(m.screenNow()))
	}
	m.inc.wakeGen++
	m.inc.wakeAt = due
	gen := m.inc.wakeGen
	// A little late rather than early: Tick records nothing before the due
	// time has passed on the session's clock.
	return m.after(d+10*time.Millisecond, func(time.Time) tea.Msg { return wakeMsg{gen: gen} })
}

// onWake records what fell due, through the session.
func (m *Model) onWake(msg wakeMsg) tea.Cmd {
	if msg.gen != m.inc.wakeGen {
		return nil
	}
	m.inc.wakeAt = time.Time{}
	m.now = m.screenNow()
	return m.engineTick()
}

// engineTick calls Session.Tick in a command, one at a time; in a drill,
// Drill.Due, which delivers the injects due as well.
func (m *Model) engineTick() tea.Cmd {
	if m.inc.eng == nil || m.inc.ticking || m.inc.poison != nil || (m.inc.st != nil && m.inc.st.Closed) {
		return nil
	}
	m.inc.ticking = true
	if d := m.inc.drill; d.on() {
		return drillDue(d.ctl, m.inc.eng, d.real)
	}
	return tickEngine(m.inc.eng)
}

// onTicked takes the state after Session.Tick.
func (m *Model) onTicked(msg tickedMsg) tea.Cmd {
	m.inc.ticking = false
	m.applyState(msg.st)
	if m.inc.drill.on() {
		m.now = m.clockNow()
		m.layout()
	}
	if m.tickFailed(msg.err) {
		// Retried by the clock's next tick (onTick), not at once: a full
		// disk must not turn the wake-up into a busy loop.
		return nil
	}
	return m.wakeCmd()
}

// screenNow is the time the incident screen measures against: in a drill
// the scenario clock (clockNow), otherwise the session's steady time
// (Session.Now), which never runs back with the wall clock, so that
// neither does a countdown nor the elapsed time; the injected clock only
// before there is a session.
func (m Model) screenNow() time.Time {
	if m.screen == screenIncident && m.inc.eng != nil && !m.inc.drill.on() {
		return m.inc.eng.Now()
	}
	return m.clockNow()
}

// countdownKind is how urgent a running duty is.
type countdownKind int

const (
	countdownNormal     countdownKind = iota
	countdownSoon                     // the last quarter of its time
	countdownOver                     // past its due time
	countdownTarget                   // no hard due time: the time left to its target
	countdownPastTarget               // no hard due time, past its target: a soft warning, never overdue
	countdownASAP                     // as soon as possible, no number: the time since it started
	countdownPaused                   // its clock stands still: the time it has left, frozen
)

// countdown says how a running duty stands at now: the time left, or the
// time over once it is overdue. A duty without a hard due time (a target
// only, or asap) is never overdue: it counts to its target, or up from its
// start.
func countdown(d *incident.Duty, now time.Time) (countdownKind, time.Duration) {
	if d.Paused && d.CountsOverdue(now) {
		// Overdue stays overdue while paused (its not_after bound
		// passed, or a journal from before pauses refused it): counted
		// and shown as every other overdue duty.
		over := -d.Remaining(now) // what the pause kept, when it kept a late duty
		if d.Overdue {
			over = max(over, now.Sub(d.OverdueAt))
		}
		return countdownOver, max(0, over)
	}
	if d.Paused {
		return countdownPaused, pausedLeft(d)
	}
	if d.Due.IsZero() {
		switch {
		case d.Target.IsZero():
			return countdownASAP, max(0, now.Sub(d.Started))
		case now.After(d.Target):
			return countdownPastTarget, now.Sub(d.Target)
		}
		return countdownTarget, roundUp(d.Target.Sub(now))
	}
	if d.Overdue || now.After(d.Due) {
		return countdownOver, max(0, now.Sub(d.Due))
	}
	// Time left is shown rounded up, as a timer does: it reads 0s only at
	// the due time, and agrees with the elapsed time beside it.
	left := d.Due.Sub(now)
	shown := roundUp(left)
	if total := d.Due.Sub(d.Started); total > 0 && left*4 <= total {
		return countdownSoon, shown
	}
	return countdownNormal, shown
}

// pausedLeft is what a paused duty's clock kept: the time left to its due
// time, or to its target when it has only one (the target moves on by the
// pause too); zero for an asap duty. It does not depend on the time: a
// paused clock never counts down.
func pausedLeft(d *incident.Duty) time.Duration {
	if len(d.Pauses) == 0 {
		return 0
	}
	pa := d.Pauses[len(d.Pauses)-1]
	switch {
	case !d.Due.IsZero():
		return roundUp(max(0, pa.Remaining))
	case !d.Target.IsZero():
		return roundUp(max(0, d.Target.Sub(pa.From)))
	}
	return 0
}

// roundUp rounds a time left up to the second, as a timer does.
func roundUp(left time.Duration) time.Duration {
	shown := left.Truncate(time.Second)
	if shown < left {
		shown += time.Second
	}
	return shown
}
