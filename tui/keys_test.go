package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// helpBar is the help bar's text.
func (h *harness) helpBar() string {
	lines := strings.Split(h.screen(), "\n")
	n := len(h.m.helpLines(h.m.width))
	return strings.Join(lines[len(lines)-n:], "\n")
}

func TestHelpBar(t *testing.T) {
	for _, tc := range []struct {
		name     string
		setup    func(h *harness)
		on, off  []string // items that apply; items shown as not applying, with why
		notShown []string
	}{
		{
			name: "new incident, triage",
			on:   []string{"enter answer", "tab next pane", "n note", "m milestone", "o reassign", "x close", "? all keys", "q quit (all saved)"},
			off:  []string{"(r revise: no answer yet)"},
			// Duty keys belong to the duties pane.
			notShown: []string{"d done", "a attempt"},
		},
		{
			name:  "verdict reached",
			setup: func(h *harness) { h.pick("2"); h.pick("3"); h.pick("1") },
			on:    []string{"r revise", "x close"},
			off:   []string{"(enter answer: verdict reached: r revises)"},
		},
		{
			name:  "duties, a duty with a message",
			setup: func(h *harness) { h.focusDuty("vendor-first-call") },
			on:    []string{"d done", "a attempt", "w waive", "c copy message"},
		},
		{
			name:  "duties, an action without a message",
			setup: func(h *harness) { h.focusDuty("capture-state") },
			on:    []string{"d done"},
			off:   []string{"(c copy message: no message for this duty)"},
		},
		{
			name: "duties, a finished duty",
			setup: func(h *harness) {
				h.focusDuty("capture-state")
				h.key("d")
				h.key("ctrl+s")
				h.focusDuty("capture-state")
			},
			off: []string{"(d done: duty not running)", "(a attempt: duty not running)", "(w waive: duty not running)"},
		},
		{
			name:  "timeline",
			setup: func(h *harness) { h.key("tab"); h.key("tab") },
			on:    []string{"up/dn move", "pgup/pgdn page", "home/end first/last"},
		},
		{
			name: "journal poisoned",
			setup: func(h *harness) {
				h.m.inc.eng = failing{engine: h.m.inc.eng, err: fmt.Errorf("append: %w", journal.ErrPoisoned)}
				h.key("enter")
			},
			off: []string{"(enter answer: journal not saving)", "(n note: journal not saving)", "(m milestone: journal not saving)"},
		},
		{
			name:  "saving",
			setup: func(h *harness) { next, _ := h.m.Update(keyMsg("enter")); h.m = next.(Model) },
			off:   []string{"(n note: saving the last action)", "(enter answer: saving the last action)"},
		},
		{
			name:  "dialog",
			setup: func(h *harness) { h.key("n") },
			on:    []string{"ctrl+s record", "esc cancel"},
		},
		{
			name:  "quit confirmation",
			setup: func(h *harness) { h.key("q") },
			on:    []string{"y yes", "n cancel"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Wide enough for every key and a disabled one's reason on one
			// line: what a narrow bar drops is layout_test's concern.
			h, _, _ := newEnglish(t, 240, 50)
			if tc.setup != nil {
				tc.setup(h)
			}
			bar := h.helpBar()
			for _, want := range append(tc.on, tc.off...) {
				if !strings.Contains(bar, want) {
					t.Errorf("help bar lacks %q:\n%s", want, bar)
				}
			}
			for _, want := range tc.on {
				if strings.Contains(bar, "("+want) {
					t.Errorf("%q is shown as not applying:\n%s", want, bar)
				}
			}
			for _, bad := range tc.notShown {
				if strings.Contains(bar, bad) {
					t.Errorf("help bar shows %q here:\n%s", bad, bar)
				}
			}
		})
	}
}

// TestDisabledKeySaysWhy: a key that does not apply does nothing but say
// why, in the status line.
func TestDisabledKeySaysWhy(t *testing.T) {
	for _, tc := range []struct{ key, why string }{
		{"r", "r revise: no answer yet"},
	} {
		h, _, _ := newEnglish(t, 100, 30)
		before := len(h.state().Events)
		h.key(tc.key)
		if got := ansiStripped(h.m.statusLines(100)); got != tc.why {
			t.Errorf("%s: status %q, want %q", tc.key, got, tc.why)
		}
		if h.m.dialog() != nil || h.m.inc.revising || len(h.state().Events) != before {
			t.Errorf("%s did something", tc.key)
		}
	}
}

func TestKeyReasons(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	tx := h.m.tx
	want := map[string]string{
		"tui.keys.answer": "", "tui.keys.revise": tx.T("tui.why.no-answers"),
		"tui.keys.close": "", "tui.keys.note": "",
	}
	for _, k := range incidentKeys() {
		if w, ok := want[k.help]; ok {
			if got := k.why(&h.m); got != w {
				t.Errorf("%s: why %q, want %q", k.help, got, w)
			}
		}
	}
	if len(groups(incidentKeys())) != 5 || len(groups(drillKeys())) != 1 {
		t.Error("the incident keys are not in the five groups of the ? overlay, or the drill's not in one")
	}
}

// Every declared key says what it does in every language, has keys, and
// no two keys that act in the same place share a key: the declarations are
// the one truth the help and the docs are drawn from.
func TestKeyDeclarations(t *testing.T) {
	for name, keys := range keyTables() {
		seen := map[string]string{}
		for _, k := range keys {
			if len(k.keys) == 0 {
				t.Errorf("%s: %s has no key", name, k.help)
			}
			for _, id := range []string{k.help, k.group} {
				if id != "" && !i18n.New(i18n.English).Has(id) {
					t.Errorf("%s: %s is not a message", name, id)
				}
			}
			if k.when != nil || k.do == nil {
				continue // acts only in a mode, or stands for others in the bar
			}
			for _, s := range k.keys {
				if other, ok := seen[s]; ok {
					t.Errorf("%s: %q is both %s and %s", name, s, other, k.help)
				}
				seen[s] = k.help
			}
		}
	}
}

func TestFullHelp(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 40)
	h.key("?")
	h.require("Triage", "Duties", "Incident", "x", "close", "r", "revise: no answer yet", "n", "note")
	h.key("?")
	h.refuse("revise: no answer yet\n")
	if h.m.fullHelp {
		t.Fatal("? did not close the full help")
	}
}

func ansiStripped(lines []string) string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.TrimSpace(stripANSI(l)))
	}
	return strings.Join(out, " ")
}
