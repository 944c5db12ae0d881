package drill

import (
	"strings"
	"testing"
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
