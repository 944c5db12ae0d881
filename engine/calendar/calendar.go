// Package calendar counts deadlines the way contracts and laws write them:
// calendar days in a given time zone, business days ("within 4 business
// days", 翌営業日) and business hours (a vendor's 09:00–18:00 desk), with
// public holidays from a maintained library and a company's own closures
// (年末年始).
//
// A Calendar is a value built once (from a runbook's [calendars.<id>]) and
// read by any number of goroutines. Holiday data comes from
// github.com/rickar/cal/v2, computed by rule for any year; Japan's
// "national holiday" between two holidays is tabulated there for 2009–2032,
// so Japanese business-day deadlines are exact through 2032.
package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/us"
)

// Date is a day on a calendar, with no time and no zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads "2026-12-29".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD, e.g. 2026-12-29", s)
	}
	return DateOf(t), nil
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// start returns midnight at the start of d in loc.
func (d Date) start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// next returns the day after d.
func (d Date) next() Date { return DateOf(time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, time.UTC)) }

// HolidaySet names a built-in set of public holidays: "none", "jp", "us",
// or an EU Member State's ISO 3166 code (EUMemberStateSets).
type HolidaySet string

// The built-in holiday sets.
const (
	HolidaysNone  HolidaySet = "none" // weekends only
	HolidaysJapan HolidaySet = "jp"   // Japanese national holidays, 振替休日 included
	HolidaysUS    HolidaySet = "us"   // US federal holidays, observed days included
)

// EUMemberStateSets lists the sets of the EU Member States that
// github.com/rickar/cal/v2 has, by ISO 3166 code (a new slice each call):
// their national public holidays are what a calendar
// needs for DORA's weekend and bank-holiday rule (RTS 2025/301 Art. 5(4)),
// whose relief depends on the reporting entity's Member State. National
// lists only: a regional holiday (Hesse's Corpus Christi) is not a closed
// day here, so a due time on it does not roll and stays the earlier one;
// a team adds such days to `closed`. Cyprus, Estonia, Finland, Hungary,
// Luxembourg, Malta and Portugal have no set in the library: `closed`
// lists their holidays.
func EUMemberStateSets() []HolidaySet {
	return []HolidaySet{"at", "be", "bg", "cz", "de", "dk", "es", "fr", "gr", "hr", "ie", "it", "lt", "lv", "nl", "pl", "ro", "se", "si", "sk"}
}

// euRules returns the national holidays of the Member State set s, nil for
// any other set.
func euRules(s HolidaySet) []*cal.Holiday {
	switch s {
	case "at": // Austria
		return at.Holidays
	case "be": // Belgium
		return be.Holidays
	case "bg": // Bulgaria
		return bg.Holidays
	case "cz": // Czechia
		return cz.Holidays
	case "de": // Germany
		return de.Holidays
	case "dk": // Denmark
		return dk.Holidays
	case "es": // Spain
		return es.Holidays
	case "fr": // France
		return fr.Holidays
	case "gr": // Greece
		return gr.Holidays
	case "hr": // Croatia
		return hr.Holidays
	case "ie": // Ireland
		return ie.Holidays
	case "it": // Italy
		return it.Holidays
	case "lt": // Lithuania
		return lt.Holidays
	case "lv": // Latvia
		return lv.Holidays
	case "nl": // the Netherlands
		return nl.Holidays
	case "pl": // Poland
		return pl.Holidays
	case "ro": // Romania
		return ro.Holidays
	case "se": // Sweden
		return se.Holidays
	case "si": // Slovenia
		return si.Holidays
	case "sk": // Slovakia
		return sk.Holidays
	}
	return nil
}

// HolidaySets lists the built-in sets, for validation and did-you-mean.
func HolidaySets() []HolidaySet {
	return append([]HolidaySet{HolidaysNone, HolidaysJapan, HolidaysUS}, EUMemberStateSets()...)
}

func (s HolidaySet) rules() []*cal.Holiday {
	switch s {
	case HolidaysJapan:
		return jp.Holidays
	case HolidaysUS:
		return us.Holidays
	}
	return euRules(s)
}

// Spec is a calendar as a runbook writes it.
type Spec struct {
	Zone     *time.Location
	Holidays HolidaySet
	Closed   []Date         // company closures, e.g. 2026-12-29 … 2027-01-03
	Days     []time.Weekday // working days; empty means Monday to Friday
	// Open and Close are the business hours as offsets from midnight
	// (9h, 18h); both zero means the calendar has no hours, so it counts
	// business days but not business hours.
	Open, Close time.Duration
}

// Calendar answers which days and hours are working time.
type Calendar struct {
	zone        *time.Location
	holidays    HolidaySet
	closed      map[Date]bool
	workdays    [7]bool
	open, close time.Duration

	mu    sync.Mutex
	years map[int]map[Date]bool // public holidays, computed per year on first use
}

// Errors of New and ParseHours.
var (
	// ErrNoZone is a calendar without a time zone.
	ErrNoZone = errors.New("a calendar needs a time zone")
	// ErrUnknownHolidays is a holiday set shodo does not have.
	ErrUnknownHolidays = errors.New("unknown holiday set")
	// ErrBadHours is business hours that are not HH:MM-HH:MM or end before
	// they start.
	ErrBadHours = errors.New("bad business hours")
	// ErrNoWorkdays is a calendar on which no day is a working day.
	ErrNoWorkdays = errors.New("a calendar needs at least one working day")
)

// New builds a Calendar from its spec.
func New(s Spec) (*Calendar, error) {
	if s.Zone == nil {
		return nil, ErrNoZone
	}
	if s.Holidays == "" {
		s.Holidays = HolidaysNone
	}
	if !slices.Contains(HolidaySets(), s.Holidays) {
		return nil, fmt.Errorf("%w %q", ErrUnknownHolidays, s.Holidays)
	}
	if s.Open < 0 || s.Close > 24*time.Hour || s.Close < s.Open || (s.Open == s.Close && s.Open != 0) {
		return nil, ErrBadHours
	}
	c := &Calendar{zone: s.Zone, holidays: s.Holidays, closed: map[Date]bool{}, open: s.Open, close: s.Close, years: map[int]map[Date]bool{}}
	for _, d := range s.Closed {
		c.closed[d] = true
	}
	days := s.Days
	if len(days) == 0 {
		days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	for _, d := range days {
		c.workdays[d] = true
	}
	if !slices.Contains(c.workdays[:], true) {
		return nil, ErrNoWorkdays
	}
	return c, nil
}

// ParseHours reads business hours written "09:00-18:00" into offsets from
// midnight. "24:00" may end a day.
func ParseHours(s string) (open, close time.Duration, err error) {
	from, to, ok := strings.Cut(strings.ReplaceAll(s, " ", ""), "-")
	if !ok {
		return 0, 0, fmt.Errorf("%w %q: write opening and closing times, e.g. \"09:00-18:00\"", ErrBadHours, s)
	}
	if open, err = clockTime(from); err == nil {
		close, err = clockTime(to)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("%w %q: %v", ErrBadHours, s, err)
	}
	if close <= open {
		return 0, 0, fmt.Errorf("%w %q: the hours end before they start", ErrBadHours, s)
	}
	return open, close, nil
}

func clockTime(s string) (time.Duration, error) {
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); n != 2 || err != nil || len(s) != 5 {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	if h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// Zone returns the calendar's time zone.
func (c *Calendar) Zone() *time.Location { return c.zone }

// HasHours reports whether the calendar has business hours, which
// business-hour durations need.
func (c *Calendar) HasHours() bool { return c.close > c.open }

// IsBusinessDay reports whether d is a working day: a working weekday that
// is neither a public holiday of the calendar's set nor a closure.
func (c *Calendar) IsBusinessDay(d Date) bool {
	if !c.workdays[d.start(time.UTC).Weekday()] || c.closed[d] {
		return false
	}
	return !c.isHoliday(d)
}

func (c *Calendar) isHoliday(d Date) bool {
	if c.holidays == HolidaysNone {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	set, ok := c.years[d.Year]
	if !ok {
		set = holidaysOf(c.holidays, d.Year)
		c.years[d.Year] = set
	}
	return set[d]
}

// holidaysOf computes the public holidays of one year: the actual and the
// observed day of each (a Sunday holiday observed on Monday closes both).
// Each rule is cloned first because some of the library's rules write into
// their own struct while computing (the equinoxes), which would race
// between two calendars computing at once.
func holidaysOf(set HolidaySet, year int) map[Date]bool {
	days := map[Date]bool{}
	for _, y := range []int{year - 1, year, year + 1} { // observed days cross New Year
		for _, rule := range set.rules() {
			actual, observed := rule.Clone(nil).Calc(y)
			for _, t := range []time.Time{actual, observed} {
				if !t.IsZero() && t.Year() == year {
					days[DateOf(t)] = true
				}
			}
		}
	}
	return days
}

// AddDays returns the time n calendar days after t, at the same wall-clock
// time in the calendar's zone: three days after 10:00 is 10:00 three days
// later there, whether a DST change makes that 71, 72 or 73 hours. The
// recorder's own zone never matters.
func (c *Calendar) AddDays(t time.Time, n int) time.Time {
	return t.In(c.zone).AddDate(0, 0, n)
}

// AddBusinessDays returns the end (24:00 in the calendar's zone) of the nth
// business day after t's day. "Within 4 business days" of a Friday 17:00
// is the end of the fourth working day after that Friday; the Friday itself
// does not count, whether or not it is a working day.
func (c *Calendar) AddBusinessDays(t time.Time, n int) time.Time {
	d := DateOf(t.In(c.zone))
	for counted := 0; counted < n; {
		d = d.next()
		if c.IsBusinessDay(d) {
			counted++
		}
	}
	return d.next().start(c.zone)
}

// AddBusinessHours returns when d of open hours have passed after t,
// counting only the calendar's hours on business days: 4 hours from Friday
// 17:00 on a 09:00–18:00 desk is Monday 12:00. Time before opening or after
// closing does not count; a deadline that lands exactly on closing time is
// that closing time. A calendar without hours (which validation refuses
// for business-hour durations) counts whole business days, 00:00 to 24:00.
func (c *Calendar) AddBusinessHours(t time.Time, d time.Duration) time.Time {
	openAt, closeAt := c.open, c.close
	if !c.HasHours() {
		openAt, closeAt = 0, 24*time.Hour
	}
	t = t.In(c.zone)
	day := DateOf(t)
	for {
		if c.IsBusinessDay(day) {
			midnight := day.start(c.zone)
			open := wallTime(midnight, openAt)
			close := wallTime(midnight, closeAt)
			start := t
			if start.Before(open) {
				start = open
			}
			if start.Before(close) {
				if left := close.Sub(start); d <= left {
					return start.Add(d)
				} else {
					d -= left
				}
			}
		}
		day = day.next()
		t = day.start(c.zone)
	}
}

// wallTime returns the wall-clock time offset after midnight on that day,
// read as a clock on the wall (09:00 stays 09:00 on a DST day).
func wallTime(midnight time.Time, offset time.Duration) time.Time {
	if offset == 24*time.Hour {
		return time.Date(midnight.Year(), midnight.Month(), midnight.Day()+1, 0, 0, 0, 0, midnight.Location())
	}
	h := int(offset / time.Hour)
	m := int(offset % time.Hour / time.Minute)
	return time.Date(midnight.Year(), midnight.Month(), midnight.Day(), h, m, 0, 0, midnight.Location())
}

// NextWorkingDayAt returns when a due time t that falls on a closed day
// (not a business day of the calendar) moves to: the given wall-clock time
// (an offset from midnight, 12h for noon) of the next business day, in the
// calendar's zone. A due time on a business day is returned as it is; so
// is one that the roll would make earlier, which a relief never does.
// The day a due time falls on is the day of its last instant before it:
// 24:00 (00:00 of Saturday) ends Friday and is not moved. This is DORA's
// "falls on a weekend day or a bank holiday … by noon of the next working
// day" (RTS 2025/301 Art. 5(4)).
func (c *Calendar) NextWorkingDayAt(t time.Time, at time.Duration) time.Time {
	day := DateOf(t.In(c.zone).Add(-time.Nanosecond))
	if c.IsBusinessDay(day) {
		return t
	}
	for day = day.next(); !c.IsBusinessDay(day); day = day.next() {
	}
	rolled := wallTime(day.start(c.zone), at)
	if !rolled.After(t) {
		return t
	}
	return rolled.In(t.Location())
}

// HasClosedDays reports whether some day can be closed on the calendar: a
// weekday that is not a working day, a holiday set, or a closure. A roll
// to the next working day (NextWorkingDayAt) needs one to mean anything.
func (c *Calendar) HasClosedDays() bool {
	return c.holidays != HolidaysNone || len(c.closed) > 0 || slices.Contains(c.workdays[:], false)
}

// ParseTimeOfDay reads a wall-clock time "12:00" into an offset from
// midnight; "24:00" is the end of the day.
func ParseTimeOfDay(s string) (time.Duration, error) { return clockTime(s) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	return d.start(time.UTC).Before(e.start(time.UTC))
}
