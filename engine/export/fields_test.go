package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/i18n"
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

// A report amended after it went out: the duty is done, then a field is
// corrected and another cleared. The timeline says each as a correction
// with the value it replaces, and the postmortem and the JSON keep the
// value the report went out with beside the corrected one.
func TestExportsCarryCorrections(t *testing.T) {
	t.Parallel()
	s, clock := openFixture(t, "fields.toml")
	must(t, s.Answer("sato", "symptom", "leak"))
	clock.Advance(10 * time.Minute)
	must(t, s.SetField("kato", "ppc-preliminary", "summary", []string{"The customer list leaked."}))
	must(t, s.SetField("kato", "ppc-preliminary", "records", []string{"1200"}))
	must(t, s.SetField("kato", "ppc-preliminary", "channel", []string{"mail"}))
	must(t, s.DutyDone("yamada", "ppc-preliminary", "form", ""))
	clock.Advance(26 * time.Hour)
	must(t, s.SetField("mori", "ppc-preliminary", "records", []string{"1,350"}))
	must(t, s.SetField("mori", "ppc-preliminary", "channel", nil))
	must(t, s.Detach())
	in := readInput(t, s.Dir())
	for _, tc := range []struct {
		format, lang string
		want         []string
	}{
		{"md", i18n.English, []string{
			"Corrected on Preliminary report to the PPC after it was done: Number of people affected = 1350 (was 1200).",
			"Corrected on Preliminary report to the PPC after it was done: How the people are told cleared (was mail).",
			"Number of people affected (required): 1350 — corrected by mori, 2026-11-26 12:10:00 JST, after the duty was done (before: 1200)",
			"How the people are told: cleared by mori, 2026-11-26 12:10:00 JST, after the duty was done (before: mail)",
		}},
		{"md", i18n.Japanese, []string{
			"完了後の訂正：Preliminary report to the PPC の「Number of people affected」＝1350（訂正前：1200）。",
			"Number of people affected（必須）：1350 — 完了後に mori が訂正（2026-11-26 12:10:00 JST、訂正前：1200）",
		}},
		{"json", i18n.English, []string{
			`"corrected": true,`, `"earlier": [`, `"value": "1200",`, `"correction":true,"was":"1200"`,
		}},
		{"csv", i18n.English, []string{"duty.field-set,Corrected on Preliminary report to the PPC after it was done: Number of people affected = 1350 (was 1200)."}},
	} {
		var b bytes.Buffer
		must(t, Write(&b, tc.format, in, Options{Location: jst, Lang: tc.lang}))
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s %s does not say %q:\n%s", tc.format, tc.lang, w, b.String())
			}
		}
	}
}
