package incident

import (
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// A condition (format version 2) starts its duty once all it needs
// stands, counting from the last of it; unless keeps it from starting and
// from coming back after a revision; an answer trigger follows the
// answer; a step chained with closed:<duty> goes on when an optional step
// is waived.
func TestConditions(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "conditions.toml")
	type step struct {
		at time.Duration // from t0
		do func(s *Session) error
	}
	answer := func(node, option string) func(s *Session) error {
		return func(s *Session) error { return s.Answer("alice", node, option) }
	}
	revise := func(node string) func(s *Session) error {
		return func(s *Session) error { return s.Revise("alice", node) }
	}
	stamp := func(s *Session) error { return s.Stamp("alice", "pii") }
	tests := []struct {
		name    string
		steps   []step
		duty    string
		status  DutyStatus
		started time.Duration // from t0, for a duty that started
		trigger string
	}{
		{name: "all: the clock runs from the last of them",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {2 * time.Minute, answer("kind", "leak")}, {10 * time.Minute, stamp}},
			duty:  "notify-customers", status: StatusRunning, started: 10 * time.Minute, trigger: "milestone:pii"},
		{name: "all: one missing, not started",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {2 * time.Minute, answer("kind", "leak")}},
			duty:  "notify-customers", status: StatusIdle},
		{name: "unless security: never starts",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {2 * time.Minute, answer("kind", "ransom")}, {10 * time.Minute, stamp}},
			duty:  "notify-customers", status: StatusIdle},
		{name: "unless: a revision to a security verdict withdraws it for good",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {2 * time.Minute, answer("kind", "leak")}, {3 * time.Minute, stamp},
				{20 * time.Minute, revise("kind")}, {21 * time.Minute, answer("kind", "ransom")}},
			duty: "notify-customers", status: StatusWithdrawn, started: 3 * time.Minute, trigger: "milestone:pii"},
		{name: "answer and verdict: from the verdict",
			steps: []step{{1 * time.Minute, answer("scope", "eu")}, {5 * time.Minute, answer("kind", "leak")}},
			duty:  "eu-report", status: StatusRunning, started: 5 * time.Minute, trigger: "verdict"},
		{name: "another answer: not started",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {5 * time.Minute, answer("kind", "leak")}},
			duty:  "eu-report", status: StatusIdle},
		{name: "answer revised away: withdrawn",
			steps: []step{{1 * time.Minute, answer("scope", "eu")}, {5 * time.Minute, answer("kind", "leak")},
				{9 * time.Minute, revise("scope")}, {10 * time.Minute, answer("scope", "local")}, {11 * time.Minute, answer("kind", "leak")}},
			duty: "eu-report", status: StatusWithdrawn, started: 5 * time.Minute, trigger: "verdict"},
		{name: "closed: the optional step waived, the next one starts",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {2 * time.Minute, answer("kind", "ransom")},
				{30 * time.Minute, func(s *Session) error { return s.Waive("alice", "image-disks", "no spare disks at the site") }}},
			duty: "send-images", status: StatusRunning, started: 30 * time.Minute, trigger: "closed:image-disks"},
		{name: "closed: the optional step done, the next one starts",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {2 * time.Minute, answer("kind", "ransom")},
				{40 * time.Minute, func(s *Session) error { return s.DutyDone("alice", "image-disks", "", "") }}},
			duty: "send-images", status: StatusRunning, started: 40 * time.Minute, trigger: "closed:image-disks"},
		{name: "closed: while the optional step runs, nothing",
			steps: []step{{1 * time.Minute, answer("scope", "local")}, {2 * time.Minute, answer("kind", "ransom")}},
			duty:  "send-images", status: StatusIdle},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
			for _, st := range tc.steps {
				clock.Set(t0.Add(st.at))
				must(t, st.do(s))
			}
			d := s.State().Duty(tc.duty)
			if d.Status != tc.status {
				t.Fatalf("%s is %s; want %s", tc.duty, d.Status, tc.status)
			}
			if tc.status == StatusIdle {
				return
			}
			if !d.Started.Equal(t0.Add(tc.started)) || d.Trigger != tc.trigger {
				t.Errorf("%s started %v by %q; want %v by %q", tc.duty, d.Started.Sub(t0), d.Trigger, tc.started, tc.trigger)
			}
		})
	}
}

// A duty's before is kept when it is done first, broken when the later
// duty is done first (or it is never done), and waiving it is a decision.
func TestOrderBroken(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "conditions.toml")
	done := func(duty string) func(s *Session) error {
		means := ""
		if duty == "notify-customers" {
			means = "email"
		}
		return func(s *Session) error { return s.DutyDone("alice", duty, means, "") }
	}
	tests := []struct {
		name   string
		steps  []func(s *Session) error
		broken bool
	}{
		{name: "nothing done yet", broken: false},
		{name: "done first", steps: []func(s *Session) error{done("eu-report"), done("notify-customers")}, broken: false},
		{name: "the later one done first", steps: []func(s *Session) error{done("notify-customers"), done("eu-report")}, broken: true},
		{name: "the later one done, this one not", steps: []func(s *Session) error{done("notify-customers")}, broken: true},
		{name: "waived, then the later one done", steps: []func(s *Session) error{
			func(s *Session) error { return s.Waive("alice", "eu-report", "no EU data after all") }, done("notify-customers")}, broken: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openMem(t, rb, OpenOptions{Clock: clock}, &memJournal{})
			for _, a := range []string{"scope/eu", "kind/leak"} {
				must(t, s.Answer("alice", a[:strings.Index(a, "/")], a[strings.Index(a, "/")+1:]))
			}
			must(t, s.Stamp("alice", "pii"))
			for _, st := range tc.steps {
				clock.Advance(time.Minute)
				must(t, st(s))
			}
			later, broken := s.State().OrderBroken("eu-report")
			if later != "notify-customers" || broken != tc.broken {
				t.Errorf("OrderBroken = %q, %v; want notify-customers, %v", later, broken, tc.broken)
			}
		})
	}
}
