package incident

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The content of a duty beyond its clock (runbook format version 2): its
// checklist, ticked item by item, and its approval by a role.

// Event types of a duty's content.
const (
	TypeItemTicked   = "duty.item-ticked"
	TypeItemUnticked = "duty.item-unticked"
	TypeDutyApproved = "duty.approved"
)

// ItemTicked ticks one item of a running duty's checklist. The event's
// actor is who ticked it, its time when.
type ItemTicked struct {
	Duty string `json:"duty"`
	Item string `json:"item"`
}

// ItemUnticked takes a tick back: the item was not done after all.
type ItemUnticked struct {
	Duty string `json:"duty"`
	Item string `json:"item"`
}

// DutyApproved records that a running duty was approved by the role its
// runbook names (`approval = { by = "ic" }`). The event's actor is who
// approved; Role is the role they approved in, as the runbook named it
// when they did.
type DutyApproved struct {
	Duty string `json:"duty"`
	Role string `json:"role"`
}

// EventType implements Payload.
func (ItemTicked) EventType() string { return TypeItemTicked }

// EventType implements Payload.
func (ItemUnticked) EventType() string { return TypeItemUnticked }

// EventType implements Payload.
func (DutyApproved) EventType() string { return TypeDutyApproved }

// Mark is where one checklist item of a duty stands: ticked or not, and
// the last tick or untick that put it there (zero Seq when never touched).
type Mark struct {
	Item   string
	Ticked bool
	Seq    uint64
	Time   time.Time
	Actor  string
}

// Approval is a duty's approval as recorded.
type Approval struct {
	Seq   uint64
	Time  time.Time
	Actor string // who approved
	Role  string // the role they approved in
}

// Mark returns where the duty's checklist item id stands (a zero Mark for
// an item never touched).
func (d *Duty) Mark(id string) Mark {
	for _, m := range d.Marks {
		if m.Item == id {
			return m
		}
	}
	return Mark{Item: id}
}

// Unticked returns the ids of the duty's required checklist items that are
// not ticked, in runbook order.
func (d *Duty) Unticked() []string {
	var out []string
	for _, it := range d.Spec.Items {
		if it.Required && !d.Mark(it.ID).Ticked {
			out = append(out, it.ID)
		}
	}
	return out
}

// NeedsApproval reports whether the duty waits for an approval it does not
// have.
func (d *Duty) NeedsApproval() bool {
	return d.Spec.Approval != nil && d.Approved == nil
}

func (d *Duty) setMark(e Event, item string, ticked bool) {
	m := Mark{Item: item, Ticked: ticked, Seq: e.Seq, Time: e.Time, Actor: e.Actor}
	for i := range d.Marks {
		if d.Marks[i].Item == item {
			d.Marks[i] = m
			return
		}
	}
	d.Marks = append(d.Marks, m)
}

func (s *State) foldItemTicked(e Event, p ItemTicked) {
	if d := s.checklistDuty(e, p.Duty, p.Item); d != nil {
		d.setMark(e, p.Item, true)
	}
}

func (s *State) foldItemUnticked(e Event, p ItemUnticked) {
	if d := s.checklistDuty(e, p.Duty, p.Item); d != nil {
		d.setMark(e, p.Item, false)
	}
}

func (s *State) foldApproved(e Event, p DutyApproved) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.Approved = &Approval{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Role: p.Role}
	}
}

// checklistDuty returns the running duty of a tick whose checklist has the
// item, or records a problem: a journal from another runbook version.
func (s *State) checklistDuty(e Event, duty, item string) *Duty {
	d := s.runningDuty(e, duty)
	if d == nil {
		return nil
	}
	if d.Spec.Item(item) == nil {
		s.problem(e, "unknown-item", Quoted("Duty", duty), Quoted("Item", item))
		return nil
	}
	return d
}

// TickItem ticks an item of a running duty's checklist.
func (s *Session) TickItem(actor, duty, item string) error {
	return s.command(asked("tick "+duty+"/"+item, "tick", Code("Duty", duty), Code("Item", item)), actor, func(st *State) (Payload, error) {
		d, err := checklistItem(st, duty, item)
		if err != nil {
			return nil, err
		}
		if d.Mark(item).Ticked {
			return nil, refuse(ErrItemTicked, fmt.Sprintf("%v: %q of %q", ErrItemTicked, item, duty), "item-ticked", Quoted("Item", item), Quoted("Duty", duty))
		}
		return ItemTicked{Duty: duty, Item: item}, nil
	})
}

// UntickItem takes back the tick of an item of a running duty's checklist.
func (s *Session) UntickItem(actor, duty, item string) error {
	return s.command(asked("untick "+duty+"/"+item, "untick", Code("Duty", duty), Code("Item", item)), actor, func(st *State) (Payload, error) {
		d, err := checklistItem(st, duty, item)
		if err != nil {
			return nil, err
		}
		if !d.Mark(item).Ticked {
			return nil, refuse(ErrItemNotTicked, fmt.Sprintf("%v: %q of %q", ErrItemNotTicked, item, duty), "item-not-ticked", Quoted("Item", item), Quoted("Duty", duty))
		}
		return ItemUnticked{Duty: duty, Item: item}, nil
	})
}

// Approve approves a running duty that waits for an approval, in the role
// its runbook names; actor is who approves.
func (s *Session) Approve(actor, duty string) error {
	return s.command(asked("approve "+duty, "approve", Code("Duty", duty)), actor, func(st *State) (Payload, error) {
		d, err := clockedDuty(st, duty)
		if err != nil {
			return nil, err
		}
		if d.Spec.Approval == nil {
			return nil, refuse(ErrNoApproval, fmt.Sprintf("%v: %q", ErrNoApproval, duty), "no-approval", Quoted("Duty", duty))
		}
		if a := d.Approved; a != nil {
			return nil, refuse(ErrAlreadyApproved, fmt.Sprintf("%v: %q at seq %d", ErrAlreadyApproved, duty, a.Seq), "already-approved", Quoted("Duty", duty), Number("Seq", float64(a.Seq)))
		}
		return DutyApproved{Duty: duty, Role: d.Spec.Approval.By}, nil
	})
}

// DutyDoneUnticked completes a running duty as DutyDone does, when the
// person marking it done was asked and confirmed that its required
// checklist items left unticked may stay so: the event names them.
func (s *Session) DutyDoneUnticked(actor, duty, means, note string) error {
	return s.dutyDone(actor, duty, means, note, time.Time{}, true)
}

// checkDone refuses to complete a duty that waits for its approval, or,
// unless confirmed, one with required checklist items unticked; it returns
// the items left unticked.
func checkDone(d *Duty, confirmed bool) ([]string, error) {
	if d.NeedsApproval() {
		role := d.Spec.Approval.By
		return nil, refuse(ErrNotApproved, fmt.Sprintf("%v: %q waits for %q", ErrNotApproved, d.ID, role), "not-approved", Quoted("Duty", d.ID), Quoted("Role", role))
	}
	left := d.Unticked()
	if len(left) > 0 && !confirmed {
		return nil, refuse(ErrItemsUnticked, fmt.Sprintf("%v: %q: %s", ErrItemsUnticked, d.ID, strings.Join(left, ", ")), "items-unticked", Quoted("Duty", d.ID), Items("Items", d.ID, left))
	}
	return left, nil
}

func checklistItem(st *State, duty, item string) (*Duty, error) {
	d, err := clockedDuty(st, duty)
	if err != nil {
		return nil, err
	}
	if d.Spec.Item(item) == nil {
		known := make([]string, 0, len(d.Spec.Items))
		for _, it := range d.Spec.Items {
			known = append(known, it.ID)
		}
		return nil, refuse(ErrUnknownItem, fmt.Sprintf("%v %q of %q; it has %v", ErrUnknownItem, item, duty, known), "unknown-item", Quoted("Item", item), Quoted("Duty", duty), Code("Known", listed(known)))
	}
	return d, nil
}

// Items is an Arg naming checklist items of the duty by their ids; an edge
// writes them with their texts.
func Items(name, duty string, ids []string) Arg {
	return Arg{Name: name, Kind: ArgItems, Text: strings.Join(slices.Clone(ids), ","), Of: duty}
}

// ItemIDs returns the ids of an ArgItems argument.
func (a Arg) ItemIDs() []string {
	if a.Text == "" {
		return nil
	}
	return strings.Split(a.Text, ",")
}

func sentenceItemTicked(p ItemTicked) Sentence {
	return Say("item-ticked", Ref("Duty", ArgDuty, p.Duty), Items("Item", p.Duty, []string{p.Item}))
}

func sentenceItemUnticked(p ItemUnticked) Sentence {
	return Say("item-unticked", Ref("Duty", ArgDuty, p.Duty), Items("Item", p.Duty, []string{p.Item}))
}

func sentenceApproved(p DutyApproved) Sentence {
	return Say("duty-approved", Ref("Duty", ArgDuty, p.Duty), Ref("Role", ArgRole, p.Role))
}

// Refusals of a duty's content commands.
var (
	// ErrUnknownItem names a checklist item the duty does not have.
	ErrUnknownItem = errors.New("unknown checklist item")
	// ErrItemTicked is returned by TickItem for an item already ticked.
	ErrItemTicked = errors.New("checklist item is already ticked")
	// ErrItemNotTicked is returned by UntickItem for an item not ticked.
	ErrItemNotTicked = errors.New("checklist item is not ticked")
	// ErrItemsUnticked is returned by DutyDone while required checklist
	// items are unticked: ask the person, then DutyDoneUnticked.
	ErrItemsUnticked = errors.New("required checklist items are not ticked")
	// ErrNoApproval is returned by Approve for a duty that needs none.
	ErrNoApproval = errors.New("duty needs no approval")
	// ErrAlreadyApproved is returned by Approve for a duty approved already.
	ErrAlreadyApproved = errors.New("duty is already approved")
	// ErrNotApproved is returned by DutyDone for a duty that waits for its
	// approval.
	ErrNotApproved = errors.New("duty is not approved yet")
)
