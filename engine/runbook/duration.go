package runbook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
)

// Duration is a deadline length as written in a runbook: "30m", "4h",
// "1h30m", "3d", "1w", or in business time, "4bd" and "16bh". Days and
// weeks are calendar days: "3d" from 10:00 on a Friday is 10:00 on the
// Monday, even across a daylight-saving change, so they are kept apart from
// the clock part. Business days and hours stand alone: they count on a
// calendar (see Due) and do not mix with other units.
type Duration struct {
	Days  int           // calendar days (a week is 7)
	Clock time.Duration // hours, minutes and seconds
	// BusinessDays is "4bd": due at the end of the fourth business day
	// after the anchor's day.
	BusinessDays int
	// BusinessHours is "16bh": due when sixteen open hours have passed.
	BusinessHours int
	// Months is "1mo" (format version 2): the same day of the month, n
	// months on, at the same clock time in the calendar's zone, clamped to
	// the last day of a shorter month (see addMonths).
	Months int
}

// ErrBadDuration is returned by ParseDuration for text that is not a duration.
var ErrBadDuration = errors.New("bad duration")

// maxDurationDays keeps deadlines within a sane range (ten years); business
// days and hours are bounded to the same number.
const maxDurationDays = 3660

// ParseDuration reads a duration such as "1h30m", "3d", "4bd" or "16bh".
// Units are w, d, h, m and s, each at most once and in that order, or one
// business unit alone (bd, bh); the total must be positive. An error is a
// *Problem that matches ErrBadDuration.
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
		if unit := rest[i:min(i+2, len(rest))]; unit == "mo" {
			// A month is the whole duration, as a business unit is:
			// "1mo2d" would read differently in every month.
			if last >= 0 || len(rest) > i+2 {
				return Duration{}, badDuration(msgDurationMonthMixed)
			}
			if n == 0 {
				return Duration{}, badDuration(msgDurationZero)
			}
			if n > maxDurationDays/30 {
				return Duration{}, badDuration(msgDurationTooLong)
			}
			d.Months = n
			return d, nil
		}
		if unit := rest[i:min(i+2, len(rest))]; unit == "bd" || unit == "bh" {
			// A business unit is the whole duration: "1d4bh" would
			// count part on the wall clock and part on a calendar.
			if last >= 0 || len(rest) > i+2 {
				return Duration{}, badDuration(msgDurationMixed, Quoted("Unit", unit))
			}
			if n == 0 {
				return Duration{}, badDuration(msgDurationZero)
			}
			if unit == "bd" && n > maxDurationDays || unit == "bh" && n > 24*maxDurationDays {
				return Duration{}, badDuration(msgDurationTooLong)
			}
			if unit == "bd" {
				d.BusinessDays = n
			} else {
				d.BusinessHours = n
			}
			return d, nil
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
func (d Duration) IsZero() bool { return d == Duration{} }

// IsBusiness reports whether d counts business days or hours, which only a
// calendar can count.
func (d Duration) IsBusiness() bool { return d.BusinessDays > 0 || d.BusinessHours > 0 }

// After returns the moment d after t, counting days on t's calendar. It is
// Due without a calendar.
func (d Duration) After(t time.Time) time.Time { return d.Due(t, nil) }

// Due returns when a clock of length d that counts from anchor runs out,
// on cal:
//
//   - h, m, s are absolute time;
//   - d and w are calendar days in cal's zone (the same wall-clock time n
//     days later there, whatever a DST change does), or in anchor's own
//     location when cal is nil;
//   - bd is the end (24:00 in cal's zone) of the nth business day after
//     the anchor's day; bh counts only cal's open hours.
//
// Validation makes sure that a business duration always has a calendar;
// without one, Due counts Monday to Friday in anchor's location, so that
// it never fails. The result is given in anchor's location, like the
// anchor: the calendar decides the instant, not how it is written.
func (d Duration) Due(anchor time.Time, cal *calendar.Calendar) time.Time {
	if d.IsBusiness() && cal == nil {
		cal, _ = calendar.New(calendar.Spec{Zone: anchor.Location()}) // cannot fail: a zone and no options
	}
	switch {
	case d.BusinessDays > 0:
		return cal.AddBusinessDays(anchor, d.BusinessDays).In(anchor.Location())
	case d.BusinessHours > 0:
		return cal.AddBusinessHours(anchor, time.Duration(d.BusinessHours)*time.Hour).In(anchor.Location())
	}
	t := anchor
	if cal != nil {
		t = anchor.In(cal.Zone())
	}
	if d.Months > 0 {
		return addMonths(t, d.Months).In(anchor.Location())
	}
	return t.AddDate(0, 0, d.Days).Add(d.Clock).In(anchor.Location())
}

// addMonths is t n months on: the same day of the month at the same clock
// time in t's location, or the last day of the month when it is shorter
// (31 January + 1 month = 28 or 29 February; time.AddDate would give 2 or
// 3 March). This is "one month after" read as the same instant of the
// calendar. Regulation (EEC, Euratom) No 1182/71 would end such a period
// at the end of that day instead, and some national laws count the day of
// the event as the first: the instant is the earlier reading, the safe
// side (docs/regulations.md, G1).
func addMonths(t time.Time, n int) time.Time {
	y, m, day := t.Date()
	hh, mm, ss := t.Clock()
	lastDay := time.Date(y, m+time.Month(n)+1, 0, 0, 0, 0, 0, t.Location()).Day()
	return time.Date(y, m+time.Month(n), min(day, lastDay), hh, mm, ss, t.Nanosecond(), t.Location())
}

// Approx returns d as a time.Duration, taking a day as 24 hours, a business
// day as one day, a month as 30 days and a business hour as one hour; use it only for
// comparisons and display, never to compute a due time.
func (d Duration) Approx() time.Duration {
	return time.Duration(d.Days+d.BusinessDays+30*d.Months)*24*time.Hour + d.Clock + time.Duration(d.BusinessHours)*time.Hour
}

// String writes d the way a runbook would: "1w", "3d", "1h30m", "4bd".
func (d Duration) String() string {
	switch {
	case d.BusinessDays > 0:
		return fmt.Sprintf("%dbd", d.BusinessDays)
	case d.BusinessHours > 0:
		return fmt.Sprintf("%dbh", d.BusinessHours)
	case d.Months > 0:
		return fmt.Sprintf("%dmo", d.Months)
	case d.IsZero():
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
