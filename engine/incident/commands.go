package incident

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
)

// The commands people (and drills) give a session. Each checks its input
// against the ticked state and returns a named error before anything is
// recorded; see Session.command.

// Answer answers the current triage node. When the option leads to a
// verdict, the verdict is reached; milestones the option names are stamped;
// duties these trigger start.
func (s *Session) Answer(actor, node, option string) error {
	return s.command(asked("answer "+node+"/"+option, "answer", Code("Node", node), Code("Option", option)), actor, func(st *State) (Payload, error) {
		n := st.ix.nodes[node]
		if n == nil {
			return nil, refuse(ErrUnknownNode, fmt.Sprintf("%v %q", ErrUnknownNode, node), "unknown-node", Quoted("Node", node))
		}
		o := n.Option(option)
		if o == nil {
			return nil, refuse(ErrUnknownOption, fmt.Sprintf("%v %q of node %q", ErrUnknownOption, option, node), "unknown-option", Quoted("Option", option), Quoted("Node", node))
		}
		if st.Node != node {
			if st.Node == "" {
				return nil, refuse(ErrNotCurrent, ErrNotCurrent.Error()+": a verdict was reached (revise to change an answer)", "verdict-reached")
			}
			return nil, refuse(ErrNotCurrent, fmt.Sprintf("%v: the current node is %q", ErrNotCurrent, st.Node), "not-current", Quoted("Node", st.Node))
		}
		return TriageAnswered{Node: node, Option: option, Next: o.Next, Verdict: o.Verdict}, nil
	})
}

// Revise goes back to a node with a standing answer (its latest, when a
// cycle answered it more than once): that answer and every later one are
// superseded, the verdict is withdrawn, milestones those answers stamped are
// withdrawn, and running duties none of whose triggers still stands are
// withdrawn, keeping their clocks: they return with them if a trigger holds
// again (done and waived ones stay as they are).
func (s *Session) Revise(actor, node string) error {
	return s.command(asked("revise "+node, "revise", Code("Node", node)), actor, func(st *State) (Payload, error) {
		if st.ix.nodes[node] == nil {
			return nil, refuse(ErrUnknownNode, fmt.Sprintf("%v %q", ErrUnknownNode, node), "unknown-node", Quoted("Node", node))
		}
		for i := len(st.Path) - 1; i >= 0; i-- {
			if a := st.Path[i]; !a.Superseded && a.Node == node {
				return TriageRevised{Node: node, From: a.Seq}, nil
			}
		}
		return nil, refuse(ErrNotAnswered, fmt.Sprintf("%v: %q", ErrNotAnswered, node), "not-answered", Quoted("Node", node))
	})
}

// Stamp stamps a milestone by hand, now.
func (s *Session) Stamp(actor, milestone string) error {
	return s.StampAt(actor, milestone, time.Time{})
}

// StampAt stamps a milestone by hand, saying when its moment really came
// (happened; zero when it is now): both that claim and the time of the
// stamp are recorded, and clocks the milestone triggers count from the
// claim. A claimed time after now is refused (ErrClaimedLater).
func (s *Session) StampAt(actor, milestone string, happened time.Time) error {
	return s.command(asked("stamp "+milestone, "stamp", Code("Milestone", milestone)), actor, func(st *State) (Payload, error) {
		if err := s.checkClaim(happened); err != nil {
			return nil, err
		}
		if st.ix.milestones[milestone] == nil {
			return nil, refuse(ErrUnknownMilestone, fmt.Sprintf("%v %q", ErrUnknownMilestone, milestone), "unknown-milestone", Quoted("Milestone", milestone))
		}
		if st, ok := st.Stamped(milestone); ok {
			return nil, refuse(ErrAlreadyStamped, fmt.Sprintf("%v: %q at seq %d", ErrAlreadyStamped, milestone, st.Seq), "already-stamped", Quoted("Milestone", milestone), Number("Seq", float64(st.Seq)))
		}
		return MilestoneStamped{Milestone: milestone, Happened: claimed(happened)}, nil
	})
}

// DutyDone completes a running duty by means (one the duty accepts), with
// an optional note. Duties waiting for done:<duty> start.
//
// A duty that waits for its approval is refused (ErrNotApproved); so is one
// with required checklist items unticked (ErrItemsUnticked): ask the person,
// and DutyDoneUnticked records it done with them left, by their word.
func (s *Session) DutyDone(actor, duty, means, note string) error {
	return s.dutyDone(actor, duty, means, note, time.Time{}, false)
}

// DutyDoneSubmittedAt is DutyDone with when the report was really
// submitted (the time on the authority's receipt), claimed by the person
// marking it: duties that count from done:<duty> count from it, and the
// duty is late only if that time was. A zero submitted claims nothing; one
// after now is refused (ErrClaimedLater). confirmed is DutyDoneUnticked's
// word that required items may stay unticked.
func (s *Session) DutyDoneSubmittedAt(actor, duty, means, note string, submitted time.Time, confirmed bool) error {
	return s.dutyDone(actor, duty, means, note, submitted, confirmed)
}

func (s *Session) dutyDone(actor, duty, means, note string, submitted time.Time, confirmed bool) error {
	return s.command(asked("duty "+duty+" done", "done", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		d, err := runningDuty(st, duty, means)
		if err != nil {
			return nil, err
		}
		if err := s.checkClaim(submitted); err != nil {
			return nil, err
		}
		if err := checkRecipients(st, d); err != nil {
			return nil, err
		}
		left, err := checkDone(d, confirmed)
		if err != nil {
			return nil, err
		}
		empty, err := checkFields(d, confirmed)
		if err != nil {
			return nil, err
		}
		return DutyDone{Duty: duty, Means: means, Note: note, Unticked: left, Empty: empty, Submitted: claimed(submitted)}, nil
	})
}

// DutyAttempted records a try at a running duty that did not complete it,
// with its outcome ("no answer").
func (s *Session) DutyAttempted(actor, duty, means, outcome string) error {
	return s.command(asked("duty "+duty+" attempted", "attempt", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		if _, err := runningDuty(st, duty, means); err != nil {
			return nil, err
		}
		if blank(outcome) {
			return nil, refuseRequired("outcome")
		}
		return DutyAttempted{Duty: duty, Means: means, Outcome: outcome}, nil
	})
}

// Waive decides not to do a duty, running or not yet started, for a reason.
// A waived duty never starts.
func (s *Session) Waive(actor, duty, reason string) error {
	return s.command(asked("waive "+duty, "waive", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		d := st.Duty(duty)
		if d == nil {
			return nil, refuse(ErrUnknownDuty, fmt.Sprintf("%v %q", ErrUnknownDuty, duty), "unknown-duty", Quoted("Duty", duty))
		}
		if d.Status != StatusRunning && d.Status != StatusIdle && d.Status != StatusWithdrawn {
			return nil, refuse(ErrDutyNotRunning, fmt.Sprintf("%v: %q is %s", ErrDutyNotRunning, duty, d.Status), "duty-not-running", Quoted("Duty", duty), statusWord(d.Status))
		}
		if blank(reason) {
			return nil, refuseRequired("reason")
		}
		return DutyWaived{Duty: duty, Reason: reason}, nil
	})
}

// RestartDuty restarts a running duty's clock, for a reason: it counts
// afresh from now, and the clock it replaces stays in the duty's
// Restarts. A duty starts once; this is the only way to give it a new
// clock.
func (s *Session) RestartDuty(actor, duty, reason string) error {
	return s.command(asked("restart "+duty, "restart", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		d, err := clockedDuty(st, duty)
		if err != nil {
			return nil, err
		}
		if d.Spec.Legal && d.Overdue {
			// A fresh clock would clear the record that the legal
			// deadline passed; the law's deadline does not restart.
			return nil, refuse(ErrLegalClock, fmt.Sprintf("%v: %q is overdue; record what was done or tried, or waive it with a reason", ErrLegalClock, duty), "restart-legal-overdue", Quoted("Duty", duty))
		}
		if blank(reason) {
			return nil, refuseRequired("reason")
		}
		now := s.incidentNow()
		// The not_after bound stays: a restart counts afresh, but never
		// past "no later than … after" the anchor.
		dl := deadline(st.Runbook, d.Spec, now, d.Bound, now.Location())
		if every := d.Spec.Every; !every.IsZero() && dl.Due.IsZero() {
			dl.Due = every.Due(now, st.Runbook.CounterOf(d.Spec)) // the occurrence it restarts
		}
		return DutyRestarted{Duty: duty, Reason: reason, Started: now, Due: dl.Due, Target: dl.Target, Bound: d.Bound, Unrolled: dl.Unrolled}, nil
	})
}

// PauseDuty stops a running duty's clock, for a reason ("waiting for the
// customer's reply"): what is left of it is kept, and a paused duty is
// not recorded overdue, except when it passes its not_after bound, which
// no pause moves. ResumeDuty sets it running again. A legal duty and an
// overdue one are refused: pausing would hide a deadline, not move it.
func (s *Session) PauseDuty(actor, duty, reason string) error {
	return s.command(asked("pause "+duty, "pause", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		d, err := clockedDuty(st, duty)
		if err != nil {
			return nil, err
		}
		switch {
		case d.Paused:
			return nil, refuse(ErrDutyPaused, fmt.Sprintf("%v: %q", ErrDutyPaused, duty), "duty-paused", Quoted("Duty", duty))
		case d.Spec.Legal:
			// Waiting on someone does not stop the law's clock: a legal
			// duty is done, tried or waived, each with its record.
			return nil, refuse(ErrLegalClock, fmt.Sprintf("%v: %q is a legal duty; record what was done or tried, or waive it with a reason", ErrLegalClock, duty), "pause-legal", Quoted("Duty", duty))
		case d.Overdue || d.LateAt(s.incidentNow()):
			// Pausing would hide that it is late, not make it less so.
			return nil, refuse(ErrDutyOverdue, fmt.Sprintf("%v: %q; record what was done or tried, or waive it with a reason", ErrDutyOverdue, duty), "pause-overdue", Quoted("Duty", duty))
		}
		if blank(reason) {
			return nil, refuseRequired("reason")
		}
		return DutyPaused{Duty: duty, Reason: reason, Remaining: d.Remaining(s.incidentNow())}, nil
	})
}

// ResumeDuty sets a paused duty's clock running again with the time it
// had left when paused; reason may be empty.
func (s *Session) ResumeDuty(actor, duty, reason string) error {
	return s.command(asked("resume "+duty, "resume", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		d, err := clockedDuty(st, duty)
		if err != nil {
			return nil, err
		}
		if !d.Paused {
			return nil, refuse(ErrDutyNotPaused, fmt.Sprintf("%v: %q", ErrDutyNotPaused, duty), "duty-not-paused", Quoted("Duty", duty))
		}
		var due time.Time // a duty with no hard due time keeps none
		if !d.Due.IsZero() {
			due = s.incidentNow().Add(d.Remaining(time.Time{}))
			// A pause never carries the due time past the not_after bound.
			if bound := st.boundDue(d); !bound.IsZero() && bound.Before(due) {
				due = bound
			}
		}
		return DutyResumed{Duty: duty, Reason: reason, Due: due}, nil
	})
}

// checkClaim refuses a claimed time later than now: a claim says that
// something happened before it was recorded, never after.
func (s *Session) checkClaim(happened time.Time) error {
	if happened.IsZero() {
		return nil
	}
	if now := s.incidentNow(); happened.After(now) {
		return refuse(ErrClaimedLater, fmt.Sprintf("%v: %s is after %s", ErrClaimedLater, happened.Format(time.RFC3339), now.Format(time.RFC3339)),
			"claimed-later", Code("Claimed", happened.Format(time.RFC3339)), Code("Now", now.Format(time.RFC3339)))
	}
	return nil
}

// claimed is a claimed time as recorded: without its monotonic reading,
// zero when none was claimed.
func claimed(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.Round(0)
}

// Note adds free text to the timeline.
func (s *Session) Note(actor, text string) error {
	return s.command(asked("note", "note"), actor, func(*State) (Payload, error) {
		if blank(text) {
			return nil, refuseRequired("text")
		}
		return NoteAdded{Text: text}, nil
	})
}

// Assign hands a role to someone.
func (s *Session) Assign(actor, role, assignee string) error {
	return s.command(asked("assign "+role, "assign", Code("Role", role)), actor, func(st *State) (Payload, error) {
		if st.Role(role) == nil {
			return nil, refuse(ErrUnknownRole, fmt.Sprintf("%v %q", ErrUnknownRole, role), "unknown-role", Quoted("Role", role))
		}
		if assignee == "" {
			return nil, refuseRequired("assignee")
		}
		return RoleAssigned{Role: role, Assignee: assignee}, nil
	})
}

// RoleRule says whether person may hold role. shodo serve's is the
// responders file; nil lets anyone hold any role (a local run trusts the
// person at the keyboard, as every other command does).
type RoleRule func(person, role string) bool

// TakeRole records that actor takes role for themselves, from whoever
// held it, when may allows them.
func (s *Session) TakeRole(actor, role string, may RoleRule) error {
	return s.command(asked("take "+role, "take-role", Code("Role", role)), actor, func(st *State) (Payload, error) {
		a, err := roleFor(st, role, actor, may)
		if err != nil {
			return nil, err
		}
		from := a.Assignee
		if a.Default {
			from = ""
		}
		return RoleTaken{Role: role, From: from}, nil
	})
}

// HandOverRole records that actor, who holds role, hands it to to, when
// may allows to to hold it.
func (s *Session) HandOverRole(actor, role, to string, may RoleRule) error {
	return s.command(asked("hand over "+role, "hand-over-role", Code("Role", role)), actor, func(st *State) (Payload, error) {
		if to == "" {
			return nil, refuseRequired("receiver")
		}
		// Who holds it first: a hand-over by someone else is refused for
		// that, whoever the receiver.
		switch a := st.Role(role); {
		case a == nil:
			break // roleFor says so
		case a.Default:
			return nil, refuse(ErrNotRoleHolder, fmt.Sprintf("%v: no one has taken %s yet: take it instead", ErrNotRoleHolder, role),
				"role-not-taken", Code("Role", role))
		case a.Assignee != actor:
			return nil, refuse(ErrNotRoleHolder, fmt.Sprintf("%v: %s holds %s: take it instead, or ask them to hand it over", ErrNotRoleHolder, a.Assignee, role),
				"not-role-holder", Code("Role", role), Text("Holder", a.Assignee))
		}
		if _, err := roleFor(st, role, to, may); err != nil {
			return nil, err
		}
		return RoleHandedOver{Role: role, To: to}, nil
	})
}

// roleFor checks that person may come to hold role in st, and returns
// who holds it now.
func roleFor(st *State, role, person string, may RoleRule) (*Assignment, error) {
	a := st.Role(role)
	if a == nil {
		return nil, refuse(ErrUnknownRole, fmt.Sprintf("%v %q", ErrUnknownRole, role), "unknown-role", Quoted("Role", role))
	}
	if may != nil && !may(person, role) {
		return nil, refuse(ErrRoleNotAllowed, fmt.Sprintf("%v: %s may not hold %s (the responders file does not give it to them)", ErrRoleNotAllowed, person, role),
			"role-not-allowed", Text("Name", person), Code("Role", role))
	}
	if !a.Default && a.Assignee == person {
		return nil, refuse(ErrRoleHeld, fmt.Sprintf("%v: %s already holds %s", ErrRoleHeld, person, role),
			"role-held", Text("Name", person), Code("Role", role))
	}
	return a, nil
}

// Inject records a drill inject delivered to the players.
func (s *Session) Inject(actor string, inj InjectDelivered) error {
	return s.command(asked("inject", "inject"), actor, func(st *State) (Payload, error) {
		if st.Drill == nil {
			return nil, refuse(ErrNotDrill, ErrNotDrill.Error(), "not-drill")
		}
		if inj.Text == "" {
			return nil, refuseRequired("text")
		}
		return inj, nil
	})
}

// DrillClock records that a drill's scenario clock was paused or set
// running, and its speed from now on. The event's Sim is the scenario offset
// at this moment: record a pause after stopping the clock, and a restart
// before starting it, so that both carry the offset the clock stood at.
func (s *Session) DrillClock(actor string, paused bool, speed float64) error {
	return s.command(asked("drill clock", "drill-clock"), actor, func(st *State) (Payload, error) {
		if st.Drill == nil {
			return nil, refuse(ErrNotDrill, ErrNotDrill.Error(), "not-drill")
		}
		if !(speed > 0) || math.IsInf(speed, 0) {
			return nil, refuse(ErrBadSpeed, fmt.Sprintf("%v: %v", ErrBadSpeed, speed), "bad-speed", Number("Speed", speed))
		}
		return DrillClock{Paused: paused, Speed: speed}, nil
	})
}

// DrillJump records that a drill's facilitator jumped scenario time from
// offset from to offset to (drill.jumped). Record it before the clock
// moves, so that its Sim is from and it precedes what the jump delivers.
func (s *Session) DrillJump(actor string, from, to time.Duration) error {
	return s.command(asked("drill jump", "drill-jump"), actor, func(st *State) (Payload, error) {
		if st.Drill == nil {
			return nil, refuse(ErrNotDrill, ErrNotDrill.Error(), "not-drill")
		}
		if from < 0 || to < from {
			return nil, refuse(ErrBadJump, fmt.Sprintf("%v: %v to %v", ErrBadJump, from, to), "bad-jump", Duration("From", from), Duration("To", to))
		}
		return DrillJumped{From: from.String(), To: to.String()}, nil
	})
}

// Resolve records that the service is back (incident.resolved), now, or
// at happened when it came back earlier (a claimed time after now is
// refused, ErrClaimedLater, and so is one before the incident began,
// ErrClaimedBeforeOpening). Duties triggered on "resolved" start, counting
// from the claimed time; recurring duties `until = "resolved"` stop.
// Running duties keep running: done, attempted, waived, paused or handed
// over until the incident is closed.
func (s *Session) Resolve(actor string, happened time.Time) error {
	return s.command(asked("resolve incident", "resolve"), actor, func(st *State) (Payload, error) {
		if err := s.checkClaim(happened); err != nil {
			return nil, err
		}
		if began := st.Began(); !happened.IsZero() && happened.Before(began) {
			return nil, refuse(ErrClaimedBeforeOpening, fmt.Sprintf("%v: %s is before %s", ErrClaimedBeforeOpening, happened.Format(time.RFC3339), began.Format(time.RFC3339)),
				"claimed-before-opening", Code("Claimed", happened.Format(time.RFC3339)), Code("Began", began.Format(time.RFC3339)))
		}
		if r := st.Resolution; r != nil {
			return nil, refuse(ErrAlreadyResolved, fmt.Sprintf("%v at seq %d", ErrAlreadyResolved, r.Seq), "already-resolved", Number("Seq", float64(r.Seq)))
		}
		return IncidentResolved{Happened: claimed(happened)}, nil
	})
}

// HandOver hands a running duty over to owner (a team or a person outside
// the incident), with the ticket that tracks it (optional), so that the
// incident may close without it. Its clock runs on. A legal duty handed
// over still holds the close until it is done or waived.
func (s *Session) HandOver(actor, duty, owner, ticket string) error {
	return s.command(asked("hand over "+duty, "hand-over", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		if _, err := clockedDuty(st, duty); err != nil {
			return nil, err
		}
		if blank(owner) {
			return nil, refuseRequired("owner")
		}
		return DutyHandedOver{Duty: duty, Owner: owner, Ticket: ticket}, nil
	})
}

// Close closes the incident with a summary, seals the journal's head with
// the session's Sealer, and releases the journal. It is refused
// (ErrCloseBlocked, the Refusal's Blockers naming them) while a running
// duty is undecided or a legal duty is neither done nor waived: see
// State.CloseBlockers. A drill is not held: its close ends the exercise,
// and its score counts what was left. After the close every clock stands
// at its time (State.AsOf) and the incident takes no command but Reopen,
// on a resumed session. When only the sealing fails, the incident is
// closed all the same and the session stays attached: Detach it, and
// Resume seals it.
func (s *Session) Close(actor, summary string) error {
	return s.closeWith(asked("close incident", "close"), actor, func(st *State) (Payload, error) {
		if blank(summary) {
			return nil, refuseRequired("summary")
		}
		if blockers := st.CloseBlockers(); len(blockers) > 0 && st.Drill == nil {
			return nil, refuseClose(blockers)
		}
		return IncidentClosed{Summary: summary}, nil
	})
}

// closeWith records the close check returns, then seals the journal and
// releases it: Close and End.
func (s *Session) closeWith(cmd command, actor string, check func(st *State) (Payload, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sealFirst := func(st *State) (Payload, error) {
		p, err := check(st)
		if err != nil || len(st.Reopens) == 0 {
			return p, err
		}
		// A reopened incident has a head, sealed at its last close. Seal
		// what came since before closing again, so that a crash between
		// this close and its seal leaves the close alone unsealed: the one
		// thing Resume re-seals (sealIfNeeded). Records appended behind
		// shodo's back leave more, and are refused.
		if err := s.seal(); err != nil {
			return nil, err
		}
		return p, nil
	}
	if err := s.do(cmd, actor, sealFirst); err != nil {
		return err
	}
	if err := s.seal(); err != nil {
		return fmt.Errorf("close incident %s: %w", s.state.ID, err)
	}
	return s.release()
}

// refuseClose is the refusal of a close held by blockers: reason
// close-legal when a legal duty is among them, close-undecided otherwise.
func refuseClose(blockers []CloseBlocker) *Refusal {
	ids := make([]string, len(blockers))
	name := "close-undecided"
	for i, b := range blockers {
		ids[i] = b.Duty
		if b.Code == BlockLegal {
			name = "close-legal"
		}
	}
	english := fmt.Sprintf("%v: %d undecided: %s", ErrCloseBlocked, len(ids), listed(ids))
	if name == "close-legal" {
		english = fmt.Sprintf("%v: %d undecided, legal duties among them: %s", ErrCloseBlocked, len(ids), listed(ids))
	}
	r := refuse(ErrCloseBlocked, english, name, Count(int64(len(ids))), Code("Duties", listed(ids)))
	r.Blockers = blockers
	return r
}

// Reopen opens a closed incident again, for a reason (required):
// incident.reopened is the one record a closed incident accepts. Its
// clocks tick again with the due times they had (a duty whose due time
// passed while closed is recorded overdue now), and closing it again
// seals a new head; a head sealed before (a ticket's copy) then no longer covers the
// journal, and shodo verify --head says so. The session must be attached:
// Resume the closed incident, then Reopen it.
func (s *Session) Reopen(actor, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmd := asked("reopen incident", "reopen")
	switch {
	case s.detached:
		return cmd.refused(refuse(ErrDetached, ErrDetached.Error(), "detached"))
	case actor == "":
		return cmd.refused(refuseRequired("actor"))
	case !s.state.Closed:
		return cmd.refused(refuse(ErrNotClosed, ErrNotClosed.Error(), "not-closed"))
	case s.state.LastSeq > s.state.ClosedSeq:
		return cmd.refused(refuseAfterClose(s.state))
	case blank(reason):
		return cmd.refused(refuseRequired("reason"))
	}
	// Listings take a closed incident from the home's index unseen: the
	// entry goes before the record is written (see forgetIndexed).
	release, err := forgetIndexed(s.dir)
	if r := (*Refusal)(nil); errors.As(err, &r) {
		return cmd.refused(r)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", cmd.text, err)
	}
	err = s.append(actor, IncidentReopened{Reason: reason})
	release()
	if err != nil {
		return fmt.Errorf("%s: %w", cmd.text, err)
	}
	if err := s.settle(actor); err != nil {
		return fmt.Errorf("%s: %w", cmd.text, err)
	}
	return nil
}

// refuseAfterClose says that a closed incident's journal holds records
// after its close, seqs From to Last.
func refuseAfterClose(st *State) *Refusal {
	from, last := st.ClosedSeq+1, st.LastSeq
	return refuse(ErrAfterClose, fmt.Sprintf("%v: seq %d to %d; nothing is sealed over them (see shodo verify)", ErrAfterClose, from, last),
		"after-close", Number("From", float64(from)), Number("Last", float64(last)))
}

func (s *Session) seal() error {
	key, release, err := s.sealer.SealKey()
	if err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	_, err = s.j.Seal(key)
	if rerr := release(); err == nil && rerr != nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	return nil
}

// sealIfNeeded seals a closed incident that a crash left unsealed, and
// only that: the head is missing (the incident was never sealed, so never
// reopened), or it seals everything but the close (closeWith seals a
// reopened incident just before closing it again; a clock step recorded
// with the close may sit between). Anything else unsealed was not
// written by a session: sealing it would sign it with the responder's key,
// so it is refused (ErrUnsealed) and shodo verify tells more.
func (s *Session) sealIfNeeded() error {
	st := s.state
	h, err := journal.ReadHead(filepath.Join(s.dir, journal.HeadFile))
	switch {
	case err == nil && h.Seq == st.LastSeq:
		return nil
	case err == nil && onlyCloseAfter(st, h.Seq):
		return s.seal()
	case errors.Is(err, fs.ErrNotExist) && len(st.Reopens) == 0:
		return s.seal()
	case err == nil:
		return asked("resume incident", "resume-incident").refused(refuse(ErrUnsealed,
			fmt.Sprintf("%v: seq %d to %d follow the head at seq %d; nothing is sealed over them (see shodo verify)", ErrUnsealed, h.Seq+1, st.LastSeq, h.Seq),
			"unsealed-close", Number("From", float64(h.Seq+1)), Number("Last", float64(st.LastSeq)), Number("Sealed", float64(h.Seq))))
	case errors.Is(err, fs.ErrNotExist):
		return asked("resume incident", "resume-incident").refused(refuse(ErrUnsealed,
			fmt.Sprintf("%v: the incident was closed and reopened, and its head is missing; nothing is sealed (see shodo verify)", ErrUnsealed),
			"unsealed-close-no-head"))
	}
	return fmt.Errorf("resume incident: %w", err)
}

// onlyCloseAfter says whether the records after seq are the incident's
// close alone (which ends the journal), bar clock steps recorded with it.
func onlyCloseAfter(st *State, seq uint64) bool {
	if seq >= st.ClosedSeq || st.ClosedSeq != st.LastSeq {
		return false
	}
	for _, e := range st.Events {
		if e.Seq > seq && e.Seq < st.ClosedSeq && e.Type != TypeClockStepped {
			return false
		}
	}
	return true
}

// runningDuty checks that duty exists, is running, and accepts means.
func runningDuty(st *State, duty, means string) (*Duty, error) {
	d, err := clockedDuty(st, duty)
	if err != nil {
		return nil, err
	}
	if accepted := st.Runbook.AcceptedMeans(d.Spec); len(accepted) > 0 && !slices.Contains(accepted, means) {
		return nil, refuse(ErrUnknownMeans, fmt.Sprintf("%v: %q; %q accepts %v", ErrUnknownMeans, means, duty, accepted), "unknown-means", Quoted("Means", means), Quoted("Duty", duty), Code("Accepted", listed(accepted)))
	}
	return d, nil
}

// clockedDuty checks that duty exists and its clock is running.
func clockedDuty(st *State, duty string) (*Duty, error) {
	d := st.Duty(duty)
	if d == nil {
		return nil, refuse(ErrUnknownDuty, fmt.Sprintf("%v %q", ErrUnknownDuty, duty), "unknown-duty", Quoted("Duty", duty))
	}
	if d.Status == StatusDone && d.DoneBy != "" {
		// Two responders on one incident (shodo serve) can press done on
		// the same duty at once: the one who lost is told who won.
		return nil, refuse(ErrDutyNotRunning, fmt.Sprintf("%v: %q was done by %s", ErrDutyNotRunning, duty, d.DoneBy), "duty-done-by", Quoted("Duty", duty), Line("Actor", d.DoneBy))
	}
	if d.Status != StatusRunning {
		return nil, refuse(ErrDutyNotRunning, fmt.Sprintf("%v: %q is %s", ErrDutyNotRunning, duty, d.Status), "duty-not-running", Quoted("Duty", duty), statusWord(d.Status))
	}
	return d, nil
}
