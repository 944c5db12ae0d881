package runbook

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Answers beyond one option (format version 2): a node where the
// responder picks several options at once (multi = true: which kinds of
// data were exposed), and a node whose answer is a number (kind =
// "number": how many people are affected). Both lead on through the
// node's own next or verdict; a multi node's picked options may lead
// elsewhere (Route).

// Node kinds: what the answer to a node is.
const (
	// NodeChoice is the default: one option, or several with multi.
	NodeChoice = "choice"
	// NodeNumber is a number the responder types (kind = "number").
	NodeNumber = "number"
)

// NodeKinds lists every valid Node.Kind (a new slice each call).
func NodeKinds() []string { return []string{NodeChoice, NodeNumber} }

// IsNumber reports whether the node's answer is a number.
func (n *Node) IsNumber() bool { return n.Kind == NodeNumber }

// Route returns where an answer to n leads: the next node, or the verdict
// that ends the triage. For one option, that option's; for a multi node,
// the first picked option, in the order the node lists them, that has a
// next or a verdict, else the node's own; for a number, the node's own.
// The order of the node's options is the runbook's priority: list the
// option whose path matters most first.
func (n *Node) Route(picked []string) (next, verdict string) {
	if !n.Multi && !n.IsNumber() && len(picked) == 1 {
		if o := n.Option(picked[0]); o != nil {
			return o.Next, o.Verdict
		}
	}
	if n.Multi {
		for _, o := range n.Options {
			if slices.Contains(picked, o.ID) && (o.Next != "" || o.Verdict != "") {
				return o.Next, o.Verdict
			}
		}
	}
	return n.Next, n.Verdict
}

// InRange reports whether x is a number the node accepts: between its min
// and max, both included, when it has them.
func (n *Node) InRange(x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return false
	}
	return (n.Min == nil || x >= *n.Min) && (n.Max == nil || x <= *n.Max)
}

// FormatNumber writes a number the way a runbook writes it: 1000, 2.5.
func FormatNumber(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// GroupedNumber writes a number for people: thousands grouped with
// commas, as English and Japanese both write them (1,200; 12,345.5).
func GroupedNumber(x float64) string {
	s := FormatNumber(x)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, dotted := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if dotted {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// ParseNumber reads a number as a responder or a drill step writes it:
// digits with an optional sign, decimal point and thousands commas
// ("1,200"). NaN and infinities are not numbers here.
func ParseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || strings.ContainsAny(s, "xXpPeE_") || strings.EqualFold(s, "nan") {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// route is one place an answer to a node can lead, for the triage checks:
// an option's next or verdict, or the node's own.
type route struct {
	next, verdict string
	at            loc
	what          subject
}

// routes lists every place an answer to n can lead.
func (n *Node) routes() []route {
	var out []route
	for _, o := range n.Options {
		out = append(out, route{next: o.Next, verdict: o.Verdict, at: o.at, what: subjectNamed(&msgKindOption, o.ID).of(&msgKindNode, n.ID)})
	}
	if n.Next != "" || n.Verdict != "" {
		out = append(out, route{next: n.Next, verdict: n.Verdict, at: n.at, what: subjectNamed(&msgKindNode, n.ID)})
	}
	return out
}

// parseAnswerKind reads the keys of a node that say what its answer is:
// multi, kind, unit, min, max, allow_none and the node's own next and
// verdict (all format version 2).
func parseAnswerKind(e named, what subject, n *Node) {
	e.since(2, "multi", "kind", "unit", "min", "max", "allow_none", "next", "verdict")
	n.Multi, _ = e.boolean("multi")
	n.AllowNone, _ = e.boolean("allow_none")
	n.Next, _ = e.str("next", lineText)
	n.Verdict, _ = e.str("verdict", lineText)
	n.Kind = NodeChoice
	if k, ok := e.str("kind", lineText); ok {
		if !slices.Contains(NodeKinds(), k) {
			hint := DidYouMean(k, NodeKinds())
			if hint.ID == "" {
				hint = msgHintUseOneOf.With(QuotedList("Values", NodeKinds()))
			}
			e.r.fail(e.loc, "kind", msgUnknownKind, Part("What", what.msg()), Quoted("Kind", k), Part("Hint", hint))
			// Nothing else about the node is checked against a kind
			// nobody meant: the typo is the one thing to fix.
			n.Kind = ""
			return
		}
		n.Kind = k
	}
	n.Unit, _ = e.str("unit", lineText)
	n.Min = e.number("min")
	n.Max = e.number("max")
	switch {
	case n.IsNumber() && n.Multi:
		e.r.fail(e.loc, "multi", msgNumberMulti, Part("What", what.msg()))
	case n.IsNumber() && e.has("options"):
		e.r.fail(e.loc, "options", msgNumberOptions, Part("What", what.msg()))
	case !n.IsNumber() && (e.has("unit") || e.has("min") || e.has("max")):
		e.r.fail(e.loc, firstOf(e.obj, "unit", "min", "max"), msgNotNumberKeys, Part("What", what.msg()))
	case !n.Multi && !n.IsNumber() && (e.has("next") || e.has("verdict") || e.has("allow_none")):
		e.r.fail(e.loc, firstOf(e.obj, "next", "verdict", "allow_none"), msgSingleNodeRoute, Part("What", what.msg()))
	}
	if (n.Multi || n.IsNumber()) && e.has("next") && e.has("verdict") {
		e.r.fail(e.loc, "verdict", msgOptionBoth, Part("What", what.msg()))
	}
	if n.IsNumber() && !e.has("next") && !e.has("verdict") {
		e.r.fail(e.loc, "", msgOptionNeither, Part("What", what.msg()))
	}
	if n.Min != nil && n.Max != nil && *n.Min > *n.Max {
		e.r.fail(e.loc, "max", msgMinAboveMax, Part("What", what.msg()), Plain("Min", FormatNumber(*n.Min)), Plain("Max", FormatNumber(*n.Max)))
	}
}

// firstOf is the first of keys that o has, to point a diagnostic at.
func firstOf(o obj, keys ...string) string {
	for _, k := range keys {
		if o.has(k) {
			return k
		}
	}
	return ""
}

// number reads an integer or a float at key; nil when missing or not a
// number (reported).
func (o obj) number(key string) *float64 {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	var x float64
	switch n := v.(type) {
	case int64:
		x = float64(n)
	case float64:
		x = n
	default:
		o.wrongType(key, msgTypeNumber, v)
		return nil
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		o.wrongType(key, msgTypeNumber, v)
		return nil
	}
	return &x
}

// An option of a multi node may leave out next and verdict when its node
// has its own: the node's then leads on.
func optionNeedsTarget(n *Node) bool { return !n.Multi || n.Next == "" && n.Verdict == "" }

// Answer tests: what an answer trigger asks of a standing answer.
const (
	OpEqual     = "="
	OpAtLeast   = ">="
	OpMore      = ">"
	OpAtMost    = "<="
	OpLess      = "<"
	opAllChars  = "<>="
	numberedOps = ">=, >, <=, <"
)

// AnswerTest is what an answer trigger asks: answer:<node>=<option> that
// the option was picked (among others, on a multi node);
// answer:<node>>=<number> (>, <=, <, =) that the number given compares so.
type AnswerTest struct {
	Node, Op, Value string
}

// AnswerTest splits an answer trigger's argument.
func (t Trigger) AnswerTest() AnswerTest { return splitAnswer(t.Arg) }

func splitAnswer(arg string) AnswerTest {
	i := strings.IndexAny(arg, opAllChars)
	if i < 0 {
		return AnswerTest{Node: arg}
	}
	op := arg[i : i+1]
	if (op == "<" || op == ">") && strings.HasPrefix(arg[i+1:], "=") {
		op += "="
	}
	return AnswerTest{Node: arg[:i], Op: op, Value: arg[i+len(op):]}
}

// Threshold reports whether the test compares a number (every operator
// but =, which compares a number only on a number node).
func (a AnswerTest) Threshold() bool { return a.Op != OpEqual && a.Op != "" }

// Number is the test's value as a number.
func (a AnswerTest) Number() (float64, bool) { return ParseNumber(a.Value) }

// Holds reports whether the number x passes the test.
func (a AnswerTest) Holds(x float64) bool {
	v, ok := a.Number()
	if !ok {
		return false
	}
	switch a.Op {
	case OpAtLeast:
		return x >= v
	case OpMore:
		return x > v
	case OpAtMost:
		return x <= v
	case OpLess:
		return x < v
	case OpEqual:
		return x == v
	}
	return false
}

// answerForm reports whether arg is "<node>=<option>" or "<node><op><number>".
func answerForm(arg string) bool {
	a := splitAnswer(arg)
	if a.Node == "" || a.Op == "" || a.Value == "" || strings.ContainsAny(a.Value, opAllChars) {
		return false
	}
	if a.Threshold() {
		return plainNumber(a.Value)
	}
	return true
}

// plainNumber reports whether s is a number as a trigger writes it: an
// optional minus, digits, and optionally a point and more digits (no
// thousands commas: the trigger is code, not prose).
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dotted := strings.Cut(s, ".")
	digits := func(d string) bool {
		return d != "" && strings.Trim(d, "0123456789") == ""
	}
	return digits(whole) && (!dotted || digits(frac))
}

// answerExists reports whether rb has what an answer trigger names: the
// option of a choice node, or a number on a number node.
func answerExists(rb *Runbook, arg string) bool {
	a := splitAnswer(arg)
	n := rb.Node(a.Node)
	switch {
	case n == nil:
		return false
	case n.Kind == "":
		return true // a node of an unknown kind, reported where it is written
	case n.IsNumber():
		_, ok := a.Number()
		return ok
	}
	return !a.Threshold() && n.Option(a.Value) != nil
}

// answerTrigger checks an answer trigger beyond its references: a
// threshold on a node whose answer is not a number, and a threshold no
// number the node accepts can pass (outside its min and max). It reports
// true when it found one, so that the caller says nothing more.
func (v *validator) answerTrigger(d *Duty, at loc, t Trigger) bool {
	a := t.AnswerTest()
	n := v.rb.Node(a.Node)
	if n == nil || n.Kind == "" {
		return false
	}
	if a.Threshold() && !n.IsNumber() {
		v.r.fail(at, "", msgThresholdNotNumber, Quoted("Duty", d.ID), Quoted("Trigger", t.String()), Quoted("Node", n.ID))
		return true
	}
	if !n.IsNumber() {
		return false
	}
	x, ok := a.Number()
	if !ok {
		v.r.fail(at, "", msgAnswerNotNumber, Quoted("Duty", d.ID), Quoted("Trigger", t.String()), Quoted("Node", n.ID))
		return true
	}
	if !thresholdPossible(n, a.Op, x) {
		v.r.warn(at, "", msgThresholdNever, Quoted("Duty", d.ID), Quoted("Trigger", t.String()), Plain("Range", rangeText(n)))
		return true
	}
	return false
}

// thresholdPossible reports whether some number the node accepts passes
// op x.
func thresholdPossible(n *Node, op string, x float64) bool {
	lo, hi := math.Inf(-1), math.Inf(1)
	if n.Min != nil {
		lo = *n.Min
	}
	if n.Max != nil {
		hi = *n.Max
	}
	switch op {
	case OpAtLeast:
		return hi >= x
	case OpMore:
		return hi > x
	case OpAtMost:
		return lo <= x
	case OpLess:
		return lo < x
	case OpEqual:
		return lo <= x && x <= hi
	}
	return true
}

// rangeText writes a number node's range as "0..500", "0.." or "..500".
func rangeText(n *Node) string {
	var lo, hi string
	if n.Min != nil {
		lo = FormatNumber(*n.Min)
	}
	if n.Max != nil {
		hi = FormatNumber(*n.Max)
	}
	return lo + ".." + hi
}

// The messages of this file, declared as the others in messages.go.
var (
	msgNumberMulti        = msg("diag.number-multi", "bad-node", "What")
	msgNumberOptions      = msg("diag.number-options", "bad-node", "What")
	msgNotNumberKeys      = msg("diag.not-number-keys", "bad-node", "What")
	msgSingleNodeRoute    = msg("diag.single-node-route", "bad-node", "What")
	msgMinAboveMax        = msg("diag.min-above-max", "bad-node", "What", "Min", "Max")
	msgMultiNoOptions     = msg("diag.multi-no-options", "bad-node", "What")
	msgThresholdNotNumber = msg("diag.threshold-not-number", "condition-never", "Duty", "Trigger", "Node")
	msgAnswerNotNumber    = msg("diag.answer-not-number", "condition-never", "Duty", "Trigger", "Node")
	msgThresholdNever     = msg("diag.threshold-never", "condition-never", "Duty", "Trigger", "Range")
)

func answerMessages() []Message {
	return []Message{msgNumberMulti, msgNumberOptions, msgNotNumberKeys, msgSingleNodeRoute, msgMinAboveMax, msgMultiNoOptions,
		msgThresholdNotNumber, msgAnswerNotNumber, msgThresholdNever}
}
