package tui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// newHome shows the home screen over home, with the shipped set and the
// given local runbook directories.
func newHome(t *testing.T, home string, dirs ...string) (*harness, *testkit.Clock) {
	t.Helper()
	clock := testkit.NewClock(t0.Add(10 * time.Minute))
	opt := testOptions(i18n.English, clock)
	opt.Home, opt.Library = home, testLibrary(t, shippedSet(t), dirs...)
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
		"Service failure, delay or outage: find the cause  (service-failure, shipped example)",
		"(service-failure-ja, service-failure-ja.toml)", // the team's own, named by its file
		"Resume an open incident", openID,
		"Closed incidents: export", closedID, "verdict: Change or configuration error",
		"Start a drill (tabletop exercise): choose a scenario",
		"Friday night: the order system is down  (friday-ransomware, shipped example)",
		"runbook problems: run shodo validate",
	)
	// The team's service-failure-ja shadows the shipped one, which is not
	// offered; the team's own come before the shipped examples. The
	// shipped Japanese drill names service-failure-ja, finds the team's,
	// and does not validate against it (it names duties the team's edition
	// lacks): it is a problem, not an offer.
	screen := h.screen()
	h.refuse("(service-failure-ja, shipped", "(friday-ransomware-ja,")
	if own, example := strings.Index(screen, "(service-failure-ja, service-failure-ja.toml)"), strings.Index(screen, "(service-failure, shipped example)"); own > example {
		t.Errorf("the team's runbook comes after a shipped example:\n%s", screen)
	}
}

// $SHODO_HIDE_EXAMPLES (Options.HideExamples) leaves the shipped runbooks
// and drills off the home screen: the team's own stay.
func TestHomeHidesExamples(t *testing.T) {
	local := t.TempDir()
	for _, name := range []string{"service-failure.toml", "contacts.toml", "regulations/appi.toml", "regulations/gdpr.toml", "drills/friday-ransomware.toml"} {
		b, err := fs.ReadFile(shippedSet(t), name)
		must(t, err)
		text := strings.NewReplacer(`id = "service-failure"`, `id = "our-failure"`, `id = "friday-ransomware"`, `id = "our-friday"`,
			`runbook = "service-failure"`, `runbook = "our-failure"`).Replace(string(b))
		writeFile(t, filepath.Join(local, filepath.FromSlash(name)), text)
	}
	for _, tc := range []struct {
		hide       bool
		want, bans []string
	}{
		{false, []string{"(our-failure, service-failure.toml)", "(our-friday, friday-ransomware.toml)", "(service-failure, shipped example)", "(friday-ransomware-ja, shipped example)"}, nil},
		{true, []string{"(our-failure, service-failure.toml)", "(our-friday, friday-ransomware.toml)"}, []string{"shipped example", "service-failure-ja"}},
	} {
		t.Run(fmt.Sprintf("hide=%v", tc.hide), func(t *testing.T) {
			clock := testkit.NewClock(t0.Add(10 * time.Minute))
			opt := testOptions(i18n.English, clock)
			opt.Home, opt.Library, opt.HideExamples = t.TempDir(), testLibrary(t, shippedSet(t), local), tc.hide
			h := startHarness(t, NewHomeModel(opt), clock, 120, 30)
			h.require(tc.want...)
			h.refuse(tc.bans...)
			h.refuse("runbook problems", "hides the shipped examples")
		})
	}
	// A team with none of its own is told what hides the examples, rather
	// than shown an empty screen.
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		clock := testkit.NewClock(t0.Add(10 * time.Minute))
		opt := testOptions(lang, clock)
		opt.Home, opt.Library, opt.HideExamples = t.TempDir(), testLibrary(t, shippedSet(t)), true
		h := startHarness(t, NewHomeModel(opt), clock, 120, 30)
		tx := i18n.New(lang)
		h.require(tx.T("tui.home.no-runbooks-hidden", "Var", EnvHideExamples), tx.T("tui.home.no-drills-hidden", "Var", EnvHideExamples))
		h.refuse("(service-failure", "(friday-ransomware")
	}
}

// The home screen offers the shipped scenarios and the local ones (a copy
// of a shipped one once), and starts a drill: the drill screen, paused at
// T+00:00, its first inject delivered and announced.
func TestHomeStartsADrill(t *testing.T) {
	local := t.TempDir()
	b, err := fs.ReadFile(shippedSet(t), "drills/friday-ransomware.toml")
	must(t, err)
	writeFile(t, filepath.Join(local, "drills", "friday-ransomware.toml"), string(b))
	own := strings.Replace(string(b), `id = "friday-ransomware"`, `id = "our-friday"`, 1)
	writeFile(t, filepath.Join(local, "drills", "our-friday.toml"), own)
	home := t.TempDir()
	h, _ := newHome(t, home, local)
	h.send(sizeMsg(140, 40))
	screen := h.screen()
	if n := strings.Count(screen, "(friday-ransomware,"); n != 1 {
		t.Errorf("friday-ransomware offered %d times; want once:\n%s", n, screen)
	}
	h.require("(our-friday, our-friday.toml)")
	for {
		it := h.m.home.items()[h.m.home.cursor]
		if it.kind == itemScenario && h.m.home.scenarios[it.i].sc.ID == "friday-ransomware" {
			break
		}
		h.key("down")
	}
	h.require("Runbook Service failure, delay or outage: find the cause, speed 10x, 7 injects.")
	h.key("enter")
	h.require("Start this drill?", "Injects at (scenario time): 0m, 4m, 12m, 30m, 38m, 2h30m, 14h", "Objectives:",
		"- Reach the right verdict within 45 minutes of the first alert")
	h.key("y")
	h.fireTicks()
	if h.m.screen != screenIncident || !h.m.inc.drill.on() {
		t.Fatalf("no drill screen:\n%s", h.screen())
	}
	st := h.state()
	if st.Drill == nil || st.Drill.Scenario != "friday-ransomware" || st.OpenedBy != drill.FacilitatorActor {
		t.Fatalf("opened %+v", st.Drill)
	}
	h.require("[DRILL]", "[PAUSED]", "INJECT", "ALERT order-db01")
	// The team's actions record the actor at the keyboard.
	h.pick("1")
	if e := h.lastEvent(); e.Actor != "sato" || e.Type != incident.TypeTriageAnswered {
		t.Fatalf("answer recorded as %+v", e)
	}
	must(t, h.m.Release())

	// Resumed from the home screen, it is a drill again, paused.
	h2, _ := newHome(t, home)
	for h2.m.home.items()[h2.m.home.cursor].kind != itemOpen {
		h2.key("down")
	}
	h2.require("  DRILL Friday night: the order system is down") // listed by its scenario
	h2.key("enter")
	h2.fireTicks()
	if !h2.m.inc.drill.on() {
		t.Fatalf("resumed as a live incident:\n%s", h2.screen())
	}
	h2.require("[DRILL]", "[PAUSED]", "Paused at T+00:00")
	if n := eventsOf(h2.state(), incident.TypeInjectDelivered); n != 1 {
		t.Fatalf("%d injects after resuming, want 1", n)
	}
}

func TestHomeOpensAnIncident(t *testing.T) {
	home := t.TempDir()
	h, _ := newHome(t, home)
	for h.m.home.items()[h.m.home.cursor].kind != itemRunbook || h.m.home.runbooks[h.m.home.cursor].rb.ID != "service-failure" {
		h.key("down")
	}
	at := h.m.home.cursor
	// Starting is deliberate: enter shows what starts, and asks.
	h.key("enter")
	h.require("Open an incident on this runbook?", "These 4 duties start the moment it opens:",
		"- First call to the maintenance vendor", "within 1h: Incident commander contacts Asagi Information Systems",
		"within 30m: On-call engineer does it")
	if h.m.screen != screenHome || holdsIncident(t, home) {
		t.Fatal("enter on a runbook opened an incident")
	}
	// esc goes back, the cursor where it was, nothing started.
	h.key("esc")
	h.require("Start an incident: choose a runbook")
	if h.m.home.confirm != nil || h.m.home.cursor != at || holdsIncident(t, home) {
		t.Fatalf("esc: confirm %v, cursor %d (want %d)", h.m.home.confirm, h.m.home.cursor, at)
	}
	h.key("enter")
	h.key("n") // n goes back too
	if h.m.home.confirm != nil {
		t.Fatal("n did not go back")
	}
	h.key("enter")
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
	h.pick("1")
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
	s, err := incident.Resume(filepath.Join(incident.IncidentsDir(home), openID), incident.ResumeOptions{Home: home, Clock: testkit.NewClock(t0)})
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
	// Deleting the holder file (the "stale lock" reflex) lets nobody in,
	// and the refusal still names who holds it and what not to do.
	must(t, os.Remove(filepath.Join(incident.IncidentsDir(home), openID, "timeline.lock")))
	h.key("enter")
	if h.m.screen != screenHome {
		t.Fatal("resumed an incident another session holds, once its lock file was deleted")
	}
	if runtime.GOOS == "linux" {
		h.require(fmt.Sprintf("process %d of", os.Getpid()), "since", "(deleting timeline.lock")
	}
}

// TestHomeOpensClosedReadOnly: a closed incident on the home screen
// says how to export it, and enter opens it read-only: CLOSED, its
// figures at the close, every recording key off, O to reopen; a reopen
// with a reason makes it live again, and the screen owns the session.
func TestHomeOpensClosedReadOnly(t *testing.T) {
	home := homeWithIncidents(t)
	h, _ := newHome(t, home)
	for h.m.home.items()[h.m.home.cursor].kind != itemClosed {
		h.key("down")
	}
	h.require("Export it with: shodo export " + closedID + " --format md")
	h.key("enter")
	if h.m.screen != screenIncident || !h.m.inc.st.Closed {
		t.Fatalf("enter on a closed incident: screen %v, closed %v", h.m.screen, h.m.inc.st != nil && h.m.inc.st.Closed)
	}
	h.require("CLOSED", closedID, "every figure stands at the close", "O reopen")
	h.refuse("LIVE")
	h.key("n")
	h.require("n note: incident closed")
	if h.m.dialog() != nil {
		t.Fatal("a note dialog opened on a closed incident")
	}
	h.key("O")
	h.require("Reopen the incident " + closedID)
	h.key("enter")
	h.require("This field is required.")
	h.typeText("The fix did not hold: errors again at 21:30.")
	h.key("enter")
	st := h.state()
	if st.Closed || len(st.Reopens) != 1 || st.Reopens[0].Reason != "The fix did not hold: errors again at 21:30." {
		t.Fatalf("after reopen: closed %v, reopens %+v", st.Closed, st.Reopens)
	}
	h.require("LIVE", "Recorded: reopen: "+closedID)
	h.refuse("CLOSED")
	h.key("n")
	h.typeText("Rolled back again.")
	h.key("ctrl+s")
	if eventsOf(h.state(), incident.TypeNoteAdded) != 1 {
		t.Fatal("the reopened incident did not take a note")
	}
}

// TestHomeShowsResolved: a resolved incident's row says so, with the
// follow-ups that hold its close and the next due time.
func TestHomeShowsResolved(t *testing.T) {
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	s := openFixed(t, home, openID, englishRB(t), clock)
	for _, a := range [][2]string{{"symptom", "outage"}, {"recent-change", "right-after"}, {"rollback", "restored"}, {"change-authorized", "approved"}} {
		must(t, s.Answer("sato", a[0], a[1]))
	}
	must(t, s.Resolve("sato", time.Time{}))
	n, next, ok := s.State().FollowUps()
	if n == 0 || !ok {
		t.Fatalf("no follow-up with a due time: %d", n)
	}
	must(t, s.Detach())
	h, _ := newHome(t, home)
	h.send(sizeMsg(200, 30))
	h.require(openID, fmt.Sprintf("resolved - %d follow-ups open, next due %s", n, next.In(jst).Format("15:04:05")))
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
	h.key("y")
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
	for _, name := range []string{"service-failure.toml", "contacts.toml", "regulations/appi.toml", "regulations/gdpr.toml"} {
		b, err := fs.ReadFile(shippedSet(t), name)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(local, filepath.FromSlash(name)), string(b))
	}
	h, _ := newHome(t, t.TempDir(), local)
	h.send(sizeMsg(140, 30))
	h.require("Service failure, delay or outage: find the cause  (service-failure, shipped example)")
	screen := h.screen()
	if n := strings.Count(screen, "find the cause  (service-failure,"); n != 1 {
		t.Errorf("service-failure offered %d times; want once:\n%s", n, screen)
	}
}

// holdsIncident reports whether home holds an incident.
func holdsIncident(t *testing.T, home string) bool {
	t.Helper()
	list, err := incident.List(home)
	if err != nil {
		t.Fatal(err)
	}
	return len(list) > 0
}

// The cursor starts on the team's own runbooks, and among equals on the
// one in the user's language: English before Japanese under an English
// locale, the reverse under a Japanese one (issue 11, item 5). Rows of
// incidents not opened today show their date; today's, the time only.
func TestHomeOffersInOrder(t *testing.T) {
	local := t.TempDir()
	for _, name := range []string{"service-failure.toml", "contacts.toml", "service-failure-ja.toml", "contacts-ja.toml",
		"regulations/appi.toml", "regulations/appi-ja.toml", "regulations/gdpr.toml", "regulations/gdpr-ja.toml"} {
		b, err := fs.ReadFile(shippedSet(t), name)
		must(t, err)
		text := strings.Replace(string(b), `id = "service-failure`, `id = "our-failure`, 1)
		writeFile(t, filepath.Join(local, filepath.FromSlash(strings.Replace(name, "service-failure", "our-failure", 1))), text)
	}
	home := homeWithIncidents(t)
	for _, tc := range []struct {
		lang  string
		order []string
	}{
		{i18n.English, []string{"our-failure", "our-failure-ja", "service-failure", "service-failure-ja"}},
		{i18n.Japanese, []string{"our-failure-ja", "our-failure", "service-failure-ja", "service-failure"}},
		{i18n.Pseudo, []string{"our-failure", "our-failure-ja", "service-failure", "service-failure-ja"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			clock := testkit.NewClock(t0.Add(10 * time.Minute))
			opt := testOptions(tc.lang, clock)
			opt.Home, opt.Library = home, testLibrary(t, shippedSet(t), local)
			h := startHarness(t, NewHomeModel(opt), clock, 120, 30)
			var got []string
			for _, r := range h.m.home.runbooks {
				got = append(got, r.rb.ID)
			}
			if !slices.Equal(got, tc.order) {
				t.Fatalf("runbooks offered %v, want %v", got, tc.order)
			}
			if it := h.m.home.items()[h.m.home.cursor]; it.kind != itemRunbook || it.i != 0 {
				t.Fatalf("cursor on %+v, want the first runbook", it)
			}
			if tc.lang != i18n.English {
				return
			}
			// Opened today: the time; five days before: the date too.
			h.require(openID+"  21:04:00  ", closedID+"  2026-11-20 10:04  ")
		})
	}
}

// TestHomeShowsEnding: an incident that ended as no incident says how on
// its row ("ended: false alarm", "ended: duplicate of …"), from its
// summary, never "verdict: none yet".
func TestHomeShowsEnding(t *testing.T) {
	for _, tt := range []struct {
		ending, want string
	}{
		{incident.EndFalseAlarm, "ended: false alarm"},
		{incident.EndMistake, "ended: opened by mistake"},
		{incident.EndDuplicate, "ended: duplicate of " + closedID},
	} {
		t.Run(tt.ending, func(t *testing.T) {
			home := t.TempDir()
			clock := testkit.NewClock(t0)
			if tt.ending == incident.EndDuplicate {
				other := openFixed(t, home, closedID, englishRB(t), clock)
				must(t, other.Detach())
			}
			s := openFixed(t, home, openID, englishRB(t), clock)
			of := ""
			if tt.ending == incident.EndDuplicate {
				of = closedID
			}
			must(t, s.End("sato", tt.ending, of, "the probe was misconfigured"))
			must(t, s.Detach())
			h, _ := newHome(t, home)
			h.send(sizeMsg(200, 30))
			h.require(openID, tt.want)
			for _, line := range strings.Split(h.screen(), "\n") {
				if strings.Contains(line, openID) && strings.Contains(line, "verdict: none yet") {
					t.Errorf("an ended incident's row says no verdict: %q", line)
				}
			}
		})
	}
}

// TestReopenedSaysNoResolved: a resolved incident, closed and reopened, is
// open again: neither its header nor its home row still says "resolved"
// (before the close, both did).
func TestReopenedSaysNoResolved(t *testing.T) {
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	s := openFixed(t, home, openID, englishRB(t), clock)
	must(t, s.Answer("sato", "symptom", "outage"))
	must(t, s.Resolve("sato", time.Time{}))
	resolvedRow := func(h *harness) bool {
		for _, line := range strings.Split(h.screen(), "\n") {
			if strings.Contains(line, openID) && strings.Contains(line, "resolved") {
				return true
			}
		}
		return false
	}
	hdr := newIncidentHarness(t, quiet{s}, i18n.English, clock, 120, 30)
	hdr.require("resolved - ")
	must(t, s.Detach())
	if h, _ := newHome(t, home); !resolvedRow(h) {
		t.Fatalf("the resolved incident's row does not say so:\n%s", h.screen())
	}

	r, err := incident.Resume(s.Dir(), incident.ResumeOptions{Home: home, Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	handOverAll(t, r)
	must(t, r.Close("sato", "back")) // which releases the journal
	clock.Advance(time.Hour)
	r, err = incident.Resume(s.Dir(), incident.ResumeOptions{Home: home, Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	must(t, r.Reopen("sato", "the fix did not hold"))
	hdr = newIncidentHarness(t, quiet{r}, i18n.English, clock, 120, 30)
	hdr.require("LIVE")
	hdr.refuse("resolved")
	must(t, r.Detach())
	if h, _ := newHome(t, home); resolvedRow(h) {
		t.Fatalf("the reopened incident's row still says resolved:\n%s", h.screen())
	}
}

// The first frame lists the shipped runbooks and scenarios from their
// index, before any is decoded, and is the frame the walk draws, in
// English and Japanese. The first key starts the walk; an enter that comes
// before it ends is not lost: the walk asks about that row.
func TestHomeFirstFrameFromTheIndex(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			clock := testkit.NewClock(t0.Add(10 * time.Minute))
			opt := testOptions(lang, clock)
			opt.Home, opt.Library = t.TempDir(), testLibrary(t, runbooks.FS)
			h := startHarness(t, NewHomeModel(opt), clock, 100, 30)
			t.Cleanup(func() { _ = h.m.Release() })
			if h.m.home.walked || len(h.m.home.runbooks) == 0 {
				t.Fatalf("the first frame was not drawn from the index (walked: %v):\n%s", h.m.home.walked, h.screen())
			}
			first := h.screen()

			h.keys.Advance(keyPause)
			next, walk := h.m.Update(keyMsg("enter"))
			h.m = next.(Model)
			if h.m.home.confirm != nil || walk == nil {
				t.Fatalf("asked before the runbook was loaded (a walk started: %v)", walk != nil)
			}
			h.run(walk)
			if !h.m.home.walked || h.m.home.confirm == nil || h.m.home.confirm.kind != itemRunbook {
				t.Fatalf("the enter before the walk was lost:\n%s", h.screen())
			}
			h.key("esc")
			if got := h.screen(); got != first {
				t.Errorf("first frame, from the index:\n%s\nafter the walk:\n%s", first, got)
			}
		})
	}
}

// On a screen served over ssh the home screen opens no drill: opened
// there, whoever picked it would get the facilitator's notes; the drill
// command joins it as facilitator or player.
func TestServedHomeOpensNoDrill(t *testing.T) {
	clock := testkit.NewClock(t0.Add(10 * time.Minute))
	opt := testOptions(i18n.English, clock)
	opt.Home, opt.Library = t.TempDir(), testLibrary(t, shippedSet(t))
	opt.Remote = true
	h := startHarness(t, NewHomeModel(opt), clock, 140, 40)
	t.Cleanup(func() { _ = h.m.Release() })
	for {
		it := h.m.home.items()[h.m.home.cursor]
		if it.kind == itemScenario && h.m.home.scenarios[it.i].sc.ID == "friday-ransomware" {
			break
		}
		h.key("down")
	}
	h.key("enter")
	if strings.Contains(h.screen(), "Start this drill?") {
		h.key("y")
	}
	h.fireTicks()
	h.require("Over ssh a drill is joined with its command", "drill friday-ransomware")
	if h.m.screen == screenIncident {
		t.Fatalf("a served home screen opened a drill:\n%s", h.screen())
	}
}

// A summary that is missing or disagrees with its journal is rebuilt from
// the journal, and the home's status line says so, as shodo list does; a
// home whose summaries all hold says nothing.
func TestHomeNotesRebuiltSummaries(t *testing.T) {
	home := homeWithIncidents(t)
	h, _ := newHome(t, home)
	h.require(openID)
	h.refuse("read in full")
	must(t, h.m.Release())

	must(t, os.Remove(filepath.Join(incident.IncidentsDir(home), openID, incident.SummaryFile)))
	must(t, os.RemoveAll(filepath.Join(home, incident.IndexDir)))
	h, _ = newHome(t, home)
	h.require(openID, "1 incident was read in full from its journal: its summary was missing or out of date")
}
