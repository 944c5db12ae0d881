package tui

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// lifeRunbook has three duties that start on opening, and a legal one
// that a suspected leak starts.
const lifeRunbook = `shodo = 1
id = "life-tui"
title = "Order system outage"
version = "1"
lang = "en"
summary = "Test fixture for the incident's life on screen."

[roles.ic]
title = "Incident commander"
assignee = "Sato"

[parties.vendor]
title = "ACME Systems"
kind = "vendor"
contract = { ref = "MC-1", maintenance = true, nda = true }
means = [ { by = "phone", to = "+81-3-0000-0000" } ]

[parties.ppc]
title = "Personal Information Protection Commission"
kind = "authority"
means = [ { by = "form", to = "https://ppc.example" } ]

[milestones.pii]
title = "Personal data may have leaked"

[[duties]]
id = "call-vendor"
title = "Call the vendor"
on = "opened"
who = "ic"
contacts = "vendor"
by = ["phone"]
within = "1h"

[[duties]]
id = "status-page"
title = "Update the status page"
on = "opened"
who = "ic"
within = "30m"

[[duties]]
id = "tell-business"
title = "Tell the business owner"
on = "opened"
who = "ic"
within = "2h"

[[duties]]
id = "ppc-report"
title = "Preliminary report to the PPC"
on = "milestone:pii"
who = "ic"
contacts = "ppc"
by = ["form"]
within = "3d"
legal = true

[triage]
start = "symptom"

[triage.nodes.symptom]
ask = "What was reported?"
options = [
  { id = "down", label = "Service down", verdict = "fault" },
  { id = "leak", label = "Data seen outside", verdict = "leak", stamp = ["pii"] },
]

[verdicts.fault]
title = "Ordinary fault"
security = false

[verdicts.leak]
title = "Data leak"
security = true
`

func lifeRB(t testing.TB) *runbook.Runbook {
	t.Helper()
	path := filepath.Join(t.TempDir(), "life-tui.toml")
	writeFile(t, path, lifeRunbook)
	rb, diags := runbook.LoadFile(path, runbook.Options{})
	if rb == nil {
		t.Fatalf("load %s:\n%v", path, diags)
	}
	return rb
}

// newLife opens an incident on lifeRB at t0 and shows it in English.
func newLife(t *testing.T, w, h int) (*harness, *incident.Session, *testkit.Clock) {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, lifeRB(t), clock)
	hs := newIncidentHarness(t, quiet{s}, i18n.English, clock, w, h)
	t.Cleanup(func() { _ = hs.m.Release() })
	return hs, s, clock
}

// TestResolveWithClaimedTime: s asks when the service was back; a time
// that is not one, in the future or before the incident began is refused
// in the dialog; "20m ago"
// is recorded as claimed, and the header says what follow-ups are open.
func TestResolveWithClaimedTime(t *testing.T) {
	h, _, clock := newLife(t, 100, 30)
	h.pick("1")
	clock.Advance(50 * time.Minute)
	h.fireTicks()
	h.require("s service back")
	h.key("s")
	h.require("Resolve the incident", "The service was back at (optional")
	h.typeText("yesterday-ish")
	h.key("enter")
	h.require("Not a time shodo reads: yesterday-ish")
	h.form().input.Reset()
	h.typeText("23:59")
	h.key("enter")
	h.require("23:59 today is still to come")
	h.form().input.Reset()
	h.typeText("2h ago") // opened 50 minutes ago
	h.key("enter")
	h.require("2h ago is before the incident began (21:04:00)")
	if h.state().Resolution != nil {
		t.Fatal("resolved before the incident began")
	}
	h.form().input.Reset()
	h.typeText("20m ago")
	h.key("enter")
	st := h.state()
	if st.Resolution == nil {
		t.Fatal("not resolved")
	}
	if want := t0.Add(30 * time.Minute); !st.Resolution.Happened.Equal(want) {
		t.Fatalf("claimed %v, want %v", st.Resolution.Happened, want)
	}
	// Three duties run: the status page is overdue (due 21:34), the
	// vendor call next at 22:04.
	h.require("Recorded: service back", "resolved - 3 follow-ups open, next due 21:34:00")
	h.refuse("s service back")
	h.key("s")
	h.require("s service back: already resolved")
}

// TestCloseWalksTheDuties: the close dialog lists the three running
// duties and walks them — done, waived, handed over — then closes with a
// summary; every decision and the close are journaled in that order.
func TestCloseWalksTheDuties(t *testing.T) {
	h, s, clock := newLife(t, 100, 30)
	h.pick("1")
	clock.Advance(10 * time.Minute)
	h.key("x")
	h.key("enter") // x asks how it ends: the verdict's close, where the cursor starts
	h.require("Close the incident", "Decide every running duty before closing",
		"> Update the status page", "Call the vendor", "Tell the business owner", "undecided",
		"(ctrl+s close: 3 duties hold the close)")
	h.key("ctrl+s")
	h.require("! 3 duties hold the close")

	h.key("d") // the status page: done
	h.require("Mark done: Update the status page")
	h.key("enter")
	h.require("> Call the vendor") // walked on to the next undecided duty
	h.key("w")
	h.require("Waive: Call the vendor")
	h.key("enter")
	h.require("This field is required.")
	h.typeText("The vendor called us first.")
	h.key("enter")
	h.require("> Tell the business owner")
	h.key("h")
	h.require("Hand over: Tell the business owner", "New owner (required)")
	h.key("enter")
	h.require("This field is required.")
	h.typeText("Service desk")
	h.key("enter")
	h.require("Handing over to Service desk. The ticket that tracks it (optional")
	if !h.m.hasDraft() {
		t.Fatal("the owner given in the first step is not a draft: quitting would lose it unasked")
	}
	h.typeText("SD-4411")
	h.key("enter")
	h.require("handed over to Service desk", "Every running duty is decided", "ctrl+s close")
	// The refusal of the first ctrl+s was answered duty by duty: it does
	// not stay under a close that nothing holds any more.
	h.refuse("hold the close")
	if !h.m.dialog().(*closeDialog).form.onInput() || h.m.dialog().(*closeDialog).onDuties {
		t.Fatal("the summary does not have the keyboard once every duty is decided")
	}
	h.typeText("Rolled back the release.")
	h.key("ctrl+s")
	st := s.State()
	if !st.Closed || st.Summary != "Rolled back the release." {
		t.Fatalf("closed %v, summary %q", st.Closed, st.Summary)
	}
	var types []string
	for _, e := range st.Events {
		switch e.Type {
		case incident.TypeDutyDone, incident.TypeDutyWaived, incident.TypeDutyHandedOver, incident.TypeIncidentClosed:
			types = append(types, e.Type)
		}
	}
	want := []string{incident.TypeDutyDone, incident.TypeDutyWaived, incident.TypeDutyHandedOver, incident.TypeIncidentClosed}
	if strings.Join(types, " ") != strings.Join(want, " ") {
		t.Fatalf("journal %v, want %v", types, want)
	}
	if d := st.Duty("tell-business"); d.Handover == nil || d.Handover.Owner != "Service desk" || d.Handover.Ticket != "SD-4411" {
		t.Fatalf("hand-over %+v", d.Handover)
	}
	h.require("Incident "+openID+" is closed", "CLOSED")
}

// TestCloseHeldByLegalDuty: a legal duty is marked, cannot be handed over
// (the dialog says why), and holds the close until it is done or waived.
// A refusal from the engine (a duty the screen had not seen yet) is shown
// in the dialog with the summary kept.
func TestCloseHeldByLegalDuty(t *testing.T) {
	h, s, _ := newLife(t, 100, 30)
	h.pick("2") // a leak: the PPC report starts
	for _, id := range []string{"call-vendor", "status-page", "tell-business"} {
		must(t, s.HandOver("sato", id, "Operations", ""))
	}
	h.send(stateMsg{st: s.State()})
	h.key("x")
	h.key("enter") // x asks how it ends: the verdict's close, where the cursor starts
	h.require("[legal] Preliminary report to the PPC", "LEGAL: do or waive", "handed over to Operations",
		"1 duty holds the close")
	h.key("h")
	h.require("! a legal duty is released only by done or waive")
	if !topIs[*closeDialog](h) {
		t.Fatal("h opened a hand-over of a legal duty")
	}
	h.typeText("Data seen outside; reported.")
	h.key("ctrl+s")
	if s.State().Closed {
		t.Fatal("closed with a legal duty undecided")
	}
	h.require("ctrl+s close: 1 duty holds the close")

	// Waived in the dialog, the legal duty lets the close through.
	h.key("tab")
	h.key("w")
	h.typeText("Reported by the parent company's DPO under their filing.")
	h.key("enter")
	h.require("Every running duty is decided")
	if got := h.m.dialog().(*closeDialog).text(); got != "Data seen outside; reported." {
		t.Fatalf("summary %q after the decision", got)
	}

	// The engine refuses the close (a duty the screen had not seen): the
	// dialog says why, in its words, and keeps the summary.
	other := openFixed(t, t.TempDir(), openID, lifeRB(t), testkit.NewClock(t0))
	must(t, other.Answer("sato", "symptom", "leak"))
	for _, id := range []string{"call-vendor", "status-page", "tell-business"} {
		must(t, other.Waive("sato", id, "x"))
	}
	refusal := other.Close("sato", "x")
	if refusal == nil {
		t.Fatal("the engine closed with a legal duty undecided")
	}
	h.m.inc.eng = closeRefused{engine: h.m.inc.eng, err: refusal}
	h.key("ctrl+s")
	h.require("! duties hold the close: 1 undecided, legal duties among them: [ppc-report]")
	if got := h.m.dialog().(*closeDialog).text(); got != "Data seen outside; reported." {
		t.Fatalf("summary %q after the refusal", got)
	}
	if s.State().Closed {
		t.Fatal("closed")
	}
}

// closeRefused answers Close with err.
type closeRefused struct {
	engine
	err error
}

func (c closeRefused) Close(string, string) error { return c.err }

// TestReopenAfterCloseIsJournaled: O on the incident just closed here asks
// for a reason, resumes the incident (the close released its journal),
// records incident.reopened, and the screen is live again: keys record,
// the clock ticks.
func TestReopenAfterCloseIsJournaled(t *testing.T) {
	h, s, clock := newLife(t, 100, 30)
	h.pick("1")
	for _, id := range []string{"call-vendor", "status-page", "tell-business"} {
		must(t, s.HandOver("sato", id, "Operations", ""))
	}
	h.send(stateMsg{st: s.State()})
	h.key("x")
	h.key("enter") // x asks how it ends: the verdict's close, where the cursor starts
	h.typeText("Restored.")
	h.key("ctrl+s")
	h.key("esc") // the export notice
	h.require("CLOSED", "O reopen")
	clock.Advance(2 * time.Hour)
	h.key("O")
	h.require("Reopen the incident " + openID)
	h.key("enter")
	h.require("This field is required.")
	h.typeText("Errors again at 23:10.")
	h.key("enter")
	st := h.state()
	if st.Closed || len(st.Reopens) != 1 || st.Reopens[0].Reason != "Errors again at 23:10." || st.Reopens[0].Actor != "sato" {
		t.Fatalf("closed %v, reopens %+v", st.Closed, st.Reopens)
	}
	if h.m.inc.eng.Dir() != s.Dir() || !h.m.inc.owns {
		t.Fatal("the screen does not own the resumed session")
	}
	h.require("LIVE", "Recorded: reopen: "+openID)
	h.refuse("CLOSED")
	// The clocks run again: two of the duties handed over fell due while
	// it was closed, and are overdue now.
	h.fireTicks()
	h.require("2 OVERDUE")
	h.key("n")
	h.typeText("Vendor back on the phone.")
	h.key("ctrl+s")
	if eventsOf(h.state(), incident.TypeNoteAdded) != 1 {
		t.Fatal("no note after the reopen")
	}
}

// figureRe finds the figures of an incident screen: elapsed time, the
// overdue count and every countdown badge.
var figureRe = regexp.MustCompile(`elapsed \S+|\d+ OVERDUE|OVERDUE \+\S+|due in \S+`)

func frozenFigures(screen string) []string { return figureRe.FindAllString(screen, -1) }

// TestFiguresFrozenAfterClose: once closed, elapsed time, countdowns and
// the overdue count stand at the close: on this screen as the clock runs
// on, and in a real program a day later over the resumed incident.
func TestFiguresFrozenAfterClose(t *testing.T) {
	h, s, clock := newLife(t, 100, 30)
	h.pick("1")
	clock.Advance(45 * time.Minute) // the status page is 15m overdue
	h.fireTicks()
	for _, id := range []string{"call-vendor", "status-page", "tell-business"} {
		must(t, s.HandOver("sato", id, "Operations", "OPS-1"))
	}
	h.send(stateMsg{st: s.State()})
	h.key("x")
	h.key("enter") // x asks how it ends: the verdict's close, where the cursor starts
	h.typeText("Restored.")
	h.key("ctrl+s")
	h.key("esc")
	h.key("tab") // the duties
	atClose := frozenFigures(h.screen())
	want := []string{"elapsed 00:45:00", "1 OVERDUE", "OVERDUE +15m00s", "due in 15m00s", "due in 1h15m"}
	for _, w := range want {
		if !strings.Contains(strings.Join(atClose, " | "), w) {
			t.Fatalf("at close the figures %q lack %q", atClose, w)
		}
	}
	h.fireTicks() // the ticks scheduled before the close
	if n := len(h.scheduled); n != 0 {
		t.Fatalf("%d ticks or wake-ups scheduled on a closed incident", n)
	}
	clock.Advance(3 * time.Hour)
	h.send(tickMsg{tag: h.m.tickTag, at: clock.Now()})
	if got := frozenFigures(h.screen()); strings.Join(got, "|") != strings.Join(atClose, "|") {
		t.Fatalf("the figures moved after the close:\n got %q\nwant %q", got, atClose)
	}

	// A day later, resumed in a real program: the same figures.
	clock.Advance(24 * time.Hour)
	r, err := incident.Resume(s.Dir(), incident.ResumeOptions{Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	tm := teatest.NewTestModel(t, NewIncidentModel(r, testOptions(i18n.English, clock)), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "CLOSED")
	tm.Send(keyMsg("tab"))
	var last []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		last = append(last, b...)
		return bytes.Contains(last, []byte("due in 1h15m"))
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	tm.Send(keyMsg("q"))
	tm.Send(keyMsg("y"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	final.dialogs = nil // the quit confirmation
	if got := frozenFigures(ansi.Strip(final.View().Content)); strings.Join(got, "|") != strings.Join(atClose, "|") {
		t.Fatalf("a day later the figures differ:\n got %q\nwant %q", got, atClose)
	}
}

// TestOverlayReachesEveryKey: in a drill at 80x24 the ? overlay does not
// fit even in two columns: it scrolls, says what is below, and every key
// of the drill and the incident screen (p and R included) can be read by
// scrolling down to its end.
func TestOverlayReachesEveryKey(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			h, _, _ := friday(t, lang, 80, 24)
			h.key("?")
			tx := i18n.New(lang)
			h.require(strings.SplitN(tx.T("tui.help.more", "Above", 0, "Below", 1), "1", 2)[0])
			seen := h.screen()
			for range 40 {
				h.key("down")
				seen += h.screen()
			}
			for _, k := range slices.Concat(h.m.keymap.drill, h.m.keymap.incident) {
				if k.group == "" {
					continue
				}
				if !strings.Contains(seen, k.name()) || !strings.Contains(seen, k.desc(&h.m)) {
					t.Errorf("the overlay never shows %s %s", k.name(), k.desc(&h.m))
				}
			}
			for _, l := range strings.Split(h.screen(), "\n") {
				if width(l) > 80 {
					t.Errorf("line wider than 80: %q", l)
				}
			}
			h.key("esc")
			if h.m.fullHelp {
				t.Fatal("esc did not leave the overlay")
			}
		})
	}
}

// TestHandOverFromDutiesPane: after the service is back, h on a duty of
// the duties pane hands it over (owner, then ticket); on a legal duty it
// says why not, and records nothing.
func TestHandOverFromDutiesPane(t *testing.T) {
	h, s, _ := newLife(t, 100, 30)
	h.pick("2") // a leak: the legal PPC report runs too
	must(t, s.Resolve("sato", time.Time{}))
	h.send(stateMsg{st: s.State()})
	h.focusDuty("ppc-report")
	h.key("h")
	h.require("h hand over: a legal duty is released only by done or waive")
	if h.m.dialog() != nil {
		t.Fatal("h opened a hand-over of a legal duty")
	}
	h.key("home")
	h.focusDuty("tell-business")
	h.key("h")
	h.typeText("Service desk")
	h.key("enter")
	h.typeText("SD-1")
	h.key("enter")
	if d := h.state().Duty("tell-business"); d.Handover == nil || d.Handover.Owner != "Service desk" || d.Handover.Ticket != "SD-1" {
		t.Fatalf("hand-over %+v", d.Handover)
	}
	h.require("Recorded: hand over: Tell the business owner", "(handed over)", "handed over to Service desk (SD-1), by sato")
	if eventsOf(h.state(), incident.TypeDutyHandedOver) != 1 {
		t.Fatal("not one hand-over journaled")
	}
}
