package tui

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// diskFull is an engine whose automatic records fail while full is set,
// as appends do on a full disk (the journal truncates them back: nothing
// is poisoned, and a later tick can write).
type diskFull struct {
	engine
	full  *bool
	tried *int
}

func (d diskFull) Tick() error {
	*d.tried++
	if *d.full {
		return fmt.Errorf("append to timeline.jsonl: write: %w", syscall.ENOSPC)
	}
	return d.engine.Tick()
}

// TestUnrecordedOverdueIsShown is issue 12 M5: a duty.overdue that cannot
// be written is shown under the header — which duty, why, that it is
// retried — and stays there, not as a flash, while each clock tick retries
// it; once written, the warning goes and the record says the due time.
func TestUnrecordedOverdueIsShown(t *testing.T) {
	for _, tc := range []struct {
		lang, want string
	}{{"en", "NOT RECORDED"}, {"ja", "未記録"}} {
		t.Run(tc.lang, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			rb := englishRB(t)
			if tc.lang == "ja" {
				rb = japaneseRB(t)
			}
			s := openFixed(t, t.TempDir(), "INC-20261125-0005", rb, clock)
			full, tried := true, 0
			h := newIncidentHarness(t, diskFull{engine: quiet{s}, full: &full, tried: &tried}, tc.lang, clock, 100, 30)

			var first *incident.Duty
			for i := range s.State().Duties {
				d := &s.State().Duties[i]
				if d.Status == incident.StatusRunning && !d.Due.IsZero() && (first == nil || d.Due.Before(first.Due)) {
					first = d
				}
			}
			if first == nil {
				t.Fatal("no running duty with a due time")
			}
			due, title := first.Due, dutyTitle(first.Spec)
			clock.Set(due.Add(time.Minute))
			for range 3 {
				h.fireTicks()
				clock.Advance(time.Second)
			}
			h.require(tc.want, title)
			if !strings.Contains(h.screen(), "no space left on device") {
				t.Errorf("the warning does not say why:\n%s", h.screen())
			}
			if tried < 2 {
				t.Errorf("Tick tried %d times over 3 clock ticks; want it retried", tried)
			}
			if s.State().Duty(first.ID).Overdue {
				t.Fatal("recorded although the disk was full")
			}
			for _, size := range [][2]int{{80, 24}, {60, 20}} {
				h.send(sizeMsg(size[0], size[1]))
				h.require(tc.want)
				for i, l := range strings.Split(h.screen(), "\n") {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("line %d wider than the screen: %q", i, l)
					}
				}
			}
			h.send(sizeMsg(100, 30))

			full = false
			h.fireTicks()
			h.refuse(tc.want)
			d := s.State().Duty(first.ID)
			if !d.Overdue {
				t.Fatal("the retry did not record the overdue duty")
			}
			if p, ok := s.State().Events[d.OverdueSeq-1].Data.(incident.DutyOverdue); !ok || !p.Due.Equal(due) {
				t.Errorf("overdue record %#v; want due %s", s.State().Events[d.OverdueSeq-1].Data, due)
			}
		})
	}
}
