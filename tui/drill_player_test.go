package tui

import (
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// A facilitator and a player on one drill (shodo serve): the facilitator
// reads the notes and runs the clock; the player's screen has none of the
// facilitator's keys, and no note's text ever shows on it, whatever keys
// they press, while the facilitator starts the clock and jumps.
func TestPlayerNeverSeesFacilitatorNotes(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			id := "friday-ransomware"
			if lang == i18n.Japanese {
				id += "-ja"
			}
			sc := shippedScenario(t, id)
			clock := testkit.NewClock(t0)
			d := openDrillFixed(t, t.TempDir(), drillID, sc, clock)
			screen := func(actor string, player bool) *harness {
				opt := testOptions(lang, clock)
				opt.Actor = actor
				m := NewDrillModel(d, opt)
				if player {
					m = NewDrillPlayerModel(d, opt)
				}
				return startHarness(t, m, clock, 120, 40)
			}
			facilitator, player := screen("Mori", false), screen("Sato", true)
			facilitator.fireTicks()
			player.fireTicks()

			notes := facilitatorNotes(sc)
			seesNoNote := func(when string) {
				t.Helper()
				s := player.screen()
				for _, n := range notes {
					if strings.Contains(s, n) {
						t.Fatalf("%s: the player's screen shows the note %q:\n%s", when, n, s)
					}
				}
			}
			seesNoNote("on opening")
			facilitator.key("f")
			facilitator.require(firstLine(sc.Injects[0].Facilitator))

			for _, k := range []string{"f", "space", "]", "+", "-", "?"} {
				player.key(k)
				seesNoNote("after " + k)
			}
			player.key("esc")
			if player.m.inc.drill.view == drillNotes {
				t.Fatal("the player's screen is on the notes page")
			}
			if !d.Clock().Paused() || eventsOf(d.Session().State(), incident.TypeDrillClock) != 0 {
				t.Fatal("the player's space ran the clock")
			}

			facilitator.key("esc")
			facilitator.key("space") // the facilitator starts the clock
			if d.Clock().Paused() {
				t.Fatal("the facilitator's space did not start the clock")
			}
			facilitator.jump()
			player.run(player.m.listen(player.m.inc.eng, player.m.inc.events))
			player.fireTicks()
			if n := eventsOf(d.Session().State(), incident.TypeInjectDelivered); n < 2 {
				t.Fatalf("%d injects delivered after the jump", n)
			}
			seesNoNote("after the jump")
			player.key("i") // the delivered injects are the players' to read
			seesNoNote("on the injects page")
		})
	}
}

// facilitatorNotes are the first lines of every facilitator note of sc,
// as a screen would show them.
func facilitatorNotes(sc *drill.Scenario) []string {
	var out []string
	for _, in := range sc.Injects {
		if in.Facilitator != "" {
			out = append(out, firstLine(in.Facilitator))
		}
	}
	return out
}

// firstLine is the first 20 characters of s: short enough to sit on one
// screen line whatever its width.
func firstLine(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 20)])
}
