package export

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// A runbook written to format version 1 loads, runs and exports exactly as
// it did before version 2 existed. testdata/export/v1/ holds the version 1
// cloud-service-outage as it was shipped before version 2 (commit e50deee),
// and the goldens under it were first written by that build. They have
// changed since only where every export changed on purpose (the CSV's byte
// order mark, one time-zone rule, the JSON's version, Japanese wording —
// see their commits), never because the runbook is read by a build that
// knows version 2.
func TestVersion1RunbookExportsUnchanged(t *testing.T) {
	rb, diags := runbook.LoadFS(os.DirFS("../../testdata/export/v1"), "cloud-service-outage.toml", runbook.Options{})
	if rb == nil || rb.Shodo != 1 {
		t.Fatalf("the version 1 fixture does not load as version 1: %v", diags)
	}
	home := t.TempDir()
	clock := testkit.NewClock(start)
	at := func(d time.Duration) { clock.Set(start.Add(d)) }
	s, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	at(5 * time.Minute)
	must(t, s.Answer("sato", "which", "saas"))
	at(10 * time.Minute)
	must(t, s.DutyDone("sato", "check-status", "", "Status page: degraded in Tokyo"))
	at(20 * time.Minute)
	must(t, s.DutyDone("sato", "business-notice", "portal", "Intranet notice: mail down, use chat and phones"))
	must(t, s.Answer("sato", "status-page", "incident-posted"))
	must(t, s.Answer("sato", "data-at-risk", "intact"))
	at(45 * time.Minute)
	must(t, s.Answer("suzuki", "tolerance", "wait"))
	at(3 * time.Hour)
	must(t, s.Tick())
	must(t, s.Stamp("sato", "service-restored"))
	must(t, s.Resolve("sato", start.Add(2*time.Hour+55*time.Minute)))
	at(3*time.Hour + 10*time.Minute)
	waiveRest(t, s, "sato", "follow-up tracked in OPS-2042")
	must(t, s.Close("sato", "Kumoji Mail outage, provider side; business told at once and updated hourly."))
	dir := s.Dir()
	must(t, s.Detach())

	in := readInput(t, dir)
	for _, c := range []struct{ format, lang, file string }{
		{"md", "en", "v1/postmortem.en.md"},
		{"md", "ja", "v1/postmortem.ja.md"},
		{"json", "en", "v1/incident.json"},
		{"csv", "en", "v1/timeline.csv"},
		{"timesketch", "en", "v1/timesketch.jsonl"},
	} {
		t.Run(c.file, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Write(&b, c.format, in, Options{Lang: c.lang, Location: jst}))
			golden(t, c.file, normalise(in, b.String()))
		})
	}
}

// A journal recorded before the shipped service-failure runbooks took their
// APPI duties from runbooks/regulations/appi.toml (ppc-preliminary,
// ppc-final, ppc-final-attack, notify-individuals) keeps opening and
// exporting exactly as before. The journal embeds every source file of the
// runbook it was opened on (incident.opened's sources), and Replay folds it
// on those, never on the runbooks shipped today: testdata/export/
// service-failure-2026.11/ is the journal TestScriptedIncidentExports wrote
// at commit 71f42ba, and its goldens are that build's exports, copied
// unchanged.
func TestJournalOfOldServiceFailureExportsUnchanged(t *testing.T) {
	const dir = "../../testdata/export/service-failure-2026.11"
	in := readInput(t, dir)
	st := in.State
	for _, id := range []string{"ppc-preliminary", "ppc-final", "ppc-final-attack", "notify-individuals"} {
		if d := st.Duty(id); d == nil || d.Status == incident.StatusIdle {
			t.Errorf("duty %s of the old runbook: %+v; want it started, as it was recorded", id, d)
		}
	}
	if d := st.Duty("ppc-final-attack"); d == nil || d.Status != incident.StatusDone || !d.OnTime() {
		t.Errorf("ppc-final-attack: %+v; want done on time", d)
	}
	if d := st.Duty("appi-final"); d != nil {
		t.Errorf("the old journal grew a duty of today's runbook: %+v", d)
	}
	for _, c := range []struct{ format, lang, file string }{
		{"md", "en", "postmortem.en.md"},
		{"md", "ja", "postmortem.ja.md"},
		{"json", "en", "incident.json"},
		{"csv", "en", "timeline.csv"},
		{"timesketch", "en", "timesketch.jsonl"},
	} {
		t.Run(c.file, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Write(&b, c.format, in, Options{Lang: c.lang, Location: jst}))
			golden(t, "service-failure-2026.11/"+c.file, normalise(in, b.String()))
		})
	}
}
