package incident

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
)

// This file links incidents: a vulnerability that needs an investigation
// spawns a service-failure incident, a second report of one outage is
// related to the first. A link is one record on each side, each naming
// the other and the link's kind from its own side.

// Link kinds (IncidentLinked.Kind). The first three are what a person
// asks for; the last two are recorded on the other side.
const (
	LinkRelated     = "related"
	LinkSpawned     = "spawned"      // this incident opened the other
	LinkDuplicateOf = "duplicate-of" // this incident duplicates the other
	LinkSpawnedFrom = "spawned-from" // the other opened this one
	LinkDuplicated  = "duplicated-by"
)

// LinkKinds are the kinds a person may ask for (shodo link --kind).
var LinkKinds = []string{LinkRelated, LinkSpawned, LinkDuplicateOf}

// IsLinkKind reports whether kind is a kind a link may be recorded with,
// either side.
func IsLinkKind(kind string) bool {
	return slices.Contains(LinkKinds, kind) || kind == LinkSpawnedFrom || kind == LinkDuplicated
}

// ReverseLink is the kind the other side records for a link of kind.
func ReverseLink(kind string) string {
	switch kind {
	case LinkSpawned:
		return LinkSpawnedFrom
	case LinkSpawnedFrom:
		return LinkSpawned
	case LinkDuplicateOf:
		return LinkDuplicated
	case LinkDuplicated:
		return LinkDuplicateOf
	}
	return kind
}

// Link is a recorded link to another incident.
type Link struct {
	Kind     string
	Incident string
	Seq      uint64
	Time     time.Time
	Actor    string
}

// Link records a link of kind (one of LinkKinds, or the reverse kinds the
// other side records) from this incident to other, an incident of the
// home (its id, or a prefix only one id has). It is refused for an
// unknown kind, an incident that is not under the home, this incident
// itself, and a link that is already recorded. It records this side only:
// LinkBoth records both.
func (s *Session) Link(actor, kind, other string) error {
	return s.command(asked("link "+other, "link", Code("Incident", other)), actor, func(st *State) (Payload, error) {
		if !IsLinkKind(kind) {
			return nil, refuse(ErrUnknownLink, fmt.Sprintf("%v %q", ErrUnknownLink, kind), "unknown-link", Quoted("Kind", kind))
		}
		id, err := s.otherIncident(st, other)
		if err != nil {
			return nil, err
		}
		for _, l := range st.Links {
			if l.Kind == kind && l.Incident == id {
				return nil, refuse(ErrAlreadyLinked, fmt.Sprintf("%v: %s at seq %d", ErrAlreadyLinked, id, l.Seq), "already-linked", Code("Incident", id), Number("Seq", float64(l.Seq)))
			}
		}
		return IncidentLinked{Kind: kind, Incident: id}, nil
	})
}

// LinkResult says what LinkBoth recorded: always this side; the other
// side unless its journal was held open elsewhere (OtherPending), or the
// link was already there (OtherHad).
type LinkResult struct {
	Other        string // the other incident's full id
	OtherPending bool
	OtherHeldBy  error // why the other side is pending: a *journal.LockedError
	OtherHad     bool
}

// LinkBoth records a link of kind from s to other and the reverse link on
// the other incident, resumed for the moment under s's home with clock.
// When the other incident is held open by another process (or session),
// only this side is recorded and OtherPending says so: run the same link
// again (shodo link) once it is free; a second link on this side is
// refused, which is how a script can tell it is done. A closed other
// incident takes no link: refused (ErrClosed) before anything is recorded.
func LinkBoth(s *Session, actor, kind, other string, clock Clock) (LinkResult, error) {
	// A closed other incident takes no link: refused before this side
	// records one that could never be answered.
	if id, err := FindID(s.home, other); err == nil && id != s.ID() {
		if sum := rebuild(filepath.Join(IncidentsDir(s.home), id)); sum.Closed {
			return LinkResult{}, asked("link "+other, "link", Code("Incident", other)).refused(
				refuse(ErrClosed, fmt.Sprintf("%v: %s (reopen it to link it)", ErrClosed, id), "other-closed", Code("Incident", id)))
		}
	}
	if err := s.Link(actor, kind, other); err != nil {
		return LinkResult{}, err
	}
	st := s.State()
	res := LinkResult{Other: st.Links[len(st.Links)-1].Incident}
	err := linkOther(s.home, actor, ReverseLink(kind), res.Other, st.ID, clock, s.sealer)
	var locked *journal.LockedError
	switch {
	case errors.As(err, &locked):
		res.OtherPending, res.OtherHeldBy = true, err
		return res, nil
	case errors.Is(err, ErrAlreadyLinked):
		res.OtherHad = true
		return res, nil
	}
	return res, err
}

// linkOther records the reverse link on the incident id under home,
// resumed with the linking session's sealer.
func linkOther(home, actor, kind, id, self string, clock Clock, sealer Sealer) error {
	o, err := Resume(filepath.Join(IncidentsDir(home), id), ResumeOptions{Home: home, Clock: clock, Sealer: sealer})
	if err != nil {
		return err
	}
	linkErr := o.Link(actor, kind, self)
	return errors.Join(linkErr, o.Detach())
}
