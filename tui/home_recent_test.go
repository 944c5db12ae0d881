package tui

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// newRecentHome is newHome over homeWithIncidents (one open incident, one
// closed) with a first list that holds no closed incident: the closed one
// stands for the older ones of a large archive.
func newRecentHome(t *testing.T, lang string) *harness {
	t.Helper()
	clock := testkit.NewClock(t0.Add(10 * time.Minute))
	opt := testOptions(lang, clock)
	opt.Home, opt.Library = homeWithIncidents(t), testLibrary(t, shippedSet(t))
	m := NewHomeModel(opt)
	m.home.recentClosed = 0
	h := startHarness(t, m, clock, 100, 30)
	t.Cleanup(func() { _ = h.m.Release() })
	return h
}

// TestHomeFirstListRecent: the first frame lists the open incidents and
// only the most recent closed ones, with a line saying how many older
// ones there are, in every language.
func TestHomeFirstListRecent(t *testing.T) {
	for _, tt := range []struct {
		lang, older string
	}{
		{i18n.English, "1 older closed incident: / searches it too"},
		{i18n.Japanese, "これより古いクローズ済みインシデントが 1 件あります"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newRecentHome(t, tt.lang)
			h.require(openID, tt.older)
			h.refuse(closedID)
			if h.m.home.full || h.m.home.fetching || h.m.home.older != 1 {
				t.Fatalf("first list: full %v fetching %v older %d, want the closed one left out",
					h.m.home.full, h.m.home.fetching, h.m.home.older)
			}
		})
	}
}

// TestHomeFullListOnDemand: / and moving past the last closed incident
// listed each bring every incident, the older line gone; the cursor stays
// on the row it was on.
func TestHomeFullListOnDemand(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys []string
		want homeItemKind // of the row under the cursor after the keys
	}{
		{"filter", []string{"/"}, itemRunbook},
		{"end", []string{"G"}, itemScenario},
		{"down past the open ones", []string{"down", "down", "down", "down", "down", "down", "down", "down", "down", "down"}, itemScenario},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newRecentHome(t, i18n.English)
			for _, k := range tt.keys {
				h.key(k)
			}
			h.require(closedID)
			h.refuse("older closed incident")
			if !h.m.home.full || h.m.home.older != 0 || len(h.m.home.closed) != 1 {
				t.Fatalf("after %v: full %v older %d closed %d", tt.keys, h.m.home.full, h.m.home.older, len(h.m.home.closed))
			}
			if it, ok := h.m.home.selected(); !ok || it.kind != tt.want {
				t.Fatalf("after %v the cursor is on %+v, want a row of kind %d", tt.keys, it, tt.want)
			}
		})
	}
}

// TestHomeFilterTypedEarly: a filter typed while every incident is being
// listed loses no key, and applies to the older incidents when they land.
func TestHomeFilterTypedEarly(t *testing.T) {
	h := newRecentHome(t, i18n.English)
	h.keys.Advance(keyPause)
	next, load := h.m.Update(keyMsg("/"))
	h.m = next.(Model)
	if load == nil || !h.m.home.fetching {
		t.Fatal("/ did not start listing every incident")
	}
	h.require("Listing 1 older closed incident...")
	h.typeText("77c2") // before the list lands
	if h.m.home.filter != "77c2" || len(h.m.home.items()) != 0 {
		t.Fatalf("before the list: filter %q keeps %+v", h.m.home.filter, h.m.home.items())
	}
	h.run(load)
	h.require("Filter: 77c2_", "(1 of", closedID)
	if items := h.m.home.items(); len(items) != 1 || items[h.m.home.cursor].kind != itemClosed {
		t.Fatalf("after the list: items %+v cursor %d", items, h.m.home.cursor)
	}
	h.key("enter")
	h.require("Export it with: shodo export " + closedID + " --format md")
}

// TestHomeFullListKeepsConfirmation: every incident landing while a
// drill's start is being confirmed leaves the confirmation up.
func TestHomeFullListKeepsConfirmation(t *testing.T) {
	h := newRecentHome(t, i18n.English)
	h.key("down") // walks the library
	h.keys.Advance(keyPause)
	next, load := h.m.Update(keyMsg("G")) // onto the last drill
	h.m = next.(Model)
	if load == nil || !h.m.home.fetching {
		t.Fatal("G did not start listing every incident")
	}
	h.key("enter")
	if h.m.home.confirm == nil {
		t.Fatal("enter on a drill asked nothing")
	}
	h.run(load)
	if h.m.home.confirm == nil || !h.m.home.full {
		t.Fatalf("after the list landed: confirm %v full %v", h.m.home.confirm, h.m.home.full)
	}
}
