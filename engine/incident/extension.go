package incident

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// This file moves a legal duty's due time the two ways the law does after
// the duty started (runbook: extensions and if_ongoing):
//
//   - an extension an authority granted (SEC Form 8-K Item 1.05(c), HIPAA
//     45 CFR 164.412), recorded by a responder with ExtendDuty as
//     duty.extended: who granted it, the step, the new due time;
//   - a duty that fell due while the incident was still being handled
//     (NIS2 Art. 23(4)(e)), recorded by shodo itself as duty.deferred at
//     that due time, which starts the duty of ongoing:<duty> (the progress
//     report), and duty.reanchored once the handling ended, with the new
//     due time counted from when it ended, as claimed.
//
// Both are events, so that replay gives the due times the live session
// had, and a journal written before them keeps its fixed due times.

// Errors of ExtendDuty.
var (
	// ErrNoExtension is returned by ExtendDuty for a duty whose runbook
	// declares no extensions, or one with no due time to move (deferred
	// until its handling ends): the law allows it no delay here.
	ErrNoExtension = errors.New("the duty allows no extension")
	// ErrExtensionsUsed is returned by ExtendDuty when every step the
	// duty declares was granted: beyond them the law knows no delay
	// (the SEC's exemptive order is not one of Item 1.05(c)'s steps).
	ErrExtensionsUsed = errors.New("every extension the duty allows was granted")
	// ErrExtensionOrder is returned by ExtendDuty for a step already
	// granted, or one that would pass over an earlier step that is not
	// optional.
	ErrExtensionOrder = errors.New("extension step out of order")
	// ErrExtensionTooLong is returned by ExtendDuty for a length beyond
	// the step's up_to.
	ErrExtensionTooLong = errors.New("extension longer than the step allows")
	// ErrExtensionUnaffirmed is returned by ExtendDuty for a step whose
	// runbook requires a circumstance the grant does not affirm.
	ErrExtensionUnaffirmed = errors.New("the step's circumstance is not affirmed")
)

// DutyExtended records a delay of a duty's due time that an authority
// granted: one step of the duty's extensions.
type DutyExtended struct {
	Duty string `json:"duty"`
	// Step is the step of the duty's extensions granted, from 1.
	Step int `json:"step"`
	// Authority is who granted it and Reference their letter or case
	// number, as the responder wrote them.
	Authority string `json:"authority"`
	Reference string `json:"reference,omitempty"`
	// Length is what the grant added, as a runbook duration ("30d").
	Length string `json:"length"`
	// Affirmed says the grant affirms the circumstance the step requires.
	Affirmed bool `json:"affirmed,omitempty"`
	// Granted is when the grant was made, as claimed; zero when not said.
	Granted     time.Time `json:"granted,omitzero"`
	PreviousDue time.Time `json:"previous_due"`
	Due         time.Time `json:"due"`
}

// DutyDeferred records that a duty with if_ongoing fell due while its
// until had not happened: its clock stops at Due, and the duty of
// ongoing:<duty> starts from that moment.
type DutyDeferred struct {
	Duty  string    `json:"duty"`
	Until string    `json:"until"`
	Due   time.Time `json:"due"`
}

// DutyReanchored records that the until of a deferred duty happened: the
// duty is due again, Due, counted from Anchored (as claimed).
type DutyReanchored struct {
	Duty     string    `json:"duty"`
	Until    string    `json:"until"`
	Anchored time.Time `json:"anchored"`
	Due      time.Time `json:"due"`
}

// Event types of this file.
const (
	TypeDutyExtended   = "duty.extended"
	TypeDutyDeferred   = "duty.deferred"
	TypeDutyReanchored = "duty.reanchored"
)

func (DutyExtended) EventType() string   { return TypeDutyExtended }
func (DutyDeferred) EventType() string   { return TypeDutyDeferred }
func (DutyReanchored) EventType() string { return TypeDutyReanchored }

// Extension is a granted extension of a duty's due time, as folded.
type Extension struct {
	Seq   uint64
	Time  time.Time // when it was recorded
	Actor string
	DutyExtended
	// WasOverdue says the duty had been recorded overdue before the
	// extension (OverdueAt, by the event at OverdueSeq): that record
	// stays, and an escalation it started stays standing.
	WasOverdue bool
	OverdueAt  time.Time
	OverdueSeq uint64
}

// Deferral is a duty's clock stopped at its due time while the incident
// was still being handled (if_ongoing), and what came of it.
type Deferral struct {
	Seq   uint64    // seq of the duty.deferred event
	Time  time.Time // when it was recorded
	Until string    // the trigger that ends it: "milestone:nis2-handled"
	Due   time.Time // the due time that came while ongoing
	// Set once until happened: the seq of duty.reanchored, when until
	// happened (as claimed) and the new due time.
	ReanchoredSeq uint64
	Anchored      time.Time
	NewDue        time.Time
}

// Waiting reports whether the deferral still waits for its until.
func (f *Deferral) Waiting() bool { return f != nil && f.ReanchoredSeq == 0 }

func (s *State) foldDutyExtended(e Event, p DutyExtended) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Extensions = append(d.Extensions, Extension{Seq: e.Seq, Time: e.Time, Actor: e.Actor, DutyExtended: p,
			WasOverdue: d.Overdue, OverdueAt: d.OverdueAt, OverdueSeq: d.OverdueSeq})
		d.Due = p.Due
		d.Unrolled = time.Time{} // where a roll once moved it from no longer applies
		// From here the clock runs to the new due time, and comes overdue
		// at it; the overdue recorded before stays in the extension.
		d.Overdue, d.OverdueAt, d.OverdueSeq = false, time.Time{}, 0
	}
}

func (s *State) foldDutyDeferred(e Event, p DutyDeferred) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Deferral = &Deferral{Seq: e.Seq, Time: e.Time, Until: p.Until, Due: p.Due}
		d.Due = time.Time{}
	}
}

func (s *State) foldDutyReanchored(e Event, p DutyReanchored) {
	d := s.runningDuty(e, p.Duty)
	if d == nil {
		return
	}
	if !d.Deferral.Waiting() {
		s.problem(e, "duty-not-deferred", Quoted("Duty", p.Duty))
		return
	}
	f := *d.Deferral // copied: a snapshot (Clone) shares the pointer
	f.ReanchoredSeq, f.Anchored, f.NewDue = e.Seq, p.Anchored, p.Due
	d.Deferral = &f
	d.Due = p.Due
	d.Unrolled = time.Time{}
	if !f.Ongoing() {
		// Handling had ended by the due time, as claimed: the deferral
		// takes back the progress report it started (ongoingTrigger no
		// longer stands; the withdrawal names this event).
		s.lastRetraction = e.Seq
	}
}

// Ongoing reports whether the incident was still being handled when the
// deferred due time came: until has not happened, or happened (as
// claimed) after that due time. A handling end stamped late with an
// earlier claimed time means it was not.
func (f *Deferral) Ongoing() bool {
	return f != nil && (f.ReanchoredSeq == 0 || f.Anchored.After(f.Due))
}

// defers reports whether d, when its due time comes, is deferred rather
// than overdue: it has an if_ongoing whose until has not happened, and
// was not deferred already.
func (s *State) defers(d *Duty) bool {
	on := d.Spec.IfOngoing
	if on == nil || d.Deferral != nil {
		return false
	}
	_, _, ended := s.stands(on.Until)
	return !ended
}

// deferral returns the duty.deferred event of the running duty whose due
// time passed first before now while its handling was still going on.
func (s *State) deferral(now time.Time) (Payload, bool) {
	if s.ID == "" || s.Closed {
		return nil, false
	}
	var first *Duty
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status != StatusRunning || d.Overdue || d.Paused || d.Due.IsZero() || !now.After(d.Due) || !s.defers(d) {
			continue
		}
		if first == nil || d.Due.Before(first.Due) {
			first = d
		}
	}
	if first == nil {
		return nil, false
	}
	return DutyDeferred{Duty: first.ID, Until: first.Spec.IfOngoing.Until.String(), Due: first.Due}, true
}

// reanchored returns the duty.reanchored event of a deferred duty whose
// until happened: due its if_ongoing's within (or its own) from that
// moment, as claimed, on the duty's calendar or in loc.
func (s *State) reanchored(loc *time.Location) (Payload, bool) {
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status != StatusRunning || !d.Deferral.Waiting() {
			continue
		}
		on := d.Spec.IfOngoing
		at, _, ok := s.stands(on.Until)
		if !ok {
			continue
		}
		within := on.Within
		if within.IsZero() {
			within = d.Spec.Within
		}
		due := within.Due(at.In(loc), s.Runbook.CounterOf(d.Spec))
		if !at.After(d.Deferral.Due) {
			// Handling ended, as claimed, by the due time that came: the
			// incident was not ongoing then, so the law's first limit
			// stands (and has passed).
			due = d.Deferral.Due
		}
		return DutyReanchored{Duty: d.ID, Until: on.Until.String(), Anchored: at, Due: due}, true
	}
	return nil, false
}

// ongoingTrigger is the semantics of ongoing:<duty>: it stands once the
// duty was deferred, from the due time that came while ongoing, unless
// handling turns out (as claimed) to have ended by then.
func ongoingTrigger(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
	if d := s.Duty(tr.Arg); d != nil && d.Deferral.Ongoing() {
		return d.Deferral.Due, d.Deferral.Seq, true
	}
	return time.Time{}, 0, false
}

// Grant is an extension of a duty's due time as an authority granted it.
type Grant struct {
	// Step is the step of the duty's extensions granted, from 1; 0 for
	// the next one.
	Step int
	// Authority is who granted it ("US Attorney General"); Reference
	// their letter or case number, may be empty.
	Authority, Reference string
	// Length is what the grant adds to the due time.
	Length runbook.Duration
	// Affirmed says the grant affirms the circumstance the step requires
	// ("extraordinary circumstances: national security").
	Affirmed bool
	// Granted is when it was granted, as claimed; zero when not said.
	Granted time.Time
}

// NextExtension returns the step of d's extensions the next grant would
// be, from 1, and the steps a grant may name now (the next, and any after
// optional steps passed over); 0 and nil when none is left or the duty
// declares none.
func NextExtension(d *Duty) (next int, allowed []int) {
	steps := d.Spec.Extensions
	last := 0
	for _, x := range d.Extensions {
		last = max(last, x.Step)
	}
	for k := last + 1; k <= len(steps); k++ {
		allowed = append(allowed, k)
		if !steps[k-1].Optional {
			break
		}
	}
	if len(allowed) == 0 {
		return 0, nil
	}
	return allowed[0], allowed
}

// ExtendDuty records an extension of a running duty's due time that an
// authority granted: one step of the extensions its runbook declares,
// taken in order, each once, no longer than the step's up_to, counted from
// the due time it moves on the duty's calendar. The clock runs to the new
// due time from then on; an overdue recorded before stays recorded.
func (s *Session) ExtendDuty(actor, duty string, g Grant) error {
	return s.command(asked("extend "+duty, "extend", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		d, err := clockedDuty(st, duty)
		if err != nil {
			return nil, err
		}
		return checkGrant(st, d, g, s.incidentNow())
	})
}

// checkGrant checks g against d at now and returns the event it records.
func checkGrant(st *State, d *Duty, g Grant, now time.Time) (Payload, error) {
	duty, steps := d.ID, d.Spec.Extensions
	switch {
	case len(steps) == 0:
		return nil, refuse(ErrNoExtension, fmt.Sprintf("%v: %q declares no extensions", ErrNoExtension, duty), "extension-none", Quoted("Duty", duty))
	case d.Due.IsZero():
		return nil, refuse(ErrNoExtension, fmt.Sprintf("%v: %q has no due time to move", ErrNoExtension, duty), "extension-no-due", Quoted("Duty", duty))
	case d.Paused:
		return nil, refuse(ErrDutyPaused, fmt.Sprintf("%v: %q", ErrDutyPaused, duty), "duty-paused", Quoted("Duty", duty))
	}
	next, allowed := NextExtension(d)
	if next == 0 {
		return nil, refuse(ErrExtensionsUsed, fmt.Sprintf("%v: %q allows %d", ErrExtensionsUsed, duty, len(steps)), "extension-used",
			Quoted("Duty", duty), Number("Steps", float64(len(steps))))
	}
	if g.Step == 0 {
		g.Step = next
	}
	if g.Step > len(steps) {
		return nil, refuse(ErrExtensionsUsed, fmt.Sprintf("%v: %q allows %d", ErrExtensionsUsed, duty, len(steps)), "extension-used",
			Quoted("Duty", duty), Number("Steps", float64(len(steps))))
	}
	if !slices.Contains(allowed, g.Step) {
		return nil, refuse(ErrExtensionOrder, fmt.Sprintf("%v: %q step %d; the next is step %d", ErrExtensionOrder, duty, g.Step, next), "extension-order",
			Quoted("Duty", duty), Number("Step", float64(g.Step)), Number("Next", float64(next)))
	}
	step := steps[g.Step-1]
	if g.Authority == "" {
		return nil, refuseRequired("authority")
	}
	if g.Length.IsZero() {
		return nil, refuseRequired("length")
	}
	if step.Requires != "" && !g.Affirmed {
		return nil, refuse(ErrExtensionUnaffirmed, fmt.Sprintf("%v: step %d of %q requires %s", ErrExtensionUnaffirmed, g.Step, duty, step.Requires), "extension-unaffirmed",
			Quoted("Duty", duty), Number("Step", float64(g.Step)), Line("Requires", step.Requires))
	}
	if !g.Granted.IsZero() && g.Granted.After(now) {
		return nil, refuse(ErrClaimedLater, fmt.Sprintf("%v: %s is after %s", ErrClaimedLater, g.Granted.Format(time.RFC3339), now.Format(time.RFC3339)),
			"claimed-later", Code("Claimed", g.Granted.Format(time.RFC3339)), Code("Now", now.Format(time.RFC3339)))
	}
	// Both lengths count from the due time on the duty's calendar, so a
	// month and thirty days compare as the dates they give.
	counter, from := st.Runbook.CounterOf(d.Spec), d.Due.In(now.Location())
	due := g.Length.Due(from, counter)
	if !step.UpTo.IsZero() && due.After(step.UpTo.Due(from, counter)) {
		return nil, refuse(ErrExtensionTooLong, fmt.Sprintf("%v: %s; step %d of %q allows up to %s", ErrExtensionTooLong, g.Length, g.Step, duty, step.UpTo), "extension-too-long",
			Code("Length", g.Length.String()), Number("Step", float64(g.Step)), Quoted("Duty", duty), Code("UpTo", step.UpTo.String()))
	}
	return DutyExtended{Duty: duty, Step: g.Step, Authority: g.Authority, Reference: g.Reference, Length: g.Length.String(),
		Affirmed: g.Affirmed && step.Requires != "", Granted: claimed(g.Granted), PreviousDue: d.Due, Due: due}, nil
}

// The sentences of this file's events.

func sentenceDutyExtended(p DutyExtended) Sentence {
	args := []Arg{Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due), Code("Length", p.Length), Number("Step", float64(p.Step)), Text("Authority", p.Authority)}
	if p.Reference != "" {
		return Say("duty-extended-reference", append(args, Text("Reference", p.Reference))...)
	}
	return Say("duty-extended", args...)
}

func sentenceDutyDeferred(p DutyDeferred) Sentence {
	return Say("duty-deferred", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due), Ref("Until", ArgTrigger, p.Until))
}

func sentenceDutyReanchored(p DutyReanchored) Sentence {
	return Say("duty-reanchored", Ref("Duty", ArgDuty, p.Duty), Ref("Until", ArgTrigger, p.Until), Time("Anchored", p.Anchored), Time("Due", p.Due))
}
