package drill

import (
	"errors"

	"github.com/shodo-dev/shodo/engine/incident"
)

// Errors returned by the clock and the drill controller; test with errors.Is.
var (
	// ErrBackwards is returned by SimClock.JumpTo and Drill.JumpTo for an
	// offset earlier than the current one: scenario time never runs back,
	// or the journal's events would go out of order.
	ErrBackwards error = &toldError{"scenario time cannot go back", "backwards"}
	// ErrBadSpeed is returned for a speed outside MinSpeed to MaxSpeed.
	ErrBadSpeed = errors.New("bad drill speed")
	// ErrScenarioChanged is returned when the scenario embedded in a drill's
	// journal no longer matches its recorded hash.
	ErrScenarioChanged = errors.New("embedded scenario does not match its hash")
	// ErrBadScenario is returned when a scenario (usually the one embedded
	// in a journal) does not validate against its runbook.
	ErrBadScenario = errors.New("scenario does not validate")
	// ErrNoMoreInjects is returned by JumpToNextInject when every inject
	// was delivered.
	ErrNoMoreInjects error = &toldError{"no inject left to deliver", "no-more-injects"}
)

// toldError is a sentinel a person may meet on a drill's screen: its
// English for logs, and its words in the catalogue (export.drill.<name>,
// incident.Told) for the screen.
type toldError struct {
	english, name string
}

func (e *toldError) Error() string { return e.english }

// Sentence names the error's message, export.drill.<name>.
func (e *toldError) Sentence() incident.Sentence {
	return incident.Sentence{ID: "export.drill." + e.name}
}
