package incident

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin must load on machines without zoneinfo

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

func countType(st *State, typ, duty string) int {
	n := 0
	for _, e := range st.Events {
		if e.Type == typ && subject(e.Data) == duty {
			n++
		}
	}
	return n
}

func TestDutyClockAroundDue(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	due := t0.Add(time.Hour) // first-call: on opened, within 1h
	tests := []struct {
		name    string
		at      time.Duration // from due
		overdue bool
	}{
		{"one second before", -time.Second, false},
		{"exactly at due", 0, false},
		{"one nanosecond after", time.Nanosecond, true},
		{"one second after", time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
			d := s.State().Duty("first-call")
			if d.Status != StatusRunning || !d.Due.Equal(due) || !d.Started.Equal(t0) {
				t.Fatalf("first-call: %s started %v due %v; want running from %v due %v", d.Status, d.Started, d.Due, t0, due)
			}
			if next, ok := s.NextDue(); !ok || !next.Equal(due.Add(time.Nanosecond)) {
				t.Fatalf("NextDue = %v, %v; want one nanosecond after %v", next, ok, due)
			}
			clock.Set(due.Add(tt.at))
			for range 3 { // ticking again must not record it again
				must(t, s.Tick())
			}
			st := s.State()
			d = st.Duty("first-call")
			if d.Overdue != tt.overdue || d.Status != StatusRunning {
				t.Fatalf("at due%+v: overdue=%v status=%s; want overdue=%v, running", tt.at, d.Overdue, d.Status, tt.overdue)
			}
			want := 0
			if tt.overdue {
				want = 1
			}
			if n := countType(st, TypeDutyOverdue, "first-call"); n != want {
				t.Fatalf("%d duty.overdue events; want %d", n, want)
			}
			if tt.overdue && !d.OverdueAt.Equal(due.Add(tt.at)) {
				t.Errorf("OverdueAt = %v; want %v", d.OverdueAt, due.Add(tt.at))
			}
			if next, ok := s.NextDue(); tt.overdue && ok && next.Equal(due.Add(time.Nanosecond)) {
				t.Errorf("NextDue still %v after the duty was recorded overdue", next)
			}
		})
	}
}

func TestDutyDoneOnTimeOrLate(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	due := t0.Add(time.Hour)
	tests := []struct {
		name    string
		at      time.Duration // from due
		late    time.Duration
		overdue bool
	}{
		{"early", -30 * time.Minute, 0, false},
		{"exactly at due", 0, 0, false},
		{"late by 90s", 90 * time.Second, 90 * time.Second, true},
		{"late by a day", 24 * time.Hour, 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
			clock.Set(due.Add(tt.at))
			must(t, s.DutyDone("bob", "first-call", "phone", "reached the hotline"))
			st := s.State()
			d := st.Duty("first-call")
			if d.Status != StatusDone || d.Late != tt.late || d.OnTime() != (tt.late == 0) || d.Overdue != tt.overdue {
				t.Fatalf("done at due%+v: status=%s late=%v onTime=%v overdue=%v; want done, late=%v, overdue=%v",
					tt.at, d.Status, d.Late, d.OnTime(), d.Overdue, tt.late, tt.overdue)
			}
			if d.DoneBy != "bob" || d.Means != "phone" || d.Note != "reached the hotline" {
				t.Errorf("done by %q via %q note %q", d.DoneBy, d.Means, d.Note)
			}
			// The overdue (recorded by the command's own tick) comes before the done.
			if tt.overdue {
				got := types(st, 0)
				if i, j := slices.Index(got, "duty.overdue first-call"), slices.Index(got, "duty.done first-call"); i < 0 || i > j {
					t.Errorf("events %v: want duty.overdue before duty.done", got)
				}
			}
			// done:first-call starts the vendor's report, its clock from the done time.
			r := st.Duty("report")
			if r.Status != StatusRunning || !r.Started.Equal(d.DoneAt) || !r.Due.Equal(d.DoneAt.Add(4*time.Hour)) || r.Trigger != "done:first-call" {
				t.Errorf("report: %s on %q from %v due %v", r.Status, r.Trigger, r.Started, r.Due)
			}
		})
	}
}

func TestDutyCalendarDaysAcrossDST(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	must(t, err)
	rb := loadFixture(t, "triggers.toml")
	tests := []struct {
		name   string
		opened time.Time
		due    time.Time
		hours  time.Duration
	}{
		// Summer time ends on 2026-10-25: three calendar days are 73 hours.
		{"autumn", time.Date(2026, 10, 23, 10, 0, 0, 0, berlin), time.Date(2026, 10, 26, 10, 0, 0, 0, berlin), 73 * time.Hour},
		// Summer time starts on 2026-03-29: three calendar days are 71 hours.
		{"spring", time.Date(2026, 3, 27, 10, 0, 0, 0, berlin), time.Date(2026, 3, 30, 10, 0, 0, 0, berlin), 71 * time.Hour},
		{"no change", time.Date(2026, 6, 10, 10, 0, 0, 0, berlin), time.Date(2026, 6, 13, 10, 0, 0, 0, berlin), 72 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(tt.opened)
			mj := &memJournal{}
			s := openMem(t, rb, OpenOptions{Clock: clock}, mj)
			must(t, s.Answer("alice", "symptom", "ransom")) // verdict:ransomware, within 3d
			d := s.State().Duty("ransom")
			if !d.Due.Equal(tt.due) || d.Due.Sub(d.Started) != tt.hours {
				t.Fatalf("due %v (%v after start); want %v (%v)", d.Due.In(berlin), d.Due.Sub(d.Started), tt.due, tt.hours)
			}
			// One second before the calendar due time it is still running,
			// although more than 72 hours have passed in autumn.
			clock.Set(tt.due.Add(-time.Second))
			must(t, s.Tick())
			if s.State().Duty("ransom").Overdue {
				t.Fatal("overdue one second before its calendar due time")
			}
			clock.Set(tt.due.Add(time.Second))
			must(t, s.Tick())
			if !s.State().Duty("ransom").Overdue {
				t.Fatal("not overdue one second after its calendar due time")
			}
			// A replay, whose times come back with fixed offsets, agrees.
			if got, want := digest(t, Fold(rb, mj.events(t))), digest(t, s.State()); got != want {
				t.Fatalf("replay differs: %s", firstDiff(got, want))
			}
		})
	}
}

func TestEscalationChainInOneTick(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	clock := testkit.NewClock(t0)
	s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
	clock.Advance(10 * time.Minute)
	must(t, s.DutyDone("alice", "first-call", "email", ""))
	done := t0.Add(10 * time.Minute)
	before := s.State().LastSeq
	// Away for a day: report (4h) is overdue; its escalation (30m from the
	// report's due time) and the next one (10m) are overdue as well.
	clock.Advance(24 * time.Hour)
	must(t, s.Tick())
	st := s.State()
	want := []string{
		"duty.overdue report",
		"duty.started escalate on overdue:report",
		"duty.overdue escalate",
		"duty.started escalate-again on overdue:escalate",
		"duty.overdue escalate-again",
	}
	if got := types(st, before); !slices.Equal(got, want) {
		t.Fatalf("events after the tick:\n%q\nwant\n%q", got, want)
	}
	report, esc, again := st.Duty("report"), st.Duty("escalate"), st.Duty("escalate-again")
	if !report.Due.Equal(done.Add(4 * time.Hour)) {
		t.Errorf("report due %v", report.Due)
	}
	// Escalation clocks run from the moment the earlier duty became
	// overdue, not from when the tick noticed.
	if !esc.Started.Equal(report.Due) || !esc.Due.Equal(report.Due.Add(30*time.Minute)) {
		t.Errorf("escalate from %v due %v; want from %v", esc.Started, esc.Due, report.Due)
	}
	if !again.Started.Equal(esc.Due) || !again.Due.Equal(esc.Due.Add(10*time.Minute)) {
		t.Errorf("escalate-again from %v due %v; want from %v", again.Started, again.Due, esc.Due)
	}
	if _, ok := s.NextDue(); ok {
		t.Error("NextDue reports work though every running duty is overdue")
	}
	// Ticking again changes nothing.
	must(t, s.Tick())
	if s.State().LastSeq != st.LastSeq {
		t.Error("a second tick recorded more events")
	}
}

func TestCascadingTriggers(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	tests := []struct {
		name    string
		answers [][2]string
		stamp   string
		started []string // duties running afterwards, besides first-call
		why     map[string]string
	}{
		{
			name:    "ransomware: verdict, security, verdict:id, rank and an option stamp",
			answers: [][2]string{{"symptom", "ransom"}},
			started: []string{"any-verdict", "security", "ransom", "rank-a", "pii-report"},
			why:     map[string]string{"pii-report": "milestone:pii", "rank-a": "rank:A", "ransom": "verdict:ransomware", "security": "security"},
		},
		{
			name:    "hardware: not-security",
			answers: [][2]string{{"symptom", "down"}, {"cause", "hw"}},
			started: []string{"any-verdict", "ordinary"},
			why:     map[string]string{"ordinary": "not-security", "any-verdict": "verdict"},
		},
		{
			name:    "leak: the stamp came first, so its clock wins",
			answers: [][2]string{{"symptom", "down"}, {"cause", "leak"}},
			started: []string{"any-verdict", "security", "pii-report"},
			why:     map[string]string{"pii-report": "milestone:pii"},
		},
		{
			name:    "manual milestone",
			stamp:   "contained",
			started: []string{"after-containment"},
			why:     map[string]string{"after-containment": "milestone:contained"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
			for _, a := range tt.answers {
				must(t, s.Answer("alice", a[0], a[1]))
			}
			if tt.stamp != "" {
				must(t, s.Stamp("alice", tt.stamp))
			}
			st := s.State()
			var running []string
			for _, d := range st.Duties {
				if d.Status == StatusRunning && d.ID != "first-call" {
					running = append(running, d.ID)
				}
			}
			slices.Sort(running)
			want := slices.Sorted(slices.Values(tt.started))
			if !slices.Equal(running, want) {
				t.Fatalf("running %v; want %v", running, want)
			}
			for id, trig := range tt.why {
				if got := st.Duty(id).Trigger; got != trig {
					t.Errorf("%s started on %q; want %q", id, got, trig)
				}
			}
		})
	}
}

// A withdrawn duty comes back with the clock and the attempts it had when
// a trigger of it happens again.
func TestWithdrawnDutyReturns(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	clock := testkit.NewClock(t0)
	s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
	must(t, s.Answer("alice", "symptom", "down"))
	must(t, s.Answer("alice", "cause", "hw"))
	must(t, s.DutyAttempted("alice", "ordinary", "", "nobody there"))
	clock.Advance(time.Hour)
	must(t, s.Revise("alice", "cause"))
	if d := s.State().Duty("ordinary"); d.Status != StatusWithdrawn {
		t.Fatalf("ordinary is %s after revising its verdict away", d.Status)
	}
	clock.Advance(time.Hour)
	must(t, s.Answer("alice", "cause", "hw"))
	d := s.State().Duty("ordinary")
	if d.Status != StatusRunning || !d.Started.Equal(t0) || len(d.Attempts) != 1 || len(d.Withdrawals) != 1 {
		t.Fatalf("returned ordinary: %s from %v with %d attempts, withdrawals %+v", d.Status, d.Started, len(d.Attempts), d.Withdrawals)
	}
}

func TestDueTimeUsesDutyWithin(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	for _, d := range rb.Duties {
		if d.Within.IsZero() {
			t.Fatalf("fixture duty %s has no within", d.ID)
		}
	}
	week, err := runbook.ParseDuration("1w")
	must(t, err)
	s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
	must(t, s.Stamp("alice", "contained"))
	if d := s.State().Duty("after-containment"); !d.Due.Equal(week.After(t0)) {
		t.Fatalf("due %v; want %v", d.Due, week.After(t0))
	}
}
