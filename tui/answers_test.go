package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// newAnswers opens testdata/incident/answers.toml — a multi node, a number
// node and two dimensions — in lang.
func newAnswers(t *testing.T, lang string, w, h int) *harness {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, loadRunbook(t, "../../incident/answers.toml"), clock)
	return newIncidentHarness(t, quiet{s}, lang, clock, w, h)
}

// On a multi node space picks and unpicks the option under the cursor,
// each drawn as a box with an x; enter records the set as one answer, and
// with nothing picked says to pick first and records nothing.
func TestMultiSelectKeys(t *testing.T) {
	h := newAnswers(t, i18n.English, 100, 30)
	h.require("[ ] Payment cards", "[ ] Names and addresses", "space pick/unpick")
	before := len(h.state().Events)
	h.key("enter")
	if len(h.state().Events) != before {
		t.Fatal("enter with nothing picked recorded an answer")
	}
	h.require("Pick at least one option with space, then enter.")
	h.key("space")
	h.key("down")
	h.key("space")
	h.require("[x] Payment cards", "[x] Names and addresses")
	h.key("space") // unpick names
	h.require("[x] Payment cards", "[ ] Names and addresses")
	h.key("space")
	h.key("enter")
	a := h.lastAnswer()
	if a.Node != "data" || !slices.Equal(a.Options, []string{"cards", "names"}) || a.Option != "" {
		t.Fatalf("answer %+v; want the set cards, names on data", a)
	}
	h.require("How many people are affected?", "Press enter to type the number (people). 0 or more.", "Payment cards, Names and addresses")
}

// On a number node enter opens a dialog: what is not a number or is out
// of range is said there and nothing is recorded; a number (with
// thousands commas) is recorded, and the path says it with its unit.
func TestNumberDialog(t *testing.T) {
	h := newAnswers(t, i18n.English, 100, 30)
	h.key("space")
	h.key("enter")
	h.key("enter")
	h.require("Type the number of people.")
	before := len(h.state().Events)
	h.typeText("many")
	h.key("enter")
	h.require("many is not a number")
	if len(h.state().Events) != before {
		t.Fatal("a word was recorded as a number")
	}
	for range len("many") {
		h.key("backspace")
	}
	h.typeText("-3")
	h.key("enter")
	h.require("-3 is outside the range")
	h.key("backspace")
	h.key("backspace")
	h.typeText("1,200")
	h.key("enter")
	a := h.lastAnswer()
	if a.Number == nil || *a.Number != 1200 || a.Node != "people" {
		t.Fatalf("answer %+v; want 1200 on people", a)
	}
	h.require("1,200 people", "How did it leave?")
}

// The header shows each dimension an answer set, by its title and
// value's label, beside the verdict, in English and Japanese, without a
// line wider than the terminal.
func TestHeaderShowsDimensions(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			h := newAnswers(t, lang, size[0], size[1])
			h.key("space")
			h.key("enter")
			h.key("enter")
			h.typeText("1200")
			h.key("enter")
			h.pick("1")
			want := "[Severity: SEV1]"
			if lang == i18n.Japanese {
				want = "[Severity：SEV1]"
			}
			h.require(want, "[Vector")
			if d := h.state().Dimensions(); len(d) != 2 {
				t.Fatalf("dimensions %+v", d)
			}
			for _, l := range strings.Split(h.screen(), "\n") {
				if w := width(l); w > size[0] {
					t.Errorf("%s %v: line %q is %d wide", lang, size, l, w)
				}
			}
		}
	}
}
