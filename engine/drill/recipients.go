package drill

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Steps and expectations about a duty owed to several recipients (format
// version 2): reach = "duty/recipient" reaches one, and expect.reached
// lists the recipients that must have been reached at the end.

// ActionReach reaches one recipient of a duty: reach = "duty/recipient",
// with by. The last recipient reached completes the duty.
const ActionReach Action = "reach"

// RecipientRef names one recipient of a duty, written "duty/recipient":
// a role or party of its contacts list, or an entry of its for_each field
// as written (which may itself hold a slash).
type RecipientRef struct {
	Duty, Recipient string
}

// String writes the reference as a scenario does.
func (r RecipientRef) String() string { return r.Duty + "/" + r.Recipient }

// recipientRef reads "duty/recipient" at key of t and checks it against
// the runbook: the duty has recipients, and a contacts list names the
// recipient (a for_each field's entries are only known in the incident).
func (p *parser) recipientRef(t runbook.Table, what runbook.Msg, key, value string) (RecipientRef, bool) {
	duty, recipient, ok := strings.Cut(value, "/")
	if !ok || duty == "" || strings.TrimSpace(recipient) == "" {
		if value != "" {
			t.Error(key, msgBadRecipientRef, runbook.Part("What", what), runbook.Quoted("Value", value))
		}
		return RecipientRef{}, false
	}
	ref := RecipientRef{duty, recipient}
	if p.rb == nil {
		return ref, true
	}
	d := p.rb.Duty(duty)
	switch {
	case d == nil:
		t.Dangling(key, msgUnknownDuty, duty, dutyIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Duty", duty), runbook.Plain("Runbook", p.rb.ID))
	case !d.HasRecipients():
		t.Error(key, msgNoRecipients, runbook.Part("What", what), runbook.Quoted("Duty", duty))
	case len(d.Recipients) > 0 && !slices.Contains(d.Recipients, recipient):
		t.Dangling(key, msgUnknownRecipient, recipient, d.Recipients, runbook.Part("What", what), runbook.Quoted("Duty", duty), runbook.Quoted("Recipient", recipient))
	}
	return ref, true
}

// reachStep reads a reach step.
func (p *parser) reachStep(t runbook.Table, what runbook.Msg, value string, st *Step) {
	if ref, ok := p.recipientRef(t, what, string(ActionReach), value); ok {
		st.Duty, st.Recipient = ref.Duty, ref.Recipient
	}
	st.By = t.Line("by")
}

// expectReached reads expect.reached.
func (p *parser) expectReached(e runbook.Table, what runbook.Msg) []RecipientRef {
	var out []RecipientRef
	for i, raw := range e.Strings("reached") {
		if ref, ok := p.recipientRef(e, what, fmt.Sprintf("reached[%d]", i), raw); ok {
			out = append(out, ref)
		}
	}
	return out
}

// scoreRecipients returns the recipients of expect.reached not reached at
// the end (waived ones are not reached).
func scoreRecipients(sc *Scenario, st *incident.State) (notReached []RecipientRef) {
	for _, r := range sc.Expect.Reached {
		if d := st.Duty(r.Duty); d == nil || d.Reach(r.Recipient).Status != incident.ReachReached {
			notReached = append(notReached, r)
		}
	}
	return notReached
}

func playReach(s *incident.Session, st Step, actor string) error {
	return s.ReachRecipient(actor, st.Duty, st.Recipient, st.By, "")
}

var (
	msgBadRecipientRef  = msg("bad-recipient-ref", "bad-value", "What", "Value")
	msgNoRecipients     = msg("no-recipients", "bad-value", "What", "Duty")
	msgUnknownRecipient = msg("unknown-recipient", "dangling-ref", "What", "Duty", "Recipient", "Hint")
)

func recipientMessages() []runbook.Message {
	return []runbook.Message{msgBadRecipientRef, msgNoRecipients, msgUnknownRecipient}
}
