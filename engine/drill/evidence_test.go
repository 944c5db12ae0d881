package drill

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

const evidenceScenario = `shodo = 2
id = "evidence"
title = "Keep the evidence"
runbook = "evidence"

[[injects]]
at = "0m"
text = "Ransom note on the file server."

[expect]
verdict = "ransomware"
registered = ["memory-image", "firewall-logs"]

[[steps]]
at = "2m"
answer = "symptom/ransom"

[[steps]]
at = "20m"
register = "Memory image of fs01"
evidence = "memory-image"
where = "Evidence locker B, bag 17"
sha256 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
size = 17179869184
collector = "Kondo (Asagi)"
happened = "15m"

[[steps]]
at = "25m"
register = "Firewall logs, last 7 days"
evidence = "firewall-logs"
where = "Share //evidence/fw"

[[steps]]
at = "40m"
transfer = "E1"
to = "Kazamidori Security"
how = "In person, sealed bag 17"
reason = "Forensic analysis"
where = "Kazamidori lab safe 2"
`

// A scenario scripts registrations and a hand-over, and expect.registered
// checks that each listed entry has an artefact at the end.
func TestEvidenceSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{name: "both entries registered, the image handed over", edit: func(s string) string { return s }},
		{name: "the logs never registered: expect.registered fails",
			edit: func(s string) string {
				return strings.Replace(s, "evidence = \"firewall-logs\"\n", "", 1)
			},
			want: []string{"not-registered Evidence=firewall-logs"}},
		{name: "a hand-over by someone who does not hold it is refused",
			edit: func(s string) string { return s + "from = \"Yamada\"\n" },
			want: []string{"step-refused Step=4 At=T+40m", "evidence is not held by the giver"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantFailuresInOrder(t, playInline(t, tc.edit(evidenceScenario), "evidence.toml"), tc.want)
		})
	}
}

// A required evidence entry that no scenario of its runbook registers is a
// warning at the entry; one register step naming it in any scenario is
// enough, and entries that are not required are never warned about.
func TestUnpractisedEvidence(t *testing.T) {
	t.Parallel()
	parse := func(src string) *Scenario {
		t.Helper()
		sc, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "evidence.toml"))
		if sc == nil {
			t.Fatal(diags)
		}
		return sc
	}
	practised := parse(evidenceScenario)
	noLogs := parse(strings.Replace(evidenceScenario, "evidence = \"firewall-logs\"\n", "", 1))
	idle := parse(strings.Split(evidenceScenario, "\n[[steps]]\nat = \"20m\"")[0])
	rb := practised.Runbook
	for _, tc := range []struct {
		name      string
		scenarios []*Scenario
		want      []string
	}{
		{name: "both required entries registered", scenarios: []*Scenario{practised}},
		{name: "one scenario of several registering is enough", scenarios: []*Scenario{idle, noLogs, practised}},
		{name: "the logs registered without naming their entry", scenarios: []*Scenario{noLogs},
			want: []string{`evidence.toml:30:3: warning: evidence "firewall-logs" of duty "preserve-evidence" is required and no drill registers it: add a register step with evidence = "firewall-logs" to a scenario of this runbook`}},
		{name: "nothing registered: every required entry, none of the optional ones", scenarios: []*Scenario{idle},
			want: []string{`evidence.toml:29:3: warning: evidence "memory-image" of duty "preserve-evidence" is required`, `evidence.toml:30:3: warning: evidence "firewall-logs"`}},
		{name: "no scenario at all", scenarios: nil,
			want: []string{`"memory-image"`, `"firewall-logs"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := UnpractisedEvidence(rb, tc.scenarios)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d warnings, want %d:\n%v", len(got), len(tc.want), got)
			}
			for i, d := range got {
				if d.Severity != runbook.Warning || d.Code != "evidence-unpractised" || !strings.Contains(d.String(), tc.want[i]) {
					t.Errorf("warning %d: %s (%s, %v)\nwant it to contain %s", i, d, d.Code, d.Severity, tc.want[i])
				}
			}
		})
	}
}

// A check step records an artefact checked again: a hash that matches,
// one that does not (a finding, not a refusal: the step passes) and an
// artefact found missing; the journal holds each as the TUI's v would.
func TestCheckSteps(t *testing.T) {
	t.Parallel()
	src := evidenceScenario + `
[[steps]]
at = "50m"
check = "E1"
sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
where = "Kazamidori lab safe 2"

[[steps]]
at = "55m"
check = "E1"
sha256 = "` + strings.Repeat("00", 32) + `"

[[steps]]
at = "1h"
check = "E2"
missing = true
where = "Share //evidence/fw"
`
	sc, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "evidence.toml"))
	if sc == nil {
		t.Fatal(diags)
	}
	res, err := Run(sc, RunOptions{Home: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed() {
		t.Fatalf("failures: %v", brief(res.Failures))
	}
	s, err := incident.Resume(res.Dir, incident.ResumeOptions{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Detach() })
	st := s.State()
	e1, e2 := st.Artefact("E1"), st.Artefact("E2")
	if len(e1.Checks) != 2 || !e1.Checks[0].Match || e1.Checks[0].Where != "Kazamidori lab safe 2" || e1.Checks[1].Match || e1.Checks[1].Missing {
		t.Errorf("E1 checks %+v, want a match at the lab then a mismatch", e1.Checks)
	}
	if k, ok := e2.LastCheck(); !ok || !k.Missing || k.Where != "Share //evidence/fw" {
		t.Errorf("E2 check %+v, want missing at the share", k)
	}
}

// A check step says what it found, once, about an artefact registered
// before it; anything else is an error where the scenario says it.
func TestCheckStepErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, step, want string
	}{
		{"neither a hash nor missing", "check = \"E1\"\n",
			`step 5 has no "sha256"; add it, e.g. sha256 = "<the 64 hex digits sha256sum prints now>" (or missing = true when the file is gone)`},
		{"both a hash and missing", "check = \"E1\"\nmissing = true\nsha256 = \"" + strings.Repeat("ab", 32) + "\"\n",
			"step 5: a check finds either a hash (sha256) or nothing (missing = true), not both"},
		{"a hash cut short", "check = \"E1\"\nsha256 = \"9f86d081\"\n",
			`step 5: sha256 = "9f86d081" has 8 characters`},
		{"an artefact no step registered", "check = \"E3\"\nmissing = true\n",
			`step 5: check = "E3" names no artefact an earlier step registered (2 so far)`},
		{"missing on another action", "note = \"looked\"\nmissing = true\n",
			`"missing"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := evidenceScenario + "\n[[steps]]\nat = \"50m\"\n" + tc.step
			_, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "evidence.toml"))
			if got := fmt.Sprint(diags); !strings.Contains(got, tc.want) {
				t.Errorf("diagnostics do not say %q:\n%s", tc.want, got)
			}
		})
	}
	// A check is new in format version 2.
	v1 := strings.Replace(evidenceScenario, "shodo = 2", "shodo = 1", 1) + "\n[[steps]]\nat = \"50m\"\ncheck = \"E1\"\nmissing = true\n"
	_, diags := Parse("inline.toml", []byte(v1), fixtureResolver(t, "evidence.toml"))
	if got := fmt.Sprint(diags); !strings.Contains(got, `"check"`) || !strings.Contains(got, "version 2") {
		t.Errorf("a check in version 1 is not refused for its version:\n%s", got)
	}
}
