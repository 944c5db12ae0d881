package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// staticEngine serves one state and takes no command: enough to draw.
type staticEngine struct {
	engine
	st *incident.State
}

func (e staticEngine) State() *incident.State { return e.st }

// longIncident is a real incident with n notes folded in after it, as a
// long incident's journal replays: a verdict, overdue duties, and a
// timeline of n+ events.
func longIncident(b *testing.B, n int) (*harness, *testkit.Clock) {
	b.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(b, b.TempDir(), openID, englishRB(b), clock)
	must(b, s.Answer("sato", "symptom", "ransom"))
	must(b, s.Answer("sato", "pii-held", "no"))
	must(b, s.Answer("sato", "what-happened", "encrypted"))
	clock.Advance(2 * time.Hour)
	must(b, s.Tick())
	st := s.State()
	events := append([]incident.Event(nil), st.Events...)
	seq := st.LastSeq
	at := clock.Now()
	for i := range n {
		seq++
		at = at.Add(time.Second)
		events = append(events, incident.Event{Seq: seq, At: at, Time: at, Actor: "sato", Type: incident.TypeNoteAdded,
			Data: incident.NoteAdded{Text: fmt.Sprintf("Progress note %d: vendor engineer still on the call", i)}})
	}
	full := incident.Fold(st.Runbook, events)
	return newIncidentHarness(b, staticEngine{st: full}, i18n.English, clock, 120, 40), clock
}

// BenchmarkView draws the incident screen at 120x40; the cost must not grow
// with the length of the timeline.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{100, 10_000, 100_000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			h, _ := longIncident(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = h.m.View()
			}
		})
	}
}

// BenchmarkKeyToFrame is a key press and the frame that follows it: Update
// and View, as the program runs them.
func BenchmarkKeyToFrame(b *testing.B) {
	for _, tc := range []struct {
		name string
		pane pane
	}{{"timeline", paneTimeline}, {"duties", paneDuties}, {"triage", paneTriage}} {
		b.Run(tc.name, func(b *testing.B) {
			h, _ := longIncident(b, 100_000)
			h.m.inc.focus = tc.pane
			keys := []any{keyMsg("up"), keyMsg("down")}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				next, _ := h.m.Update(keys[i%2])
				h.m = next.(Model)
				_ = h.m.View()
				i++
			}
		})
	}
}
