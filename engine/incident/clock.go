package incident

import "time"

// Clock gives the current time. The session reads it for incident time and,
// as Wall, for the real time in drills; tests pass a fake one.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to Clock; ClockFunc(time.Now) is the system
// clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// stepTolerance is how far the clock may read behind the steady time
// before the session records that it stepped back: less is the slewing of
// a synchronised clock, not a step.
const stepTolerance = time.Second

// steady is the time a session records: it runs with its clock but never
// goes back, and within one process it does not follow the clock back.
//
// It is anchored at the first reading and counts from there by the
// difference of readings, which Go computes from the monotonic clock when
// both readings have one (time.Now's do, so nothing here may strip them
// with Round(0), UTC or In before subtracting): a wall clock set back
// within a process leaves it alone. It follows the clock forward whenever
// the clock reads ahead of it, since a wall clock set forward cannot be told
// from a sleep the monotonic clock did not count (on Linux it stops while
// the machine is suspended), and counting a deadline short is the worse
// error: an alarm early rather than a deadline missed. It never reads before
// the floor it is given, the time of the journal's last record: a new
// process (Resume) anchors again at its first reading, and if the clock
// went back while no process ran, the steady time starts from the
// journal's last time instead.
type steady struct {
	clock Clock
	// base is the steady time at the anchor, reading the clock's reading
	// there (with its monotonic reading, when it has one).
	base, reading time.Time
	// drift is how far behind the clock read at the last step recorded
	// (zero when none is recorded, or the clock caught up since).
	drift time.Duration
}

// read returns the steady time, never before floor, and the step to
// record when the clock reads further behind it than at the last step
// recorded (see noted).
func (c *steady) read(floor time.Time) (time.Time, *ClockStepped) {
	r := c.clock.Now()
	if c.reading.IsZero() {
		c.base, c.reading = r, r
	}
	kept := c.base.Add(r.Sub(c.reading))
	wall := r.Round(0) // the wall reading alone, for comparing with kept
	if wall.After(kept.Round(0)) {
		kept = c.anchor(r)
	}
	if kept.Before(floor) {
		c.anchor(r)
		c.base, kept = floor, floor
	}
	behind := kept.Round(0).Sub(wall)
	if behind <= stepTolerance {
		c.drift = 0
		return kept, nil
	}
	if d := behind - c.drift; d > -stepTolerance && d < stepTolerance {
		return kept, nil
	}
	return kept, &ClockStepped{Reading: wall, Kept: kept.Round(0)}
}

// anchor counts again from the reading r, which becomes the steady time.
func (c *steady) anchor(r time.Time) time.Time {
	c.base, c.reading = r, r
	return r
}

// noted records that step was journaled, so that the same step is not
// recorded again.
func (c *steady) noted(step *ClockStepped) { c.drift = step.Kept.Sub(step.Reading) }
