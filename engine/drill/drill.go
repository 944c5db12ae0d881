package drill

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// FacilitatorActor is the actor of the events a drill records for the
// facilitator when no one is named: the opening and the injects.
const FacilitatorActor = "facilitator"

// Drill is a scenario being played: an incident session on a SimClock,
// and the injects still to deliver. A TUI drives it with Due on every wake
// (NextWake says when), gives the team's commands to Session, and the
// facilitator's to Pause, Run, SetSpeed and JumpTo, which record every
// clock change in the journal. Clock is for reading. Its methods are safe
// for concurrent use.
type Drill struct {
	mu      sync.Mutex
	sc      *Scenario
	session *incident.Session
	clock   *SimClock
	actor   string
	// order holds inject indices in delivery order: by time, then as written.
	order     []int
	delivered map[int]bool
}

// StartOptions configure Start.
type StartOptions struct {
	// Home is shodo's state directory; the drill is an incident under it.
	Home string
	// Actor is the facilitator, who opens the drill and delivers injects;
	// empty means FacilitatorActor.
	Actor string
	// Real is the real-time source; nil means time.Now.
	Real func() time.Time
	// Speed overrides the scenario's speed; 0 keeps it.
	Speed float64
	// Opened is the scenario time at offset zero; zero means the
	// scenario's start, or the real time at start, to the second, when it
	// sets none.
	Opened time.Time
	// Paused starts the clock stopped: the facilitator starts it with Run.
	Paused bool
	// Sealer signs the drill's head when it is closed (see
	// incident.OpenOptions).
	Sealer incident.Sealer
	// OnFault is as in incident.OpenOptions: told when the drill's
	// journal stops taking records and when it takes them again.
	OnFault incident.FaultHook
}

// ResumeOptions configure Resume.
type ResumeOptions struct {
	// Home is shodo's state directory; empty means the directory two levels
	// above the incident, as for incident.Resume.
	Home string
	// Actor is the facilitator from now on; empty means FacilitatorActor.
	Actor string
	// Real is the real-time source; nil means time.Now.
	Real func() time.Time
	// Speed overrides the speed the journal last recorded (or, when none
	// was, the one the drill started with); 0 keeps it.
	Speed float64
	// Sealer and OnFault are as in StartOptions.
	Sealer  incident.Sealer
	OnFault incident.FaultHook
}

func realOrNow(real func() time.Time) func() time.Time {
	if real == nil {
		return time.Now // the explicit default
	}
	return real
}

// Start opens a drill of sc on its runbook: an incident whose Clock is a
// SimClock and whose Wall is the real clock, marked as a drill with the
// scenario's id, title, source and hash so that it can be resumed and
// scored from its journal alone. Injects are delivered by Due.
func Start(sc *Scenario, opt StartOptions) (*Drill, error) {
	real := realOrNow(opt.Real)
	return start(sc, opt, real, false)
}

// start is Start with the choice of wall clock: the real-time source, or,
// with scenarioWall, the scenario clock itself (the headless runner's
// journal then reads as if played in real time).
func start(sc *Scenario, opt StartOptions, real func() time.Time, scenarioWall bool) (*Drill, error) {
	if sc == nil || sc.Runbook == nil {
		return nil, errors.New("start drill: scenario has no runbook (parse it with a resolver)")
	}
	speed := cmp.Or(opt.Speed, sc.Speed, 1)
	opened := opt.Opened
	if opened.IsZero() {
		opened = sc.Start
	}
	if opened.IsZero() {
		opened = real().Truncate(time.Second)
	}
	clock, err := NewSimClock(real, opened, speed)
	if err != nil {
		return nil, fmt.Errorf("start drill %s: %w", sc.ID, err)
	}
	// The clock stands at zero until the opening is recorded: started
	// running, it would already read a few microseconds (times the speed)
	// when the session stamps the opening, and every later offset would
	// fall short by as much (an inject at 12m recorded at 11m59.99s).
	clock.stopAtZero()
	var wall incident.Clock = incident.ClockFunc(real)
	if scenarioWall {
		wall = clock
	}
	actor := cmp.Or(opt.Actor, FacilitatorActor)
	s, err := incident.Open(sc.Runbook, incident.OpenOptions{
		Home: opt.Home, Actor: actor, Clock: clock, Wall: wall, Sealer: opt.Sealer, OnFault: opt.OnFault,
		Drill: &incident.DrillInfo{Scenario: sc.ID, Title: sc.Title, SHA256: sc.SHA256, Source: sc.Source, Speed: speed},
	})
	if err != nil {
		return nil, fmt.Errorf("start drill %s: %w", sc.ID, err)
	}
	if !opt.Paused {
		clock.Resume()
	}
	return newDrill(sc, s, clock, actor), nil
}

func newDrill(sc *Scenario, s *incident.Session, clock *SimClock, actor string) *Drill {
	d := &Drill{sc: sc, session: s, clock: clock, actor: actor, delivered: map[int]bool{}}
	for i := range sc.Injects {
		d.order = append(d.order, i)
	}
	slices.SortStableFunc(d.order, func(a, b int) int { return cmp.Compare(sc.Injects[a].At, sc.Injects[b].At) })
	for _, inj := range s.State().Injects {
		d.delivered[inj.Index] = true
	}
	return d
}

// Resume reopens the drill in dir after a detach or a crash. The scenario
// and runbook come from the journal, never from disk. Scenario time picks
// up at the last offset the journal recorded (a pause records its own), at
// the last speed it recorded, with the clock paused so the facilitator
// restarts it when the room is ready; injects already delivered are never
// delivered again.
func Resume(dir string, opt ResumeOptions) (*Drill, error) {
	real := realOrNow(opt.Real)
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resume drill: %w", err)
	}
	// Read the journal once, read-only, to set the clock before the
	// session resumes: resuming records overdue duties at the clock's time.
	st, err := replay(dir)
	if err != nil {
		return nil, fmt.Errorf("resume drill %s: %w", dir, err)
	}
	if st.Drill == nil {
		return nil, fmt.Errorf("resume drill %s: %w", dir, incident.ErrNotDrill)
	}
	sc, err := FromDrillInfo(st.Drill, st.Runbook)
	if err != nil {
		return nil, fmt.Errorf("resume drill %s: %w", dir, err)
	}
	speed := cmp.Or(opt.Speed, recordedSpeed(st), st.Drill.Speed, sc.Speed, 1)
	clock, err := NewSimClock(real, st.Opened, speed)
	if err != nil {
		return nil, fmt.Errorf("resume drill %s: %w", dir, err)
	}
	clock.Pause()
	if err := clock.JumpTo(LastOffset(st)); err != nil {
		return nil, fmt.Errorf("resume drill %s: %w", dir, err)
	}
	s, err := incident.Resume(dir, incident.ResumeOptions{Home: opt.Home, Clock: clock, Wall: incident.ClockFunc(real), Sealer: opt.Sealer, OnFault: opt.OnFault, Actor: cmp.Or(opt.Actor, FacilitatorActor)})
	if err != nil {
		return nil, fmt.Errorf("resume drill: %w", err)
	}
	// Another writer may have appended between the read and the lock:
	// never let the clock stand before the last event.
	if last := LastOffset(s.State()); last > clock.Elapsed() {
		if err := clock.JumpTo(last); err != nil {
			_ = s.Detach()
			return nil, fmt.Errorf("resume drill %s: %w", dir, err)
		}
	}
	return newDrill(sc, s, clock, cmp.Or(opt.Actor, FacilitatorActor)), nil
}

// recordedSpeed is the speed of the latest drill.clock event, or 0 when
// there is none or it is out of range (a journal another build wrote must
// not make the drill impossible to resume).
func recordedSpeed(st *incident.State) float64 {
	if st.DrillClock == nil || checkSpeed(st.DrillClock.Speed) != nil {
		return 0
	}
	return st.DrillClock.Speed
}

// replay folds the journal in dir without locking it. A torn last line, the
// mark of a crash, is left out: resuming repairs it.
func replay(dir string) (*incident.State, error) {
	var events []incident.Event
	rep, err := journal.Verify(dir, journal.VerifyOptions{Visit: func(r journal.Record) error {
		ev, err := incident.DecodeRecord(r)
		if err != nil {
			return err
		}
		events = append(events, ev)
		return nil
	}})
	if err != nil {
		return nil, err
	}
	if !rep.OK() && !(rep.Recoverable() && rep.Break.Kind == journal.KindTornTail) {
		return nil, fmt.Errorf("journal breaks at %s; run shodo verify", rep)
	}
	return incident.Replay(events)
}

// LastOffset returns the latest scenario offset a drill's events recorded:
// where its clock stood when it stopped, since pausing records a drill.clock
// event at the paused offset. Events without one (the journal's own
// recovery record) are skipped.
func LastOffset(st *incident.State) time.Duration {
	var last time.Duration
	for _, ev := range st.Events {
		if ev.Sim == "" {
			continue
		}
		if off, err := time.ParseDuration(ev.Sim); err == nil && off > last {
			last = off
		}
	}
	return last
}

// FromDrillInfo rebuilds the scenario a drill's journal embeds, checked
// against its hash and validated against rb, the runbook the journal
// embeds (whatever the scenario's `runbook` reference says).
func FromDrillInfo(info *incident.DrillInfo, rb *runbook.Runbook) (*Scenario, error) {
	if info == nil {
		return nil, incident.ErrNotDrill
	}
	sc, diags := Parse(info.Scenario+".toml", []byte(info.Source), func(string, string) (*runbook.Runbook, runbook.Diagnostics, error) {
		return rb, nil, nil
	})
	if sc == nil {
		msg := "no diagnostics"
		if len(diags) > 0 {
			msg = diags[0].String()
		}
		return nil, fmt.Errorf("%w: %s", ErrBadScenario, msg)
	}
	if sc.SHA256 != info.SHA256 {
		return nil, fmt.Errorf("%w: scenario %s hashes to %s, recorded %s", ErrScenarioChanged, info.Scenario, sc.SHA256, info.SHA256)
	}
	return sc, nil
}

// Scenario returns the scenario being played.
func (d *Drill) Scenario() *Scenario { return d.sc }

// Session returns the incident session: the team's commands go there, and
// views subscribe to it.
func (d *Drill) Session() *incident.Session { return d.session }

// Clock returns the simulated clock, to read. Change it through Pause, Run
// and SetSpeed, which journal the change; a change made on the clock itself
// is forgotten by Resume.
func (d *Drill) Clock() *SimClock { return d.clock }

// Pause stops scenario time and records a drill.clock event at the offset
// where it stopped, so that a drill resumed after a crash picks up there.
// Pausing a paused clock records nothing. On a closed incident the clock
// stops without a record: the journal takes no more events. When recording
// fails the clock runs again, as nothing says it stopped.
func (d *Drill) Pause() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.clock.Paused() {
		return nil
	}
	d.clock.Pause()
	if d.session.State().Closed {
		return nil
	}
	if err := d.session.DrillClock(d.actor, true, d.clock.Speed()); err != nil {
		d.clock.Resume()
		return fmt.Errorf("drill %s: pause: %w", d.sc.ID, err)
	}
	return nil
}

// Run lets scenario time run again after Pause (or a paused Start or
// Resume). The restart is recorded first, at the offset the clock stands
// at, and the clock starts only once it is on disk. Running a running clock
// records nothing.
func (d *Drill) Run() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.clock.Paused() {
		return nil
	}
	if err := d.session.DrillClock(d.actor, false, d.clock.Speed()); err != nil {
		return fmt.Errorf("drill %s: run: %w", d.sc.ID, err)
	}
	d.clock.Resume()
	return nil
}

// SetSpeed changes the time compression from now on and records it, so
// that Resume restores it. The speed is checked first (ErrBadSpeed) and
// recorded before the clock changes: a failed record leaves the old speed.
// Setting the current speed records nothing.
func (d *Drill) SetSpeed(speed float64) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := checkSpeed(speed); err != nil {
		return fmt.Errorf("drill %s: %w", d.sc.ID, err)
	}
	if speed == d.clock.Speed() {
		return nil
	}
	if err := d.session.DrillClock(d.actor, d.clock.Paused(), speed); err != nil {
		return fmt.Errorf("drill %s: speed %v: %w", d.sc.ID, speed, err)
	}
	return d.clock.SetSpeed(speed)
}

// Due delivers, in order, every inject whose time has come at real instant
// now (the time a tick message carries), each once, as an inject.delivered
// event with its channel, and records overdue duties (Session.Tick). It
// returns the injects it delivered.
func (d *Drill) Due(now time.Time) ([]Inject, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	limit := d.clock.At(now).Sub(d.clock.Opened())
	var out []Inject
	closed := d.session.State().Closed
	for _, i := range d.order {
		inj := d.sc.Injects[i]
		if d.delivered[i] || closed {
			// A closed incident takes no injects: the exercise is over.
			continue
		}
		if inj.At > limit {
			break
		}
		if err := d.deliver(inj); err != nil {
			return out, err
		}
		out = append(out, inj)
	}
	if err := d.session.Tick(); err != nil {
		return out, fmt.Errorf("drill %s: %w", d.sc.ID, err)
	}
	return out, nil
}

// deliver records one inject; d.mu is held.
func (d *Drill) deliver(inj Inject) error {
	err := d.session.Inject(d.actor, incident.InjectDelivered{
		Index: inj.Index, At: inj.AtText, From: inj.From, Text: inj.Text, Channel: inj.Channel,
	})
	if err != nil {
		return fmt.Errorf("drill %s: inject %d: %w", d.sc.ID, inj.Index+1, err)
	}
	d.delivered[inj.Index] = true
	return nil
}

// NextInject returns the next inject not yet delivered.
func (d *Drill) NextInject() (Inject, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.nextInject()
}

func (d *Drill) nextInject() (Inject, bool) {
	for _, i := range d.order {
		if !d.delivered[i] {
			return d.sc.Injects[i], true
		}
	}
	return Inject{}, false
}

// NextWake returns the scenario time at which the drill next has work: the
// earlier of the next inject and the next duty falling overdue. Convert it
// to a real delay with Clock().RealDelay.
func (d *Drill) NextWake() (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	due, ok := d.session.NextDue()
	if inj, found := d.nextInject(); found {
		at := d.clock.Opened().Add(inj.At)
		if !ok || at.Before(due) {
			return at, true
		}
	}
	return due, ok
}

// JumpTo moves scenario time forward to offset, stopping on the way at
// every duty due time and every inject so that each is recorded at its own
// scenario time, as if the time had passed. The clock keeps running (or
// stays paused) afterwards.
func (d *Drill) JumpTo(offset time.Duration) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.advance(offset)
}

// JumpPlan is what a jump to the next inject would do, for the
// facilitator to confirm: scenario time moves From → To without being
// played, the injects at To are delivered, and the running duties'
// deadlines in between pass unplayed (scored as skipped, not missed).
type JumpPlan struct {
	From, To time.Duration
	// Injects are delivered at To: the next inject and any other at the
	// same offset, in delivery order.
	Injects []Inject
	// Deadlines are the due times of running duties that fall after From
	// and up to To, earliest first. Duties the jump itself starts (an
	// escalation on overdue:<duty>) are not known yet and not listed.
	Deadlines []Deadline
}

// Skipped is the length of scenario time the jump skips.
func (p JumpPlan) Skipped() time.Duration { return p.To - p.From }

// Deadline is a running duty's due time as a scenario offset.
type Deadline struct {
	Duty string
	// Instance numbers the occurrence of a recurring duty (0 for a duty
	// that happens once).
	Instance int
	Due      time.Duration
}

// PlanJump says what JumpToNextInject would do now, without doing it. It
// returns ErrNoMoreInjects when every inject was delivered.
func (d *Drill) PlanJump() (JumpPlan, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.planJump()
}

func (d *Drill) planJump() (JumpPlan, error) {
	next, ok := d.nextInject()
	if !ok {
		return JumpPlan{}, ErrNoMoreInjects
	}
	from := d.clock.Elapsed()
	plan := JumpPlan{From: from, To: max(next.At, from)}
	for _, i := range d.order {
		if inj := d.sc.Injects[i]; !d.delivered[i] && inj.At <= plan.To {
			plan.Injects = append(plan.Injects, inj)
		}
	}
	st := d.session.State()
	opened := d.clock.Opened()
	for _, du := range st.Duties {
		if du.Status != incident.StatusRunning || du.Due.IsZero() || du.Paused {
			continue
		}
		if due := du.Due.Sub(opened); due > from && due <= plan.To {
			plan.Deadlines = append(plan.Deadlines, Deadline{Duty: du.ID, Instance: du.Instance, Due: due})
		}
	}
	slices.SortStableFunc(plan.Deadlines, func(a, b Deadline) int { return cmp.Compare(a.Due, b.Due) })
	return plan, nil
}

// JumpToNextInject jumps to the next inject and delivers it (with any
// other inject due at the same time), as Skip(PlanJump().To) does. It
// returns ErrNoMoreInjects when every inject was delivered.
func (d *Drill) JumpToNextInject() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	plan, err := d.planJump()
	if err != nil {
		return err
	}
	return d.skip(plan.To)
}

// Skip is the facilitator's confirmed jump: scenario time moves forward
// to offset without being played. The jump is recorded first (a
// drill.jumped event from the current offset to offset), then every inject
// and due time on the way is recorded at its own scenario time, as JumpTo
// does; scoring counts the deadlines in the span as skipped. An offset
// the clock has already passed (the inject came while the facilitator
// read the confirmation) is refused with ErrBackwards; the current one
// records nothing.
func (d *Drill) Skip(offset time.Duration) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.skip(offset)
}

func (d *Drill) skip(offset time.Duration) error {
	from := d.clock.Elapsed()
	if offset < from {
		return fmt.Errorf("drill %s: jump to %v: %w (it is at %v)", d.sc.ID, offset, ErrBackwards, from)
	}
	if offset > from && !d.session.State().Closed {
		if err := d.session.DrillJump(d.actor, from, offset); err != nil {
			return fmt.Errorf("drill %s: %w", d.sc.ID, err)
		}
	}
	return d.advance(offset)
}

// advance is JumpTo with d.mu held.
func (d *Drill) advance(target time.Duration) error {
	opened := d.clock.Opened()
	if cur := d.clock.Elapsed(); target < cur {
		return fmt.Errorf("drill %s: jump to %v: %w (it is at %v)", d.sc.ID, target, ErrBackwards, cur)
	}
	if d.session.State().Closed {
		// Nothing is delivered or falls due after the end.
		return d.jump(target)
	}
	// Each pass records one inject or one due time, so the loop ends; the
	// bound only guards against a bug.
	for range 4*(len(d.sc.Injects)+len(d.sc.Runbook.Duties)) + 16 {
		inj, hasInject := d.nextInject()
		hasInject = hasInject && inj.At <= target
		due, hasDue := d.session.NextDue()
		hasDue = hasDue && due.Sub(opened) <= target
		switch {
		case hasDue && (!hasInject || due.Sub(opened) < inj.At):
			if err := d.jump(due.Sub(opened)); err != nil {
				return err
			}
			if err := d.session.Tick(); err != nil {
				return fmt.Errorf("drill %s: %w", d.sc.ID, err)
			}
		case hasInject:
			if err := d.jump(inj.At); err != nil {
				return err
			}
			if err := d.deliver(inj); err != nil {
				return err
			}
		default:
			if err := d.jump(target); err != nil {
				return err
			}
			if err := d.session.Tick(); err != nil {
				return fmt.Errorf("drill %s: %w", d.sc.ID, err)
			}
			return nil
		}
	}
	return fmt.Errorf("drill %s: jump to %v did not settle", d.sc.ID, target)
}

// jump moves the clock to offset unless it is already past it (a running
// clock may be): what is due is then recorded now, never back in time.
func (d *Drill) jump(offset time.Duration) error {
	if offset <= d.clock.Elapsed() {
		return nil
	}
	return d.clock.JumpTo(offset)
}

// Detach releases the journal without closing the incident, so that the
// drill can be resumed later.
func (d *Drill) Detach() error { return d.session.Detach() }
