package incident

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// appender is what a Session needs of a journal; tests substitute a fake
// one to make appends fail.
type appender interface {
	Append(journal.Entry) (journal.Record, error)
	Seal(ed25519.PrivateKey) (journal.Head, error)
	Close() error
}

// Session is one incident being worked on: it validates commands, appends
// the events they cause to the journal, and folds each event into its State
// only after the journal acknowledged it. Its methods are safe for
// concurrent use, so several views can drive and watch one incident.
type Session struct {
	mu       sync.Mutex
	j        appender
	dir      string
	home     string
	clock    Clock
	wall     Clock // nil outside drills
	state    *State
	detached bool
	subs     map[int]chan Event
	nextSub  int
}

// OpenOptions configure Open.
type OpenOptions struct {
	// Home is shodo's state directory (see Home); the incident goes to
	// Home/incidents/<id>/.
	Home string
	// Actor opens the incident.
	Actor string
	// Clock gives incident time; nil means the system clock.
	Clock Clock
	// Wall is the real clock of a drill run on a simulated Clock; nil
	// outside drills. With Wall, events record wall time in `at` and the
	// scenario offset in Sim.
	Wall Clock
	// Drill describes the scenario of a drill; nil outside drills.
	Drill *DrillInfo
}

// ResumeOptions configure Resume.
type ResumeOptions struct {
	// Home is shodo's state directory, where the sealing key lives; empty
	// means the directory two levels above the incident
	// (Home/incidents/<id>/).
	Home string
	// Clock and Wall are as in OpenOptions.
	Clock Clock
	Wall  Clock
}

// systemClock is the explicit default when no clock is given.
func systemClock() Clock { return ClockFunc(time.Now) }

// SourcesSHA256 returns the hash an incident records for the runbook
// sources: SHA-256 over, for each source in order, the decimal byte length
// of its path, ":", the path, the decimal byte length of its text, ":", and
// the text. The lengths make the encoding unambiguous.
func SourcesSHA256(srcs []runbook.Source) string {
	h := sha256.New()
	for _, s := range srcs {
		fmt.Fprintf(h, "%d:%s%d:%s", len(s.Path), s.Path, len(s.Text), s.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// NewIncidentID returns a human incident id such as INC-20261125-7F3A: the
// date of opening on its own calendar and four random hex digits.
func NewIncidentID(opened time.Time) (string, error) {
	var b [2]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("incident id: %w", err)
	}
	return fmt.Sprintf("INC-%s-%02X%02X", opened.Format("20060102"), b[0], b[1]), nil
}

// IncidentsDir returns where home keeps incident directories.
func IncidentsDir(home string) string { return filepath.Join(home, "incidents") }

// Open opens a new incident on rb under opt.Home, records incident.opened
// with the runbook's sources embedded, and starts the duties triggered on
// opening.
func Open(rb *runbook.Runbook, opt OpenOptions) (*Session, error) {
	return open(rb, opt, func(dir, id string, first journal.Entry) (appender, journal.Record, error) {
		j, rec, err := journal.Config{Now: journalClock(opt.Clock, opt.Wall)}.Create(dir, id, first)
		if err != nil {
			return nil, journal.Record{}, err
		}
		return j, rec, nil
	})
}

// createFunc creates the journal of a new incident.
type createFunc func(dir, incidentID string, first journal.Entry) (appender, journal.Record, error)

func open(rb *runbook.Runbook, opt OpenOptions, create createFunc) (*Session, error) {
	switch {
	case rb == nil:
		return nil, errors.New("open incident: no runbook")
	case len(rb.Sources) == 0:
		return nil, fmt.Errorf("open incident on %s: %w", rb.ID, ErrNoSources)
	case opt.Actor == "":
		return nil, fmt.Errorf("open incident: actor: %w", ErrRequired)
	case opt.Home == "":
		return nil, fmt.Errorf("open incident: home directory: %w", ErrRequired)
	}
	clock := opt.Clock
	if clock == nil {
		clock = systemClock()
	}
	opened := clock.Now()
	at, sim := opened, ""
	if opt.Wall != nil {
		at, sim = opt.Wall.Now(), "0s"
	}
	// Two incidents opened on the same day share a directory name only
	// when their four random digits collide; try again then.
	for attempt := 0; ; attempt++ {
		id, err := NewIncidentID(opened)
		if err != nil {
			return nil, fmt.Errorf("open incident: %w", err)
		}
		p := IncidentOpened{
			Incident: id,
			UUID:     uuid.NewString(),
			Runbook:  rb.ID,
			Title:    rb.Title,
			SHA256:   SourcesSHA256(rb.Sources),
			Sources:  rb.Sources,
			Actor:    opt.Actor,
			Opened:   opened,
			Drill:    opt.Drill,
		}
		data, err := encodePayload(p)
		if err != nil {
			return nil, fmt.Errorf("open incident: %w", err)
		}
		dir := filepath.Join(IncidentsDir(opt.Home), id)
		j, rec, err := create(dir, id, journal.Entry{At: at, Actor: opt.Actor, Type: TypeIncidentOpened, Sim: sim, Data: data})
		if errors.Is(err, fs.ErrExist) && attempt < 8 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("open incident: %w", err)
		}
		s := newSession(NewState(rb), j, dir, opt.Home, clock, opt.Wall)
		ev, err := eventFromRecord(rec)
		if err != nil {
			_ = j.Close()
			return nil, fmt.Errorf("open incident %s: %w", id, err)
		}
		s.state.Apply(ev)
		if err := s.settle(opt.Actor); err != nil {
			// The incident exists and is recorded: hand it back with the
			// error, as every later command would.
			return s, fmt.Errorf("open incident %s: %w", id, err)
		}
		return s, nil
	}
}

// journalClock is the clock the journal stamps its own records (recovery,
// seal) with: the wall clock in drills, else the incident clock.
func journalClock(clock, wall Clock) func() time.Time {
	switch {
	case wall != nil:
		return wall.Now
	case clock != nil:
		return clock.Now
	}
	return nil // the journal's own default, the system clock
}

func newSession(st *State, j appender, dir, home string, clock, wall Clock) *Session {
	return &Session{j: j, dir: dir, home: home, clock: clock, wall: wall, state: st, subs: map[int]chan Event{}}
}

// Resume reopens the incident in dir: it verifies and replays the journal,
// rebuilds the runbook from the sources embedded on opening (never from
// disk), and records whatever the replayed events still call for: overdue
// duties, and consequences a crash cut short.
func Resume(dir string, opt ResumeOptions) (*Session, error) {
	clock := opt.Clock
	if clock == nil {
		clock = systemClock()
	}
	home := opt.Home
	if home == "" {
		home = filepath.Dir(filepath.Dir(dir))
	}
	var events []Event
	j, err := journal.Config{Now: journalClock(clock, opt.Wall)}.Open(dir, func(r journal.Record) error {
		ev, err := eventFromRecord(r)
		if err != nil {
			return err
		}
		events = append(events, ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("resume %s: %w", dir, err)
	}
	st, err := Replay(events)
	if err != nil {
		_ = j.Close()
		return nil, fmt.Errorf("resume %s: %w", dir, err)
	}
	s := newSession(st, j, dir, home, clock, opt.Wall)
	if st.Closed {
		// A crash between closing and sealing leaves the head behind.
		if err := s.sealIfNeeded(); err != nil {
			return s, fmt.Errorf("resume %s: %w", dir, err)
		}
		return s, nil
	}
	if err := s.settle(SystemActor); err != nil {
		return s, fmt.Errorf("resume %s: %w", dir, err)
	}
	return s, nil
}

// Replay rebuilds an incident's runbook from its opening event and folds
// every event over it. It fails when the first event is not an opening or
// the embedded runbook no longer loads or matches its hash.
func Replay(events []Event) (*State, error) {
	rb, err := EmbeddedRunbook(events)
	if err != nil {
		return nil, err
	}
	return Fold(rb, events), nil
}

// EmbeddedRunbook rebuilds the runbook from the opening event, the first
// of events.
func EmbeddedRunbook(events []Event) (*runbook.Runbook, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("%w: no events", ErrBadJournal)
	}
	op, ok := events[0].Data.(IncidentOpened)
	if !ok {
		return nil, fmt.Errorf("%w: first event is %s, not %s", ErrBadJournal, events[0].Type, TypeIncidentOpened)
	}
	if got := SourcesSHA256(op.Sources); got != op.SHA256 {
		return nil, fmt.Errorf("%w: embedded runbook sources hash to %s, recorded %s", ErrBadJournal, got, op.SHA256)
	}
	rb, diags := runbook.LoadSources(op.Sources, runbook.Options{})
	if rb == nil {
		msg := "no diagnostics"
		if len(diags) > 0 {
			msg = diags[0].String()
		}
		return nil, fmt.Errorf("%w: embedded runbook %s does not load: %s", ErrBadJournal, op.Runbook, msg)
	}
	return rb, nil
}

// eventFromRecord decodes a journal record.
func eventFromRecord(r journal.Record) (Event, error) {
	p, err := DecodePayload(r.Type, r.Data)
	if err != nil {
		return Event{}, fmt.Errorf("seq %d: %w", r.Seq, err)
	}
	return Event{Seq: r.Seq, ID: r.ID, At: r.At, Time: r.At, Actor: r.Actor, Type: r.Type, Sim: r.Sim, Data: p}, nil
}

// DecodeRecord decodes a journal record into an event. Its Time is At
// until a fold sets it.
func DecodeRecord(r journal.Record) (Event, error) { return eventFromRecord(r) }

// Dir returns the incident directory.
func (s *Session) Dir() string { return s.dir }

// ID returns the human incident id.
func (s *Session) ID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.ID
}

// State returns a snapshot of the incident that the session never changes
// afterwards.
func (s *Session) State() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Clone()
}

// NextDue returns the next moment at which Tick has work (a running duty
// becoming overdue), so that a UI or drill can wake exactly then.
func (s *Session) NextDue() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.detached {
		return time.Time{}, false
	}
	return s.state.NextDue()
}

// Tick records duty.overdue, once, for every running duty whose due time
// passed, in the order of their due times, and starts the escalations that
// waits for. It does nothing on a closed incident.
func (s *Session) Tick() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.state.Closed:
		return nil
	case s.detached:
		return fmt.Errorf("tick: %w", ErrDetached)
	}
	return s.settle(SystemActor)
}

// Detach releases the journal (and its lock) without closing the incident,
// so that it can be resumed later, here or in another process. Subscriber
// channels are closed. Detaching twice is a no-op.
func (s *Session) Detach() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.release()
}

func (s *Session) release() error {
	if s.detached {
		return nil
	}
	s.detached = true
	for id, ch := range s.subs {
		close(ch)
		delete(s.subs, id)
	}
	if err := s.j.Close(); err != nil {
		return fmt.Errorf("detach %s: %w", s.dir, err)
	}
	return nil
}

// append records one event and folds it in once the journal acknowledged
// it. On error nothing is folded.
func (s *Session) append(actor string, p Payload) error {
	data, err := encodePayload(p)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	at, sim := now, ""
	if s.wall != nil {
		at, sim = s.wall.Now(), now.Sub(s.state.Opened).String()
	}
	rec, err := s.j.Append(journal.Entry{At: at, Actor: actor, Type: p.EventType(), Sim: sim, Data: data})
	if err != nil {
		return fmt.Errorf("record %s: %w", p.EventType(), err)
	}
	// The fold reads the record as the journal returned it, decoded from
	// the line written, so the live state is exactly what a replay builds.
	ev, err := eventFromRecord(rec)
	if err != nil {
		return fmt.Errorf("record %s: %w", p.EventType(), err)
	}
	s.state.Apply(ev)
	s.publish(s.state.Events[len(s.state.Events)-1])
	return nil
}

// settle appends, one at a time, every event the state calls for now:
// consequences of the recorded events (by actor) and overdue duties (by
// SystemActor), until none is left.
func (s *Session) settle(actor string) error {
	// Each step stamps, reaches, cancels, starts or marks overdue something
	// that then stays so; the bound only guards against a bug looping.
	limit := 4*(len(s.state.Duties)+len(s.state.Path)+len(s.state.Milestones)) + 16
	for range limit {
		loc := s.clock.Now().Location()
		if p, ok := s.state.consequence(loc); ok {
			if err := s.append(actor, p); err != nil {
				return err
			}
			continue
		}
		if p, ok := s.state.overdue(s.clock.Now()); ok {
			if err := s.append(SystemActor, p); err != nil {
				return err
			}
			continue
		}
		return nil
	}
	return fmt.Errorf("incident %s: consequences did not settle after %d events", s.state.ID, limit)
}

// command runs one command: ErrClosed and actor checks, Tick, then check
// against the ticked state, then the event and its consequences.
func (s *Session) command(name, actor string, check func(st *State) (Payload, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.do(name, actor, check)
}

// do is command with s.mu held.
func (s *Session) do(name, actor string, check func(st *State) (Payload, error)) error {
	switch {
	case s.state.Closed:
		return fmt.Errorf("%s: %w", name, ErrClosed)
	case s.detached:
		return fmt.Errorf("%s: %w", name, ErrDetached)
	case actor == "":
		return fmt.Errorf("%s: actor: %w", name, ErrRequired)
	}
	if err := s.settle(SystemActor); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p, err := check(s.state)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := s.append(actor, p); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := s.settle(actor); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Answer answers the current triage node. When the option leads to a
// verdict, the verdict is reached; milestones the option names are stamped;
// duties these trigger start.
func (s *Session) Answer(actor, node, option string) error {
	return s.command("answer "+node+"/"+option, actor, func(st *State) (Payload, error) {
		n := st.ix.nodes[node]
		if n == nil {
			return nil, fmt.Errorf("%w %q", ErrUnknownNode, node)
		}
		o := n.Option(option)
		if o == nil {
			return nil, fmt.Errorf("%w %q of node %q", ErrUnknownOption, option, node)
		}
		if st.Node != node {
			if st.Node == "" {
				return nil, fmt.Errorf("%w: a verdict was reached (revise to change an answer)", ErrNotCurrent)
			}
			return nil, fmt.Errorf("%w: the current node is %q", ErrNotCurrent, st.Node)
		}
		return TriageAnswered{Node: node, Option: option, Next: o.Next, Verdict: o.Verdict}, nil
	})
}

// Revise goes back to a node with a standing answer (its latest, when a
// cycle answered it more than once): that answer and every later one are
// superseded, the verdict is withdrawn, milestones those answers stamped are
// withdrawn, and running duties none of whose triggers still stands are
// cancelled (done and waived ones stay as they are).
func (s *Session) Revise(actor, node string) error {
	return s.command("revise "+node, actor, func(st *State) (Payload, error) {
		if st.ix.nodes[node] == nil {
			return nil, fmt.Errorf("%w %q", ErrUnknownNode, node)
		}
		for i := len(st.Path) - 1; i >= 0; i-- {
			if a := st.Path[i]; !a.Superseded && a.Node == node {
				return TriageRevised{Node: node, From: a.Seq}, nil
			}
		}
		return nil, fmt.Errorf("%w: %q", ErrNotAnswered, node)
	})
}

// Stamp stamps a milestone by hand.
func (s *Session) Stamp(actor, milestone string) error {
	return s.command("stamp "+milestone, actor, func(st *State) (Payload, error) {
		if st.ix.milestones[milestone] == nil {
			return nil, fmt.Errorf("%w %q", ErrUnknownMilestone, milestone)
		}
		if st, ok := st.Stamped(milestone); ok {
			return nil, fmt.Errorf("%w: %q at seq %d", ErrAlreadyStamped, milestone, st.Seq)
		}
		return MilestoneStamped{Milestone: milestone}, nil
	})
}

// DutyDone completes a running duty by means (one the duty accepts), with
// an optional note. Duties waiting for done:<duty> start.
func (s *Session) DutyDone(actor, duty, means, note string) error {
	return s.command("duty "+duty+" done", actor, func(st *State) (Payload, error) {
		if _, err := runningDuty(st, duty, means); err != nil {
			return nil, err
		}
		return DutyDone{Duty: duty, Means: means, Note: note}, nil
	})
}

// DutyAttempted records a try at a running duty that did not complete it,
// with its outcome ("no answer").
func (s *Session) DutyAttempted(actor, duty, means, outcome string) error {
	return s.command("duty "+duty+" attempted", actor, func(st *State) (Payload, error) {
		if _, err := runningDuty(st, duty, means); err != nil {
			return nil, err
		}
		if outcome == "" {
			return nil, fmt.Errorf("outcome: %w", ErrRequired)
		}
		return DutyAttempted{Duty: duty, Means: means, Outcome: outcome}, nil
	})
}

// Waive decides not to do a duty, running or not yet started, for a reason.
// A waived duty never starts.
func (s *Session) Waive(actor, duty, reason string) error {
	return s.command("waive "+duty, actor, func(st *State) (Payload, error) {
		d := st.Duty(duty)
		if d == nil {
			return nil, fmt.Errorf("%w %q", ErrUnknownDuty, duty)
		}
		if d.Status != StatusRunning && d.Status != StatusIdle {
			return nil, fmt.Errorf("%w: %q is %s", ErrDutyNotRunning, duty, d.Status)
		}
		if reason == "" {
			return nil, fmt.Errorf("reason: %w", ErrRequired)
		}
		return DutyWaived{Duty: duty, Reason: reason}, nil
	})
}

// Note adds free text to the timeline.
func (s *Session) Note(actor, text string) error {
	return s.command("note", actor, func(*State) (Payload, error) {
		if text == "" {
			return nil, fmt.Errorf("text: %w", ErrRequired)
		}
		return NoteAdded{Text: text}, nil
	})
}

// Assign hands a role to someone.
func (s *Session) Assign(actor, role, assignee string) error {
	return s.command("assign "+role, actor, func(st *State) (Payload, error) {
		if st.Role(role) == nil {
			return nil, fmt.Errorf("%w %q", ErrUnknownRole, role)
		}
		if assignee == "" {
			return nil, fmt.Errorf("assignee: %w", ErrRequired)
		}
		return RoleAssigned{Role: role, Assignee: assignee}, nil
	})
}

// Inject records a drill inject delivered to the players.
func (s *Session) Inject(actor string, inj InjectDelivered) error {
	return s.command("inject", actor, func(st *State) (Payload, error) {
		if st.Drill == nil {
			return nil, ErrNotDrill
		}
		if inj.Text == "" {
			return nil, fmt.Errorf("text: %w", ErrRequired)
		}
		return inj, nil
	})
}

// Close closes the incident with a summary, seals the journal's head with
// the installation key under Home, and releases the journal. Running duties
// stay as they are; the closed incident takes no more commands.
func (s *Session) Close(actor, summary string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.do("close incident", actor, func(*State) (Payload, error) {
		if summary == "" {
			return nil, fmt.Errorf("summary: %w", ErrRequired)
		}
		return IncidentClosed{Summary: summary}, nil
	})
	if err != nil {
		return err
	}
	if err := s.seal(); err != nil {
		return fmt.Errorf("close incident %s: %w", s.state.ID, err)
	}
	return s.release()
}

func (s *Session) seal() error {
	key, err := journal.LoadOrCreateKey(s.home)
	if err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	if _, err := s.j.Seal(key); err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	return nil
}

// sealIfNeeded seals a closed incident whose head is missing or older than
// its last record.
func (s *Session) sealIfNeeded() error {
	h, err := journal.ReadHead(filepath.Join(s.dir, journal.HeadFile))
	if err == nil && h.Seq == s.state.LastSeq {
		return nil
	}
	return s.seal()
}

// runningDuty checks that duty exists, is running, and accepts means.
func runningDuty(st *State, duty, means string) (*Duty, error) {
	d := st.Duty(duty)
	if d == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownDuty, duty)
	}
	if d.Status != StatusRunning {
		return nil, fmt.Errorf("%w: %q is %s", ErrDutyNotRunning, duty, d.Status)
	}
	if accepted := acceptedMeans(st.Runbook, d.Spec); len(accepted) > 0 && !slices.Contains(accepted, means) {
		return nil, fmt.Errorf("%w: %q; %q accepts %v", ErrUnknownMeans, means, duty, accepted)
	}
	return d, nil
}

// acceptedMeans lists the means a duty can be done by: its own `by`, or
// else every means of the party it contacts; empty means any (an action
// with nobody to contact).
func acceptedMeans(rb *runbook.Runbook, d *runbook.Duty) []string {
	if len(d.By) > 0 {
		return d.By
	}
	var out []string
	for _, p := range rb.Parties {
		if p.ID != d.Contacts {
			continue
		}
		for _, m := range p.Means {
			if !slices.Contains(out, m.By) {
				out = append(out, m.By)
			}
		}
		break
	}
	return out
}
