package export

import (
	"testing"
	"time"
)

// The police reached by phone, the insurer tried and then waived with a
// reason, the member-state authorities listed in a field and one of them
// reached: the postmortem (in English and Japanese), the JSON and the CSV
// carry each recipient, who reached or waived it and when, or that it was
// not reached.
func TestExportsCarryRecipients(t *testing.T) {
	t.Parallel()
	s, clock := openFixture(t, "recipients.toml")
	must(t, s.Answer("sato", "symptom", "ransom"))
	clock.Advance(10 * time.Minute)
	must(t, s.ReachRecipient("kato", "tell-police-insurer", "police", "phone", "case number 2026-1125"))
	clock.Advance(5 * time.Minute)
	must(t, s.AttemptRecipient("kato", "tell-police-insurer", "insurer", "phone", "no answer"))
	clock.Advance(5 * time.Minute)
	must(t, s.WaiveRecipient("yamada", "tell-police-insurer", "insurer", "the policy does not cover this system"))
	must(t, s.SetField("kato", "list-authorities", "authorities", []string{"BaFin (DE)", "AMF (FR)"}))
	clock.Advance(20 * time.Minute)
	must(t, s.ReachRecipient("kato", "tell-authorities", "BaFin (DE)", "email", ""))
	must(t, s.Detach())
	in := readInput(t, s.Dir())

	exportGoldens(t, in, "recipients", "postmortem.en.md", "postmortem.ja.md", "json", "csv")
}
