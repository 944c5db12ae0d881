package drill

import (
	"cmp"
	"fmt"
	"os"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
)

// DefaultPlayer is the actor of scripted steps that name none.
const DefaultPlayer = "player"

// RunOptions configure Run.
type RunOptions struct {
	// Home keeps the drill's incident under Home/incidents, to export or
	// inspect it later; empty means a temporary home, removed afterwards.
	Home string
	// Opened is the scenario time at offset zero; zero means the
	// scenario's start, or DefaultOpened when it sets none.
	Opened time.Time
	// Player plays steps that name no actor; empty means DefaultPlayer.
	Player string
}

// DefaultOpened is when a headless drill begins unless told otherwise: a
// fixed instant, so that two runs of one scenario write the same times.
func DefaultOpened() time.Time {
	return time.Date(2026, 11, 27, 21, 0, 0, 0, time.FixedZone("JST", 9*60*60))
}

// Result is what a headless run of a scenario found.
type Result struct {
	Scenario *Scenario
	// Card scores the run, from its journal.
	Card *Scorecard
	// Failures say why the scenario failed: a scripted step the session
	// refused (the runbook no longer fits the script), or the
	// expectations the run did not meet. Empty when it passed.
	Failures []Failure
	// Dir is the incident directory; gone afterwards unless
	// RunOptions.Home was set.
	Dir string
}

// Passed reports whether the run met every expectation.
func (r *Result) Passed() bool { return len(r.Failures) == 0 }

// Run plays sc headless, as `shodo test` does: it opens the scenario's
// runbook on a clock that only jumps, and plays injects and steps in time
// order. Before each, the clock stops at every due time in between so that
// overdue duties and the escalations they start are recorded at their true
// scenario times; then the step is given to the session as a person would
// give it. It takes milliseconds whatever the scenario's length. The
// returned error is for the run itself failing (a journal that cannot be
// written); a scenario that fails is a Result with Failures.
func Run(sc *Scenario, opt RunOptions) (res *Result, err error) {
	home := opt.Home
	if home == "" {
		tmp, err := os.MkdirTemp("", "shodo-test-")
		if err != nil {
			return nil, fmt.Errorf("run scenario %s: %w", sc.ID, err)
		}
		defer os.RemoveAll(tmp)
		home = tmp
	}
	opened := opt.Opened
	if opened.IsZero() {
		opened = sc.Start
	}
	if opened.IsZero() {
		opened = DefaultOpened()
	}
	player := cmp.Or(opt.Player, DefaultPlayer)
	// Real time never moves here: the clock is paused and only jumps. The
	// wall clock is the scenario clock, so the journal reads as if the
	// drill had been played in real time from opened.
	stopped := func() time.Time { return opened }
	d, err := start(sc, StartOptions{Home: home, Opened: opened, Paused: true}, stopped, true)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := d.Detach(); derr != nil && err == nil {
			err = fmt.Errorf("run scenario %s: %w", sc.ID, derr)
		}
	}()
	res = &Result{Scenario: sc, Dir: d.session.Dir()}
	end := time.Duration(0)
	for _, inj := range sc.Injects {
		end = max(end, inj.At)
	}
	refused := false
	for i, st := range sc.Steps {
		end = max(end, st.At)
		if err := d.JumpTo(st.At); err != nil {
			return nil, fmt.Errorf("run scenario %s: %w", sc.ID, err)
		}
		if err := apply(d.session, st, cmp.Or(st.Actor, player)); err != nil {
			// The session's error names the command ("answer x/y: …").
			f := failure("step-refused", incident.Number("Step", float64(i+1)), offsetArg("At", st.At))
			f.Refusal = err
			res.Failures = append(res.Failures, f)
			refused = true
			break
		}
	}
	if !refused {
		if err := d.JumpTo(max(end, d.clock.Elapsed())); err != nil {
			return nil, fmt.Errorf("run scenario %s: %w", sc.ID, err)
		}
	}
	res.Card, err = Score(d.session.State())
	if err != nil {
		return nil, fmt.Errorf("run scenario %s: %w", sc.ID, err)
	}
	if !refused {
		// Once a step is refused, the rest of the script did not play:
		// its expectations would only repeat that.
		res.Failures = append(res.Failures, res.Card.Failures()...)
	}
	return res, nil
}

// apply gives one scripted step to the session.
func apply(s *incident.Session, st Step, actor string) error {
	play, ok := players[st.Action]
	if !ok {
		return fmt.Errorf("step action %q is not known", st.Action)
	}
	return play(s, st, actor)
}

// players give each step action to a session as its command; a test
// checks that every action of the event registry has one.
var players = map[Action]func(s *incident.Session, st Step, actor string) error{
	ActionAnswer: playAnswer,
	ActionRevise: func(s *incident.Session, st Step, actor string) error { return s.Revise(actor, st.Node) },
	ActionDone: func(s *incident.Session, st Step, actor string) error {
		if st.HasHappened {
			return s.DutyDoneSubmittedAt(actor, st.Duty, st.By, st.Note, s.State().Opened.Add(st.Happened), st.Unticked)
		}
		if st.Unticked {
			return s.DutyDoneUnticked(actor, st.Duty, st.By, st.Note)
		}
		return s.DutyDone(actor, st.Duty, st.By, st.Note)
	},
	ActionTick:    func(s *incident.Session, st Step, actor string) error { return s.TickItem(actor, st.Duty, st.Item) },
	ActionUntick:  func(s *incident.Session, st Step, actor string) error { return s.UntickItem(actor, st.Duty, st.Item) },
	ActionApprove: func(s *incident.Session, st Step, actor string) error { return s.Approve(actor, st.Duty) },
	ActionFill: func(s *incident.Session, st Step, actor string) error {
		return s.SetField(actor, st.Duty, st.Field, st.Values)
	},
	ActionReach:    playReach,
	ActionRegister: playRegister,
	ActionTransfer: playTransfer,
	ActionCheck:    playCheck,
	ActionAttempt: func(s *incident.Session, st Step, actor string) error {
		if st.Recipient != "" {
			return s.AttemptRecipient(actor, st.Duty, st.Recipient, st.By, st.Outcome)
		}
		return s.DutyAttempted(actor, st.Duty, st.By, st.Outcome)
	},
	ActionWaive: func(s *incident.Session, st Step, actor string) error {
		if st.Recipient != "" {
			return s.WaiveRecipient(actor, st.Duty, st.Recipient, st.Reason)
		}
		return s.Waive(actor, st.Duty, st.Reason)
	},
	ActionReopen: func(s *incident.Session, st Step, actor string) error { return s.ReopenDuty(actor, st.Duty, st.Reason) },
	ActionRestart: func(s *incident.Session, st Step, actor string) error {
		return s.RestartDuty(actor, st.Duty, st.Reason)
	},
	ActionPause: func(s *incident.Session, st Step, actor string) error { return s.PauseDuty(actor, st.Duty, st.Reason) },
	ActionExtend: func(s *incident.Session, st Step, actor string) error {
		g := st.Grant
		if st.HasHappened {
			g.Granted = s.State().Opened.Add(st.Happened)
		}
		return s.ExtendDuty(actor, st.Duty, g)
	},
	ActionResume: func(s *incident.Session, st Step, actor string) error { return s.ResumeDuty(actor, st.Duty, st.Reason) },
	ActionStamp: func(s *incident.Session, st Step, actor string) error {
		if st.HasHappened {
			return s.StampAt(actor, st.Milestone, s.State().Opened.Add(st.Happened))
		}
		return s.Stamp(actor, st.Milestone)
	},
	ActionNote: func(s *incident.Session, st Step, actor string) error { return s.Note(actor, st.Note) },
	ActionTake: func(s *incident.Session, st Step, actor string) error { return s.TakeRole(actor, st.Role, nil) },
	ActionHandOver: func(s *incident.Session, st Step, actor string) error {
		return s.HandOverRole(actor, st.Role, st.Receiver, nil)
	},
	ActionClose: func(s *incident.Session, st Step, actor string) error {
		if st.Ending != "" {
			return s.End(actor, st.Ending, st.Of, st.Summary)
		}
		return s.Close(actor, st.Summary)
	},
}
