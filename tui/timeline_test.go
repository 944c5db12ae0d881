package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// timelineIncident is an incident with an answer and a two-line hand-over
// note, its screen on the Timeline pane at w×h.
func timelineIncident(t *testing.T, lang string, w, h int) (*harness, *testkit.Clock) {
	t.Helper()
	rb := englishRB(t)
	note := "Handing over to Tanaka at 03:10.\nThe vendor promised a callback by 04:00; chase them if not."
	if lang == i18n.Japanese {
		rb = japaneseRB(t)
		note = "03:10 に田中さんへ引き継ぎます。\nベンダーから 04:00 までに折り返しの約束あり。なければ催促してください。"
	}
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, rb, clock)
	must(t, s.Answer("sato", "symptom", "outage"))
	clock.Advance(10 * time.Minute)
	must(t, s.Note("sato", note))
	clock.Advance(5 * time.Minute)
	must(t, s.Note("sato", "Status page updated."))
	hs := newIncidentHarness(t, quiet{s}, lang, clock, w, h)
	for hs.m.inc.focus != paneTimeline {
		hs.key("tab")
	}
	return hs, clock
}

func TestTimelineCursor(t *testing.T) {
	t.Run("up selects the entry before, and enter reads it in full", func(t *testing.T) {
		h, _ := timelineIncident(t, i18n.English, 80, 24)
		last := h.m.selectedEvent().Seq
		h.key("up")
		if got := h.m.selectedEvent().Seq; got != last-1 {
			t.Fatalf("after up the cursor is on seq %d, want %d", got, last-1)
		}
		if !strings.Contains(h.screen(), "> ") {
			t.Fatalf("no cursor mark on the focused timeline:\n%s", h.screen())
		}
		h.key("enter")
		if !topIs[*entryDialog](h) {
			t.Fatalf("enter on the timeline opened no entry:\n%s", h.screen())
		}
		e := h.m.selectedEvent()
		h.require("Handing over to Tanaka at 03:10.", "chase them if not.", "By: sato",
			"Recorded: "+e.At.In(t0.Location()).Format("2006-01-02 15:04:05"),
			fmt.Sprintf("Journal record %d, hash %s", e.Seq, e.Hash[:hashShown]))
		// The two lines of the note are two lines on screen, not one cut.
		if strings.Contains(h.screen(), "03:10. / The vendor") {
			t.Fatalf("the note was flattened:\n%s", h.screen())
		}
		h.key("down")
		h.require("Status page updated.")
		h.key("esc")
		if h.m.dialog() != nil {
			t.Fatal("esc did not close the entry")
		}
		if got := h.m.selectedEvent().Seq; got != last {
			t.Fatalf("closing the entry left the cursor on seq %d, want %d (where the entry was)", got, last)
		}
	})
	t.Run("home and end reach the first and the newest entry", func(t *testing.T) {
		h, _ := timelineIncident(t, i18n.English, 80, 24)
		h.key("home")
		if got := h.m.selectedEvent().Seq; got != 1 {
			t.Fatalf("home: cursor on seq %d, want 1 (the opening)", got)
		}
		h.require("v 7 newer events below")
		h.key("end")
		if got, want := h.m.selectedEvent().Seq, h.state().LastSeq; got != want {
			t.Fatalf("end: cursor on seq %d, want %d", got, want)
		}
	})
	tests := []struct {
		name   string
		moveUp bool
	}{
		{"a cursor at the tail follows new entries", false},
		{"a cursor on an older entry stays on it", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, clock := timelineIncident(t, i18n.English, 80, 24)
			if tt.moveUp {
				h.key("up")
			}
			before := h.m.selectedEvent().Seq
			clock.Advance(time.Minute)
			s := sessionOf(h.m.inc.eng)
			must(t, s.Note("tanaka", "Vendor called back."))
			h.send(stateMsg{st: s.State()})
			got := h.m.selectedEvent().Seq
			want := before
			if !tt.moveUp {
				want = h.state().LastSeq
			}
			if got != want {
				t.Fatalf("after a new entry the cursor is on seq %d, want %d", got, want)
			}
		})
	}
}

// TestGoldenTimeline: the Timeline pane with its cursor one entry up, and
// that entry (a two-line hand-over note) read in full.
func TestGoldenTimeline(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		name := fmt.Sprintf("%s_80x24", lang)
		t.Run(name, func(t *testing.T) {
			h, _ := timelineIncident(t, lang, 80, 24)
			h.key("up")
			requireFrame(t, "timeline_cursor_"+name, h.m.View().Content)
			h.key("enter")
			// A record's hash covers its random UUID: the frame keeps
			// where it goes, not its digits.
			hash := h.m.selectedEvent().Hash[:hashShown]
			requireFrame(t, "timeline_entry_"+name, strings.ReplaceAll(h.m.View().Content, hash, strings.Repeat("h", hashShown)))
		})
	}
}
