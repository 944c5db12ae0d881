package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// homeHarness is an incident screen on s whose Options name home, as
// shodo's do: the duplicate's list is read from it.
func homeHarness(t *testing.T, home string, s *incident.Session, lang string, clock *testkit.Clock, w, h int) *harness {
	t.Helper()
	opt := testOptions(lang, clock).withDefaults()
	opt.Home = home
	m := newModel(opt, nil, false)
	e := quiet{s}
	m.enterIncident(e, false, nil, nil, e.State())
	return startHarness(t, m, clock, w, h)
}

// The "done when": a false alarm is closed in two keys and a
// reason, with nothing left running, and no verdict.
func TestFalseAlarmInTwoKeys(t *testing.T) {
	h, s, _ := newEnglish(t, 80, 24)
	running := 0
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning {
			running++
		}
	}
	if running == 0 {
		t.Fatal("fixture: nothing runs on opening")
	}
	h.key("x")
	h.require("How does the incident end?", "> f  False alarm", "v  With its verdict", "u  Duplicate", "m  Opened by mistake")
	h.key("enter")
	h.require("Close as a false alarm", "Reason (required)")
	h.key("enter")
	h.require("This field is required.")
	if h.state().Closed {
		t.Fatal("closed without a reason")
	}
	h.typeText("The probe's own certificate expired; orders went through.")
	h.key("enter")
	st := h.state()
	if !st.Closed || st.Ending == nil || st.Ending.Code != incident.EndFalseAlarm || st.Verdict != nil ||
		st.Summary != "The probe's own certificate expired; orders went through." {
		t.Fatalf("closed %v, ending %+v, verdict %+v, summary %q", st.Closed, st.Ending, st.Verdict, st.Summary)
	}
	for _, d := range st.Duties {
		if d.Status == incident.StatusRunning {
			t.Errorf("%s still running", d.ID)
		}
	}
	h.require("Incident INC-20261125-0A1B is closed", "CLOSED", "ended: false alarm")
	h.refuse("verdict: none yet")
	// The duties it withdrew are listed as finished, saying how, and the
	// elapsed time stands at the close however long the screen stays.
	h.key("esc")
	h.key("tab")
	h.require("withdrawn: false alarm")
	h.refuse("No duty is running.\n\n")
	elapsed := ansiStripped(h.m.incidentView()[1:2])
	h.clock.Advance(time.Hour)
	h.fireTicks()
	if got := ansiStripped(h.m.incidentView()[1:2]); got != elapsed {
		t.Errorf("after the close the header went from %q to %q", elapsed, got)
	}
}

// A duplicate names another incident of the home, picked from a list
// that leaves this one out; opened by mistake needs only the reason.
func TestDuplicateAndMistake(t *testing.T) {
	clock := testkit.NewClock(t0)
	home := t.TempDir()
	other, err := incident.Open(englishRB(t), incident.OpenOptions{Home: home, Actor: "sato", Clock: clock,
		ID: "INC-20261125-0B2C", UUID: "019a0000-0000-7000-8000-000000000000", Title: "Checkout fails for every card"})
	must(t, err)
	must(t, other.Detach())
	// A drill in the same home is no candidate: a real alarm does not
	// duplicate an exercise.
	exercise, err := incident.Open(englishRB(t), incident.OpenOptions{Home: home, Actor: "sato", Clock: clock,
		ID: "INC-20261125-D1D1", UUID: "019a0000-0000-7000-8000-000000000001", Drill: &incident.DrillInfo{Scenario: "probe", Title: "Probe", Speed: 60}})
	must(t, err)
	must(t, exercise.Detach())
	h := homeHarness(t, home, openFixed(t, home, openID, englishRB(t), clock), i18n.English, clock, 100, 30)
	h.key("x")
	h.key("u")
	h.key("enter")
	// The other incident is named by its own title, not its runbook's:
	// two incidents on one runbook would differ only by id.
	h.require("Close as a duplicate", "The incident it duplicates", "INC-20261125-0B2C", "Checkout fails for every card (open)")
	h.refuse("INC-20261125-D1D1")
	if d, ok := h.m.dialog().(endDialog); !ok || len(d.lists[0].items) != 1 {
		t.Fatalf("the duplicate's list: %+v", h.m.dialog())
	}
	h.typeText("The service desk opened the same alert.")
	h.key("enter")
	if e := h.state().Ending; e == nil || e.Code != incident.EndDuplicate || e.Of != "INC-20261125-0B2C" {
		t.Fatalf("ending %+v", e)
	}

	h2, _, _ := newEnglish(t, 100, 30)
	h2.key("x")
	h2.key("u")
	h2.key("enter")
	h2.require("There is no other incident in this home")
	h2.key("m")
	h2.key("enter")
	h2.typeText("Started on the wrong runbook.")
	h2.key("enter")
	if e := h2.state().Ending; e == nil || e.Code != incident.EndMistake {
		t.Fatalf("ending %+v", e)
	}
}

// The start confirmation's title field (tab, tab) names the incident: its
// header and the home's rows show it. A title with a control character is
// refused under the field, which keeps it, and nothing opens.
func TestStartWithTitle(t *testing.T) {
	h, _ := newHome(t, t.TempDir())
	for h.m.home.items()[h.m.home.cursor].kind != itemRunbook || h.m.home.runbooks[h.m.home.cursor].rb.ID != "service-failure" {
		h.key("down")
	}
	h.key("enter")
	h.require("Title (optional):", "tab aware since / title")
	h.key("tab")
	h.key("tab")
	if !h.m.home.title.focused {
		t.Fatal("tab, tab did not reach the title field")
	}
	h.m.home.title.input.SetValue("Checkout \u202efails")
	h.key("enter")
	h.require("bad incident title: control character U+202E at character 10")
	if h.m.screen != screenHome {
		t.Fatal("a title with a control character opened the incident")
	}
	h.m.home.title.input.SetValue("")
	h.typeText("Checkout fails for every card")
	h.key("enter")
	if h.m.screen != screenIncident {
		t.Fatalf("not opened:\n%s", h.screen())
	}
	if st := h.m.inc.eng.State(); st.Name != "Checkout fails for every card" {
		t.Fatalf("name %q", st.Name)
	}
	h.require("Checkout fails for every card  (service-failure)")
}

// A home row names an incident by its title, a drill's marked DRILL
// before it; without a title, by its runbook's.
func TestHomeRowTitle(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	for _, tc := range []struct {
		sum  incident.Summary
		want string
	}{
		{incident.Summary{ID: "INC-1", Title: "Service failure", Name: "Checkout fails"}, "INC-1  " + h.m.stamp(time.Time{}) + "  Checkout fails  verdict: none yet"},
		{incident.Summary{ID: "INC-2", Title: "Service failure", Name: "Probe test", Drill: "probe-false-alarm"}, "  DRILL Probe test  "},
		{incident.Summary{ID: "INC-3", Title: "Service failure"}, "  Service failure  "},
	} {
		if got := h.m.summaryText(tc.sum); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q lacks %q", tc.sum.ID, got, tc.want)
		}
	}
}

// TestEndingLettersOnlyMove: a summary typed where the close dialog used
// to open ("Ransomware on order-db01…") must not end the incident as
// opened by mistake at its m, nor as anything else: in the chooser a
// letter moves the cursor and only enter chooses.
func TestEndingLettersOnlyMove(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	for _, k := range []string{"1", "1", "1", "1"} { // change error, approved: a verdict
		h.pick(k)
	}
	h.key("x")
	h.require("How does the incident end?", "> v  With its verdict")
	h.typeText("Ransomware on order-db01; restored from tape.")
	if _, ok := h.m.dialog().(*endingDialog); !ok {
		t.Fatalf("typing in the chooser left it: dialog %T", h.m.dialog())
	}
	if st := h.state(); st.Closed || st.Ending != nil {
		t.Fatalf("typing in the chooser ended the incident: closed %v, ending %+v", st.Closed, st.Ending)
	}
	h.key("m")
	h.require("> m  Opened by mistake")
	h.key("v")
	h.key("enter")
	h.require("Close the incident")
}

// An ending while a legal duty runs (review M7): the chooser says which
// legal duties hold it, before any reason is asked, and nothing closes;
// waived each with its own reason, the false alarm ends the incident.
func TestEndingWaitsForLegalWaivers(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	must(t, s.Stamp("sato", "appi-aware"))
	var legal []string
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning && d.Spec.Legal {
			legal = append(legal, d.ID)
		}
	}
	if len(legal) == 0 {
		t.Fatal("fixture: no legal duty runs after appi-aware")
	}
	h := newIncidentHarness(t, quiet{s}, i18n.English, clock, 100, 30)
	for _, code := range []string{"f", "m"} {
		h.key("x")
		h.key(code)
		h.key("enter")
		h.require("legal duties still run: waive each with its own reason first")
		if h.state().Closed || h.m.dialog() == nil {
			t.Fatalf("%s: the ending went on with %d legal duties running", code, len(legal))
		}
		h.key("esc")
	}
	for _, id := range legal {
		must(t, s.Waive("sato", id, "no personal data was involved"))
	}
	must(t, s.End("sato", incident.EndFalseAlarm, "", "the probe was misconfigured"))
	for _, id := range legal {
		if d := s.State().Duty(id); d.Status != incident.StatusWaived || d.Reason != "no personal data was involved" {
			t.Errorf("%s: %s %q, want waived with its own reason", id, d.Status, d.Reason)
		}
	}
}

// A home row opened today says its time; one opened another day (late
// last night included, in the screen's zone) says its date too, so that
// an old open incident does not pass for this morning's.
func TestHomeRowDateWhenNotToday(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	now := h.m.now
	for _, tc := range []struct {
		name   string
		opened time.Time
		want   string
	}{
		{"today", now.Add(-time.Hour), now.Add(-time.Hour).Format("15:04:05")},
		{"yesterday", now.AddDate(0, 0, -1), now.AddDate(0, 0, -1).Format("2006-01-02 15:04")},
		{"last year", now.AddDate(-1, 0, 0), now.AddDate(-1, 0, 0).Format("2006-01-02 15:04")},
	} {
		got := h.m.summaryText(incident.Summary{ID: "INC-1", Title: "Service failure", Opened: tc.opened})
		if !strings.HasPrefix(got, "INC-1  "+tc.want+"  ") {
			t.Errorf("%s: %q, want the opening as %q", tc.name, got, tc.want)
		}
	}
}
