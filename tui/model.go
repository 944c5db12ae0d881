package tui

import (
	"cmp"
	"fmt"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/watch"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Minimum terminal size; below it the app draws a notice instead.
const (
	minWidth  = 40
	minHeight = 12
	// wideWidth is where the incident screen puts triage and duties side by
	// side instead of in tabs.
	wideWidth  = 110
	wideHeight = 24
	// halfWidth is where the wide screen's triage pane takes half the
	// width instead of two fifths.
	halfWidth = 150
)

// screen is what the app shows.
type screen int

const (
	screenHome screen = iota
	screenIncident
)

// flashKind colours the status line; the words carry the meaning.
type flashKind int

const (
	flashInfo flashKind = iota
	flashOK
	flashErr
)

// startMsg is sent once by Init on the incident screen.
type startMsg struct{}

// flash is a one-line message in the status line.
type flash struct {
	text string
	kind flashKind
}

// Model is the whole app: one root model (home screen and incident screen)
// whose parts are plain structs split by file, and bubbles components.
// Create it with NewHomeModel or NewIncidentModel.
type Model struct {
	opt    Options
	tx     *i18n.Catalog
	keymap *keymap
	st     *styles // shared by the model's copies: built once per background, never changed
	dark   bool
	color  bool
	// after schedules a message; tea.Tick in production. Tests replace it
	// so that nothing ever sleeps.
	after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	// keyNow is the clock the key guard reads (opt.Now). Tests give it a
	// clock of its own: the pace of keys is not the incident's time.
	keyNow func() time.Time
	// answerGuard is how long enter does not answer after the triage
	// question changed: keyGuard, but a test binary may set it (see
	// answerGuardFor).
	answerGuard time.Duration
	// listen waits for the session's next events; tests replace it with a
	// look that does not block.
	listen func(engine, <-chan incident.Event) tea.Cmd
	// await waits for the next change of who is on the incident
	// (presence.go); tests replace it with a poll, as they do listen.
	await func(Seat) tea.Cmd
	// follow waits for a watched journal to change (followCmd); tests
	// replace it with one that does not block.
	follow func(*watch.Watcher, watch.Trigger) tea.Cmd

	width, height int
	sized         bool
	now           time.Time
	tickTag       int

	screen   screen
	home     homeState
	inc      incState
	dialogs  []dialog // open dialogs, the top one last
	stray    strayKeys
	fullHelp bool
	helpTop  int // the first line of the ? overlay shown, when it scrolls
	flash    flash
	crash    string // a panic recovered in Update
	// viewCrash holds a panic recovered in View, which cannot change the
	// model: it is shared by the copies of one model, so that Update sees
	// it, and any key then quits.
	viewCrash *crashBox
}

// crashBox is where View leaves a recovered panic for Update.
type crashBox struct {
	mu  sync.Mutex
	msg string
}

func (c *crashBox) set(msg string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.msg == "" {
		c.msg = msg
	}
}

func (c *crashBox) get() string {
	if c == nil {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.msg
}

func newModel(opt Options, sess *incident.Session, owns bool) Model {
	m := Model{
		opt:         opt,
		tx:          catalog(opt),
		dark:        true,
		color:       opt.Getenv("NO_COLOR") == "",
		after:       tea.Tick,
		listen:      listen,
		await:       awaitPresence,
		follow:      followCmd,
		keyNow:      opt.Now,
		answerGuard: answerGuardFor(opt),
		viewCrash:   &crashBox{},
		keymap:      newKeymap(),
		now:         opt.Now(),
	}
	m.st = newStyles(m.dark, m.color)
	if sess == nil {
		m.screen = screenHome
		m.home.loading = true
		m.home.recentClosed = homeRecentClosed
		return m
	}
	events, stop := sess.Subscribe()
	m.enterIncident(sess, owns, events, stop, sess.State())
	return m
}

// catalog is the words of opt.Lang: opt.Words when it speaks that
// language, else the catalogue loaded anew.
func catalog(opt Options) *i18n.Catalog {
	if opt.Words != nil && opt.Words.Lang() == opt.Lang {
		return opt.Words
	}
	return i18n.New(opt.Lang)
}

// enterIncident switches to the incident screen over e.
func (m *Model) enterIncident(e engine, owns bool, events <-chan incident.Event, stop func(), st *incident.State) {
	if m.sized {
		// Opened from the home screen: keys typed while it opened were
		// meant for the home screen.
		m.guard(false)
	}
	m.screen = screenIncident
	m.inc = incState{eng: slowed(m.opt, e), owns: owns, events: events, stop: stop, focus: paneTriage}
	m.dialogs = nil
	m.applyState(st)
}

// Init asks for the terminal's background and starts the screen's work.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.tickCmd(m.tickTag)}
	switch m.screen {
	case screenHome:
		cmds = append(cmds, loadHome(m.opt, m.home.recentClosed))
	case screenIncident:
		cmds = append(cmds, m.listen(m.inc.eng, m.inc.events), func() tea.Msg { return startMsg{} })
		if wt := m.inc.watch; wt != nil {
			cmds = append(cmds, m.follow(wt.w, wt.trig))
		}
	}
	return tea.Batch(cmds...)
}

// Update handles one message. A panic inside it is turned into a short
// notice and a clean exit: the terminal is restored and nothing recorded
// is lost.
func (m Model) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.crash = fmt.Sprint(r)
			next, cmd = m, tea.Quit
		}
	}()
	cmd = m.update(msg)
	m.look()
	if bell := m.ringOverdue(); bell != nil {
		cmd = tea.Batch(cmd, bell)
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height, m.sized = msg.Width, msg.Height, true
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.st = newStyles(m.dark, m.color)
		for _, d := range m.dialogs {
			if r, ok := d.(restyler); ok {
				r.restyle(m.dark)
			}
		}
		return nil
	case tickMsg:
		return m.onTick(msg)
	case undoTickMsg:
		return m.onUndoTick(msg)
	case panicMsg:
		m.crash = fmt.Sprint(msg.value)
		return tea.Quit
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.PasteMsg:
		return m.onPaste(msg)
	case tea.PasteEndMsg:
		// The keys right after a paste are its tail when its end marker
		// came early: the guard counts from the end.
		m.guard(true)
		return nil
	case homeLoadedMsg:
		return m.onHomeLoaded(msg)
	case homeIncidentsMsg:
		m.onHomeIncidents(msg)
		return nil
	case homeWalkedMsg:
		m.onHomeWalked(msg)
		return nil
	case othersListedMsg:
		return m.onOthersListed(msg)
	case sessionMsg:
		return m.onSession(msg)
	case actionMsg:
		return m.onAction(msg)
	case evidenceHashedMsg:
		m.onEvidenceHashed(msg)
		return nil
	case evidenceRecheckedMsg:
		return m.onEvidenceRechecked(msg)
	case spawnFoundMsg:
		return m.onSpawnFound(msg)
	case stateMsg:
		m.applyState(msg.st)
		return tea.Batch(m.listen(m.inc.eng, m.inc.events), m.wakeCmd())
	case subClosedMsg:
		m.inc.events = nil
		return nil
	case startMsg:
		// Init cannot change the model; the first wake-up is scheduled
		// here, and the screen takes its seat on the incident.
		return tea.Batch(m.wakeCmd(), m.sit())
	case presenceMsg:
		return m.onPresence()
	case wakeMsg:
		return m.onWake(msg)
	case tickedMsg:
		return m.onTicked(msg)
	case followedMsg:
		return m.onFollowed(msg)
	}
	return nil
}

// onKey routes a key to what has the focus: the quit confirmation, a
// dialog, the full help, or the screen.
func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if c := m.viewCrash.get(); c != "" {
		m.crash = c
		return tea.Quit
	}
	if cmd, held := m.strayKey(msg); held {
		return cmd
	}
	if m.quitting() {
		return m.incidentKey(msg)
	}
	if !m.sized || m.tooSmall() {
		// Nothing can be seen to confirm; quit at once, unless a dialog
		// holds typed text, which only ctrl+c gives up.
		draft := m.hasDraft()
		if msg.String() == "ctrl+c" || (msg.String() == "q" && !draft) {
			return tea.Quit
		}
		return nil
	}
	if m.screen == screenHome {
		return m.homeKey(msg)
	}
	return m.incidentKey(msg)
}

// layout fits what depends on the terminal size (the dialog's text input)
// to it. It runs on every resize and whenever the chrome changes.
func (m *Model) layout() {
	if !m.sized {
		return
	}
	g := m.geometry()
	if s, ok := m.dialog().(sizer); ok {
		s.resize(g.width, g.bodyH)
	}
}

// tooSmall reports whether the terminal is below the minimum size.
func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View draws the app. Nothing is drawn before the first size is known, and
// every line is cut to the terminal's width and the frame to its height.
func (m Model) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			m.viewCrash.set(fmt.Sprint(r))
			text := m.tx.T("tui.internal-error", "Error", r) + " " + m.tx.T("tui.any-key-quits")
			v = tea.NewView(strings.Join(frame(wrap(oneLine(text), max(1, m.width)), max(1, m.width), max(1, m.height)), "\n"))
			v.AltScreen = true
		}
	}()
	v = tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.windowTitle()
	return v
}

// render returns the frame as text, exactly the terminal's size.
func (m Model) render() string {
	if !m.sized || m.width <= 0 || m.height <= 0 {
		return ""
	}
	var lines []string
	switch {
	case m.crash != "":
		lines = wrap(m.tx.T("tui.internal-error", "Error", oneLine(m.crash)), m.width)
	case m.tooSmall():
		lines = wrap(m.tx.T("tui.too-small", "Width", m.width, "Height", m.height, "MinWidth", minWidth, "MinHeight", minHeight), m.width)
	case m.screen == screenHome:
		lines = m.homeView()
	default:
		lines = m.incidentView()
	}
	return strings.Join(frame(lines, m.width, m.height), "\n")
}

// windowTitle names the screen in the terminal's title bar; runbook text in
// it is sanitised like everything else.
func (m Model) windowTitle() string {
	if m.screen == screenIncident && m.inc.st != nil && m.inc.st.Drill != nil {
		return oneLine("shodo - " + m.tx.T("tui.header.drill") + " - " + m.inc.st.ID + " - " + cmp.Or(m.inc.st.Name, m.inc.st.Drill.Title))
	}
	if m.screen == screenIncident && m.inc.st != nil {
		return oneLine("shodo - " + m.inc.st.ID + " - " + cmp.Or(m.inc.st.Name, m.inc.st.Runbook.Title))
	}
	return "shodo"
}

// Release ends what the final model still holds once the program is over:
// the event subscription, and the session when the home screen opened it
// (detached, not closed: `shodo resume` continues it).
func (m Model) Release() error {
	m.leaveSeat()
	if m.inc.stop != nil {
		m.inc.stop()
	}
	if !m.inc.owns || m.inc.eng == nil {
		return nil
	}
	if d, ok := m.inc.eng.(interface{ Detach() error }); ok {
		if err := d.Detach(); err != nil {
			return fmt.Errorf("release incident: %w", err)
		}
	}
	return nil
}

// setFlash shows a message in the status line.
func (m *Model) setFlash(kind flashKind, text string) {
	m.flash = flash{text: text, kind: kind}
}

// keptInLine is the home screen's idle status line: where incidents are
// written, in one line so that the lists above keep their rows; on a
// narrow screen the path alone, cut if it must be (a served screen's
// files are the server's: it never shows this line).
func (m Model) keptInLine(w int) string {
	dir := incident.IncidentsDir(m.opt.Home)
	if line := m.tx.T("tui.home.kept-in", "Dir", dir, "Var", "SHODO_HOME"); width(line) <= w {
		return line
	}
	return cut(dir, w)
}

// statusLines draws the flash (or the action being saved) in at most two
// lines, styled by kind and prefixed so that the meaning does not depend on
// colour.
func (m Model) statusLines(w int) []string {
	text, style := m.flash.text, m.st.subtle
	switch {
	case m.screen == screenIncident && m.inc.pending != "":
		text, style = m.tx.T("tui.status.saving", "Action", m.inc.pending), m.st.warn
	case m.flash.kind == flashErr:
		text, style = "! "+text, m.st.alert
	case m.flash.kind == flashOK:
		text, style = m.withUndoOffer(text), m.st.ok
	case text == "" && m.screen == screenHome && m.opt.Home != "" && !m.opt.Remote:
		return []string{style.Render(m.keptInLine(w))}
	}
	lines := wrap(text, w)
	if len(lines) > 2 {
		lines = lines[:2]
		lines[1] = cut(lines[1]+ellipsis, w)
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}
