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

// A checklist ticked item by item (one ticked and taken back), a report
// marked done with a required item left on the team's word, and a notice
// approved by the IC: the postmortem (in English and Japanese), the JSON
// and the CSV carry every item with who ticked it and when, and every
// approval with who approved, in which role, and when.
func TestExportsCarryChecklistsAndApprovals(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "incident", "content.toml"), runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	must(t, err)
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

	for _, tc := range []struct {
		name   string
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"postmortem in English", "content.postmortem.en.md", func(b *bytes.Buffer) error { return Markdown(b, in, Options{Location: jst}) }},
		{"postmortem in Japanese", "content.postmortem.ja.md", func(b *bytes.Buffer) error {
			return Markdown(b, in, Options{Location: jst, Lang: i18n.Japanese})
		}},
		{"JSON", "content.json", func(b *bytes.Buffer) error { return JSON(b, in, Options{Location: jst}) }},
		{"CSV", "content.csv", func(b *bytes.Buffer) error { return CSV(b, in, Options{Location: jst}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			must(t, tc.write(&b))
			testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", tc.golden), []byte(normalise(in, b.String())))
		})
	}
}
