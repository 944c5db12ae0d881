package runbook

import (
	"strings"
	"testing"
)

// v2Base is a small format version 2 runbook the tests of version 2's keys
// add to: parties, duties and verdicts are appended where the test needs
// them (TOML tables may come in any order).
const v2Base = `shodo = 2
id = "mini"
title = "Minimal"
reviewed = 2026-11-01

[roles.ic]
title = "Incident commander"
assignee = "IT systems manager"

[milestones.pii-suspected]
title = "Became aware that personal data may have leaked"

[triage]
start = "symptom"

[triage.nodes.symptom]
ask = "What was reported?"
options = [
  { id = "down", label = "Service down", verdict = "fault" },
  { id = "ransom", label = "Ransom note", verdict = "ransomware", stamp = ["pii-suspected"] },
]

[verdicts.ransomware]
title = "Ransomware"
security = true

[verdicts.fault]
title = "Ordinary fault"
security = false
`

// loadV2 loads v2Base with extra appended, and returns the runbook and its
// diagnostics rendered one a line.
func loadV2(t *testing.T, extra string) (*Runbook, string) {
	t.Helper()
	rb, diags := LoadSources([]Source{{Path: "runbook.toml", Text: v2Base + extra}}, Options{Now: testNow})
	return rb, render(diags, "")
}

// TestHonestParties: a version 2 runbook may say that nobody knows whether
// the security vendor's NDA is signed, and name an insurer, a regulator
// and the police; each kind gets the lint it deserves and nothing more.
func TestHonestParties(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		extra string
		want  string // a substring of the diagnostics; empty: none at all
	}{
		{name: "nda unknown asks for no claim", extra: `
[parties.shield]
title = "Shield"
kind = "security-vendor"
contract = { nda = "unknown" }
means = [ { by = "phone", to = "1" } ]

[[duties]]
id = "call-shield"
on = "security"
who = "ic"
contacts = "shield"
within = "2h"
`},
		{name: "nda false still warns", extra: `
[parties.shield]
title = "Shield"
kind = "security-vendor"
contract = { nda = false }
means = [ { by = "phone", to = "1" } ]

[[duties]]
id = "call-shield"
on = "security"
who = "ic"
contacts = "shield"
within = "2h"
`, want: "no nda = true"},
		{name: "a legal report to a regulator", extra: `
[parties.ppc]
title = "PPC"
kind = "regulator"

[[duties]]
id = "ppc"
on = "milestone:pii-suspected"
who = "ic"
contacts = "ppc"
within = "5d"
legal = true
`},
		{name: "police and an insurer with a policy", extra: `
[parties.police]
title = "Cybercrime unit"
kind = "police"

[parties.insurer]
title = "Cyber insurer"
kind = "insurer"
contract = { ref = "CY-123" }

[[duties]]
id = "police"
on = "security"
who = "ic"
contacts = "police"
within = "1d"

[[duties]]
id = "insurer"
on = "security"
who = "ic"
contacts = "insurer"
within = "1d"
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rb, got := loadV2(t, tc.extra)
			if rb == nil {
				t.Fatalf("not loaded:\n%s", got)
			}
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("diagnostics:\n%s\nwant %q", got, tc.want)
			}
		})
	}
}

// {milestone.<id>} is checked in a version 2 runbook and stays text in a
// version 1 one, as it always was.
func TestFamilyPlaceholders(t *testing.T) {
	t.Parallel()
	duty := func(message string) string {
		return "\n[[duties]]\nid = \"notify\"\non = \"opened\"\nwho = \"ic\"\nwithin = \"1d\"\nmessage = \"" + message + "\"\n"
	}
	for _, tc := range []struct {
		name, format, message, want string
	}{
		{"a known milestone", "2", "aware at {milestone.pii-suspected}", ""},
		{"an unknown milestone", "2", "aware at {milestone.pii}", `unknown milestone "pii"; known: "pii-suspected"`},
		{"an unknown family", "2", "aware at {milstone.pii-suspected}", "did you mean {milestone.pii-suspected}?"},
		{"version 1 reads it as text", "1", "aware at {milestone.nothing}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := strings.Replace(v2Base, "shodo = 2", "shodo = "+tc.format, 1) + duty(tc.message)
			rb, diags := LoadSources([]Source{{Path: "runbook.toml", Text: src}}, Options{Now: testNow})
			got := render(diags, "")
			if tc.want == "" && (got != "" || rb == nil) || !strings.Contains(got, tc.want) {
				t.Errorf("diagnostics:\n%s\nwant %q", got, tc.want)
			}
		})
	}
}
