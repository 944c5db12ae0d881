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
