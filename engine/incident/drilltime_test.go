package incident

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// In a drill, the journal's own recovery record carries no scenario offset;
// the fold must place it on the drill's clock (after the event before it),
// not at its wall time hours away.
func TestDrillRecoveryStaysOnTheScenarioClock(t *testing.T) {
	rb := loadFixture(t, "triggers.toml")
	wall := testkit.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	sim := testkit.NewClock(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC))
	home := t.TempDir()
	s, err := Open(rb, OpenOptions{Home: home, Actor: "facilitator", Clock: sim, Wall: wall, Drill: &DrillInfo{Scenario: "x", Title: "X", Speed: 60}})
	must(t, err)
	sim.Advance(17 * time.Minute)
	wall.Advance(17 * time.Second)
	must(t, s.Note("facilitator", "inject read aloud"))
	last := s.State().Events[len(s.State().Events)-1].Time
	dir := s.Dir()
	must(t, s.Detach())

	f, err := os.OpenFile(filepath.Join(dir, journal.JournalFile), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":`)
	must(t, err)
	must(t, f.Close())

	wall.Advance(3 * time.Hour) // the drill is resumed much later
	r, err := Resume(dir, ResumeOptions{Home: home, Clock: sim, Wall: wall})
	must(t, err)
	defer r.Detach()
	var recovered *Event
	for i, ev := range r.State().Events {
		if ev.Type == TypeJournalRecovered {
			recovered = &r.State().Events[i]
		}
	}
	if recovered == nil {
		t.Fatal("no journal.recovered event")
	}
	if !recovered.Time.Equal(last) {
		t.Errorf("recovery at %v; want the scenario time of the event before it, %v", recovered.Time, last)
	}
}

// A drill's clock changes are commands like any other: recorded at the
// scenario offset of the moment, kept on the timeline and in State, replayed
// as they were, and without effect on the duties.
func TestDrillClockRecorded(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	wall := testkit.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	sim := testkit.NewClock(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC))
	s, err := Open(rb, OpenOptions{Home: t.TempDir(), Actor: "facilitator", Clock: sim, Wall: wall, Drill: &DrillInfo{Scenario: "x", Title: "X", Speed: 60}})
	must(t, err)
	if s.State().DrillClock != nil {
		t.Fatalf("clock %+v before any change", s.State().DrillClock)
	}
	sim.Advance(30 * time.Minute)
	wall.Advance(30 * time.Second)
	duties := dutiesDigest(t, s.State())
	steps := []struct {
		name   string
		paused bool
		speed  float64
		want   error
	}{
		{"pause", true, 60, nil},
		{"run faster", false, 120, nil},
		{"zero speed", false, 0, ErrBadSpeed},
		{"negative speed", false, -1, ErrBadSpeed},
		{"not a number", false, math.NaN(), ErrBadSpeed},
		{"infinite", false, math.Inf(1), ErrBadSpeed},
	}
	for _, tt := range steps {
		t.Run(tt.name, func(t *testing.T) {
			before := s.State()
			err := s.DrillClock("facilitator", tt.paused, tt.speed)
			if tt.want != nil {
				wantErr(t, err, tt.want)
				if s.State().LastSeq != before.LastSeq {
					t.Fatal("a refused clock change was recorded")
				}
				return
			}
			must(t, err)
			st := s.State()
			last := st.Events[len(st.Events)-1]
			if last.Type != TypeDrillClock || last.Sim != "30m0s" || !last.Time.Equal(sim.Now()) {
				t.Fatalf("recorded %s sim %q at %v; want drill.clock at 30m0s", last.Type, last.Sim, last.Time)
			}
			if c := st.DrillClock; c == nil || c.Paused != tt.paused || c.Speed != tt.speed {
				t.Fatalf("state clock %+v; want paused %v speed %v", c, tt.paused, tt.speed)
			}
			if got := dutiesDigest(t, st); got != duties {
				t.Fatalf("a clock change touched the duties: %s", firstDiff(got, duties))
			}
		})
	}
	live := s.State()
	replayed, r := replayDir(t, s)
	defer r.Detach()
	if got, want := digest(t, replayed), digest(t, live); got != want {
		t.Fatalf("replayed clock changes differ: %s", firstDiff(got, want))
	}
}

// dutiesDigest renders only the duties of a state.
func dutiesDigest(t testing.TB, st *State) string {
	t.Helper()
	c := &State{Duties: st.Duties}
	return digest(t, c)
}

// A drill opened without a title of its own is listed by its scenario's
// title (as its screen shows it), from the summary and from a full read
// alike; a title given at opening wins.
func TestDrillListedByItsScenario(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	for _, tc := range []struct{ title, want string }{
		{"", "Friday night: the order system is down"},
		{"Tabletop with the new on-call team", "Tabletop with the new on-call team"},
	} {
		home := t.TempDir()
		clock := testkit.NewClock(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC))
		s, err := Open(rb, OpenOptions{Home: home, Actor: "facilitator", Clock: clock, Title: tc.title,
			Drill: &DrillInfo{Scenario: "friday", Title: "Friday night: the order system is down", Speed: 10}})
		must(t, err)
		must(t, s.Detach())
		for _, rebuilt := range []bool{false, true} {
			if rebuilt { // a full read of the journal says the same
				must(t, os.RemoveAll(filepath.Join(home, IndexDir)))
				must(t, os.Remove(filepath.Join(s.Dir(), SummaryFile)))
			}
			sums, err := List(home)
			must(t, err)
			if len(sums) != 1 || sums[0].Name != tc.want {
				t.Errorf("title %q, rebuilt %v: listed as %+v, want %q", tc.title, rebuilt, sums, tc.want)
			}
		}
	}
}
