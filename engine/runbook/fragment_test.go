package runbook

import (
	"strings"
	"testing"
	"testing/fstest"
)

// regimeFragment is a small regulation fragment: its own milestone, its
// authority and one legal duty whose `who` is a role the includer defines.
const regimeFragment = `shodo = 2
title = "GDPR Art. 33"
source = "https://eur-lex.europa.eu/eli/reg/2016/679/oj Art. 33"
reviewed = 2026-11-20

[parties.dpa]
title = "Supervisory authority"
kind = "authority"
means = [ { by = "portal", to = "https://dpa.example/" } ]

[milestones.gdpr-aware]
title = "Became aware of a personal data breach"
kind = "aware"
source = "GDPR Art. 33(1)"

[[duties]]
id = "gdpr-72h"
title = "Notify the supervisory authority"
legal = true
on = "milestone:gdpr-aware"
who = "ic"
contacts = "dpa"
by = ["portal"]
within = "72h"
source = "GDPR Art. 33(1)"
`

// includer is v2Base including gdpr.toml, with its own duty and an answer
// that stamps the fragment's milestone.
func includer(extra string) string {
	base := strings.Replace(v2Base, `reviewed = 2026-11-01`, `reviewed = 2026-11-01
include = ["gdpr.toml"]`, 1)
	return strings.Replace(base, `stamp = ["pii-suspected"]`, `stamp = ["pii-suspected", "gdpr-aware"]`, 1) + `
[[duties]]
id = "call-csirt"
on = "opened"
who = "ic"
within = "1h"
` + extra
}

// TestFragmentDuties: a version 2 fragment holds duties that bind to the
// includer through the milestones the fragment declares, come after the
// runbook's own duties, and are checked in the merged runbook at the
// fragment's own lines.
func TestFragmentDuties(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		runbook  string
		fragment string
		want     string // a substring of the diagnostics; empty: none at all
	}{
		{name: "fragment duty binds to the includer", runbook: includer(""), fragment: regimeFragment},
		{name: "same duty id in both files names both", runbook: includer(`
[[duties]]
id = "gdpr-72h"
on = "opened"
who = "ic"
within = "1h"
`), fragment: regimeFragment, want: "gdpr.toml:17:1: error: duty \"gdpr-72h\" is already defined at runbook.toml:"},
		{name: "version 1 fragment may not hold duties", runbook: includer(""),
			fragment: strings.Replace(regimeFragment, "shodo = 2", "shodo = 1", 1), want: "gdpr.toml:16:1: error: \"duties\" is new in format version 2"},
		{name: "who must be defined by the includer", runbook: includer(""),
			fragment: strings.Replace(regimeFragment, `who = "ic"`, `who = "dpo"`, 1), want: "gdpr.toml:21:1: error: duty \"gdpr-72h\": who = \"dpo\" is not a role or party"},
		{name: "a trigger the merged runbook lacks is reported in the fragment", runbook: includer(""),
			fragment: strings.Replace(regimeFragment, `on = "milestone:gdpr-aware"`, `on = "milestone:gdpr-awar"`, 1), want: "gdpr.toml:20:1: error: duty \"gdpr-72h\": trigger \"milestone:gdpr-awar\" names unknown milestone"},
		{name: "stale review warns", runbook: includer(""),
			fragment: strings.Replace(regimeFragment, "reviewed = 2026-11-20", "reviewed = 2025-06-01", 1), want: "gdpr.toml:4:1: warning: gdpr.toml was last reviewed 2025-06-01, 542 days ago"},
		{name: "no review date on legal duties warns", runbook: includer(""),
			fragment: strings.Replace(regimeFragment, "reviewed = 2026-11-20\n", "", 1), want: "gdpr.toml:1:1: warning: gdpr.toml holds legal duties but no reviewed date"},
		{name: "unknown status", runbook: includer(""),
			fragment: strings.Replace(regimeFragment, "reviewed = 2026-11-20", "reviewed = 2026-11-20\nstatus = \"pendng\"", 1), want: "gdpr.toml:5:1: error: status = \"pendng\" is not a status of an included file (did you mean \"pending\"?)"},
		{name: "unknown clock-start kind", runbook: includer(""),
			fragment: strings.Replace(regimeFragment, `kind = "aware"`, `kind = "awre"`, 1), want: "gdpr.toml:13:1: error: milestone \"gdpr-aware\" has unknown kind \"awre\" (did you mean \"aware\"?)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rb, diags := LoadSources([]Source{{Path: "runbook.toml", Text: tc.runbook}, {Path: "gdpr.toml", Text: tc.fragment}}, Options{Now: testNow})
			got := render(diags, "")
			if tc.want == "" {
				if got != "" || rb == nil {
					t.Fatalf("want a clean load, got:\n%s", got)
				}
				return
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("want %q in:\n%s", tc.want, got)
			}
		})
	}
}

// TestFragmentDutyOrderAndMetadata: the runbook's own duties lead, the
// fragment's follow with their fragment, source and the milestone's kind.
func TestFragmentDutyOrderAndMetadata(t *testing.T) {
	t.Parallel()
	pending := strings.Replace(regimeFragment, "reviewed = 2026-11-20", "reviewed = 2026-11-20\nstatus = \"pending\"", 1)
	rb, diags := LoadSources([]Source{{Path: "runbook.toml", Text: includer("")}, {Path: "gdpr.toml", Text: pending}}, Options{Now: testNow})
	if rb == nil {
		t.Fatalf("load: %s", render(diags, ""))
	}
	var order []string
	for _, d := range rb.Duties {
		order = append(order, d.ID)
	}
	if got := strings.Join(order, " "); got != "call-csirt gdpr-72h" {
		t.Fatalf("duty order %q, want the runbook's own first", got)
	}
	d := rb.Duty("gdpr-72h")
	if d.Fragment == nil || d.Fragment.Path != "gdpr.toml" || !d.Fragment.Pending() || d.Fragment.Title != "GDPR Art. 33" {
		t.Fatalf("fragment of the included duty: %+v", d.Fragment)
	}
	if d.Source != "GDPR Art. 33(1)" || rb.Milestone("gdpr-aware").Kind != StartAware {
		t.Fatalf("source %q, milestone kind %q", d.Source, rb.Milestone("gdpr-aware").Kind)
	}
	if rb.Duty("call-csirt").Fragment != nil {
		t.Fatal("the runbook's own duty has a fragment")
	}
	if len(rb.Fragments) != 1 || rb.Fragments[0].Source == "" {
		t.Fatalf("fragments: %+v", rb.Fragments)
	}
}

// TestFragmentCheckedAlone: `shodo validate` on a directory checks a
// regulation fragment on its own too, and warns when its review is stale
// (so `--strict` fails), without asking for what an includer defines.
func TestFragmentCheckedAlone(t *testing.T) {
	t.Parallel()
	stale := strings.Replace(regimeFragment, "reviewed = 2026-11-20", "reviewed = 2025-06-01", 1)
	set := LoadSetFS(fstest.MapFS{"gdpr.toml": {Data: []byte(stale)}}, Options{Now: testNow})
	if len(set.Fragments) != 1 || len(set.Runbooks) != 0 {
		t.Fatalf("fragments %v, runbooks %d", set.Fragments, len(set.Runbooks))
	}
	got := render(set.Diagnostics, "")
	want := "gdpr.toml:4:1: warning: gdpr.toml was last reviewed 2025-06-01, 542 days ago; have counsel check its clocks against the law as it stands now, then update reviewed\n"
	if got != want {
		t.Fatalf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}
