package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
)

// drillControl is what the drill screen needs of a drill besides its
// session: the scenario, the simulated clock to read, and the commands that
// write (delivering what is due, a confirmed jump to the next inject, and pausing,
// restarting and speeding the clock, which the journal records).
// *drill.Drill satisfies it.
type drillControl interface {
	Scenario() *drill.Scenario
	Clock() *drill.SimClock
	Due(now time.Time) ([]drill.Inject, error)
	PlanJump() (drill.JumpPlan, error)
	Skip(offset time.Duration) error
	Pause() error
	Run() error
	SetSpeed(speed float64) error
}

var _ drillControl = (*drill.Drill)(nil)

// drillView is a page of the drill screen shown in place of the panes.
type drillView int

const (
	drillPanes   drillView = iota
	drillNotes             // the facilitator's notes: never for the players
	drillInjects           // every inject delivered so far, in full
)

// drillState is the facilitator's side of the incident screen; ctl is nil
// outside drills.
type drillState struct {
	ctl  drillControl
	real func() time.Time // the real-time source the drill's clock reads
	view drillView
	// scroll is the first line shown of the notes or injects page.
	scroll int
	// player is set on a player's screen of a drill shodo serve shares:
	// the facilitator's keys and notes are not there (NewDrillPlayerModel).
	player bool
	// notice is how many injects the state held when the one in the
	// banner arrived (its index plus one); 0 shows none. fresh counts the
	// injects that arrived with it, seen those already looked at.
	notice, fresh, seen int
}

// on reports whether the screen is a drill.
func (d drillState) on() bool { return d.ctl != nil }

// NewDrillModel returns the incident screen over a drill, with the
// facilitator's controls: pause, speed, jump to the next inject, the
// facilitator's notes. opt.Now must be the real-time source the drill's
// clock reads (drill.StartOptions.Real; nil in both means time.Now): the
// countdowns and the header follow the drill's scenario clock, and the app
// wakes, in real time, exactly when the next inject or deadline is due. The
// caller keeps ownership of d: detach it after the program ends.
func NewDrillModel(d *drill.Drill, opt Options) Model {
	m := newModel(opt.withDefaults(), nil, false)
	m.home = homeState{}
	sess := d.Session()
	events, stop := sess.Subscribe()
	m.enterIncident(sess, false, events, stop, sess.State())
	m.enterDrill(d)
	return m
}

// NewDrillPlayerModel returns a player's screen of a drill a facilitator
// runs (shodo serve): the incident screen over d, its clock and injects as
// they come, but none of the facilitator's keys — the clock, the jump —
// and never the facilitator's notes.
func NewDrillPlayerModel(d *drill.Drill, opt Options) Model {
	m := NewDrillModel(d, opt)
	m.inc.drill.player = true
	if m.flash.kind == flashInfo && d.Clock().Paused() {
		m.setFlash(flashInfo, m.tx.T("tui.drill.paused-player", "At", m.offsetText(m.now)))
	}
	return m
}

// RunDrill runs the drill screen over d until the user quits. It does not
// detach d: the caller does, when it is done with it.
func RunDrill(ctx context.Context, d *drill.Drill, opt Options) error {
	if d == nil {
		return errors.New("run drill screen: no drill")
	}
	return run(ctx, opt, NewDrillModel(d, opt))
}

// enterDrill adds the drill controls to the incident screen just entered.
// Injects already in the journal (a resumed drill) are not announced again.
func (m *Model) enterDrill(ctl drillControl) {
	if ctl == nil {
		return
	}
	m.inc.drill = drillState{ctl: ctl, real: m.opt.Now, seen: len(m.inc.st.Injects)}
	m.now = m.clockNow()
	if ctl.Clock().Paused() && !m.inc.st.Closed {
		m.setFlash(flashInfo, m.tx.T("tui.drill.paused-hint", "At", m.offsetText(m.now)))
	}
}

// clockNow is the time the countdowns show: the scenario clock in a drill,
// the injected clock otherwise.
func (m Model) clockNow() time.Time {
	if m.screen == screenIncident && m.inc.drill.on() {
		return m.inc.drill.ctl.Clock().Now()
	}
	return m.opt.Now()
}

// nextWake is when the screen next has work to give the engine: the next
// duty due time, and in a drill the next inject, whichever comes first.
func (m Model) nextWake() (time.Time, bool) {
	due, ok := nextDue(m.inc.st)
	if !m.inc.drill.on() || m.inc.st.Closed {
		return due, ok
	}
	if pending := m.pendingInjects(); len(pending) > 0 {
		// On the clock's own zero, as Drill.Due counts.
		at := m.inc.drill.ctl.Clock().Opened().Add(pending[0].At)
		if !ok || at.Before(due) {
			return at, true
		}
	}
	return due, ok
}

// drillWhen writes incident times the way a drill's screen shows them, in
// scenario time; ok is false outside drills.
func (m Model) drillWhen(t time.Time) (string, bool) {
	if m.screen != screenIncident || !m.inc.drill.on() || m.inc.st == nil {
		return "", false
	}
	return m.offsetText(t), true
}

// resumeDrill resumes the drill in dir from the home screen.
func resumeDrill(dir string, opt Options, what string) tea.Cmd {
	return openDrill(func() (*drill.Drill, error) {
		return drill.Resume(dir, drill.ResumeOptions{Home: opt.Home, Real: opt.Now, Sealer: opt.Sealer})
	}, what)
}

// startDrill starts a drill of sc from the home screen, paused: the
// facilitator starts the clock when the room is ready. The drill's own
// events (opening, injects) are the facilitator's (drill.FacilitatorActor);
// the team's actions record the actor at the keyboard.
func startDrill(sc *drill.Scenario, opt Options, what string) tea.Cmd {
	return openDrill(func() (*drill.Drill, error) {
		return drill.Start(sc, drill.StartOptions{Home: opt.Home, Real: opt.Now, Paused: true, Sealer: opt.Sealer})
	}, what)
}

// openDrill opens a drill off the UI goroutine.
func openDrill(open func() (*drill.Drill, error), what string) tea.Cmd {
	return safe(func() tea.Msg {
		d, err := open()
		if d == nil {
			return sessionMsg{err: err, what: what}
		}
		s := d.Session()
		ch, stop := s.Subscribe()
		return sessionMsg{eng: s, drill: d, events: ch, stop: stop, st: s.State(), err: err, what: what}
	})
}
