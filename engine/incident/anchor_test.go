package incident

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// aware runs the shipped runbook to its three personal-data milestones,
// the APPI awareness one (appi-aware, from regulations/appi.toml) claimed
// claim before its stamp (zero: not claimed), and returns the session.
func aware(t *testing.T, claim time.Duration) *Session {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openReal(t, clock, OpenOptions{})
	clock.Advance(3 * time.Hour)
	var happened time.Time
	if claim > 0 {
		happened = clock.Now().Add(-claim)
	}
	must(t, s.StampAt("alice", "appi-aware", happened))
	clock.Advance(30 * time.Minute)
	must(t, s.Stamp("alice", "appi-wrongful-purpose"))
	clock.Advance(90 * time.Minute)
	must(t, s.Stamp("alice", "gdpr-aware"))
	return s
}

// APPI's 60-day report applies once a wrongful purpose is suspected but
// counts from awareness: claimed awareness two hours before the stamp moves
// its due time two hours earlier, whatever the later stamp that starts it.
func TestClaimedAwarenessMovesAnchoredDueTimes(t *testing.T) {
	t.Parallel()
	plain, claimed := aware(t, 0), aware(t, 2*time.Hour)
	awareAt := t0.Add(3 * time.Hour)
	for _, tc := range []struct {
		duty   string
		within time.Duration
	}{{"appi-final-wrongful", 59 * 24 * time.Hour}} {
		p, c := plain.State().Duty(tc.duty), claimed.State().Duty(tc.duty)
		if p.Status != StatusRunning || c.Status != StatusRunning {
			t.Fatalf("%s: %s and %s, want both running", tc.duty, p.Status, c.Status)
		}
		if want := awareAt.Add(tc.within); !p.Due.Equal(want) {
			t.Errorf("%s unclaimed: due %v, want %v (from awareness, not from its trigger %v)", tc.duty, p.Due, want, p.Started)
		}
		if got := p.Due.Sub(c.Due); got != 2*time.Hour {
			t.Errorf("%s: claimed awareness moved the due time by %v, want 2h (%v → %v)", tc.duty, got, p.Due, c.Due)
		}
		if c.Anchor != "milestone:appi-aware" || !c.Anchored.Equal(awareAt.Add(-2*time.Hour)) || !c.AnchorRecorded.Equal(awareAt) {
			t.Errorf("%s: anchor %q at %v (recorded %v)", tc.duty, c.Anchor, c.Anchored, c.AnchorRecorded)
		}
		if !c.Started.After(c.Anchored) || !c.Recorded.IsZero() {
			t.Errorf("%s: started %v (recorded %v): the trigger is its own, later stamp", tc.duty, c.Started, c.Recorded)
		}
	}
	checkReplay(t, claimed)
}

// A duty the law bounds by "promptly" and nothing else has no hard due
// time: it is never overdue, and the timeline says "as soon as possible"
// (with the team's own target when the duty has one). The shipped
// service-failure's notice to the people affected (APPI Art. 26(2), from
// the library) has none; cloud-service-outage's own copy aims for a week.
func TestASAPDutyHasNoDueTime(t *testing.T) {
	t.Parallel()
	outage, diags := runbook.LoadFS(runbooks.FS, "cloud-service-outage.toml", runbook.Options{})
	if outage == nil {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		name, milestone, duty string
		rb                    *runbook.Runbook
		target                time.Duration // zero: none
		sentence              string
	}{
		{"law only", "appi-aware", "appi-notify-individuals", shippedRunbook(t), 0, "export.event.duty-started-asap"},
		{"with the team's target", "pii-suspected", "notify-individuals", outage, 7 * 24 * time.Hour, "export.event.duty-started-asap-target"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			s, err := Open(tc.rb, OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
			must(t, err)
			clock.Advance(3 * time.Hour)
			must(t, s.Stamp("alice", tc.milestone))
			d := s.State().Duty(tc.duty)
			wantTarget := time.Time{}
			if tc.target > 0 {
				wantTarget = t0.Add(3*time.Hour + tc.target)
			}
			if !d.Due.IsZero() || !d.ASAP || !d.Target.Equal(wantTarget) {
				t.Fatalf("%s: due %v, asap %v, target %v; want no due time, asap, target %v", tc.duty, d.Due, d.ASAP, d.Target, wantTarget)
			}
			if _, ok := s.State().NextDue(); !ok {
				t.Fatal("the other duties' clocks are running")
			}
			var said string
			for _, e := range s.State().Events {
				if p, ok := e.Data.(DutyStarted); ok && p.Duty == tc.duty {
					said = sentenceDutyStarted(p).ID
				}
			}
			if said != tc.sentence {
				t.Errorf("%s started with sentence %q; want %q", tc.duty, said, tc.sentence)
			}
			checkReplay(t, s)
		})
	}
}

// DORA's initial notification (testdata/incident/clocks.toml): within 4
// hours of classification, and at the latest 24 hours after awareness.
func TestDORATakesTheEarlierBound(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "clocks.toml")
	for _, tc := range []struct {
		name       string
		classified time.Duration // after awareness
		want       time.Duration // due, after awareness
	}{
		{"the 24-hour bound is earlier", 22 * time.Hour, 24 * time.Hour},
		{"the 4-hour limit is earlier", 10 * time.Hour, 14 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s, err := Open(rb, OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
			must(t, err)
			t.Cleanup(func() { _ = s.Detach() })
			must(t, s.Stamp("alice", "aware"))
			clock.Advance(tc.classified)
			must(t, s.Stamp("alice", "major"))
			d := s.State().Duty("dora-initial")
			if want := t0.Add(tc.want); !d.Due.Equal(want) || !d.Bound.Equal(t0) {
				t.Errorf("due %v (bound from %v), want %v", d.Due, d.Bound, want)
			}
			checkReplay(t, s)
		})
	}
}

// A duty whose anchor has not happened when its trigger holds counts from
// the trigger, and its due time does not move when the anchor comes.
func TestAnchorNotYetHappenedCountsFromTheTrigger(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFixture(t, "clocks.toml", clock)
	must(t, s.Stamp("alice", "major"))
	clock.Advance(time.Hour)
	must(t, s.Stamp("alice", "aware"))
	d := s.State().Duty("anchored")
	if want := t0.Add(72 * time.Hour); !d.Due.Equal(want) || d.Anchor != "" {
		t.Errorf("due %v (anchor %q), want %v from the trigger", d.Due, d.Anchor, want)
	}
	checkReplay(t, s)
}

// A status update every 4 hours, until the service is back at 13 h: four
// occurrences (from 0, 4, 8 and 12 h), each with its own clock, done or
// missed on its own; none after until holds, and the running one stops.
func TestRecurringDutyInstances(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFixture(t, "clocks.toml", clock)
	check := func(when string, instance int, status DutyStatus, due time.Duration) {
		t.Helper()
		d := s.State().Duty("status-update")
		if d.Instance != instance || d.Status != status || !d.Due.Equal(t0.Add(due)) {
			t.Fatalf("%s: occurrence %d %s due %v; want %d %s due %v", when, d.Instance, d.Status, d.Due, instance, status, t0.Add(due))
		}
	}
	check("opened", 1, StatusRunning, 4*time.Hour)
	clock.Advance(time.Hour)
	must(t, s.DutyDone("alice", "status-update", "", "first update"))
	check("first done", 1, StatusDone, 4*time.Hour)
	if next, ok := s.State().NextDue(); !ok || !next.Equal(t0.Add(4*time.Hour+time.Nanosecond)) {
		t.Fatalf("NextDue %v %v; want the second occurrence at 4h", next, ok)
	}
	clock.Set(t0.Add(5 * time.Hour))
	must(t, s.Tick())
	check("second", 2, StatusRunning, 8*time.Hour)
	// The second is never done: at 9 h it is overdue, and the third runs.
	clock.Set(t0.Add(9 * time.Hour))
	must(t, s.Tick())
	check("third", 3, StatusRunning, 12*time.Hour)
	must(t, s.Waive("alice", "status-update", "merged into the 10:00 call"))
	clock.Set(t0.Add(13 * time.Hour))
	must(t, s.Stamp("alice", "resolved"))
	check("until", 4, StatusCancelled, 16*time.Hour)
	clock.Set(t0.Add(30 * time.Hour))
	must(t, s.Tick())
	st := s.State()
	d := st.Duty("status-update")
	if d.Instance != 4 || len(d.Occurrences) != 3 || d.CancelCode != CancelUntil {
		t.Fatalf("after until: occurrence %d, %d earlier, cancel %q", d.Instance, len(d.Occurrences), d.CancelCode)
	}
	want := []struct {
		status  DutyStatus
		overdue bool
	}{{StatusDone, false}, {StatusRunning, true}, {StatusWaived, false}}
	for i, o := range d.Occurrences {
		if o.Instance != i+1 || o.Status != want[i].status || o.Overdue != want[i].overdue || !o.Started.Equal(t0.Add(time.Duration(4*i)*time.Hour)) {
			t.Errorf("occurrence %d: %+v", i+1, o)
		}
	}
	if _, ok := st.NextDue(); ok {
		t.Error("a clock still runs after until held")
	}
	checkReplay(t, s)
}

// Restarting an occurrence of a recurring duty with no `within` gives it
// one period again, and the occurrences go on from its new due time.
func TestRestartRecurringOccurrence(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFixture(t, "clocks.toml", clock)
	clock.Advance(time.Hour)
	must(t, s.RestartDuty("alice", "status-update", "the first update went to the wrong list"))
	if d := s.State().Duty("status-update"); !d.Due.Equal(t0.Add(5 * time.Hour)) {
		t.Fatalf("restarted occurrence due %v, want 5h", d.Due)
	}
	clock.Set(t0.Add(5*time.Hour + time.Minute))
	must(t, s.Tick())
	if d := s.State().Duty("status-update"); d.Instance != 2 || !d.Due.Equal(t0.Add(9*time.Hour)) {
		t.Fatalf("occurrence %d due %v, want 2 due 9h", d.Instance, d.Due)
	}
	checkReplay(t, s)
}
