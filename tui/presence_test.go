package tui

import (
	"slices"
	"sync"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// testRoster is a responders file: Sato and Tanaka may command, Tanaka
// is on call, Kim may hold no role.
type testRoster map[string][]string

func (r testRoster) People() []string {
	return []string{"Sato", "Tanaka", "Kim"}
}

func (r testRoster) Roles(person string) []string { return r[person] }

var roster = testRoster{"Sato": {"ic"}, "Tanaka": {"ic", "oncall"}}

// testPresence is shodo serve's presence, in memory, for one incident.
type testPresence struct {
	mu    sync.Mutex
	seats []*testSeat
	fault *incident.Fault // Presence.SetFault's, for every seat
}

// setFault is shodo serve's Presence.SetFault: an incident.FaultHook.
func (p *testPresence) setFault(_ string, f incident.Fault, faulted bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = nil
	if faulted {
		p.fault = &f
	}
	p.signal()
}

type testSeat struct {
	p       *testPresence
	here    Present
	changed chan struct{}
}

func (p *testPresence) Enter(_, person string, observer bool) Seat {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &testSeat{p: p, here: Present{Name: person, Observer: observer}, changed: make(chan struct{}, 1)}
	p.seats = append(p.seats, s)
	p.signal()
	return s
}

func (p *testPresence) signal() {
	for _, s := range p.seats {
		select {
		case s.changed <- struct{}{}:
		default:
		}
	}
}

func (s *testSeat) Look(pane string) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.here.Pane != pane {
		s.here.Pane = pane
		s.p.signal()
	}
}

func (s *testSeat) Present() []Present {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	var out []Present
	for _, x := range s.p.seats {
		out = append(out, x.here)
	}
	return out
}

func (s *testSeat) Changed() <-chan struct{} { return s.changed }

func (s *testSeat) Fault() (incident.Fault, bool) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.p.fault == nil {
		return incident.Fault{}, false
	}
	return *s.p.fault, true
}

func (s *testSeat) Leave() {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.seats = slices.DeleteFunc(s.p.seats, func(x *testSeat) bool { return x == s })
	close(s.changed)
	s.p.signal()
}

// servedScreens opens one shared session and a screen on it for each
// actor, in the given languages, with the roster and the presence.
func servedScreens(t *testing.T, people ...[2]string) (*incident.Session, []*harness) {
	t.Helper()
	clock := testkit.NewClock(t0)
	sess := openFixed(t, t.TempDir(), "INC-20261125-0A1B", englishRB(t), clock)
	p := &testPresence{}
	var hs []*harness
	for _, who := range people {
		opt := testOptions(who[1], clock)
		opt.Actor, opt.Roster, opt.Presence = who[0], roster, p
		hs = append(hs, startHarness(t, NewSharedIncidentModel(sess, func() error { return nil }, opt), clock, 100, 30))
	}
	return sess, hs
}

// catchUp brings a screen what the others did: the session's events and
// the presence's change.
func catchUp(h *harness) {
	h.run(h.m.listen(h.m.inc.eng, h.m.inc.events))
	h.send(presenceMsg{})
}

// Who is on the incident shows on every screen of it, with the role the
// journal gives them and the pane they look at, in the reader's language.
func TestPresenceShowsOnEveryScreen(t *testing.T) {
	t.Parallel()
	_, hs := servedScreens(t, [2]string{"Sato", i18n.English}, [2]string{"Tanaka", i18n.Japanese})
	sato, tanaka := hs[0], hs[1]
	tanaka.key("tab") // to the duties
	catchUp(sato)
	sato.require("On it: Sato · Triage; Tanaka · Duties")
	catchUp(tanaka)
	tanaka.require("対応中：Sato ・ トリアージ、Tanaka ・ 対応義務")

	if err := tanaka.m.Release(); err != nil {
		t.Fatal(err)
	}
	catchUp(sato)
	sato.require("On it: Sato · Triage")
	sato.refuse("Tanaka")
}

// The incident commander takes the role, hands it over to another
// responder the roster allows; the journal records both people, and every
// screen's header names the commander. Someone the roster gives no role
// is refused, and nothing is recorded.
func TestRoleHandOverShowsInTheHeader(t *testing.T) {
	t.Parallel()
	sess, hs := servedScreens(t, [2]string{"Sato", i18n.English}, [2]string{"Tanaka", i18n.Japanese}, [2]string{"Kim", i18n.English})
	sato, tanaka, kim := hs[0], hs[1], hs[2]
	sato.refuse("IC:")

	kim.key("T")
	kim.require("Take a role, or hand yours over", "Incident commander", "not taken yet", "Kim (you: take it)")
	kim.key("enter")
	kim.require("NOT recorded", "Kim may not hold ic")
	if n := eventsOf(sess.State(), incident.TypeRoleTaken); n != 0 {
		t.Fatalf("Kim's take recorded %d events", n)
	}
	kim.key("esc")

	sato.key("T")
	sato.require("Tanaka (hand it over)", "may hold ic, oncall")
	sato.key("enter") // ic, taken by Sato
	sato.require("Recorded: take/hand over role: Incident commander", "IC: Sato")
	catchUp(tanaka)
	tanaka.require("インシデント対応責任者：Sato")
	catchUp(kim)
	kim.require("IC: Sato", "Sato (ic) · Triage")

	sato.key("T")
	sato.key("tab")  // to who holds it
	sato.key("down") // Tanaka
	sato.key("enter")
	sato.require("Incident commander -> Tanaka", "IC: Tanaka")
	ev := sess.State().Events[len(sess.State().Events)-1]
	if p, ok := ev.Data.(incident.RoleHandedOver); !ok || ev.Actor != "Sato" || p.To != "Tanaka" || p.Role != "ic" {
		t.Fatalf("recorded %s by %s: %+v", ev.Type, ev.Actor, ev.Data)
	}
	catchUp(tanaka)
	tanaka.require("インシデント対応責任者：Tanaka", "Tanaka（ic）")
	// The free-text reassignment would go round the roster.
	sato.key("o")
	sato.require("the responders file decides who holds a role here")
}
