package tui

import (
	"github.com/shodo-dev/shodo/engine/incident"
)

// The content of a duty on the screen (runbook format version 2): its
// checklist, ticked item by item, and its approval by a role.

// checklistDialog ticks or unticks one item of a duty's checklist: the
// list shows each item with its mark, enter records the other mark for
// the one under the cursor.
type checklistDialog struct{ *form }

func newChecklistDialog(m *Model, d *incident.Duty) checklistDialog {
	var items []choice
	for _, it := range d.Spec.Items {
		items = append(items, choice{id: it.ID, label: m.itemLabel(d, it.ID), detail: m.itemDetail(d, it.ID)})
	}
	title, duty := dutyTitle(d.Spec), d.ID
	f := form{heading: m.tx.T("tui.dialog.checklist-title", "Duty", title),
		lists: []choiceList{{title: m.tx.T("tui.dialog.checklist-pick"), items: items}}}
	f.action = func(f *form) (action, bool) {
		item := f.picked(0)
		if item == "" {
			return action{}, false
		}
		if d.Mark(item).Ticked {
			return action{kind: actTick, label: labelPrefix(m.tx, "tui.keys.untick") + oneLine(d.Spec.Item(item).Text), run: func(e engine, actor string) error {
				return e.UntickItem(actor, duty, item)
			}}, true
		}
		return action{kind: actTick, label: labelPrefix(m.tx, "tui.keys.tick") + oneLine(d.Spec.Item(item).Text), run: func(e engine, actor string) error {
			return e.TickItem(actor, duty, item)
		}}, true
	}
	return checklistDialog{newForm(m.dark, f)}
}

// approveDialog approves a duty in the role its runbook names; the one
// entry of its list says which role, and who holds it now.
type approveDialog struct{ *form }

func newApproveDialog(m *Model, d *incident.Duty) approveDialog {
	role := d.Spec.Approval.By
	title, duty := dutyTitle(d.Spec), d.ID
	f := form{heading: m.tx.T("tui.dialog.approve-title", "Duty", title),
		lists: []choiceList{{title: m.tx.T("tui.dialog.approve-as"), items: []choice{{id: role, label: m.actorText(role)}}}}}
	f.action = func(*form) (action, bool) {
		return action{kind: actApprove, label: labelPrefix(m.tx, "tui.keys.approve") + title, run: func(e engine, actor string) error {
			return e.Approve(actor, duty)
		}}, true
	}
	return approveDialog{newForm(m.dark, f)}
}

// itemLabel is a checklist item as a line: its mark, its text, and
// whether it is required.
func (m Model) itemLabel(d *incident.Duty, id string) string {
	it := d.Spec.Item(id)
	mark := "[ ] "
	if d.Mark(id).Ticked {
		mark = "[x] "
	}
	text := oneLine(it.Text)
	if it.Required {
		text = m.tx.T("tui.duty.item-required", "Text", text)
	}
	return mark + text
}

// itemDetail says who last ticked or unticked an item, and when.
func (m Model) itemDetail(d *incident.Duty, id string) string {
	mk := d.Mark(id)
	switch {
	case mk.Seq == 0:
		return ""
	case mk.Ticked:
		return m.tx.T("tui.duty.item-ticked", "By", oneLine(mk.Actor), "Time", m.stamp(mk.Time))
	}
	return m.tx.T("tui.duty.item-unticked", "By", oneLine(mk.Actor), "Time", m.stamp(mk.Time))
}

// contentLines are the selected duty's approval and checklist, for its
// body in the duties pane.
func (m Model) contentLines(d *incident.Duty, w int) []string {
	const indent = "    "
	var lines []string
	if a := d.Spec.Approval; a != nil {
		if got := d.Approved; got != nil {
			lines = append(lines, cut(indent+m.tx.T("tui.duty.approved", "Role", m.actorText(got.Role), "By", oneLine(got.Actor), "Time", m.stamp(got.Time)), w))
		} else {
			lines = append(lines, m.st.warn.Render(cut(indent+m.tx.T("tui.duty.needs-approval", "Role", m.actorText(a.By)), w)))
		}
	}
	if len(d.Spec.Items) > 0 {
		ticked := 0
		for _, it := range d.Spec.Items {
			if d.Mark(it.ID).Ticked {
				ticked++
			}
		}
		lines = append(lines, cut(indent+m.tx.T("tui.duty.checklist", "Ticked", ticked, "Total", len(d.Spec.Items)), w))
		for _, it := range d.Spec.Items {
			lines = append(lines, cut(indent+"  "+m.itemLabel(d, it.ID), w))
		}
	}
	return lines
}

// checklistWhy says why the checklist key does not apply now.
func (m *Model) checklistWhy() string {
	if why := m.dutyWhy(); why != "" {
		return why
	}
	if len(m.selectedDuty().Spec.Items) == 0 {
		return m.tx.T("tui.why.no-checklist")
	}
	return ""
}

// approveWhy says why the approve key does not apply now.
func (m *Model) approveWhy() string {
	if why := m.dutyWhy(); why != "" {
		return why
	}
	switch d := m.selectedDuty(); {
	case d.Spec.Approval == nil:
		return m.tx.T("tui.why.no-approval")
	case d.Approved != nil:
		return m.tx.T("tui.why.approved")
	}
	return ""
}

// doneWhy says why a duty cannot be marked done now: besides dutyWhy, one
// that waits for its approval, and one owed to several recipients while
// any is open (the last one reached marks it done).
func (m *Model) doneWhy() string {
	if why := m.dutyWhy(); why != "" {
		return why
	}
	d := m.selectedDuty()
	if d.NeedsApproval() {
		return m.tx.T("tui.why.needs-approval", "Role", m.actorText(d.Spec.Approval.By))
	}
	if d.Spec.HasRecipients() {
		if why := m.recipientsWhy(); why != "" && m.inc.st.WaitsForRecipients(d) {
			return why
		}
		if open := m.inc.st.OpenRecipients(d); len(open) > 0 {
			return m.tx.T("tui.why.recipients-open", "Count", len(open))
		}
	}
	return ""
}

// selectedHas offers a key on the help bar when the duties pane has the
// focus and the duty under the cursor is running and has what the key
// works on: a key only some duties need stays off the bar for the others.
func selectedHas(has func(*incident.Duty) bool) func(m *Model) bool {
	return func(m *Model) bool {
		d := m.selectedDuty()
		return inPane(paneDuties)(m) && d != nil && d.Status == incident.StatusRunning && has(d)
	}
}
