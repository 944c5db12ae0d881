package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// A duty owed to several recipients on the screen (runbook format version
// 2: contacts as a list, for_each): each recipient listed in the duty's
// body with where it stands, and recorded one at a time with C.

// recipientSep joins a recipient and a means in a choice's id: neither a
// role id nor a field's entry (a line of text) holds a NUL.
const recipientSep = "\x00"

// recipientsDialog records one recipient of a duty: reached, tried, or
// not to be reached. The first list pairs each open recipient with each
// means it takes, with the number or address; the second says what
// happened; the text is the note, what the try came to, or why not.
type recipientsDialog struct{ *form }

// Outcomes the recipients dialog records, as the ids of its second list.
const (
	recipientReached = "reached"
	recipientTried   = "tried"
	recipientWaived  = "waived"
)

func newRecipientsDialog(m *Model, d *incident.Duty) recipientsDialog {
	st, rb := m.inc.st, m.inc.st.Runbook
	var pairs []choice
	for _, r := range st.OpenRecipients(d) {
		means := rb.RecipientMeans(d.Spec, r)
		if len(means) == 0 {
			pairs = append(pairs, choice{id: r + recipientSep, label: m.recipientName(r)})
			continue
		}
		for _, by := range means {
			detail := meansWord(m.tx, by)
			if to := partyMeansDetail(m.tx, rb, r, by); to != "" {
				detail += " " + to
			}
			pairs = append(pairs, choice{id: r + recipientSep + by, label: m.recipientName(r), detail: detail})
		}
	}
	outcomes := []choice{
		{id: recipientReached, label: m.tx.T("tui.dialog.recipient-reached")},
		{id: recipientTried, label: m.tx.T("tui.dialog.recipient-tried")},
		{id: recipientWaived, label: m.tx.T("tui.dialog.recipient-waived")},
	}
	title, duty := dutyTitle(d.Spec), d.ID
	f := form{heading: m.tx.T("tui.dialog.recipients-title", "Duty", title),
		lists: []choiceList{
			{title: m.tx.T("tui.dialog.recipients-pick"), items: pairs},
			{title: m.tx.T("tui.dialog.recipients-what"), items: outcomes},
		},
		empty:    m.tx.T("tui.dialog.recipients-none"),
		hasInput: true, inputTitle: m.tx.T("tui.dialog.recipients-text")}
	f.action = func(f *form) (action, bool) {
		recipient, means, ok := strings.Cut(f.picked(0), recipientSep)
		if !ok {
			return action{}, false
		}
		text, name := f.text(), oneLine(m.recipientName(recipient))
		switch f.picked(1) {
		case recipientTried:
			if text == "" {
				f.err = m.tx.T("tui.dialog.required")
				return action{}, false
			}
			return action{kind: actAttempt, label: labelPrefix(m.tx, "tui.keys.attempt") + name, run: func(e engine, actor string) error {
				return e.AttemptRecipient(actor, duty, recipient, means, text)
			}}, true
		case recipientWaived:
			if text == "" {
				f.err = m.tx.T("tui.dialog.required")
				return action{}, false
			}
			return action{kind: actWaive, label: labelPrefix(m.tx, "tui.keys.waive") + name, run: func(e engine, actor string) error {
				return e.WaiveRecipient(actor, duty, recipient, text)
			}}, true
		}
		return action{kind: actReach, label: labelPrefix(m.tx, "tui.keys.reach") + name, run: func(e engine, actor string) error {
			return e.ReachRecipient(actor, duty, recipient, means, text)
		}}, true
	}
	return recipientsDialog{newForm(m.dark, f)}
}

// recipientName names a recipient: a role or party by its title (a role
// with its holder), an entry of a for_each field as written.
func (m Model) recipientName(r string) string {
	return m.actorText(r)
}

// recipientsWhom is who a duty owed to several contacts, for its who ->
// whom line: the recipients' names, or the field they come from.
func (m Model) recipientsWhom(d *incident.Duty) string {
	if f := d.Spec.ForEach; f != "" {
		return m.tx.T("tui.duty.each-of", "Field", m.fieldLabel(f))
	}
	names := make([]string, len(d.Spec.Recipients))
	for i, r := range d.Spec.Recipients {
		names[i] = m.recipientName(r)
	}
	return strings.Join(names, m.tx.T("tui.dialog.list-separator"))
}

// fieldLabel is a report field's label, or its id.
func (m Model) fieldLabel(id string) string {
	if f, _ := m.inc.st.Runbook.Field(id); f != nil && f.Label != "" {
		return oneLine(f.Label)
	}
	return oneLine(id)
}

// recipientLines are the selected duty's recipients, for its body in the
// duties pane: how many are reached, or what the duty waits for, then each
// with where it stands.
func (m Model) recipientLines(d *incident.Duty, w int) []string {
	if !d.Spec.HasRecipients() {
		return nil
	}
	const indent = "    "
	st, tx := m.inc.st, m.tx
	if st.WaitsForRecipients(d) {
		carrier := ""
		if _, spec := st.Runbook.Field(d.Spec.ForEach); spec != nil {
			carrier = dutyTitle(spec)
		}
		var lines []string
		for _, l := range wrap(tx.T("tui.duty.recipients-wait", "Field", m.fieldLabel(d.Spec.ForEach), "Duty", carrier), max(1, w-len(indent))) {
			lines = append(lines, m.st.warn.Render(indent+l))
		}
		return lines
	}
	all := st.Recipients(d)
	reached := 0
	for _, r := range all {
		if d.Reach(r).Status == incident.ReachReached {
			reached++
		}
	}
	lines := []string{cut(indent+tx.T("tui.duty.recipients", "Reached", reached, "Total", len(all)), w)}
	for _, r := range all {
		lines = append(lines, cut(indent+"  "+m.recipientLine(d, r), w))
	}
	return lines
}

// recipientLine is one recipient as a line: its mark, its name, and who
// reached it when and how, why it is not reached, the last try, or how to
// reach it.
func (m Model) recipientLine(d *incident.Duty, r string) string {
	tx, name := m.tx, m.recipientName(r)
	switch rc := d.Reach(r); rc.Status {
	case incident.ReachReached:
		return tx.T("tui.duty.recipient-reached", "Recipient", name, "By", oneLine(rc.Actor), "Time", m.stamp(rc.Time), "Means", meansWord(tx, rc.Means))
	case incident.ReachWaived:
		return tx.T("tui.duty.recipient-waived", "Recipient", name, "Reason", oneLine(rc.Reason))
	}
	if tries := d.AttemptsAt(r); len(tries) > 0 {
		last := tries[len(tries)-1]
		return tx.T("tui.duty.recipient-tried", "Recipient", name, "Count", len(tries), "Time", m.stamp(last.Time), "Outcome", oneLine(last.Outcome))
	}
	// An open recipient that is a party shows how to reach it.
	if p := m.inc.st.Runbook.Party(r); p != nil && len(p.Means) > 0 {
		var ways []string
		for _, by := range m.inc.st.Runbook.RecipientMeans(d.Spec, r) {
			way := meansWord(tx, by)
			if to := partyMeansDetail(tx, m.inc.st.Runbook, r, by); to != "" {
				way += " " + to
			}
			ways = append(ways, way)
		}
		if len(ways) > 0 {
			return tx.T("tui.duty.recipient-open-means", "Recipient", name, "Means", strings.Join(ways, tx.T("tui.dialog.list-separator")))
		}
	}
	return tx.T("tui.duty.recipient-open", "Recipient", name)
}

// recipientsWhy says why the recipients key does not apply now.
func (m *Model) recipientsWhy() string {
	if why := m.dutyWhy(); why != "" {
		return why
	}
	d := m.selectedDuty()
	switch st := m.inc.st; {
	case !d.Spec.HasRecipients():
		return m.tx.T("tui.why.no-recipients")
	case st.WaitsForRecipients(d):
		return m.tx.T("tui.why.recipients-wait", "Field", m.fieldLabel(d.Spec.ForEach))
	case len(st.OpenRecipients(d)) == 0:
		return m.tx.T("tui.why.recipients-closed")
	}
	return ""
}

// firstOpenRecipient is the recipient a copied message is addressed to:
// the first not yet reached, or "" for a duty with one contacts.
func (m Model) firstOpenRecipient(d *incident.Duty) string {
	if !d.Spec.HasRecipients() {
		return d.Spec.Contacts
	}
	if open := m.inc.st.OpenRecipients(d); len(open) > 0 {
		return open[0]
	}
	return ""
}

// recipientsKey opens the recipients dialog.
func (m *Model) recipientsKey(tea.KeyPressMsg) tea.Cmd {
	return m.push(newRecipientsDialog(m, m.selectedDuty()))
}

// contactText is what {contact} says in a message to recipient: its name
// as the runbook gives it (no holder: the message goes to them), or the
// words for none.
func (m Model) contactText(rb *runbook.Runbook, recipient string) string {
	if recipient == "" {
		return m.tx.T("tui.message.no-contact")
	}
	return oneLine(rb.ActorTitle(recipient))
}
