package incident

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// State is what an incident looks like after a sequence of events: a pure
// fold of the runbook over them. It never reads a clock.
//
// A State returned by Session.State or Clone is a snapshot: the session never
// changes it afterwards, so a view may keep it. Do not modify one yourself.
type State struct {
	Runbook *runbook.Runbook

	ID     string    // human incident id, INC-20261125-7F3A
	UUID   string    // the incident's UUID
	Opened time.Time // incident time of opening, as recorded
	// Happened is when the incident really began, as claimed on opening;
	// zero when no one claimed a time. The opened trigger counts from it.
	Happened time.Time
	OpenedBy string
	// Name is the incident's own title, given when it was opened; empty
	// when none was given.
	Name  string
	Drill *DrillInfo // nil outside drills
	// DrillClock is the drill clock's latest recorded change (paused or
	// running, and its speed), or nil when none was recorded: the clock
	// then runs at Drill.Speed.
	DrillClock *DrillClock
	// Jumps are the spans of scenario time a drill's facilitator jumped
	// over (drill.jumped), in journal order.
	Jumps []Jump
	// Actors are the people seen in events, in order of first appearance;
	// SystemActor is left out.
	Actors []string

	// Roles are the runbook's roles in runbook order, with their current
	// holder (the runbook default until someone assigns the role).
	Roles []Assignment
	// RoleChanges are the roles taken and handed over (role.taken,
	// role.handed-over), in journal order: who held which role when, for
	// the postmortem and the hand-over at 3 a.m.
	RoleChanges []RoleChange
	// Path is every triage answer in order; revised ones stay, marked
	// Superseded.
	Path []Answer
	// Node is the current triage node, or "" once a verdict is reached.
	Node string
	// Verdict is the standing verdict, or nil.
	Verdict *Verdict
	// Milestones are the stamps in order; withdrawn ones stay, marked.
	Milestones []Stamp
	// Duties are the runbook's duties in runbook order, started or not.
	Duties  []Duty
	Notes   []Note
	Injects []Inject
	// Evidence is the evidence register: every artefact registered, in
	// order, with its custody (evidence.go).
	Evidence []Artefact

	// Resolution is when the service came back (incident.resolved), or
	// nil while it has not: the incident is then resolved, and follow-up
	// duties keep running until it is closed.
	Resolution *Resolution

	// Closed is set while the incident is closed: ClosedAt is the close's
	// incident time, which every clock stops at (see AsOf), ClosedSeq its
	// seq. A reopen clears Closed and keeps the close in Reopens.
	Closed    bool
	ClosedAt  time.Time
	ClosedBy  string
	ClosedSeq uint64
	Summary   string
	// Ending is set when the incident closed as a false alarm, a
	// duplicate or a mistake rather than with a summary of its work:
	// Summary is then its reason. Nil for an ordinary close.
	Ending *Ending
	// Reopens are the reopenings of a closed incident, in order.
	Reopens []Reopen
	// Links are the other incidents this one is linked to, in order.
	Links []Link

	// Events is every event folded, for the timeline, with Time set.
	Events []Event
	// LastSeq is the seq of the last event folded.
	LastSeq uint64
	// Problems are events that did not fit the runbook or the incident (an
	// unknown duty, a second opening): a journal this build did not write.
	// The fold skips their effect and keeps them here and in Events.
	Problems []Problem

	openedSeq uint64
	// standing holds the indices into Path of the answers not superseded:
	// a stack, since answering pushes and revising pops.
	standing []int
	// stampOf maps a milestone to the index in Milestones of its standing
	// stamp.
	stampOf map[string]int
	// lastRetraction is the seq of the latest event that can take back
	// what started a duty (triage.revised, duty.reopened): the cause of
	// the withdrawals that follow it.
	lastRetraction uint64
	ix             *stateIndex
}

// stateIndex maps runbook ids to positions. It is built once per runbook
// and shared by every snapshot: nothing changes it afterwards.
type stateIndex struct {
	nodes      map[string]*runbook.Node
	verdicts   map[string]*runbook.Verdict
	milestones map[string]*runbook.Milestone
	roles      map[string]int // into State.Roles
	duties     map[string]int // into State.Duties
}

// Assignment is who holds a role.
type Assignment struct {
	Role     string
	Assignee string
	Default  bool      // still the runbook's default holder
	Since    time.Time // incident time of the last assignment; zero for the default
	By       string
}

// CommanderRole is the id of the runbook role whose holder commands the
// incident: the screens name its holder in their header once someone has
// taken it.
const CommanderRole = "ic"

// RoleChange is one role taken or handed over.
type RoleChange struct {
	Seq  uint64
	Time time.Time
	Role string
	// From is who held the role before: the giver of a hand-over, the
	// holder a role was taken from (empty while it was the runbook's
	// default). To holds it now.
	From, To string
	// HandedOver is true for a hand-over (the actor was From), false for
	// a role taken (the actor was To).
	HandedOver bool
}

// Answer is one answered triage node.
type Answer struct {
	Seq    uint64
	Time   time.Time
	Actor  string
	Node   string
	Option string
	// Options is the set picked on a multi node, Number the number given
	// on a number node (format version 2); see TriageAnswered.
	Options []string
	Number  *float64
	// Superseded is set when a revision went back to this answer or an
	// earlier one; RevisedBy is the seq of that triage.revised event.
	Superseded bool
	RevisedBy  uint64
}

// Verdict is the standing verdict. The fold replaces it, never changes it.
type Verdict struct {
	ID       string
	Title    string
	Security bool
	Rank     string
	Seq      uint64
	Time     time.Time
	Actor    string
}

// Resolution is the moment the service came back.
type Resolution struct {
	Seq   uint64
	Time  time.Time // when it was recorded
	Actor string    // who resolved the incident
	// Happened is when the service really came back, as claimed; zero
	// when no one claimed a time.
	Happened time.Time
}

// When returns when the service came back: the claimed time, else the
// time of the record.
func (r Resolution) When() time.Time {
	if !r.Happened.IsZero() {
		return r.Happened
	}
	return r.Time
}

// Reopen is a closed incident opened again, for a reason.
type Reopen struct {
	Seq    uint64
	Time   time.Time
	Actor  string
	Reason string
	// The close it undid: when, by whom, with what summary.
	ClosedAt  time.Time
	ClosedBy  string
	ClosedSeq uint64
	Summary   string
	Ending    *Ending
	// Resolution is the resolution the reopen undid, nil when the
	// incident had none: a reopened incident is open again (the fix did
	// not hold), and is resolved anew when the service is back.
	Resolution *Resolution
}

// Handover is a running duty handed over to an owner outside the
// incident, with the ticket that tracks it.
type Handover struct {
	Seq    uint64
	Time   time.Time
	Actor  string
	Owner  string
	Ticket string // empty when none was given
}

// Stamp is a stamped milestone.
type Stamp struct {
	Milestone string
	Seq       uint64
	Time      time.Time
	Actor     string
	Answer    uint64 // seq of the stamping answer; 0 when stamped by hand
	// Happened is when the moment really came, as claimed when stamping;
	// zero when no one claimed a time. Clocks count from it.
	Happened time.Time
	// Withdrawn is set when the stamping answer was superseded.
	Withdrawn bool
}

// DutyStatus is where a duty's clock stands.
type DutyStatus string

// Duty statuses. Overdue is not a status but a flag on a running duty.
const (
	StatusIdle      DutyStatus = "idle" // its trigger has not happened
	StatusRunning   DutyStatus = "running"
	StatusDone      DutyStatus = "done"
	StatusWaived    DutyStatus = "waived"
	StatusCancelled DutyStatus = "cancelled"
	// StatusDismissed: the duty was running when the incident ended as a
	// false alarm, a duplicate or a mistake (State.Ending): withdrawn with
	// that ending and its reason, neither done nor waived. A reopen sets it
	// running again with the clock it had.
	StatusDismissed DutyStatus = "dismissed"
	// StatusWithdrawn: a revision withdrew every trigger of a running
	// duty. Its clock keeps its anchor and due time, and comes back with
	// them if a trigger holds again. (Journals written before withdrawal
	// existed cancelled such duties instead.)
	StatusWithdrawn DutyStatus = "withdrawn"
	// StatusNotApplicable: the duty's trigger stood, but its law did not
	// apply yet at the moment its clock would count from (runbook
	// applies_from): it never starts, and nothing is owed.
	StatusNotApplicable DutyStatus = "not-applicable"
)

// Duty is one runbook duty and what became of it.
type Duty struct {
	ID     string
	Spec   *runbook.Duty
	Status DutyStatus

	// Set when started. A duty starts once: a withdrawn duty that returns
	// keeps them, and only a restart (Restarts) moves Started and Due. A
	// cancelled duty of a journal written before withdrawal existed starts
	// afresh.
	Trigger    string    // the trigger that started it: "verdict:ransomware"
	Cause      uint64    // seq of the event the trigger happened in
	StartedSeq uint64    // seq of the duty.started event
	Started    time.Time // when the trigger happened (as claimed): the clock runs from here, or from Anchored
	Due        time.Time // the hard limit; zero when the duty has none (a target only, asap)
	Target     time.Time // what the team aims for, a soft deadline; zero when none
	ASAP       bool      // "immediately / without undue delay": no number
	// Recorded is when the trigger was recorded, when that differs from
	// Started because someone claimed an earlier time; zero otherwise.
	Recorded time.Time
	// Anchor is the duty's `from` when its clock counts from it, and
	// Anchored when it happened (as claimed); AnchorRecorded is when it was
	// recorded, if an earlier time was claimed. Empty when the clock counts
	// from the trigger. Bound is the moment of the `not_after` anchor when
	// it was known at the start; zero otherwise.
	Anchor         string
	Anchored       time.Time
	AnchorRecorded time.Time
	Bound          time.Time
	// Unrolled is where Due fell before the duty's roll moved it off a
	// closed day of its calendar; zero when it did not move.
	Unrolled time.Time
	// AppliesFrom is, for a duty not applicable (StatusNotApplicable),
	// the date its law applies from ("2026-09-11"), and AppliesSource the
	// law that says so; empty otherwise.
	AppliesFrom   string
	AppliesSource string
	// Instance is the current occurrence of a recurring duty (`every`),
	// from 1, which the fields above and below describe; 0 for a duty
	// that happens once. Occurrences are the earlier ones, in order.
	Instance    int
	Occurrences []Occurrence

	// Withdrawals are the times a revision withdrew its triggers, and
	// when it returned, in order.
	Withdrawals []Withdrawal
	// Restarts are the deliberate restarts of its clock, in order.
	Restarts []Restart
	// Extensions are the delays of its due time an authority granted, in
	// order (runbook: extensions); Deferral is set once it fell due while
	// the incident was still being handled (runbook: if_ongoing).
	Extensions []Extension
	Deferral   *Deferral
	// Paused is set while its clock is paused; Pauses are every pause, the
	// last one open while Paused.
	Paused bool
	Pauses []Pause

	// Overdue is set once a duty.overdue event was recorded for the run.
	Overdue    bool
	OverdueAt  time.Time
	OverdueSeq uint64

	Attempts []Attempt

	// Handover is set when the running duty was handed over to an owner
	// outside the incident (the latest hand-over); its clock runs on.
	Handover *Handover
	// Marks are where the checklist items ticked or unticked stand, in
	// the order first touched; Approved is the approval, nil until given
	// (runbook format version 2).
	Marks    []Mark
	Approved *Approval
	// Values are the report fields filled in, in the order first filled
	// (runbook format version 2).
	Values []FieldValue
	// Reaches are the recipients reached or waived, in the order first
	// closed (runbook format version 2: contacts as a list, for_each).
	Reaches []Reach

	DoneAt  time.Time
	DoneSeq uint64
	DoneBy  string
	Means   string
	Note    string
	// Submitted is when the report was really submitted, as claimed when
	// it was marked done; zero when no one claimed a time (DoneAt then).
	Submitted time.Time
	// Late is how long after Due the duty was done (submitted, when a
	// time was claimed); 0 when on time.
	Late time.Duration

	WaivedAt  time.Time
	WaivedSeq uint64
	WaivedBy  string
	// WaivedFrom is the status the waive ended (running, idle or
	// withdrawn): a reopen sets it back.
	WaivedFrom DutyStatus
	Reason     string // why it was waived, or why it was cancelled (journals before CancelCode)
	// CancelCode says why a cancelled duty was cancelled
	// (CancelTriggerWithdrawn: Trigger, which had started it, was withdrawn).
	CancelCode string

	// Reopenings are the dones and waives that were reversed (undone or
	// reopened with a reason), in order.
	Reopenings []Reopening

	CancelledAt time.Time
	// DismissedAt is when the incident's ending withdrew the duty
	// (StatusDismissed); the reason is State.Ending's.
	DismissedAt time.Time
}

// Withdrawal is a span during which a duty was withdrawn.
type Withdrawal struct {
	Seq     uint64    // seq of the duty.withdrawn event
	Time    time.Time // when it was withdrawn
	Trigger string    // the trigger that had started it
	Cause   uint64    // seq of the triage.revised event
	// Set when it returned: the seq and time of duty.returned, and the
	// trigger that held again.
	ReturnedSeq   uint64
	Returned      time.Time
	ReturnTrigger string
}

// Restart is a deliberate restart of a duty's clock.
type Restart struct {
	Seq    uint64
	Time   time.Time
	Actor  string
	Reason string
	// The clock it replaced: where it ran from, when it was due, and
	// whether it had been recorded overdue.
	PreviousStarted time.Time
	PreviousDue     time.Time
	WasOverdue      bool
}

// Pause is a span during which a duty's clock stood still.
type Pause struct {
	Seq       uint64 // seq of the duty.paused event
	From      time.Time
	By        string
	Reason    string
	Remaining time.Duration // what was left of the clock when paused
	// Set when the clock ran again (resumed, or the duty was done or
	// waived while paused).
	To           time.Time
	ResumedSeq   uint64
	ResumeReason string
}

// OnTime reports whether the duty was done by its due time.
func (d *Duty) OnTime() bool { return d.Status == StatusDone && d.Late == 0 }

// Attempt is a recorded try at a duty.
type Attempt struct {
	Seq     uint64
	Time    time.Time
	Actor   string
	Means   string
	Outcome string
	// Recipient is the recipient tried, for a duty with several; empty
	// for a try at the duty as a whole.
	Recipient string
}

// Note is free text on the timeline.
type Note struct {
	Seq   uint64
	Time  time.Time
	Actor string
	Text  string
}

// Inject is a delivered drill inject.
type Inject struct {
	Seq  uint64
	Time time.Time
	InjectDelivered
}

// Jump is a span of scenario time a drill jumped over: the offsets From
// and To, recorded by the event at Seq.
type Jump struct {
	Seq      uint64
	From, To time.Duration
}

// Problem is an event the fold could not apply: its seq, and what was
// wrong with it as a sentence (a message export.problem.<name> and its
// parameters) that the edges put into words (export.Problem).
type Problem struct {
	Seq uint64
	Say Sentence
}

// NewState returns the state of an incident on rb before any event.
func NewState(rb *runbook.Runbook) *State {
	ix := &stateIndex{
		nodes:      make(map[string]*runbook.Node, len(rb.Triage.Nodes)),
		verdicts:   make(map[string]*runbook.Verdict, len(rb.Verdicts)),
		milestones: make(map[string]*runbook.Milestone, len(rb.Milestones)),
		roles:      make(map[string]int, len(rb.Roles)),
		duties:     make(map[string]int, len(rb.Duties)),
	}
	// The runbook's own lookups need its loader's index; building ours from
	// the slices keeps the fold independent of how the runbook was made.
	for _, n := range rb.Triage.Nodes {
		if _, dup := ix.nodes[n.ID]; !dup {
			ix.nodes[n.ID] = n
		}
	}
	for _, v := range rb.Verdicts {
		if _, dup := ix.verdicts[v.ID]; !dup {
			ix.verdicts[v.ID] = v
		}
	}
	for _, m := range rb.Milestones {
		if _, dup := ix.milestones[m.ID]; !dup {
			ix.milestones[m.ID] = m
		}
	}
	s := &State{Runbook: rb, Node: rb.Triage.Start, stampOf: map[string]int{}, ix: ix}
	for _, r := range rb.Roles {
		if _, dup := ix.roles[r.ID]; dup {
			continue
		}
		ix.roles[r.ID] = len(s.Roles)
		s.Roles = append(s.Roles, Assignment{Role: r.ID, Assignee: r.Assignee, Default: true})
	}
	for _, d := range rb.Duties {
		if _, dup := ix.duties[d.ID]; dup {
			continue
		}
		ix.duties[d.ID] = len(s.Duties)
		s.Duties = append(s.Duties, Duty{ID: d.ID, Spec: d, Status: StatusIdle})
	}
	return s
}

// Fold applies events in order to the state of a new incident on rb.
func Fold(rb *runbook.Runbook, events []Event) *State {
	s := NewState(rb)
	s.Events = make([]Event, 0, len(events))
	// Notes are most of a long incident; sized up front, the slice is not
	// copied as it grows (a third of the fold's allocations otherwise).
	notes := 0
	for _, e := range events {
		if e.Type == TypeNoteAdded {
			notes++
		}
	}
	if notes > 0 {
		s.Notes = make([]Note, 0, notes)
	}
	for _, e := range events {
		s.Apply(e)
	}
	return s
}

// Duty returns the duty with the given id, or nil.
func (s *State) Duty(id string) *Duty {
	i, ok := s.ix.duties[id]
	if !ok {
		return nil
	}
	return &s.Duties[i]
}

// Role returns who holds the role with the given id, or nil.
func (s *State) Role(id string) *Assignment {
	i, ok := s.ix.roles[id]
	if !ok {
		return nil
	}
	return &s.Roles[i]
}

// Began returns when the incident began: the claimed time, else the
// recorded opening.
func (s *State) Began() time.Time {
	if !s.Happened.IsZero() {
		return s.Happened
	}
	return s.Opened
}

// When returns when the milestone's moment came: the claimed time, else
// the time it was stamped.
func (st Stamp) When() time.Time {
	if !st.Happened.IsZero() {
		return st.Happened
	}
	return st.Time
}

// Stamped returns the standing stamp of a milestone, if any.
func (s *State) Stamped(milestone string) (Stamp, bool) {
	i, ok := s.stampOf[milestone]
	if !ok {
		return Stamp{}, false
	}
	return s.Milestones[i], true
}

// Standing returns the answers that were not superseded, in order.
func (s *State) Standing() []Answer {
	out := make([]Answer, len(s.standing))
	for i, j := range s.standing {
		out[i] = s.Path[j]
	}
	return out
}

// Clone returns a snapshot of s that later Apply calls on s leave alone.
// Slices whose elements the fold never changes (events, notes, attempts) are
// shared, capped so that appends to s cannot reach the snapshot.
func (s *State) Clone() *State {
	c := *s
	c.Actors = slices.Clip(s.Actors)
	c.Roles = slices.Clone(s.Roles)
	c.Path = slices.Clone(s.Path)
	c.standing = slices.Clone(s.standing)
	c.Milestones = slices.Clone(s.Milestones)
	c.stampOf = maps.Clone(s.stampOf)
	c.Duties = slices.Clone(s.Duties)
	for i := range c.Duties {
		d := &c.Duties[i]
		d.Attempts = slices.Clip(d.Attempts)
		d.Occurrences = slices.Clip(d.Occurrences) // a recurring duty's next start appends to it
		// Withdrawals and pauses are changed in place when they end.
		d.Withdrawals = slices.Clone(d.Withdrawals)
		d.Restarts = slices.Clip(d.Restarts)
		d.Extensions = slices.Clip(d.Extensions) // a Deferral is replaced, never changed
		d.Pauses = slices.Clone(d.Pauses)
		d.Reopenings = slices.Clip(d.Reopenings)
		// Checklist marks, report fields and recipients are replaced in
		// place when set again: a snapshot another screen reads (shodo
		// serve) must not change under it.
		d.Marks = slices.Clone(d.Marks)
		d.Values = slices.Clone(d.Values)
		d.Reaches = slices.Clone(d.Reaches)
	}
	c.Notes = slices.Clip(s.Notes)
	c.RoleChanges = slices.Clip(s.RoleChanges)
	c.Injects = slices.Clip(s.Injects)
	c.Jumps = slices.Clip(s.Jumps)
	c.Events = slices.Clip(s.Events)
	c.Problems = slices.Clip(s.Problems)
	c.Reopens = slices.Clip(s.Reopens)
	c.Links = slices.Clip(s.Links)
	// The fold changes an artefact in place (its holders, where it is
	// kept); it replaces the artefact's own slices, never changes them.
	c.Evidence = slices.Clone(s.Evidence)
	return &c
}

// eventTime is the incident time of e: At, or the opening time plus Sim.
func (s *State) eventTime(e Event) (time.Time, error) {
	if e.Sim == "" && s.Drill != nil && len(s.Events) > 0 {
		// In a drill, only the journal writes events without a scenario
		// offset (journal.recovered, on reopening): place them at the
		// scenario time of the event before, not at the wall time, which
		// lies outside the drill's timeline.
		return s.Events[len(s.Events)-1].Time, nil
	}
	if e.Sim == "" {
		return e.At, nil
	}
	off, err := time.ParseDuration(e.Sim)
	if err != nil {
		return e.At, fmt.Errorf("bad sim offset %q: %w", e.Sim, err)
	}
	opened := s.Opened
	if o, ok := e.Data.(IncidentOpened); ok && s.ID == "" {
		opened = openedTime(o, e)
	}
	return opened.Add(off), nil
}

func openedTime(o IncidentOpened, e Event) time.Time {
	if o.Opened.IsZero() {
		return e.At
	}
	return o.Opened
}

// problem records that e did not fit: message export.problem.<name>.
func (s *State) problem(e Event, name string, args ...Arg) {
	s.Problems = append(s.Problems, Problem{Seq: e.Seq, Say: Sentence{ID: "export.problem." + name, Args: args}})
}

// Apply folds one event into s.
func (s *State) Apply(e Event) {
	t, err := s.eventTime(e)
	if err != nil {
		s.problem(e, "bad-sim", Quoted("Sim", e.Sim))
	}
	e.Time = t
	s.Events = append(s.Events, e)
	s.LastSeq = e.Seq
	if e.Actor != "" && e.Actor != SystemActor && !slices.Contains(s.Actors, e.Actor) {
		s.Actors = append(s.Actors, e.Actor)
	}
	if _, opening := e.Data.(IncidentOpened); !opening && s.ID == "" {
		if _, ok := e.Data.(Unknown); !ok {
			s.problem(e, "before-opened", Code("Type", e.Type))
		}
	}
	if s.Closed {
		_, unknown := e.Data.(Unknown)
		_, reopen := e.Data.(IncidentReopened)
		if !unknown && !reopen {
			s.problem(e, "after-closed", Code("Type", e.Type))
			return
		}
	}
	if k := kindOfData(e.Data); k != nil && k.fold != nil {
		k.fold(s, e)
	}
	// Unknown types and journal.recovered are kept in Events for the
	// timeline and change nothing else.
}

// The folds of the event types, one each, named in the registry.

func (s *State) foldRoleAssigned(e Event, p RoleAssigned) {
	a := s.Role(p.Role)
	if a == nil {
		s.problem(e, "unknown-role", Quoted("Role", p.Role))
		return
	}
	*a = Assignment{Role: p.Role, Assignee: p.Assignee, Since: e.Time, By: e.Actor}
}

func (s *State) foldRoleTaken(e Event, p RoleTaken) {
	a := s.Role(p.Role)
	if a == nil {
		s.problem(e, "unknown-role", Quoted("Role", p.Role))
		return
	}
	s.RoleChanges = append(s.RoleChanges, RoleChange{Seq: e.Seq, Time: e.Time, Role: p.Role, From: p.From, To: e.Actor})
	*a = Assignment{Role: p.Role, Assignee: e.Actor, Since: e.Time, By: e.Actor}
}

func (s *State) foldRoleHandedOver(e Event, p RoleHandedOver) {
	a := s.Role(p.Role)
	if a == nil {
		s.problem(e, "unknown-role", Quoted("Role", p.Role))
		return
	}
	s.RoleChanges = append(s.RoleChanges, RoleChange{Seq: e.Seq, Time: e.Time, Role: p.Role, From: e.Actor, To: p.To, HandedOver: true})
	*a = Assignment{Role: p.Role, Assignee: p.To, Since: e.Time, By: e.Actor}
}

// Commander is who commands the incident (CommanderRole) as the journal
// says: empty while no one has taken, been handed or been assigned the
// role, or when the runbook has none.
func (s *State) Commander() string {
	a := s.Role(CommanderRole)
	if a == nil || a.Default {
		return ""
	}
	return a.Assignee
}

// Holds returns the roles person holds, in runbook order.
func (s *State) Holds(person string) []string {
	var roles []string
	for _, a := range s.Roles {
		if !a.Default && a.Assignee == person {
			roles = append(roles, a.Role)
		}
	}
	return roles
}

func (s *State) foldVerdict(e Event, p VerdictReached) {
	v := s.ix.verdicts[p.Verdict]
	if v == nil {
		s.problem(e, "unknown-verdict", Quoted("Verdict", p.Verdict))
		return
	}
	s.Verdict = &Verdict{ID: v.ID, Title: v.Title, Security: v.Security, Rank: v.Rank, Seq: e.Seq, Time: e.Time, Actor: e.Actor}
	s.Node = ""
}

func (s *State) foldStamped(e Event, p MilestoneStamped) {
	if s.ix.milestones[p.Milestone] == nil {
		s.problem(e, "unknown-milestone", Quoted("Milestone", p.Milestone))
		return
	}
	if prev, ok := s.Stamped(p.Milestone); ok {
		s.problem(e, "stamped-again", Quoted("Milestone", p.Milestone), Number("Seq", float64(prev.Seq)))
		return
	}
	s.stampOf[p.Milestone] = len(s.Milestones)
	s.Milestones = append(s.Milestones, Stamp{Milestone: p.Milestone, Seq: e.Seq, Time: e.Time, Actor: e.Actor, Answer: p.Answer, Happened: p.Happened})
}

func (s *State) foldDutyStarted(e Event, p DutyStarted) {
	d := s.dutyFor(e, p.Duty)
	if d == nil {
		return
	}
	var past []Occurrence
	var handover *Handover
	if p.Instance > 1 && d.Instance == p.Instance-1 {
		past = append(d.Occurrences, d.occurrence())
		// A recurring duty handed over stays with its owner: the next
		// occurrence is theirs too.
		handover = d.Handover
	}
	*d = Duty{ID: d.ID, Spec: d.Spec, Status: StatusRunning, Trigger: p.Trigger, Cause: p.Cause, Instance: p.Instance, Occurrences: past, Handover: handover,
		StartedSeq: e.Seq, Started: p.Started, Due: p.Due, Target: p.Target, ASAP: p.ASAP, Recorded: p.Recorded,
		Anchor: p.Anchor, Anchored: p.Anchored, AnchorRecorded: p.AnchorRecorded, Bound: p.Bound, Unrolled: p.Unrolled}
}

func (s *State) foldDutyNotApplicable(e Event, p DutyNotApplicable) {
	d := s.dutyFor(e, p.Duty)
	if d == nil {
		return
	}
	if d.Status != StatusIdle {
		s.problem(e, "duty-not-idle", Quoted("Duty", p.Duty), statusWord(d.Status))
		return
	}
	d.Status, d.Trigger, d.Cause, d.StartedSeq, d.Started, d.Anchored = StatusNotApplicable, p.Trigger, p.Cause, e.Seq, p.Started, p.Anchored
	d.AppliesFrom, d.AppliesSource = p.AppliesFrom, p.Source
}

func (s *State) foldDutyWithdrawn(e Event, p DutyWithdrawn) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Status = StatusWithdrawn
		d.Withdrawals = append(d.Withdrawals, Withdrawal{Seq: e.Seq, Time: e.Time, Trigger: p.Trigger, Cause: p.Cause})
	}
}

func (s *State) foldDutyReturned(e Event, p DutyReturned) {
	d := s.dutyFor(e, p.Duty)
	if d == nil {
		return
	}
	if d.Status != StatusWithdrawn || len(d.Withdrawals) == 0 {
		s.problem(e, "duty-not-withdrawn", Quoted("Duty", p.Duty), statusWord(d.Status))
		return
	}
	d.Status = StatusRunning
	w := &d.Withdrawals[len(d.Withdrawals)-1]
	w.ReturnedSeq, w.Returned, w.ReturnTrigger = e.Seq, e.Time, p.Trigger
}

func (s *State) foldDutyRestarted(e Event, p DutyRestarted) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Restarts = append(d.Restarts, Restart{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Reason: p.Reason,
			PreviousStarted: d.Started, PreviousDue: d.Due, WasOverdue: d.Overdue})
		d.Started, d.Due, d.Target, d.Recorded, d.Unrolled = p.Started, p.Due, p.Target, time.Time{}, p.Unrolled
		d.Anchor, d.Anchored, d.AnchorRecorded, d.Bound = "", time.Time{}, time.Time{}, p.Bound
		d.Overdue, d.OverdueAt, d.OverdueSeq = false, time.Time{}, 0
		if d.Paused {
			d.endPause(e, "")
		}
	}
}

func (s *State) foldDutyPaused(e Event, p DutyPaused) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		if d.Paused {
			s.problem(e, "duty-paused-again", Quoted("Duty", p.Duty))
			return
		}
		d.Paused = true
		d.Pauses = append(d.Pauses, Pause{Seq: e.Seq, From: e.Time, By: e.Actor, Reason: p.Reason, Remaining: p.Remaining})
	}
}

func (s *State) foldDutyResumed(e Event, p DutyResumed) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		if !d.Paused {
			s.problem(e, "duty-not-paused", Quoted("Duty", p.Duty))
			return
		}
		d.endPause(e, p.Reason)
		if !d.Due.Equal(p.Due) {
			// The due time moved on by the pause: where a roll had
			// moved the old one no longer says anything about it.
			d.Unrolled = time.Time{}
		}
		d.Due = p.Due
		// A pause stops the whole clock: the target moves on by as long
		// as it was paused, as the due time does.
		if pa := d.Pauses[len(d.Pauses)-1]; !d.Target.IsZero() {
			d.Target = d.Target.Add(pa.To.Sub(pa.From))
		}
	}
}

// endPause closes the duty's open pause at e.
func (d *Duty) endPause(e Event, reason string) {
	d.Paused = false
	pa := &d.Pauses[len(d.Pauses)-1]
	pa.To, pa.ResumedSeq, pa.ResumeReason = e.Time, e.Seq, reason
}

// Remaining returns how long the duty's clock has left at now: from its
// due time, or, while paused, what the pause kept. Negative once overdue;
// zero for a duty with no hard due time (no within).
func (d *Duty) Remaining(now time.Time) time.Duration {
	if d.Due.IsZero() {
		return 0
	}
	if d.Paused {
		return d.Pauses[len(d.Pauses)-1].Remaining
	}
	return d.Due.Sub(now)
}

func (s *State) foldDutyAttempted(e Event, p DutyAttempted) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Attempts = append(d.Attempts, Attempt{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Means: p.Means, Outcome: p.Outcome, Recipient: p.Recipient})
	}
}

func (s *State) foldDutyDone(e Event, p DutyDone) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Status, d.DoneAt, d.DoneSeq, d.DoneBy, d.Means, d.Note, d.Submitted = StatusDone, e.Time, e.Seq, e.Actor, p.Means, p.Note, p.Submitted
		if !d.Due.IsZero() { // no hard due time: never late
			d.Late = max(0, -d.Remaining(d.Completed()))
		}
		if d.Paused {
			d.endPause(e, "")
		}
	}
}

func (s *State) foldDutyOverdue(e Event, p DutyOverdue) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Overdue, d.OverdueAt, d.OverdueSeq = true, e.Time, e.Seq
	}
}

func (s *State) foldDutyWaived(e Event, p DutyWaived) {
	d := s.dutyFor(e, p.Duty)
	if d == nil {
		return
	}
	if d.Status != StatusRunning && d.Status != StatusIdle && d.Status != StatusWithdrawn {
		s.problem(e, "waived-while", Quoted("Duty", p.Duty), statusWord(d.Status))
		return
	}
	d.WaivedFrom = d.Status
	d.Status, d.WaivedAt, d.WaivedSeq, d.WaivedBy, d.Reason = StatusWaived, e.Time, e.Seq, e.Actor, p.Reason
	if d.Paused {
		d.endPause(e, "")
	}
}

func (s *State) foldDutyCancelled(e Event, p DutyCancelled) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Status, d.CancelledAt, d.Reason, d.CancelCode = StatusCancelled, e.Time, p.Reason, p.Code
	}
}

func (s *State) foldNote(e Event, p NoteAdded) {
	s.Notes = append(s.Notes, Note{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Text: p.Text})
}

func (s *State) foldInject(e Event, p InjectDelivered) {
	s.Injects = append(s.Injects, Inject{Seq: e.Seq, Time: e.Time, InjectDelivered: p})
}

func (s *State) foldDrillClock(e Event, p DrillClock) {
	if s.Drill == nil {
		s.problem(e, "clock-not-drill")
		return
	}
	s.DrillClock = &p
}

func (s *State) foldDrillJumped(e Event, p DrillJumped) {
	if s.Drill == nil {
		s.problem(e, "jump-not-drill")
		return
	}
	from, to, ok := p.Span()
	if !ok {
		s.problem(e, "jump-bad-span", Code("From", p.From), Code("To", p.To))
		return
	}
	s.Jumps = append(s.Jumps, Jump{Seq: e.Seq, From: from, To: to})
}

// Skipped reports whether scenario offset off fell inside a span a drill
// jumped over (after its start, up to and including its end), and which.
func (s *State) Skipped(off time.Duration) (Jump, bool) {
	for _, j := range s.Jumps {
		if off > j.From && off <= j.To {
			return j, true
		}
	}
	return Jump{}, false
}

func (s *State) foldClosed(e Event, p IncidentClosed) {
	s.Closed, s.ClosedAt, s.ClosedBy, s.ClosedSeq, s.Summary = true, e.Time, e.Actor, e.Seq, p.Summary
	if p.Ending == "" {
		return
	}
	s.Ending = &Ending{Code: p.Ending, Of: p.Of, Reason: p.Summary, Seq: e.Seq}
	for i := range s.Duties {
		if d := &s.Duties[i]; d.Status == StatusRunning {
			d.Status, d.DismissedAt = StatusDismissed, e.Time
		}
	}
}

func (s *State) foldResolved(e Event, p IncidentResolved) {
	if s.Resolution != nil {
		s.problem(e, "resolved-again", Number("Seq", float64(s.Resolution.Seq)))
		return
	}
	s.Resolution = &Resolution{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Happened: p.Happened}
}

func (s *State) foldHandedOver(e Event, p DutyHandedOver) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Handover = &Handover{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Owner: p.Owner, Ticket: p.Ticket}
	}
}

func (s *State) foldReopened(e Event, p IncidentReopened) {
	if !s.Closed {
		s.problem(e, "reopened-open")
		return
	}
	s.Reopens = append(s.Reopens, Reopen{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Reason: p.Reason,
		ClosedAt: s.ClosedAt, ClosedBy: s.ClosedBy, ClosedSeq: s.ClosedSeq, Summary: s.Summary, Ending: s.Ending,
		Resolution: s.Resolution})
	s.Closed, s.ClosedAt, s.ClosedBy, s.ClosedSeq, s.Summary, s.Ending = false, time.Time{}, "", 0, "", nil
	// Reopened, the incident is open again, not resolved: whatever made
	// the close a mistake, the work is not over. The service being back is
	// recorded again (s) when it is.
	s.Resolution = nil
	// The duties the ending withdrew run again, with the clocks they had:
	// the alarm was real after all.
	for i := range s.Duties {
		if d := &s.Duties[i]; d.Status == StatusDismissed {
			d.Status, d.DismissedAt = StatusRunning, time.Time{}
		}
	}
}

func (s *State) foldLinked(e Event, p IncidentLinked) {
	if !IsLinkKind(p.Kind) {
		s.problem(e, "unknown-link", Quoted("Kind", p.Kind))
		return
	}
	s.Links = append(s.Links, Link{Kind: p.Kind, Incident: p.Incident, Seq: e.Seq, Time: e.Time, Actor: e.Actor})
}

func (s *State) foldOpened(e Event, p IncidentOpened) {
	if s.ID != "" {
		s.problem(e, "opened-twice")
		return
	}
	if p.Runbook != s.Runbook.ID {
		s.problem(e, "other-runbook", Quoted("Runbook", p.Runbook), Quoted("Folded", s.Runbook.ID))
	}
	s.ID, s.UUID, s.Opened, s.OpenedBy, s.Drill, s.Happened, s.Name = p.Incident, p.UUID, openedTime(p, e), p.Actor, p.Drill, p.Happened, p.Name
	s.openedSeq = e.Seq
	if s.ID == "" {
		// Keep later events from being reported as "before opening".
		s.ID = "?"
	}
}

func (s *State) foldAnswered(e Event, p TriageAnswered) {
	n := s.ix.nodes[p.Node]
	if n == nil {
		s.problem(e, "unknown-node", Quoted("Node", p.Node))
		return
	}
	for _, id := range p.picked() {
		if n.Option(id) == nil {
			s.problem(e, "unknown-option", Quoted("Option", id), Quoted("Node", p.Node))
			return
		}
	}
	if p.Number == nil && len(p.picked()) == 0 && !n.Multi {
		s.problem(e, "unknown-option", Quoted("Option", p.Option), Quoted("Node", p.Node))
		return
	}
	if p.Node != s.Node {
		s.problem(e, "not-current", Quoted("Node", p.Node), Quoted("Current", s.Node))
	}
	s.standing = append(s.standing, len(s.Path))
	s.Path = append(s.Path, Answer{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Node: p.Node, Option: p.Option, Options: p.Options, Number: p.Number})
	// An answer that reaches a verdict leaves no current node; the verdict
	// itself arrives as its own event.
	s.Node, _ = n.Route(p.picked())
}

func (s *State) foldRevised(e Event, p TriageRevised) {
	// Standing answers are in seq order: find the revised one by search,
	// so that a long incident does not make every revision slower.
	k, found := slices.BinarySearchFunc(s.standing, p.From, func(i int, seq uint64) int { return cmp.Compare(s.Path[i].Seq, seq) })
	if !found || s.Path[s.standing[k]].Node != p.Node {
		s.problem(e, "revision-unmatched", Quoted("Node", p.Node), Number("From", float64(p.From)))
		return
	}
	for _, i := range s.standing[k:] {
		s.Path[i].Superseded, s.Path[i].RevisedBy = true, e.Seq
	}
	s.standing = s.standing[:k]
	// A standing stamp's answer is standing, so the stamps of the answers
	// just superseded are exactly the standing ones from p.From on.
	for m, i := range s.stampOf {
		if st := &s.Milestones[i]; st.Answer != 0 && st.Answer >= p.From {
			st.Withdrawn = true
			delete(s.stampOf, m)
		}
	}
	s.Verdict = nil
	s.Node = p.Node
	s.lastRetraction = e.Seq
}

// dutyFor returns the duty named by an event, or records a problem.
func (s *State) dutyFor(e Event, id string) *Duty {
	d := s.Duty(id)
	if d == nil {
		s.problem(e, "unknown-duty", Quoted("Duty", id))
	}
	return d
}

// runningDuty returns the running duty named by an event, or records a problem.
func (s *State) runningDuty(e Event, id string) *Duty {
	d := s.dutyFor(e, id)
	if d == nil {
		return nil
	}
	if d.Status != StatusRunning {
		s.problem(e, "duty-not-running", Code("Type", e.Type), Quoted("Duty", id), statusWord(d.Status))
		return nil
	}
	return d
}

// Occurrence is one earlier occurrence of a recurring duty, as it stood
// when the next one started.
type Occurrence struct {
	Instance   int
	StartedSeq uint64
	Started    time.Time
	Due        time.Time
	Status     DutyStatus // running (not done in its time), done or waived
	Overdue    bool
	OverdueSeq uint64
	DoneAt     time.Time
	DoneBy     string
	Late       time.Duration
	Reason     string // why it was waived
	// Restarts and Pauses are what was done to this occurrence's clock:
	// the next occurrence starts a clean clock, and this one's history
	// stays here.
	Restarts []Restart
	Pauses   []Pause
}

// occurrence is d's current occurrence, kept when the next one starts.
func (d *Duty) occurrence() Occurrence {
	return Occurrence{Instance: d.Instance, StartedSeq: d.StartedSeq, Started: d.Started, Due: d.Due, Status: d.Status,
		Overdue: d.Overdue, OverdueSeq: d.OverdueSeq, DoneAt: d.DoneAt, DoneBy: d.DoneBy, Late: d.Late, Reason: d.Reason,
		Restarts: d.Restarts, Pauses: d.Pauses}
}

// Phase is where an incident stands in its life: open (being handled),
// resolved (the service is back; follow-up duties may still run) or
// closed (nothing more is recorded).
type Phase string

// The phases, in the order an incident passes through them.
const (
	PhaseOpen     Phase = "open"
	PhaseResolved Phase = "resolved"
	PhaseClosed   Phase = "closed"
)

// Phase says where the incident stands. Every layer that shows or filters
// by state asks this, so a new phase is added here once.
func (s *State) Phase() Phase {
	switch {
	case s.Closed:
		return PhaseClosed
	case s.Resolution != nil:
		return PhaseResolved
	}
	return PhaseOpen
}

// AsOf returns the moment the incident's figures are measured at when
// the time is now: now while it is open or resolved, and its close time
// once it is closed, however much later now is. Elapsed time, what is left
// of a duty's clock and whether it is overdue are read at AsOf(now), so
// that nothing ticks after the close: on screen, on resume, in exports.
func (s *State) AsOf(now time.Time) time.Time {
	if s.Closed && (now.IsZero() || now.After(s.ClosedAt)) {
		return s.ClosedAt
	}
	return now
}

// Elapsed returns how long the incident has run at now: from when it
// began to AsOf(now), so it stands still from the close.
func (s *State) Elapsed(now time.Time) time.Duration {
	return s.AsOf(now).Sub(s.Began())
}

// LateAt reports whether the duty is past its hard due time at the moment
// t (read it at State.AsOf): a running duty whose clock is not paused,
// strictly after its due time. A duty with no hard due time is never late.
// CountsOverdue says whether d counts as overdue at t: recorded overdue,
// or past its due time (while paused, by the remainder the pause kept) and
// not yet recorded. A pause never hides a late duty. A zero t counts only
// what the journal recorded and what a pause kept. State.OverdueCount
// counts with it for the header, the home screen and shodo list alike.
func (d *Duty) CountsOverdue(t time.Time) bool {
	if d.Status != StatusRunning {
		return false
	}
	return d.Overdue || ((d.Paused || !t.IsZero()) && d.LateAt(t))
}

// OverdueCount is how many running duties count as overdue at t
// (Duty.CountsOverdue).
func (s *State) OverdueCount(t time.Time) int {
	n := 0
	for i := range s.Duties {
		if s.Duties[i].CountsOverdue(t) {
			n++
		}
	}
	return n
}

func (d *Duty) LateAt(t time.Time) bool {
	return d.Status == StatusRunning && !d.Due.IsZero() && d.Remaining(t) < 0
}

// Completed is when a done duty was really completed: the submission time
// claimed when it was marked done, or else when it was marked. Clocks that
// count from done:<duty> count from it.
func (d *Duty) Completed() time.Time {
	if !d.Submitted.IsZero() {
		return d.Submitted
	}
	return d.DoneAt
}
