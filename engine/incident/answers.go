package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// Answers beyond one option (format version 2): a multi node answered
// with a set of options, a number node with a number, and the dimension
// values the standing answers set.

// picked is the options an answer chose: its one option, or the set.
func (p TriageAnswered) picked() []string {
	if p.Option != "" {
		return []string{p.Option}
	}
	return p.Options
}

// Picked is the options an answer chose: its one option, or the set picked
// on a multi node; none for a number.
func (a Answer) Picked() []string {
	if a.Option != "" {
		return []string{a.Option}
	}
	return a.Options
}

// passes reports whether the answer meets what an answer trigger asks.
func (a Answer) passes(test runbook.AnswerTest) bool {
	if a.Number != nil {
		if test.Op == runbook.OpEqual || test.Threshold() {
			return test.Holds(*a.Number)
		}
		return false
	}
	return test.Op == runbook.OpEqual && slices.Contains(a.Picked(), test.Value)
}

// options returns the runbook options an answer chose, in the node's
// order; none for a number or an unknown node.
func (s *State) options(a Answer) []*runbook.Option {
	n := s.ix.nodes[a.Node]
	if n == nil {
		return nil
	}
	picked := a.Picked()
	var out []*runbook.Option
	for _, o := range n.Options {
		if slices.Contains(picked, o.ID) {
			out = append(out, o)
		}
	}
	return out
}

// verdictOf is the verdict an answer reaches, or "" when it leads to
// another node.
func (s *State) verdictOf(a Answer) string {
	n := s.ix.nodes[a.Node]
	if n == nil {
		return ""
	}
	_, verdict := n.Route(a.Picked())
	return verdict
}

// DimensionValue is the value a dimension has in an incident: set by the
// standing answer at Seq, given at Time.
type DimensionValue struct {
	Dimension string
	Value     string
	Seq       uint64
	Time      time.Time
}

// Dimensions returns the value of each dimension of the runbook that a
// standing answer set, in the runbook's order of dimensions: the value the
// latest standing answer set (answers are in the order given; within one,
// the first option in the node's order that sets it). A revision that supersedes the
// answer takes its value back. Empty for a runbook without dimensions.
func (s *State) Dimensions() []DimensionValue {
	if s.Runbook == nil || len(s.Runbook.Dimensions) == 0 {
		return nil
	}
	set := map[string]DimensionValue{}
	for _, i := range s.standing {
		a := s.Path[i]
		// Within one answer the first option, in the node's order, that
		// sets a dimension gives its value, as the first picked option
		// with a way on leads on (runbook.Node.Route).
		mine := map[string]bool{}
		for _, o := range s.options(a) {
			for _, st := range o.Sets {
				if !mine[st.Dimension] {
					mine[st.Dimension] = true
					set[st.Dimension] = DimensionValue{Dimension: st.Dimension, Value: st.Value, Seq: a.Seq, Time: a.Time}
				}
			}
		}
	}
	var out []DimensionValue
	for _, d := range s.Runbook.Dimensions {
		if v, ok := set[d.ID]; ok {
			out = append(out, v)
		}
	}
	return out
}

// sentenceAnswered says an answer: the option, the options picked, or the
// number given with the node's unit.
func sentenceAnswered(p TriageAnswered) Sentence {
	switch {
	case p.Number != nil && p.Option == "":
		return Say("answered-number", Ref("Question", ArgQuestion, p.Node), Arg{Name: "Answer", Kind: ArgNumberAnswer, Number: *p.Number, Of: p.Node})
	case p.Option == "" && len(p.Options) == 0:
		return Say("answered-none", Ref("Question", ArgQuestion, p.Node))
	}
	return Say("answered", Ref("Question", ArgQuestion, p.Node), Arg{Name: "Answer", Kind: ArgAnswer, Text: strings.Join(p.picked(), ","), Of: p.Node})
}

// AnswerIDs splits an ArgAnswer's Text into the option ids it holds: one,
// or the set picked on a multi node.
func (a Arg) AnswerIDs() []string { return strings.Split(a.Text, ",") }

// AnswerMany answers the current node, a multi node, with the options
// picked (in any order; recorded in the node's). At least one is needed
// unless the node allows none (ErrNothingPicked).
func (s *Session) AnswerMany(actor, node string, options []string) error {
	text := "answer " + node + "/" + strings.Join(options, ",")
	return s.command(asked(text, "answer", Code("Node", node), Code("Option", strings.Join(options, ","))), actor, func(st *State) (Payload, error) {
		n, err := currentNode(st, node)
		if err != nil {
			return nil, err
		}
		if !n.Multi {
			return nil, refuse(ErrNotMulti, fmt.Sprintf("%v: %q", ErrNotMulti, node), "not-multi", Quoted("Node", node))
		}
		for _, id := range options {
			if n.Option(id) == nil {
				return nil, refuse(ErrUnknownOption, fmt.Sprintf("%v %q of node %q", ErrUnknownOption, id, node), "unknown-option", Quoted("Option", id), Quoted("Node", node))
			}
		}
		var picked []string
		for _, o := range n.Options {
			if slices.Contains(options, o.ID) {
				picked = append(picked, o.ID)
			}
		}
		if len(picked) == 0 && !n.AllowNone {
			return nil, refuse(ErrNothingPicked, fmt.Sprintf("%v: %q", ErrNothingPicked, node), "nothing-picked", Quoted("Node", node))
		}
		next, verdict := n.Route(picked)
		return TriageAnswered{Node: node, Options: picked, Next: next, Verdict: verdict}, nil
	})
}

// AnswerNumber answers the current node, a number node, with x, which
// must lie within the node's min and max (ErrOutOfRange).
func (s *Session) AnswerNumber(actor, node string, x float64) error {
	text := "answer " + node + "/" + runbook.FormatNumber(x)
	return s.command(asked(text, "answer", Code("Node", node), Code("Option", runbook.FormatNumber(x))), actor, func(st *State) (Payload, error) {
		n, err := currentNode(st, node)
		if err != nil {
			return nil, err
		}
		if !n.IsNumber() {
			return nil, refuse(ErrNotNumber, fmt.Sprintf("%v: %q", ErrNotNumber, node), "not-number", Quoted("Node", node))
		}
		if !n.InRange(x) {
			lo, hi := "", ""
			if n.Min != nil {
				lo = runbook.FormatNumber(*n.Min)
			}
			if n.Max != nil {
				hi = runbook.FormatNumber(*n.Max)
			}
			return nil, refuse(ErrOutOfRange, fmt.Sprintf("%v: %s is not in %s..%s", ErrOutOfRange, runbook.FormatNumber(x), lo, hi), "out-of-range",
				Code("Number", runbook.FormatNumber(x)), Code("Range", lo+".."+hi))
		}
		next, verdict := n.Route(nil)
		return TriageAnswered{Node: node, Number: &x, Next: next, Verdict: verdict}, nil
	})
}

// currentNode returns the node to answer, refusing an unknown node or one
// that is not the current question.
func currentNode(st *State, node string) (*runbook.Node, error) {
	n := st.ix.nodes[node]
	if n == nil {
		return nil, refuse(ErrUnknownNode, fmt.Sprintf("%v %q", ErrUnknownNode, node), "unknown-node", Quoted("Node", node))
	}
	if st.Node != node {
		if st.Node == "" {
			return nil, refuse(ErrNotCurrent, ErrNotCurrent.Error()+": a verdict was reached (revise to change an answer)", "verdict-reached")
		}
		return nil, refuse(ErrNotCurrent, fmt.Sprintf("%v: the current node is %q", ErrNotCurrent, st.Node), "not-current", Quoted("Node", st.Node))
	}
	return n, nil
}
