package export

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// A duty's report fields (runbook format version 2) in the exports: each
// field with its value as it stood at the end, who filled it in and when,
// or that it was left empty. A duty without fields adds nothing, so
// exports of runbooks without them read as they did.

// writeFields writes the postmortem's section on report fields: one entry
// per started duty that has fields.
func writeFields(bw *bufio.Writer, c *i18n.Catalog, rb *runbook.Runbook, duties []*incident.Duty, local func(time.Time) string) {
	heading := false
	for _, d := range duties {
		if len(d.Spec.Fields) == 0 {
			continue
		}
		if !heading {
			fmt.Fprintf(bw, "### %s\n\n", c.T("export.postmortem.h-fields"))
			heading = true
		}
		fmt.Fprintf(bw, "- **%s**\n", md(dutyTitle(rb, d.ID)))
		for _, f := range d.Spec.Fields {
			label := oneLine(f.Label)
			if f.Required {
				label = c.T("export.postmortem.item-required", "Text", label)
			}
			v := d.FieldValue(f.ID)
			if !v.Filled() && !v.Corrected {
				fmt.Fprintf(bw, "  - %s\n", md(c.T("export.postmortem.field-empty", "Label", label)))
				continue
			}
			if v.Corrected {
				// A correction after the duty was done: the report went out
				// with the value before it, which is said too.
				was := c.T("export.postmortem.field-was-empty")
				if n := len(v.Earlier); n > 0 && v.Earlier[n-1].Filled() {
					was = fieldValueText(c, f, v.Earlier[n-1], local)
				}
				text := c.T("export.postmortem.field-corrected", "Label", label, "Value", fieldValueText(c, f, v, local), "By", v.Actor, "At", local(v.Time), "Was", was)
				if !v.Filled() {
					text = c.T("export.postmortem.field-corrected-empty", "Label", label, "By", v.Actor, "At", local(v.Time), "Was", was)
				}
				fmt.Fprintf(bw, "  - %s\n", md(text))
				continue
			}
			fmt.Fprintf(bw, "  - %s\n", md(c.T("export.postmortem.field-filled", "Label", label, "Value", fieldValueText(c, f, v, local), "By", v.Actor, "At", local(v.Time))))
		}
	}
	if heading {
		bw.WriteString("\n")
	}
}

// fieldValueText writes a field's value as a reader reads it: a time as
// the export writes times, yes or no in the reader's language, a list's
// entries with the language's separator.
func fieldValueText(c *i18n.Catalog, f *runbook.Field, v incident.FieldValue, local func(time.Time) string) string {
	switch {
	case len(v.Values) > 0:
		entries := make([]string, len(v.Values))
		for i, e := range v.Values {
			entries[i] = oneLine(e)
		}
		return strings.Join(entries, c.T("runbook.list.separator"))
	case f.Kind == runbook.FieldBool && v.Value == "true":
		return c.T("export.postmortem.field-yes")
	case f.Kind == runbook.FieldBool && v.Value == "false":
		return c.T("export.postmortem.field-no")
	case f.Kind == runbook.FieldDate:
		if t, err := time.Parse(time.RFC3339, v.Value); err == nil {
			return local(t)
		}
	}
	return oneLine(v.Value)
}

// jsonField is one report field of a duty in the JSON export, as it stood
// at the end: Value is the value in the journal's form (a number without
// grouping, a time in RFC 3339, "true" or "false"), Values a list's
// entries; both are left out for a field left empty.
type jsonField struct {
	ID       string    `json:"id"`
	Label    string    `json:"label"`
	Kind     string    `json:"kind"`
	Required bool      `json:"required,omitempty"`
	Value    string    `json:"value,omitempty"`
	Values   []string  `json:"values,omitempty"`
	At       time.Time `json:"at,omitzero"` // the last set
	By       string    `json:"by,omitempty"`
	// Corrected: the last set came after the duty was done; Earlier
	// are the values before it, oldest first.
	Corrected bool          `json:"corrected,omitempty"`
	Earlier   []jsonEarlier `json:"earlier,omitempty"`
}

// jsonEarlier is a value a report field had before a later set.
type jsonEarlier struct {
	Value     string    `json:"value,omitempty"`
	Values    []string  `json:"values,omitempty"`
	At        time.Time `json:"at"`
	By        string    `json:"by"`
	Corrected bool      `json:"corrected,omitempty"`
}

// fields sets the duty's report fields, when it has them.
func (jd *jsonDuty) fields(d *incident.Duty) {
	for _, f := range d.Spec.Fields {
		v := d.FieldValue(f.ID)
		jf := jsonField{ID: f.ID, Label: f.Label, Kind: f.Kind, Required: f.Required,
			Value: v.Value, Values: v.Values, At: v.Time, By: v.Actor, Corrected: v.Corrected}
		// Earlier values are kept for a field corrected after done: the
		// report that went out said them. Exports of incidents without
		// corrections read as before.
		if v.Corrected {
			for _, e := range v.Earlier {
				jf.Earlier = append(jf.Earlier, jsonEarlier{e.Value, e.Values, e.Time, e.Actor, e.Corrected})
			}
		}
		jd.Fields = append(jd.Fields, jf)
	}
}
