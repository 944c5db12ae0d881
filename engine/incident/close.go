package incident

import "time"

// This file says what closing an incident asks of its duties: a close
// keeps the incident's promises, so it waits for every running duty to be
// decided, and for every legal duty to be done or waived.

// Why a duty holds the close (CloseBlocker.Code).
const (
	// BlockUndecided: the duty is running and nobody decided what becomes
	// of it: mark it done, waive it with a reason, or hand it over.
	BlockUndecided = "undecided"
	// BlockLegal: the duty is a legal one (`legal = true`) and is neither
	// done nor waived; handing it over does not release it.
	BlockLegal = "legal"
)

// CloseBlocker is a duty that keeps the incident from closing, and why.
type CloseBlocker struct {
	Duty string
	// Code is BlockLegal or BlockUndecided.
	Code string
	// HandedOver is set for a legal duty that was handed over: it still
	// holds the close.
	HandedOver bool
}

// CloseBlockers lists, in runbook order, the duties that keep the
// incident from closing now: every running duty not handed over
// (BlockUndecided), and every running legal duty, handed over or not
// (BlockLegal). A duty done, waived, withdrawn or never started holds
// nothing. An empty list means Close may proceed; the close dialog shows
// this list and offers done, waive and hand over for each. A drill lists
// them too, but its close is not held by them (see Session.Close).
func (s *State) CloseBlockers() []CloseBlocker {
	var out []CloseBlocker
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status != StatusRunning {
			continue
		}
		switch {
		case d.Spec.Legal:
			out = append(out, CloseBlocker{Duty: d.ID, Code: BlockLegal, HandedOver: d.Handover != nil})
		case d.Handover == nil:
			out = append(out, CloseBlocker{Duty: d.ID, Code: BlockUndecided})
		}
	}
	return out
}

// FollowUps says what keeps a resolved incident from closing: how many
// duties hold the close (CloseBlockers), and the earliest due time among
// those whose clocks run (ok false when none has one). The screen's header
// and the home list's summary say it the same way.
func (s *State) FollowUps() (n int, next time.Time, ok bool) {
	n, next, _ = followUps(s)
	return n, next, !next.IsZero()
}

// followUps is FollowUps with the id of the duty that falls due first
// ("" when none has a running clock), for the summary.
func followUps(s *State) (n int, next time.Time, duty string) {
	for _, b := range s.CloseBlockers() {
		n++
		d := s.Duty(b.Duty)
		if d == nil || d.Paused || d.Due.IsZero() {
			continue
		}
		if duty == "" || d.Due.Before(next) {
			next, duty = d.Due, d.ID
		}
	}
	return n, next, duty
}
