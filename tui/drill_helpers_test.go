package tui

import (
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// drillID is the incident id of the drills in tests and golden frames.
const drillID = "INC-20261125-D811"

// scenarios caches the shipped scenarios the tests play, parsed once per
// run: a drill never changes its scenario, and parsing one (with its
// runbook) costs more than the rest of a test.
var scenarios = sync.OnceValue(func() *sync.Map { return &sync.Map{} })

// shippedCatalog is the runbooks built into shodo, walked once.
var shippedCatalog = sync.OnceValue(func() *library.Catalog {
	return library.New(library.Config{Shipped: runbooks.FS}).Walk()
})

// shippedScenario loads a shipped scenario by id, validated against its
// shipped runbook.
func shippedScenario(t testing.TB, id string) *drill.Scenario {
	t.Helper()
	if sc, ok := scenarios().Load(id); ok {
		return sc.(*drill.Scenario)
	}
	cat := shippedCatalog()
	s, err := cat.Scenario(id)
	if err != nil {
		t.Fatal(err)
	}
	sc, diags := cat.ValidateScenario(s.Source, s.Path)
	if sc == nil {
		t.Fatalf("%s: %v", id, diags)
	}
	scenarios().Store(id, sc)
	return sc
}

// testSpeed is the speed the tests' drills start at, whatever their
// scenario says (as `shodo drill --speed 60` would): one scenario minute per
// real second keeps the tests' real-time arithmetic readable.
const testSpeed = 60

// openDrillFixed opens a drill of sc with a fixed id at clock's time, the
// way drill.Start would with Speed testSpeed, and resumes it: paused at
// T+00:00 with the opening duties started, and no inject delivered yet.
// The drill's real clock is clock, which tests advance instead of sleeping.
func openDrillFixed(t testing.TB, home, id string, sc *drill.Scenario, clock *testkit.Clock) *drill.Drill {
	t.Helper()
	rb := sc.Runbook
	opened := clock.Now()
	data, err := json.Marshal(incident.IncidentOpened{
		Incident: id, UUID: "019a0000-0000-7000-8000-00000000d811", Runbook: rb.ID, Title: rb.Title,
		SHA256: incident.SourcesSHA256(rb.Sources), Sources: rb.Sources, Actor: drill.FacilitatorActor, Opened: opened,
		Drill: &incident.DrillInfo{Scenario: sc.ID, Title: sc.Title, SHA256: sc.SHA256, Source: sc.Source, Speed: testSpeed},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(incident.IncidentsDir(home), id)
	j, _, err := journal.Config{Now: clock.Now}.Create(dir, id, journal.Entry{
		At: opened, Actor: drill.FacilitatorActor, Type: incident.TypeIncidentOpened, Sim: "0s", Data: data,
	})
	if err != nil {
		t.Fatal(err)
	}
	must(t, j.Close())
	d, err := drill.Resume(dir, drill.ResumeOptions{Home: home, Real: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Detach() })
	return d
}

// newDrillHarness shows the drill screen over d at w×h, without a
// subscription (every command runs to its end synchronously).
func newDrillHarness(t testing.TB, d *drill.Drill, lang string, clock *testkit.Clock, w, h int) *harness {
	t.Helper()
	opt := testOptions(lang, clock).withDefaults()
	m := newModel(opt, nil, false)
	m.home = homeState{}
	m.enterIncident(quiet{d.Session()}, false, nil, nil, d.Session().State())
	m.enterDrill(d)
	return startHarness(t, m, clock, w, h)
}

// friday opens the friday-ransomware drill (in Japanese with lang ja) and
// shows it, paused at T+00:00, its first inject delivered by the wake-up
// that opening schedules.
func friday(t testing.TB, lang string, w, h int) (*harness, *drill.Drill, *testkit.Clock) {
	t.Helper()
	id := "friday-ransomware"
	if lang == i18n.Japanese {
		id += "-ja"
	}
	clock := testkit.NewClock(t0)
	d := openDrillFixed(t, t.TempDir(), drillID, shippedScenario(t, id), clock)
	hs := newDrillHarness(t, d, lang, clock, w, h)
	hs.fireTicks()
	return hs, d, clock
}

// wakeDelay is the delay of the one current wake-up scheduled (stale ones,
// which the model drops, do not count), failing unless there is exactly
// one.
func (h *harness) wakeDelay() time.Duration {
	h.t.Helper()
	var found []time.Duration
	for _, s := range h.scheduled {
		if w, ok := s.msg.(wakeMsg); ok && w.gen == h.m.inc.wakeGen {
			found = append(found, s.after)
		}
	}
	if len(found) != 1 {
		h.t.Fatalf("%d wake-ups scheduled, want 1: %v", len(found), found)
	}
	return found[0]
}

// hasWake reports whether a wake-up is scheduled (and not stale).
func (h *harness) hasWake() bool {
	for _, s := range h.scheduled {
		if w, ok := s.msg.(wakeMsg); ok && w.gen == h.m.inc.wakeGen {
			return true
		}
	}
	return false
}

// injectsDelivered counts inject.delivered events in the journal.
func (h *harness) injectsDelivered() int {
	return eventsOf(h.state(), incident.TypeInjectDelivered)
}

// jump is the facilitator's ] confirmed: the dialog says what the jump
// skips, y jumps.
func (h *harness) jump() {
	h.t.Helper()
	h.key("]")
	if _, ok := h.m.dialog().(*jumpDialog); !ok {
		h.t.Fatalf("] opened %T, not the jump's confirmation:\n%s", h.m.dialog(), h.screen())
	}
	h.key("y")
}
