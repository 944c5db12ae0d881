package export

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// openFixture opens an incident, as sato at start, on one runbook of
// testdata/incident, with the clock the test moves.
func openFixture(t *testing.T, name string) (*incident.Session, *testkit.Clock) {
	t.Helper()
	rb, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "incident", name), runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	return s, clock
}

// exportGoldens writes in in each named format and compares it with
// testdata/export/<prefix>.<format>: "postmortem.en.md",
// "postmortem.ja.md", "json", "csv", or a report draft as writeReport
// names it ("report.gdpr-33.en.md", "report.gdpr-33.json").
func exportGoldens(t *testing.T, in Input, prefix string, formats ...string) {
	t.Helper()
	writers := map[string]func(*bytes.Buffer) error{
		"postmortem.en.md": func(b *bytes.Buffer) error { return Markdown(b, in, Options{Location: jst}) },
		"postmortem.ja.md": func(b *bytes.Buffer) error { return Markdown(b, in, Options{Location: jst, Lang: i18n.Japanese}) },
		"json":             func(b *bytes.Buffer) error { return JSON(b, in, Options{Location: jst}) },
		"csv":              func(b *bytes.Buffer) error { return CSV(b, in, Options{Location: jst}) },
	}
	for _, format := range formats {
		write, ok := writers[format]
		if !ok {
			if !strings.HasPrefix(format, "report.") {
				t.Fatalf("no export format %q", format)
			}
			write = func(b *bytes.Buffer) error { return writeReport(b, in, format) }
		}
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			must(t, write(&b))
			testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", prefix+"."+format), []byte(normalise(in, b.String())))
		})
	}
}
