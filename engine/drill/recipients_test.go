package drill

import (
	"fmt"
	"strings"
	"testing"
)

const recipientsScenario = `shodo = 2
id = "recipients"
title = "Ransomware: the police, the insurer and every authority"
runbook = "recipients"

[[injects]]
at = "0m"
text = "Files renamed *.lock on the file server."

[expect]
verdict = "ransomware"
met = ["tell-police-insurer", "tell-authorities"]
reached = ["tell-police-insurer/police", "tell-police-insurer/insurer", "tell-authorities/BaFin (DE)"]

[[steps]]
at = "2m"
answer = "symptom/ransom"

[[steps]]
at = "10m"
reach = "tell-police-insurer/police"
by = "phone"

[[steps]]
at = "20m"
fill = "list-authorities/authorities"
value = ["BaFin (DE)", "AMF (FR)"]

[[steps]]
at = "30m"
reach = "tell-police-insurer/insurer"
by = "email"

[[steps]]
at = "40m"
reach = "tell-authorities/BaFin (DE)"
by = "email"

[[steps]]
at = "50m"
reach = "tell-authorities/AMF (FR)"
by = "phone"
`

// A scenario reaches recipients one by one; the last one reached completes
// the duty, and expect.reached names any the team did not reach.
func TestReachSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{name: "every recipient reached: each duty met", edit: func(s string) string { return s }},
		{name: "the insurer not reached: its duty is not done, and expect.reached says so",
			edit: func(s string) string {
				return strings.Replace(s, "[[steps]]\nat = \"30m\"\nreach = \"tell-police-insurer/insurer\"\nby = \"email\"\n", "", 1)
			},
			want: []string{"tell-police-insurer", "not-reached Duty=tell-police-insurer Recipient=insurer"}},
		{name: "the field never filled: the authority is no recipient yet, and the step is refused",
			edit: func(s string) string {
				return strings.Replace(s, "[[steps]]\nat = \"20m\"\nfill = \"list-authorities/authorities\"\nvalue = [\"BaFin (DE)\", \"AMF (FR)\"]\n", "", 1)
			},
			want: []string{"step-refused Step=4 At=T+40m", "unknown recipient"}},
		{name: "the insurer tried, then not to be reached: the duty is done when the last one is closed",
			edit: func(s string) string {
				s = strings.Replace(s, `"tell-police-insurer/insurer", `, "", 1)
				return strings.Replace(s, "reach = \"tell-police-insurer/insurer\"\nby = \"email\"\n",
					"attempt = \"tell-police-insurer/insurer\"\nby = \"email\"\noutcome = \"out of office until Monday\"\n\n[[steps]]\nat = \"35m\"\nwaive = \"tell-police-insurer/insurer\"\nreason = \"the broker tells them on Monday\"\n", 1)
			}},
		{name: "the insurer waived but expected reached: expect.reached says so",
			edit: func(s string) string {
				return strings.Replace(s, "reach = \"tell-police-insurer/insurer\"\nby = \"email\"\n",
					"waive = \"tell-police-insurer/insurer\"\nreason = \"the broker tells them\"\n", 1)
			},
			want: []string{"not-reached Duty=tell-police-insurer Recipient=insurer"}},
		{name: "a means the police do not take: refused when it runs",
			edit: func(s string) string {
				return strings.Replace(s, "reach = \"tell-police-insurer/police\"\nby = \"phone\"", "reach = \"tell-police-insurer/police\"\nby = \"email\"", 1)
			},
			want: []string{"step-refused Step=2 At=T+10m", "means not accepted"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := tc.edit(recipientsScenario)
			if tc.want != nil && src == recipientsScenario {
				t.Fatal("the edit changed nothing")
			}
			wantFailuresInOrder(t, playInline(t, src, "recipients.toml"), tc.want)
		})
	}
}

// A reach step that names no recipient, a duty without a list of them, or
// a contact the list does not have is an error where the scenario says it.
func TestReachStepErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"no slash", `reach = "tell-police-insurer/police"`, `reach = "police"`, `"police" must name a duty and one of its recipients`},
		{"unknown contact", `reach = "tell-police-insurer/police"`, `reach = "tell-police-insurer/polise"`, `duty "tell-police-insurer" has no recipient "polise" (did you mean "police"?)`},
		{"a duty with one contacts", `reach = "tell-police-insurer/police"`, `reach = "list-authorities/ic"`, `duty "list-authorities" has no list of recipients`},
		{"expect an unknown contact", `"tell-police-insurer/insurer",`, `"tell-police-insurer/insurar",`, `has no recipient "insurar" (did you mean "insurer"?)`},
		{"waive a recipient the list does not have", "reach = \"tell-police-insurer/insurer\"\nby = \"email\"", "waive = \"tell-police-insurer/insurar\"\nreason = \"x\"", `has no recipient "insurar" (did you mean "insurer"?)`},
		{"by goes with reach, outcome does not", "by = \"phone\"\n", "by = \"phone\"\noutcome = \"x\"\n", `"outcome"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := strings.Replace(recipientsScenario, tc.from, tc.to, 1)
			if src == recipientsScenario {
				t.Fatalf("the edit %q changed nothing", tc.from)
			}
			_, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "recipients.toml"))
			if got := fmt.Sprint(diags); !strings.Contains(got, tc.want) {
				t.Errorf("diagnostics do not say %q:\n%s", tc.want, got)
			}
		})
	}
}

// Attempting or waiving one recipient ("duty/recipient") is new in format
// version 2: a version 1 scenario is told which step to change.
func TestRecipientAttemptNeedsVersion2(t *testing.T) {
	t.Parallel()
	for _, step := range []string{
		"attempt = \"tell-police-insurer/insurer\"\nby = \"email\"\noutcome = \"busy\"",
		"waive = \"tell-police-insurer/insurer\"\nreason = \"the broker tells them\"",
	} {
		src := strings.Replace(recipientsScenario, "shodo = 2\n", "shodo = 1\n", 1)
		src = strings.Replace(src, "reach = \"tell-police-insurer/insurer\"\nby = \"email\"", step, 1)
		action, _, _ := strings.Cut(step, " ")
		_, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "recipients.toml"))
		want := fmt.Sprintf(`inline.toml:31:1: error: "tell-police-insurer/insurer" as %q is new in format version 2`, action)
		if got := fmt.Sprint(diags); !strings.Contains(got, want) {
			t.Errorf("diagnostics do not say %q:\n%s", want, got)
		}
	}
}
