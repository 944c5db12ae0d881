package drill

import (
	"slices"
	"testing"
)

// A reopen step takes a done back: the duty counts as not met unless it is
// done again, and done again it is met.
func TestReopenStep(t *testing.T) {
	t.Parallel()
	const head = `shodo = 1
id = "reopened-call"
title = "The vendor never got the call"
runbook = "service-failure"
speed = 60

[[injects]]
at = "0m"
text = "ALERT order-db01: disk I/O latency above 4,000 ms."

[[steps]]
at = "10m"
done = "vendor-first-call"
by = "phone"

[[steps]]
at = "20m"
reopen = "vendor-first-call"
reason = "the vendor says the call never reached them"
`
	tests := []struct {
		name string
		tail string
		want DutyOutcome
	}{
		{name: "reopened and left past its due time", tail: `
[[steps]]
at = "2h"
note = "the drill runs on past the call's due time"
`, want: DutyMissed},
		{name: "reopened and done again", tail: `
[[steps]]
at = "30m"
done = "vendor-first-call"
by = "email"
`, want: DutyMet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runScenario(t, parseScenario(t, head+tt.tail))
			i := slices.IndexFunc(res.Card.Duties, func(d DutyScore) bool { return d.ID == "vendor-first-call" })
			if i < 0 {
				t.Fatal("vendor-first-call not scored")
			}
			if got := res.Card.Duties[i].Outcome; got != tt.want {
				t.Fatalf("vendor-first-call scored %v; want %v", got, tt.want)
			}
		})
	}
}
