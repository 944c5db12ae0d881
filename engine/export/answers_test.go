package export

import (
	"testing"
	"time"
)

// A set picked on a multi node, a number with its unit, and the
// dimensions the answers set: the postmortem (English and Japanese) says
// them in the runbook's words in the path and beside the verdict, and the
// JSON carries the set, the number and each dimension with the answer
// that set it.
func TestExportsCarryAnswersAndDimensions(t *testing.T) {
	t.Parallel()
	s, clock := openFixture(t, "answers.toml")
	clock.Advance(3 * time.Minute)
	must(t, s.AnswerMany("sato", "data", []string{"names", "cards"}))
	clock.Advance(10 * time.Minute)
	must(t, s.AnswerNumber("sato", "people", 1200))
	clock.Advance(2 * time.Minute)
	must(t, s.Answer("sato", "kind", "taken"))
	must(t, s.Detach())
	in := readInput(t, s.Dir())

	exportGoldens(t, in, "answers", "postmortem.en.md", "postmortem.ja.md", "json")
}
