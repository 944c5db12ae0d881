package runbook

import "slices"

// Report fields (format version 2): the facts a report must carry — the
// APPI's nine items, GDPR Art. 33(3)'s four, the number of records —
// declared on the duty that files the report and filled in during the
// incident, each set recorded with who and when.

// fieldKeys are the keys of one entry of a duty's fields.
var fieldKeys = []string{"id", "label", "kind", "required", "options"}

// Field kinds: what a field's value is, and so how it is checked when
// someone fills it in.
const (
	FieldText   = "text"   // free text
	FieldNumber = "number" // a number: "1200", "3.5"
	FieldDate   = "date"   // a time: "2026-11-25 14:30"
	FieldList   = "list"   // a list of text, one value per entry
	FieldChoice = "choice" // one of the field's options
	FieldBool   = "bool"   // yes or no
)

// FieldKinds lists the kinds a field may have, in the order docs list them
// (a new slice each call).
func FieldKinds() []string {
	return []string{FieldText, FieldNumber, FieldDate, FieldList, FieldChoice, FieldBool}
}

// Field is one fact a duty's report carries (`fields = [{ id, label, kind,
// required, options }]`). Its id names it in the whole runbook: a message
// of another duty may cite it as {field.<id>}.
type Field struct {
	ID    string
	Label string
	Kind  string // one of FieldKinds
	// Required fields must be filled before the duty is marked done;
	// marking it done with one empty asks first, as for the required
	// items of a checklist, and the journal says which were left.
	Required bool
	// Options are the values a choice may take; empty for other kinds.
	Options []string
	Pos     Pos

	at loc
}

// Field returns the duty's field with the id, or nil.
func (d *Duty) Field(id string) *Field {
	for _, f := range d.Fields {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// Field returns the field with the id and the duty that carries it, or
// nils: field ids are unique in a runbook.
func (rb *Runbook) Field(id string) (*Field, *Duty) {
	for _, d := range rb.Duties {
		if f := d.Field(id); f != nil {
			return f, d
		}
	}
	return nil, nil
}

// parseFields reads a duty's report fields, new in format version 2.
func parseFields(d obj, du *Duty) {
	d.since(2, "fields")
	for i, o := range d.list("fields", msgKindField) {
		fw := subjectOfEntry(&msgKindField, o, i).of(&msgKindDuty, du.ID)
		o.allow(fw, fieldKeys...)
		f := &Field{at: o.loc, Pos: o.pos("")}
		f.ID = o.reqStr(fw, "id", lineText, exFieldID)
		if f.ID != "" {
			checkID(o.r, o.loc, "id", msgKindField, f.ID)
			if du.Field(f.ID) != nil {
				o.r.fail(o.loc, "id", msgDuplicateField, Quoted("Duty", du.ID), Quoted("ID", f.ID))
			}
		}
		f.Label = o.reqStr(fw, "label", lineText, exFieldLabel)
		f.Kind = o.reqStr(fw, "kind", lineText, exFieldKind)
		if f.Kind != "" && !slices.Contains(FieldKinds(), f.Kind) {
			hint := DidYouMean(f.Kind, FieldKinds())
			if hint.ID == "" {
				hint = msgHintUseOneOf.With(QuotedList("Values", FieldKinds()))
			}
			o.r.fail(o.loc, "kind", msgUnknownKind, Part("What", fw.msg()), Quoted("Kind", f.Kind), Part("Hint", hint))
		}
		f.Required, _ = o.boolean("required")
		f.Options = o.strs("options", lineText)
		switch {
		case f.Kind == FieldChoice && len(f.Options) == 0:
			o.r.fail(o.loc, "", msgChoiceNoOptions, Part("What", fw.msg()))
		case f.Kind != FieldChoice && f.Kind != "" && o.has("options"):
			o.r.fail(o.loc, "options", msgOptionsNotChoice, Part("What", fw.msg()), Quoted("Kind", f.Kind))
		}
		du.Fields = append(du.Fields, f)
	}
}

// fields checks that no two duties of the runbook carry a field with the
// same id: {field.<id>} names one fact of the incident.
func (v *validator) fields() {
	seen := map[string]*Duty{}
	for _, d := range v.rb.Duties {
		for _, f := range d.Fields {
			if f.ID == "" {
				continue
			}
			first, dup := seen[f.ID]
			switch {
			case !dup:
				seen[f.ID] = d
			case first != d:
				v.r.fail(f.at, "id", msgFieldElsewhere, Quoted("Duty", d.ID), Quoted("ID", f.ID), Quoted("Other", first.ID))
			}
		}
	}
}

// The messages of this file, declared as the others in messages.go.
var (
	msgDuplicateField   = msg("diag.duplicate-field", "duplicate-id", "Duty", "ID")
	msgFieldElsewhere   = msg("diag.field-elsewhere", "duplicate-id", "Duty", "ID", "Other")
	msgChoiceNoOptions  = msg("diag.choice-no-options", "missing-key", "What")
	msgOptionsNotChoice = msg("diag.options-not-choice", "bad-value", "What", "Kind")
	msgKindField        = msg("kind.field", "")
	exFieldID           = msg("example.field-id", "")
	exFieldLabel        = msg("example.field-label", "")
	exFieldKind         = msg("example.field-kind", "")
)

func fieldMessages() []Message {
	return []Message{msgDuplicateField, msgFieldElsewhere, msgChoiceNoOptions, msgOptionsNotChoice, msgKindField, exFieldID, exFieldLabel, exFieldKind}
}
