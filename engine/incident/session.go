package incident

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// appender is what a Session needs of a journal; tests substitute a fake
// one to make appends fail.
type appender interface {
	Append(journal.Entry) (journal.Record, error)
	Seal(ssh.Signer) (journal.Head, error)
	Close() error
}

// Session is one incident being worked on: it validates commands, appends
// the events they cause to the journal, and folds each event into its State
// only after the journal acknowledged it. Its methods are safe for
// concurrent use, so several views can drive and watch one incident.
type Session struct {
	mu    sync.Mutex
	j     appender
	dir   string
	home  string
	clock Clock
	wall  Clock // nil outside drills
	// steady is the time recorded in `at`: the incident clock's, or in a
	// drill the wall clock's, kept in order (see steady).
	steady   *steady
	state    *State
	detached bool
	sealer   Sealer
	subs     map[int]chan Event
	nextSub  int
	// summary writes the incident's summary file after appends (see
	// saveSummary).
	summary *summaryWriter
	// fault is why the journal takes no record now (fault.go); nil while
	// it does.
	fault   *Fault
	onFault FaultHook
}

// FaultHook is told when a session's journal stops taking records for a
// reason that concerns everyone on the incident (faulted, with why), and
// when it takes one again (faulted false). It is called by the session's
// sequencer, with its lock held: it must not block, nor call the session.
type FaultHook func(dir string, f Fault, faulted bool)

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
	// ID and UUID fix the incident's ids instead of drawing them at
	// random: for tests and golden files that must be reproducible. An ID
	// that is already taken is an error (fs.ErrExist), never replaced.
	ID, UUID string
	// Sealer signs the head when the incident is closed; nil means
	// LocalSealer(Home), the installation key beside the journals.
	Sealer Sealer
	// Since is when the incident really began, if before now: the team
	// became aware before it opened shodo. It is recorded beside the time
	// of opening (IncidentOpened.Happened), and the clocks of duties
	// triggered by the opening count from it. Zero means now; a time after
	// now is refused (ErrClaimedLater).
	Since time.Time
	// Title names the incident ("Orders fail at checkout"): optional, one
	// line, recorded in the opening (IncidentOpened.Name). Spaces around it
	// are trimmed; a title with control characters or longer than
	// MaxTitle is refused (CheckTitle).
	Title string
	// Served is the address of the `shodo serve` that holds the incident
	// (journal.Config.Served); empty outside the server.
	Served string
	// OnFault, when set, is told when the journal stops and starts
	// taking records again (FaultHook): shodo serve tells every screen on
	// the incident.
	OnFault FaultHook
	// WriteFault is journal.Config.WriteFault: nil in production.
	WriteFault func() error
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
	// Sealer is as in OpenOptions; a closed incident whose head is behind
	// is sealed with it on resuming.
	Sealer Sealer
	// Actor is who resumes it: the holder file names them while the
	// session holds the journal, for `shodo watch` to show. Events
	// carry the actor of each command, not this.
	Actor string
	// Served, OnFault and WriteFault are as in OpenOptions.
	Served     string
	OnFault    FaultHook
	WriteFault func() error
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
// opening. If the journal fails after the opening was recorded, the error
// names the incident directory to resume.
func Open(rb *runbook.Runbook, opt OpenOptions) (*Session, error) {
	return open(rb, opt, func(dir, id string, first journal.Entry) (appender, journal.Record, error) {
		j, rec, err := journal.Config{Now: journalClock(opt.Clock, opt.Wall), Actor: opt.Actor, Served: opt.Served, WriteFault: opt.WriteFault}.Create(dir, id, first)
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
	steady := newSteady(clock, opt.Wall)
	at, _ := steady.read(time.Time{})
	opened, sim := at, ""
	if opt.Wall != nil {
		opened, sim = clock.Now(), "0s"
	}
	if !opt.Since.IsZero() && opt.Since.After(opened) {
		return nil, asked("open incident", "open").refused(refuse(ErrClaimedLater,
			fmt.Sprintf("%v: %s is after %s", ErrClaimedLater, opt.Since.Format(time.RFC3339), opened.Format(time.RFC3339)),
			"claimed-later", Code("Claimed", opt.Since.Format(time.RFC3339)), Code("Now", opened.Format(time.RFC3339))))
	}
	title := strings.TrimSpace(opt.Title)
	if err := CheckTitle(title); err != nil {
		return nil, asked("open incident", "open").refused(err)
	}
	// Two incidents opened on the same day share a directory name only
	// when their four random digits collide; try again then.
	for attempt := 0; ; attempt++ {
		id, uid := opt.ID, opt.UUID
		if id == "" {
			var err error
			if id, err = NewIncidentID(opened); err != nil {
				return nil, fmt.Errorf("open incident: %w", err)
			}
		}
		if uid == "" {
			uid = uuid.NewString()
		}
		p := IncidentOpened{
			Incident: id,
			UUID:     uid,
			Runbook:  rb.ID,
			Title:    rb.Title,
			SHA256:   SourcesSHA256(rb.Sources),
			Sources:  rb.Sources,
			Actor:    opt.Actor,
			Opened:   opened,
			Drill:    opt.Drill,
			Happened: claimed(opt.Since),
			Name:     title,
		}
		data, err := encodePayload(p)
		if err != nil {
			return nil, fmt.Errorf("open incident: %w", err)
		}
		dir := filepath.Join(IncidentsDir(opt.Home), id)
		j, rec, err := create(dir, id, journal.Entry{At: at, Actor: opt.Actor, Type: TypeIncidentOpened, Sim: sim, Data: data})
		if errors.Is(err, fs.ErrExist) && attempt < 8 && opt.ID == "" {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("open incident: %w", err)
		}
		s := newSession(NewState(rb), j, dir, opt.Home, clock, opt.Wall, opt.Sealer)
		s.steady = steady
		s.onFault = opt.OnFault
		ev, err := DecodeRecord(rec)
		if err != nil {
			_ = j.Close()
			return nil, fmt.Errorf("open incident %s: %w", id, err)
		}
		s.state.Apply(ev)
		s.saveSummary(rec.Hash)
		if err := s.settle(opt.Actor); err != nil {
			// The incident is recorded; release it so that resuming it
			// later (which re-scans the journal) can finish the work.
			_ = s.release()
			return nil, fmt.Errorf("open incident %s (resume it from %s): %w", id, dir, err)
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

func newSession(st *State, j appender, dir, home string, clock, wall Clock, sealer Sealer) *Session {
	if sealer == nil {
		sealer = LocalSealer(home)
	}
	return &Session{j: j, dir: dir, home: home, clock: clock, wall: wall, steady: newSteady(clock, wall),
		state: st, sealer: sealer, subs: map[int]chan Event{}, summary: newSummaryWriter(dir)}
}

// newSteady keeps in order the clock that stamps `at`: wall in a drill,
// else the incident clock.
func newSteady(clock, wall Clock) *steady {
	if wall != nil {
		return &steady{clock: wall}
	}
	return &steady{clock: clock}
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
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	home := opt.Home
	if home == "" {
		home = filepath.Dir(filepath.Dir(dir))
	}
	var events []Event
	j, err := journal.Config{Now: journalClock(clock, opt.Wall), Actor: opt.Actor, Served: opt.Served, WriteFault: opt.WriteFault}.Open(dir, func(r journal.Record) error {
		ev, err := DecodeRecord(r)
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
	s := newSession(st, j, dir, home, clock, opt.Wall, opt.Sealer)
	s.onFault = opt.OnFault
	switch {
	case st.Closed && st.LastSeq > st.ClosedSeq:
		// Records after the close were not written by a session (it
		// refuses them): never seal over them, say so.
		err = asked("resume incident", "resume-incident").refused(refuseAfterClose(st))
	case st.Closed:
		// A crash between closing and sealing leaves the head behind.
		err = s.sealIfNeeded()
	default:
		err = s.settle(SystemActor)
	}
	if err != nil {
		_ = s.release()
		return nil, fmt.Errorf("resume %s: %w", dir, err)
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

// DecodeRecord decodes a journal record into an event. Its Time is At
// until a fold sets it.
func DecodeRecord(r journal.Record) (Event, error) {
	p, err := DecodePayload(r.Type, r.Data)
	if err != nil {
		return Event{}, fmt.Errorf("seq %d: %w", r.Seq, err)
	}
	return Event{Seq: r.Seq, ID: r.ID, Hash: r.Hash, At: r.At, Time: r.At, Actor: r.Actor, Type: r.Type, Sim: r.Sim, Data: p}, nil
}

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

// Now returns the incident's time as the session keeps it: the time its
// deadlines and overdue duties are measured against. Outside drills it is
// the clock's time kept steady (it never goes back, and within a process
// does not follow the wall clock back; see the steady type); in a drill it
// is the scenario time. A view counting down to a duty's due time should
// subtract this, not its own reading of the clock.
func (s *Session) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.incidentNow()
}

// incidentNow is Now with s.mu held.
func (s *Session) incidentNow() time.Time {
	if s.wall != nil {
		return s.clock.Now()
	}
	now, _ := s.steady.read(s.lastAt())
	return now
}

// lastAt is the recorded time of the journal's last event, the floor of
// the steady time.
func (s *Session) lastAt() time.Time {
	if n := len(s.state.Events); n > 0 {
		return s.state.Events[n-1].At
	}
	return time.Time{}
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
	s.summary.flush()
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
	at, step := s.steady.read(s.lastAt())
	if step != nil {
		// Said first, at the time kept, so that the journal tells why the
		// records that follow do not carry the clock's reading.
		if err := s.record(SystemActor, *step, at, ""); err != nil {
			return err
		}
		s.steady.noted(step)
	}
	sim := ""
	if s.wall != nil {
		sim = s.clock.Now().Sub(s.state.Opened).String()
	}
	return s.record(actor, p, at, sim)
}

// record appends one event at the given time and folds it in.
func (s *Session) record(actor string, p Payload, at time.Time, sim string) error {
	data, err := encodePayload(p)
	if err != nil {
		return err
	}
	rec, err := s.j.Append(journal.Entry{At: at, Actor: actor, Type: p.EventType(), Sim: sim, Data: data})
	s.noteAppend(err)
	if err != nil {
		return fmt.Errorf("record %s: %w", p.EventType(), err)
	}
	// The fold reads the record as the journal returned it, decoded from
	// the line written, so the live state is exactly what a replay builds.
	ev, err := DecodeRecord(rec)
	if err != nil {
		return fmt.Errorf("record %s: %w", p.EventType(), err)
	}
	s.state.Apply(ev)
	s.saveSummary(rec.Hash)
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
	for i := 0; i < limit; i++ {
		loc := s.clock.Now().Location()
		if p, ok := s.state.consequence(loc); ok {
			if err := s.append(actor, p); err != nil {
				return err
			}
			continue
		}
		if p, ok := s.state.deferral(s.incidentNow()); ok {
			if err := s.append(SystemActor, p); err != nil {
				return err
			}
			continue
		}
		if p, ok := s.state.overdue(s.incidentNow()); ok {
			if err := s.append(SystemActor, p); err != nil {
				return err
			}
			limit++ // each occurrence of a recurring duty can come overdue once
			continue
		}
		if p, ok := s.state.recurrence(s.incidentNow()); ok {
			if err := s.append(SystemActor, p); err != nil {
				return err
			}
			limit++ // each occurrence that came due is its own step
			continue
		}
		return nil
	}
	return fmt.Errorf("incident %s: consequences did not settle after %d events", s.state.ID, limit)
}

// command runs one command: ErrClosed and actor checks, Tick, then check
// against the ticked state, then the event and its consequences. A check
// returns a *Refusal; the command is refused with it, named.
func (s *Session) command(cmd command, actor string, check func(st *State) (Payload, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.do(cmd, actor, check)
}

// do is command with s.mu held.
func (s *Session) do(cmd command, actor string, check func(st *State) (Payload, error)) error {
	switch {
	case s.state.Closed:
		return cmd.refused(refuse(ErrClosed, ErrClosed.Error(), "closed"))
	case s.detached:
		return cmd.refused(refuse(ErrDetached, ErrDetached.Error(), "detached"))
	case actor == "":
		return cmd.refused(refuseRequired("actor"))
	}
	name := cmd.text
	if err := s.settle(SystemActor); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p, err := check(s.state)
	if err != nil {
		return cmd.refused(err)
	}
	if err := s.append(actor, p); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := s.settle(actor); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
