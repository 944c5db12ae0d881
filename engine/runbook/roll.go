package runbook

import (
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
)

// Two keys of a duty's clock for when the law itself moves or withholds
// it (format version 2):
//
//   - roll = "next-working-day 12:00": a due time that falls on a closed
//     day of the duty's calendar (a weekend day, a holiday of its set, a
//     `closed` date) moves to that time of the next working day. DORA's
//     RTS 2025/301 Art. 5(4): a limit on a weekend day or a bank holiday
//     of the entity's Member State may be met "by noon of the next working
//     day" (docs/regulations.md, G4). It is a relief, so it is written on
//     the duties the law grants it to, never assumed.
//   - applies_from = 2026-09-11, on a duty or on a whole fragment: a duty
//     whose clock would count from a moment before that date (in its
//     calendar's zone) does not start; the incident records it as not
//     applicable. The CRA's Art. 14 applies from 11 September 2026
//     (Art. 71(2); G11).

// RollNextWorkingDay is the one roll rule: "next-working-day HH:MM".
const RollNextWorkingDay = "next-working-day"

// Roll is a duty's `roll`: where a due time on a closed day moves.
type Roll struct {
	// Rule is the rule as written ("next-working-day 12:00").
	Rule string
	// At is the wall-clock time of the next working day it moves to, as
	// an offset from midnight (12h).
	At time.Duration
}

// ParseRoll reads a roll rule, "next-working-day 12:00".
func ParseRoll(s string) (Roll, bool) {
	fields := strings.Fields(s)
	if len(fields) != 2 || fields[0] != RollNextWorkingDay {
		return Roll{}, false
	}
	at, err := calendar.ParseTimeOfDay(fields[1])
	if err != nil {
		return Roll{}, false
	}
	return Roll{Rule: RollNextWorkingDay + " " + fields[1], At: at}, true
}

// parseRollKeys reads a duty's roll and applies_from.
func parseRollKeys(d obj, what subject, du *Duty) {
	d.since(2, "roll", "applies_from")
	if s, ok := d.str("roll", lineText); ok {
		if r, ok := ParseRoll(s); ok {
			du.Roll = &r
		} else {
			d.r.fail(d.loc, "roll", msgUnknownRoll, Part("What", what.msg()), Quoted("Roll", s))
		}
	}
	du.AppliesFrom = appliesFrom(d)
}

// appliesFrom reads an applies_from date; the zero Date when absent or
// written wrong (reported).
func appliesFrom(o obj) calendar.Date {
	if !o.has("applies_from") {
		return calendar.Date{}
	}
	t := o.date("applies_from", msgAppliesFromQuoted)
	if t.IsZero() {
		return calendar.Date{}
	}
	if t.Location().String() != "date-local" {
		o.r.fail(o.loc, "applies_from", msgAppliesFromQuoted)
		return calendar.Date{}
	}
	return calendar.DateOf(t)
}

// Applicability returns the date from which d applies and the source of
// that date: the duty's own applies_from, else its fragment's. ok is false
// when the duty applies whenever its clock starts.
func (d *Duty) Applicability() (from calendar.Date, source string, ok bool) {
	switch {
	case d.AppliesFrom != (calendar.Date{}):
		return d.AppliesFrom, d.Source, true
	case d.Fragment != nil && d.Fragment.AppliesFrom != (calendar.Date{}):
		return d.Fragment.AppliesFrom, d.Fragment.Source, true
	}
	return calendar.Date{}, "", false
}

// Rolled is due moved by d's roll on its calendar (CounterOf), and whether
// it moved. Without a roll or a calendar, due is returned as it is.
func (rb *Runbook) Rolled(d *Duty, due time.Time) (time.Time, bool) {
	cal := rb.CounterOf(d)
	if d.Roll == nil || cal == nil || due.IsZero() {
		return due, false
	}
	rolled := cal.NextWorkingDayAt(due, d.Roll.At)
	return rolled, !rolled.Equal(due)
}

// rollCalendar checks that a duty with a roll has a calendar on which a
// day can be closed: on any other, the roll would never move anything.
func (v *validator) rollCalendar(d *Duty) {
	if d.Roll == nil {
		return
	}
	calID, source := v.rb.CalendarSourceOf(d)
	cal := v.rb.CalendarOf(d)
	switch {
	case calID == "":
		v.r.fail(d.at, "roll", msgRollNoCalendar, Quoted("Duty", d.ID), Quoted("Roll", d.Roll.Rule))
	case cal == nil || cal.counter == nil:
		// An unknown or broken calendar: reported where it is named.
	case !cal.counter.HasClosedDays():
		v.r.fail(d.at, "roll", msgRollNoClosedDays, Quoted("Duty", d.ID), Quoted("Roll", d.Roll.Rule), Quoted("Calendar", cal.ID),
			Part("Source", calendarSource(source, d.Who)))
	}
}

// appliesFromCalendar warns of a duty with an effective date and no
// calendar: the day its anchor falls on is then read in the zone of the
// machine shodo runs on (a server in UTC reads 00:30 in Berlin on the
// 11th as the 10th), so whether the law applies would depend on it.
func (v *validator) appliesFromCalendar(d *Duty) {
	date, _, ok := d.Applicability()
	if !ok {
		return
	}
	if calID, _ := v.rb.CalendarSourceOf(d); calID != "" {
		return
	}
	key := "applies_from"
	if d.AppliesFrom == (calendar.Date{}) {
		key = "" // the fragment's: reported at the duty that inherits it
	}
	v.r.warn(d.at, key, msgAppliesFromNoCalendar, Quoted("Duty", d.ID), Plain("Date", date.String()))
}

var (
	msgAppliesFromNoCalendar = msg("diag.applies-from-no-calendar", "no-calendar", "Duty", "Date")
	msgUnknownRoll           = msg("diag.unknown-roll", "bad-clock", "What", "Roll")
	msgRollNoCalendar        = msg("diag.roll-no-calendar", "no-calendar", "Duty", "Roll")
	msgRollNoClosedDays      = msg("diag.roll-no-closed-days", "no-calendar", "Duty", "Roll", "Calendar", "Source")
	msgAppliesFromQuoted     = msg("diag.applies-from-quoted", "wrong-type")
)

func rollMessages() []Message {
	return []Message{msgUnknownRoll, msgRollNoCalendar, msgRollNoClosedDays, msgAppliesFromQuoted, msgAppliesFromNoCalendar}
}
