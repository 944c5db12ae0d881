package incident

// This file says whether a duty's `before` (format version 2) was kept:
// "tell the regulator before the public notice". The order is a promise
// about the done times the journal records; nothing is derived from it,
// so a journal replays the same whatever the runbook's order says.

// OrderBroken reports whether duty id, which must be done before the duty
// its `before` names, was not: that later duty is done, and id is not done
// or was done after it. A duty waived is a decision, not a broken order;
// a duty without before, or whose later duty is not done yet, has kept
// its order so far.
func (s *State) OrderBroken(id string) (later string, broken bool) {
	d := s.Duty(id)
	if d == nil || d.Spec.Before == "" {
		return "", false
	}
	after := s.Duty(d.Spec.Before)
	if after == nil || after.Status != StatusDone || d.Status == StatusWaived {
		return d.Spec.Before, false
	}
	return d.Spec.Before, d.Status != StatusDone || d.DoneAt.After(after.DoneAt)
}
