package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestHomeFilter: / and a few letters narrow every list to the rows that
// contain them (id, title, runbook, verdict), letters that are keys
// elsewhere (q, j, ?) included; enter keeps the filter for the arrows and
// enter; esc clears it.
func TestHomeFilter(t *testing.T) {
	h, _ := newHome(t, homeWithIncidents(t))
	h.refuse("Filter:")
	h.key("/")
	h.typeText("77c2") // the closed incident's id, in another case
	h.require("Filter: 77c2_", "(1 of", closedID, "Nothing here matches the filter.", "esc clear filter")
	h.refuse(openID, "Friday night", "(service-failure, shipped example)", "q quit")
	if items := h.m.home.items(); len(items) != 1 || items[0].kind != itemClosed {
		t.Fatalf("items %+v", items)
	}
	// Letters that are keys on the lists are letters of the filter here.
	h.typeText("qj?")
	if h.quit || h.m.fullHelp || h.m.home.filter != "77c2qj?" {
		t.Fatalf("keys acted while typing the filter: quit %v help %v filter %q", h.quit, h.m.fullHelp, h.m.home.filter)
	}
	for range 3 {
		h.key("backspace")
	}
	// By verdict title, then kept: the arrows and enter act on what it keeps.
	for range 4 {
		h.key("backspace")
	}
	h.typeText("configuration")
	h.key("enter")
	h.require("Filter: configuration  (1 of", closedID)
	h.refuse("Filter: configuration_")
	// The cursor stands on the one row kept, the one enter opens.
	if items := h.m.home.items(); len(items) != 1 || items[h.m.home.cursor].kind != itemClosed {
		t.Fatalf("kept filter: items %+v, cursor %d", items, h.m.home.cursor)
	}
	h.require("Export it with: shodo export " + closedID + " --format md")
	h.key("esc")
	h.refuse("Filter:")
	h.require(openID, closedID, "Friday night")
	// A paste fills the filter being typed, on one line.
	h.key("/")
	h.paste("friday\nnight")
	h.require("Filter: friday night_", "Friday night: the order system is down")
	h.refuse(openID) // the closed one's export command stays in the status line
	if items := h.m.home.items(); len(items) != 1 || items[0].kind != itemScenario {
		t.Fatalf("pasted filter keeps %+v", items)
	}
	h.key("esc")
	h.require(openID, closedID)
}

// TestHomeFilterProgram: the filter in a real program (teatest), typed
// key by key as a terminal sends them.
func TestHomeFilterProgram(t *testing.T) {
	clock := testkit.NewClock(t0.Add(10 * time.Minute))
	opt := testOptions(i18n.English, clock)
	opt.Home, opt.Library = homeWithIncidents(t), testLibrary(t, shippedSet(t))
	tm := teatest.NewTestModel(t, NewHomeModel(opt), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, openID)
	tm.Send(keyMsg("/"))
	for _, r := range "friday" {
		tm.Send(keyMsg(string(r)))
	}
	tm.Send(keyMsg("enter")) // keep it: q quits again
	tm.Send(keyMsg("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.home.filter != "friday" || final.home.typing {
		t.Errorf("filter %q (typing %v); want friday, kept", final.home.filter, final.home.typing)
	}
	if items := final.home.items(); len(items) != 2 || items[0].kind != itemScenario {
		t.Errorf("the filter keeps %+v; want the two Friday drills", items)
	}
	must(t, final.Release())
}

// TestHomeManyIncidents: with thousands of incidents the home screen
// draws a window of them, keeps to the terminal, and the filter finds one.
func TestHomeManyIncidents(t *testing.T) {
	h, _ := newHome(t, homeWithIncidents(t))
	base := h.m.home.closed[0]
	for i := range 3000 {
		s := base
		s.ID = fmt.Sprintf("INC-20250101-%04X", i)
		h.m.home.closed = append(h.m.home.closed, s)
	}
	h.send(sizeMsg(80, 24))
	lines := strings.Split(h.screen(), "\n")
	if len(lines) > 24 {
		t.Fatalf("%d lines on a 24-line terminal", len(lines))
	}
	h.key("/")
	h.typeText("20250101-0bb7")
	h.require("INC-20250101-0BB7", "(1 of")
}

// The row under the cursor and the number of rows are found without
// listing the rows when no filter is set (selected, itemCount): they must
// be what the listing says, at every cursor position, with a filter and
// without, the cursor past either end included.
func TestHomeSelectedMatchesItems(t *testing.T) {
	h, _ := newHome(t, homeWithIncidents(t))
	for _, filter := range []string{"", "  ", "77c2", "service", "no such row"} {
		hs := h.m.home
		hs.filter = filter
		items := hs.items()
		if got := hs.itemCount(); got != len(items) {
			t.Errorf("filter %q: itemCount %d, items %d", filter, got, len(items))
		}
		for cursor := -1; cursor <= len(items)+1; cursor++ {
			hs.cursor = cursor
			got, ok := hs.selected()
			if len(items) == 0 {
				if ok {
					t.Errorf("filter %q: selected %+v among no rows", filter, got)
				}
				continue
			}
			if want := items[clamp(cursor, 0, len(items)-1)]; !ok || got != want {
				t.Errorf("filter %q, cursor %d: selected %+v (%v), want %+v", filter, cursor, got, ok, want)
			}
		}
	}
}
