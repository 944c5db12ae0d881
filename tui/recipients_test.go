package tui

import (
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// newRecipients opens testdata/incident/recipients(-ja).toml in lang with
// the ransomware verdict reached: the duty owed to the police and the
// insurer runs, and the one owed to every listed authority waits for its
// list.
func newRecipients(t *testing.T, lang string, w, h int) (*harness, *incident.Session) {
	t.Helper()
	name := "../../incident/recipients.toml"
	if lang == i18n.Japanese {
		name = "../../incident/recipients-ja.toml"
	}
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, loadRunbook(t, name), clock)
	must(t, s.Answer("sato", "symptom", "ransom"))
	return newIncidentHarness(t, quiet{s}, lang, clock, w, h), s
}

// The duty view lists each recipient; i opens the dialog, which pairs each
// open recipient with its means and records the one under the cursor:
// reached, tried (with what came of it) or not to be reached (with why).
// The last one closed marks the duty done; d is off until then, and says
// why.
func TestRecipientKeys(t *testing.T) {
	h, _ := newRecipients(t, i18n.English, 100, 30)
	h.focusDuty("tell-police-insurer")
	h.require("Prefectural police, cybercrime desk; Cyber insurer", "Recipients: 0 of 2 reached (C records one)",
		"[ ] Prefectural police, cybercrime desk", "[ ] Cyber insurer")
	h.key("d")
	if d := h.state().Duty("tell-police-insurer"); d.Status != incident.StatusRunning {
		t.Fatalf("d marked a duty with open recipients %s", d.Status)
	}
	h.require("reach or waive each recipient with C")

	h.key("C")
	h.require("Recipients: Tell the police and the insurer", "Recipient and means:", "phone +81-3-0000-0110", "email claims@insurer.example", "What happened:")
	h.key("enter") // the police, by phone, reached
	if r := h.state().Duty("tell-police-insurer").Reach("police"); r.Status != incident.ReachReached || r.Means != "phone" || r.Actor != "sato" {
		t.Fatalf("police: %+v", r)
	}
	h.require("Recipients: 1 of 2 reached", "[x] Prefectural police, cybercrime desk: reached by sato")

	// A try needs what it came to; it stays open.
	h.key("C")
	h.key("tab")
	h.key("down")
	h.key("enter")
	h.require("required")
	h.typeText("voicemail")
	h.key("enter")
	h.require("[ ] Cyber insurer: tried 1x", "voicemail")

	// The insurer by email: the last one, so the duty is done.
	h.key("C")
	h.key("down")
	h.key("enter")
	d := h.state().Duty("tell-police-insurer")
	if d.Status != incident.StatusDone || d.Means != "email" || d.DoneBy != "sato" {
		t.Fatalf("after the last recipient: %s by %q (%s), want done by sato, email", d.Status, d.DoneBy, d.Means)
	}
}

// A for_each duty says what it waits for; once the field lists the
// authorities, each is a recipient, and the copied message is addressed
// to the first not yet reached.
func TestForEachRecipientsOnScreen(t *testing.T) {
	h, s := newRecipients(t, i18n.English, 100, 30)
	h.focusDuty("tell-authorities")
	h.require("each of: Authorities of the affected member states",
		"Recipients: not known until Authorities of the affected member states is filled in (e on List")
	h.key("C")
	h.require("no recipients yet: fill in Authorities of the affected member states first")

	must(t, s.SetField("sato", "list-authorities", "authorities", []string{"BaFin (DE)", "AMF (FR)"}))
	h.m.applyState(s.State())
	h.require("Recipients: 0 of 2 reached", "[ ] BaFin (DE)", "[ ] AMF (FR)")
	d := h.state().Duty("tell-authorities")
	if got := h.m.fillMessage(d); !strings.Contains(got, "To BaFin (DE): initial report") {
		t.Fatalf("message: %q", got)
	}
	h.key("c")
	h.require("For BaFin (DE), the first recipient not yet reached")
	h.key("esc")
	must(t, s.ReachRecipient("sato", "tell-authorities", "BaFin (DE)", "email", ""))
	h.m.applyState(s.State())
	if got := h.m.fillMessage(h.state().Duty("tell-authorities")); !strings.Contains(got, "To AMF (FR): initial report") {
		t.Fatalf("message after BaFin: %q", got)
	}
}

// The duty view and the dialog at 80x24, in English and in Japanese: the
// golden frames, within the terminal.
func TestGoldenRecipients(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			h, s := newRecipients(t, lang, 80, 24)
			must(t, s.ReachRecipient("sato", "tell-police-insurer", "police", "phone", ""))
			h.m.applyState(s.State())
			h.focusDuty("tell-police-insurer")
			checkFrame(t, "recipients", h.m.View(), 80, 24)
			requireFrame(t, "recipients_duty_"+lang+"_80x24", h.m.View().Content)
			h.key("C")
			checkFrame(t, "recipients dialog", h.m.View(), 80, 24)
			requireFrame(t, "recipients_dialog_"+lang+"_80x24", h.m.View().Content)
		})
	}
}
