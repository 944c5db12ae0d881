package tui

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// compromised answers the vulnerability advisory's triage to the verdict
// that opens a linked incident: affected, exploited, signs of compromise.
func compromised(t testing.TB, s *incident.Session) {
	t.Helper()
	for _, a := range [][2]string{{"source", "jvn"}, {"in-inventory", "yes"}, {"version", "affected"},
		{"feature-used", "used"}, {"exploited", "yes"}, {"compromise-check", "signs"}} {
		must(t, s.Answer("sato", a[0], a[1]))
	}
}

// spawnHarness is the incident screen on the vulnerability advisory
// (name: its file) under a home of its own, with the shipped library as
// the screen finds runbooks.
func spawnHarness(t *testing.T, lang, name string, w, h int) (*harness, *incident.Session, *testkit.Clock) {
	t.Helper()
	clock := testkit.NewClock(t0)
	home := t.TempDir()
	s := openFixed(t, home, openID, loadRunbook(t, name), clock)
	opt := testOptions(lang, clock)
	opt.Home, opt.Library = home, testLibrary(t, runbooks.FS)
	m := newModel(opt.withDefaults(), nil, false)
	m.enterIncident(quiet{s}, false, nil, nil, s.State())
	return startHarness(t, m, clock, w, h), s, clock
}

// L opens an incident on the runbook the verdict names, linked both ways;
// the screen stays on this incident and says how to resume the new one.
func TestSpawnLinkedIncident(t *testing.T) {
	t.Parallel()
	tx := i18n.New(i18n.English)
	h, s, clock := spawnHarness(t, i18n.English, "vulnerability-advisory.toml", 100, 30)
	h.key("L")
	h.require(tx.T("tui.spawn.why-none"))
	if topIs[spawnDialog](h) {
		t.Fatal("L opened its dialog before the verdict")
	}

	compromised(t, s)
	h.send(stateMsg{st: s.State()})
	clock.Advance(3 * time.Minute)
	h.key("L")
	if !topIs[spawnDialog](h) {
		t.Fatalf("L did not open its dialog:\n%s", h.screen())
	}
	sf := loadRunbook(t, "service-failure.toml")
	h.require(tx.T("tui.spawn.title"), sf.Title+" (service-failure)", "both ways: spawned here,")
	h.key("enter")

	if h.m.dialog() != nil {
		t.Fatalf("the dialog is still open:\n%s", h.screen())
	}
	links := s.State().Links
	if len(links) != 1 || links[0].Kind != incident.LinkSpawned {
		t.Fatalf("this incident's links: %+v; want one spawned", links)
	}
	other := links[0].Incident
	h.require("shodo resume " + other)
	if h.m.inc.st.ID != openID {
		t.Errorf("the screen moved to %s", h.m.inc.st.ID)
	}
	in, err := export.Read(filepath.Join(incident.IncidentsDir(h.m.opt.Home), other))
	if err != nil {
		t.Fatal(err)
	}
	st := in.State
	if st.Runbook.ID != "service-failure" || st.Closed {
		t.Errorf("the new incident is on %s, closed %v", st.Runbook.ID, st.Closed)
	}
	if len(st.Links) != 1 || st.Links[0].Kind != incident.LinkSpawnedFrom || st.Links[0].Incident != openID {
		t.Errorf("the new incident's links: %+v; want spawned-from %s", st.Links, openID)
	}
	if !st.Opened.Equal(clock.Now()) {
		t.Errorf("the new incident opened at %v; want the screen's clock %v", st.Opened, clock.Now())
	}
	if actor := st.Events[0].Actor; actor != "sato" {
		t.Errorf("opened by %q", actor)
	}

	// The dialog offers it again: a second incident is a second link.
	h.key("L")
	h.key("enter")
	if n := len(s.State().Links); n != 2 {
		t.Errorf("%d links after a second open; want 2", n)
	}
}

// A runbook the library does not find is listed with why, and enter
// opens nothing.
func TestSpawnUnknownRunbook(t *testing.T) {
	t.Parallel()
	h, s, _ := spawnHarness(t, i18n.English, "vulnerability-advisory.toml", 100, 30)
	h.m.opt.Library = testLibrary(t, japaneseSet(t)) // service-failure-ja, not service-failure
	compromised(t, s)
	h.send(stateMsg{st: s.State()})
	h.key("L")
	tx := i18n.New(i18n.English)
	h.require(`no runbook has id "service-failure"`)
	h.key("enter")
	h.require(tx.T("tui.spawn.cannot-open", "Runbook", "service-failure"))
	if n := len(s.State().Links); n != 0 {
		t.Errorf("%d links; want none", n)
	}
	list, err := incident.List(h.m.opt.Home)
	if err != nil || len(list) != 1 {
		t.Errorf("incidents under the home: %d (%v); want this one only", len(list), err)
	}
}

// L never walks the runbook library on the UI goroutine: the key only
// says it is looking and returns a command; the walk runs in the command,
// and the dialog opens when its answer arrives. An answer that arrives
// after the screen moved on (another dialog open, the verdict revised)
// opens nothing.
func TestSpawnWalksOffTheUIGoroutine(t *testing.T) {
	t.Parallel()
	tx := i18n.New(i18n.English)
	h, s, _ := spawnHarness(t, i18n.English, "vulnerability-advisory.toml", 100, 30)
	compromised(t, s)
	h.send(stateMsg{st: s.State()})

	next, cmd := h.m.Update(keyMsg("L"))
	h.m = next.(Model)
	if cmd == nil || h.m.dialog() != nil {
		t.Fatalf("L opened its dialog (%T) before the library was walked, command %v", h.m.dialog(), cmd != nil)
	}
	h.require(tx.T("tui.spawn.finding"))
	found, ok := cmd().(spawnFoundMsg)
	if !ok || found.incident != openID || len(found.found) != 1 || found.found[0].rb == nil || found.found[0].rb.ID != "service-failure" {
		t.Fatalf("the command found %+v", found)
	}

	// Late: the responder opened the note dialog meanwhile.
	h.key("n")
	h.send(found)
	if topIs[spawnDialog](h) {
		t.Fatal("a late answer opened the dialog over another")
	}
	h.key("esc")
	// Late: the verdict no longer opens anything.
	must(t, s.Revise("sato", "compromise-check"))
	h.send(stateMsg{st: s.State()})
	h.send(found)
	if topIs[spawnDialog](h) {
		t.Fatal("a late answer opened the dialog after the verdict was revised")
	}
	// In time, it opens the dialog and the note is gone.
	must(t, s.Answer("sato", "compromise-check", "signs"))
	h.send(stateMsg{st: s.State()})
	h.send(found)
	if !topIs[spawnDialog](h) {
		t.Fatalf("the answer did not open the dialog:\n%s", h.screen())
	}
	h.refuse(tx.T("tui.spawn.finding"))
}
