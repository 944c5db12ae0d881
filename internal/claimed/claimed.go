// Package claimed reads the time a responder claims something really
// happened at ("aware since", "it happened at"): the one parser behind
// `shodo run --since` and the terminal app's claimed-time fields, so that
// both accept the same forms and refuse the same mistakes.
//
// It returns codes and parameters, never sentences: the edges word an
// *Error in the reader's language.
package claimed

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The codes of an *Error.
const (
	// CodeMalformed: the text is none of the accepted forms.
	CodeMalformed = "malformed"
	// CodeLater: the time is after now; a claim says when something
	// already happened.
	CodeLater = "later"
	// CodeLaterToday: a bare time of day ("01:30") that is still to come
	// today; the date has to be given (Date is yesterday's, the likely
	// one).
	CodeLaterToday = "later-today"
	// CodeTooOld: the time is more than MaxAgo before now, whatever the
	// form: a year typed wrong ("2025-12-02" for "2026-12-02") would
	// otherwise start every clock a year late, for good.
	CodeTooOld = "too-old"
)

// Error says why a claimed time was refused: Code is one of the codes
// above, Text what was given; Time (CodeLater, CodeLaterToday, CodeTooOld) is the time
// it was read as and Now the time it was compared with; Date (CodeLaterToday)
// is yesterday's date in the local zone, "2006-01-02", to suggest.
type Error struct {
	Code string
	Text string
	Time time.Time
	Now  time.Time
	Date string
}

func (e *Error) Error() string {
	switch e.Code {
	case CodeLater:
		return fmt.Sprintf("claimed time %q is after now (%s)", e.Text, e.Now.Format(time.RFC3339))
	case CodeLaterToday:
		return fmt.Sprintf("claimed time %q is still to come today: give the date (%s %s)", e.Text, e.Date, e.Text)
	case CodeTooOld:
		return fmt.Sprintf("claimed time %q is %s, more than %d days before now: check the year", e.Text, e.Time.Format(time.RFC3339), MaxAgoDays)
	}
	return fmt.Sprintf("claimed time %q: not one of RFC 3339, \"2006-01-02 15:04\", \"15:04\", \"2h ago\", \"-2h\"", e.Text)
}

// MaxAgoDays bounds every claim, relative or absolute: no incident was
// noticed more than a year before it was opened. The bound also keeps the
// arithmetic of relative claims far from overflowing.
const MaxAgoDays = 366

const maxAgo = MaxAgoDays * 24 * time.Hour

// localLayouts are the forms of a local date and time, in now's zone.
var localLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"}

// clockLayouts are the forms of a bare time of day, today in now's zone.
var clockLayouts = []string{"15:04", "15:04:05"}

// relative is "2h ago", "90m ago", "1h30m ago", "1d ago", "-2h", "-1d2h".
var relative = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:-\s*([0-9dhms.]+)|([0-9dhms.]+)\s+ago)$`) })

// Parse reads text as a claimed time, at now (whose zone is the local one
// for the forms without an offset). The forms accepted:
//
//   - RFC 3339 with an offset: 2026-12-02T01:30:00+09:00
//   - a local date and time: "2026-12-02 01:30" (seconds optional)
//   - a bare time of day: "01:30", today; refused when still to come
//     (CodeLaterToday), so that a time meant for yesterday is not taken
//     as tomorrow's nor silently moved
//   - a time ago: "2h ago", "90m ago", "1h30m ago", "1d ago", "-2h"
//
// Empty text (spaces only) is no claim: the zero time and no error. A time
// after now is refused (CodeLater), and one more than MaxAgoDays before
// it (CodeTooOld). The result carries no monotonic
// reading.
func Parse(text string, now time.Time) (time.Time, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return time.Time{}, nil
	}
	now = now.Round(0)
	at, err := read(s, now)
	if err != nil {
		return time.Time{}, err
	}
	switch {
	case at.After(now):
		return time.Time{}, &Error{Code: CodeLater, Text: s, Time: at, Now: now}
	case at.Before(now.Add(-maxAgo)):
		return time.Time{}, &Error{Code: CodeTooOld, Text: s, Time: at, Now: now}
	}
	return at, nil
}

// read reads s in one of the forms, without comparing it with now except
// for a bare time of day.
func read(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	loc := now.Location()
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range clockLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			continue
		}
		y, m, d := now.Date()
		at := time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), 0, loc)
		if at.After(now) {
			return time.Time{}, &Error{Code: CodeLaterToday, Text: s, Time: at, Now: now, Date: now.AddDate(0, 0, -1).Format("2006-01-02")}
		}
		return at, nil
	}
	if m := relative().FindStringSubmatch(s); m != nil {
		ago, ok := span(m[1] + m[2])
		if ok {
			return now.Add(-ago), nil
		}
	}
	return time.Time{}, &Error{Code: CodeMalformed, Text: s}
}

// days splits a leading day count off a span: "1d2h" is 1 and "2h".
var days = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([0-9]+)d(.*)$`) })

// span reads a positive span of at most maxAgo: Go's units h, m and s,
// after an optional count of days.
func span(s string) (time.Duration, bool) {
	var total time.Duration
	if m := days().FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n > int(maxAgo/(24*time.Hour)) {
			return 0, false
		}
		total, s = time.Duration(n)*24*time.Hour, m[2]
		if s == "" {
			return total, total > 0
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > maxAgo {
		return 0, false
	}
	total += d
	return total, total <= maxAgo
}
