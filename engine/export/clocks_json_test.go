package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// The JSON export gives, for every duty, what docs/incidents.md promises:
// its trigger, claimed and recorded times, due time (RFC 3339 with an
// offset), not_after bound, target, asap, paused spans, restarts,
// withdrawals and the instances of a recurring duty. The incident is the
// DORA example, opened 20 hours after the team became aware, with every
// act on a clock the responder has; its export is a golden file.
func TestJSONExportClocks(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile("../../docs/examples/dora-major-incident.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	cet := time.FixedZone("CET", 3600)
	t0 := start.In(cet)
	clock := testkit.NewClock(t0)
	at := func(d time.Duration) { clock.Set(t0.Add(d)) }
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "weber", Clock: clock,
		ID: "INC-20261125-D0A1", UUID: "019a0000-0000-7000-8000-00000000d0a1", Since: t0.Add(-20 * time.Hour)})
	must(t, err)
	at(30 * time.Minute)
	must(t, s.DutyDone("weber", "classify", "", "Payments down for 12% of clients: major."))
	at(time.Hour)
	must(t, s.Answer("weber", "criteria", "major"))
	at(70 * time.Minute)
	must(t, s.Revise("weber", "criteria")) // withdraws the duties the verdict started ...
	at(80 * time.Minute)
	must(t, s.Answer("weber", "criteria", "major")) // ... which come back with their clocks
	at(90 * time.Minute)
	must(t, s.PauseDuty("weber", "initial-notification", "The supervisor's portal is down; their hotline says wait"))
	at(2 * time.Hour)
	must(t, s.ResumeDuty("weber", "initial-notification", "Portal back"))
	at(150 * time.Minute)
	must(t, s.RestartDuty("weber", "client-updates", "The first update went to the wrong list"))
	at(3 * time.Hour)
	must(t, s.DutyDone("weber", "initial-notification", "portal", ""))
	at(4 * time.Hour)
	must(t, s.DutyDone("weber", "client-updates", "web", ""))
	at(15 * time.Hour)
	must(t, s.Tick())
	at(16 * time.Hour)
	must(t, s.StampAt("weber", "service-restored", t0.Add(15*time.Hour+30*time.Minute)))
	dir := s.Dir()
	must(t, s.Detach())
	in := readInput(t, dir)

	var out bytes.Buffer
	must(t, Write(&out, "json", in, Options{Lang: "en", Location: cet}))
	js := out.String()
	var x struct {
		Happened string           `json:"happened"`
		Duties   []map[string]any `json:"duties"`
	}
	must(t, json.Unmarshal([]byte(js[:strings.Index(js, `,
  "events"`)]+"}"), &x))
	duties := map[string]map[string]any{}
	for _, d := range x.Duties {
		duties[d["id"].(string)] = d
	}
	if x.Happened != "2026-11-24T06:00:00+01:00" {
		t.Errorf("happened %q", x.Happened)
	}
	for _, c := range []struct{ duty, field string }{
		{"classify", "trigger"}, {"classify", "started"}, {"classify", "recorded"}, {"classify", "asap"}, {"classify", "target"},
		{"initial-notification", "due"}, {"initial-notification", "bound"}, {"initial-notification", "pauses"},
		{"initial-notification", "withdrawals"}, {"client-updates", "instances"},
		{"client-updates", "instance"},
	} {
		if _, ok := duties[c.duty][c.field]; !ok {
			t.Errorf("%s has no %q: %v", c.duty, c.field, duties[c.duty])
		}
	}
	// The 24 hours from awareness end before the 4 hours from the
	// classification, and no pause moves them: "never later than 24 h".
	if got := duties["initial-notification"]["due"]; got != "2026-11-25T06:00:00+01:00" {
		t.Errorf("initial-notification due %v, want 24h after awareness, the 30m pause notwithstanding", got)
	}
	// The restart of the first update stays with that occurrence.
	if first := duties["client-updates"]["instances"].([]any)[0].(map[string]any); first["restarts"] == nil {
		t.Errorf("client-updates #1 lost its restart: %v", first)
	}
	golden(t, "clocks.json", normalise(in, js))
}
