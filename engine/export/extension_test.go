package export

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestExportsShowExtensionsAndDeferral: the postmortem's clock history,
// the JSON export's duties and the CSV timeline tell an extension (who
// granted it, the step, the due time it replaced) and a report that fell
// due while the incident was still being handled (what it waited for, its
// new due time).
func TestExportsShowExtensionsAndDeferral(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "incident", "extensions.toml"), runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	must(t, s.Stamp("sato", "material"))
	thirty, err := runbook.ParseDuration("30d")
	must(t, err)
	must(t, s.ExtendDuty("sato", "file-8k", incident.Grant{Authority: "US Attorney General", Reference: "DOJ letter 7", Length: thirty}))
	clock.Set(s.State().Duty("final").Due.Add(time.Minute))
	must(t, s.Tick())
	clock.Advance(24 * time.Hour)
	must(t, s.Stamp("sato", "handled"))
	must(t, s.Detach())
	in := readInput(t, s.Dir())

	var md bytes.Buffer
	must(t, Markdown(&md, in, Options{Location: time.UTC}))
	for _, want := range []string{
		"extension 1: +30d granted by US Attorney General",
		"ref. DOJ letter 7",
		"fell due 2026-12-25 01:00:00 UTC while the incident was still being handled; waited for milestone:handled",
		"Due time extended: File the 8-K",
		"Fell due while still being handled: Final report",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("postmortem lacks %q", want)
		}
	}

	var js bytes.Buffer
	must(t, JSON(&js, in, Options{Location: time.UTC}))
	var doc struct {
		Duties []struct {
			ID         string          `json:"id"`
			Extensions []jsonExtension `json:"extensions"`
			Deferral   *jsonDeferral   `json:"deferral"`
		} `json:"duties"`
	}
	must(t, json.Unmarshal(js.Bytes(), &doc))
	for _, d := range doc.Duties {
		switch d.ID {
		case "file-8k":
			if len(d.Extensions) != 1 || d.Extensions[0].Authority != "US Attorney General" || d.Extensions[0].Step != 1 || d.Extensions[0].PreviousDue.IsZero() {
				t.Errorf("file-8k extensions %+v", d.Extensions)
			}
		case "final":
			if f := d.Deferral; f == nil || f.Until != "milestone:handled" || f.NewDue.IsZero() {
				t.Errorf("final deferral %+v", f)
			}
		case "notify-people":
			if d.Extensions != nil || d.Deferral != nil {
				t.Errorf("notify-people: %+v %+v; a duty nothing moved keeps the fields out", d.Extensions, d.Deferral)
			}
		}
	}

	var cs bytes.Buffer
	must(t, CSV(&cs, in, Options{Location: time.UTC, NoBOM: true}))
	for _, want := range []string{"duty.extended", "duty.deferred", "duty.reanchored"} {
		if !strings.Contains(cs.String(), want) {
			t.Errorf("CSV lacks %s", want)
		}
	}
}
