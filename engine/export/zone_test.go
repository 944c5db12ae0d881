package export

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// rfc3339 finds the timestamps an export writes for machines.
var rfc3339 = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})`)

// TestOneTimeZoneRule holds the exports to the rule docs/incidents.md
// states: every time an export writes is in the time zone of TZ (the
// export's Location) — the postmortem's, the CSV's time_local, the JSON's
// and Timesketch's RFC 3339 stamps and the sentences in them alike — the
// same instants whatever the zone; only the JSON's event data keep the
// offset they were recorded with, being the journal's records; the CSV
// also gives time_utc.
func TestOneTimeZoneRule(t *testing.T) {
	recorded := time.FixedZone("IST", 5*3600+1800) // where the responder was
	t0 := start.In(recorded)
	clock := testkit.NewClock(t0)
	s, err := incident.Open(shippedRunbook(t, "service-failure.toml"), incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	must(t, err)
	clock.Set(t0.Add(5 * time.Minute))
	must(t, s.Answer("sato", "symptom", "ransom"))
	clock.Set(t0.Add(10 * time.Minute))
	must(t, s.DutyDone("sato", "vendor-first-call", "phone", ""))
	dir := s.Dir()
	must(t, s.Detach())
	in := readInput(t, dir)

	newYork, err := time.LoadLocation("America/New_York")
	must(t, err)
	for _, c := range []struct {
		loc    *time.Location
		offset string
	}{{time.UTC, "Z"}, {jst, "+09:00"}, {newYork, "-05:00"}} {
		t.Run(c.loc.String(), func(t *testing.T) {
			opt := Options{Location: c.loc, NoBOM: true}
			var js, ts, cs, md bytes.Buffer
			must(t, JSON(&js, in, opt))
			must(t, Timesketch(&ts, in, opt))
			must(t, CSV(&cs, in, opt))
			must(t, Markdown(&md, in, opt))
			var doc map[string]any
			must(t, json.Unmarshal(js.Bytes(), &doc))
			if doc["version"] != float64(JSONVersion) {
				t.Errorf("the JSON export's version is %v; want %d", doc["version"], JSONVersion)
			}
			if opened, _ := time.Parse(time.RFC3339, doc["opened"].(string)); !opened.Equal(start) {
				t.Errorf("opened %v is not the instant %v", doc["opened"], start)
			}
			for _, ev := range doc["events"].([]any) {
				delete(ev.(map[string]any), "data") // the records as written
			}
			shown, err := json.Marshal(doc)
			must(t, err)
			csvTimes := ""
			for _, line := range strings.Split(strings.TrimSpace(cs.String()), "\n")[1:] {
				csvTimes += strings.Split(line, ",")[1] + " "
			}
			for name, out := range map[string]string{"json": string(shown), "timesketch": ts.String(), "csv time_local": csvTimes} {
				stamps := rfc3339.FindAllStringSubmatch(out, -1)
				if len(stamps) < 5 {
					t.Fatalf("%s: %d timestamps; the check would see nothing", name, len(stamps))
				}
				for _, m := range stamps {
					if m[1] != c.offset {
						t.Errorf("%s writes %s, not in %s (%s)", name, m[0], c.loc, c.offset)
						break
					}
				}
			}
			if c.loc == newYork && (!strings.Contains(md.String(), " EST") || !strings.Contains(js.String(), "2026-11-24 20:")) {
				t.Errorf("the postmortem or the JSON's sentences are not in New York time")
			}
		})
	}
}
