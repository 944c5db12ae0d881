package drill

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
)

// clockwork has injects out of file order, two at the same time.
const clockwork = `shodo = 1
id = "clockwork"
title = "Clockwork"
runbook = "service-failure"
speed = 60

[[injects]]
at = "1h30m"
text = "Last"

[[injects]]
at = "0m"
from = "Monitoring"
channel = "monitoring"
text = "First"

[[injects]]
at = "20m"
from = "ACME"
channel = "phone"
text = "Second"

[[injects]]
at = "20m"
channel = "email"
text = "Third"
`

func startClockwork(t *testing.T, r *fakeReal) (*Drill, string) {
	t.Helper()
	home := t.TempDir()
	d, err := Start(parseScenario(t, clockwork), StartOptions{Home: home, Actor: "fac", Real: r.Now, Opened: opened})
	must(t, err)
	t.Cleanup(func() { _ = d.Detach() })
	return d, home
}

func texts(injs []Inject) string {
	var s []string
	for _, in := range injs {
		s = append(s, in.Text)
	}
	return strings.Join(s, ",")
}

// Injects are delivered when their scenario time comes — in time order,
// the same time in file order — each exactly once, with their channel.
func TestInjectsDeliveredOnceAtTheirTimes(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, _ := startClockwork(t, r)
	steps := []struct {
		name string
		real time.Duration // real time to let pass first
		want string
	}{
		{"at the start", 0, "First"},
		{"again at once", 0, ""},
		{"19 scenario minutes", 19 * time.Second, ""},
		{"20 scenario minutes", time.Second, "Second,Third"},
		{"still 20", 0, ""},
		{"an hour later", time.Minute, ""},
	}
	for _, s := range steps {
		got, err := d.Due(r.advance(s.real))
		must(t, err)
		if texts(got) != s.want {
			t.Fatalf("%s: delivered %q; want %q", s.name, texts(got), s.want)
		}
	}
	st := d.Session().State()
	want := []struct {
		index        int
		sim, channel string
		at           time.Duration
		from, atText string
	}{
		{1, "0s", "monitoring", 0, "Monitoring", "0m"},
		{2, "20m0s", "phone", 20 * time.Minute, "ACME", "20m"},
		{3, "20m0s", "email", 20 * time.Minute, "", "20m"},
	}
	if len(st.Injects) != len(want) {
		t.Fatalf("%d injects recorded; want %d", len(st.Injects), len(want))
	}
	for i, w := range want {
		in := st.Injects[i]
		ev := st.Events[slicesIndexSeq(st, in.Seq)]
		if in.Index != w.index || in.Channel != w.channel || in.From != w.from || in.At != w.atText || ev.Sim != w.sim || !in.Time.Equal(opened.Add(w.at)) || ev.Actor != "fac" {
			t.Errorf("inject %d = %+v (sim %q, actor %s); want %+v", i, in, ev.Sim, ev.Actor, w)
		}
	}

	// Paused, real time does not bring the next inject; a jump does.
	d.Clock().Pause()
	got, err := d.Due(r.advance(time.Hour))
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("delivered %q while paused", texts(got))
	}
	if next, ok := d.NextInject(); !ok || next.Text != "Last" {
		t.Fatalf("next inject %+v", next)
	}
	must(t, d.JumpToNextInject())
	st = d.Session().State()
	if last := st.Injects[len(st.Injects)-1]; last.Text != "Last" || !last.Time.Equal(opened.Add(90*time.Minute)) {
		t.Errorf("jumped inject %+v; want Last at T+1h30m", last)
	}
	if err := d.JumpToNextInject(); !errors.Is(err, ErrNoMoreInjects) {
		t.Errorf("jump past the last inject: %v; want ErrNoMoreInjects", err)
	}
	got, err = d.Due(r.advance(time.Hour))
	must(t, err)
	if len(got) != 0 || len(d.Session().State().Injects) != 4 {
		t.Errorf("an inject was delivered twice: %q", texts(got))
	}
}

func slicesIndexSeq(st *incident.State, seq uint64) int {
	for i, ev := range st.Events {
		if ev.Seq == seq {
			return i
		}
	}
	return -1
}

// A jump stops at every due time on the way, so that overdue duties and the
// escalations they start land at their true scenario times, not at the end
// of the jump.
func TestJumpRecordsDueTimesOnTheWay(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, _ := startClockwork(t, r)
	d.Clock().Pause()
	must(t, d.JumpTo(8*time.Minute))
	must(t, d.Session().DutyDone("sato", "vendor-first-call", "phone", ""))
	must(t, d.JumpTo(6*time.Hour))
	st := d.Session().State()
	at := func(dur time.Duration) time.Time { return opened.Add(dur) }
	for _, tc := range []struct {
		duty      string
		overdueAt time.Time
	}{
		{"capture-state", at(30 * time.Minute)},
		{"vendor-first-report", at(4*time.Hour + 8*time.Minute)},
		{"vendor-escalation", at(4*time.Hour + 38*time.Minute)},
	} {
		du := st.Duty(tc.duty)
		if !du.Overdue || du.OverdueAt.Sub(tc.overdueAt) > time.Microsecond || du.OverdueAt.Before(tc.overdueAt) {
			t.Errorf("%s overdue %v at %v; want at %v", tc.duty, du.Overdue, du.OverdueAt, tc.overdueAt)
		}
	}
	if esc := st.Duty("vendor-escalation"); !esc.Started.Equal(at(4*time.Hour + 8*time.Minute)) {
		t.Errorf("escalation started at %v; want when the report fell due", esc.Started)
	}
	// Injects on the way were delivered at their own times too.
	if len(st.Injects) != 4 || !st.Injects[3].Time.Equal(at(90*time.Minute)) {
		t.Errorf("injects %+v", st.Injects)
	}
	if d.Clock().Elapsed() != 6*time.Hour || !d.Clock().Paused() {
		t.Errorf("clock at %v paused %v after the jump", d.Clock().Elapsed(), d.Clock().Paused())
	}
	if err := d.JumpTo(time.Hour); !errors.Is(err, ErrBackwards) {
		t.Errorf("jump back: %v", err)
	}
}

func TestNextWake(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, _ := startClockwork(t, r)
	d.Clock().Pause()
	// Before any delivery the first inject, at the start, is next.
	if w, ok := d.NextWake(); !ok || !w.Equal(opened) {
		t.Errorf("first wake %v %v; want the opening", w, ok)
	}
	_, err := d.Due(r.Now())
	must(t, err)
	// Then the 20m injects come before capture-state falls due (30m).
	if w, _ := d.NextWake(); !w.Equal(opened.Add(20 * time.Minute)) {
		t.Errorf("wake %v; want T+20m", w)
	}
	must(t, d.JumpTo(20*time.Minute))
	// Then capture-state's due time (one tick past 30m) before the 1h30m inject.
	if w, _ := d.NextWake(); !w.Equal(opened.Add(30*time.Minute + time.Nanosecond)) {
		t.Errorf("wake %v; want just past T+30m", w)
	}
	d.Clock().Resume()
	if delay, ok := d.Clock().RealDelay(opened.Add(30 * time.Minute)); !ok || delay != 10*time.Second {
		t.Errorf("real delay %v; want 10s at 60x", delay)
	}
}

func TestStartRecordsTheDrill(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	r.advance(1500 * time.Millisecond)
	sc := parseScenario(t, clockwork)
	d, err := Start(sc, StartOptions{Home: t.TempDir(), Real: r.Now, Speed: 120, Paused: true})
	must(t, err)
	defer d.Detach()
	st := d.Session().State()
	info := st.Drill
	if info == nil || info.Scenario != "clockwork" || info.Title != "Clockwork" || info.Speed != 120 || info.Source != clockwork || info.SHA256 != sc.SHA256 {
		t.Fatalf("drill info %+v", info)
	}
	if !st.Opened.Equal(r.Now().Truncate(time.Second)) || st.OpenedBy != FacilitatorActor {
		t.Errorf("opened %v by %s; want the real time to the second, by the facilitator", st.Opened, st.OpenedBy)
	}
	if !d.Clock().Paused() || d.Clock().Speed() != 120 {
		t.Errorf("clock paused %v speed %v", d.Clock().Paused(), d.Clock().Speed())
	}
	r.advance(time.Hour)
	if d.Clock().Elapsed() != 0 {
		t.Error("a drill started paused ran")
	}
	if _, err := Start(&Scenario{ID: "x"}, StartOptions{Home: t.TempDir()}); err == nil {
		t.Error("started a scenario without a runbook")
	}
}

// A drill killed mid-write (detach, then a torn last line) and resumed keeps
// its scenario time: the clock picks up, paused, where the journal stopped,
// however much real time passed, and nothing is delivered twice.
func TestResumeKeepsScenarioTime(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, home := startClockwork(t, r)
	_, err := d.Due(r.Now())
	must(t, err)
	r.advance(25 * time.Second) // T+25m at 60x
	_, err = d.Due(r.Now())
	must(t, err)
	must(t, d.Session().Note("sato", "Ransom note on the file server"))
	must(t, d.Clock().SetSpeed(30)) // not journaled: resuming restores the starting speed
	dir := d.Session().Dir()
	before := d.Session().State()
	must(t, d.Detach())
	f, err := os.OpenFile(filepath.Join(dir, journal.JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":99,"id":"torn","at":"2026-11-`)
	must(t, err)
	must(t, f.Close())

	r.advance(3 * time.Hour) // the room went to lunch
	d2, err := Resume(dir, ResumeOptions{Home: home, Real: r.Now, Actor: "fac2"})
	must(t, err)
	defer d2.Detach()
	if got := d2.Clock().Elapsed(); got != 25*time.Minute {
		t.Fatalf("resumed at %v; want the journal's last offset, 25m", got)
	}
	if !d2.Clock().Paused() || d2.Clock().Speed() != 60 {
		t.Errorf("resumed paused %v speed %v; want paused at the starting speed", d2.Clock().Paused(), d2.Clock().Speed())
	}
	st := d2.Session().State()
	recovered := false
	for _, ev := range st.Events {
		recovered = recovered || ev.Type == incident.TypeJournalRecovered
	}
	if !recovered || len(st.Injects) != len(before.Injects) {
		t.Fatalf("recovered %v, injects %d; want the torn line quarantined and %d injects", recovered, len(st.Injects), len(before.Injects))
	}
	if d2.Scenario().ID != "clockwork" || d2.Scenario().Runbook == nil {
		t.Errorf("scenario %+v", d2.Scenario())
	}
	// Paused: real time brings nothing. Nothing is delivered twice.
	got, err := d2.Due(r.advance(time.Hour))
	must(t, err)
	if len(got) != 0 {
		t.Errorf("resumed drill delivered %q again", texts(got))
	}
	// The facilitator restarts the clock; the next inject comes at T+1h30m.
	d2.Clock().Resume()
	got, err = d2.Due(r.advance(65 * time.Second))
	must(t, err)
	if texts(got) != "Last" {
		t.Errorf("after resuming delivered %q; want Last", texts(got))
	}
	st = d2.Session().State()
	last := st.Injects[len(st.Injects)-1]
	if !last.Time.Equal(opened.Add(90*time.Minute)) || st.Events[slicesIndexSeq(st, last.Seq)].Actor != "fac2" {
		t.Errorf("inject after resume at %v", last.Time)
	}
	if LastOffset(st) != 90*time.Minute {
		t.Errorf("last offset %v", LastOffset(st))
	}
}

func TestResumeRefuses(t *testing.T) {
	t.Parallel()
	// An incident that is not a drill.
	sc := parseScenario(t, clockwork)
	home := t.TempDir()
	s, err := incident.Open(sc.Runbook, incident.OpenOptions{Home: home, Actor: "a", Clock: incident.ClockFunc(newFakeReal().Now)})
	must(t, err)
	if err := s.DrillClock("a", true, 60); !errors.Is(err, incident.ErrNotDrill) {
		t.Errorf("clock change recorded on a real incident: %v", err)
	}
	dir := s.Dir()
	must(t, s.Detach())
	if _, err := Resume(dir, ResumeOptions{}); !errors.Is(err, incident.ErrNotDrill) {
		t.Errorf("resume of a real incident as a drill: %v", err)
	}
	if _, err := Resume(filepath.Join(home, "nowhere"), ResumeOptions{}); err == nil {
		t.Error("resumed nothing")
	}
	// A scenario whose embedded source no longer matches its hash.
	info := &incident.DrillInfo{Scenario: "clockwork", Source: clockwork, SHA256: "0000"}
	if _, err := FromDrillInfo(info, sc.Runbook); !errors.Is(err, ErrScenarioChanged) {
		t.Errorf("tampered scenario: %v", err)
	}
	info = &incident.DrillInfo{Scenario: "clockwork", Source: "shodo = 1\n"}
	if _, err := FromDrillInfo(info, sc.Runbook); !errors.Is(err, ErrBadScenario) {
		t.Errorf("broken scenario: %v", err)
	}
	if _, err := FromDrillInfo(nil, sc.Runbook); !errors.Is(err, incident.ErrNotDrill) {
		t.Errorf("no drill info: %v", err)
	}
}

// A closed drill takes no more injects, and jumping past its end is quiet.
func TestClosedDrillDeliversNothing(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, _ := startClockwork(t, r)
	d.Clock().Pause()
	must(t, d.Session().Close("sato", "Stopped early"))
	got, err := d.Due(r.advance(time.Hour))
	must(t, err)
	if len(got) != 0 {
		t.Errorf("closed drill delivered %q", texts(got))
	}
	must(t, d.JumpTo(2*time.Hour))
	if n := len(d.Session().State().Injects); n != 0 {
		t.Errorf("%d injects after closing", n)
	}
}

// A drill started running records its opening at scenario offset zero, even
// though real time moves between creating the clock and writing the
// opening: otherwise every later offset falls short (an inject due at 12m
// recorded at 11m59.99s).
func TestStartRunningOpensAtZero(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	ticking := func() time.Time { return r.advance(time.Microsecond) } // every reading moves real time
	sc := parseScenario(t, clockwork)
	d, err := Start(sc, StartOptions{Home: t.TempDir(), Real: ticking, Speed: 60})
	must(t, err)
	defer d.Detach()
	for _, ev := range d.Session().State().Events {
		if ev.Sim != "0s" {
			t.Errorf("%s recorded at sim %q; want 0s", ev.Type, ev.Sim)
		}
	}
	if d.Clock().Paused() {
		t.Error("a drill started running is paused")
	}
}

// The facilitator's clock changes are journaled, so a drill resumed after a
// crash stands where it was paused and runs at the speed last set, not at
// the last other event and the starting speed.
func TestResumeRestoresTheRecordedClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// act runs at T+30m, five real seconds after a note at T+25m.
		act       func(*Drill) error
		opt       ResumeOptions
		wantAt    time.Duration
		wantSpeed float64
	}{
		{"pause", func(d *Drill) error { return d.Pause() }, ResumeOptions{}, 30 * time.Minute, 60},
		{"speed", func(d *Drill) error { return d.SetSpeed(120) }, ResumeOptions{}, 30 * time.Minute, 120},
		{"speed then pause", func(d *Drill) error {
			must(t, d.SetSpeed(120))
			return d.Pause()
		}, ResumeOptions{}, 30 * time.Minute, 120},
		{"speed, overridden on resume", func(d *Drill) error { return d.SetSpeed(120) }, ResumeOptions{Speed: 10}, 30 * time.Minute, 10},
		{"unrecorded change is forgotten", func(d *Drill) error {
			d.Clock().Pause()
			return d.Clock().SetSpeed(120)
		}, ResumeOptions{}, 25 * time.Minute, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newFakeReal()
			d, home := startClockwork(t, r)
			r.advance(25 * time.Second) // T+25m at 60x
			must(t, d.Session().Note("sato", "Ransom note on the file server"))
			r.advance(5 * time.Second) // T+30m
			must(t, tt.act(d))
			dir := d.Session().Dir()
			must(t, d.Detach())

			r.advance(3 * time.Hour) // the process died; the room went to lunch
			tt.opt.Home, tt.opt.Real = home, r.Now
			d2, err := Resume(dir, tt.opt)
			must(t, err)
			defer d2.Detach()
			if got := d2.Clock().Elapsed(); got != tt.wantAt {
				t.Errorf("resumed at %v; want %v", got, tt.wantAt)
			}
			if got := LastOffset(d2.Session().State()); got != tt.wantAt {
				t.Errorf("last offset %v; want %v", got, tt.wantAt)
			}
			if !d2.Clock().Paused() || d2.Clock().Speed() != tt.wantSpeed {
				t.Errorf("resumed paused %v at speed %v; want paused at %v", d2.Clock().Paused(), d2.Clock().Speed(), tt.wantSpeed)
			}
			// Restarting is recorded, and the clock runs at the restored speed.
			must(t, d2.Run())
			r.advance(10 * time.Second)
			if got, want := d2.Clock().Elapsed(), tt.wantAt+time.Duration(10*tt.wantSpeed)*time.Second; got != want {
				t.Errorf("10s after restarting at %v", got)
			}
			c := d2.Session().State().DrillClock
			if c == nil || c.Paused || c.Speed != tt.wantSpeed {
				t.Errorf("recorded clock after Run %+v; want running at %v", c, tt.wantSpeed)
			}
		})
	}
}

// Each clock change records one drill.clock event at the offset the clock
// stood at; a change that changes nothing records nothing, and a refused one
// leaves the clock as it was.
func TestClockChangesAreRecorded(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, _ := startClockwork(t, r)
	steps := []struct {
		name    string
		advance time.Duration // real time before the step
		act     func() error
		want    error
		// record is the drill.clock expected last, or nil for none new.
		record *incident.DrillClock
		sim    string
		paused bool
		speed  float64
	}{
		{"pause", 10 * time.Second, d.Pause, nil, &incident.DrillClock{Paused: true, Speed: 60}, "10m0s", true, 60},
		{"pause again", time.Minute, d.Pause, nil, nil, "", true, 60},
		{"speed while paused", 0, func() error { return d.SetSpeed(120) }, nil, &incident.DrillClock{Paused: true, Speed: 120}, "10m0s", true, 120},
		{"same speed", 0, func() error { return d.SetSpeed(120) }, nil, nil, "", true, 120},
		{"bad speed", 0, func() error { return d.SetSpeed(0) }, ErrBadSpeed, nil, "", true, 120},
		{"run", time.Minute, d.Run, nil, &incident.DrillClock{Paused: false, Speed: 120}, "10m0s", false, 120},
		{"run again", 0, d.Run, nil, nil, "", false, 120},
		{"speed while running", 30 * time.Second, func() error { return d.SetSpeed(30) }, nil, &incident.DrillClock{Paused: false, Speed: 30}, "1h10m0s", false, 30},
	}
	for _, tt := range steps {
		r.advance(tt.advance)
		before := d.Session().State().LastSeq
		err := tt.act()
		if !errors.Is(err, tt.want) {
			t.Fatalf("%s: err %v; want %v", tt.name, err, tt.want)
		}
		st := d.Session().State()
		last := st.Events[len(st.Events)-1]
		switch {
		case tt.record == nil && st.LastSeq != before:
			t.Fatalf("%s: recorded %s", tt.name, last.Type)
		case tt.record != nil && (last.Type != incident.TypeDrillClock || last.Data != *tt.record || last.Sim != tt.sim):
			t.Fatalf("%s: last event %s %+v at %q; want drill.clock %+v at %q", tt.name, last.Type, last.Data, last.Sim, *tt.record, tt.sim)
		}
		if d.Clock().Paused() != tt.paused || d.Clock().Speed() != tt.speed {
			t.Fatalf("%s: clock paused %v speed %v; want %v %v", tt.name, d.Clock().Paused(), d.Clock().Speed(), tt.paused, tt.speed)
		}
	}
	// Closed, the journal takes nothing more: pausing still stops the
	// clock, restarting is refused.
	must(t, d.Session().Close("sato", "Done"))
	seq := d.Session().State().LastSeq
	must(t, d.Pause())
	if !d.Clock().Paused() || d.Session().State().LastSeq != seq {
		t.Errorf("pause after closing: paused %v, seq %d → %d", d.Clock().Paused(), seq, d.Session().State().LastSeq)
	}
	if err := d.Run(); !errors.Is(err, incident.ErrClosed) || !d.Clock().Paused() {
		t.Errorf("run after closing: %v, paused %v", err, d.Clock().Paused())
	}
}

// The facilitator's jump is planned (what it skips: the injects it
// delivers, the deadlines in between), then recorded as drill.jumped from
// where the clock stood before anything it delivers; a jump the clock
// has already passed is refused, and without injects left there is none.
func TestPlannedJumpIsRecorded(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, _ := startClockwork(t, r)
	d.Clock().Pause()
	must(t, d.JumpTo(25*time.Minute))
	plan, err := d.PlanJump()
	must(t, err)
	if plan.From != 25*time.Minute || plan.To != 90*time.Minute || texts(plan.Injects) != "Last" {
		t.Fatalf("plan %v → %v, injects %q", plan.From, plan.To, texts(plan.Injects))
	}
	var deadlines []string
	for _, dl := range plan.Deadlines {
		deadlines = append(deadlines, dl.Duty+"@"+FormatSpan(dl.Due))
	}
	if got, want := strings.Join(deadlines, " "), "capture-state@30m vendor-first-call@1h csirt-heads-up@1h"; got != want {
		t.Errorf("deadlines in the jump %q; want %q", got, want)
	}
	must(t, d.Skip(plan.To))
	st := d.Session().State()
	if len(st.Jumps) != 1 || st.Jumps[0].From != 25*time.Minute || st.Jumps[0].To != 90*time.Minute {
		t.Fatalf("jumps %+v", st.Jumps)
	}
	var jumped, overdue uint64
	for _, ev := range st.Events {
		switch ev.Data.(type) {
		case incident.DrillJumped:
			jumped = ev.Seq
			if ev.Sim != (25*time.Minute).String() || ev.Actor != "fac" {
				t.Errorf("jump recorded at %s by %s", ev.Sim, ev.Actor)
			}
		case incident.DutyOverdue:
			if overdue == 0 {
				overdue = ev.Seq
			}
		}
	}
	if jumped == 0 || overdue < jumped {
		t.Errorf("the jump (seq %d) must come before what it makes overdue (seq %d)", jumped, overdue)
	}
	if err := d.Skip(time.Hour); !errors.Is(err, ErrBackwards) {
		t.Errorf("skip back: %v", err)
	}
	if _, err := d.PlanJump(); !errors.Is(err, ErrNoMoreInjects) {
		t.Errorf("plan with no inject left: %v", err)
	}
	if err := d.JumpToNextInject(); !errors.Is(err, ErrNoMoreInjects) {
		t.Errorf("jump with no inject left: %v", err)
	}
}

// Scoring a jump: a deadline inside it is skipped (done after the jump or
// never), one before it missed as ever, a duty done before it met.
func TestScoreSkippedByAJump(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	d, _ := startClockwork(t, r)
	d.Clock().Pause()
	must(t, d.JumpTo(8*time.Minute))
	must(t, d.Session().DutyDone("sato", "vendor-first-call", "phone", ""))
	must(t, d.JumpTo(45*time.Minute))
	must(t, d.Skip(90*time.Minute))
	must(t, d.Session().DutyDone("sato", "csirt-heads-up", "phone", ""))
	card, err := Score(d.Session().State())
	must(t, err)
	for id, want := range map[string]DutyOutcome{
		"vendor-first-call": DutyMet, "capture-state": DutyMissed, "csirt-heads-up": DutySkipped, "customer-notice": DutyPending,
	} {
		ds, _ := card.Duty(id)
		if ds.Outcome != want {
			t.Errorf("%s scored %q; want %q", id, ds.Outcome, want)
		}
		if want == DutySkipped && (ds.SkippedFrom != 45*time.Minute || ds.SkippedTo != 90*time.Minute) {
			t.Errorf("%s skipped by %v → %v", id, ds.SkippedFrom, ds.SkippedTo)
		}
	}
	if cs := card.Capability(SecurityEscalation); cs.Skipped != 1 || cs.Rating != NotExercised {
		t.Errorf("security escalation %+v; want one skipped, not rated", cs)
	}
}
