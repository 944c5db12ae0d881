package tui

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// The drill screen says DRILL, never LIVE, and shows scenario time, the
// speed and, in words, that the clock is paused.
func TestDrillHeader(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 80, 24)
	h.require("[DRILL] "+drillID, "Friday night: the order system is down", "T+00:00", "speed 60x", "[PAUSED]")
	h.refuse("LIVE", "elapsed")
	if title := h.m.View().WindowTitle; !strings.Contains(title, "DRILL") {
		t.Errorf("window title %q does not say DRILL", title)
	}
	hj, _, _ := friday(t, i18n.Japanese, 80, 24)
	hj.require("[訓練] "+drillID, "T+00:00", "速度 60倍", "[一時停止中]")
	hj.refuse("LIVE")
}

// An inject is delivered when its scenario time comes on the real clock:
// the app sleeps exactly the real time the clock needs to get there
// (SimClock.RealDelay), never less, and the inject shows in the banner and
// on the timeline, recorded once at its own scenario time.
func TestInjectDeliveredAtItsTime(t *testing.T) {
	h, d, clock := friday(t, i18n.English, 100, 30)
	// The inject at T+0 came with the opening, although the clock is paused.
	if n := h.injectsDelivered(); n != 1 {
		t.Fatalf("%d injects at T+0, want 1", n)
	}
	h.require("INJECT", "T+00:00  monitoring  from Monitoring (order system)", "ALERT order-db01")
	if h.hasWake() {
		t.Fatal("a wake-up is scheduled while the clock is paused")
	}

	h.key("space") // start the clock: 60x
	h.require("The clock runs at 60x.")
	h.refuse("[PAUSED]")
	// The next inject is at 4m: 4 real seconds at 60x, a little late
	// rather than early.
	if got, want := h.wakeDelay(), 4*time.Second+10*time.Millisecond; got != want {
		t.Fatalf("wake-up in %v, want %v", got, want)
	}
	clock.Advance(4*time.Second + 10*time.Millisecond)
	h.fireTicks()
	if n := h.injectsDelivered(); n != 2 {
		t.Fatalf("%d injects after 4 scenario minutes, want 2", n)
	}
	last := h.lastInject()
	if last.Sim != "4m0.6s" && !strings.HasPrefix(last.Sim, "4m") {
		t.Fatalf("inject recorded at %q, want at 4m", last.Sim)
	}
	h.require("T+00:04  phone  from Warehouse night shift (Yamada)", "picking lists")
	h.key("tab")
	h.key("tab") // the timeline
	h.require("Inject from Warehouse night shift (Yamada) (phone)")

	// Firing the same wake-up again delivers nothing twice.
	h.fireTicks()
	if n := h.injectsDelivered(); n != 2 {
		t.Fatalf("%d injects, want 2", n)
	}
	_ = d
}

// A duty deadline wakes the app too: the drill records it overdue at its
// scenario time.
func TestDrillWakesForDeadlines(t *testing.T) {
	h, _, clock := friday(t, i18n.English, 100, 30)
	h.jump() // 4m
	h.jump() // 12m
	h.key("space")
	// Next: the inject at 30m and capture-state due at 30m, 18 scenario
	// minutes away, 18 real seconds at 60x.
	delay := h.wakeDelay()
	if delay < 18*time.Second || delay > 18*time.Second+20*time.Millisecond {
		t.Fatalf("wake-up in %v, want about 18s", delay)
	}
	clock.Advance(delay)
	h.fireTicks()
	st := h.state()
	if d := st.Duty("capture-state"); d == nil || !d.Overdue {
		t.Fatalf("capture-state not overdue at T+30m: %+v", d)
	}
	h.require("1 OVERDUE", "T+00:30  phone  from Kazamidori Security")
}

func (h *harness) lastInject() incident.Event {
	h.t.Helper()
	st := h.state()
	for i := len(st.Events) - 1; i >= 0; i-- {
		if st.Events[i].Type == incident.TypeInjectDelivered {
			return st.Events[i]
		}
	}
	h.t.Fatal("no inject delivered")
	return incident.Event{}
}

// space pauses and resumes; while paused nothing moves, no tick or wake-up
// is pending, and wake-ups scheduled before the pause are dropped as stale.
func TestDrillPauseAndResume(t *testing.T) {
	h, d, clock := friday(t, i18n.English, 100, 30)
	h.key("space")
	stale := append([]scheduledMsg(nil), h.scheduled...)
	clock.Advance(2 * time.Second) // two scenario minutes
	h.key("space")                 // pause at T+00:02
	h.require("[PAUSED]", "Paused at T+00:02")
	if got := d.Clock().Elapsed(); got != 2*time.Minute {
		t.Fatalf("paused at %v, want 2m", got)
	}
	// The wake-up for 4m and the tick scheduled while running are stale.
	clock.Advance(time.Hour)
	h.scheduled = stale
	h.fireTicks()
	if n := h.injectsDelivered(); n != 1 {
		t.Fatalf("a stale wake-up delivered an inject while paused: %d", n)
	}
	if len(h.scheduled) != 0 {
		t.Fatalf("work scheduled while paused: %+v", h.scheduled)
	}
	h.require("T+00:02")
	if got := d.Clock().Elapsed(); got != 2*time.Minute {
		t.Fatalf("the clock moved while paused: %v", got)
	}

	h.key("space") // resume
	h.refuse("[PAUSED]")
	h.require("space pause")
	if got, want := h.wakeDelay(), 2*time.Second+10*time.Millisecond; got != want {
		t.Fatalf("after resuming, wake-up in %v, want %v", got, want)
	}
	clock.Advance(2*time.Second + 10*time.Millisecond)
	h.fireTicks()
	if n := h.injectsDelivered(); n != 2 {
		t.Fatalf("%d injects after resuming, want 2", n)
	}
}

// + and - step the speed through 1, 10, 30, 60, 120, 300, say so at the
// ends, and reschedule the wake-up for the new speed.
func TestDrillSpeed(t *testing.T) {
	h, d, _ := friday(t, i18n.English, 100, 30)
	h.key("space")
	if got := h.wakeDelay(); got != 4*time.Second+10*time.Millisecond {
		t.Fatalf("wake-up at 60x in %v", got)
	}
	h.key("+")
	h.require("speed 120x", "Speed 120x.")
	if got := h.wakeDelay(); got != 2*time.Second+10*time.Millisecond {
		t.Fatalf("wake-up at 120x in %v", got)
	}
	h.key("=") // + without shift
	h.require("speed 300x")
	h.key("+")
	h.require("+ faster: fastest speed")
	if d.Clock().Speed() != 300 {
		t.Fatalf("speed %v past the last step", d.Clock().Speed())
	}
	for _, want := range []string{"speed 120x", "speed 60x", "speed 30x", "speed 10x", "speed 1x"} {
		h.key("-")
		h.require(want)
	}
	if got := h.wakeDelay(); got != 4*time.Minute+10*time.Millisecond {
		t.Fatalf("wake-up at 1x in %v", got)
	}
	h.key("-")
	h.require("- slower: slowest speed")
	if d.Clock().Speed() != 1 {
		t.Fatalf("speed %v below the first step", d.Clock().Speed())
	}
	for _, tc := range []struct {
		cur  float64
		up   bool
		want float64
		ok   bool
	}{
		{45, true, 60, true}, {45, false, 30, true}, {0.5, true, 1, true}, {0.5, false, 0.5, false},
		{3600, false, 300, true}, {3600, true, 3600, false}, {300, true, 300, false},
	} {
		if got, ok := nextSpeed(speedSteps(), tc.cur, tc.up); got != tc.want || ok != tc.ok {
			t.Errorf("nextSpeed(%v, %v) = %v, %v; want %v, %v", tc.cur, tc.up, got, ok, tc.want, tc.ok)
		}
	}
}

// ] and J jump to the next inject and deliver it, paused or not, stopping
// at every deadline on the way; with none left the key says why.
func TestDrillJump(t *testing.T) {
	h, d, _ := friday(t, i18n.English, 100, 30)
	h.jump()
	h.require("Jumped to T+00:04.", "T+00:04  phone  from Warehouse night shift", "[PAUSED]")
	if !d.Clock().Paused() {
		t.Fatal("a jump started the clock")
	}
	h.key("J")
	h.require("Jump to T+00:12?", "Scenario time goes from T+00:04 to T+00:12: 8m that nobody plays.",
		"Delivered on arrival (1 inject):", "T+00:12  phone  from Asagi Information Systems",
		"No deadline of a running duty falls in between.")
	h.key("y")
	h.require("T+00:12  phone  from Asagi Information Systems")
	h.key("]") // 30m: capture-state is due now, not yet overdue
	h.require("Jump to T+00:30?", "Skipped: 1 deadline falls in between", "T+00:30  Capture the state before anyone fixes it",
		"The after-action report scores these deadlines as skipped")
	h.key("n")
	if h.m.dialog() != nil || len(h.state().Jumps) != 2 {
		t.Fatal("n did not go back without jumping")
	}
	h.jump()
	h.jump() // 38m
	// The jump to 38m passed capture-state's deadline at 30m: it is
	// recorded overdue at its own time, not at the end of the jump.
	st := h.state()
	var overdueSim string
	for _, e := range st.Events {
		if e.Type == incident.TypeDutyOverdue {
			overdueSim = e.Sim
		}
	}
	if !strings.HasPrefix(overdueSim, "30m") && !strings.HasPrefix(overdueSim, "29m59") {
		t.Fatalf("overdue recorded at %q, want 30m", overdueSim)
	}
	for range 2 {
		h.jump()
	}
	if n := h.injectsDelivered(); n != 7 {
		t.Fatalf("%d injects after jumping through all, want 7", n)
	}
	h.require("T+14:00", "(] next inject: no more injects)")
	// The last inject is out: the screen says what is left and how to end.
	h.require("Last inject delivered.", "4 duties still running, none with a deadline ahead.", "closes the drill and shows its score",
		"--format aar writes the")
	h.key("]")
	h.require("] next inject: no more injects")
	if n := h.injectsDelivered(); n != 7 {
		t.Fatalf("%d injects, want 7", n)
	}
}

// A scenario's own speed, and the speed the drill started at, can always
// be set again, however far + and - went: they step through the standard
// speeds and those.
func TestDrillOwnSpeedReachable(t *testing.T) {
	clock := testkit.NewClock(t0)
	// A scenario whose own speed is off the standard steps.
	base := shippedScenario(t, "friday-ransomware")
	src := strings.Replace(base.Source, "\nspeed = 10\n", "\nspeed = 600\n", 1)
	sc, diags := drill.Parse("fast.toml", []byte(src), func(string, string) (*runbook.Runbook, runbook.Diagnostics, error) {
		return base.Runbook, nil, nil
	})
	if sc == nil || sc.Speed != 600 {
		t.Fatalf("scenario at 600x: %v", diags)
	}
	d := openDrillFixed(t, t.TempDir(), drillID, sc, clock)
	h := newDrillHarness(t, d, i18n.English, clock, 100, 30)
	h.fireTicks()
	for _, want := range []string{"speed 120x", "speed 300x", "speed 600x"} {
		h.key("+")
		h.require(want)
	}
	h.key("+")
	h.require("+ faster: fastest speed")
	for _, want := range []string{"speed 300x", "speed 120x", "speed 60x", "speed 30x"} {
		h.key("-")
		h.require(want)
	}
	for range 4 {
		h.key("+")
	}
	h.require("speed 600x")
	if got := d.Clock().Speed(); got != 600 {
		t.Fatalf("speed %v; want the scenario's 600 again", got)
	}
}

// Every shipped scenario, each file under runbooks/drills/ (so one added
// later is checked too), plays at 10x, as docs/drills.md says: a standard
// step that leaves the room time to talk. At 10x a 30-minute duty lasts
// three real minutes and the shortest shipped duty (15 minutes) ninety
// seconds; at 60x they expired after 30 and 15 seconds.
func TestShippedScenarioSpeeds(t *testing.T) {
	files, err := fs.Glob(runbooks.FS, "drills/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d scenarios under runbooks/drills/: %v", len(files), files)
	}
	for _, file := range files {
		id := strings.TrimSuffix(path.Base(file), ".toml")
		sc := shippedScenario(t, id)
		if sc.Speed != 10 || !slices.Contains(speedSteps(), sc.Speed) {
			t.Errorf("%s: speed %v; the shipped scenarios play at 10x (a step of %v)", file, sc.Speed, speedSteps())
		}
		shortest := time.Duration(0)
		for _, du := range sc.Runbook.Duties {
			if w := du.Within.Approx(); w > 0 && (shortest == 0 || w < shortest) {
				shortest = w
			}
		}
		if real := time.Duration(float64(shortest) / sc.Speed); real < 90*time.Second {
			t.Errorf("%s: at %vx its shortest duty (%v) lasts %v of real time; want ninety seconds at least", file, sc.Speed, shortest, real)
		}
	}
}

// The banner shows the newest inject until esc hides it; when several come
// at once it says how many more there are; i reads them all, in full.
func TestInjectBannerAndList(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 100, 30)
	h.require("i injects") // the item is there, not the page
	h.key("esc")
	h.refuse("INJECT")
	h.jump()
	h.require("INJECT", "T+00:04")
	h.key("i")
	h.require("== Injects delivered (2) ==", "T+00:04  phone", "T+00:00  monitoring", "ALERT order-db01", "esc back")
	h.refuse("Was anything changed", "What was reported first?")
	// While the page is open, the panes' keys do nothing.
	h.key("n")
	if h.m.dialog() != nil {
		t.Fatal("n opened a note behind the injects page")
	}
	h.key("esc")
	h.require("What was reported first?")
	h.refuse("INJECT") // reading them all dismissed the banner
}

// f shows the facilitator's notes, marked as not for the players: the
// objectives, the expected verdict, what to watch for after the last
// inject, and the injects to come with their notes.
func TestFacilitatorNotes(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 120, 60)
	// The players' screen never shows a facilitator note.
	h.refuse("Open with the alert only")
	h.key("f")
	h.require("FACILITATOR ONLY: not for the players",
		"Scenario: Friday night: the order system is down (friday-ransomware)",
		"Objectives", "Reach the right verdict within 45 minutes",
		"Expected verdict: Security incident: ransomware (SECURITY INCIDENT), within 45m",
		"verdict: none yet",
		"Watch for now (after the inject at T+00:00)", "Open with the alert only",
		"Injects to come", "T+00:12  phone  from Asagi Information Systems",
		"The vendor offers to shut down and restore",
		"(no facilitator note)",
		"esc back")
	// The drill's controls still work from the notes.
	h.jump()
	h.require("Jumped to T+00:04.", "FACILITATOR ONLY")
	h.key("f")
	h.require("What was reported first?", "INJECT")
	hj, _, _ := friday(t, i18n.Japanese, 120, 60)
	hj.key("f")
	hj.require("進行役専用：参加者には見せないでください", "訓練の目標", "45分以内", "この後の状況付与")
}

// The help bar has a line of the facilitator's keys, each with why it does
// not apply when it does not; the full help lists them as a group.
func TestDrillHelp(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 100, 30)
	bar := h.helpBar()
	for _, want := range []string{"space start clock", "+/- speed", "] next inject", "f facilitator notes", "i injects", "esc hide", "q quit"} {
		if !strings.Contains(bar, want) {
			t.Errorf("help bar lacks %q:\n%s", want, bar)
		}
	}
	h.key("space")
	if bar := h.helpBar(); !strings.Contains(bar, "space pause") {
		t.Errorf("running, the help bar lacks space pause:\n%s", bar)
	}
	h.key("?")
	h.require("Drill (facilitator)", "space", "next inject", "hide")
}

// Closing a drill offers the after-action report and shows the score.
func TestDrillClose(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 100, 30)
	h.pick("2") // ransom note
	h.pick("1") // personal data: yes
	h.pick("2") // EU: no
	h.pick("1") // encrypted: ransomware
	h.key("x")
	h.key("enter")
	h.typeText("Ransomware on order-db01; restored from tape.")
	h.key("ctrl+s")
	h.require("Drill "+drillID+" is closed", "shodo export "+drillID+" --format aar",
		"Verdict: correct (Security incident: ransomware, T+0m, target 45m)",
		"Expected duties: 0 on time, 0 late, 12 not met (of 12)",
		"Ratings (P best, U worst): triage P")
	h.key("c")
	if len(h.clipboard) == 0 || h.clipboard[len(h.clipboard)-1] != "shodo export "+drillID+" --format aar" {
		t.Fatalf("copied %q", h.clipboard)
	}
	h.key("esc")
	h.require("[DRILL] [CLOSED]", "f facilitator notes")
	h.refuse("[PAUSED]", "space start clock", "next inject")
	h.key("]")
	h.require("] next inject: incident closed")
}

// The close's score counts the expected deadlines a jump skipped apart
// from those the team did not meet.
func TestDrillScoreSkipped(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 100, 30)
	h.pick("2") // ransom note
	h.pick("1") // personal data: yes
	h.pick("2") // EU: no
	h.pick("1") // encrypted: ransomware
	for range 5 {
		h.jump() // to T+02:30, over every deadline of the first two hours
	}
	h.key("x")
	h.key("enter") // the verdict's close
	h.typeText("Ransomware on order-db01; restored from tape.")
	h.key("ctrl+s")
	h.require("Drill "+drillID+" is closed", "skipped by a jump (of 12)")
	h.refuse("12 not met")
}

// A running clock that reaches the jump's target while the confirmation
// is read has played that time: y then skips nothing and records no jump.
func TestDrillJumpOvertaken(t *testing.T) {
	h, d, clock := friday(t, i18n.English, 100, 30)
	h.key("space") // 60x in tests
	h.key("]")
	h.require("Jump to T+00:04?")
	clock.Advance(5 * time.Second) // T+00:05
	h.key("y")
	h.require("The clock reached T+00:04 on its own while you read: nothing was skipped.")
	if n := len(d.Session().State().Jumps); n != 0 {
		t.Fatalf("%d jumps recorded; want none", n)
	}
}

// After the last inject, with deadlines still ahead, the line names the
// next one; it goes once the drill closes.
func TestDrillEndNamesNextDeadline(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 100, 30)
	h.pick("2") // ransom note
	h.pick("1") // personal data: yes
	h.pick("2") // EU: no
	h.pick("1") // encrypted: ransomware
	for range 6 {
		h.jump() // to T+14:00, the last inject
	}
	h.require("Last inject delivered.", "duties still running, next due T+")
	h.key("x")
	h.key("enter") // the verdict's close
	h.typeText("Ransomware on order-db01; restored from tape.")
	h.key("ctrl+s")
	h.key("esc")
	h.require("[DRILL] [CLOSED]")
	h.refuse("Last inject delivered.")
}

// A drill resumed after a quit continues paused at its last scenario
// time, announces nothing again, and never delivers an inject twice.
func TestDrillResume(t *testing.T) {
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	sc := shippedScenario(t, "friday-ransomware")
	d := openDrillFixed(t, home, drillID, sc, clock)
	h := newDrillHarness(t, d, i18n.English, clock, 100, 30)
	h.fireTicks()
	h.jump()
	h.jump() // 12m
	h.key("space")
	clock.Advance(3 * time.Second) // T+00:15
	h.fireTicks()
	must(t, d.Detach())

	clock.Advance(time.Hour) // the room takes a break
	r, err := drill.Resume(filepath.Join(incident.IncidentsDir(home), drillID), drill.ResumeOptions{Home: home, Real: clock.Now})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	h2 := newDrillHarness(t, r, i18n.English, clock, 100, 30)
	h2.fireTicks()
	h2.require("[PAUSED]", "Paused at T+00:12: space starts the clock.")
	h2.refuse("INJECT ") // nothing new to read out
	if n := h2.injectsDelivered(); n != 3 {
		t.Fatalf("%d injects after resuming, want 3", n)
	}
	h2.key("space")
	clock.Advance(18*time.Second + 10*time.Millisecond)
	h2.fireTicks()
	if n := h2.injectsDelivered(); n != 4 {
		t.Fatalf("%d injects 18 scenario minutes after resuming, want 4", n)
	}
	indices := map[int]int{}
	for _, in := range h2.state().Injects {
		indices[in.Index]++
	}
	for i, n := range indices {
		if n != 1 {
			t.Errorf("inject %d delivered %d times", i, n)
		}
	}
}

// A drill's timeline and deadlines read in scenario time.
func TestDrillTimesInScenarioTime(t *testing.T) {
	h, _, _ := friday(t, i18n.English, 120, 40)
	h.require("T+00:00 facilitator", "Duty started: Capture the state before anyone fixes it, due T+00:30.")
	h.refuse("21:04:00")
}

// The clock keys go through the drill, which journals each change: space
// and + each record one drill.clock event, at the offset the clock stood at.
func TestDrillClockKeysAreRecorded(t *testing.T) {
	h, _, clock := friday(t, i18n.English, 100, 30)
	steps := []struct {
		key    string
		want   incident.DrillClock
		sim    string
		screen string
	}{
		{"space", incident.DrillClock{Paused: false, Speed: 60}, "0s", "The clock runs at 60x."},
		{"+", incident.DrillClock{Paused: false, Speed: 120}, "2m0s", "Speed 120x."},
		{"space", incident.DrillClock{Paused: true, Speed: 120}, "4m0s", "Paused at T+00:04"},
	}
	for _, tt := range steps {
		before := h.state().LastSeq
		h.key(tt.key)
		st := h.state()
		last := st.Events[len(st.Events)-1]
		if st.LastSeq != before+1 || last.Data != tt.want || last.Sim != tt.sim {
			t.Fatalf("%s: recorded %d events, last %s %+v at %q; want one drill.clock %+v at %q",
				tt.key, st.LastSeq-before, last.Type, last.Data, last.Sim, tt.want, tt.sim)
		}
		h.require(tt.screen)
		clock.Advance(time.Second) // one scenario minute at 60x, two at 120x
		if tt.key == "space" && !tt.want.Paused {
			clock.Advance(time.Second)
		}
	}
}

// refusingDrill is a drill whose journal refuses every clock change.
type refusingDrill struct{ *drill.Drill }

var errRefused = errors.New("disk full")

func (refusingDrill) Pause() error           { return errRefused }
func (refusingDrill) Run() error             { return errRefused }
func (refusingDrill) SetSpeed(float64) error { return errRefused }

// A clock change the engine did not record is not shown as made: the
// screen says so, and the clock stays as it was.
func TestDrillClockChangeNotRecorded(t *testing.T) {
	clock := testkit.NewClock(t0)
	d := openDrillFixed(t, t.TempDir(), drillID, shippedScenario(t, "friday-ransomware"), clock)
	opt := testOptions(i18n.English, clock).withDefaults()
	m := newModel(opt, nil, false)
	m.home = homeState{}
	m.enterIncident(quiet{d.Session()}, false, nil, nil, d.Session().State())
	m.enterDrill(refusingDrill{d})
	h := startHarness(t, m, clock, 100, 30)
	for _, k := range []string{"space", "+"} {
		h.key(k)
		h.require("NOT recorded", "disk full", "[PAUSED]")
		if !d.Clock().Paused() || d.Clock().Speed() != 60 {
			t.Fatalf("%s: clock paused %v speed %v after a refused change", k, d.Clock().Paused(), d.Clock().Speed())
		}
	}
}
