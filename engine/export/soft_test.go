package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// A duty with no hard due time (notify-individuals: asap, target 1 week)
// never shows a zero time in any format, and is scored against its
// target; a clock counted from claimed awareness says so. Played on
// cloud-service-outage, whose APPI duties are its own and keep the team's
// one-week target (service-failure's come from regulations/appi.toml,
// which has none: the law says only "promptly").
func TestSoftDeadlinesAndAnchorsExport(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(runbooks.FS, "cloud-service-outage.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	clock.Advance(3 * time.Hour)
	must(t, s.StampAt("sato", "pii-suspected", start.Add(time.Hour)))
	clock.Advance(time.Hour)
	must(t, s.Stamp("sato", "pii-leak-by-attack"))
	clock.Advance(8 * 24 * time.Hour)
	must(t, s.DutyDone("sato", "notify-individuals", "email", ""))
	dir := s.Dir()
	must(t, s.Detach())
	in := readInput(t, dir)

	d := in.State.Duty("notify-individuals")
	if got := dutyStatus(i18n.New(i18n.English), in.State, d); got != "done 1d3h after its target" {
		t.Errorf("notify-individuals: %q", got)
	}
	outputs := map[string]string{}
	for _, f := range []string{"md", "json", "csv", "timesketch"} {
		var b bytes.Buffer
		must(t, Write(&b, f, in, Options{Lang: "en", Location: jst}))
		outputs[f] = b.String()
		if strings.Contains(b.String(), "0001-01-01") {
			t.Errorf("%s shows a zero time:\n%s", f, b.String())
		}
	}
	for _, want := range []string{
		"| as soon as possible (target 2026-12-02 11:00:00 JST) | 2026-12-03 14:00:00 JST | done 1d3h after its target |",
		"counted from milestone:pii-suspected, 2026-11-25 11:00:00 JST (claimed; recorded 2026-11-25 13:00:00 JST)",
		"Duty started: Notify the people affected, as soon as possible (target 2026-12-02 11:00).",
	} {
		if !strings.Contains(outputs["md"], want) {
			t.Errorf("the postmortem lacks %q:\n%s", want, outputs["md"])
		}
	}
	var x struct {
		Duties []map[string]any `json:"duties"`
	}
	must(t, json.Unmarshal([]byte(outputs["json"][:strings.Index(outputs["json"], `,
  "events"`)]+"}"), &x))
	for _, jd := range x.Duties {
		switch jd["id"] {
		case "notify-individuals":
			if _, ok := jd["due"]; ok || jd["asap"] != true || jd["target"] != "2026-12-02T11:00:00+09:00" {
				t.Errorf("notify-individuals: %v", jd)
			}
		case "ppc-final-attack":
			if jd["anchor"] != "milestone:pii-suspected" || jd["anchored"] != "2026-11-25T11:00:00+09:00" || jd["anchor_recorded"] != "2026-11-25T13:00:00+09:00" {
				t.Errorf("ppc-final-attack: %v", jd)
			}
		}
	}
}

// A recurring duty's occurrences are in the postmortem's clock history
// and the JSON export's `instances`.
func TestRecurringDutyExport(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile("../../testdata/incident/clocks.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	clock.Advance(time.Hour)
	must(t, s.DutyDone("sato", "status-update", "", ""))
	clock.Set(start.Add(9 * time.Hour))
	must(t, s.Tick())
	clock.Set(start.Add(13 * time.Hour))
	must(t, s.Stamp("sato", "resolved"))
	dir := s.Dir()
	must(t, s.Detach())
	in := readInput(t, dir)

	var md, js bytes.Buffer
	must(t, Write(&md, "md", in, Options{Lang: "en", Location: jst}))
	must(t, Write(&js, "json", in, Options{Lang: "en", Location: jst}))
	for _, want := range []string{
		"- **Status update**: #1 due 2026-11-25 14:00:00 JST: done on time; #2 due 2026-11-25 18:00:00 JST: OVERDUE; #3 due 2026-11-25 22:00:00 JST: OVERDUE",
		"Next occurrence of Status update (#4), due 2026-11-26 02:00.",
		`Stopped: Status update, as the milestone "Service restored" holds; no further occurrence.`,
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the postmortem lacks %q:\n%s", want, md.String())
		}
	}
	var x struct {
		Duties []struct {
			ID        string           `json:"id"`
			Instance  int              `json:"instance"`
			Instances []map[string]any `json:"instances"`
		} `json:"duties"`
	}
	must(t, json.Unmarshal([]byte(js.String()[:strings.Index(js.String(), `,
  "events"`)]+"}"), &x))
	for _, d := range x.Duties {
		if d.ID == "status-update" && (d.Instance != 4 || len(d.Instances) != 3 || d.Instances[0]["status"] != "done") {
			t.Errorf("status-update: %+v", d)
		}
	}
}
