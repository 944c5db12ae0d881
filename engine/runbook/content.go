package runbook

// The content of a duty beyond its clock (format version 2): a checklist
// of items ticked one by one, and an approval by a role before the duty
// may be marked done.

// Keys of a checklist item and of an approval.
var (
	itemKeys     = []string{"id", "text", "required"}
	approvalKeys = []string{"by"}
)

// Item is one entry of a duty's checklist (`items = [{ id, text,
// required }]`): the vendor's first report names the product, the
// symptom, the time it began. Each is ticked (and unticked) on its own,
// and the journal records who ticked it and when.
type Item struct {
	ID   string
	Text string
	// Required items must be ticked before the duty is marked done;
	// marking it done with one unticked asks first, and the journal says
	// which were left.
	Required bool
	Pos      Pos

	at loc
}

// Approval says that a role must approve a duty before it may be marked
// done (`approval = { by = "ic" }`): the IC approves the public notice,
// legal directs the regulator report.
type Approval struct {
	By  string // role id
	Pos Pos

	at loc
}

// Item returns the checklist item with the id, or nil.
func (d *Duty) Item(id string) *Item {
	for _, it := range d.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

// parseContent reads a duty's checklist and approval; both are new in
// format version 2.
func parseContent(d obj, du *Duty) {
	d.since(2, "items", "approval")
	for i, o := range d.list("items", msgKindItem) {
		iw := subjectOfEntry(&msgKindItem, o, i).of(&msgKindDuty, du.ID)
		o.allow(iw, itemKeys...)
		it := &Item{at: o.loc, Pos: o.pos("")}
		it.ID = o.reqStr(iw, "id", lineText, exItemID)
		if it.ID != "" {
			checkID(o.r, o.loc, "id", msgKindItem, it.ID)
			if du.Item(it.ID) != nil {
				o.r.fail(o.loc, "id", msgDuplicateItem, Quoted("Duty", du.ID), Quoted("ID", it.ID))
			}
		}
		it.Text = o.reqStr(iw, "text", lineText, exItemText)
		it.Required, _ = o.boolean("required")
		du.Items = append(du.Items, it)
	}
	if a, ok := d.table("approval"); ok {
		aw := subjectFixed(&msgWhatApproval).of(&msgKindDuty, du.ID)
		a.allow(aw, approvalKeys...)
		du.Approval = &Approval{at: a.loc, Pos: a.pos("")}
		du.Approval.By = a.reqStr(aw, "by", lineText, exApprovalBy)
	}
}

// dutyContent checks what a duty's content refers to: an approval by a
// role that exists, and that someone holds.
func (v *validator) dutyContent(d *Duty) {
	a := d.Approval
	if a == nil || a.By == "" {
		return
	}
	role := v.rb.Role(a.By)
	if role == nil {
		v.dangling(a.at, "by", msgUnknownApprover, a.By, ids(v.rb.Roles, func(r *Role) string { return r.ID }), Quoted("Duty", d.ID), Quoted("Role", a.By))
		return
	}
	if role.Assignee == "" {
		v.r.warn(a.at, "by", msgApproverUnheld, Quoted("Duty", d.ID), Quoted("Role", a.By))
	}
}

// The messages of this file, declared as the others in messages.go.
var (
	msgDuplicateItem   = msg("diag.duplicate-item", "duplicate-id", "Duty", "ID")
	msgUnknownApprover = msg("diag.unknown-approver", "dangling-ref", "Duty", "Role", "Hint")
	msgApproverUnheld  = msg("diag.approver-unheld", "approver-unheld", "Duty", "Role")
	msgKindItem        = msg("kind.item", "")
	msgWhatApproval    = msg("what.approval", "", "Whole")
	exItemID           = msg("example.item-id", "")
	exItemText         = msg("example.item-text", "")
	exApprovalBy       = msg("example.approval-by", "")
)

func contentMessages() []Message {
	return []Message{msgDuplicateItem, msgUnknownApprover, msgApproverUnheld, msgKindItem, msgWhatApproval, exItemID, exItemText, exApprovalBy}
}
