package drill

import (
	"slices"
	"strings"
	"testing"
)

// A drill whose right call is "no incident" scores the ending: the
// shipped false alarm is triage performed with no security duty; a
// verdict on the way is some challenges; missing the call, making another
// or dismissing a real incident fails the scenario and says how.
func TestEndingScoring(t *testing.T) {
	t.Parallel()
	const head = `shodo = 1
id = "probe"
title = "A probe alert"
runbook = "service-failure"
`
	falseAlarm := "\n[expect]\nending = \"false-alarm\"\n"
	for _, tc := range []struct {
		name, src string
		want      []string
		triage    Rating
	}{
		{"shipped", "", nil, Performed},
		{"verdict first", head + falseAlarm + `
[[steps]]
at = "4m"
answer = "symptom/outage"
[[steps]]
at = "5m"
answer = "recent-change/right-after"
[[steps]]
at = "6m"
answer = "rollback/restored"
[[steps]]
at = "7m"
answer = "change-authorized/approved"
[[steps]]
at = "9m"
close = "The probe's certificate expired."
ending = "false-alarm"
`, nil, SomeChallenges},
		{"closed as a duplicate", head + falseAlarm + `
[[steps]]
at = "9m"
close = "Seen before."
ending = "mistake"
`, []string{"ending-wrong Expected=false-alarm Reached=mistake At=T+9m"}, MajorChallenges},
		{"never called", head + falseAlarm + `
[[steps]]
at = "9m"
note = "Still looking."
`, []string{"ending-missed Expected=false-alarm End=T+9m"}, Unable},
		{"a real incident dismissed", head + `
[expect]
verdict = "ransomware"
[[steps]]
at = "9m"
close = "Only a probe."
ending = "false-alarm"
`, []string{"no-verdict Expected=ransomware End=T+9m", "ending-unexpected Reached=false-alarm At=T+9m"}, Unable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := shippedScenario(t, "probe-false-alarm.toml")
			if tc.src != "" {
				sc = parseScenario(t, tc.src)
			}
			res := runScenario(t, sc)
			if got := brief(res.Failures); !slices.Equal(got, tc.want) {
				t.Errorf("failures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if got := res.Card.Capability(Triage).Rating; got != tc.triage {
				t.Errorf("triage rated %s, want %s (ending %+v)", got, tc.triage, res.Card.Ending)
			}
		})
	}
	card := runScenario(t, shippedScenario(t, "probe-false-alarm.toml")).Card
	if card.Ending.Outcome != EndingCorrect || card.Ending.At != 16*60e9 || card.Capability(SecurityEscalation).Rating != NotExercised {
		t.Errorf("shipped false alarm: ending %+v, security escalation %s", card.Ending, card.Capability(SecurityEscalation).Rating)
	}
}
