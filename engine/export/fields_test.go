package export

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// A preliminary report to the PPC filled in field by field (one value
// replaced, one field cleared) and marked done with a required field left
// empty on the team's word: the postmortem (in English and Japanese), the
// JSON and the CSV carry every field with its last value, who filled it
// in and when, or that it was left empty.
func TestExportsCarryFields(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "incident", "fields.toml"), runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	must(t, err)
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

	for _, tc := range []struct {
		name   string
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"postmortem in English", "fields.postmortem.en.md", func(b *bytes.Buffer) error { return Markdown(b, in, Options{Location: jst}) }},
		{"postmortem in Japanese", "fields.postmortem.ja.md", func(b *bytes.Buffer) error {
			return Markdown(b, in, Options{Location: jst, Lang: i18n.Japanese})
		}},
		{"JSON", "fields.json", func(b *bytes.Buffer) error { return JSON(b, in, Options{Location: jst}) }},
		{"CSV", "fields.csv", func(b *bytes.Buffer) error { return CSV(b, in, Options{Location: jst}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			must(t, tc.write(&b))
			testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", tc.golden), []byte(normalise(in, b.String())))
		})
	}
}
