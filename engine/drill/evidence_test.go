package drill

import (
	"strings"
	"testing"

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
			sc, diags := Parse("inline.toml", []byte(tc.edit(evidenceScenario)), fixtureResolver(t, "evidence.toml"))
			if sc == nil {
				t.Fatal(diags)
			}
			res := runScenario(t, sc)
			got := strings.Join(brief(res.Failures), "\n")
			if len(tc.want) == 0 && got != "" {
				t.Fatalf("failures:\n%s", got)
			}
			rest := got
			for _, w := range tc.want {
				k := strings.Index(rest, w)
				if k < 0 {
					t.Fatalf("failures:\n%s\nwant %q in them, in order", got, w)
				}
				rest = rest[k+len(w):]
			}
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
