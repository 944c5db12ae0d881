package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

var (
	layoutWidths  = []int{40, 41, 52, 63, 79, 80, 100, 109, 110, 119, 120, 150, 200}
	layoutHeights = []int{12, 13, 15, 18, 24, 30, 40, 60}
)

// checkFrame holds a frame to the layout invariants: no line wider than
// the terminal, no more lines than its height, no control character in the
// text, no escape sequence but colours and attributes (SGR), and a
// sanitised window title.
func checkFrame(t testing.TB, what string, v tea.View, w, h int) {
	t.Helper()
	lines := strings.Split(v.Content, "\n")
	if len(lines) > h {
		t.Fatalf("%s at %dx%d: %d lines", what, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%s at %dx%d: line %d is %d cells: %q", what, w, h, i, lw, ansi.Strip(l))
		}
	}
	if r := drawable(ansi.Strip(v.Content), true); r >= 0 {
		t.Fatalf("%s at %dx%d: control character %U in the frame", what, w, h, r)
	}
	if bad := nonSGR(v.Content); bad != "" {
		t.Fatalf("%s at %dx%d: escape sequence %q in the frame", what, w, h, bad)
	}
	if r := drawable(v.WindowTitle, false); r >= 0 {
		t.Fatalf("%s: control character %U in the window title %q", what, r, v.WindowTitle)
	}
}

// nonSGR returns the first escape sequence in s that is not a CSI ... m
// (colours and attributes), or "".
func nonSGR(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b {
			continue
		}
		if i+1 >= len(s) || s[i+1] != '[' {
			return s[i:min(len(s), i+8)]
		}
		j := i + 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j >= len(s) || s[j] != 'm' {
			return s[i:min(len(s), j+1)]
		}
		i = j
	}
	return ""
}

// layoutPath is a walk through sizes from the minimum to large and back,
// taking in the sizes people use (80x24, 100x30, 120x40, 200x60) and the
// edges of the layouts (109/110 columns: tabs or side by side).
var layoutPath = [][2]int{
	{40, 12}, {41, 13}, {52, 15}, {63, 18}, {79, 24}, {80, 24}, {100, 30}, {109, 24}, {110, 24},
	{119, 40}, {120, 40}, {150, 50}, {200, 60}, {120, 12}, {200, 13}, {40, 60}, {80, 40},
}

// sweep resizes h along layoutPath and back (or through the whole grid of
// widths and heights, up and down, when full), checking every frame.
func sweep(t *testing.T, what string, h *harness, full bool) {
	t.Helper()
	check := func(w, hh int) {
		h.send(sizeMsg(w, hh))
		checkFrame(t, what, h.m.View(), w, hh)
	}
	if !full {
		for _, s := range layoutPath {
			check(s[0], s[1])
		}
		for i := len(layoutPath) - 1; i >= 0; i-- {
			check(layoutPath[i][0], layoutPath[i][1])
		}
		return
	}
	for _, hh := range layoutHeights {
		for _, w := range layoutWidths {
			check(w, hh)
		}
		for i := len(layoutWidths) - 1; i >= 0; i-- {
			check(layoutWidths[i], hh)
		}
	}
}

func TestLayoutInvariants(t *testing.T) {
	states := []struct {
		name  string
		lang  string
		full  bool // every size, not just the path
		setup func(h *harness, s *incident.Session, c *testkit.Clock)
	}{
		{"fresh", i18n.English, true, nil},
		{"verdict and overdue", i18n.Japanese, true, func(h *harness, s *incident.Session, c *testkit.Clock) {
			h.pick("2")
			h.pick("3")
			h.pick("1")
			c.Advance(2 * time.Hour)
			h.fireTicks()
		}},
		{"duties tab", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.key("tab") }},
		{"timeline scrolled", i18n.English, false, func(h *harness, s *incident.Session, c *testkit.Clock) {
			for i := range 40 {
				must(h.t, s.Note("sato", fmt.Sprintf("note %d", i)))
			}
			h.m.applyState(s.State())
			h.key("tab")
			h.key("tab")
			h.key("pgup")
		}},
		{"revising", i18n.English, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.pick("1"); h.pick("2"); h.key("r") }},
		{"revise confirmation", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) {
			h.pick("1")
			h.pick("2")
			h.key("r")
			h.key("up")
			h.key("enter")
		}},
		{"done dialog", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.focusDuty("vendor-first-call"); h.key("d") }},
		{"attempt dialog", i18n.English, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.focusDuty("vendor-first-call"); h.key("a") }},
		{"note with text", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) {
			h.key("n")
			h.typeText("ベンダーが到着した。\nディスク3を交換。とても長い行がここに続いて、端末の幅を超えてもはみ出さないこと。")
		}},
		{"keys held while saving", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) {
			h.key("n")
			h.typeText("ベンダーが到着した。")
			next, _ := h.m.Update(keyMsg("ctrl+s")) // the engine has not answered
			h.m = next.(Model)
			h.burst("2", "enter", "m")
			h.paste("貼り付け")
		}},
		{"paste cut", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) {
			h.key("n")
			h.paste(strings.Repeat("貼り付けた長い文章。\n", 1000))
		}},
		{"message", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.focusDuty("vendor-first-call"); h.key("c") }},
		{"stamp", i18n.English, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.key("m") }},
		{"assign", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.key("o") }},
		{"full help", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.key("?") }},
		{"quit", i18n.English, false, func(h *harness, s *incident.Session, c *testkit.Clock) { h.key("q") }},
		{"poisoned", i18n.Japanese, false, func(h *harness, s *incident.Session, c *testkit.Clock) {
			h.m.inc.eng = failing{engine: h.m.inc.eng, err: fmt.Errorf("append: %w", journal.ErrPoisoned)}
			h.key("enter")
		}},
		{"closed", i18n.English, false, func(h *harness, s *incident.Session, c *testkit.Clock) {
			for range 4 {
				h.pick("1")
			}
			h.key("x")
			h.key("enter")
			h.typeText("Done.")
			h.key("ctrl+s")
		}},
	}
	for _, st := range states {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			rb := englishRB(t)
			if st.lang == i18n.Japanese {
				rb = japaneseRB(t)
			}
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, st.lang, clock, 80, 24)
			if st.setup != nil {
				st.setup(h, s, clock)
			}
			sweep(t, st.name, h, st.full)
		})
	}
	t.Run("home", func(t *testing.T) {
		home := homeWithIncidents(t)
		for _, lang := range []string{i18n.English, i18n.Japanese} {
			clock := testkit.NewClock(t0)
			opt := testOptions(lang, clock)
			opt.Home, opt.Library = home, testLibrary(t, shippedSet(t))
			h := startHarness(t, NewHomeModel(opt), clock, 80, 24)
			sweep(t, "home "+lang, h, lang == i18n.Japanese)
			h.key("enter")
			sweep(t, "start runbook "+lang, h, true)
			h.key("esc")
			h.key("end")
			h.key("enter")
			sweep(t, "start drill "+lang, h, true)
			h.key("esc")
			h.key("?")
			sweep(t, "home help "+lang, h, false)
		}
	})
}

// TestTooSmall: below the minimum the app says so, within the terminal.
func TestTooSmall(t *testing.T) {
	h, _, _ := newEnglish(t, 80, 24)
	for _, size := range [][2]int{{39, 24}, {80, 11}, {20, 5}, {1, 1}} {
		h.send(sizeMsg(size[0], size[1]))
		v := h.m.View()
		checkFrame(t, "too small", v, size[0], size[1])
		if size[0] >= 20 && !strings.Contains(ansi.Strip(v.Content), "Terminal") {
			t.Errorf("%v: no notice:\n%s", size, ansi.Strip(v.Content))
		}
	}
	h.send(sizeMsg(0, 0))
	if v := h.m.View(); v.Content != "" {
		t.Errorf("drew %q on a 0x0 terminal", v.Content)
	}
	h.send(sizeMsg(80, 24))
	h.require("Triage")
}

// TestNothingBeforeTheFirstSize: no frame is drawn before the terminal's
// size is known.
func TestNothingBeforeTheFirstSize(t *testing.T) {
	clock := testkit.NewClock(t0)
	m := NewHomeModel(testOptions(i18n.English, clock))
	if v := m.View(); v.Content != "" || !v.AltScreen {
		t.Fatalf("before the size: %q (alt screen %v)", v.Content, v.AltScreen)
	}
}

// hostileRunbook is the shipped runbook with escape sequences, clipboard
// writes, title changes and bidi controls in every text a screen draws. The
// loader refuses such text, so it is put into a loaded runbook in memory.
func hostileRunbook(t testing.TB) *runbook.Runbook {
	t.Helper()
	rb := englishRB(t)
	bad := func(s string) string {
		return "\x1b]52;c;cm0gLXJmIH4=\x07" + s + "\x1b]0;pwned\x07\u202e" + s + "\u202c\x1b[2J\u009b31m\a\b\r"
	}
	rb.Title = bad(rb.Title)
	for _, r := range rb.Roles {
		r.Title, r.Assignee = bad(r.Title), bad(r.Assignee)
	}
	for _, p := range rb.Parties {
		p.Title = bad(p.Title)
		for i := range p.Means {
			p.Means[i].To, p.Means[i].Hours = bad(p.Means[i].To), bad(p.Means[i].Hours)
		}
	}
	for _, m := range rb.Milestones {
		m.Title, m.Hint = bad(m.Title), bad(m.Hint)
	}
	for _, d := range rb.Duties {
		d.Title, d.Scope, d.Message = bad(d.Title), bad(d.Scope), bad(d.Message)
	}
	for _, n := range rb.Triage.Nodes {
		n.Ask, n.Hint = bad(n.Ask), bad(n.Hint)
		for _, o := range n.Options {
			o.Label = bad(o.Label)
		}
	}
	for _, v := range rb.Verdicts {
		v.Title, v.Summary = bad(v.Title), bad(v.Summary)
	}
	for _, r := range rb.Ranks {
		r.Title = bad(r.Title)
	}
	return rb
}

// TestHostileRunbook: a runbook whose text carries OSC 52, title-setting
// and bidi sequences, and events from a journal that carry them too, draw
// as plain text: every screen, every size, the window title, the copied
// message.
func TestHostileRunbook(t *testing.T) {
	rb := hostileRunbook(t)
	clock := testkit.NewClock(t0)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "mallory\x1b]0;x\x07", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	must(t, s.Note("mallory", "\x1b]52;c;ZXZpbA==\x07copied?\u202e!"))
	must(t, s.Assign("mallory", "ic", "\x1b[31mred\x1b[0m boss"))
	must(t, s.DutyAttempted("mallory", "vendor-first-call", "phone", "\x9b2Jcleared"))
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		h := newIncidentHarness(t, quiet{s}, lang, clock, 80, 24)
		sweep(t, "hostile "+lang, h, false)
		seen := h.screen()
		for _, step := range []string{"tab", "tab"} {
			h.key(step)
			sweep(t, "hostile "+lang+" "+step, h, false)
			seen += h.screen()
		}
		// Invisible characters are shown, never silently dropped
		// (issue 12, M4).
		if !strings.Contains(seen, "<U+202E>") {
			t.Errorf("%s: the right-to-left override is not shown as <U+202E> on any pane", lang)
		}
		h.key("tab")
		h.focusDuty("vendor-first-call")
		h.key("c")
		sweep(t, "hostile message", h, false)
		if len(h.clipboard) == 0 || drawable(h.clipboard[0], true) >= 0 || strings.Contains(h.clipboard[0], "\x1b") {
			t.Fatalf("copied message not sanitised: %q", h.clipboard)
		}
		if strings.Contains(h.screen(), "pwned") {
			t.Fatal("an OSC payload reached the screen as text")
		}
	}
	// The view-building functions on their own, fed the raw strings.
	for name, s := range hostile {
		for _, line := range append(wrap(paragraph(s), 20), cut(oneLine(s), 20), fit(oneLine(s), 20), rule(oneLine(s), 20)) {
			if r := drawable(line, false); r >= 0 {
				t.Errorf("%s: %U survived into %q", name, r, line)
			}
		}
	}
}

// TestDrillLayoutInvariants: the drill screen in each of its states — the
// inject banner, paused and running, the facilitator's pages, the closed
// drill with its score, the full help — at every size, English and
// Japanese.
func TestDrillLayoutInvariants(t *testing.T) {
	states := []struct {
		name  string
		lang  string
		full  bool
		setup func(h *harness)
	}{
		{"paused with an inject", i18n.Japanese, true, func(h *harness) { h.jump(); h.jump() }},
		{"paused with an inject", i18n.English, false, func(h *harness) { h.jump(); h.jump() }},
		{"running, duties", i18n.English, false, func(h *harness) { h.key("space"); h.key("+"); h.key("tab") }},
		{"several injects at once", i18n.Japanese, false, func(h *harness) {
			for range 6 {
				h.jump()
			}
			h.key("tab")
			h.key("tab")
		}},
		{"notes", i18n.Japanese, false, func(h *harness) { h.jump(); h.key("f") }},
		{"notes scrolled", i18n.English, false, func(h *harness) { h.key("f"); h.key("pgdown"); h.key("pgdown") }},
		{"injects", i18n.Japanese, false, func(h *harness) { h.jump(); h.jump(); h.key("i") }},
		{"full help", i18n.English, false, func(h *harness) { h.key("?") }},
		{"closed with the score", i18n.Japanese, false, func(h *harness) {
			h.pick("2")
			h.pick("1")
			h.pick("2")
			h.pick("1")
			h.key("x")
			h.key("enter")
			h.typeText("Done.")
			h.key("ctrl+s")
		}},
	}
	for _, st := range states {
		t.Run(st.name+"_"+st.lang, func(t *testing.T) {
			t.Parallel()
			h, _, _ := friday(t, st.lang, 80, 24)
			st.setup(h)
			sweep(t, st.name, h, st.full)
		})
	}
}
