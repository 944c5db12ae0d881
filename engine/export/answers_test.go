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

// A set picked on a multi node, a number with its unit, and the
// dimensions the answers set: the postmortem (English and Japanese) says
// them in the runbook's words in the path and beside the verdict, and the
// JSON carries the set, the number and each dimension with the answer
// that set it.
func TestExportsCarryAnswersAndDimensions(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "incident", "answers.toml"), runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	must(t, err)
	clock.Advance(3 * time.Minute)
	must(t, s.AnswerMany("sato", "data", []string{"names", "cards"}))
	clock.Advance(10 * time.Minute)
	must(t, s.AnswerNumber("sato", "people", 1200))
	clock.Advance(2 * time.Minute)
	must(t, s.Answer("sato", "kind", "taken"))
	must(t, s.Detach())
	in := readInput(t, s.Dir())

	for _, tc := range []struct {
		name   string
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"postmortem in English", "answers.postmortem.en.md", func(b *bytes.Buffer) error { return Markdown(b, in, Options{Location: jst}) }},
		{"postmortem in Japanese", "answers.postmortem.ja.md", func(b *bytes.Buffer) error {
			return Markdown(b, in, Options{Location: jst, Lang: i18n.Japanese})
		}},
		{"JSON", "answers.json", func(b *bytes.Buffer) error { return JSON(b, in, Options{Location: jst}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			must(t, tc.write(&b))
			testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", tc.golden), []byte(normalise(in, b.String())))
		})
	}
}
