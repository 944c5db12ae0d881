package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// previewIncident opens the shipped runbook in lang at w×h and chooses
// "personal data may have leaked" in the milestone dialog.
func previewIncident(t *testing.T, lang string, w, h int) (*harness, *incident.Session) {
	t.Helper()
	rb := englishRB(t)
	if lang == i18n.Japanese {
		rb = japaneseRB(t)
	}
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, rb, clock)
	clock.Advance(20 * time.Minute)
	hs := newIncidentHarness(t, quiet{s}, lang, clock, w, h)
	hs.key("m")
	hs.key("down") // personal data may have leaked
	return hs, s
}

func TestStampPreviewAsksFirst(t *testing.T) {
	tests := []struct {
		name    string
		answer  string
		stamped bool
	}{
		{"y stamps it and starts the clocks shown", "y", true},
		{"enter stamps it too", "enter", true},
		{"esc goes back to the choice, nothing recorded", "esc", false},
		{"n goes back to the choice, nothing recorded", "n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, s := previewIncident(t, i18n.English, 80, 24)
			typed := "10m ago"
			h.typeText(typed)
			seq := s.State().LastSeq
			h.key("enter")
			if got := s.State().LastSeq; got != seq {
				t.Fatalf("the preview recorded %d events", got-seq)
			}
			// The description is read whole, wrapped, never cut.
			h.require("Stamp \"Became aware that personal data may have leaked",
				"Stamp it when anyone in the company first knew",
				"Its clocks count from 21:14:00, when you say it happened.",
				"Stamping it starts 5 clocks:",
				"- Preliminary report (速報) to the PPC", "due 2026-11-30 21:14")
			if _, body, _ := strings.Cut(h.screen(), "== Stamp a milestone"); strings.Contains(body, "...") {
				t.Errorf("the preview cut something:\n%s", h.screen())
			}
			h.key(tt.answer)
			_, stamped := s.State().Stamped("appi-aware")
			if stamped != tt.stamped {
				t.Fatalf("stamped = %v, want %v:\n%s", stamped, tt.stamped, h.screen())
			}
			if !tt.stamped {
				// Back on the form, its choice and text kept.
				if !topIs[milestoneDialog](h) {
					t.Fatalf("not back on the milestone dialog:\n%s", h.screen())
				}
				h.require("| " + typed)
				return
			}
			if h.m.dialog() != nil {
				t.Fatalf("a dialog stayed open after the stamp:\n%s", h.screen())
			}
			// The clocks shown are the clocks started, due as shown.
			d := s.State().Duty("appi-preliminary")
			if d.Status != incident.StatusRunning || h.m.stamp(d.Due) != "2026-11-30 21:14" {
				t.Fatalf("appi-preliminary %s due %s", d.Status, h.m.stamp(d.Due))
			}
		})
	}
}

// TestGoldenStampPreview: the preview of "personal data may have leaked"
// at 80×24, in English and Japanese.
func TestGoldenStampPreview(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		name := fmt.Sprintf("%s_80x24", lang)
		t.Run(name, func(t *testing.T) {
			h, _ := previewIncident(t, lang, 80, 24)
			h.key("enter")
			requireFrame(t, "stamp_preview_"+name, h.m.View().Content)
		})
	}
}

// A milestone that starts an asap duty says it is due as soon as possible,
// not "asap, 0s so far" (至急、開始から 0秒), which is the countdown of a
// duty already running (issue 16 audit, a Japanese reader's pass).
func TestStampPreviewASAPDuty(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			h, _ := previewIncident(t, lang, 80, 24)
			for range 10 {
				if it, ok := h.m.dialog().(milestoneDialog); ok && it.form.lists[0].items[it.form.lists[0].cursor].id == "appi-processor" {
					break
				}
				h.key("down")
			}
			h.key("enter")
			if !topIs[*stampPreview](h) {
				t.Fatalf("no preview:\n%s", h.screen())
			}
			asap := h.m.tx.T("tui.start.asap")
			if !strings.Contains(h.screen(), asap) {
				t.Errorf("the preview lacks %q:\n%s", asap, h.screen())
			}
			if running := h.m.tx.T("tui.duty.asap", "Since", span(h.m.tx, 0)); strings.Contains(h.screen(), running) {
				t.Errorf("the preview shows a running countdown %q:\n%s", running, h.screen())
			}
		})
	}
}
