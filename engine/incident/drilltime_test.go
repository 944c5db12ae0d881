package incident

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
)

// In a drill, the journal's own recovery record carries no scenario offset;
// the fold must place it on the drill's clock (after the event before it),
// not at its wall time hours away.
func TestDrillRecoveryStaysOnTheScenarioClock(t *testing.T) {
	rb := loadFixture(t, "triggers.toml")
	wall := newClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	sim := newClock(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC))
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
