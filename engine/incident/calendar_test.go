package incident

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// calendarRunbook has a duty on a vendor's business calendar and one
// without a hard limit (a target only).
const calendarRunbook = `shodo = 1
id = "calendars"
title = "Calendars"

[calendars.vendor-desk]
zone = "Asia/Tokyo"
holidays = "jp"
closed = ["2026-12-29..2027-01-03"]
hours = "09:00-18:00"

[roles.ic]
title = "IC"
assignee = "me"

[parties.vendor]
title = "Vendor"
kind = "vendor"
contract = { maintenance = true }
calendar = "vendor-desk"

[[duties]]
id = "written-report"
on = "opened"
who = "vendor"
within = "1bd"

[[duties]]
id = "first-call"
on = "opened"
who = "ic"
contacts = "vendor"
target = "30m"

[triage]
start = "q"
[triage.nodes.q]
ask = "?"
options = [{ id = "a", label = "A", verdict = "v" }]
[verdicts.v]
title = "V"
security = false
`

// Until the clock semantics of issue 10 land, the engine computes a due
// time on the duty's calendar, and a duty without within has none: it
// never becomes overdue and is never late.
func TestDueTimesOnCalendars(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(fstest.MapFS{"r.toml": {Data: []byte(calendarRunbook)}}, "r.toml", runbook.Options{})
	if rb == nil {
		t.Fatalf("load:\n%v", diags)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	must(t, err)
	friday := time.Date(2026, 12, 25, 17, 0, 0, 0, tokyo) // before the New Year closure
	clock := testkit.NewClock(friday)
	s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})

	// 翌営業日 of Friday 12-25 is Monday 12-28: due at its end.
	if d := s.State().Duty("written-report"); !d.Due.Equal(time.Date(2026, 12, 29, 0, 0, 0, 0, tokyo)) {
		t.Errorf("written-report due %v, want the end of 2026-12-28 in Tokyo", d.Due)
	}
	d := s.State().Duty("first-call")
	if d.Status != StatusRunning || !d.Due.IsZero() {
		t.Fatalf("first-call: %s due %v; want running with no due time", d.Status, d.Due)
	}
	if next, ok := s.NextDue(); !ok || !next.Equal(time.Date(2026, 12, 29, 0, 0, 0, 1, tokyo)) {
		t.Errorf("NextDue = %v, %v; want the written report's only", next, ok)
	}
	clock.Set(friday.Add(365 * 24 * time.Hour))
	must(t, s.Tick())
	if d := s.State().Duty("first-call"); d.Overdue {
		t.Error("a duty without within became overdue")
	}
	must(t, s.DutyDone("alice", "first-call", "phone", ""))
	if d := s.State().Duty("first-call"); d.Status != StatusDone || d.Late != 0 {
		t.Errorf("first-call: %s late %v; want done, not late", d.Status, d.Late)
	}
}

// Pausing and resuming a duty that has no hard due time keeps it without
// one: resuming must not invent a deadline from a zero remainder.
func TestPauseWithoutDueTime(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(fstest.MapFS{"r.toml": {Data: []byte(calendarRunbook)}}, "r.toml", runbook.Options{})
	if rb == nil {
		t.Fatalf("load:\n%v", diags)
	}
	clock := testkit.NewClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
	must(t, s.PauseDuty("sato", "first-call", "waiting for the vendor's callback"))
	clock.Advance(3 * time.Hour)
	must(t, s.ResumeDuty("sato", "first-call", ""))
	clock.Advance(24 * time.Hour)
	d := s.State().Duty("first-call")
	if !d.Due.IsZero() || d.Overdue || d.Remaining(clock.Now()) != 0 {
		t.Errorf("after pause and resume: due %v, overdue %v, remaining %v; want no due time", d.Due, d.Overdue, d.Remaining(clock.Now()))
	}
	must(t, s.DutyDone("sato", "first-call", "", ""))
	if d := s.State().Duty("first-call"); d.Late != 0 {
		t.Errorf("done %v late; a duty without a due time is never late", d.Late)
	}
}
