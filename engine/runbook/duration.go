package runbook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a deadline length as written in a runbook: "30m", "4h",
// "1h30m", "3d", "1w". Days and weeks are calendar days: "3d" from 10:00 on
// a Friday is 10:00 on the Monday, even across a daylight-saving change, so
// they are kept apart from the clock part.
type Duration struct {
	Days  int           // calendar days (a week is 7)
	Clock time.Duration // hours, minutes and seconds
}

// ErrBadDuration is returned by ParseDuration for text that is not a duration.
var ErrBadDuration = errors.New("bad duration")

// maxDurationDays keeps deadlines within a sane range (ten years).
const maxDurationDays = 3660

// ParseDuration reads a duration such as "1h30m" or "3d". Units are w, d, h,
// m and s, each at most once and in that order; the total must be positive.
// An error is a *Problem that matches ErrBadDuration.
func ParseDuration(s string) (Duration, error) {
	var d Duration
	badDuration := func(m Message, args ...Arg) error {
		return NewProblem(m.With(append([]Arg{Quoted("Duration", s)}, args...)...), ErrBadDuration)
	}
	if s == "" {
		return d, NewProblem(msgDurationEmpty.With(), ErrBadDuration)
	}
	if strings.HasPrefix(s, "-") {
		return d, badDuration(msgDurationNegative)
	}
	const units = "wdhms"
	rest := s
	last := -1
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return Duration{}, badDuration(msgDurationSyntax)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 100000 {
			return Duration{}, badDuration(msgDurationBigNumber)
		}
		u := strings.IndexByte(units, rest[i])
		if u < 0 {
			return Duration{}, badDuration(msgDurationUnit, Quoted("Unit", rest[i:i+1]))
		}
		if u <= last {
			return Duration{}, badDuration(msgDurationOrder)
		}
		last = u
		switch units[u] {
		case 'w':
			d.Days += 7 * n
		case 'd':
			d.Days += n
		case 'h':
			d.Clock += time.Duration(n) * time.Hour
		case 'm':
			d.Clock += time.Duration(n) * time.Minute
		case 's':
			d.Clock += time.Duration(n) * time.Second
		}
		rest = rest[i+1:]
	}
	if d.Days == 0 && d.Clock == 0 {
		return Duration{}, badDuration(msgDurationZero)
	}
	if d.Days > maxDurationDays {
		return Duration{}, badDuration(msgDurationTooLong)
	}
	return d, nil
}

// IsZero reports whether d is the zero duration (not set).
func (d Duration) IsZero() bool { return d.Days == 0 && d.Clock == 0 }

// After returns the moment d after t, counting days on t's calendar.
func (d Duration) After(t time.Time) time.Time {
	return t.AddDate(0, 0, d.Days).Add(d.Clock)
}

// Approx returns d as a time.Duration, taking a day as 24 hours; use it only
// for comparisons and display, never to compute a due time.
func (d Duration) Approx() time.Duration {
	return time.Duration(d.Days)*24*time.Hour + d.Clock
}

// String writes d the way a runbook would: "1w", "3d", "1h30m".
func (d Duration) String() string {
	if d.IsZero() {
		return "0m"
	}
	var b strings.Builder
	days := d.Days
	if days >= 7 && days%7 == 0 {
		fmt.Fprintf(&b, "%dw", days/7)
		days = 0
	}
	if days > 0 {
		fmt.Fprintf(&b, "%dd", days)
	}
	c := d.Clock
	if h := c / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
		c -= h * time.Hour
	}
	if m := c / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
		c -= m * time.Minute
	}
	if s := c / time.Second; s > 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}
