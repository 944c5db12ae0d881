package tui

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/watch"
)

// The incident screen read-only, over an incident another process writes
// (`shodo watch`): the same panes, every action disabled with the reason,
// and a line naming the writer. The screen follows the journal as the
// trigger says it changed; no command is ever sent.

// watching is what the screen knows of the incident it watches.
type watching struct {
	w    *watch.Watcher
	trig watch.Trigger
	// writer holds the journal now when writing is true; the banner
	// names them.
	writer  journal.Holder
	writing bool
	// stopped is why following ended (a damaged or replaced journal);
	// what was read before stays on screen.
	stopped error
	// disk is why the file system holding the incident can take no
	// record now, as the last look at it found (watch.Watcher.Disk);
	// empty while it can.
	disk incident.FaultCause
}

// followedMsg is what one look at the watched journal found.
type followedMsg struct {
	st      *incident.State
	writer  journal.Holder
	writing bool
	err     error
	closed  bool                // the trigger was closed: the program is ending
	disk    incident.FaultCause // watch.Watcher.Disk: empty while the disk takes records
}

// followCmd waits for the trigger, reads what the journal gained and who
// writes it now.
func followCmd(w *watch.Watcher, trig watch.Trigger) tea.Cmd {
	return safe(func() tea.Msg {
		if err := trig.Wait(); err != nil {
			return followedMsg{closed: true}
		}
		_, err := w.Follow()
		h, writing := w.Writer()
		disk, _ := w.Disk()
		return followedMsg{st: w.State(), writer: h, writing: writing, err: err, disk: disk}
	})
}

// onFollowed shows what the journal gained and follows on, unless the
// journal broke.
func (m *Model) onFollowed(msg followedMsg) tea.Cmd {
	wt := m.inc.watch
	if wt == nil || msg.closed {
		return nil
	}
	m.applyState(msg.st)
	wt.writer, wt.writing, wt.disk = msg.writer, msg.writing, msg.disk
	if msg.err != nil {
		wt.stopped = msg.err
		m.setFlash(flashErr, m.tx.T("tui.watch.stopped", "Error", describeWatchError(m, msg.err)))
		m.layout()
		return nil
	}
	m.layout()
	return tea.Batch(m.follow(wt.w, wt.trig), m.wakeCmd())
}

// describeWatchError says why following stopped.
func describeWatchError(m *Model, err error) string {
	if errors.Is(err, journal.ErrChanged) {
		return m.tx.T("tui.watch.changed")
	}
	return describeError(m.tx, err)
}

// watchLines is the read-only line: who writes the incident now, or that
// no one does and how to continue it.
func (m Model) watchLines(w int) []string {
	wt := m.inc.watch
	if wt == nil || m.inc.st == nil {
		return nil
	}
	var text, command string
	switch h := wt.writer; {
	case wt.stopped != nil:
		text = m.tx.T("tui.watch.banner-stopped")
	case wt.writing && h.Served != "":
		text = m.tx.T("tui.watch.banner-served", "Addr", oneLine(h.Served), "PID", h.PID)
	case wt.writing:
		pid := "?"
		if h.PID > 0 {
			pid = strconv.Itoa(h.PID)
		}
		text = m.tx.T("tui.watch.banner-writer", "Actor", oneLine(cmp.Or(h.Actor, h.User, "?")), "PID", pid)
	case m.inc.st.Closed:
		text = m.tx.T("tui.watch.banner-closed")
	default:
		text = m.tx.T("tui.watch.banner-no-writer")
		// The command on a line of its own, never broken.
		command = cut("  shodo resume "+oneLine(m.inc.st.ID), w)
	}
	lines := wrap(text, w)
	if len(lines) > 2 {
		lines = lines[:2]
		lines[1] = cut(lines[1]+ellipsis, w)
	}
	if command != "" {
		lines = append(lines, command)
	}
	for i, l := range lines {
		lines[i] = m.st.warn.Render(l)
	}
	return lines
}

// watched reports whether the screen watches an incident read-only.
func watched(m *Model) bool { return m.inc.watch != nil }

// watchEngine puts a watched incident behind the screen's engine: its
// state is the watcher's, and every command is refused (the keys say why
// before one is ever sent).
type watchEngine struct {
	w   *watch.Watcher
	now func() time.Time
}

var _ engine = watchEngine{}

func (watchEngine) Answer(string, string, string) error           { return watch.ErrReadOnly }
func (watchEngine) AnswerMany(string, string, []string) error     { return watch.ErrReadOnly }
func (watchEngine) AnswerNumber(string, string, float64) error    { return watch.ErrReadOnly }
func (watchEngine) Revise(string, string) error                   { return watch.ErrReadOnly }
func (watchEngine) StampAt(string, string, time.Time) error       { return watch.ErrReadOnly }
func (watchEngine) DutyDone(string, string, string, string) error { return watch.ErrReadOnly }
func (watchEngine) DutyDoneUnticked(string, string, string, string) error {
	return watch.ErrReadOnly
}
func (watchEngine) DutyDoneSubmittedAt(string, string, string, string, time.Time, bool) error {
	return watch.ErrReadOnly
}
func (watchEngine) TickItem(string, string, string) error           { return watch.ErrReadOnly }
func (watchEngine) UntickItem(string, string, string) error         { return watch.ErrReadOnly }
func (watchEngine) Approve(string, string) error                    { return watch.ErrReadOnly }
func (watchEngine) SetField(string, string, string, []string) error { return watch.ErrReadOnly }
func (watchEngine) ReachRecipient(string, string, string, string, string) error {
	return watch.ErrReadOnly
}
func (watchEngine) WaiveRecipient(string, string, string, string) error { return watch.ErrReadOnly }
func (watchEngine) AttemptRecipient(string, string, string, string, string) error {
	return watch.ErrReadOnly
}
func (watchEngine) RegisterEvidence(string, incident.NewEvidence) (string, error) {
	return "", watch.ErrReadOnly
}
func (watchEngine) TransferEvidence(string, incident.Transfer) error   { return watch.ErrReadOnly }
func (watchEngine) RecheckEvidence(string, incident.Recheck) error     { return watch.ErrReadOnly }
func (watchEngine) DutyAttempted(string, string, string, string) error { return watch.ErrReadOnly }
func (watchEngine) Waive(string, string, string) error                 { return watch.ErrReadOnly }
func (watchEngine) UndoDuty(string, string) error                      { return watch.ErrReadOnly }
func (watchEngine) ReopenDuty(string, string, string) error            { return watch.ErrReadOnly }
func (watchEngine) PauseDuty(string, string, string) error             { return watch.ErrReadOnly }
func (watchEngine) ResumeDuty(string, string, string) error            { return watch.ErrReadOnly }
func (watchEngine) RestartDuty(string, string, string) error           { return watch.ErrReadOnly }
func (watchEngine) ExtendDuty(string, string, incident.Grant) error    { return watch.ErrReadOnly }
func (watchEngine) Note(string, string) error                          { return watch.ErrReadOnly }
func (watchEngine) Assign(string, string, string) error                { return watch.ErrReadOnly }
func (watchEngine) Close(string, string) error                         { return watch.ErrReadOnly }
func (watchEngine) Resolve(string, time.Time) error                    { return watch.ErrReadOnly }
func (watchEngine) HandOver(string, string, string, string) error      { return watch.ErrReadOnly }
func (watchEngine) Reopen(string, string) error                        { return watch.ErrReadOnly }
func (watchEngine) End(string, string, string, string) error           { return watch.ErrReadOnly }

// A role is taken or handed over by a writer, never from a watch.

func (watchEngine) TakeRole(string, string, incident.RoleRule) error { return watch.ErrReadOnly }

func (watchEngine) HandOverRole(string, string, string, incident.RoleRule) error {
	return watch.ErrReadOnly
}

// Tick records nothing: what falls due is the writer's to record; the
// screen's countdowns show it meanwhile.
func (watchEngine) Tick() error { return nil }

func (e watchEngine) Dir() string            { return e.w.Dir() }
func (e watchEngine) Now() time.Time         { return e.w.Now(e.now()) }
func (e watchEngine) State() *incident.State { return e.w.State() }

// Subscribe has no events to give: the screen follows the journal
// through the trigger instead.
func (watchEngine) Subscribe() (<-chan incident.Event, func()) { return nil, func() {} }

// NewWatchModel returns the incident screen over w, read-only, following
// the journal whenever trig fires. The caller keeps ownership of w and
// trig: close them after the program ends (closing trig ends the wait in
// progress).
func NewWatchModel(w *watch.Watcher, trig watch.Trigger, opt Options) Model {
	opt = opt.withDefaults()
	m := newModel(opt, nil, false)
	m.enterIncident(watchEngine{w: w, now: opt.Now}, false, nil, nil, w.State())
	h, writing := w.Writer()
	m.inc.watch = &watching{w: w, trig: trig, writer: h, writing: writing}
	return m
}

// RunWatch shows the incident w follows, read-only, until the user quits.
// It closes trig when the program ends, and leaves w to the caller.
func RunWatch(ctx context.Context, w *watch.Watcher, trig watch.Trigger, opt Options) error {
	if w == nil || trig == nil {
		return errors.New("run watch screen: nothing to watch")
	}
	defer trig.Close()
	return run(ctx, opt, NewWatchModel(w, trig, opt))
}
