package incident

import "time"

// Sentence is an event told as codes and parameters: the id of a message
// in the catalogue and the named values it is filled with. The engine says
// what happened; the export package, the edge, turns it into words in the
// reader's language (engine/export.Sentence).
type Sentence struct {
	// ID is the message id: "export.event.duty-done".
	ID   string
	Args []Arg
}

// ArgKind says what an Arg holds, and so how an edge writes it.
type ArgKind int

// What an Arg can hold. Ids are written as the runbook's titles for them
// where the runbook has one, and as written otherwise.
const (
	ArgText      ArgKind = iota // text from a person or a runbook, as written
	ArgLine                     // text as written, folded onto one line
	ArgLines                    // multi-line text on one line, its breaks kept visible
	ArgCode                     // an id, a file name or a code: shown as is
	ArgQuoted                   // an id as someone typed it: quoted, its odd characters escaped (Go's %q)
	ArgDuty                     // a duty id
	ArgRole                     // a role id
	ArgMilestone                // a milestone id
	ArgQuestion                 // a triage node id, told by its question
	ArgAnswer                   // an option id of the node in Of, or several comma-separated (AnswerIDs), told by their labels
	ArgVerdict                  // a verdict id; Of is the title recorded with it
	ArgRank                     // a rank id
	ArgTrigger                  // a duty trigger as written in a runbook ("milestone:pii-suspected")
	ArgMeans                    // a means of contact ("phone"); empty when none was recorded
	ArgChannel                  // an inject channel ("email")
	ArgTime                     // an instant: Time
	ArgNumber                   // a number: Number
	ArgCount                    // a count, which also chooses the plural form: Count
	ArgWord                     // a word of the catalogue: Text is its message id
	ArgSpan                     // a length of time: Span, written without its sign
	ArgItems                    // checklist item ids of the duty in Of, comma-separated (Items), told by their texts
	// ArgNumberAnswer is the number given to the number node in Of
	// (Number), told with the node's unit.
	ArgNumberAnswer
	ArgFields     // report field ids of the duty in Of, comma-separated (Fields), told by their labels
	ArgFieldValue // a report field's value as recorded; Of is "duty/field", whose kind says how to write it
	// ArgRecipients is recipients of a duty, one a line (Recipients): a
	// role or party id, told by its title, or an entry of a for_each
	// field, as written.
	ArgRecipients
)

// Arg is one named parameter of a Sentence.
type Arg struct {
	Name   string
	Kind   ArgKind
	Text   string
	Of     string
	Time   time.Time
	Number float64
	Count  int64
	Span   time.Duration
}

// Say builds the sentence of message export.event.<name>.
func Say(name string, args ...Arg) Sentence {
	return Sentence{ID: "export.event." + name, Args: args}
}

// Text is an Arg of text shown as written.
func Text(name, s string) Arg { return Arg{Name: name, Kind: ArgText, Text: s} }

// Line is an Arg of text folded onto one line.
func Line(name, s string) Arg { return Arg{Name: name, Kind: ArgLine, Text: s} }

// Code is an Arg shown as is: an id, a file name.
func Code(name, s string) Arg { return Arg{Name: name, Kind: ArgCode, Text: s} }

// Quoted is an Arg holding an id as someone typed it, shown quoted and
// escaped: it may not be an id at all.
func Quoted(name, s string) Arg { return Arg{Name: name, Kind: ArgQuoted, Text: s} }

// Ref is an Arg naming a runbook thing (or a means, channel or trigger) by
// its id.
func Ref(name string, kind ArgKind, id string) Arg { return Arg{Name: name, Kind: kind, Text: id} }

// Time is an Arg holding an instant.
func Time(name string, t time.Time) Arg { return Arg{Name: name, Kind: ArgTime, Time: t} }

// Number is an Arg holding a number.
func Number(name string, n float64) Arg { return Arg{Name: name, Kind: ArgNumber, Number: n} }

// Count is the Arg named Count, which chooses the plural form.
func Count(n int64) Arg { return Arg{Name: "Count", Kind: ArgCount, Count: n} }

// Word is an Arg filled with another message of the catalogue.
func Word(name, id string) Arg { return Arg{Name: name, Kind: ArgWord, Text: id} }

// exampleTime is the time of the registry's example payloads.
var exampleTime = time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)

// Duration is a length of time: "1h05m".
func Duration(name string, d time.Duration) Arg { return Arg{Name: name, Kind: ArgSpan, Span: d} }
