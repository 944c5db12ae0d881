package incident

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// A multi node takes a set of options and a number node a number (format
// version 2): the answer triggers, thresholds and dimension values follow
// what was given, a revision takes them back, and the journal replays to
// the same state.
func TestAnswersMultiNumberDimensions(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "answers.toml")
	many := func(options ...string) func(s *Session) error {
		return func(s *Session) error { return s.AnswerMany("alice", "data", options) }
	}
	number := func(x float64) func(s *Session) error {
		return func(s *Session) error { return s.AnswerNumber("alice", "people", x) }
	}
	answer := func(node, option string) func(s *Session) error {
		return func(s *Session) error { return s.Answer("alice", node, option) }
	}
	revise := func(node string) func(s *Session) error {
		return func(s *Session) error { return s.Revise("alice", node) }
	}
	type want struct {
		node, verdict string
		dims          []string // dimension=value, in the runbook's order
		running       []string
		withdrawn     []string
	}
	tests := []struct {
		name  string
		steps []func(s *Session) error
		want  want
	}{
		{name: "two picked: the first in the node's order sets the severity",
			steps: []func(s *Session) error{many("names", "cards")},
			want:  want{node: "people", dims: []string{"severity=sev1"}, running: []string{"page-exec", "card-brands"}}},
		{name: "a picked option with its own verdict leads there",
			steps: []func(s *Session) error{many("nothing")},
			want:  want{verdict: "fault"}},
		{name: "at the threshold the report starts with the verdict",
			steps: []func(s *Session) error{many("names"), number(1000), answer("kind", "taken")},
			want:  want{verdict: "leak", dims: []string{"severity=sev2", "vector=exfil"}, running: []string{"report-ppc"}}},
		{name: "below the threshold it does not",
			steps: []func(s *Session) error{many("names"), number(999), answer("kind", "taken")},
			want:  want{verdict: "leak", dims: []string{"severity=sev2", "vector=exfil"}}},
		{name: "a later answer lowers the severity: the SEV1 duty is withdrawn, keeping its clock",
			steps: []func(s *Session) error{many("cards"), number(5), answer("kind", "missent")},
			want:  want{verdict: "leak", dims: []string{"severity=sev2", "vector=other"}, running: []string{"card-brands"}, withdrawn: []string{"page-exec"}}},
		{name: "a revision takes the set back with its dimension and duties",
			steps: []func(s *Session) error{many("cards"), revise("data"), many("names")},
			want:  want{node: "people", dims: []string{"severity=sev2"}, withdrawn: []string{"page-exec", "card-brands"}}},
		{name: "a revised number takes its report back",
			steps: []func(s *Session) error{many("names"), number(2000), answer("kind", "taken"), revise("people"), number(10), answer("kind", "taken")},
			want:  want{verdict: "leak", dims: []string{"severity=sev2", "vector=exfil"}, withdrawn: []string{"report-ppc"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			mj := &memJournal{}
			s := openMem(t, rb, OpenOptions{Clock: clock}, mj)
			for i, step := range tc.steps {
				clock.Set(t0.Add(time.Duration(i+1) * time.Minute))
				must(t, step(s))
			}
			check := func(st *State) {
				t.Helper()
				if st.Node != tc.want.node {
					t.Errorf("current node %q; want %q", st.Node, tc.want.node)
				}
				verdict := ""
				if st.Verdict != nil {
					verdict = st.Verdict.ID
				}
				if verdict != tc.want.verdict {
					t.Errorf("verdict %q; want %q", verdict, tc.want.verdict)
				}
				var dims []string
				for _, v := range st.Dimensions() {
					dims = append(dims, v.Dimension+"="+v.Value)
				}
				if !slices.Equal(dims, tc.want.dims) {
					t.Errorf("dimensions %v; want %v", dims, tc.want.dims)
				}
				var running, withdrawn []string
				for _, d := range st.Duties {
					switch d.Status {
					case StatusRunning:
						running = append(running, d.ID)
					case StatusWithdrawn:
						withdrawn = append(withdrawn, d.ID)
					}
				}
				if !slices.Equal(running, tc.want.running) || !slices.Equal(withdrawn, tc.want.withdrawn) {
					t.Errorf("running %v, withdrawn %v; want %v, %v", running, withdrawn, tc.want.running, tc.want.withdrawn)
				}
			}
			check(s.State())
			// The journal alone gives the same state.
			check(Fold(rb, mj.events(t)))
		})
	}
}

// What a multi or number node cannot take is refused before anything is
// recorded, with a named error.
func TestAnswersRefused(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "answers.toml")
	tests := []struct {
		name string
		do   func(s *Session) error
		want error
	}{
		{"nothing picked", func(s *Session) error { return s.AnswerMany("alice", "data", nil) }, ErrNothingPicked},
		{"an option the node lacks", func(s *Session) error { return s.AnswerMany("alice", "data", []string{"cards", "dogs"}) }, ErrUnknownOption},
		{"a set on a one-option node", func(s *Session) error {
			must(t, s.AnswerMany("alice", "data", []string{"names"}))
			must(t, s.AnswerNumber("alice", "people", 3))
			return s.AnswerMany("alice", "kind", []string{"taken"})
		}, ErrNotMulti},
		{"a number below min", func(s *Session) error {
			must(t, s.AnswerMany("alice", "data", []string{"names"}))
			return s.AnswerNumber("alice", "people", -1)
		}, ErrOutOfRange},
		{"a number to a choice node", func(s *Session) error { return s.AnswerNumber("alice", "data", 3) }, ErrNotNumber},
		{"a number to a node not current", func(s *Session) error { return s.AnswerNumber("alice", "people", 3) }, ErrNotCurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mj := &memJournal{}
			s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, mj)
			if err := tc.do(s); !errors.Is(err, tc.want) {
				t.Fatalf("got %v; want %v", err, tc.want)
			}
		})
	}
}
