package runbook

import (
	"errors"
	"strings"
)

// This file is the one declaration of the trigger vocabulary (`on`):
// parsing, reference validation and its "did you mean", the usage message,
// the JSON Schema's pattern and examples, and the trigger table of
// docs/runbook-format.md are all driven from TriggerKinds. The incident
// engine keeps what each kind means at run time (engine/incident, keyed by
// these kinds; a test there fails for a kind without semantics).
//
// Adding a trigger is one row in TriggerKinds, its meaning in the message
// catalogue (runbook.trigger.<kind>, in every language), and its semantics
// in engine/incident; then go test ./engine/runbook -update regenerates the
// docs' table and the schema.

// Trigger kinds. A duty starts when one of its triggers happens.
const (
	TriggerOpened      = "opened"
	TriggerVerdict     = "verdict" // any verdict, or verdict:<id> with Arg
	TriggerSecurity    = "security"
	TriggerNotSecurity = "not-security"
	TriggerRank        = "rank"
	TriggerMilestone   = "milestone"
	TriggerDone        = "done"
	TriggerOverdue     = "overdue"
	// TriggerResolved: the service is back (incident.resolved); follow-up
	// duties start from it, and recurring updates stop at it (until).
	TriggerResolved = "resolved"
	// TriggerClosed (format version 2): the duty was done or waived, so
	// that what is chained after an optional step does not wait for it
	// when the step is waived.
	TriggerClosed = "closed"
	// TriggerAnswer (format version 2): an answer stands, such as
	// answer:scope=eu-data; it lets a duty depend on what triage learnt
	// on the way to its verdict.
	TriggerAnswer = "answer"
	// TriggerDimension (format version 2): a classification axis has a
	// value, such as dimension:severity=sev1.
	TriggerDimension = "dimension"
	// TriggerOngoing (format version 2): duty <duty> fell due while the
	// incident was still being handled (its if_ongoing's until had not
	// happened): NIS2's progress report instead of the final one.
	TriggerOngoing = "ongoing"
)

// Ref says what the id after a trigger's colon names.
type Ref string

// What a trigger's argument may name. RefNone: the trigger takes none.
const (
	RefNone      Ref = ""
	RefVerdict   Ref = "verdict"
	RefRank      Ref = "rank"
	RefMilestone Ref = "milestone"
	RefDuty      Ref = "duty"
	// RefAnswer names an option of a node: "<node>=<option>".
	RefAnswer Ref = "answer"
	// RefField names a report field of any duty (format version 2). No
	// trigger takes one; the {field.<id>} placeholder does.
	RefField Ref = "field"
	// RefDimension names a value of a dimension: "<dimension>=<value>".
	RefDimension Ref = "dimension"
)

// Refs lists every Ref a trigger's argument can name (a new slice each call).
func Refs() []Ref { return []Ref{RefVerdict, RefRank, RefMilestone, RefDuty, RefAnswer, RefDimension} }

// Placeholder is how the argument is written in usage: "<duty>" for a duty,
// "<node>=<option>" for an answer, "<id>" for the rest.
func (r Ref) Placeholder() string {
	switch r {
	case RefDuty:
		return "<duty>"
	case RefAnswer:
		return "<node>=<option>"
	case RefDimension:
		return "<dimension>=<value>"
	}
	return "<id>"
}

// Example is an id the argument could take, for the schema's examples.
func (r Ref) Example() string {
	switch r {
	case RefVerdict:
		return "ransomware"
	case RefRank:
		return "A"
	case RefMilestone:
		return "pii-suspected"
	case RefDuty:
		return "vendor-first-call"
	case RefAnswer:
		return "symptom=ransom"
	case RefField:
		return "records"
	case RefDimension:
		return "severity=sev1"
	}
	return ""
}

// IDs returns the ids of rb that an argument of kind r may name, in source
// order: the candidates of a "did you mean".
func (r Ref) IDs(rb *Runbook) []string {
	switch r {
	case RefVerdict:
		return ids(rb.Verdicts, func(x *Verdict) string { return x.ID })
	case RefRank:
		return ids(rb.Ranks, func(x *Rank) string { return x.ID })
	case RefMilestone:
		return ids(rb.Milestones, func(x *Milestone) string { return x.ID })
	case RefDuty:
		return ids(rb.Duties, func(x *Duty) string { return x.ID })
	case RefAnswer:
		var out []string
		for _, n := range rb.Triage.Nodes {
			for _, o := range n.Options {
				out = append(out, n.ID+"="+o.ID)
			}
		}
		return out
	case RefField:
		var out []string
		for _, d := range rb.Duties {
			for _, f := range d.Fields {
				out = append(out, f.ID)
			}
		}
		return out
	case RefDimension:
		return dimensionIDs(rb)
	}
	return nil
}

// Exists reports whether rb defines id as what r names.
func (r Ref) Exists(rb *Runbook, id string) bool {
	switch r {
	case RefVerdict:
		return rb.Verdict(id) != nil
	case RefRank:
		return rb.Rank(id) != nil
	case RefMilestone:
		return rb.Milestone(id) != nil
	case RefDuty:
		return rb.Duty(id) != nil
	case RefAnswer:
		return answerExists(rb, id)
	case RefDimension:
		return dimensionExists(rb, id)
	case RefField:
		f, _ := rb.Field(id)
		return f != nil
	}
	return false
}

// TriggerKind is one row of the trigger table.
type TriggerKind struct {
	// Kind is the trigger as written before any colon.
	Kind string
	// Ref is what the id after the colon names; RefNone when the trigger
	// takes no argument.
	Ref Ref
	// Bare says that a trigger with a Ref is also written without its
	// argument ("verdict": any verdict).
	Bare bool
	// Anchor says that the kind names a moment a clock can count from
	// (`from`): opened, a verdict, a milestone, a duty done. A state
	// such as "security" or an overdue is not one.
	Anchor bool
	// Since is the format version that added the kind; 0 for version 1.
	// A file of an older version that writes it is refused.
	Since int
}

// TriggerKinds is the trigger table, in the order usage and docs list it.
// Each kind's meaning is the catalogue message runbook.trigger.<kind>.
func TriggerKinds() []TriggerKind {
	return []TriggerKind{
		{Kind: TriggerOpened, Anchor: true},
		{Kind: TriggerVerdict, Ref: RefVerdict, Bare: true, Anchor: true},
		{Kind: TriggerSecurity},
		{Kind: TriggerNotSecurity},
		{Kind: TriggerRank, Ref: RefRank},
		{Kind: TriggerMilestone, Ref: RefMilestone, Anchor: true},
		{Kind: TriggerDone, Ref: RefDuty, Anchor: true},
		{Kind: TriggerOverdue, Ref: RefDuty},
		{Kind: TriggerResolved, Anchor: true},
		{Kind: TriggerClosed, Ref: RefDuty, Anchor: true, Since: 2},
		{Kind: TriggerAnswer, Ref: RefAnswer, Anchor: true, Since: 2},
		{Kind: TriggerDimension, Ref: RefDimension, Anchor: true, Since: 2},
		{Kind: TriggerOngoing, Ref: RefDuty, Since: 2},
	}
}

// LookupTrigger returns the row of kind.
func LookupTrigger(kind string) (TriggerKind, bool) {
	for _, k := range TriggerKinds() {
		if k.Kind == kind {
			return k, true
		}
	}
	return TriggerKind{}, false
}

// Forms returns how the kind is written: "opened"; "verdict" and
// "verdict:<id>"; "done:<duty>".
func (k TriggerKind) Forms() []string {
	var out []string
	if k.Ref == RefNone || k.Bare {
		out = append(out, k.Kind)
	}
	if k.Ref != RefNone {
		out = append(out, k.Kind+":"+k.Ref.Placeholder())
	}
	return out
}

// MeaningID is the catalogue id of the kind's one-line meaning.
func (k TriggerKind) MeaningID() string { return "runbook.trigger." + k.Kind }

// TriggerForms lists every way to write a trigger, the ones without an
// argument first, as the usage message and the schema list them.
func TriggerForms() []string {
	var bare, args []string
	for _, k := range TriggerKinds() {
		for _, f := range k.Forms() {
			if strings.Contains(f, ":") {
				args = append(args, f)
			} else {
				bare = append(bare, f)
			}
		}
	}
	return append(bare, args...)
}

// AnchorForms lists every way to write a clock's anchor (`from`): the
// forms of the kinds that are anchors.
func AnchorForms() []string {
	var out []string
	for _, f := range TriggerForms() {
		kind, _, _ := strings.Cut(f, ":")
		if k, _ := LookupTrigger(kind); k.Anchor {
			out = append(out, f)
		}
	}
	return out
}

// triggerKindNames lists the kinds, for a "did you mean".
func triggerKindNames() []string {
	var out []string
	for _, k := range TriggerKinds() {
		out = append(out, k.Kind)
	}
	return out
}

// Trigger is one parsed `on` value, such as "milestone:pii-suspected".
type Trigger struct {
	Kind string
	Arg  string // the id after the colon; empty for a kind written bare
}

// String returns the trigger as written in a runbook.
func (t Trigger) String() string {
	if t.Arg == "" {
		return t.Kind
	}
	return t.Kind + ":" + t.Arg
}

// Ref returns what the trigger's argument names (RefNone for an unknown
// kind).
func (t Trigger) Ref() Ref {
	k, _ := LookupTrigger(t.Kind)
	return k.Ref
}

// ParseTrigger reads one `on` value such as "opened" or
// "overdue:vendor-first-call". An error is a *Problem that matches
// ErrBadTrigger.
func ParseTrigger(s string) (Trigger, error) {
	kind, arg, hasArg := strings.Cut(s, ":")
	k, ok := LookupTrigger(kind)
	badTrigger := func(m Message, args ...Arg) error {
		return NewProblem(m.With(append([]Arg{Quoted("Trigger", s)}, args...)...), ErrBadTrigger)
	}
	switch {
	case !ok:
		return Trigger{}, badTrigger(msgTriggerUnknown, Part("Hint", DidYouMean(kind, triggerKindNames())), OrList("Forms", TriggerForms()))
	case k.Ref == RefNone && hasArg:
		return Trigger{}, badTrigger(msgTriggerNoArgument, Quoted("Kind", kind))
	case k.Ref != RefNone && k.Bare && hasArg && arg == "":
		return Trigger{}, badTrigger(msgTriggerNamesNone, Part("Ref", k.Ref.kind().With()), Quoted("Kind", kind), Quoted("Form", kind+":"+k.Ref.Placeholder()))
	case k.Ref != RefNone && !k.Bare && arg == "":
		return Trigger{}, badTrigger(msgTriggerNeedsID, Quoted("Form", kind+":"+k.Ref.Placeholder()))
	case k.Ref == RefAnswer && !answerForm(arg):
		return Trigger{}, badTrigger(msgTriggerAnswerForm, Quoted("Form", kind+":"+k.Ref.Placeholder()), Quoted("Example", kind+":"+k.Ref.Example()))
	case k.Ref == RefDimension && !dimensionForm(arg):
		return Trigger{}, badTrigger(msgTriggerDimensionForm, Quoted("Form", kind+":"+k.Ref.Placeholder()), Quoted("Example", kind+":"+k.Ref.Example()))
	}
	return Trigger{Kind: kind, Arg: arg}, nil
}

// AnswerOf returns the node and option an answer trigger names (for a
// threshold, the node and the number; see AnswerTest).
func (t Trigger) AnswerOf() (node, option string) {
	a := t.AnswerTest()
	return a.Node, a.Value
}

// ErrBadTrigger is matched (errors.Is) by every error of ParseTrigger.
var ErrBadTrigger = errors.New("bad trigger")
