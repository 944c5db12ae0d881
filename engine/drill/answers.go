package drill

import (
	"maps"
	"slices"
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Answers beyond one option in a scenario (format version 2): a step
// answers a multi node with a set, answer = "data/cards,names" (or
// "data/" for none, where the node allows it), and a number node with a
// number, answer = "people/1200"; expect.dimensions asserts the values
// the answers gave the runbook's dimensions.

// parseAnswer reads an answer step's "node/option", "node/a,b" or
// "node/1200" into st, checking it against the runbook.
func (p *parser) parseAnswer(t runbook.Table, what runbook.Msg, main, value string, st *Step) {
	node, option, ok := strings.Cut(value, "/")
	n := p.nodeOf(node)
	multi := n != nil && n.Multi
	if !ok || node == "" || option == "" && !multi || strings.Contains(option, "/") {
		if value != "" {
			t.Error(main, msgBadAnswer, runbook.Part("What", what), runbook.Quoted("Answer", value))
		}
		return
	}
	st.Node, st.Option = node, option
	switch {
	case n == nil:
		p.checkAnswer(t, what, node, option)
	case n.IsNumber():
		x, isNumber := runbook.ParseNumber(option)
		switch {
		case !isNumber:
			t.Error(main, msgAnswerNotNumber, runbook.Part("What", what), runbook.Quoted("Node", node), runbook.Quoted("Answer", option))
		case !n.InRange(x):
			t.Error(main, msgAnswerOutOfRange, runbook.Part("What", what), runbook.Quoted("Node", node), runbook.Plain("Number", runbook.FormatNumber(x)), runbook.Plain("Range", numberRange(n)))
		default:
			st.Number, st.HasNumber = x, true
		}
	case multi:
		st.Multi = true
		for _, id := range st.Picked() {
			p.checkAnswer(t, what, node, id)
		}
		if len(st.Picked()) == 0 && !n.AllowNone {
			t.Error(main, msgNothingPicked, runbook.Part("What", what), runbook.Quoted("Node", node))
		}
	default:
		p.checkAnswer(t, what, node, option)
	}
}

// nodeOf is the runbook's node with the id, or nil.
func (p *parser) nodeOf(id string) *runbook.Node {
	if p.rb == nil {
		return nil
	}
	return p.rb.Node(id)
}

// numberRange writes a number node's range as "0..500".
func numberRange(n *runbook.Node) string {
	var lo, hi string
	if n.Min != nil {
		lo = runbook.FormatNumber(*n.Min)
	}
	if n.Max != nil {
		hi = runbook.FormatNumber(*n.Max)
	}
	return lo + ".." + hi
}

// playAnswer gives an answer step to the session: the one option, the set
// on a multi node, or the number.
func playAnswer(s *incident.Session, st Step, actor string) error {
	switch {
	case st.HasNumber:
		return s.AnswerNumber(actor, st.Node, st.Number)
	case st.Multi:
		return s.AnswerMany(actor, st.Node, st.Picked())
	}
	return s.Answer(actor, st.Node, st.Option)
}

// Picked is the options a multi answer step picks; none for "node/".
func (s Step) Picked() []string {
	if s.Option == "" {
		return nil
	}
	return strings.Split(s.Option, ",")
}

// expectDimensions reads expect.dimensions = { <dimension> = "<value>" }.
func (p *parser) expectDimensions(e runbook.Table) {
	e.Since(2, "dimensions")
	t, ok := e.Table("dimensions")
	if !ok {
		return
	}
	x := &p.sc.Expect
	x.Dimensions = map[string]string{}
	for _, dim := range t.Keys() {
		value := t.Line(dim)
		if value == "" {
			continue
		}
		x.Dimensions[dim] = value
		if p.rb == nil {
			continue
		}
		d := p.rb.Dimension(dim)
		if d == nil {
			t.Dangling(dim, msgUnknownExpectedDimension, dim, dimensionIDs(p.rb), runbook.Quoted("Dimension", dim), runbook.Plain("Runbook", p.rb.ID))
			continue
		}
		if d.Value(value) == nil {
			var values []string
			for _, v := range d.Options {
				values = append(values, v.ID)
			}
			t.Dangling(dim, msgUnknownExpectedValue, value, values, runbook.Quoted("Dimension", dim), runbook.Quoted("Value", value))
		}
	}
}

func dimensionIDs(rb *runbook.Runbook) []string {
	var out []string
	for _, d := range rb.Dimensions {
		out = append(out, d.ID)
	}
	return out
}

// DimensionMiss is a dimension whose value at the end is not the one
// expect.dimensions names; Reached is empty when no answer set it.
type DimensionMiss struct {
	Dimension, Expected, Reached string
}

// scoreDimensions compares the dimensions at the end with the expected
// values, in the order of the dimensions' ids.
func scoreDimensions(sc *Scenario, st *incident.State) []DimensionMiss {
	reached := map[string]string{}
	for _, v := range st.Dimensions() {
		reached[v.Dimension] = v.Value
	}
	var out []DimensionMiss
	for _, dim := range slices.Sorted(maps.Keys(sc.Expect.Dimensions)) {
		if want := sc.Expect.Dimensions[dim]; reached[dim] != want {
			out = append(out, DimensionMiss{Dimension: dim, Expected: want, Reached: reached[dim]})
		}
	}
	return out
}

// dimensionFailures say each dimension that did not come out as expected.
func dimensionFailures(misses []DimensionMiss) []Failure {
	var out []Failure
	for _, m := range misses {
		if m.Reached == "" {
			out = append(out, failure("dimension-unset", incident.Code("Dimension", m.Dimension), incident.Code("Expected", m.Expected)))
			continue
		}
		out = append(out, failure("dimension-wrong", incident.Code("Dimension", m.Dimension), incident.Code("Expected", m.Expected), incident.Code("Reached", m.Reached)))
	}
	return out
}

// The messages of this file, declared as the others in messages.go.
var (
	msgAnswerNotNumber          = msg("answer-not-number", "bad-value", "What", "Node", "Answer")
	msgAnswerOutOfRange         = msg("answer-out-of-range", "bad-value", "What", "Node", "Number", "Range")
	msgNothingPicked            = msg("nothing-picked", "bad-value", "What", "Node")
	msgUnknownExpectedDimension = msg("unknown-expected-dimension", "dangling-ref", "Dimension", "Runbook", "Hint")
	msgUnknownExpectedValue     = msg("unknown-expected-value", "dangling-ref", "Dimension", "Value", "Hint")
)

func answerMessages() []runbook.Message {
	return []runbook.Message{msgAnswerNotNumber, msgAnswerOutOfRange, msgNothingPicked, msgUnknownExpectedDimension, msgUnknownExpectedValue}
}
