package drill

import (
	"fmt"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Steps and expectations about a duty's report fields (format version 2):
// fill = "duty/field" with its value, and expect.filled.

// FieldRef names one report field of a duty, written "duty/field".
type FieldRef struct {
	Duty, Field string
}

// String writes the reference as a scenario does.
func (r FieldRef) String() string { return r.Duty + "/" + r.Field }

// fieldRef reads "duty/field" at key of t and checks both against the
// runbook; it returns the field too (nil without a runbook, or when
// unknown), and ok false when the reference cannot be read.
func (p *parser) fieldRef(t runbook.Table, what runbook.Msg, key, value string) (FieldRef, *runbook.Field, bool) {
	duty, field, ok := strings.Cut(value, "/")
	if !ok || duty == "" || field == "" || strings.Contains(field, "/") {
		if value != "" {
			t.Error(key, msgBadFieldRef, runbook.Part("What", what), runbook.Quoted("Value", value))
		}
		return FieldRef{}, nil, false
	}
	ref := FieldRef{duty, field}
	if p.rb == nil {
		return ref, nil, true
	}
	d := p.rb.Duty(duty)
	if d == nil {
		t.Dangling(key, msgUnknownDuty, duty, dutyIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Duty", duty), runbook.Plain("Runbook", p.rb.ID))
		return ref, nil, true
	}
	f := d.Field(field)
	if f == nil {
		ids := make([]string, len(d.Fields))
		for i, f := range d.Fields {
			ids[i] = f.ID
		}
		t.Dangling(key, msgUnknownField, field, ids, runbook.Part("What", what), runbook.Quoted("Duty", duty), runbook.Quoted("Field", field))
	}
	return ref, f, true
}

// fillStep reads a fill step: the field, and its value (a string, or a
// list for a list field; "" or [] clears it). A value its field's kind
// cannot take is reported here, where the scenario says it, rather than
// when the drill runs; a date is read against the drill's own clock then.
func (p *parser) fillStep(t runbook.Table, what runbook.Msg, value string, st *Step) {
	ref, f, ok := p.fieldRef(t, what, string(ActionFill), value)
	if !ok {
		return
	}
	st.Duty, st.Field = ref.Duty, ref.Field
	if !t.Has("value") {
		t.Missing(what, "value", exFillValue.With())
		return
	}
	st.Values = t.Strings("value")
	if f == nil {
		return
	}
	if raw, _ := t.Raw("value"); f.Kind != runbook.FieldList && !isString(raw) {
		t.Error("value", msgFillOneValue, runbook.Part("What", what), runbook.Quoted("Field", f.ID), runbook.Quoted("Kind", f.Kind))
		return
	}
	if f.Kind == runbook.FieldDate || len(st.Values) == 0 || strings.TrimSpace(st.Values[0]) == "" {
		return
	}
	if _, err := incident.FieldText(f, st.Values[0], time.Time{}); err != nil {
		t.Error("value", msgFillBadValue, runbook.Part("What", what), runbook.Quoted("Value", st.Values[0]), runbook.Quoted("Field", f.ID), runbook.Quoted("Kind", f.Kind))
	}
}

// expectFilled reads expect.filled: report fields that must have a value
// at the end.
func (p *parser) expectFilled(e runbook.Table, what runbook.Msg) []FieldRef {
	var out []FieldRef
	for i, raw := range e.Strings("filled") {
		if ref, _, ok := p.fieldRef(e, what, fmt.Sprintf("filled[%d]", i), raw); ok {
			out = append(out, ref)
		}
	}
	return out
}

// scoreFields returns the fields of expect.filled with no value at the end.
func scoreFields(sc *Scenario, st *incident.State) (notFilled []FieldRef) {
	for _, r := range sc.Expect.Filled {
		if d := st.Duty(r.Duty); d == nil || !d.FieldValue(r.Field).Filled() {
			notFilled = append(notFilled, r)
		}
	}
	return notFilled
}

var (
	msgBadFieldRef  = msg("bad-field-ref", "bad-value", "What", "Value")
	msgUnknownField = msg("unknown-field", "dangling-ref", "What", "Duty", "Field", "Hint")
	msgFillOneValue = msg("fill-one-value", "bad-value", "What", "Field", "Kind")
	msgFillBadValue = msg("fill-bad-value", "bad-value", "What", "Value", "Field", "Kind")
	exFillValue     = msg("example-fill-value", "")
)

func fieldMessages() []runbook.Message {
	return []runbook.Message{msgBadFieldRef, msgUnknownField, msgFillOneValue, msgFillBadValue, exFillValue, msgReportUnpractised}
}

// UnpractisedReports warns about each legal duty of rb whose report has
// required fields when none of them is filled by a step of any of the
// scenarios played on rb: the team never practises the report the law
// asks for, and learns its questions at 3 a.m. Scenarios on other
// runbooks are ignored.
func UnpractisedReports(rb *runbook.Runbook, scenarios []*Scenario) runbook.Diagnostics {
	filled := map[FieldRef]bool{}
	for _, sc := range scenarios {
		if sc == nil || sc.Runbook == nil || sc.Runbook.ID != rb.ID {
			continue
		}
		for _, st := range sc.Steps {
			if st.Action == ActionFill {
				filled[FieldRef{st.Duty, st.Field}] = true
			}
		}
	}
	var out runbook.Diagnostics
	for _, d := range rb.Duties {
		if !d.Legal {
			continue
		}
		var required []string
		practised := false
		for _, f := range d.Fields {
			if f.Required {
				required = append(required, f.ID)
				practised = practised || filled[FieldRef{d.ID, f.ID}]
			}
		}
		if len(required) > 0 && !practised {
			out = append(out, runbook.Diagnostic{Pos: d.Pos, Severity: runbook.Warning, Code: msgReportUnpractised.Code,
				Message: msgReportUnpractised.With(runbook.Quoted("Duty", d.ID), runbook.QuotedList("Fields", required))})
		}
	}
	return out
}

var msgReportUnpractised = msg("report-unpractised", "report-unpractised", "Duty", "Fields")
