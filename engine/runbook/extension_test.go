package runbook

import (
	"strings"
	"testing"
)

// TestExtensionsAndIfOngoing: a duty declares the delays its law allows
// and what becomes of it when it falls due while the incident is still
// being handled; each mistake gets a file:line:col diagnostic that says how
// to fix it, and a version 1 file refuses both keys.
func TestExtensionsAndIfOngoing(t *testing.T) {
	t.Parallel()
	const good = `
[[duties]]
id = "file-8k"
on = "milestone:pii-suspected"
who = "ic"
within = "4d"
extensions = [
  { by = "US Attorney General", up_to = "30d", source = "Item 1.05(c)" },
  { by = "US Attorney General", up_to = "30d" },
  { by = "US Attorney General", up_to = "60d", requires = "extraordinary circumstances: national security" },
]

[[duties]]
id = "final"
on = "milestone:pii-suspected"
who = "ic"
within = "1mo"
if_ongoing = { until = "milestone:handled", within = "1mo" }

[[duties]]
id = "progress"
on = "ongoing:final"
who = "ic"
asap = true

[milestones.handled]
title = "Handling ended"
`
	for _, tc := range []struct {
		name, extra string
		want        string // a substring of the diagnostics; empty: none
	}{
		{name: "valid", extra: good},
		{name: "no due time to move", extra: `
[[duties]]
id = "asap-one"
on = "opened"
who = "ic"
asap = true
extensions = [ { by = "AG", up_to = "30d" } ]
`, want: `duty "asap-one": extensions moves a due time, but the duty has none to move`},
		{name: "step without by", extra: `
[[duties]]
id = "x"
on = "opened"
who = "ic"
within = "1d"
extensions = [ { up_to = "30d" } ]
`, want: `extension 1 of duty "x" has no "by"`},
		{name: "bad up_to", extra: `
[[duties]]
id = "x"
on = "opened"
who = "ic"
within = "1d"
extensions = [ { by = "AG", up_to = "thirty days" } ]
`, want: `bad duration`},
		{name: "unknown key in a step", extra: `
[[duties]]
id = "x"
on = "opened"
who = "ic"
within = "1d"
extensions = [ { by = "AG", upto = "30d" } ]
`, want: `did you mean "up_to"`},
		{name: "ongoing names a duty without if_ongoing", extra: `
[[duties]]
id = "final"
on = "opened"
who = "ic"
within = "1mo"

[[duties]]
id = "progress"
on = "ongoing:final"
who = "ic"
asap = true
`, want: `trigger "ongoing:final" can never stand: duty "final" has no if_ongoing`},
		{name: "if_ongoing without until", extra: `
[[duties]]
id = "final"
on = "opened"
who = "ic"
within = "1mo"
if_ongoing = { within = "1mo" }
`, want: `if_ongoing of duty "final" has no "until"`},
		{name: "if_ongoing until dangling", extra: `
[[duties]]
id = "final"
on = "opened"
who = "ic"
within = "1mo"
if_ongoing = { until = "milestone:handeld" }
`, want: `until = "milestone:handeld" names unknown milestone "handeld"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rb, got := loadV2(t, tc.extra)
			if tc.want == "" {
				if got != "" {
					t.Fatalf("diagnostics:\n%s", got)
				}
				d := rb.Duty("file-8k")
				if len(d.Extensions) != 3 || d.Extensions[2].Requires == "" || d.Extensions[0].UpTo.String() != "30d" {
					t.Errorf("extensions = %+v", d.Extensions)
				}
				if on := rb.Duty("final").IfOngoing; on == nil || on.Until.String() != "milestone:handled" || on.Within.String() != "1mo" {
					t.Errorf("if_ongoing = %+v", on)
				}
				return
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, got)
			}
			if !strings.Contains(got, "runbook.toml:") {
				t.Errorf("no file:line:col in:\n%s", got)
			}
		})
	}
	// A version 1 file keeps meaning what it meant: both keys are refused.
	v1 := strings.Replace(v2Base, "shodo = 2", "shodo = 1", 1) + `
[[duties]]
id = "x"
on = "opened"
who = "ic"
within = "1d"
extensions = [ { by = "AG", up_to = "30d" } ]
if_ongoing = { until = "opened" }
`
	_, diags := LoadSources([]Source{{Path: "runbook.toml", Text: v1}}, Options{Now: testNow})
	if got := render(diags, ""); !strings.Contains(got, `"extensions"`) || !strings.Contains(got, `"if_ongoing"`) || !strings.Contains(got, "version 2") {
		t.Errorf("a version 1 file should refuse both keys:\n%s", got)
	}
}
