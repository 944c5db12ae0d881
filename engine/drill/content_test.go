package drill

import (
	"strings"
	"testing"
)

const contentScenario = `shodo = 2
id = "content"
title = "The vendor's report and the customer notice"
runbook = "content"

[[injects]]
at = "0m"
text = "The order system is down."

[expect]
verdict = "hardware"
met = ["vendor-first-call", "customer-notice"]
ticked = ["vendor-first-call/what-failed"]
approved = ["customer-notice"]

[[steps]]
at = "2m"
answer = "symptom/down"

[[steps]]
at = "30m"
tick = "vendor-first-call/what-failed"

[[steps]]
at = "31m"
tick = "vendor-first-call/next"

[[steps]]
at = "32m"
untick = "vendor-first-call/next"

[[steps]]
at = "40m"
approve = "customer-notice"
actor = "alice"

[[steps]]
at = "45m"
done = "customer-notice"
by = "web"
`

// A scenario scripts every content action, and expect checks the ticks
// and the approval: the drill passes when the team did them, and names
// what is missing when it did not.
func TestContentSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{name: "every item ticked that must be, the notice approved, the report done on the team's word",
			edit: func(s string) string {
				return s + "\n[[steps]]\nat = \"1h\"\ndone = \"vendor-first-call\"\nunticked = true\n"
			}},
		{name: "the report done without the confirmation is refused",
			edit: func(s string) string { return s + "\n[[steps]]\nat = \"1h\"\ndone = \"vendor-first-call\"\n" },
			want: []string{"step-refused Step=7 At=T+1h", "required checklist items are not ticked"}},
		{name: "no approval: the notice cannot be done and expect.approved fails",
			edit: func(s string) string {
				return strings.Replace(s, "approve = \"customer-notice\"", "note = \"we forgot the IC\"", 1)
			},
			want: []string{"step-refused Step=6 At=T+45m", "duty is not approved yet"}},
		{name: "no approval and the notice left: expect.approved fails",
			edit: func(s string) string {
				s = strings.Replace(s, "approve = \"customer-notice\"", "note = \"we forgot the IC\"", 1)
				s = strings.Replace(s, "done = \"customer-notice\"\nby = \"web\"", "note = \"still waiting for the IC\"", 1)
				return s + "\n[[steps]]\nat = \"1h\"\ndone = \"vendor-first-call\"\nunticked = true\n"
			},
			want: []string{"Duty=customer-notice", "not-approved Duty=customer-notice"}},
		{name: "the tick taken back: expect.ticked fails",
			edit: func(s string) string {
				return s + "\n[[steps]]\nat = \"50m\"\nuntick = \"vendor-first-call/what-failed\"\n\n[[steps]]\nat = \"1h\"\ndone = \"vendor-first-call\"\nunticked = true\n"
			},
			want: []string{"not-ticked Duty=vendor-first-call Item=what-failed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantFailuresInOrder(t, playInline(t, tc.edit(contentScenario), "content.toml"), tc.want)
		})
	}
}
