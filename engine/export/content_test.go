package export

import (
	"testing"
	"time"
)

// A checklist ticked item by item (one ticked and taken back), a report
// marked done with a required item left on the team's word, and a notice
// approved by the IC: the postmortem (in English and Japanese), the JSON
// and the CSV carry every item with who ticked it and when, and every
// approval with who approved, in which role, and when.
func TestExportsCarryChecklistsAndApprovals(t *testing.T) {
	t.Parallel()
	s, clock := openFixture(t, "content.toml")
	clock.Advance(10 * time.Minute)
	must(t, s.TickItem("kato", "vendor-first-call", "what-failed"))
	clock.Advance(time.Minute)
	must(t, s.TickItem("kato", "vendor-first-call", "next"))
	must(t, s.UntickItem("kato", "vendor-first-call", "next"))
	clock.Advance(20 * time.Minute)
	must(t, s.DutyDoneUnticked("kato", "vendor-first-call", "", "the rest comes by noon"))
	must(t, s.Approve("yamada", "customer-notice"))
	clock.Advance(5 * time.Minute)
	must(t, s.DutyDone("sato", "customer-notice", "web", ""))
	must(t, s.Answer("sato", "symptom", "leak"))
	must(t, s.Detach())
	in := readInput(t, s.Dir())

	exportGoldens(t, in, "content", "postmortem.en.md", "postmortem.ja.md", "json", "csv")
}
