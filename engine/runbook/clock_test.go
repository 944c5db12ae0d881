package runbook

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	_ "time/tzdata" // the zones below must load on a machine without zoneinfo

	"github.com/shodo-dev/shodo/engine/calendar"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustCalendar(t *testing.T, s calendar.Spec) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseDurationBusiness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Duration
		problem string // catalogue id of the reason; "" for a good duration
	}{
		{in: "4bd", want: Duration{BusinessDays: 4}},
		{in: "16bh", want: Duration{BusinessHours: 16}},
		{in: "1bd", want: Duration{BusinessDays: 1}},
		{in: "0bd", problem: msgDurationZero.ID},
		{in: "1d4bh", problem: msgDurationMixed.ID},
		{in: "4bd2h", problem: msgDurationMixed.ID},
		{in: "4bd4bd", problem: msgDurationMixed.ID},
		{in: "4b", problem: msgDurationUnit.ID},
		{in: "4bx", problem: msgDurationUnit.ID},
		{in: "5000bd", problem: msgDurationTooLong.ID},
		{in: "3d", want: Duration{Days: 3}},
		{in: "1w2d3h", want: Duration{Days: 9, Clock: 3 * time.Hour}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDuration(tc.in)
			if tc.problem != "" {
				var p *Problem
				if !errors.As(err, &p) || p.Msg.ID != tc.problem || !errors.Is(err, ErrBadDuration) {
					t.Fatalf("ParseDuration(%q) = %v, %v; want problem %s", tc.in, got, err, tc.problem)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseDuration(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if back, err := ParseDuration(got.String()); err != nil || back != got {
				t.Errorf("%q does not round-trip through String %q: %+v, %v", tc.in, got.String(), back, err)
			}
		})
	}
}

// The pure due-time computation the incident engine calls: each case is
// one of the deadlines issue 10 says shodo gets wrong today.
func TestDurationDue(t *testing.T) {
	t.Parallel()
	tokyo := mustZone(t, "Asia/Tokyo")
	newYork := mustZone(t, "America/New_York")
	var nenmatsu []calendar.Date
	for d := time.Date(2026, 12, 29, 0, 0, 0, 0, time.UTC); !d.After(time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		nenmatsu = append(nenmatsu, calendar.DateOf(d))
	}
	vendor := mustCalendar(t, calendar.Spec{Zone: tokyo, Holidays: calendar.HolidaysJapan, Closed: nenmatsu, Open: 9 * time.Hour, Close: 18 * time.Hour})
	sec := mustCalendar(t, calendar.Spec{Zone: newYork, Holidays: calendar.HolidaysUS})
	fridayBeforeNewYear := time.Date(2026, 12, 25, 17, 0, 0, 0, tokyo)
	tests := []struct {
		name   string
		within string
		cal    *calendar.Calendar
		anchor time.Time
		want   time.Time
	}{
		// 12-28 is the first business day; 12-29..01-03 are closed;
		// 01-04, 01-05 and 01-06 are the next three: due at the end of
		// 01-06, which is 01-07 00:00 in Tokyo.
		{"4bd from a Friday 17:00 JST before 年末年始", "4bd", vendor, fridayBeforeNewYear, time.Date(2027, 1, 7, 0, 0, 0, 0, tokyo)},
		{"翌営業日 from the same Friday", "1bd", vendor, fridayBeforeNewYear, time.Date(2026, 12, 29, 0, 0, 0, 0, tokyo)},
		{"4bd counted in the calendar's zone, whatever the anchor's", "4bd", vendor, fridayBeforeNewYear.UTC(), time.Date(2027, 1, 7, 0, 0, 0, 0, tokyo)},
		// Friday 16:00–18:00 is two open hours; the other two are Monday
		// 09:00–11:00.
		{"4bh on a 09:00–18:00 vendor carries over the weekend", "4bh", vendor, time.Date(2026, 11, 27, 16, 0, 0, 0, tokyo), time.Date(2026, 11, 30, 11, 0, 0, 0, tokyo)},
		{"4bh before opening starts at opening", "4bh", vendor, time.Date(2026, 11, 30, 7, 0, 0, 0, tokyo), time.Date(2026, 11, 30, 13, 0, 0, 0, tokyo)},
		// SEC 8-K: four business days from Tuesday; Thanksgiving (11-26)
		// does not count: 11-25, 11-27, 11-30, 12-01.
		{"SEC 4bd over Thanksgiving", "4bd", sec, time.Date(2026, 11, 24, 15, 0, 0, 0, newYork), time.Date(2026, 12, 2, 0, 0, 0, 0, newYork)},
		// New York leaves DST on 2026-11-01: three calendar days from
		// Friday 10:00 are Monday 10:00 there, 73 hours later, however
		// the recorder's clock (Tokyo, no DST) writes the anchor.
		{"3d across a DST change in the calendar's zone", "3d", sec, time.Date(2026, 10, 30, 10, 0, 0, 0, newYork).In(tokyo), time.Date(2026, 11, 2, 10, 0, 0, 0, newYork)},
		{"72h across the same change is 72 hours", "72h", sec, time.Date(2026, 10, 30, 10, 0, 0, 0, newYork), time.Date(2026, 11, 2, 9, 0, 0, 0, newYork)},
		{"3d without a calendar counts in the anchor's zone", "3d", nil, time.Date(2026, 10, 30, 10, 0, 0, 0, newYork).In(tokyo), time.Date(2026, 10, 30, 10, 0, 0, 0, newYork).Add(72 * time.Hour)},
		{"1h30m is absolute", "1h30m", vendor, fridayBeforeNewYear, fridayBeforeNewYear.Add(90 * time.Minute)},
		{"bd without a calendar counts Monday to Friday in the anchor's zone", "1bd", nil, fridayBeforeNewYear, time.Date(2026, 12, 29, 0, 0, 0, 0, tokyo)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseDuration(tc.within)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Due(tc.anchor, tc.cal); !got.Equal(tc.want) {
				t.Errorf("%s from %s = %s, want %s", tc.within, tc.anchor.Format(time.RFC3339), got.Format(time.RFC3339), tc.want.Format(time.RFC3339))
			}
		})
	}
	if got, want := (Duration{Days: 3}).After(fridayBeforeNewYear), fridayBeforeNewYear.AddDate(0, 0, 3); !got.Equal(want) {
		t.Errorf("After = %s, want %s (Due without a calendar)", got, want)
	}
}

// clockRunbook is a runbook with calendars in a shared contacts file and
// in itself, and duties that use every clock key.
var clockRunbook = fstest.MapFS{
	"contacts.toml": {Data: []byte(`shodo = 1
[calendars.acme-support]
zone = "Asia/Tokyo"
holidays = "jp"
closed = ["2026-12-29..2027-01-03", 2027-05-06]
hours = "09:00-18:00"

[roles.ic]
title = "Incident commander"
assignee = "IT systems manager"

[parties.acme]
title = "ACME Systems"
kind = "vendor"
contract = { maintenance = true, nda = true }
calendar = "acme-support"
means = [ { by = "email", to = "support@acme.example" } ]

[milestones.aware]
title = "Became aware of the incident"
`)},
	"runbook.toml": {Data: []byte(`shodo = 1
id = "clocks"
title = "Clocks"
include = ["contacts.toml"]
calendar = "head-office"

[calendars.head-office]
zone = "Asia/Tokyo"
holidays = "jp"

[calendars.sec]
zone = "America/New_York"
holidays = "us"
days = ["mon", "tue", "wed", "thu", "fri"]

[[duties]]
id = "vendor-report"
on = "done:first-call"
who = "acme"
within = "1bd"

[[duties]]
id = "first-call"
on = "opened"
who = "ic"
contacts = "acme"
asap = true
target = "30m"

[[duties]]
id = "regulator"
on = "verdict"
who = "ic"
from = "milestone:aware"
within = "72h"
target = "24h"

[[duties]]
id = "dora-initial"
on = "verdict"
who = "ic"
within = "4h"
not_after = { from = "milestone:aware", within = "24h" }

[[duties]]
id = "sec-8k"
on = "verdict"
who = "ic"
calendar = "sec"
within = "4bd"

[[duties]]
id = "status-update"
on = "verdict"
who = "ic"
every = "30m"
until = "done:regulator"
within = "15m"

[[duties]]
id = "internal-memo"
on = "verdict"
who = "ic"
within = "2bd"

[triage]
start = "q"
[triage.nodes.q]
ask = "?"
options = [{ id = "a", label = "A", verdict = "v", stamp = ["aware"] }]
[verdicts.v]
title = "V"
security = true
`)},
}

func loadClockRunbook(t *testing.T) *Runbook {
	t.Helper()
	rb, diags := LoadFS(clockRunbook, "runbook.toml", Options{})
	if rb == nil || len(diags) > 0 {
		t.Fatalf("clock runbook does not load cleanly:\n%v", diags)
	}
	return rb
}

func TestClockKeys(t *testing.T) {
	t.Parallel()
	rb := loadClockRunbook(t)
	aware := Trigger{Kind: TriggerMilestone, Arg: "aware"}
	tests := []struct {
		duty  string
		check func(d *Duty) bool
	}{
		{"vendor-report", func(d *Duty) bool { return d.Within == Duration{BusinessDays: 1} && d.Target.IsZero() && !d.ASAP }},
		{"first-call", func(d *Duty) bool {
			return d.ASAP && d.Within.IsZero() && d.Target == Duration{Clock: 30 * time.Minute}
		}},
		{"regulator", func(d *Duty) bool { return d.From == aware && d.Within == Duration{Clock: 72 * time.Hour} }},
		{"dora-initial", func(d *Duty) bool {
			return d.From == Trigger{} && d.NotAfter != nil && d.NotAfter.From == aware && d.NotAfter.Within == Duration{Clock: 24 * time.Hour}
		}},
		{"sec-8k", func(d *Duty) bool { return d.Calendar == "sec" && d.Within == Duration{BusinessDays: 4} }},
		{"status-update", func(d *Duty) bool {
			return d.Every == Duration{Clock: 30 * time.Minute} && d.Until == Trigger{Kind: TriggerDone, Arg: "regulator"} && !d.Within.IsZero()
		}},
	}
	for _, tc := range tests {
		if d := rb.Duty(tc.duty); d == nil || !tc.check(d) {
			t.Errorf("duty %s decoded as %+v", tc.duty, d)
		}
	}
	c := rb.CalendarByID("acme-support")
	if c == nil || c.Zone.String() != "Asia/Tokyo" || c.Holidays != calendar.HolidaysJapan || c.Hours != "09:00-18:00" || len(c.Closed) != 7 || c.Counter() == nil {
		t.Errorf("calendar from the contacts file decoded as %+v", c)
	}
	if c := rb.CalendarByID("sec"); c == nil || len(c.Days) != 5 || c.Days[0] != time.Monday {
		t.Errorf("days decoded as %+v", c)
	}
}

// Which calendar applies: the duty's own, else that of the party that
// must act, else the runbook's.
func TestCalendarOf(t *testing.T) {
	t.Parallel()
	rb := loadClockRunbook(t)
	for duty, want := range map[string]struct {
		id     string
		source CalendarSource
	}{
		"sec-8k":        {"sec", CalendarFromDuty},
		"vendor-report": {"acme-support", CalendarFromParty},
		"first-call":    {"head-office", CalendarFromRunbook}, // contacts acme, but ic must act
		"internal-memo": {"head-office", CalendarFromRunbook},
	} {
		d := rb.Duty(duty)
		id, source := rb.CalendarSourceOf(d)
		if id != want.id || source != want.source || rb.CalendarOf(d).ID != want.id || rb.CounterOf(d) == nil {
			t.Errorf("%s: calendar %q from %q, want %q from %q", duty, id, source, want.id, want.source)
		}
	}
	bare, _ := LoadFS(fstest.MapFS{"r.toml": {Data: []byte(strings.NewReplacer(`calendar = "head-office"`+"\n", "", `within = "2bd"`, `within = "2d"`).Replace(string(clockRunbook["runbook.toml"].Data)))}, "contacts.toml": clockRunbook["contacts.toml"]}, "r.toml", Options{})
	if bare == nil {
		t.Fatal("runbook without a default calendar does not load")
	}
	if c := bare.CalendarOf(bare.Duty("first-call")); c != nil {
		t.Errorf("no calendar applies, got %q", c.ID)
	}
}

func TestDeadlineOf(t *testing.T) {
	t.Parallel()
	rb := loadClockRunbook(t)
	tokyo := mustZone(t, "Asia/Tokyo")
	classified := time.Date(2026, 11, 25, 14, 0, 0, 0, tokyo)
	tests := []struct {
		name          string
		duty          string
		anchor, bound time.Time
		want          Deadline
	}{
		// DORA: 4 h from classification, but at the latest 24 h after
		// awareness, which came 22 h before: the second bound is earlier.
		{"DORA takes the earlier bound", "dora-initial", classified, classified.Add(-22 * time.Hour),
			Deadline{Due: classified.Add(2 * time.Hour)}},
		{"DORA within is earlier", "dora-initial", classified, classified.Add(-10 * time.Hour),
			Deadline{Due: classified.Add(4 * time.Hour)}},
		{"a bound not yet known is ignored", "dora-initial", classified, time.Time{},
			Deadline{Due: classified.Add(4 * time.Hour)}},
		{"within and target", "regulator", classified, time.Time{},
			Deadline{Due: classified.Add(72 * time.Hour), Target: classified.Add(24 * time.Hour)}},
		{"asap has a target and no due time", "first-call", classified, time.Time{},
			Deadline{Target: classified.Add(30 * time.Minute)}},
		// 翌営業日 on the vendor's calendar: Wednesday 14:00 → end of Thursday.
		{"next business day on the party's calendar", "vendor-report", classified, time.Time{},
			Deadline{Due: time.Date(2026, 11, 27, 0, 0, 0, 0, tokyo)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := rb.DeadlineOf(rb.Duty(tc.duty), tc.anchor, tc.bound)
			if !got.Due.Equal(tc.want.Due) || !got.Target.Equal(tc.want.Target) {
				t.Errorf("got due %s target %s, want due %s target %s", got.Due, got.Target, tc.want.Due, tc.want.Target)
			}
		})
	}
}

// The English example of docs/runbook-format.md loads without a single
// diagnostic, and its 8-K is due four SEC business days after the
// materiality determination.
func TestSECExample(t *testing.T) {
	t.Parallel()
	rb, diags := LoadFile("../../docs/examples/sec-8k.toml", Options{Now: testNow})
	if rb == nil || len(diags) > 0 {
		t.Fatalf("docs/examples/sec-8k.toml:\n%v", diags)
	}
	newYork := mustZone(t, "America/New_York")
	material := time.Date(2026, 11, 24, 15, 0, 0, 0, newYork) // the Tuesday before Thanksgiving
	if got, want := rb.DeadlineOf(rb.Duty("sec-8k"), material, time.Time{}).Due, time.Date(2026, 12, 2, 0, 0, 0, 0, newYork); !got.Equal(want) {
		t.Errorf("8-K due %v, want %v (the end of 12-01: Thanksgiving does not count)", got, want)
	}
	if id, source := rb.CalendarSourceOf(rb.Duty("sec-8k")); id != "sec" || source != CalendarFromRunbook {
		t.Errorf("8-K counts on %q from %q", id, source)
	}
}

// The TOML examples of docs/runbook-format.md are valid: the complete
// runbook as it is, and the clock, calendar and verdict snippets inside a
// runbook that defines what they name (a verdict a snippet declares is
// reached by an option of its own).
func TestDocsExamplesLoad(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../docs/runbook-format.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```toml\n(.*?)```").FindAllStringSubmatch(string(src), -1)
	if len(blocks) < 3 {
		t.Fatalf("found %d TOML examples, want the runbook, the clocks and the calendar", len(blocks))
	}
	const base = `shodo = 1
id = "docs"
title = "Docs"
[roles.ic]
title = "IC"
assignee = "me"
[roles.dpo]
title = "DPO"
assignee = "me"
[roles.comms]
title = "Comms"
assignee = "me"
[milestones.aware]
title = "Aware"
[milestones.pii-suspected]
title = "PII"
[milestones.eu-personal-data]
title = "EU"
[milestones.service-restored]
title = "Restored"
[ranks.A]
title = "A"
[triage]
start = "scope"
[triage.nodes.scope]
ask = "?"
options = [{ id = "a", label = "A", verdict = "major-ict-incident", stamp = ["aware", "pii-suspected", "eu-personal-data", "service-restored"] }, { id = "eu", label = "EU", verdict = "major-ict-incident" }%s]
[verdicts.major-ict-incident]
title = "Major"
security = true
`
	for i, b := range blocks {
		doc := b[1]
		if !strings.HasPrefix(doc, "shodo = 1") {
			// A snippet: calendars are used by a duty that names them.
			// A snippet of version 2's keys says so on its first line.
			head := base
			if rest, ok := strings.CutPrefix(doc, "shodo = 2\n"); ok {
				head, doc = strings.Replace(base, "shodo = 1", "shodo = 2", 1), rest
			}
			var more string
			for _, v := range regexp.MustCompile(`(?m)^\[verdicts\.([^\]]+)\]`).FindAllStringSubmatch(doc, -1) {
				more += fmt.Sprintf(", { id = %q, label = %q, verdict = %q }", v[1], v[1], v[1])
			}
			// A snippet's triage nodes are reached from the base's start.
			for _, n := range regexp.MustCompile(`(?m)^\[triage\.nodes\.([^\]]+)\]`).FindAllStringSubmatch(doc, -1) {
				more += fmt.Sprintf(", { id = %q, label = %q, next = %q }", "to-"+n[1], n[1], n[1])
			}
			doc = fmt.Sprintf(head, more) + doc
			if strings.HasPrefix(b[1], "# shodo = 2") { // a snippet of version 2 keys
				doc = strings.Replace(doc, "shodo = 1", "shodo = 2", 1)
			}
			if strings.Contains(b[1], "[calendars.") {
				doc += "[[duties]]\nid = \"uses-calendar\"\non = \"opened\"\nwho = \"ic\"\nwithin = \"1bd\"\ncalendar = \"asagi-support\"\n"
			}
		}
		fsys := fstest.MapFS{"doc.toml": {Data: []byte(doc)}, "contacts.toml": {Data: []byte("shodo = 1\n")}}
		if rb, diags := LoadFS(fsys, "doc.toml", Options{}); rb == nil || len(diags) > 0 {
			t.Errorf("example %d of docs/runbook-format.md:\n%v", i+1, diags)
		}
	}
}
