package incident

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shodo-dev/shodo/engine/journal"
)

// This file is how an incident ends without a runbook verdict: not every
// alarm is an incident. A triage can end as a false alarm, as a duplicate
// of another incident, or as opened by mistake, with a reason. The ending
// is recorded on the close itself (IncidentClosed.Ending), so that the
// close, and the withdrawal of every duty still running, is one record:
// there is no moment at which an incident has ended but not closed.

// Endings: how an incident ended other than by a verdict's work being
// done (IncidentClosed.Ending; empty for an ordinary close).
const (
	// EndFalseAlarm: nothing was wrong (a monitoring glitch, a
	// misreading).
	EndFalseAlarm = "false-alarm"
	// EndDuplicate: another incident (IncidentClosed.Of) already handles
	// it.
	EndDuplicate = "duplicate"
	// EndMistake: the incident was opened by mistake (the wrong runbook,
	// a stray key).
	EndMistake = "mistake"
)

// Endings lists the endings, in the order a chooser offers them.
var Endings = []string{EndFalseAlarm, EndDuplicate, EndMistake}

// IsEnding reports whether code is one of Endings.
func IsEnding(code string) bool { return slices.Contains(Endings, code) }

// Ending is how a closed incident ended without a verdict's work: its
// code, the reason given, and for a duplicate the incident it duplicates.
type Ending struct {
	Code   string // EndFalseAlarm, EndDuplicate or EndMistake
	Of     string // the incident it duplicates; empty for the others
	Reason string
	Seq    uint64 // seq of the incident.closed record
}

// runningLegal are the ids of the running legal duties of st.
func runningLegal(st *State) []string {
	var ids []string
	for i := range st.Duties {
		if d := &st.Duties[i]; d.Status == StatusRunning && d.Spec.Legal {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// End closes the incident as ending (EndFalseAlarm, EndDuplicate or
// EndMistake), for a reason (required), with no verdict needed. For a
// duplicate, of names the other incident: it must exist under the home and
// not be this one; it is recorded by its full id. Every running duty is
// withdrawn with the ending (StatusDismissed): not done, not waived, so
// undecided ones do not hold this close. A running legal duty does
// (ErrCloseBlocked, reason end-legal): each is waived with its own reason
// first, outside a drill. The incident is
// then sealed and released, as by Close, and a Reopen brings the withdrawn
// duties back with the clocks they had.
func (s *Session) End(actor, ending, of, reason string) error {
	return s.closeWith(asked("end incident as "+ending, "end", Code("Ending", ending)), actor, func(st *State) (Payload, error) {
		if !IsEnding(ending) {
			return nil, refuse(ErrUnknownEnding, fmt.Sprintf("%v %q", ErrUnknownEnding, ending), "unknown-ending", Quoted("Ending", ending))
		}
		if strings.TrimSpace(reason) == "" {
			return nil, refuseRequired("reason")
		}
		if legal := runningLegal(st); len(legal) > 0 && st.Drill == nil {
			// The law holds the organisation whatever the alarm turned
			// out to be: who decided the regulator need not be told, and
			// why, is each duty's own waiver, not the ending's reason.
			return nil, refuse(ErrCloseBlocked, fmt.Sprintf("%v: %d legal duties running, waive each with its reason first: %s", ErrCloseBlocked, len(legal), listed(legal)),
				"end-legal", Count(int64(len(legal))), Code("Duties", listed(legal)))
		}
		if ending != EndDuplicate {
			if of != "" {
				return nil, refuse(ErrNotDuplicate, fmt.Sprintf("%v: %q", ErrNotDuplicate, of), "not-duplicate", Quoted("Incident", of))
			}
			return IncidentClosed{Summary: reason, Ending: ending}, nil
		}
		other, err := s.otherIncident(st, of)
		if err != nil {
			return nil, err
		}
		return IncidentClosed{Summary: reason, Ending: ending, Of: other}, nil
	})
}

// otherIncident resolves id to another incident under the session's home,
// for a duplicate or a link: by its full id or a prefix only one id has,
// case aside, never a path. It is refused when empty (required), when it
// names this incident, or when no incident under the home has it.
func (s *Session) otherIncident(st *State, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", refuseRequired("incident")
	}
	if strings.EqualFold(id, st.ID) {
		return "", refuse(ErrSelf, fmt.Sprintf("%v: %s", ErrSelf, st.ID), "self", Code("Incident", st.ID))
	}
	found, err := FindID(s.home, id)
	if matches, ok := errors.AsType[*AmbiguousError](err); ok {
		// Several incidents start so: saying there is none would send
		// the responder looking for a typo that is not there.
		return "", refuse(ErrAmbiguous, fmt.Sprintf("%v: %q starts %s", ErrAmbiguous, id, strings.Join(matches.IDs, ", ")),
			"ambiguous-incident", Quoted("Incident", id), Code("Matches", strings.Join(matches.IDs, ", ")))
	}
	if err != nil {
		return "", refuse(ErrNoSuchIncident, fmt.Sprintf("%v: %q", ErrNoSuchIncident, id), "no-such-incident", Quoted("Incident", id))
	}
	if strings.EqualFold(found, st.ID) {
		return "", refuse(ErrSelf, fmt.Sprintf("%v: %s", ErrSelf, st.ID), "self", Code("Incident", st.ID))
	}
	return found, nil
}

// FindID returns the full id of the incident under home whose id is id,
// or the only one that starts with it (case does not matter). Unlike Find,
// it never reads id as a path: an id recorded in a journal (a duplicate, a
// link) must name an incident of the home.
func FindID(home, id string) (string, error) {
	if id == "" || strings.ContainsAny(id, `/\`) || id == "." || id == ".." {
		return "", fmt.Errorf("find incident %q: %w", id, ErrNotFound)
	}
	entries, err := os.ReadDir(IncidentsDir(home))
	if err != nil {
		return "", fmt.Errorf("find incident %q: %w", id, ErrNotFound)
	}
	var matches []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(IncidentsDir(home), e.Name(), journal.JournalFile)); err != nil {
			continue
		}
		if strings.EqualFold(e.Name(), id) {
			return e.Name(), nil
		}
		if len(e.Name()) >= len(id) && strings.EqualFold(e.Name()[:len(id)], id) {
			matches = append(matches, e.Name())
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return "", fmt.Errorf("find incident %q: %w", id, ErrNotFound)
	}
	return "", &AmbiguousError{Prefix: id, IDs: matches}
}

// AmbiguousError is FindID's error for a prefix that several incidents'
// ids start with; it matches ErrAmbiguous.
type AmbiguousError struct {
	Prefix string
	IDs    []string // the full ids that start with Prefix
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("find incident %q: %v: %s", e.Prefix, ErrAmbiguous, strings.Join(e.IDs, ", "))
}

// Unwrap makes errors.Is(err, ErrAmbiguous) hold.
func (e *AmbiguousError) Unwrap() error { return ErrAmbiguous }
