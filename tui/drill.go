package tui

import (
	"cmp"
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
)

// drillControl is what the drill screen needs of a drill besides its
// session: the scenario, the simulated clock to read, and the commands that
// write (delivering what is due, jumping to the next inject, and pausing,
// restarting and speeding the clock, which the journal records).
// *drill.Drill satisfies it.
type drillControl interface {
	Scenario() *drill.Scenario
	Clock() *drill.SimClock
	Due(now time.Time) ([]drill.Inject, error)
	JumpToNextInject() error
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

// drillKey handles the facilitator's keys; it reports false for a key that
// is not one of them.
func (m *Model) drillKey(msg tea.KeyPressMsg, k keyMap) (tea.Cmd, bool) {
	d := &m.inc.drill
	if d.view != drillPanes {
		switch {
		case msg.String() == "esc",
			d.view == drillNotes && k.Notes.hit(msg),
			d.view == drillInjects && k.Injects.hit(msg):
			d.view, d.scroll = drillPanes, 0
			return nil, true
		case k.Up.hit(msg):
			d.scroll = max(0, d.scroll-1)
			return nil, true
		case k.Down.hit(msg):
			d.scroll++
			return nil, true
		case k.PageUp.hit(msg):
			d.scroll = max(0, d.scroll-max(1, m.geometry().bodyH-1))
			return nil, true
		case k.PageDown.hit(msg):
			d.scroll += max(1, m.geometry().bodyH-1)
			return nil, true
		case k.Top.hit(msg):
			d.scroll = 0
			return nil, true
		}
	}
	switch {
	case k.Pause.hit(msg):
		return m.use(k.Pause, m.togglePause), true
	case k.Faster.hit(msg):
		return m.use(k.Faster, func() tea.Cmd { return m.changeSpeed(true) }), true
	case k.Slower.hit(msg):
		return m.use(k.Slower, func() tea.Cmd { return m.changeSpeed(false) }), true
	case k.Jump.hit(msg):
		return m.use(k.Jump, m.jumpToNextInject), true
	case k.Notes.hit(msg):
		d.view, d.scroll = drillNotes, 0
		return nil, true
	case k.Injects.hit(msg):
		return m.use(k.Injects, func() tea.Cmd {
			d.view, d.scroll, d.notice = drillInjects, 0, 0
			m.layout()
			return nil
		}), true
	case msg.String() == "esc" && d.notice > 0 && !m.inc.revising:
		d.notice = 0
		m.layout()
		return nil, true
	}
	if d.view != drillPanes {
		// The page has the screen: the panes' keys would act unseen.
		return nil, true
	}
	return nil, false
}

// drillKeys fills in which facilitator keys apply now, and why not.
func (m Model) drillKeys(k *keyMap) {
	tx, st := m.tx, m.inc.st
	c := m.inc.drill.ctl.Clock()
	if c.Paused() {
		k.Pause.SetHelp("space", tx.T("tui.keys.resume"))
	}
	// The clock's keys write to the journal now: blocked as every
	// command is (closed, poisoned journal, a command being saved).
	busy := m.blocked()
	k.Pause.why = busy
	k.Faster.why, k.Slower.why = busy, busy
	if busy == "" {
		if _, ok := nextSpeed(c.Speed(), true); !ok {
			k.Faster.why = tx.T("tui.why.fastest")
		}
		if _, ok := nextSpeed(c.Speed(), false); !ok {
			k.Slower.why = tx.T("tui.why.slowest")
		}
	}
	k.Speed.why = ""
	if !k.Faster.on() && !k.Slower.on() {
		k.Speed.why = cmp.Or(busy, k.Faster.why)
	}
	k.Jump.why = m.blocked()
	if k.Jump.why == "" && len(m.pendingInjects()) == 0 {
		k.Jump.why = tx.T("tui.why.no-injects")
	}
	if len(st.Injects) == 0 {
		k.Injects.why = tx.T("tui.why.no-inject-yet")
	}
}

// drillHelp is the facilitator's line of the help bar.
func (m Model) drillHelp(k keyMap) []binding {
	out := []binding{k.Pause, k.Speed, k.Jump, k.Notes, k.Injects}
	if m.inc.st.Closed {
		// The exercise is over: only reading is left.
		out = []binding{k.Notes, k.Injects}
	}
	if m.inc.drill.notice > 0 && m.inc.drill.view == drillPanes {
		out = append(out, k.HideInject)
	}
	if m.inc.drill.view != drillPanes {
		back := bind("esc", m.tx.T("tui.keys.back"), "esc")
		return append(append([]binding{k.Up, back}, out...), k.Quit)
	}
	return out
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
		return drill.Resume(dir, drill.ResumeOptions{Home: opt.Home, Real: opt.Now})
	}, what)
}

// startDrill starts a drill of sc from the home screen, paused: the
// facilitator starts the clock when the room is ready. The drill's own
// events (opening, injects) are the facilitator's (drill.FacilitatorActor);
// the team's actions record the actor at the keyboard.
func startDrill(sc *drill.Scenario, opt Options, what string) tea.Cmd {
	return openDrill(func() (*drill.Drill, error) {
		return drill.Start(sc, drill.StartOptions{Home: opt.Home, Real: opt.Now, Paused: true})
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
