package runbook

import (
	"slices"
	"strings"
	"testing"
)

// TestFields: a duty's report fields load with their kinds and options,
// any duty's message may cite one, and each way of writing one wrongly is
// an error that says how to fix it.
func TestFields(t *testing.T) {
	t.Parallel()
	const report = `
[[duties]]
id = "ppc-report"
on = "milestone:pii-suspected"
who = "ic"
within = "3d"
legal = true
fields = [
  { id = "summary", label = "Summary", kind = "text", required = true },
  { id = "records", label = "People affected", kind = "number", required = true },
  { id = "found", label = "When it was found", kind = "date" },
  { id = "authorities", label = "Authorities told", kind = "list" },
  { id = "channel", label = "How people are told", kind = "choice", options = ["mail", "web"] },
  { id = "encrypted", label = "Was the data encrypted?", kind = "bool" },
]
`
	for _, tc := range []struct {
		name  string
		extra string
		want  string // a substring of the diagnostics; empty: none at all
	}{
		{name: "every kind loads", extra: report},
		{name: "another duty's message cites a field", extra: report + `
[[duties]]
id = "customer-notice"
on = "milestone:pii-suspected"
who = "ic"
within = "1d"
message = "{field.records} people may be affected."
`},
		{name: "a field id is unique in the runbook", extra: report + `
[[duties]]
id = "customer-notice"
on = "milestone:pii-suspected"
who = "ic"
within = "1d"
fields = [{ id = "records", label = "Records", kind = "number" }]
`, want: `duty "customer-notice" has field "records", which duty "ppc-report" already has`},
		{name: "options on a field that is no choice", extra: strings.Replace(report, `kind = "bool" }`, `kind = "bool", options = ["yes"] }`, 1),
			want: `has options but is of kind "bool"; only a choice has options`},
		{name: "a kind that does not exist", extra: strings.Replace(report, `kind = "date"`, `kind = "time"`, 1),
			want: `field "found" of duty "ppc-report" has unknown kind "time"; use one of "text", "number", "date", "list", "choice", "bool"`},
		{name: "a label is required", extra: strings.Replace(report, `label = "Summary", `, ``, 1),
			want: `field "summary" of duty "ppc-report" has no "label"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rb, got := loadV2(t, tc.extra)
			if tc.want == "" {
				if got != "" {
					t.Fatalf("diagnostics:\n%s", got)
				}
				d := rb.Duty("ppc-report")
				var kinds []string
				for _, f := range d.Fields {
					kinds = append(kinds, f.Kind)
				}
				if !slices.Equal(kinds, FieldKinds()) {
					t.Errorf("kinds %v, want %v", kinds, FieldKinds())
				}
				if f, owner := rb.Field("channel"); f == nil || owner != d || !slices.Equal(f.Options, []string{"mail", "web"}) || !d.Field("summary").Required {
					t.Errorf("channel = %+v of %v", f, owner)
				}
				return
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("diagnostics do not say %q:\n%s", tc.want, got)
			}
		})
	}
}
