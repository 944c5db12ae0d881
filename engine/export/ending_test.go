package export

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// endedIncidents opens two incidents on the shipped runbook with fixed
// ids: a monitoring false alarm, closed as one after a first answer, and
// a second report of it, closed as its duplicate. It returns their
// directories.
func endedIncidents(t *testing.T) (falseAlarm, duplicate string) {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	home := t.TempDir()
	clock := testkit.NewClock(start)
	a, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock, Title: "Checkout probe: every purchase fails",
		ID: "INC-20261125-A1A1", UUID: "0193a7c0-0000-7000-8000-0000000000a1"})
	must(t, err)
	clock.Advance(2 * time.Minute)
	must(t, a.Answer("sato", "symptom", "outage"))
	clock.Advance(6 * time.Minute)
	must(t, a.End("sato", incident.EndFalseAlarm, "", "The synthetic probe used an expired certificate; real orders went through all along."))

	clock.Advance(time.Minute)
	b, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "ito", Clock: clock,
		ID: "INC-20261125-B2B2", UUID: "0193a7c0-0000-7000-8000-0000000000b2"})
	must(t, err)
	clock.Advance(time.Minute)
	must(t, b.End("ito", incident.EndDuplicate, "inc-20261125-a1", "The service desk opened the same alert again."))
	return a.Dir(), b.Dir()
}

// The "done when": a linked pair exported with its links, each
// side naming the other with its own kind.
func TestLinkedPairExports(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	home := t.TempDir()
	clock := testkit.NewClock(start)
	a, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock, Title: "VPN advisory JVNVU#0000",
		ID: "INC-20261125-C3C3", UUID: "0193a7c0-0000-7000-8000-0000000000c3"})
	must(t, err)
	b, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock, Title: "Investigate the VPN gateways",
		ID: "INC-20261125-D4D4", UUID: "0193a7c0-0000-7000-8000-0000000000d4"})
	must(t, err)
	must(t, b.Detach())
	clock.Advance(3 * time.Minute)
	res, err := incident.LinkBoth(a, "sato", incident.LinkSpawned, "INC-20261125-D4D4", clock)
	must(t, err)
	if res.OtherPending {
		t.Fatalf("link: %+v", res)
	}
	must(t, a.Detach())
	for dir, c := range map[string]struct{ file, md, js string }{
		a.Dir(): {"links/spawned.md", "| Linked | spawned INC-20261125-D4D4 · 2026-11-25 10:03:00 JST · sato |", `"kind": "spawned"`},
		b.Dir(): {"links/spawned-from.md", "| Linked | spawned from INC-20261125-C3C3 · 2026-11-25 10:03:00 JST · sato |", `"kind": "spawned-from"`},
	} {
		in := readInput(t, dir)
		var md, js, csv bytes.Buffer
		must(t, Markdown(&md, in, Options{Location: jst}))
		must(t, JSON(&js, in, Options{Location: jst}))
		must(t, CSV(&csv, in, Options{Location: jst}))
		golden(t, c.file, normalise(in, md.String()))
		if !strings.Contains(md.String(), c.md) || !strings.Contains(js.String(), c.js) || !strings.Contains(csv.String(), "incident.linked") {
			t.Errorf("%s: the exports lack the link %q / %s", filepath.Base(dir), c.md, c.js)
		}
	}
}

// Every export of an incident that was none says how it ended and why,
// and that its duties were withdrawn by the ending, neither done nor
// waived.
func TestExportsSayHowAnIncidentEnded(t *testing.T) {
	t.Parallel()
	fa, dup := endedIncidents(t)
	in := readInput(t, fa)
	for _, c := range []struct{ format, lang, file string }{
		{"md", "en", "ending/postmortem.en.md"},
		{"md", "ja", "ending/postmortem.ja.md"},
		{"json", "en", "ending/incident.json"},
		{"csv", "en", "ending/timeline.csv"},
		{"timesketch", "en", "ending/timesketch.jsonl"},
	} {
		t.Run(c.file, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Write(&b, c.format, in, Options{Lang: c.lang, Location: jst}))
			golden(t, c.file, normalise(in, b.String()))
		})
	}

	var md, js bytes.Buffer
	din := readInput(t, dup)
	must(t, Markdown(&md, din, Options{Location: jst}))
	must(t, JSON(&js, din, Options{Location: jst}))
	for _, want := range []string{
		"_draft · closed: duplicate of INC-20261125-A1A1_",
		"| Ended as | duplicate of INC-20261125-A1A1 |",
		"**This was no incident: duplicate of INC-20261125-A1A1.** The reason given:",
		"Closed as a duplicate of INC-20261125-A1A1. Reason: The service desk opened the same alert again.",
		"withdrawn: duplicate of INC-20261125-A1A1",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("postmortem of the duplicate lacks %q", want)
		}
	}
	if want := `"ending": {
    "code": "duplicate",
    "of": "INC-20261125-A1A1",`; !strings.Contains(js.String(), want) {
		t.Errorf("JSON of the duplicate lacks %s", want)
	}
}

// A drill's postmortem is marked DRILL before its title, in every
// language, so that an exercise's document never passes for an incident's.
func TestDrillMarkedInTheTitle(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock, Wall: clock, Title: "Probe at 03:10",
		Drill: &incident.DrillInfo{Scenario: "probe-false-alarm", Title: "Tuesday 03:10", Speed: 60}})
	must(t, err)
	must(t, s.Detach())
	in := readInput(t, s.Dir())
	for lang, want := range map[string]string{"en": "# Postmortem: DRILL Probe at 03:10 — ", "ja": "# ポストモーテム：訓練 Probe at 03:10 — "} {
		var md bytes.Buffer
		must(t, Markdown(&md, in, Options{Lang: lang, Location: jst}))
		if !strings.HasPrefix(md.String(), want) {
			t.Errorf("%s: %q", lang, strings.SplitN(md.String(), "\n", 2)[0])
		}
	}
}
