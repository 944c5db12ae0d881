package runbook

import (
	"slices"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
)

// This file reads what a runbook says about time: calendars, and the keys
// of a duty's clock (within, target, asap, from, not_after, every, until).
// Checks that need the whole runbook (references, calendars that apply) are
// in Validate.

// minEvery is the shortest period of a recurring duty.
const minEvery = time.Minute

// maxClosedRange bounds one closure range ("2026-12-29..2027-01-03"), so
// that a typo in a year cannot make a calendar of a million days.
const maxClosedRange = 366

// maxClosedDays bounds the closed days of one calendar (ten years), and
// MaxCalendars the calendars of a runbook, so that a hostile file cannot
// make a calendar of millions of days.
const maxClosedDays = 3660

// weekdays are the names `days` accepts, Sunday first as time.Weekday.
var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func holidaySetNames() []string {
	var out []string
	for _, h := range calendar.HolidaySets() {
		out = append(out, string(h))
	}
	return out
}

func parseCalendar(e named) *Calendar {
	what := subjectNamed(&msgKindCalendar, e.id)
	e.allow(what, calendarKeys...)
	c := &Calendar{ID: e.id, at: e.loc, Pos: e.pos(""), Holidays: calendar.HolidaysNone}
	usable := true
	zone := e.reqStr(what, "zone", lineText, exCalendarZone)
	switch {
	case !e.has("zone"):
		usable = false
	case zone == "" || zone == "Local":
		// "Local" is whatever zone the recorder's machine has: a
		// deadline must not depend on it.
		e.r.fail(e.loc, "zone", msgBadZone, Part("What", what.msg()), Quoted("Zone", zone), Part("Reason", msgZoneNotIANA.With()))
		usable = false
	default:
		loc, err := time.LoadLocation(zone)
		if err != nil {
			e.r.fail(e.loc, "zone", msgBadZone, Part("What", what.msg()), Quoted("Zone", zone), Part("Reason", msgZoneUnknown.With()))
			usable = false
		}
		c.Zone = loc
	}
	if h, ok := e.str("holidays", lineText); ok {
		if slices.Contains(holidaySetNames(), h) {
			c.Holidays = calendar.HolidaySet(h)
		} else {
			hint := DidYouMean(h, holidaySetNames())
			if hint.ID == "" {
				hint = msgHintUseOneOf.With(QuotedList("Values", holidaySetNames()))
			}
			e.r.fail(e.loc, "holidays", msgUnknownHolidays, Part("What", what.msg()), Quoted("Holidays", h), Part("Hint", hint))
			usable = false
		}
	}
	c.Closed = parseClosed(e.obj, what)
	var open, close time.Duration
	if h, ok := e.str("hours", lineText); ok {
		var err error
		open, close, err = calendar.ParseHours(h)
		switch {
		case err == nil:
			c.Hours = h
		case hoursBackwards(h):
			e.r.fail(e.loc, "hours", msgHoursBackwards, Part("What", what.msg()), Quoted("Hours", h))
			usable = false
		default:
			e.r.fail(e.loc, "hours", msgBadHours, Part("What", what.msg()), Quoted("Hours", h))
			usable = false
		}
	}
	if days, ok := parseDays(e.obj, what); ok {
		c.Days = days
	} else {
		usable = false
	}
	if usable {
		var err error
		c.counter, err = calendar.New(calendar.Spec{Zone: c.Zone, Holidays: c.Holidays, Closed: c.Closed, Days: c.Days, Open: open, Close: close})
		if err != nil {
			// Every cause is reported above; this is the last line of
			// defence against a spec the checks let through.
			e.r.fail(e.loc, "", msgBadCalendar, Part("What", what.msg()), External("Reason", err.Error()))
		}
	}
	return c
}

// hoursBackwards reports whether hours are two good times of day, the
// second not after the first ("18:00-09:00").
func hoursBackwards(h string) bool {
	from, to, ok := strings.Cut(strings.ReplaceAll(h, " ", ""), "-")
	if !ok {
		return false
	}
	// Each half is read as hours of its own, the other end filled in.
	open, _, errOpen := calendar.ParseHours(from + "-24:00")
	if from == "24:00" {
		open, errOpen = 24*time.Hour, nil
	}
	_, close, errClose := calendar.ParseHours("00:00-" + to)
	if to == "00:00" {
		close, errClose = 0, nil
	}
	return errOpen == nil && errClose == nil && close <= open
}

// parseClosed reads `closed`: dates and inclusive ranges, as strings
// ("2026-12-29", "2026-12-29..2027-01-03") or TOML local dates.
func parseClosed(o obj, what subject) []calendar.Date {
	v, ok := o.m["closed"]
	if !ok {
		return nil
	}
	items, isList := v.([]any)
	if !isList {
		o.wrongType("closed", msgTypeListOfDates, v)
		return nil
	}
	var out []calendar.Date
	for i, it := range items {
		if len(out) > maxClosedDays {
			o.r.fail(o.loc, "closed", msgClosedTooMany, Part("What", what.msg()), Number("Max", maxClosedDays))
			return nil
		}
		at := loc{file: o.file, path: joinIndex(joinKey(o.path, "closed"), i)}
		switch x := it.(type) {
		case time.Time:
			if x.Location().String() != "date-local" {
				o.r.fail(at, "", msgClosedNotDate, Part("What", what.msg()), Quoted("Value", x.Format(time.RFC3339)))
				continue
			}
			out = append(out, calendar.DateOf(x))
		case string:
			days, m := closedRange(x)
			if m != nil {
				o.r.fail(at, "", *m, Part("What", what.msg()), Quoted("Value", x))
				continue
			}
			out = append(out, days...)
		default:
			o.r.fail(at, "", msgElementType, Number("N", i+1), Quoted("Key", "closed"), Part("Got", typeName(it)))
		}
	}
	if len(out) > maxClosedDays {
		o.r.fail(o.loc, "closed", msgClosedTooMany, Part("What", what.msg()), Number("Max", maxClosedDays))
		return nil
	}
	return out
}

// closedRange expands one `closed` string into its days, or says what is
// wrong with it.
func closedRange(s string) (days []calendar.Date, problem *Message) {
	from, to, isRange := strings.Cut(s, "..")
	first, errFirst := calendar.ParseDate(strings.TrimSpace(from))
	last := first
	var errLast error
	if isRange {
		last, errLast = calendar.ParseDate(strings.TrimSpace(to))
	}
	if errFirst != nil || errLast != nil {
		problem = &msgClosedNotDate
		return nil, problem
	}
	start := time.Date(first.Year, first.Month, first.Day, 0, 0, 0, 0, time.UTC)
	end := time.Date(last.Year, last.Month, last.Day, 0, 0, 0, 0, time.UTC)
	switch n := int(end.Sub(start).Hours() / 24); {
	case n < 0:
		problem = &msgClosedBackwards
	case n >= maxClosedRange:
		problem = &msgClosedTooLong
	}
	if problem != nil {
		return nil, problem
	}
	for t := start; !t.After(end); t = t.AddDate(0, 0, 1) {
		days = append(days, calendar.DateOf(t))
	}
	return days, nil
}

// parseDays reads `days`; ok is false when it was written wrong.
func parseDays(o obj, what subject) (days []time.Weekday, ok bool) {
	v, written := o.m["days"]
	if !written {
		return nil, true
	}
	if list, isList := v.([]any); isList && len(list) == 0 {
		o.r.fail(o.loc, "days", msgNoDays, Part("What", what.msg()))
		return nil, false
	}
	ok = true
	names := o.strs("days", lineText)
	for i, name := range names {
		n := slices.Index(weekdays, strings.ToLower(name))
		if n < 0 {
			at := o.child("days")
			if _, isList := v.([]any); isList {
				at = loc{file: o.file, path: joinIndex(at.path, i)}
			}
			hint := DidYouMean(strings.ToLower(name), weekdays)
			if hint.ID == "" {
				hint = msgHintUseOneOf.With(QuotedList("Values", weekdays))
			}
			o.r.fail(at, "", msgUnknownDay, Part("What", what.msg()), Quoted("Day", name), Part("Hint", hint))
			ok = false
			continue
		}
		if !slices.Contains(days, time.Weekday(n)) {
			days = append(days, time.Weekday(n))
		}
	}
	return days, ok && len(names) > 0
}

// parseClock reads the keys of a duty's clock into du and checks what can
// be checked without the rest of the runbook.
func parseClock(d obj, what subject, du *Duty) {
	duration := func(o obj, key string) (Duration, bool) {
		s, ok := o.str(key, lineText)
		if !ok {
			return Duration{}, false
		}
		dur, err := ParseDuration(s)
		if err != nil {
			o.r.fail(o.loc, key, msgBadDuration, Part("What", what.msg()), Part("Problem", ProblemOf(err)))
			return Duration{}, false
		}
		if dur.Months > 0 {
			o.sinceValue(2, key, s)
		}
		return dur, true
	}
	du.Within, _ = duration(d, "within")
	du.Target, _ = duration(d, "target")
	du.ASAP, _ = d.boolean("asap")
	du.Calendar, _ = d.str("calendar", lineText)
	du.From = parseAnchor(d, "from", what)
	if b, ok := d.table("not_after"); ok {
		b.allow(subjectFixed(&msgWhatNotAfter).of(&msgKindDuty, du.ID), boundKeys...)
		bound := &Bound{From: parseAnchor(b, "from", what)}
		if !b.has("from") {
			b.missing(subjectFixed(&msgWhatNotAfter).of(&msgKindDuty, du.ID), "from", exBoundFrom.With())
		}
		if !b.has("within") {
			b.missing(subjectFixed(&msgWhatNotAfter).of(&msgKindDuty, du.ID), "within", exBoundWithin.With())
		}
		bound.Within, _ = duration(b, "within")
		b.since(2, "lapses")
		bound.Lapses, _ = b.boolean("lapses")
		if bound.From.Kind != "" && !bound.Within.IsZero() {
			du.NotAfter = bound
		}
	}
	if every, ok := duration(d, "every"); ok {
		du.Every = every
		if !every.IsBusiness() && every.Approx() < minEvery {
			d.r.fail(d.loc, "every", msgEveryTooShort, Part("What", what.msg()), Quoted("Every", every.String()))
		}
	}
	if s, ok := d.str("until", lineText); ok {
		if t, err := ParseTrigger(s); err != nil {
			d.r.fail(d.child("until"), "", msgBadTrigger, Part("What", what.msg()), Part("Problem", ProblemOf(err)))
		} else {
			d.triggerSince("until", t)
			du.Until = t
		}
	}

	switch {
	case d.has("every") && !d.has("until"):
		d.r.fail(d.loc, "every", msgEveryWithoutUntil, Part("What", what.msg()))
	case d.has("until") && !d.has("every"):
		d.r.fail(d.loc, "until", msgUntilWithoutEvery, Part("What", what.msg()))
	}
	if du.ASAP && d.has("within") {
		d.r.fail(d.loc, "within", msgASAPWithin, Part("What", what.msg()))
	}
	if !d.has("within") && !d.has("target") && !du.ASAP && !d.has("every") {
		d.r.fail(d.loc, "", msgNoClock, Part("What", what.msg()))
	}
	parseExtensions(d, what, du, duration)
}

// parseAnchor reads a `from` key: a trigger of a kind that names a moment.
func parseAnchor(o obj, key string, what subject) Trigger {
	s, ok := o.str(key, lineText)
	if !ok {
		return Trigger{}
	}
	t, err := ParseTrigger(s)
	if err != nil {
		o.r.fail(o.child(key), "", msgBadAnchor, Part("What", what.msg()), Plain("Key", key), Part("Problem", ProblemOf(err)))
		return Trigger{}
	}
	if k, _ := LookupTrigger(t.Kind); !k.Anchor {
		o.r.fail(o.child(key), "", msgAnchorKind, Part("What", what.msg()), Plain("Key", key), Quoted("Anchor", s), OrList("Forms", AnchorForms()))
		return Trigger{}
	}
	o.triggerSince(key, t)
	return t
}
