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

// After a done or a waive, the status line offers u for a few seconds; u
// then takes it back, from whichever pane has the focus: the duty runs
// again with its clock as it was, and both records stay on the timeline.
func TestUndoOffer(t *testing.T) {
	tests := []struct {
		name   string
		decide func(h *harness)
		label  string
	}{
		{name: "done", label: "done: First call to the maintenance vendor", decide: func(h *harness) {
			h.focusDuty("vendor-first-call")
			h.key("d")
			h.key("enter")
		}},
		{name: "waive", label: "waive: First call to the maintenance vendor", decide: func(h *harness) {
			h.focusDuty("vendor-first-call")
			h.key("w")
			h.typeText("The vendor called us first.")
			h.key("enter")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newEnglish(t, 200, 40) // the status line on one line
			due := h.state().Duty("vendor-first-call").Due
			tt.decide(h)
			h.require("Recorded: "+tt.label, "Press u to undo (8s)")
			h.key("tab") // the focus may move on: the offer stands
			h.fireTicks()
			h.require("Press u to undo (7s)")
			h.key("u")
			st := h.state()
			d := st.Duty("vendor-first-call")
			if d.Status != incident.StatusRunning || !d.Due.Equal(due) {
				t.Fatalf("after u: %s due %v; want running, due %v as before", d.Status, d.Due, due)
			}
			if n := eventsOf(st, incident.TypeDutyReopened); n != 1 {
				t.Fatalf("%d duty.reopened events; want one", n)
			}
			if r := d.Reopenings; len(r) != 1 || !r[0].Undone() || r[0].Actor != "sato" {
				t.Fatalf("reopenings %+v; want one undo by sato", r)
			}
			h.require("Recorded: undo: First call to the maintenance vendor")
			h.refuse("Press u to undo")
			for h.m.inc.focus != paneDuties {
				h.key("tab")
			}
			h.key("home") // the cursor moved on to the next duty
			h.focusDuty("vendor-first-call")
			h.require("its " + tt.name + " at ")
			h.require(" undone by sato")
		})
	}
}

// The offer ends after its seconds, on the key clock, with no sleep: u
// then does nothing outside the Duties pane, and on it asks for a reason.
func TestUndoOfferExpires(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.focusDuty("vendor-first-call")
	h.key("d")
	h.key("enter")
	h.require("Press u to undo (8s)")
	h.keys.Advance(undoWindow)
	h.fireTicks()
	h.refuse("Press u to undo")
	h.require("Recorded: done: First call")
	if len(h.scheduled) != 0 {
		for _, s := range h.scheduled {
			if _, ok := s.msg.(undoTickMsg); ok {
				t.Fatal("the offer's tick runs on after the offer ended")
			}
		}
	}
	before := h.state().LastSeq
	h.key("u")
	if h.state().LastSeq != before {
		t.Fatal("u recorded something after the offer ended")
	}
	if _, ok := h.m.dialog().(reopenDutyDialog); ok {
		t.Fatal("u opened the reopen dialog on a running duty")
	}
}

// After the offer, u on a done duty asks for the reason, which is
// required, and reopens it with that reason; past its due time the dialog
// says it will be overdue at once, and the header says so after.
func TestReopenDutyAsksReason(t *testing.T) {
	h, _, clock := newEnglish(t, 100, 30)
	h.focusDuty("vendor-first-call")
	h.key("d")
	h.key("enter")
	h.keys.Advance(undoWindow)
	h.fireTicks()
	clock.Advance(2 * time.Hour) // past its 1h due time
	h.fireTicks()
	h.focusDuty("vendor-first-call")
	h.require("u reopen")
	h.key("u")
	h.require("Reopen: First call to the maintenance vendor", "OVERDUE at once", "Reason (required):")
	before, bells := h.state().LastSeq, h.bells
	h.key("enter")
	if h.state().LastSeq != before {
		t.Fatal("reopened without a reason")
	}
	h.require("This field is required.")
	h.typeText("The vendor says the call never reached them.")
	h.key("enter")
	st := h.state()
	d := st.Duty("vendor-first-call")
	if d.Status != incident.StatusRunning || !d.Overdue || len(d.Reopenings) != 1 || d.Reopenings[0].Reason != "The vendor says the call never reached them." {
		t.Fatalf("after reopen: %s overdue=%v reopenings %+v", d.Status, d.Overdue, d.Reopenings)
	}
	h.require("by sato: The vendor says the call never reached them. (its done at")
	h.require("Recorded: reopen: First call", "> First call to the maintenance vendor                                               OVERDUE +1h00m")
	if h.bells != bells+1 {
		t.Errorf("%d bells after the reopen made a duty overdue; want one", h.bells-bells)
	}
}

// u on a duty that is neither done nor waived says why it does nothing.
func TestUndoKeyWhy(t *testing.T) {
	h, _, _ := newEnglish(t, 100, 30)
	h.focusDuty("vendor-first-call")
	if why := h.m.undoWhy(); why != "neither done nor waived" {
		t.Errorf("why u does nothing on a running duty: %q", why)
	}
	h.key("tab")
	if why := h.m.undoWhy(); !strings.HasPrefix(why, "nothing to undo") {
		t.Errorf("why u does nothing off the Duties pane: %q", why)
	}
}

// Golden frames of the offer and of the reopen dialog, at 80×24 in
// English and Japanese.
func TestUndoFrames(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			rb, duty := englishRB(t), "vendor-first-call"
			if lang == i18n.Japanese {
				rb = japaneseRB(t)
			}
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, lang, clock, 80, 24)
			h.focusDuty(duty)
			h.key("d")
			h.key("enter")
			requireFrame(t, fmt.Sprintf("undo-offer-%s-80x24", lang), h.m.View().Content)
			h.keys.Advance(undoWindow)
			h.fireTicks()
			h.focusDuty(duty)
			h.key("u")
			requireFrame(t, fmt.Sprintf("reopen-duty-%s-80x24", lang), h.m.View().Content)
		})
	}
}
