package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/runbooks"
	"github.com/shodo-dev/shodo/tui"
)

// A facilitator who connects again after every screen left a served drill
// (a network blip takes them all) continues it, paused where it stopped;
// once it is closed, the next one is new.
func TestServedDrillContinues(t *testing.T) {
	dir := t.TempDir()
	env := environment{getenv: func(string) string { return "" }, shipped: runbooks.FS, dir: dir}
	sc, _, err := env.resolveScenario("friday-ransomware")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	opt := tui.Options{Home: filepath.Join(dir, "home"), Actor: "Sato", Now: func() time.Time { return now }}

	first, err := continueOrStartDrill(sc, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := first.Session().State().ID
	if err := first.Detach(); err != nil {
		t.Fatal(err)
	}
	again, err := continueOrStartDrill(sc, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Session().State().ID; got != id {
		t.Fatalf("the facilitator came back to drill %s, want the open one %s", got, id)
	}
	if err := again.Session().Close("Sato", "debrief done"); err != nil {
		t.Fatal(err)
	}
	if err := again.Detach(); err != nil {
		t.Fatal(err)
	}
	fresh, err := continueOrStartDrill(sc, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fresh.Detach() })
	if got := fresh.Session().State().ID; got == id {
		t.Fatalf("a closed drill %s was continued", id)
	}
}
