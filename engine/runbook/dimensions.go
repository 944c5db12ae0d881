package runbook

import (
	"slices"
	"strings"
)

// Classification axes (format version 2): a runbook names the axes an
// incident is classified on beside its verdict — security × SEV, vector ×
// priority — each with the values it may take:
//
//	[dimensions.severity]
//	title = "Severity"
//	options = [{ id = "sev1", label = "SEV1: customers cannot order" }, …]
//
// Triage options set values (sets = { severity = "sev1" }); an incident's
// value on an axis is the one its latest standing answer set, and duties
// start on dimension:<id>=<value>.

// Keys of a dimension and of one of its values.
var (
	dimensionKeys      = []string{"title", "options"}
	dimensionValueKeys = []string{"id", "label"}
)

// Dimension is one classification axis.
type Dimension struct {
	ID      string
	Title   string
	Options []*DimensionValue
	Pos     Pos

	at loc
}

// DimensionValue is one value a dimension may take.
type DimensionValue struct {
	ID    string
	Label string
	Pos   Pos

	at loc
}

// Setting is one value an answer gives a dimension.
type Setting struct {
	Dimension string
	Value     string

	at loc
}

// Dimension returns the dimension with the given id, or nil.
func (rb *Runbook) Dimension(id string) *Dimension {
	for _, d := range rb.Dimensions {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// Value returns the value with the given id, or nil.
func (d *Dimension) Value(id string) *DimensionValue {
	for _, v := range d.Options {
		if v.ID == id {
			return v
		}
	}
	return nil
}

// ValueLabel names a value for people: its label, or its id.
func (d *Dimension) ValueLabel(id string) string {
	if v := d.Value(id); v != nil && v.Label != "" {
		return v.Label
	}
	return id
}

// parseDimensions reads [dimensions.<id>] tables.
func parseDimensions(root obj, rb *Runbook) {
	root.since(2, "dimensions")
	for _, e := range root.entries("dimensions", msgKindDimension) {
		what := subjectNamed(&msgKindDimension, e.id)
		e.allow(what, dimensionKeys...)
		d := &Dimension{ID: e.id, at: e.loc, Pos: e.pos("")}
		d.Title = e.reqStr(what, "title", lineText, exDimensionTitle)
		if !e.has("options") {
			e.missing(what, "options", exDimensionOptions.With())
		}
		if list, isList := e.m["options"].([]any); isList && len(list) == 0 {
			e.r.fail(e.loc, "options", msgDimensionNoValues, Quoted("Dimension", d.ID))
		}
		for i, o := range e.list("options", msgKindDimensionValue) {
			vw := subjectOfEntry(&msgKindDimensionValue, o, i).of(&msgKindDimension, d.ID)
			o.allow(vw, dimensionValueKeys...)
			v := &DimensionValue{at: o.loc, Pos: o.pos("")}
			v.ID = o.reqStr(vw, "id", lineText, exDimensionValueID)
			if v.ID != "" {
				checkID(o.r, o.loc, "id", msgKindDimensionValue, v.ID)
				if d.Value(v.ID) != nil {
					o.r.fail(o.loc, "id", msgDuplicateDimensionValue, Quoted("Dimension", d.ID), Quoted("ID", v.ID))
				}
			}
			v.Label = o.reqStr(vw, "label", lineText, exDimensionValueLabel)
			d.Options = append(d.Options, v)
		}
		rb.Dimensions = append(rb.Dimensions, d)
	}
}

// parseSets reads an option's sets = { <dimension> = "<value>" }, in the
// order of the dimensions' ids.
func parseSets(o obj, what subject) []Setting {
	o.since(2, "sets")
	t, ok := o.table("sets")
	if !ok {
		return nil
	}
	var out []Setting
	for _, dim := range slices.Sorted(func(yield func(string) bool) {
		for k := range t.m {
			if !yield(k) {
				return
			}
		}
	}) {
		value, isStr := t.str(dim, lineText)
		if !isStr {
			continue
		}
		out = append(out, Setting{Dimension: dim, Value: value, at: t.child(dim)})
	}
	if len(out) == 0 && len(t.m) == 0 {
		o.r.fail(o.loc, "sets", msgSetsEmpty, Part("What", what.msg()))
	}
	return out
}

// dimensions checks what names a dimension: every sets of an option
// names a dimension and one of its values.
func (v *validator) dimensions() {
	dimIDs := ids(v.rb.Dimensions, func(d *Dimension) string { return d.ID })
	for _, n := range v.rb.Triage.Nodes {
		for _, o := range n.Options {
			for _, s := range o.Sets {
				d := v.rb.Dimension(s.Dimension)
				if d == nil {
					v.dangling(s.at, "", msgUnknownDimension, s.Dimension, dimIDs, Quoted("Dimension", s.Dimension))
					continue
				}
				if d.Value(s.Value) == nil {
					v.dangling(s.at, "", msgUnknownDimensionValue, s.Value, ids(d.Options, func(x *DimensionValue) string { return x.ID }),
						Quoted("Dimension", d.ID), Quoted("Value", s.Value))
				}
			}
		}
	}
	for _, d := range v.rb.Dimensions {
		if !v.dimensionSet(d.ID) {
			v.r.warn(d.at, "", msgDimensionNeverSet, Quoted("Dimension", d.ID))
		}
	}
}

// dimensionSet reports whether some option sets the dimension.
func (v *validator) dimensionSet(id string) bool {
	for _, n := range v.rb.Triage.Nodes {
		for _, o := range n.Options {
			if slices.ContainsFunc(o.Sets, func(s Setting) bool { return s.Dimension == id }) {
				return true
			}
		}
	}
	return false
}

// dimensionIDs lists every "<dimension>=<value>" a dimension trigger may
// name, in source order.
func dimensionIDs(rb *Runbook) []string {
	var out []string
	for _, d := range rb.Dimensions {
		for _, v := range d.Options {
			out = append(out, d.ID+"="+v.ID)
		}
	}
	return out
}

// dimensionExists reports whether rb declares "<dimension>=<value>".
func dimensionExists(rb *Runbook, arg string) bool {
	dim, value, _ := strings.Cut(arg, "=")
	d := rb.Dimension(dim)
	return d != nil && d.Value(value) != nil
}

// DimensionOf returns the dimension and value a dimension trigger names.
func (t Trigger) DimensionOf() (dimension, value string) {
	dimension, value, _ = strings.Cut(t.Arg, "=")
	return dimension, value
}

// dimensionForm reports whether arg is "<dimension>=<value>", both named.
func dimensionForm(arg string) bool {
	dim, value, ok := strings.Cut(arg, "=")
	return ok && dim != "" && value != "" && !strings.Contains(value, "=")
}

// The messages of this file, declared as the others in messages.go.
var (
	msgKindDimension           = msg("kind.dimension", "")
	msgKindDimensionValue      = msg("kind.dimension-value", "")
	msgDimensionNoValues       = msg("diag.dimension-no-values", "bad-dimension", "Dimension")
	msgDuplicateDimensionValue = msg("diag.duplicate-dimension-value", "duplicate-id", "Dimension", "ID")
	msgSetsEmpty               = msg("diag.sets-empty", "bad-dimension", "What")
	msgUnknownDimension        = msg("diag.unknown-dimension", "dangling-ref", "Dimension", "Hint")
	msgUnknownDimensionValue   = msg("diag.unknown-dimension-value", "dangling-ref", "Dimension", "Value", "Hint")
	msgDimensionNeverSet       = msg("diag.dimension-never-set", "dimension-never-set", "Dimension")
	msgTriggerDimensionForm    = msg("problem.trigger-dimension-form", "", "Trigger", "Form", "Example")
	exDimensionTitle           = msg("example.dimension-title", "")
	exDimensionOptions         = msg("example.dimension-options", "")
	exDimensionValueID         = msg("example.dimension-value-id", "")
	exDimensionValueLabel      = msg("example.dimension-value-label", "")
)

func dimensionMessages() []Message {
	return []Message{msgKindDimension, msgKindDimensionValue, msgDimensionNoValues, msgDuplicateDimensionValue, msgSetsEmpty,
		msgUnknownDimension, msgUnknownDimensionValue, msgDimensionNeverSet, msgTriggerDimensionForm,
		exDimensionTitle, exDimensionOptions, exDimensionValueID, exDimensionValueLabel}
}
