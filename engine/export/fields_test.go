package export

import (
	"testing"
	"time"
)

// A preliminary report to the PPC filled in field by field (one value
// replaced, one field cleared) and marked done with a required field left
// empty on the team's word: the postmortem (in English and Japanese), the
// JSON and the CSV carry every field with its last value, who filled it
// in and when, or that it was left empty.
func TestExportsCarryFields(t *testing.T) {
	t.Parallel()
	s, clock := openFixture(t, "fields.toml")
	must(t, s.Answer("sato", "symptom", "leak"))
	clock.Advance(10 * time.Minute)
	must(t, s.SetField("kato", "ppc-preliminary", "records", []string{"1,200"}))
	clock.Advance(time.Minute)
	must(t, s.SetField("kato", "ppc-preliminary", "records", []string{"1350"}))
	must(t, s.SetField("kato", "ppc-preliminary", "found", []string{"2026-11-25 08:30"}))
	must(t, s.SetField("kato", "ppc-preliminary", "items", []string{"name", "address"}))
	must(t, s.SetField("kato", "ppc-preliminary", "channel", []string{"web notice"}))
	must(t, s.SetField("kato", "ppc-preliminary", "encrypted", []string{"no"}))
	must(t, s.SetField("kato", "ppc-preliminary", "encrypted", nil))
	clock.Advance(20 * time.Minute)
	must(t, s.DutyDoneUnticked("yamada", "ppc-preliminary", "form", "the summary follows in the final report"))
	must(t, s.Detach())
	in := readInput(t, s.Dir())

	exportGoldens(t, in, "fields", "postmortem.en.md", "postmortem.ja.md", "json", "csv")
}
