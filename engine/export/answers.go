package export

import (
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Answers beyond one option and the dimensions (format version 2) in the
// exports: a set or a number in the triage path, and each dimension's
// value beside the verdict. Every field is left out for an incident that
// has none, so older exports read as they did.

// jsonDimension is a dimension's value in the JSON export: the ids, their
// words in the runbook, and the answer that set it.
type jsonDimension struct {
	Dimension string `json:"dimension"`
	Title     string `json:"title"`
	Value     string `json:"value"`
	Label     string `json:"label"`
	Answer    uint64 `json:"answer"` // seq of the answer that set it
}

// dimensionsJSON lists the dimensions an answer set, in the runbook's
// order; nil when none.
func dimensionsJSON(st *incident.State) []jsonDimension {
	var out []jsonDimension
	for _, v := range st.Dimensions() {
		jd := jsonDimension{Dimension: v.Dimension, Title: v.Dimension, Value: v.Value, Label: v.Value, Answer: v.Seq}
		if d := st.Runbook.Dimension(v.Dimension); d != nil {
			jd.Title, jd.Label = d.Title, d.ValueLabel(v.Value)
		}
		out = append(out, jd)
	}
	return out
}

// answerJSON is one triage answer in the JSON export.
func answerJSON(a incident.Answer) jsonAnswer {
	return jsonAnswer{Seq: a.Seq, Time: a.Time, Actor: a.Actor, Node: a.Node, Option: a.Option, Options: a.Options, Number: a.Number, Superseded: a.Superseded}
}

// pathAnswer is a triage answer in words for the postmortem's path: the
// question, and the option's label, the labels picked, or the number with
// its unit.
func pathAnswer(c *i18n.Catalog, rb *runbook.Runbook, a incident.Answer) (question, answer string) {
	w := words{c: c, rb: rb}
	question = a.Node
	if n := rb.Node(a.Node); n != nil {
		question = n.Ask
	}
	switch picked := a.Picked(); {
	case a.Number != nil:
		return question, w.numberAnswer(a.Node, *a.Number)
	case len(picked) == 0:
		return question, c.T("export.word.none-picked")
	default:
		return question, w.answerLabels(a.Node, picked)
	}
}

// dimensionRows are the postmortem's rows for the dimensions: the
// dimension's title and the value's label.
func dimensionRows(st *incident.State) [][2]string {
	var out [][2]string
	for _, v := range dimensionsJSON(st) {
		out = append(out, [2]string{v.Title, v.Label})
	}
	return out
}
