package incident

import (
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// This file derives, from a State alone, the events that must follow the
// ones already recorded. The session appends them one at a time and asks
// again, so cascades (done:x starting y, an overdue escalation that is itself
// already overdue) unfold in order, and a resumed session finishes what a
// crash cut short.

// stands reports whether a trigger stands in s: it happened and was not
// withdrawn. at is when it happened, and cause the seq of the event it
// happened in.
func (s *State) stands(tr runbook.Trigger) (at time.Time, cause uint64, ok bool) {
	if holds := triggerSemantics[tr.Kind]; holds != nil {
		return holds(s, tr)
	}
	return time.Time{}, 0, false
}

// triggerSemantics says, for each kind of runbook.TriggerKinds, whether a
// trigger of that kind stands in a state, since when and through which
// event. The trigger table itself (forms, arguments, validation) is in
// engine/runbook; a test fails for a kind that has no entry here.
var triggerSemantics = map[string]func(s *State, tr runbook.Trigger) (at time.Time, cause uint64, ok bool){
	runbook.TriggerOngoing: ongoingTrigger,
	runbook.TriggerOpened: func(s *State, _ runbook.Trigger) (time.Time, uint64, bool) {
		return s.Began(), s.openedSeq, s.ID != ""
	},
	runbook.TriggerVerdict:     verdictTrigger(func(v *Verdict, tr runbook.Trigger) bool { return tr.Arg == "" || tr.Arg == v.ID }),
	runbook.TriggerSecurity:    verdictTrigger(func(v *Verdict, _ runbook.Trigger) bool { return v.Security }),
	runbook.TriggerNotSecurity: verdictTrigger(func(v *Verdict, _ runbook.Trigger) bool { return !v.Security }),
	runbook.TriggerRank:        verdictTrigger(func(v *Verdict, tr runbook.Trigger) bool { return v.Rank != "" && tr.Arg == v.Rank }),
	runbook.TriggerMilestone: func(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
		st, ok := s.Stamped(tr.Arg)
		return st.When(), st.Seq, ok
	},
	// The resolution counts from when the service came back, as claimed.
	runbook.TriggerResolved: func(s *State, _ runbook.Trigger) (time.Time, uint64, bool) {
		if r := s.Resolution; r != nil {
			return r.When(), r.Seq, true
		}
		return time.Time{}, 0, false
	},
	runbook.TriggerDone: func(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
		if d := s.Duty(tr.Arg); d != nil && d.Status == StatusDone {
			return d.Completed(), d.DoneSeq, true
		}
		return time.Time{}, 0, false
	},
	// closed:x stands once x is done or waived, from that moment: a step
	// chained after an optional one goes on when the optional one is
	// waived.
	runbook.TriggerClosed: func(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
		d := s.Duty(tr.Arg)
		switch {
		case d == nil:
		case d.Status == StatusDone:
			return d.Completed(), d.DoneSeq, true
		case d.Status == StatusWaived:
			return d.WaivedAt, d.WaivedSeq, true
		}
		return time.Time{}, 0, false
	},
	// answer:n=o stands while a standing answer to n chose o, from when it
	// was given; a revision that supersedes it takes it back.
	// On a multi node it stands while the option is among those picked;
	// answer:n>=x (>, <=, <, =) while the number given to n compares so.
	runbook.TriggerAnswer: func(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
		test := tr.AnswerTest()
		for _, i := range s.standing {
			if a := s.Path[i]; a.Node == test.Node && a.passes(test) {
				return a.Time, a.Seq, true
			}
		}
		return time.Time{}, 0, false
	},
	// dimension:d=v stands while the dimension's value is v, from the
	// answer that set it (State.Dimensions).
	runbook.TriggerDimension: func(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
		dim, value := tr.DimensionOf()
		for _, v := range s.Dimensions() {
			if v.Dimension == dim && v.Value == value {
				return v.Time, v.Seq, true
			}
		}
		return time.Time{}, 0, false
	},
	// The clock of an overdue:x escalation runs from x's due time, the
	// moment x became overdue, however late the overdue was recorded.
	runbook.TriggerOverdue: func(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
		if d := s.Duty(tr.Arg); d != nil && d.Overdue && d.Status != StatusCancelled && d.Status != StatusWithdrawn {
			return d.Due, d.OverdueSeq, true
		}
		// An earlier occurrence of a recurring duty that was overdue
		// keeps its escalation standing, and so does an overdue that an
		// extension granted later moved on from.
		if d := s.Duty(tr.Arg); d != nil {
			for _, x := range d.Extensions {
				if x.WasOverdue {
					return x.PreviousDue, x.OverdueSeq, true
				}
			}
			for _, o := range d.Occurrences {
				if o.Overdue {
					return o.Due, o.OverdueSeq, true
				}
			}
		}
		return time.Time{}, 0, false
	},
}

// claimedTrigger returns when a standing trigger was recorded, if someone
// claimed that it happened earlier (the opening or a milestone with a
// claimed time); zero otherwise.
func (s *State) claimedTrigger(tr runbook.Trigger) time.Time {
	switch tr.Kind {
	case runbook.TriggerOpened:
		if !s.Happened.IsZero() {
			return s.Opened
		}
	case runbook.TriggerMilestone:
		if st, ok := s.Stamped(tr.Arg); ok && !st.Happened.IsZero() {
			return st.Time
		}
	case runbook.TriggerResolved:
		if r := s.Resolution; r != nil && !r.Happened.IsZero() {
			return r.Time
		}
	case runbook.TriggerDone, runbook.TriggerClosed:
		if d := s.Duty(tr.Arg); d != nil && d.Status == StatusDone && !d.Submitted.IsZero() {
			return d.DoneAt
		}
	}
	return time.Time{}
}

// deadline is a duty's deadline counted from anchor, and from bound for its
// not_after (zero: not known), on the duty's calendar or, when none
// applies, in loc.
func deadline(rb *runbook.Runbook, spec *runbook.Duty, anchor, bound time.Time, loc *time.Location) runbook.Deadline {
	if !bound.IsZero() {
		bound = bound.In(loc)
	}
	return rb.DeadlineOf(spec, anchor.In(loc), bound)
}

// started is the duty.started event of d, whose trigger tr happened at
// (in the event cause). Its clock counts from its `from` anchor when that
// has happened, and otherwise from the trigger: a duty never waits for
// its anchor, and its due time, once fixed, never moves later when the
// anchor comes (a duty starts once). Its not_after bound applies when its
// anchor has happened by the start, and is left out otherwise.
func (s *State) started(d *Duty, tr runbook.Trigger, at time.Time, cause uint64, loc *time.Location) DutyStarted {
	p := DutyStarted{Duty: d.ID, Trigger: tr.String(), Cause: cause, Started: at, ASAP: d.Spec.ASAP, Recorded: s.claimedTrigger(tr)}
	anchor := at
	if from := d.Spec.From; from.Kind != "" {
		if fromAt, _, ok := s.stands(from); ok {
			anchor = fromAt
			p.Anchor, p.Anchored, p.AnchorRecorded = from.String(), fromAt, s.claimedTrigger(from)
		}
	}
	if na := d.Spec.NotAfter; na != nil {
		// A bound that lapsed by the anchor (not_after's lapses) is left
		// out, as one whose moment has not come: the duty's own clock
		// alone is its limit, paused or not.
		if boundAt, _, ok := s.stands(na.From); ok && !na.Lapsed(boundAt.In(loc), anchor.In(loc), s.Runbook.CounterOf(d.Spec)) {
			p.Bound = boundAt
		}
	}
	dl := deadline(s.Runbook, d.Spec, anchor, p.Bound, loc)
	p.Due, p.Target, p.Unrolled = dl.Due, dl.Target, dl.Unrolled
	if every := d.Spec.Every; !every.IsZero() {
		// The first occurrence is due within its `within`, or one period.
		p.Instance = 1
		if p.Due.IsZero() {
			p.Due = every.Due(anchor.In(loc), s.Runbook.CounterOf(d.Spec))
		}
	}
	return p
}

// recurring reports whether d is a started recurring duty whose next
// occurrence may still come: its `until` does not hold, and its current
// occurrence was not withdrawn or ended.
func (s *State) recurring(d *Duty) bool {
	if d.Instance == 0 || d.Due.IsZero() {
		return false
	}
	switch d.Status {
	case StatusRunning, StatusDone, StatusWaived:
	default:
		return false
	}
	_, _, until := s.stands(d.Spec.Until)
	return !until
}

// recurrence returns the duty.started event of the next occurrence of a
// recurring duty whose current occurrence's due time passed before now,
// the first such, if any: it starts at that due time and is due one
// period later. An occurrence not done in its time is recorded overdue
// first (overdue comes before recurrence in Session.settle).
func (s *State) recurrence(now time.Time) (Payload, bool) {
	if s.ID == "" || s.Closed {
		return nil, false
	}
	var first *Duty
	for i := range s.Duties {
		d := &s.Duties[i]
		if s.recurring(d) && now.After(d.Due) && (first == nil || d.Due.Before(first.Due)) {
			first = d
		}
	}
	if first == nil {
		return nil, false
	}
	d := first
	return DutyStarted{Duty: d.ID, Trigger: d.Trigger, Cause: d.Cause, Started: d.Due, Instance: d.Instance + 1,
		Due: d.Spec.Every.Due(d.Due, s.Runbook.CounterOf(d.Spec))}, true
}

// verdictTrigger is the semantics of a trigger that stands from the
// verdict when match says the verdict is one it names.
func verdictTrigger(match func(v *Verdict, tr runbook.Trigger) bool) func(*State, runbook.Trigger) (time.Time, uint64, bool) {
	return func(s *State, tr runbook.Trigger) (time.Time, uint64, bool) {
		if v := s.Verdict; v != nil && match(v, tr) {
			return v.Time, v.Seq, true
		}
		return time.Time{}, 0, false
	}
}

// earliestTrigger returns the standing trigger of d that happened first,
// the one its clock runs from. For a duty whose `on` is a condition, every
// trigger of its all must stand too, and the moment is the latest of
// them and of the first of its any: the condition came to hold when the
// last of what it needs happened, and that trigger is returned.
func (s *State) earliestTrigger(d *runbook.Duty) (tr runbook.Trigger, at time.Time, cause uint64, ok bool) {
	for _, t := range d.On {
		tAt, tCause, tOK := s.stands(t)
		if tOK && (!ok || tAt.Before(at)) {
			tr, at, cause, ok = t, tAt, tCause, true
		}
	}
	c := d.Condition
	if c == nil {
		return tr, at, cause, ok
	}
	if len(d.On) > 0 && !ok {
		return runbook.Trigger{}, time.Time{}, 0, false
	}
	for _, t := range c.All {
		tAt, tCause, tOK := s.stands(t)
		if !tOK {
			return runbook.Trigger{}, time.Time{}, 0, false
		}
		if !ok || tAt.After(at) {
			tr, at, cause, ok = t, tAt, tCause, true
		}
	}
	return tr, at, cause, ok
}

// excluded reports whether a trigger of d's unless stands: the duty does
// not start, nor come back after a withdrawal, while one does.
func (s *State) excluded(d *runbook.Duty) bool {
	if d.Condition == nil {
		return false
	}
	for _, t := range d.Condition.Unless {
		if _, _, ok := s.stands(t); ok {
			return true
		}
	}
	return false
}

// consequence returns the next event that the recorded ones call for, if
// any, in this order: milestones stamped by standing answers; the verdict of
// the last standing answer; running duties whose every trigger was withdrawn,
// withdrawn; withdrawn duties a trigger of which holds again, returned with
// the clock they had; duties whose trigger stands, started (due times
// computed on the duty's runbook calendar, or on loc's when none applies).
// A duty starts once: only a deliberate restart (Session.RestartDuty) gives
// it a new clock. Overdue duties are not consequences: see overdue.
func (s *State) consequence(loc *time.Location) (Payload, bool) {
	if s.ID == "" || s.Closed {
		return nil, false
	}
	for _, i := range s.standing {
		for _, o := range s.options(s.Path[i]) {
			for _, m := range o.Stamp {
				if _, ok := s.Stamped(m); !ok && s.ix.milestones[m] != nil {
					return MilestoneStamped{Milestone: m, Answer: s.Path[i].Seq}, true
				}
			}
		}
	}
	if s.Verdict == nil && len(s.standing) > 0 {
		last := s.Path[s.standing[len(s.standing)-1]]
		if verdict := s.verdictOf(last); verdict != "" {
			if v := s.ix.verdicts[verdict]; v != nil {
				return VerdictReached{Verdict: v.ID, Title: v.Title, Security: v.Security, Rank: v.Rank, Answer: last.Seq}, true
			}
		}
	}
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status != StatusRunning || d.Instance == 0 {
			continue
		}
		if tr := d.Spec.Until; tr.Kind != "" {
			if _, cause, ok := s.stands(tr); ok {
				return DutyCancelled{Duty: d.ID, Code: CancelUntil, Trigger: tr.String(), Cause: cause}, true
			}
		}
	}
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status != StatusRunning {
			continue
		}
		if _, _, _, ok := s.earliestTrigger(d.Spec); !ok {
			return DutyWithdrawn{Duty: d.ID, Trigger: d.Trigger, Cause: s.lastRetraction, Due: d.Due}, true
		}
	}
	if p, ok := s.reanchored(loc); ok {
		return p, true
	}
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status != StatusWithdrawn || s.excluded(d.Spec) {
			continue
		}
		if tr, _, cause, ok := s.earliestTrigger(d.Spec); ok {
			return DutyReturned{Duty: d.ID, Trigger: tr.String(), Cause: cause, Due: d.Due}, true
		}
	}
	for i := range s.Duties {
		d := &s.Duties[i]
		// A cancelled duty is one of a journal written before withdrawal
		// existed: it started afresh then, and still does.
		if d.Status != StatusIdle && (d.Status != StatusCancelled || d.CancelCode == CancelUntil) {
			continue
		}
		if _, _, until := s.stands(d.Spec.Until); until {
			continue // a recurring duty whose until already holds never starts
		}
		if s.excluded(d.Spec) {
			continue
		}
		if tr, at, cause, ok := s.earliestTrigger(d.Spec); ok {
			if p, ok := s.notApplicable(d, tr, at, cause, loc); ok {
				return p, true
			}
			return s.started(d, tr, at, cause, loc), true
		}
	}
	return nil, false
}

// overdue returns the duty.overdue event for the running duty whose due time
// passed first before now, if any. A duty is overdue strictly after its due
// time: done exactly at the due time is on time.
func (s *State) overdue(now time.Time) (Payload, bool) {
	if s.ID == "" || s.Closed {
		return nil, false
	}
	var first *Duty
	var firstDue time.Time
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status != StatusRunning || d.Overdue || d.Due.IsZero() || s.defers(d) {
			continue // a duty deferred at its due time is not overdue (deferral)
		}
		due := d.Due
		if d.Paused {
			// A pause stops the duty's own clock, not its not_after bound.
			due = s.boundDue(d)
		}
		if !due.IsZero() && now.After(due) && (first == nil || due.Before(firstDue)) {
			first, firstDue = d, due
		}
	}
	if first == nil {
		return nil, false
	}
	return DutyOverdue{Duty: first.ID, Due: firstDue}, true
}

// boundDue is the latest d may be done by its not_after bound ("no later
// than 24 h after we became aware"), which no pause or restart moves;
// zero when it has none.
func (s *State) boundDue(d *Duty) time.Time {
	na := d.Spec.NotAfter
	if na == nil || d.Bound.IsZero() {
		return time.Time{}
	}
	due, _ := s.Runbook.Rolled(d.Spec, na.Within.Due(d.Bound, s.Runbook.CounterOf(d.Spec)))
	return due
}

// notApplicable is the duty.not-applicable event of d when its law did not
// apply yet at the moment its clock would count from (its `from` anchor
// when that has happened, else the trigger at), read as a date in its
// calendar's zone (loc's when none applies): applies_from = 2026-09-11
// and awareness on 10 September. A journal written before applies_from
// existed never holds one, and its duties start as they did.
func (s *State) notApplicable(d *Duty, tr runbook.Trigger, at time.Time, cause uint64, loc *time.Location) (DutyNotApplicable, bool) {
	from, source, ok := d.Spec.Applicability()
	if !ok {
		return DutyNotApplicable{}, false
	}
	anchor := at
	if f := d.Spec.From; f.Kind != "" {
		if fromAt, _, ok := s.stands(f); ok {
			anchor = fromAt
		}
	}
	if cal := s.Runbook.CounterOf(d.Spec); cal != nil {
		loc = cal.Zone()
	}
	day := calendar.DateOf(anchor.In(loc))
	if !day.Before(from) {
		return DutyNotApplicable{}, false
	}
	return DutyNotApplicable{Duty: d.ID, Trigger: tr.String(), Cause: cause, Started: at, Anchored: anchor, AppliesFrom: from.String(), Source: source}, true
}

// NextDue returns the first instant at which a running duty becomes
// overdue: one nanosecond after the earliest due time not yet recorded as
// passed. It reports false when no clock is running or the incident is closed.
func (s *State) NextDue() (time.Time, bool) {
	if s.Closed {
		return time.Time{}, false
	}
	var next time.Time
	found := false
	for i := range s.Duties {
		d := &s.Duties[i]
		due := d.Status == StatusRunning && !d.Paused && !d.Overdue && !d.Due.IsZero()
		if (due || s.recurring(d)) && (!found || d.Due.Before(next)) {
			next, found = d.Due, true
		}
		// A paused duty still comes overdue at its not_after bound.
		if b := s.boundDue(d); d.Status == StatusRunning && d.Paused && !d.Overdue && !b.IsZero() && (!found || b.Before(next)) {
			next, found = b, true
		}
	}
	if !found {
		return time.Time{}, false
	}
	return next.Add(time.Nanosecond), true
}
