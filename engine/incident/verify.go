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
	// KindCloseNotSealed: the incident is closed, but the signed head
	// checked seals an earlier record than its last close: the records
	// after the head, the close among them, were never sealed. A session
	// seals every close it writes; a crash between closing and sealing
	// is mended by resuming the incident, so this is what records appended
	// behind shodo's back (a forged reopen and close) look like.
	KindCloseNotSealed journal.Kind = "close-not-sealed"
)

// Anchor tells CheckLife which heads verify checked besides the chain.
type Anchor struct {
	// Ticket says rep.Sealed is a copy kept off this machine (verify
	// --head FILE), not the incident's own timeline.head.
	Ticket bool
	// PinSeq is the seq a ticket's paragraph pins (verify --head
	// PARAGRAPH), 0 when none. A paragraph carries no signature, so
	// rep.Sealed is then the local head, checked as usual, and the pin is
	// the anchor kept off this machine.
	PinSeq uint64
}

// seq is the seq of the head kept off this machine, 0 when none.
func (a Anchor) seq(rep journal.Report) uint64 {
	switch {
	case a.PinSeq > 0:
		return a.PinSeq
	case a.Ticket && rep.Sealed != nil:
		return rep.Sealed.Seq
	}
	return 0
}

// LifeCheck is what CheckLife found.
type LifeCheck struct {
	// Break is the first break in the incident's life, nil when none.
	Break *journal.Break
	// Closed says whether the journal ends closed.
	Closed bool
	// Reopen is the reopening that followed the head checked (the pin,
	// when a ticket's paragraph was given), when that head sealed the
	// incident closed; nil otherwise.
	Reopen *Reopen
}

// CheckLife checks an incident's life on the events of a journal that
// verified (rep.OK()): no record but a reopen after a close; a closed
// incident has a signed head (rep.Sealed; none fails with KindNoHead);
// the incident's own head seals its last close (KindCloseNotSealed); and,
// when the head kept off this machine (anchor) sealed the incident closed,
// no reopen after it (KindReopenedAfterHead). A reopen after the
// incident's own local head is reported in Reopen but is no break while
// the incident is open: closing again seals a new head.
func CheckLife(events []Event, rep journal.Report, anchor Anchor) LifeCheck {
	var out LifeCheck
	headSeq := anchor.seq(rep)
	if headSeq == 0 && rep.Sealed != nil {
		headSeq = rep.Sealed.Seq
	}
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
				detail += fmt.Sprintf(", sealed by the head at seq %d", headSeq)
			}
			out.Break = &journal.Break{Line: i + 1, Seq: e.Seq, Kind: KindAfterClose, Why: why, Args: args, Detail: detail,
				Follow: len(events) - i - 1}
			out.Closed = true
			return out
		case e.Type == TypeIncidentClosed:
			closed, closing = true, e
		}
		if headSeq != 0 && e.Seq == headSeq {
			closedAtHead = closed
		}
	}
	out.Closed = closed
	switch {
	case closed && rep.Sealed == nil:
		out.Break = &journal.Break{Kind: KindNoHead, Why: "no-head",
			Detail: "the incident is closed but no signed head was checked: timeline.head is missing"}
	case closed && !anchor.Ticket && rep.Sealed.Seq < closing.Seq:
		// The incident's own head must cover the close the journal ends
		// on: the chain is unkeyed, so a reopen and a close appended after
		// the sealed close chain as well as real ones.
		out.Break = &journal.Break{Line: int(rep.Sealed.Seq) + 1, Seq: rep.Sealed.Seq + 1, Kind: KindCloseNotSealed, Why: "close-not-sealed",
			Args:   []any{"Closed", closing.Seq, "Sealed", rep.Sealed.Seq},
			Detail: fmt.Sprintf("the incident ends closed at seq %d, but its head seals only up to seq %d", closing.Seq, rep.Sealed.Seq),
			Follow: len(events) - int(rep.Sealed.Seq) - 1}
	case anchor.seq(rep) != 0 && out.Reopen != nil:
		r := out.Reopen
		out.Break = &journal.Break{Line: int(r.Seq), Seq: r.Seq, Kind: KindReopenedAfterHead, Why: "reopened-after-head",
			Args:   []any{"Sealed", headSeq, "Actor", r.Actor, "At", r.Time.Format(time.RFC3339), "Reason", r.Reason},
			Detail: fmt.Sprintf("the head seals seq %d, when the incident was closed; %s reopened it at %s: %s", headSeq, r.Actor, r.Time.Format(time.RFC3339), r.Reason),
			Follow: len(events) - int(r.Seq)}
	}
	return out
}
