package runbook

import (
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
)

// TestMonthUnit: "1mo" is the same day of the month, at the same clock
// time in the calendar's zone, clamped to the end of a shorter month; the
// cases are the ones docs/regulations.md (G1) says 30d gets wrong.
func TestMonthUnit(t *testing.T) {
	t.Parallel()
	brussels := mustZone(t, "Europe/Brussels")
	tokyo := mustZone(t, "Asia/Tokyo")
	cet := mustCalendar(t, calendar.Spec{Zone: brussels})
	for _, tc := range []struct {
		name   string
		within string
		anchor time.Time
		want   time.Time
	}{
		{"31 January + 1 month is 28 February", "1mo", time.Date(2027, 1, 31, 10, 0, 0, 0, brussels), time.Date(2027, 2, 28, 10, 0, 0, 0, brussels)},
		{"31 January + 1 month in a leap year is 29 February", "1mo", time.Date(2028, 1, 31, 10, 0, 0, 0, brussels), time.Date(2028, 2, 29, 10, 0, 0, 0, brussels)},
		{"30 January + 1 month is 28 February, not 2 March", "1mo", time.Date(2027, 1, 30, 9, 15, 0, 0, brussels), time.Date(2027, 2, 28, 9, 15, 0, 0, brussels)},
		{"15 February + 1 month is 15 March, 28 days later", "1mo", time.Date(2027, 2, 15, 12, 0, 0, 0, brussels), time.Date(2027, 3, 15, 12, 0, 0, 0, brussels)},
		{"31 March + 1 month is 30 April", "1mo", time.Date(2027, 3, 31, 23, 0, 0, 0, brussels), time.Date(2027, 4, 30, 23, 0, 0, 0, brussels)},
		{"across summer time the clock time is kept", "1mo", time.Date(2027, 3, 10, 8, 0, 0, 0, brussels), time.Date(2027, 4, 10, 8, 0, 0, 0, brussels)},
		{"across a year", "2mo", time.Date(2026, 12, 31, 18, 0, 0, 0, brussels), time.Date(2027, 2, 28, 18, 0, 0, 0, brussels)},
		{"counted in the calendar's zone, whatever the anchor's", "1mo", time.Date(2027, 1, 31, 23, 30, 0, 0, brussels).In(tokyo), time.Date(2027, 2, 28, 23, 30, 0, 0, brussels)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseDuration(tc.within)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Due(tc.anchor, cet); !got.Equal(tc.want) {
				t.Errorf("%s from %s = %s, want %s", tc.within, tc.anchor.Format(time.RFC3339), got.Format(time.RFC3339), tc.want.Format(time.RFC3339))
			}
		})
	}
}

// TestParseMonth: a month stands alone, as a business unit does, and
// round-trips.
func TestParseMonth(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    Duration
		problem string
	}{
		{in: "1mo", want: Duration{Months: 1}},
		{in: "12mo", want: Duration{Months: 12}},
		{in: "0mo", problem: msgDurationZero.ID},
		{in: "1mo2d", problem: msgDurationMonthMixed.ID},
		{in: "2d1mo", problem: msgDurationMonthMixed.ID},
		{in: "500mo", problem: msgDurationTooLong.ID},
		{in: "1m", want: Duration{Clock: time.Minute}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDuration(tc.in)
			if tc.problem != "" {
				if p, ok := err.(*Problem); !ok || p.Msg.ID != tc.problem {
					t.Fatalf("ParseDuration(%q) = %+v, %v; want problem %s", tc.in, got, err, tc.problem)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseDuration(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if back, err := ParseDuration(got.String()); err != nil || back != got {
				t.Errorf("%q does not round-trip through %q", tc.in, got.String())
			}
		})
	}
}

// doraDuty is the DORA initial notification: 4 h from classification and
// no later than 24 h after awareness, a bound that lapses when the
// classification comes after it (2025/301 Art. 5(2)).
const doraDuty = `
[milestones.dora-aware]
title = "Aware"
[milestones.classified-major]
title = "Classified major"

[[duties]]
id = "dora-initial"
legal = true
on = "milestone:classified-major"
who = "ic"
within = "4h"
not_after = { from = "milestone:dora-aware", within = "24h", lapses = true }

[[duties]]
id = "dora-final"
on = "done:dora-initial"
who = "ic"
within = "1mo"
`

// TestLapsingBound: DORA's two bounds, to the minute, before and after the
// 24 hours; a version 1 file may use neither lapses nor months.
func TestLapsingBound(t *testing.T) {
	t.Parallel()
	rb, text := loadV2(t, doraDuty)
	if rb == nil {
		t.Fatal(text)
	}
	aware := time.Date(2027, 3, 5, 20, 0, 0, 0, time.UTC) // a Friday
	for _, tc := range []struct {
		name       string
		classified time.Time
		want       time.Time
	}{
		{"classified 14 h after awareness: 4 h", aware.Add(14 * time.Hour), aware.Add(18 * time.Hour)},
		{"classified 22 h after: the 24 h bound is earlier", aware.Add(22 * time.Hour), aware.Add(24 * time.Hour)},
		{"classified exactly at 24 h: the bound has passed, 4 h", aware.Add(24 * time.Hour), aware.Add(28 * time.Hour)},
		{"classified 30 h after: 4 h, not overdue at once", aware.Add(30 * time.Hour), aware.Add(34 * time.Hour)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := rb.DeadlineOf(rb.Duty("dora-initial"), tc.classified, aware)
			if !got.Due.Equal(tc.want) {
				t.Errorf("due %s, want %s", got.Due.Format(time.RFC3339), tc.want.Format(time.RFC3339))
			}
		})
	}
	v1 := strings.Replace(v2Base, "shodo = 2", "shodo = 1", 1) + doraDuty
	_, diags := LoadSources([]Source{{Path: "runbook.toml", Text: v1}}, Options{Now: testNow})
	got := render(diags, "")
	for _, want := range []string{`"lapses" is new in format version 2`, `"1mo" as "within" is new in format version 2`} {
		if !strings.Contains(got, want) {
			t.Errorf("version 1 file: want %q in:\n%s", want, got)
		}
	}
}
