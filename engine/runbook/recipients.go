package runbook

import (
	"slices"
	"strings"
)

// Recipients (format version 2): one act owed to several recipients — the
// police and the insurer told of a ransomware attack — or to a set known
// only during the incident — every member-state authority whose citizens
// are affected. `contacts = ["police", "insurer"]` names them in the
// runbook; `for_each = "field:authorities"` takes them from a list field
// filled in during the incident. Each recipient is reached (or waived) on
// its own, and the duty is done when every one is.

// ForEachPrefix is how a for_each names the list field its recipients come
// from: for_each = "field:<id>".
const ForEachPrefix = "field:"

// HasRecipients reports whether the duty is owed to several recipients,
// each reached on its own: a list of contacts or a for_each.
func (d *Duty) HasRecipients() bool { return len(d.Recipients) > 0 || d.ForEach != "" }

// ContactIDs are the roles and parties the duty contacts, in the order
// written: its one contacts, its list, or none (an action, or a for_each
// whose recipients are only known during the incident).
func (d *Duty) ContactIDs() []string {
	if d.Contacts != "" {
		return []string{d.Contacts}
	}
	return d.Recipients
}

// parseContacts reads a duty's contacts: one role or party, or (format
// version 2) a list of them, and its for_each.
func parseContacts(d obj, what subject, du *Duty) {
	switch v := d.m["contacts"].(type) {
	case nil:
	case string:
		du.Contacts, _ = d.str("contacts", lineText)
	case []any:
		d.sinceValue(2, "contacts", "["+strings.Join(d.strs("contacts", lineText), ", ")+"]")
		du.Recipients = d.strs("contacts", lineText)
		if len(v) == 0 {
			d.r.fail(d.loc, "contacts", msgContactsEmpty, Part("What", what.msg()))
		}
		for i, id := range du.Recipients {
			if slices.Contains(du.Recipients[:i], id) {
				d.r.fail(loc{file: d.file, path: joinIndex(joinKey(d.path, "contacts"), i)}, "", msgContactsTwice, Part("What", what.msg()), Quoted("ID", id))
			}
		}
	default:
		d.wrongType("contacts", msgTypeStringOrList, v)
	}
	d.since(2, "for_each")
	raw, ok := d.str("for_each", lineText)
	if !ok {
		return
	}
	id, found := strings.CutPrefix(raw, ForEachPrefix)
	if !found || id == "" {
		d.r.fail(d.loc, "for_each", msgForEachForm, Part("What", what.msg()), Quoted("Value", raw))
		return
	}
	du.ForEach = id
	if d.has("contacts") {
		d.r.fail(d.loc, "for_each", msgForEachAndContacts, Part("What", what.msg()))
	}
}

// recipients checks what a duty's recipients name: each contact a role or
// party, and a for_each a list field of the runbook.
func (v *validator) recipients(d *Duty) {
	for i, id := range d.Recipients {
		if id != "" && !v.isActor(id) {
			l := loc{file: d.at.file, path: joinIndex(joinKey(d.at.path, "contacts"), i)}
			v.dangling(l, "", msgNotAnActor, id, v.actorIDs(), Quoted("Duty", d.ID), Plain("Key", "contacts"), Quoted("Value", id))
		}
	}
	if d.ForEach == "" {
		return
	}
	f, _ := v.rb.Field(d.ForEach)
	switch {
	case f == nil:
		var lists []string
		for _, du := range v.rb.Duties {
			for _, f := range du.Fields {
				if f.Kind == FieldList {
					lists = append(lists, f.ID)
				}
			}
		}
		v.dangling(d.at, "for_each", msgForEachUnknown, d.ForEach, lists, Quoted("Duty", d.ID), Quoted("Field", d.ForEach))
	case f.Kind != FieldList:
		v.r.fail(d.at, "for_each", msgForEachNotList, Quoted("Duty", d.ID), Quoted("Field", f.ID), Quoted("Kind", f.Kind))
	}
}

// The messages of this file, declared as the others in messages.go.
var (
	msgContactsEmpty      = msg("diag.contacts-empty", "bad-value", "What")
	msgContactsTwice      = msg("diag.contacts-twice", "duplicate-id", "What", "ID")
	msgForEachForm        = msg("diag.for-each-form", "bad-value", "What", "Value")
	msgForEachAndContacts = msg("diag.for-each-and-contacts", "bad-value", "What")
	msgForEachUnknown     = msg("diag.for-each-unknown", "dangling-ref", "Duty", "Field", "Hint")
	msgForEachNotList     = msg("diag.for-each-not-list", "bad-value", "Duty", "Field", "Kind")
)

func recipientMessages() []Message {
	return []Message{msgContactsEmpty, msgContactsTwice, msgForEachForm, msgForEachAndContacts, msgForEachUnknown, msgForEachNotList}
}

// RecipientMeans lists the means by which one recipient of d can be
// reached: the duty's own `by`, else every means of the party the
// recipient names. Empty means any: the recipient is a role, an entry of
// a for_each field, or a party that lists no means.
func (rb *Runbook) RecipientMeans(d *Duty, recipient string) []string {
	if len(d.By) > 0 {
		return d.By
	}
	var out []string
	if p := rb.Party(recipient); p != nil {
		for _, m := range p.Means {
			if !slices.Contains(out, m.By) {
				out = append(out, m.By)
			}
		}
	}
	return out
}
