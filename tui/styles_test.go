package tui

import (
	"image/color"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// colourSGR matches a foreground or background colour in an SGR sequence.
var colourSGR = regexp.MustCompile(`\x1b\[[0-9;:]*(38|48)[;:]`)

func TestNoColor(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	for _, tc := range []struct {
		env    string
		colour bool
	}{{"", true}, {"1", false}} {
		opt := testOptions(i18n.English, clock)
		opt.Getenv = func(k string) string {
			if k == "NO_COLOR" {
				return tc.env
			}
			return ""
		}
		m := newModel(opt.withDefaults(), nil, false)
		m.enterIncident(quiet{s}, false, nil, nil, s.State())
		h := startHarness(t, m, clock, 120, 40)
		clock.Advance(45 * 60e9)
		h.fireTicks()
		frame := h.m.View().Content
		if got := colourSGR.MatchString(frame); got != tc.colour {
			t.Errorf("NO_COLOR=%q: colours drawn = %v, want %v", tc.env, got, tc.colour)
		}
		// Without colour, meaning is still there in words and attributes.
		if !strings.Contains(stripANSI(frame), "OVERDUE") || !strings.Contains(frame, "\x1b[") {
			t.Errorf("NO_COLOR=%q: the overdue duty is not marked", tc.env)
		}
	}
}

func TestBackgroundColour(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	dark := h.m.View().Content
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.dark {
		t.Fatal("a white background was taken for dark")
	}
	light := h.m.View().Content
	if light == dark {
		t.Fatal("the light background draws with the dark palette")
	}
	if stripANSI(light) != stripANSI(dark) {
		t.Fatal("the text changed with the background")
	}
	h.key("n") // a dialog's input follows the background too
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if !h.m.dark {
		t.Fatal("a black background was taken for light")
	}
	checkFrame(t, "dark dialog", h.m.View(), 100, 30)
}
