package incident

import (
	"fmt"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
)

// This file holds what verify checks of an incident's life beyond the
// journal's chain and head (engine/journal knows no incident): a closed
// incident's journal ends at its close, unless a reopen follows; a closed
// incident has a signed head; a head that sealed a closed incident still
// covers the journal.

// Kinds of break in an incident's life, beside the journal's own
// (journal.KindBadHash, …). shodo verify reports them as it reports those.
const (
	// KindAfterClose: a closed incident's journal continues after its
	// incident.closed record with something other than incident.reopened
	// (a session refuses that; someone appended it by other means).
	KindAfterClose journal.Kind = "after-close"
	// KindNoHead: the incident is closed but no signed head was checked
	// (timeline.head is missing, and no --head was given).
	KindNoHead journal.Kind = "no-head"
	// KindReopenedAfterHead: the head given (a ticket's copy) sealed the
	// incident closed, and it was reopened afterwards: legitimately, but
	// the copy no longer covers the journal. LifeCheck.Reopen says who
	// reopened it, when and why.
	KindReopenedAfterHead journal.Kind = "reopened-after-head"
)

// LifeCheck is what CheckLife found.
type LifeCheck struct {
	// Break is the first break in the incident's life, nil when none.
	Break *journal.Break
	// Closed says whether the journal ends closed.
	Closed bool
	// Reopen is the reopening that followed the head checked, when the
	// head sealed the incident closed; nil otherwise.
	Reopen *Reopen
}

// CheckLife checks an incident's life on the events of a journal that
// verified (rep.OK()): no record but a reopen after a close, a signed head
// for a closed incident (rep.Sealed; a closed incident with none fails
// with KindNoHead), and, when the head checked is a ticket's copy (ticket)
// that sealed the incident closed, no reopen after it
// (KindReopenedAfterHead). A reopen after the incident's own local head
// is reported in Reopen but is no break: closing again seals a new one.
func CheckLife(events []Event, rep journal.Report, ticket bool) LifeCheck {
	var out LifeCheck
	closed, closedAtHead := false, false
	var closing Event
	for i, e := range events {
		switch {
		case closed && e.Type == TypeIncidentReopened:
			closed = false
			if closedAtHead && out.Reopen == nil {
				p, _ := e.Data.(IncidentReopened)
				c, _ := closing.Data.(IncidentClosed)
				out.Reopen = &Reopen{Seq: e.Seq, Time: e.At, Actor: e.Actor, Reason: p.Reason,
					ClosedAt: closing.At, ClosedBy: closing.Actor, ClosedSeq: closing.Seq, Summary: c.Summary}
			}
			// A later close is not the one the head sealed.
			closedAtHead = false
		case closed:
			why, args := "after-close", []any{"Closed", closing.Seq, "Type", e.Type}
			detail := fmt.Sprintf("seq %d (%s) follows the close at seq %d", e.Seq, e.Type, closing.Seq)
			if closedAtHead {
				why = "after-sealed-close"
				detail += fmt.Sprintf(", sealed by the head at seq %d", rep.Sealed.Seq)
			}
			out.Break = &journal.Break{Line: i + 1, Seq: e.Seq, Kind: KindAfterClose, Why: why, Args: args, Detail: detail,
				Follow: len(events) - i - 1}
			out.Closed = true
			return out
		case e.Type == TypeIncidentClosed:
			closed, closing = true, e
		}
		if rep.Sealed != nil && e.Seq == rep.Sealed.Seq {
			closedAtHead = closed
		}
	}
	out.Closed = closed
	switch {
	case closed && rep.Sealed == nil:
		out.Break = &journal.Break{Kind: KindNoHead, Why: "no-head",
			Detail: "the incident is closed but no signed head was checked: timeline.head is missing"}
	case ticket && out.Reopen != nil:
		r := out.Reopen
		out.Break = &journal.Break{Line: int(r.Seq), Seq: r.Seq, Kind: KindReopenedAfterHead, Why: "reopened-after-head",
			Args:   []any{"Sealed", rep.Sealed.Seq, "Actor", r.Actor, "At", r.Time.Format(time.RFC3339), "Reason", r.Reason},
			Detail: fmt.Sprintf("the head seals seq %d, when the incident was closed; %s reopened it at %s: %s", rep.Sealed.Seq, r.Actor, r.Time.Format(time.RFC3339), r.Reason),
			Follow: len(events) - int(r.Seq)}
	}
	return out
}
