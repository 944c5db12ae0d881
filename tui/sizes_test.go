package tui

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// screenSizes are the sizes every pane is drawn at in the golden frames of
// issue 16: the smallest the app accepts, a classic terminal, the first
// side-by-side layout, and a large monitor.
var screenSizes = []struct{ w, h int }{{40, 12}, {80, 24}, {110, 30}, {200, 60}}

// suspectedIncident is an incident five minutes after a ransom note was
// reported: a question with its hint on the triage pane, six duties
// running (the most urgent due in 25 minutes), nine timeline entries.
func suspectedIncident(t *testing.T, lang string, w, h int) *harness {
	t.Helper()
	rb := englishRB(t)
	if lang == i18n.Japanese {
		rb = japaneseRB(t)
	}
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, rb, clock)
	hs := newIncidentHarness(t, quiet{s}, lang, clock, w, h)
	hs.pick("2") // ransom note
	clock.Advance(5 * time.Minute)
	hs.fireTicks()
	return hs
}

// TestGoldenSizes draws the home screen and the triage, duties and
// timeline panes at every size of screenSizes, in English and Japanese.
// The duties frame has the fourth duty selected: on a short screen the
// list scrolls, and the most urgent duty stays in sight.
func TestGoldenSizes(t *testing.T) {
	home := homeWithIncidents(t)
	shipped := shippedSet(t)
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, size := range screenSizes {
			name := fmt.Sprintf("%s_%dx%d", lang, size.w, size.h)
			t.Run("home_"+name, func(t *testing.T) {
				clock := testkit.NewClock(t0.Add(10 * time.Minute))
				opt := testOptions(lang, clock)
				opt.Home, opt.Library = home, testLibrary(t, shipped)
				h := startHarness(t, NewHomeModel(opt), clock, size.w, size.h)
				requireSized(t, "size_home_"+name, h.m.View().Content, size.w, size.h)
			})
			for _, pane := range []struct {
				name string
				keys []string
			}{
				{"triage", nil},
				{"duties", []string{"tab", "down", "down", "down"}},
				{"timeline", []string{"tab", "tab"}},
			} {
				t.Run(pane.name+"_"+name, func(t *testing.T) {
					h := suspectedIncident(t, lang, size.w, size.h)
					for _, k := range pane.keys {
						h.key(k)
					}
					requireSized(t, "size_"+pane.name+"_"+name, h.m.View().Content, size.w, size.h)
				})
			}
		}
	}
}

// requireSized compares a frame with its golden file after checking what
// holds at every size: no line wider than the screen, no more lines.
func requireSized(t *testing.T, name, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(ansi.Strip(frame), "\n")
	if len(lines) > h {
		t.Errorf("%d lines on a screen of %d", len(lines), h)
	}
	for i, l := range lines {
		if width(l) > w {
			t.Errorf("line %d is %d cells on a screen of %d: %q", i+1, width(l), w, l)
		}
	}
	requireFrame(t, name, frame)
}

// At 40×12 the help bar drops every other key before "? all keys" and
// "q quit", on the home screen and the incident screen alike.
func TestNarrowFooterKeepsHelpAndQuit(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		tx := i18n.New(lang)
		t.Run(lang, func(t *testing.T) {
			h := suspectedIncident(t, lang, 40, 12)
			last := lastLine(h.m.View().Content)
			for _, want := range []string{"? " + tx.T("tui.keys.help"), "q " + tx.T("tui.keys.quit-saved")} {
				if !strings.Contains(last, want) {
					t.Errorf("help bar %q lacks %q", last, want)
				}
			}
			if strings.Contains(last, "enter") {
				t.Errorf("help bar %q keeps enter and drops what it must keep", last)
			}
		})
	}
}

// At 40×12 the ? overlay scrolls: its last line says how many lines are
// below and how to scroll, whole (wrapped, not cut); page down reaches
// the last group.
func TestNarrowHelpOverlayScrolls(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		tx := i18n.New(lang)
		t.Run(lang, func(t *testing.T) {
			h := suspectedIncident(t, lang, 40, 12)
			h.key("?")
			first := ansi.Strip(h.m.View().Content)
			quit := tx.T("tui.keys.quit-saved")
			// The overlay writes a key in a column of ten: "  q          quit".
			quitRow := "  q" + strings.Repeat(" ", 9) + " "
			if strings.Contains(first, quitRow) {
				t.Fatalf("the overlay's first page already shows the last group:\n%s", first)
			}
			if !strings.Contains(strings.ReplaceAll(first, "\n", ""), "up/dn") {
				t.Errorf("the overlay does not say how to scroll:\n%s", first)
			}
			for range 6 {
				h.key("pgdown")
			}
			end := ansi.Strip(h.m.View().Content)
			if !strings.Contains(end, quitRow+quit) {
				t.Errorf("page down never reaches the quit key:\n%s", end)
			}
		})
	}
}

// At 110×30, with a later duty selected and the list scrolled to it, the
// most urgent duty's title is still on screen.
func TestMostUrgentDutyStaysInSight(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			h := suspectedIncident(t, lang, 110, 30)
			urgent := h.m.listedDuties()[0]
			h.key("tab")
			for range 3 {
				h.key("down")
			}
			if h.m.inc.duty == urgent.ID {
				t.Fatal("the cursor did not leave the most urgent duty")
			}
			if frame := ansi.Strip(h.m.View().Content); !strings.Contains(frame, dutyTitle(urgent.Spec)) {
				t.Errorf("%q is off screen:\n%s", dutyTitle(urgent.Spec), frame)
			}
		})
	}
}

// At 200×60 the triage pane is half the screen and cuts nothing: every
// option and every answer given reads whole.
func TestWideTriageCutsNothing(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			h := suspectedIncident(t, lang, 200, 60)
			g := h.m.geometry()
			if g.leftW < 99 {
				t.Errorf("triage pane is %d columns of 200", g.leftW)
			}
			for _, l := range h.m.triageView(g.leftW, g.topH-1) {
				if strings.HasSuffix(strings.TrimRight(ansi.Strip(l), " "), ellipsis) {
					t.Errorf("triage line cut: %q", ansi.Strip(l))
				}
			}
		})
	}
}

// At 120×40 the home screen shows a runbook's whole summary, however many
// lines it takes, where it used to stop at three.
func TestHomeDescriptionUsesTheRoom(t *testing.T) {
	long := strings.Repeat("Call the vendor first, then the security team. ", 12) + "The end of the summary."
	rb, err := fs.ReadFile(shippedSet(t), "service-failure.toml")
	must(t, err)
	text := string(rb)
	from := strings.Index(text, `summary = """`)
	to := from + strings.Index(text[from+len(`summary = """`):], `"""`) + 2*len(`"""`) + len("summary = ")
	set := fstest.MapFS{"service-failure.toml": &fstest.MapFile{Data: []byte(text[:from] + fmt.Sprintf("summary = %q", long) + text[to:])}}
	for _, name := range []string{"contacts.toml", "regulations/appi.toml", "regulations/gdpr.toml"} {
		b, err := fs.ReadFile(shippedSet(t), name)
		must(t, err)
		set[name] = &fstest.MapFile{Data: b}
	}
	clock := testkit.NewClock(t0)
	opt := testOptions(i18n.English, clock)
	opt.Home, opt.Library = t.TempDir(), testLibrary(t, set)
	h := startHarness(t, NewHomeModel(opt), clock, 120, 40)
	if lines := len(wrap(long, 120)); lines <= 3 {
		t.Fatalf("the summary takes %d lines: no test", lines)
	}
	frame := ansi.Strip(h.m.View().Content)
	if !strings.Contains(frame, "The end of the summary.") {
		t.Errorf("the summary is cut:\n%s", frame)
	}
}

func lastLine(frame string) string {
	lines := strings.Split(ansi.Strip(frame), "\n")
	return lines[len(lines)-1]
}

// A milestone's description was cut at the edge of an 80-column screen:
// the one under the cursor now reads whole, wrapped under its title.
func TestMilestoneDescriptionWraps(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			h := suspectedIncident(t, lang, 80, 24)
			h.key("m")
			choices := h.m.unstamped()
			if len(choices) == 0 || width(choices[0].text()) <= 80 {
				t.Fatalf("no milestone with a description longer than a line: %v", choices)
			}
			frame := strings.Join(strings.Fields(ansi.Strip(h.m.View().Content)), "")
			if want := strings.Join(strings.Fields(choices[0].text()), ""); !strings.Contains(frame, want) {
				t.Errorf("the description of %q is cut:\n%s", choices[0].label, ansi.Strip(h.m.View().Content))
			}
		})
	}
}
