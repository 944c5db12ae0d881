package tui

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// engine is what the incident screen needs of an incident.
// *incident.Session satisfies it; tests wrap one to make the journal fail.
type engine interface {
	Answer(actor, node, option string) error
	AnswerMany(actor, node string, options []string) error
	AnswerNumber(actor, node string, x float64) error
	Revise(actor, node string) error
	StampAt(actor, milestone string, happened time.Time) error
	DutyDone(actor, duty, means, note string) error
	DutyDoneUnticked(actor, duty, means, note string) error
	DutyDoneSubmittedAt(actor, duty, means, note string, submitted time.Time, confirmed bool) error
	TickItem(actor, duty, item string) error
	UntickItem(actor, duty, item string) error
	Approve(actor, duty string) error
	SetField(actor, duty, field string, values []string) error
	ReachRecipient(actor, duty, recipient, means, note string) error
	WaiveRecipient(actor, duty, recipient, reason string) error
	AttemptRecipient(actor, duty, recipient, means, outcome string) error
	RegisterEvidence(actor string, n incident.NewEvidence) (string, error)
	TransferEvidence(actor string, t incident.Transfer) error
	RecheckEvidence(actor string, r incident.Recheck) error
	DutyAttempted(actor, duty, means, outcome string) error
	Waive(actor, duty, reason string) error
	UndoDuty(actor, duty string) error
	ReopenDuty(actor, duty, reason string) error
	PauseDuty(actor, duty, reason string) error
	ResumeDuty(actor, duty, reason string) error
	RestartDuty(actor, duty, reason string) error
	ExtendDuty(actor, duty string, g incident.Grant) error
	Note(actor, text string) error
	Assign(actor, role, assignee string) error
	TakeRole(actor, role string, may incident.RoleRule) error
	HandOverRole(actor, role, to string, may incident.RoleRule) error
	Close(actor, summary string) error
	Resolve(actor string, happened time.Time) error
	HandOver(actor, duty, owner, ticket string) error
	Reopen(actor, reason string) error
	End(actor, ending, of, reason string) error
	Tick() error
	// Dir is the incident's directory: where a reopen resumes an
	// incident that a close here released.
	Dir() string
	// Now is the incident's steady time (Session.Now): what countdowns,
	// elapsed time and claimed times are measured against, never the
	// screen's own reading of the clock.
	Now() time.Time
	State() *incident.State
	Subscribe() (<-chan incident.Event, func())
}

var _ engine = (*incident.Session)(nil)

// actionKind names what the user asked the engine to do.
type actionKind int

const (
	actAnswer actionKind = iota + 1
	actRevise
	actStamp
	actDone
	actAttempt
	actWaive
	actNote
	actAssign
	actClose
	actJump  // a drill's jump to its next inject
	actPause // a drill's clock stopped
	actRun   // a drill's clock started
	actSpeed // a drill's clock set to a new speed
	actDutyPause
	actDutyResume
	actDutyRestart
	actResolve
	actHandOver
	actReopen
	actSpawn         // a linked incident opened from a verdict (spawn.go)
	actTick          // a checklist item ticked or unticked
	actApprove       // a duty approved
	actFill          // a report field filled in or cleared
	actEvidence      // evidence registered or handed over (evidence.go)
	actEvidenceCheck // an artefact's file hashed again (evidence.go)
	actUndo          // a done or waive taken back just after it was recorded (undo.go)
	actReopenDuty    // a done or waived duty reopened, with a reason
	actRole          // a role taken or handed over (dialog_role.go)
	actReach         // one recipient of a duty owed to several reached
	actExtend        // an extension of a duty's due time recorded (dialog_extend.go)
)

// action is one engine command with the words that describe it.
type action struct {
	kind  actionKind
	label string // what the status line says, in the UI language
	run   func(e engine, actor string) error
	// attach, set instead of run, is a command that may leave the
	// incident in a new session (a reopen resumes an incident that a
	// close here released): it returns it, or nil when e carries on.
	attach func(e engine, actor string) (*incident.Session, func() error, error)
	// spawn, set instead of run, opens another incident and links it:
	// it returns the new incident's id once opened, even when the link
	// then failed, and whether its side of the link is still to record.
	spawn func(e engine, actor string) (opened string, pending bool, err error)
	// self is this incident's id, for what spawn's outcome says.
	self string
}

// Messages that engine commands return to Update.
type (
	// actionMsg is the engine's answer to an action: err is nil once the
	// event is on disk. st is the state after it, either way.
	actionMsg struct {
		kind  actionKind
		label string
		err   error
		st    *incident.State
		// sess is the session an attach action opened, with its
		// subscription; nil when the screen's engine carries on.
		sess   *incident.Session
		events <-chan incident.Event
		stop   func()
		// release is the screen's share of sess when others share it
		// (Options.Incidents); nil when the screen holds sess alone.
		release func() error
		// opened, pending and self are a spawn action's outcome (see
		// action.spawn).
		opened  string
		pending bool
		self    string
		// before is the seq of the last event before the action ran: the
		// duties it started are those started after it (0: unknown).
		before uint64
	}
	// stateMsg carries a newer snapshot after events arrived from the
	// session (this view's own, another view's, or the duty clocks').
	stateMsg struct{ st *incident.State }
	// subClosedMsg says the session closed the subscription (closed or
	// detached incident).
	subClosedMsg struct{}
	// tickedMsg is the result of Session.Tick, called when a duty fell due.
	tickedMsg struct {
		err error
		st  *incident.State
	}
	// sessionMsg is a session opened or resumed from the home screen.
	sessionMsg struct {
		eng    engine
		drill  drillControl // set when a drill was started or resumed
		events <-chan incident.Event
		stop   func()
		st     *incident.State
		err    error
		what   string // the runbook or incident, for messages
	}
	// panicMsg is a panic recovered inside a command.
	panicMsg struct{ value any }
)

// safe runs a command and turns a panic inside it into a message, so that a
// bug in a command shows a short notice instead of killing the program.
func safe(cmd func() tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{value: r}
			}
		}()
		return cmd()
	}
}

// runAction calls the engine off the UI goroutine.
func runAction(e engine, actor string, a action) tea.Cmd {
	return safe(func() tea.Msg {
		if a.attach != nil {
			s, release, err := a.attach(e, actor)
			if s == nil {
				return actionMsg{kind: a.kind, label: a.label, err: err, st: e.State()}
			}
			ch, stop := s.Subscribe()
			return actionMsg{kind: a.kind, label: a.label, err: err, st: s.State(), sess: s, events: ch, stop: stop, release: release}
		}
		if a.spawn != nil {
			opened, pending, err := a.spawn(e, actor)
			return actionMsg{kind: a.kind, label: a.label, err: err, st: e.State(), opened: opened, pending: pending, self: a.self}
		}
		before := e.State().LastSeq
		err := a.run(e, actor)
		return actionMsg{kind: a.kind, label: a.label, err: err, st: e.State(), before: before}
	})
}

// listen waits for the next events of a subscription and returns the state
// after them. Events that arrived meanwhile are coalesced: State, not the
// stream, is the truth.
func listen(e engine, events <-chan incident.Event) tea.Cmd {
	if events == nil {
		return nil
	}
	return safe(func() tea.Msg {
		if _, ok := <-events; !ok {
			return subClosedMsg{}
		}
		for range incident.SubscriberBuffer {
			select {
			case _, ok := <-events:
				if !ok {
					return stateMsg{st: e.State()}
				}
				continue
			default:
			}
			break
		}
		return stateMsg{st: e.State()}
	})
}

// tickEngine asks the session to record what fell due.
func tickEngine(e engine) tea.Cmd {
	return safe(func() tea.Msg {
		err := e.Tick()
		return tickedMsg{err: err, st: e.State()}
	})
}

// openSession opens a new incident from the home screen.
func openSession(open func() (*incident.Session, func() error, error), what string) tea.Cmd {
	return safe(func() tea.Msg {
		s, release, err := open()
		if s == nil {
			return sessionMsg{err: err, what: what}
		}
		ch, stop := s.Subscribe()
		return sessionMsg{eng: held(s, release), events: ch, stop: stop, st: s.State(), err: err, what: what}
	})
}

// sharedSession is an incident session the screen shares with other
// screens (shodo serve, through Options.Incidents): leaving it gives up
// the screen's share, and the session stays with the others.
type sharedSession struct {
	*incident.Session
	release func() error
}

// Detach gives up the screen's share; the last share detaches the session.
func (s sharedSession) Detach() error { return s.release() }

// held is the engine of a session the screen holds: s itself, or its
// share of s when release is set.
func held(s *incident.Session, release func() error) engine {
	if release == nil {
		return s
	}
	return sharedSession{Session: s, release: release}
}

// poisoned reports whether err means the journal can save nothing more.
func poisoned(err error) bool { return errors.Is(err, journal.ErrPoisoned) }

// describeError says what went wrong in the UI language. Why the engine
// refused a command, a broken journal or a drill with nothing left to deliver
// are worded by export.Describe; the journal's own failures, which know no
// language, and a tick on a released session get the app's words, with what the operating system said (a
// full disk, say) after them. Everything is sanitised: a refusal may quote
// runbook ids.
func describeError(tx *i18n.Catalog, err error) string {
	var refusal *incident.Refusal
	if errors.As(err, &refusal) {
		// Every caller already says what was asked ("NOT recorded:
		// answer: …"): the refusal's reason is what is left to say.
		return oneLine(export.Say(tx, refusal.Reason))
	}
	var told incident.Told
	if errors.As(err, &told) {
		return oneLine(export.Describe(tx, err))
	}
	var lead string
	switch {
	case errors.Is(err, incident.ErrDetached):
		// A tick on a released session is not a command, and no refusal.
		lead = tx.T("tui.err.detached")
	case poisoned(err):
		lead = tx.T("tui.err.poisoned")
	case errors.Is(err, journal.ErrLocked):
		lead = tx.T("tui.err.locked")
		var le *journal.LockedError
		if errors.As(err, &le) && le.Holder.Served != "" {
			host, port := ServedAt(le.Holder.Served)
			return tx.T("tui.err.served", "Addr", oneLine(le.Holder.Served), "Port", port, "Host", host, "Incident", oneLine(le.Incident))
		}
		if errors.As(err, &le) && le.Holder.PID > 0 && le.Holder.Host != "" {
			since := "?"
			if !le.Holder.Since.IsZero() {
				since = le.Holder.Since.Local().Format("2006-01-02 15:04:05 MST")
			}
			lead = tx.T("tui.err.locked-by", "PID", le.Holder.PID, "User", oneLine(cmp.Or(le.Holder.User, "?")), "Host", oneLine(le.Holder.Host), "Since", since, "Incident", oneLine(le.Incident))
		}
	case errors.Is(err, journal.ErrCorrupt):
		lead = tx.T("tui.err.corrupt")
		var ce *journal.CorruptError
		if errors.As(err, &ce) {
			return fmt.Sprintf("%s (%s)", lead, oneLine(export.Describe(tx, &incident.BrokenJournal{Break: ce.Break})))
		}
	default:
		return oneLine(export.Describe(tx, err))
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("%s (%s)", lead, oneLine(errno.Error()))
	}
	return lead
}

// ServedAt is the host and port to give ssh for a server listening on
// addr: a server on every interface (":2222", "0.0.0.0:2222") is reached
// from this machine as localhost.
func ServedAt(addr string) (host, port string) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "localhost", addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return host, port
}

// nextDue is when the next running duty falls due, from a snapshot.
func nextDue(st *incident.State) (time.Time, bool) {
	if st == nil || st.Closed {
		return time.Time{}, false
	}
	return st.NextDue()
}
