package tui

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
)

// newHome shows the home screen over home, with the shipped set and the
// given local runbook directories.
func newHome(t *testing.T, home string, dirs ...string) (*harness, *fakeClock) {
	t.Helper()
	clock := newClock(t0.Add(10 * time.Minute))
	opt := testOptions(LangEnglish, clock)
	opt.Home, opt.Shipped, opt.RunbookDirs = home, shippedSet(t), dirs
	h := startHarness(t, NewHomeModel(opt), clock, 100, 30)
	t.Cleanup(func() { _ = h.m.Release() })
	return h, clock
}

func TestHomeLists(t *testing.T) {
	local := t.TempDir()
	writeFile(t, filepath.Join(local, "broken.toml"), "shodo = 1\nid = \"broken\"\ntitle = 3\n")
	h, _ := newHome(t, homeWithIncidents(t), fixtureDir, local)
	h.send(sizeMsg(140, 30))
	h.require(
		"Start an incident: choose a runbook",
		"Service failure, delay or outage: find the cause  (service-failure, shipped)",
		"(service-failure-ja, service-failure-ja.toml)", // the local copy, named by its file
		"Resume an open incident", openID,
		"Closed incidents: export", closedID, "verdict: Change or configuration error",
		"Drills",
		"runbook problems: run shodo validate",
	)
}

func TestHomeOpensAnIncident(t *testing.T) {
	home := t.TempDir()
	h, _ := newHome(t, home)
	for h.m.home.items()[h.m.home.cursor].kind != itemRunbook || h.m.home.runbooks[h.m.home.cursor].rb.ID != "service-failure" {
		h.key("down")
	}
	h.key("enter")
	if h.m.screen != screenIncident {
		t.Fatalf("still on the home screen: %s", h.screen())
	}
	st := h.state()
	if st.OpenedBy != "sato" || st.Runbook.ID != "service-failure" || eventsOf(st, incident.TypeDutyStarted) == 0 {
		t.Fatalf("opened %+v", st)
	}
	h.require("LIVE", st.ID, "What was reported first?")
	// Answering works through the session the home screen opened.
	h.key("1")
	if n := eventsOf(h.state(), incident.TypeTriageAnswered); n != 1 {
		t.Fatalf("%d answers", n)
	}
	// Release detaches it: another process can resume it at once.
	must(t, h.m.Release())
	s, err := incident.Resume(filepath.Join(incident.IncidentsDir(home), st.ID), incident.ResumeOptions{Home: home, Clock: h.clock})
	must(t, err)
	must(t, s.Detach())
}

func TestHomeResumes(t *testing.T) {
	home := homeWithIncidents(t)
	h, _ := newHome(t, home)
	for h.m.home.items()[h.m.home.cursor].kind != itemOpen {
		h.key("down")
	}
	h.require("events") // the detail line says where it is and how long
	h.key("enter")
	if h.m.screen != screenIncident || h.state().ID != openID {
		t.Fatalf("did not resume %s:\n%s", openID, h.screen())
	}
	h.require("Was anything changed shortly before it started?")
}

func TestHomeResumeLocked(t *testing.T) {
	home := homeWithIncidents(t)
	s, err := incident.Resume(filepath.Join(incident.IncidentsDir(home), openID), incident.ResumeOptions{Home: home, Clock: newClock(t0)})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	h, _ := newHome(t, home)
	for h.m.home.items()[h.m.home.cursor].kind != itemOpen {
		h.key("down")
	}
	h.key("enter")
	if h.m.screen != screenHome {
		t.Fatal("resumed an incident another session holds")
	}
	h.require("the incident is open in another shodo")
}

func TestHomeExportsClosed(t *testing.T) {
	h, _ := newHome(t, homeWithIncidents(t))
	for h.m.home.items()[h.m.home.cursor].kind != itemClosed {
		h.key("down")
	}
	h.key("enter")
	want := "shodo export " + closedID + " --format md"
	if len(h.clipboard) != 1 || h.clipboard[0] != want {
		t.Fatalf("clipboard = %q", h.clipboard)
	}
	h.require(want)
	if h.m.screen != screenHome {
		t.Fatal("left the home screen")
	}
}

func TestHomeWithoutIncidents(t *testing.T) {
	h, _ := newHome(t, filepath.Join(t.TempDir(), "nothing-yet"))
	h.require("No open incident.", "No closed incident.")
	h.key("q")
	if !h.quit {
		t.Fatal("q did not quit the home screen")
	}
}

func TestHomeOpenFails(t *testing.T) {
	// A home that is a file cannot hold incidents: the error is shown, and
	// the home screen stays.
	file := filepath.Join(t.TempDir(), "home")
	writeFile(t, file, "")
	h, _ := newHome(t, file)
	h.key("enter")
	if h.m.screen != screenHome {
		t.Fatal("left the home screen")
	}
	h.require("! ")
	if _, err := os.Stat(filepath.Join(file, "incidents")); err == nil {
		t.Fatal("made incidents inside a file")
	}
}

// Run from a checkout of shodo, ./runbooks holds the shipped runbooks
// themselves: each is offered once, as shipped.
func TestHomeOffersCopiesOnce(t *testing.T) {
	local := t.TempDir()
	for _, name := range []string{"service-failure.toml", "contacts.toml"} {
		b, err := fs.ReadFile(shippedSet(t), name)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(local, name), string(b))
	}
	h, _ := newHome(t, t.TempDir(), local)
	h.send(sizeMsg(140, 30))
	h.require("Service failure, delay or outage: find the cause  (service-failure, shipped)")
	screen := h.screen()
	if n := strings.Count(screen, "find the cause  (service-failure,"); n != 1 {
		t.Errorf("service-failure offered %d times; want once:\n%s", n, screen)
	}
}
