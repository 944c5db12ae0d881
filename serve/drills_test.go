package serve

import (
	"errors"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// One drill per scenario: the facilitator starts it, a second facilitator
// screen and every player join the same one, a player finds none before a
// facilitator started it, and the last screen to leave detaches it; a
// drill that ended gives way to a new one.
func TestDrillsShareOneDrillPerScenario(t *testing.T) {
	t.Parallel()
	cat := library.New(library.Config{Shipped: runbooks.FS}).Walk()
	s, err := cat.Scenario("friday-ransomware")
	if err != nil {
		t.Fatal(err)
	}
	sc, diags := cat.ValidateScenario(s.Source, s.Path)
	if sc == nil {
		t.Fatal(diags)
	}
	home := t.TempDir()
	clock := testkit.NewClock(time.Date(2026, 11, 25, 21, 4, 0, 0, time.UTC))
	starts := 0
	start := func() (*drill.Drill, error) {
		starts++
		return drill.Start(sc, drill.StartOptions{Home: home, Actor: "Mori", Real: clock.Now, Paused: true})
	}
	ds := NewDrills()
	var forgotten []string // the drills whose fault the last screen's leaving forgot
	ds.OnFault = func(dir string, _ incident.Fault, faulted bool) {
		if !faulted {
			forgotten = append(forgotten, dir)
		}
	}
	if _, _, ok := ds.Join(sc.ID); ok {
		t.Fatal("a player joined a drill no facilitator started")
	}
	d, releaseFacilitator, err := ds.Run(sc.ID, start)
	if err != nil {
		t.Fatal(err)
	}
	d2, releaseSecond, _ := ds.Run(sc.ID, start)
	p, releasePlayer, ok := ds.Join(sc.ID)
	if !ok || d2 != d || p != d || starts != 1 {
		t.Fatalf("joined %v, same drill %v %v, started %d times", ok, d2 == d, p == d, starts)
	}
	for _, release := range []func() error{releaseFacilitator, releaseSecond} {
		if err := release(); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Session().Note("Sato", "still playing"); err != nil {
		t.Fatalf("the drill was let go with a player on it: %v", err)
	}
	if len(forgotten) != 0 {
		t.Fatalf("a fault forgotten with a screen still on the drill: %v", forgotten)
	}
	if err := releasePlayer(); err != nil {
		t.Fatal(err)
	}
	if len(forgotten) != 1 || forgotten[0] != d.Session().Dir() {
		t.Fatalf("the last screen's leaving forgot %v, want the drill's fault (%s)", forgotten, d.Session().Dir())
	}
	if err := d.Session().Note("Sato", "after"); !errors.Is(err, incident.ErrDetached) {
		t.Fatalf("after the last screen left: %v, want detached", err)
	}

	again, release, _ := ds.Run(sc.ID, start)
	if again == d || starts != 2 {
		t.Fatalf("a drill let go was reused (%d starts)", starts)
	}
	defer release()
	if err := again.Session().End("Mori", incident.EndMistake, "", "wrong room"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := ds.Join(sc.ID); ok {
		t.Error("a player joined a drill that ended")
	}
	third, releaseThird, _ := ds.Run(sc.ID, start)
	defer releaseThird()
	if third == again || starts != 3 {
		t.Error("a facilitator was given the drill that ended")
	}
}
