package tui

import (
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// A duty's report fields on the screen (runbook format version 2): listed
// in the duty's body, filled in one at a time with e. On a done duty, e
// corrects the report that went out: the engine records the correction
// with the value it replaces.

// fieldsDialog fills in one report field of a duty: the list shows each
// field with its value (or that it is empty) and what it takes; the text
// is the new value. Enter with no text clears a field that has a value.
// The session checks the value against the field's kind, and the dialog
// shows its refusal ("records" is not a number) for the person to fix.
type fieldsDialog struct{ *form }

func newFieldsDialog(m *Model, d *incident.Duty) fieldsDialog {
	var items []choice
	for _, f := range d.Spec.Fields {
		items = append(items, choice{id: f.ID, label: m.fieldLine(d, f), detail: m.fieldTakes(f)})
	}
	title, duty := dutyTitle(d.Spec), d.ID
	f := form{heading: m.tx.T("tui.dialog.fields-title", "Duty", title),
		lists:    []choiceList{{title: m.tx.T("tui.dialog.fields-pick"), items: items}},
		hasInput: true, inputTitle: m.tx.T("tui.dialog.fields-value")}
	verb := "tui.keys.fill"
	if d.Status == incident.StatusDone {
		// Said before anything is typed: the report went out, and this
		// changes what the record says it said.
		f.heading = m.tx.T("tui.dialog.fields-correct-title", "Duty", title)
		f.inputTitle = m.tx.T("tui.dialog.fields-correct-value")
		verb = "tui.keys.correct"
	}
	f.action = func(f *form) (action, bool) {
		id := f.picked(0)
		spec := d.Spec.Field(id)
		if spec == nil {
			return action{}, false
		}
		text := f.text()
		if text == "" && !d.FieldValue(id).Filled() {
			f.err = m.tx.T("tui.dialog.required")
			return action{}, false
		}
		values := m.fieldInput(spec, text)
		label := labelPrefix(m.tx, verb) + oneLine(spec.Label)
		return action{kind: actFill, label: label, run: func(e engine, actor string) error {
			return e.SetField(actor, duty, id, values)
		}}, true
	}
	return fieldsDialog{newForm(m.dark, f)}
}

// fieldInput turns what was typed into the values SetField takes: a
// list's entries, separated by commas (either width) or semicolons; yes
// and no in the reader's language as the engine's words; else the text.
func (m Model) fieldInput(f *runbook.Field, text string) []string {
	switch {
	case text == "":
		return nil
	case f.Kind == runbook.FieldList:
		return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(",;、，；", r) })
	case f.Kind == runbook.FieldBool && text == m.tx.T("tui.field.yes"):
		return []string{"yes"}
	case f.Kind == runbook.FieldBool && text == m.tx.T("tui.field.no"):
		return []string{"no"}
	}
	return []string{text}
}

// fieldTakes says what a field takes, as the dialog's hint under it.
func (m Model) fieldTakes(f *runbook.Field) string {
	switch f.Kind {
	case runbook.FieldChoice:
		opts := make([]string, len(f.Options))
		for i, o := range f.Options {
			opts[i] = oneLine(o)
		}
		return m.tx.T("tui.field.takes-choice", "Options", strings.Join(opts, m.tx.T("tui.dialog.list-separator")))
	case runbook.FieldBool:
		return m.tx.T("tui.field.takes-bool", "Yes", m.tx.T("tui.field.yes"), "No", m.tx.T("tui.field.no"))
	case runbook.FieldNumber:
		return m.tx.T("tui.field.takes-number")
	case runbook.FieldDate:
		return m.tx.T("tui.field.takes-date")
	case runbook.FieldList:
		return m.tx.T("tui.field.takes-list")
	}
	return m.tx.T("tui.field.takes-text")
}

// fieldLine is a field as a line: its label, whether it is required, and
// its value or that it is empty.
func (m Model) fieldLine(d *incident.Duty, f *runbook.Field) string {
	label := oneLine(f.Label)
	if f.Required {
		label = m.tx.T("tui.duty.item-required", "Text", label)
	}
	v := d.FieldValue(f.ID)
	switch {
	case v.Corrected && !v.Filled():
		return m.tx.T("tui.field.corrected-empty", "Label", label)
	case v.Corrected:
		return m.tx.T("tui.field.corrected", "Label", label, "Value", m.fieldValueText(f, v))
	case !v.Filled():
		return m.tx.T("tui.field.empty", "Label", label)
	}
	return m.tx.T("tui.field.filled", "Label", label, "Value", m.fieldValueText(f, v))
}

// fieldValueText writes a field's value as a person reads it: a time in
// the screen's zone, yes or no in the reader's language, a list's entries
// with the language's separator.
func (m Model) fieldValueText(f *runbook.Field, v incident.FieldValue) string {
	switch {
	case len(v.Values) > 0:
		entries := make([]string, len(v.Values))
		for i, e := range v.Values {
			entries[i] = oneLine(e)
		}
		return strings.Join(entries, m.tx.T("tui.dialog.list-separator"))
	case f != nil && f.Kind == runbook.FieldBool && v.Value == "true":
		return m.tx.T("tui.field.yes")
	case f != nil && f.Kind == runbook.FieldBool && v.Value == "false":
		return m.tx.T("tui.field.no")
	case f != nil && f.Kind == runbook.FieldDate:
		if t, err := time.Parse(time.RFC3339, v.Value); err == nil {
			return t.In(m.now.Location()).Format(messageTime)
		}
	}
	return oneLine(v.Value)
}

// reportFieldLines are the selected duty's report fields, for its body in the
// duties pane: how many are filled, then each with its value.
func (m Model) reportFieldLines(d *incident.Duty, w int) []string {
	if len(d.Spec.Fields) == 0 {
		return nil
	}
	const indent = "    "
	filled := 0
	for _, f := range d.Spec.Fields {
		if d.FieldValue(f.ID).Filled() {
			filled++
		}
	}
	heading := "tui.duty.fields"
	if d.Status == incident.StatusDone {
		heading = "tui.duty.fields-done"
	}
	lines := []string{cut(indent+m.tx.T(heading, "Filled", filled, "Total", len(d.Spec.Fields)), w)}
	for _, f := range d.Spec.Fields {
		// A report form's label can be long (the APPI's are whole
		// clauses): the line wraps, up to three lines, so that the value
		// after it stays in sight.
		wrapped := wrap(m.fieldLine(d, f), w-len(indent)-4)
		if len(wrapped) == 0 { // a pane too narrow to wrap in
			wrapped = []string{m.fieldLine(d, f)}
		}
		if len(wrapped) > 3 {
			wrapped = wrapped[:3]
		}
		for i, l := range wrapped {
			lead := indent + "  "
			if i > 0 {
				lead += "  "
			}
			line := cut(lead+l, w)
			if f.Required && !d.FieldValue(f.ID).Filled() {
				line = m.st.warn.Render(line)
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// selectedDone reports whether the selected duty is done: e then
// corrects its report fields.
func selectedDone(m *Model) bool {
	d := m.selectedDuty()
	return d != nil && d.Status == incident.StatusDone
}

// fieldsWhy says why the fill key does not apply now. A done duty's
// fields can be corrected; a waived one's cannot.
func (m *Model) fieldsWhy() string {
	if selectedDone(m) && len(m.selectedDuty().Spec.Fields) > 0 {
		return m.blocked()
	}
	if why := m.dutyWhy(); why != "" {
		return why
	}
	if len(m.selectedDuty().Spec.Fields) == 0 {
		return m.tx.T("tui.why.no-fields")
	}
	return ""
}
