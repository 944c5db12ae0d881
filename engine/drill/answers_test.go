package drill

import (
	"strings"
	"testing"
)

const answersScenario = `shodo = 2
id = "answers"
title = "Cards and names taken, 1,200 people"
runbook = "answers"

[[injects]]
at = "0m"
text = "A customer database dump is on a paste site."

[expect]
verdict = "leak"
dimensions = { severity = "sev1", vector = "exfil" }

[[steps]]
at = "2m"
answer = "data/names,cards"

[[steps]]
at = "5m"
answer = "people/1200"

[[steps]]
at = "6m"
answer = "kind/taken"
`

// A scenario answers a multi node with a set and a number node with a
// number; expect.dimensions checks the values the answers gave, and names
// the dimension that came out otherwise.
func TestAnswerSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{name: "the set and the number give the expected dimensions"},
		{name: "names only: the severity is SEV2",
			edit: func(s string) string { return strings.Replace(s, "data/names,cards", "data/names", 1) },
			want: []string{"dimension-wrong Dimension=severity Expected=sev1 Reached=sev2"}},
		{name: "a mis-sent file: the later answer lowers the severity and sets another vector",
			edit: func(s string) string { return strings.Replace(s, "kind/taken", "kind/missent", 1) },
			want: []string{"dimension-wrong Dimension=severity Expected=sev1 Reached=sev2", "dimension-wrong Dimension=vector Expected=exfil Reached=other"}},
		{name: "no step sets the vector: the dimension is unset",
			edit: func(s string) string {
				return strings.Replace(s, "\n[[steps]]\nat = \"6m\"\nanswer = \"kind/taken\"\n", "", 1)
			},
			want: []string{"dimension-unset Dimension=vector Expected=exfil"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := answersScenario
			if tc.edit != nil {
				src = tc.edit(src)
			}
			wantFailuresInOrder(t, playInline(t, src, "answers.toml"), tc.want)
		})
	}
}
