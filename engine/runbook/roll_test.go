package runbook

import (
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
)

// rollFragment is regimeFragment with the relief of DORA's Art. 5(4) on
// its one duty, and the CRA's start date on the whole file.
var rollFragment = strings.Replace(strings.Replace(regimeFragment, `within = "72h"`, `within = "1mo"
roll = "next-working-day 12:00"`, 1), `reviewed = 2026-11-20`, `reviewed = 2026-11-20
applies_from = 2026-09-11`, 1)

// germanIncluder is includer with a Frankfurt calendar on German public
// holidays.
func germanIncluder(holidays string) string {
	return strings.Replace(includer(""), `include = ["gdpr.toml"]`, `include = ["gdpr.toml"]
calendar = "frankfurt"`, 1) + `
[calendars.frankfurt]
zone = "Europe/Berlin"
` + holidays + "\n"
}

// TestRollDiagnostics: a roll needs a known rule and a calendar on which a
// day can be closed; applies_from is a date; both are version 2. Each
// problem is reported where it is written, with the fix.
func TestRollDiagnostics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		runbook  string
		fragment string
		want     string
	}{
		{name: "a roll on a German calendar loads clean", runbook: germanIncluder(`holidays = "de"`), fragment: rollFragment},
		{name: "weekends alone are closed days", runbook: germanIncluder(""), fragment: rollFragment},
		{name: "unknown rule", runbook: germanIncluder(`holidays = "de"`),
			fragment: strings.Replace(rollFragment, `"next-working-day 12:00"`, `"next-business-day 12:00"`, 1),
			want:     `gdpr.toml:26:1: error: duty "gdpr-72h": roll = "next-business-day 12:00" is not a roll rule; write roll = "next-working-day 12:00"`},
		{name: "a rule without its time", runbook: germanIncluder(`holidays = "de"`),
			fragment: strings.Replace(rollFragment, `"next-working-day 12:00"`, `"next-working-day noon"`, 1),
			want:     `gdpr.toml:26:1: error: duty "gdpr-72h": roll = "next-working-day noon" is not a roll rule`},
		{name: "no calendar applies", runbook: includer(""), fragment: rollFragment,
			want: `gdpr.toml:26:1: error: duty "gdpr-72h": roll = "next-working-day 12:00" moves a due time off closed days, but no calendar applies; give the duty, the party that must act (who) or the runbook a calendar = "<id>"`},
		{name: "a calendar where every day works", runbook: germanIncluder(`days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]`), fragment: rollFragment,
			want: `gdpr.toml:26:1: error: duty "gdpr-72h": roll = "next-working-day 12:00" can never move anything: calendar "frankfurt" (the runbook's) has no closed day`},
		{name: "unknown holiday set names the Member States", runbook: germanIncluder(`holidays = "deu"`), fragment: rollFragment,
			want: `error: calendar "frankfurt": unknown holiday set "deu" (did you mean "de"?)`},
		{name: "applies_from quoted", runbook: germanIncluder(`holidays = "de"`),
			fragment: strings.Replace(rollFragment, `applies_from = 2026-09-11`, `applies_from = "2026-09-11"`, 1),
			want:     `gdpr.toml:5:1: error: "applies_from" must be a TOML date without quotes or a time, e.g. applies_from = 2026-09-11`},
		{name: "applies_from with a time", runbook: germanIncluder(`holidays = "de"`),
			fragment: strings.Replace(rollFragment, `applies_from = 2026-09-11`, `applies_from = 2026-09-11T00:00:00Z`, 1),
			want:     `gdpr.toml:5:1: error: "applies_from" must be a TOML date`},
		{name: "applies_from with no calendar: the day is read in the machine's zone", runbook: includer(""),
			fragment: strings.Replace(rollFragment, "roll = \"next-working-day 12:00\"\n", "", 1),
			want:     `gdpr.toml:17:1: warning: duty "gdpr-72h": it applies from 2026-09-11, but no calendar gives the zone in which that day is read`},
		{name: "version 1 refuses roll", runbook: germanIncluder(`holidays = "de"`),
			fragment: strings.Replace(strings.Replace(rollFragment, "shodo = 2", "shodo = 1", 1), "applies_from = 2026-09-11\n", "", 1),
			want:     `"duties" is new in format version 2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rb, diags := LoadSources([]Source{{Path: "runbook.toml", Text: tc.runbook}, {Path: "gdpr.toml", Text: tc.fragment}}, Options{Now: testNow})
			got := render(diags, "")
			if tc.want == "" {
				if got != "" || rb == nil {
					t.Fatalf("want a clean load, got:\n%s", got)
				}
				return
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("want %q in:\n%s", tc.want, got)
			}
		})
	}
	// A runbook's own duty: version 1 refuses both keys.
	v1 := strings.Replace(v2Base, "shodo = 2", "shodo = 1", 1) + `
[[duties]]
id = "final"
on = "opened"
who = "ic"
within = "3d"
roll = "next-working-day 12:00"
applies_from = 2026-09-11
`
	_, diags := LoadSources([]Source{{Path: "runbook.toml", Text: v1}}, Options{Now: testNow})
	got := render(diags, "")
	for _, want := range []string{`"roll" is new in format version 2`, `"applies_from" is new in format version 2`} {
		if !strings.Contains(got, want) {
			t.Errorf("version 1 file: want %q in:\n%s", want, got)
		}
	}
}

// TestRolledDeadline: a due time that falls on a closed day of the duty's
// calendar moves to noon of the next working day in its zone, and the
// deadline keeps where it fell; one on a working day stays. The fragment's
// applies_from reaches its duty.
func TestRolledDeadline(t *testing.T) {
	t.Parallel()
	rb, diags := LoadSources([]Source{{Path: "runbook.toml", Text: germanIncluder(`holidays = "de"`)}, {Path: "gdpr.toml", Text: rollFragment}}, Options{Now: testNow})
	if rb == nil || len(diags) > 0 {
		t.Fatal(render(diags, ""))
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	d := rb.Duty("gdpr-72h")
	for _, tc := range []struct {
		name          string
		anchor        time.Time
		due, unrolled time.Time
	}{
		{"one month after Sunday 31 January is Sunday 28 February: Monday noon", time.Date(2027, 1, 31, 10, 0, 0, 0, berlin),
			time.Date(2027, 3, 1, 12, 0, 0, 0, berlin), time.Date(2027, 2, 28, 10, 0, 0, 0, berlin)},
		{"one month after Thursday 25 February is Thursday 25 March: stays", time.Date(2027, 2, 25, 18, 0, 0, 0, berlin),
			time.Date(2027, 3, 25, 18, 0, 0, 0, berlin), time.Time{}},
		{"one month after Friday 26 February is Good Friday: Tuesday noon after Easter, in summer time", time.Date(2027, 2, 26, 18, 0, 0, 0, berlin),
			time.Date(2027, 3, 30, 12, 0, 0, 0, berlin), time.Date(2027, 3, 26, 18, 0, 0, 0, berlin)},
		{"one month after 29 March 2027 is Thursday 29 April: stays", time.Date(2027, 3, 29, 9, 0, 0, 0, berlin),
			time.Date(2027, 4, 29, 9, 0, 0, 0, berlin), time.Time{}},
		{"one month after 17 April is Whit Monday 17 May: Tuesday noon", time.Date(2027, 4, 17, 9, 0, 0, 0, berlin),
			time.Date(2027, 5, 18, 12, 0, 0, 0, berlin), time.Date(2027, 5, 17, 9, 0, 0, 0, berlin)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := rb.DeadlineOf(d, tc.anchor, time.Time{})
			if !got.Due.Equal(tc.due) || !got.Unrolled.Equal(tc.unrolled) {
				t.Errorf("due %s (unrolled %s), want %s (unrolled %s)", got.Due.Format(time.RFC3339), got.Unrolled.Format(time.RFC3339),
					tc.due.Format(time.RFC3339), tc.unrolled.Format(time.RFC3339))
			}
		})
	}
	from, source, ok := d.Applicability()
	if !ok || from != (calendar.Date{Year: 2026, Month: time.September, Day: 11}) || source == "" {
		t.Errorf("Applicability() = %v, %q, %v; want the fragment's 2026-09-11 and its source", from, source, ok)
	}
	if _, _, ok := rb.Duty("call-csirt").Applicability(); ok {
		t.Error("the runbook's own duty took the fragment's applies_from")
	}
}
