package incident

import "time"

// StampPreview says which duty clocks stamping milestone would start, and
// when each would be due, without recording anything: it folds the stamp
// and its consequences into a copy of s and returns the duties running
// there that do not run in s, as they would stand (Due and Target as the
// fold computes them). now is the incident time of the
// stamp (a drill's scenario time in a drill); happened is the claimed time
// of the milestone, zero when it is now, as Session.StampAt takes it. The
// clocks come in the runbook's order of duties; none when the milestone is
// unknown or already stamped, or the incident is closed.
func (s *State) StampPreview(milestone string, now, happened time.Time) []*Duty {
	c, before := s.stampedCopy(milestone, now, happened)
	if c == nil {
		return nil
	}
	var out []*Duty
	for i := range c.Duties {
		d := &c.Duties[i]
		if d.Status == StatusRunning && before[d.ID] != d.Instance+1 {
			out = append(out, d)
		}
	}
	return out
}

// StampPreviewNotApplicable is StampPreview for the duties the stamp would
// record not applicable instead of starting (runbook applies_from: the
// moment their clock would count from is before the date their law
// applies from), so that the screen can say so before the stamp.
func (s *State) StampPreviewNotApplicable(milestone string, now, happened time.Time) []*Duty {
	c, _ := s.stampedCopy(milestone, now, happened)
	if c == nil {
		return nil
	}
	var out []*Duty
	for i := range c.Duties {
		if d := &c.Duties[i]; d.Status == StatusNotApplicable && s.Duties[i].Status != StatusNotApplicable {
			out = append(out, d)
		}
	}
	return out
}

// stampedCopy folds the stamp of milestone and its consequences into a
// copy of s, and says which duties ran before it (by id: their instance
// plus one); nil when the milestone is unknown or already stamped, or the
// incident is closed.
func (s *State) stampedCopy(milestone string, now, happened time.Time) (*State, map[string]int) {
	if s.ix.milestones[milestone] == nil || s.Closed {
		return nil, nil
	}
	if _, ok := s.Stamped(milestone); ok {
		return nil, nil
	}
	before := make(map[string]int, len(s.Duties))
	for i := range s.Duties {
		if d := &s.Duties[i]; d.Status == StatusRunning {
			before[d.ID] = d.Instance + 1 // 0 is "not running"
		}
	}
	c := s.Clone()
	seq := c.LastSeq
	apply := func(p Payload) {
		seq++
		e := Event{Seq: seq, At: now, Time: now, Actor: SystemActor, Type: p.EventType(), Data: p}
		if c.Drill != nil {
			// A drill places events by their scenario offset.
			e.Sim = now.Sub(c.Opened).String()
		}
		c.Apply(e)
	}
	apply(MilestoneStamped{Milestone: milestone, Happened: claimed(happened)})
	// The same bound as Session.settle: each step changes something that
	// then stays so.
	limit := 4*(len(c.Duties)+len(c.Path)+len(c.Milestones)) + 16
	for range limit {
		p, ok := c.consequence(now.Location())
		if !ok {
			break
		}
		apply(p)
	}
	return c, before
}
