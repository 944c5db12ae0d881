package drill

import (
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Steps and expectations about a duty's content (format version 2): its
// checklist items and its approval.

// ItemRef names one checklist item of a duty, written "duty/item".
type ItemRef struct {
	Duty, Item string
}

// String writes the reference as a scenario does.
func (r ItemRef) String() string { return r.Duty + "/" + r.Item }

// itemRef reads "duty/item" at key of t and checks both against the
// runbook; ok is false when it cannot be read.
func (p *parser) itemRef(t runbook.Table, what runbook.Msg, key, value string) (ItemRef, bool) {
	duty, item, ok := strings.Cut(value, "/")
	if !ok || duty == "" || item == "" || strings.Contains(item, "/") {
		if value != "" {
			t.Error(key, msgBadItemRef, runbook.Part("What", what), runbook.Quoted("Value", value))
		}
		return ItemRef{}, false
	}
	if p.rb == nil {
		return ItemRef{duty, item}, true
	}
	d := p.rb.Duty(duty)
	if d == nil {
		t.Dangling(key, msgUnknownDuty, duty, dutyIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Duty", duty), runbook.Plain("Runbook", p.rb.ID))
		return ItemRef{duty, item}, true
	}
	if d.Item(item) == nil {
		ids := make([]string, len(d.Items))
		for i, it := range d.Items {
			ids[i] = it.ID
		}
		t.Dangling(key, msgUnknownItem, item, ids, runbook.Part("What", what), runbook.Quoted("Duty", duty), runbook.Quoted("Item", item))
	}
	return ItemRef{duty, item}, true
}

// dutyOf returns the runbook's duty id, or nil (without a runbook too).
func (p *parser) dutyOf(id string) *runbook.Duty {
	if p.rb == nil || id == "" {
		return nil
	}
	return p.rb.Duty(id)
}

var (
	msgBadItemRef  = msg("bad-item-ref", "bad-value", "What", "Value")
	msgUnknownItem = msg("unknown-item", "dangling-ref", "What", "Duty", "Item", "Hint")
	msgNoApproval  = msg("no-approval", "bad-value", "What", "Duty")
)

func contentMessages() []runbook.Message {
	return []runbook.Message{msgBadItemRef, msgUnknownItem, msgNoApproval}
}

// scoreContent returns the expected ticks that are not ticked at the end,
// and the expected approvals not given in the role the runbook names.
func scoreContent(sc *Scenario, st *incident.State) (notTicked []ItemRef, notApproved []string) {
	for _, r := range sc.Expect.Ticked {
		if d := st.Duty(r.Duty); d == nil || !d.Mark(r.Item).Ticked {
			notTicked = append(notTicked, r)
		}
	}
	for _, id := range sc.Expect.Approved {
		d := st.Duty(id)
		if d == nil || d.Approved == nil || d.Spec.Approval == nil || d.Approved.Role != d.Spec.Approval.By {
			notApproved = append(notApproved, id)
		}
	}
	return notTicked, notApproved
}
