package incident

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
	claimedtime "github.com/shodo-dev/shodo/internal/claimed"
)

// A duty's report fields (runbook format version 2): the facts a report
// carries, filled in during the incident, each set on the journal with who
// and when. A later set replaces the value; a set to nothing clears it. A
// set after the duty was done is a correction — a regulator's report is
// often amended — recorded with the value it replaces; a closed incident
// takes none (closed means closed).

// TypeFieldSet is the event type of a field filled in, changed or cleared.
const TypeFieldSet = "duty.field-set"

// FieldSet fills in one report field of a running duty. Value is the value
// as the field's kind reads it — text, a number ("1200"), a time (RFC
// 3339), one of a choice's options, "true" or "false" — and Values the
// entries of a list; both empty clear the field. The event's actor is who
// filled it in, its time when.
type FieldSet struct {
	Duty   string   `json:"duty"`
	Field  string   `json:"field"`
	Value  string   `json:"value"`
	Values []string `json:"values,omitempty"`
	// Correction marks a set made after the duty was done: the report
	// went out with the value Was (or the entries WasValues; both empty
	// when the field was empty), and this corrects it. Absent from
	// journals written before corrections existed, which could set a
	// field only while its duty ran.
	Correction bool     `json:"correction,omitempty"`
	Was        string   `json:"was,omitempty"`
	WasValues  []string `json:"was_values,omitempty"`
}

// EventType implements Payload.
func (FieldSet) EventType() string { return TypeFieldSet }

// Empty reports whether the set clears the field.
func (p FieldSet) Empty() bool { return p.Value == "" && len(p.Values) == 0 }

// FieldValue is where one report field of a duty stands: its value and the
// set that put it there (zero Seq when never filled in).
type FieldValue struct {
	Field  string
	Value  string
	Values []string // a list's entries
	Seq    uint64
	Time   time.Time
	Actor  string
	// Corrected says the value was set after the duty was done.
	Corrected bool
	// Earlier are the values it had before, oldest first, each as it
	// was set: what a report sent before a correction said.
	Earlier []FieldValue
}

// Filled reports whether the field has a value.
func (v FieldValue) Filled() bool { return v.Value != "" || len(v.Values) > 0 }

// FieldValue returns where the duty's field id stands (a zero FieldValue
// for a field never filled in).
func (d *Duty) FieldValue(id string) FieldValue {
	for _, v := range d.Values {
		if v.Field == id {
			return v
		}
	}
	return FieldValue{Field: id}
}

// EmptyFields returns the ids of the duty's required fields that have no
// value, in runbook order.
func (d *Duty) EmptyFields() []string {
	var out []string
	for _, f := range d.Spec.Fields {
		if f.Required && !d.FieldValue(f.ID).Filled() {
			out = append(out, f.ID)
		}
	}
	return out
}

// Field returns where the report field id stands, whichever duty carries
// it (field ids are unique in a runbook), and that duty; a zero value and
// nil when the duty has not started or no duty has the field.
func (s *State) Field(id string) (FieldValue, *Duty) {
	_, spec := s.Runbook.Field(id)
	if spec == nil {
		return FieldValue{Field: id}, nil
	}
	d := s.Duty(spec.ID)
	if d == nil {
		return FieldValue{Field: id}, nil
	}
	return d.FieldValue(id), d
}

func (s *State) foldFieldSet(e Event, p FieldSet) {
	var d *Duty
	if p.Correction {
		// A correction follows a done; a reopened duty that runs again
		// keeps it all the same.
		if d = s.dutyFor(e, p.Duty); d != nil && d.Status != StatusDone && d.Status != StatusRunning {
			s.problem(e, "duty-not-running", Code("Type", e.Type), Quoted("Duty", p.Duty), statusWord(d.Status))
			d = nil
		}
	} else {
		d = s.runningDuty(e, p.Duty)
	}
	if d == nil {
		return
	}
	if d.Spec.Field(p.Field) == nil {
		s.problem(e, "unknown-field", Quoted("Duty", p.Duty), Quoted("Field", p.Field))
		return
	}
	v := FieldValue{Field: p.Field, Value: p.Value, Values: p.Values, Seq: e.Seq, Time: e.Time, Actor: e.Actor, Corrected: p.Correction}
	for i := range d.Values {
		if d.Values[i].Field == p.Field {
			old := d.Values[i]
			// A new slice: a snapshot taken before shares the old one.
			v.Earlier = append(append(make([]FieldValue, 0, len(old.Earlier)+1), old.Earlier...), FieldValue{Field: old.Field, Value: old.Value, Values: old.Values,
				Seq: old.Seq, Time: old.Time, Actor: old.Actor, Corrected: old.Corrected})
			d.Values[i] = v
			return
		}
	}
	d.Values = append(d.Values, v)
}

// SetField fills in a report field of a running duty, replacing its value;
// on a done duty it corrects the value the report went out with, which
// the event keeps (a waived or withdrawn duty, and a closed incident,
// take no value). values are the entries of a list field, or the one
// value of any other kind as a person wrote it; none clears the field.
// Each value is checked against the field's kind (ErrFieldValue says why
// one is refused) and recorded in the kind's one form: a number without
// grouping, a time in RFC 3339, a bool as true or false.
func (s *Session) SetField(actor, duty, field string, values []string) error {
	now := s.Now()
	return s.command(asked("fill "+duty+"/"+field, "fill", Code("Duty", duty), Code("Field", field)), actor, func(st *State) (Payload, error) {
		d := st.Duty(duty)
		if d == nil || d.Status != StatusDone {
			var err error
			if d, err = clockedDuty(st, duty); err != nil {
				return nil, err
			}
		}
		f := d.Spec.Field(field)
		if f == nil {
			known := make([]string, 0, len(d.Spec.Fields))
			for _, f := range d.Spec.Fields {
				known = append(known, f.ID)
			}
			return nil, refuse(ErrUnknownField, fmt.Sprintf("%v %q of %q; it has %v", ErrUnknownField, field, duty, known), "unknown-field", Quoted("Field", field), Quoted("Duty", duty), Code("Known", listed(known)))
		}
		p, err := fieldSet(d.ID, f, values, now)
		if err != nil || d.Status != StatusDone {
			return p, err
		}
		was := d.FieldValue(field)
		p.Correction, p.Was, p.WasValues = true, was.Value, was.Values
		return p, nil
	})
}

// fieldSet checks values against the field's kind and returns the event
// that records them.
func fieldSet(duty string, f *runbook.Field, values []string, now time.Time) (FieldSet, error) {
	p := FieldSet{Duty: duty, Field: f.ID}
	var kept []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			kept = append(kept, v)
		}
	}
	if len(kept) == 0 {
		return p, nil // cleared
	}
	if f.Kind == runbook.FieldList {
		p.Values = kept
		return p, nil
	}
	if len(kept) > 1 {
		return p, refuse(ErrFieldValue, fmt.Sprintf("%v: %q takes one value, not %d", ErrFieldValue, f.ID, len(kept)), "field-one-value", Quoted("Field", f.ID), Number("N", float64(len(kept))))
	}
	v, err := FieldText(f, kept[0], now)
	p.Value = v
	return p, err
}

// FieldText reads text as a value of field f, as SetField records it:
// an edge calls it to check a value as it is typed. now is what a date
// without a day (a bare time) is read against.
func FieldText(f *runbook.Field, text string, now time.Time) (string, error) {
	text = strings.TrimSpace(text)
	// bad refuses the value: what stands between the field and the value
	// in English is the message's own, "is not a number".
	bad := func(name, is string, args ...Arg) error {
		return refuse(ErrFieldValue, fmt.Sprintf("%v: %q %s: %q", ErrFieldValue, f.ID, is, text), name, append([]Arg{Quoted("Field", f.ID), Quoted("Value", text)}, args...)...)
	}
	switch f.Kind {
	case runbook.FieldNumber:
		// People write thousands with separators: 1,200 and 1,200.5.
		n, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
		if err != nil {
			return "", bad("field-not-number", "is not a number")
		}
		return strconv.FormatFloat(n, 'f', -1, 64), nil
	case runbook.FieldDate:
		at, err := claimedtime.Parse(text, now)
		var refused *claimedtime.Error
		if errors.As(err, &refused) && refused.Code == claimedtime.CodeLater {
			// A report's date may be one to come (when people will be
			// told): a claimed time may not, a field may.
			at, err = refused.Time, nil
		}
		if err != nil || at.IsZero() {
			return "", bad("field-not-date", "is not a date and time")
		}
		return at.In(now.Location()).Format(time.RFC3339), nil
	case runbook.FieldChoice:
		for _, o := range f.Options {
			if o == text {
				return o, nil
			}
		}
		return "", bad("field-not-option", "is not one of "+listed(f.Options), Code("Options", listed(f.Options)))
	case runbook.FieldBool:
		switch strings.ToLower(text) {
		case "true", "yes":
			return "true", nil
		case "false", "no":
			return "false", nil
		}
		return "", bad("field-not-bool", "is not yes or no")
	}
	return text, nil
}

// Fields is an Arg naming report fields of the duty by their ids; an edge
// writes them with their labels.
func Fields(name, duty string, ids []string) Arg {
	return Arg{Name: name, Kind: ArgFields, Text: strings.Join(ids, ","), Of: duty}
}

func sentenceFieldSet(p FieldSet) Sentence {
	field := Fields("Field", p.Duty, []string{p.Field})
	if p.Correction {
		return sentenceCorrection(p, field)
	}
	switch {
	case p.Empty():
		return Say("field-cleared", Ref("Duty", ArgDuty, p.Duty), field)
	case len(p.Values) > 0:
		return Say("field-set", Ref("Duty", ArgDuty, p.Duty), field, Line("Value", strings.Join(p.Values, "; ")))
	}
	return Say("field-set", Ref("Duty", ArgDuty, p.Duty), field, Arg{Name: "Value", Kind: ArgFieldValue, Text: p.Value, Of: p.Duty + "/" + p.Field})
}

// sentenceCorrection tells a field corrected after its duty was done: the
// new value (or that it was cleared) and the one the report went out with.
func sentenceCorrection(p FieldSet, field Arg) Sentence {
	value := func(name, v string, vs []string) Arg {
		if len(vs) > 0 {
			return Line(name, strings.Join(vs, "; "))
		}
		return Arg{Name: name, Kind: ArgFieldValue, Text: v, Of: p.Duty + "/" + p.Field}
	}
	args := []Arg{Ref("Duty", ArgDuty, p.Duty), field}
	name := "field-corrected"
	if p.Empty() {
		name = "field-correction-cleared"
	} else {
		args = append(args, value("Value", p.Value, p.Values))
	}
	if p.Was == "" && len(p.WasValues) == 0 {
		return Say(name+"-was-empty", args...)
	}
	return Say(name, append(args, value("Was", p.Was, p.WasValues))...)
}

// Refusals of a report field's commands.
var (
	// ErrUnknownField names a report field the duty does not have.
	ErrUnknownField = errors.New("unknown report field")
	// ErrFieldValue is returned by SetField for a value its field's kind
	// cannot take: a number that is none, an option the choice does not
	// have.
	ErrFieldValue = errors.New("value does not fit the report field")
	// ErrFieldsEmpty is returned by DutyDone while required report fields
	// are empty: ask the person, then DutyDoneUnticked, as for the
	// required items of a checklist.
	ErrFieldsEmpty = errors.New("required report fields are empty")
)

// checkFields refuses, unless confirmed, to complete a duty with required
// report fields empty — the rule of a checklist's required items, applied
// to fields — and returns the fields left empty.
func checkFields(d *Duty, confirmed bool) ([]string, error) {
	empty := d.EmptyFields()
	if len(empty) > 0 && !confirmed {
		return nil, refuse(ErrFieldsEmpty, fmt.Sprintf("%v: %q: %s", ErrFieldsEmpty, d.ID, strings.Join(empty, ", ")), "fields-empty", Quoted("Duty", d.ID), Fields("Fields", d.ID, empty))
	}
	return empty, nil
}
