//go:build shodotest

package tui

import (
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
)

// SlowSaveEnv names the variable that, in a binary built with -tags
// shodotest and only there, delays every command the app sends to the
// engine by a duration ("400ms") before the engine records it: a slow
// fsync as the app sees it, the record reaching the disk at the end of the
// delay. The end-to-end tests of cmd/shodo build such a binary to type
// ahead of a slow save (issue 12, M1). The engine and cmd/shodo know
// nothing of it; a production build has no such file.
const SlowSaveEnv = "SHODO_TEST_SLOW_SAVE"

// AnswerGuardEnv names the variable that, in a binary built with -tags
// shodotest and only there, sets how long enter does not answer after the
// triage question changed ("0s", "1h"; keyGuard when unset or unreadable).
// The end-to-end tests that answer one question after another as soon as
// the screen shows it set it to 0; the one that presses enter twice sets
// it to an hour, so that neither depends on how fast the machine is.
const AnswerGuardEnv = "SHODO_TEST_ANSWER_GUARD"

// answerGuardFor is keyGuard unless AnswerGuardEnv says otherwise.
func answerGuardFor(opt Options) time.Duration {
	if opt.Getenv == nil {
		return keyGuard
	}
	d, err := time.ParseDuration(opt.Getenv(AnswerGuardEnv))
	if err != nil || d < 0 {
		return keyGuard
	}
	return d
}

// slowed wraps e so that its commands are slow when SlowSaveEnv says so.
func slowed(opt Options, e engine) engine {
	if opt.Getenv == nil || e == nil {
		return e
	}
	d, err := time.ParseDuration(opt.Getenv(SlowSaveEnv))
	if err != nil || d <= 0 {
		return e
	}
	return slowEngine{engine: e, delay: d}
}

// slowEngine delays the commands of engine that record something.
type slowEngine struct {
	engine
	delay time.Duration
}

func (s slowEngine) wait() { time.Sleep(s.delay) }

func (s slowEngine) Answer(actor, node, option string) error {
	s.wait()
	return s.engine.Answer(actor, node, option)
}

func (s slowEngine) Revise(actor, node string) error {
	s.wait()
	return s.engine.Revise(actor, node)
}

func (s slowEngine) StampAt(actor, milestone string, happened time.Time) error {
	s.wait()
	return s.engine.StampAt(actor, milestone, happened)
}

func (s slowEngine) PauseDuty(actor, duty, reason string) error {
	s.wait()
	return s.engine.PauseDuty(actor, duty, reason)
}

func (s slowEngine) ResumeDuty(actor, duty, reason string) error {
	s.wait()
	return s.engine.ResumeDuty(actor, duty, reason)
}

func (s slowEngine) RestartDuty(actor, duty, reason string) error {
	s.wait()
	return s.engine.RestartDuty(actor, duty, reason)
}

func (s slowEngine) ExtendDuty(actor, duty string, g incident.Grant) error {
	s.wait()
	return s.engine.ExtendDuty(actor, duty, g)
}

func (s slowEngine) DutyDone(actor, duty, means, note string) error {
	s.wait()
	return s.engine.DutyDone(actor, duty, means, note)
}

func (s slowEngine) DutyAttempted(actor, duty, means, outcome string) error {
	s.wait()
	return s.engine.DutyAttempted(actor, duty, means, outcome)
}

func (s slowEngine) Waive(actor, duty, reason string) error {
	s.wait()
	return s.engine.Waive(actor, duty, reason)
}

func (s slowEngine) Note(actor, text string) error {
	s.wait()
	return s.engine.Note(actor, text)
}

func (s slowEngine) Assign(actor, role, assignee string) error {
	s.wait()
	return s.engine.Assign(actor, role, assignee)
}

func (s slowEngine) Close(actor, summary string) error {
	s.wait()
	return s.engine.Close(actor, summary)
}

// Detach lets Release detach the session under the wrapper.
func (s slowEngine) Detach() error {
	if d, ok := s.engine.(interface{ Detach() error }); ok {
		return d.Detach()
	}
	return nil
}

var _ engine = slowEngine{}
