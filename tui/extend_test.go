package tui

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// newExtensions shows an incident on testdata/incident/extensions.toml:
// an 8-K with the SEC's three extension steps, and a final report that
// waits for the end of handling (if_ongoing).
func newExtensions(t *testing.T, lang string) (*harness, *incident.Session, *testkit.Clock) {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, extensionsRB(t), clock)
	return newIncidentHarness(t, quiet{s}, lang, clock, 110, 34), s, clock
}

// X on a duty whose law allows a delay records the step granted, by whom,
// with its reference and length (the step's bound typed in already); the
// duty then shows the extension. A step whose circumstance the grant does
// not affirm is refused in the dialog, which stays open with the reason.
func TestExtendDuty(t *testing.T) {
	h, s, _ := newExtensions(t, i18n.English)
	must(t, s.Stamp("sato", "material"))
	h.send(stateMsg{st: s.State()})
	h.focusDuty("notify-people")
	for range 5 {
		h.key("up") // focusDuty only moves down; start from the top
	}
	h.focusDuty("file-8k")
	before := s.State().Duty("file-8k").Due
	h.key("X")
	h.require("Extension granted: File the 8-K", "step 1: US Attorney General (up to 30d)", "length")
	h.typeText("US Attorney General")
	h.key("tab")
	h.typeText("DOJ letter 1")
	h.key("enter")
	d := s.State().Duty("file-8k")
	if len(d.Extensions) != 1 || d.Extensions[0].Reference != "DOJ letter 1" || !d.Due.Equal(before.AddDate(0, 0, 30)) {
		t.Fatalf("extensions %+v, due %v", d.Extensions, d.Due)
	}
	h.require("(extended)", "extension 1 by US Attorney General: +30d", "ref. DOJ letter 1")

	must(t, s.ExtendDuty("sato", "file-8k", incident.Grant{Authority: "US Attorney General", Length: days(t, "30d")}))
	h.send(stateMsg{st: s.State()})
	h.key("X")
	h.require("step 3: US Attorney General (up to 60d)", "The grant affirms the circumstance the step requires:")
	h.typeText("US Attorney General")
	h.key("enter")
	if h.m.dialog() == nil {
		t.Fatal("the refused extension closed its dialog")
	}
	h.require("the step's circumstance is not affirmed", "requires")
	if n := len(s.State().Duty("file-8k").Extensions); n != 2 {
		t.Fatalf("%d extensions after a refusal", n)
	}
}

// X says why not on a duty whose law allows no delay.
func TestExtendNeedsExtensions(t *testing.T) {
	h, _, _ := newExtensions(t, i18n.English)
	h.focusDuty("final")
	h.key("X")
	if h.m.dialog() != nil {
		t.Fatal("X opened a dialog on a duty without extensions")
	}
	h.require("its law allows no extension")
}

// A final report that fell due while the incident was still being handled
// says what it waits for, in both languages, and the progress report is
// on the board.
func TestDeferredDutyShown(t *testing.T) {
	for _, tc := range []struct{ lang, badge, line string }{
		{i18n.English, "awaits end of handling", "due again 1mo after"},
		{i18n.Japanese, "対応終了待ち", "対応継続中に期限"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h, s, clock := newExtensions(t, tc.lang)
			clock.Set(s.State().Duty("final").Due.Add(time.Second))
			must(t, s.Tick())
			h.send(stateMsg{st: s.State()})
			h.focusDuty("final")
			h.require(tc.badge, tc.line, "Progress report")
		})
	}
}

func days(t *testing.T, s string) runbook.Duration {
	t.Helper()
	d, err := runbook.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// extensionsRB is the engine's fixture of extensions and if_ongoing.
func extensionsRB(t *testing.T) *runbook.Runbook {
	t.Helper()
	rb, diags := runbook.LoadFile("../testdata/incident/extensions.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	return rb
}
