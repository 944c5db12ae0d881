package incident

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shodo-dev/shodo/engine/journal"
)

// Refusal is a command the session refused before recording anything:
// what was asked and why not, as sentences (message ids and parameters)
// that the edges put into words in the reader's language
// (export.Describe). errors.Is matches its sentinel (ErrNotCurrent,
// ErrRequired, …); Error is the English of logs and of callers with no
// catalogue at hand, and is what every message's English reads.
type Refusal struct {
	// Command is what was asked: a message export.command.<name>, e.g.
	// "answer {{.Node}}/{{.Option}}".
	Command Sentence
	// Reason is why not: a message export.refusal.<name>.
	Reason Sentence
	// Err is the sentinel error of the reason.
	Err error
	// Blockers are the duties that hold a refused close (ErrCloseBlocked),
	// in runbook order; nil for every other refusal.
	Blockers []CloseBlocker

	command, reason string // in English
}

// Error is the refusal in English: "answer symptom/down: node is not the
// current triage question: the current node is "logs"".
func (r *Refusal) Error() string {
	if r.command == "" {
		return r.reason
	}
	return r.command + ": " + r.reason
}

// Unwrap returns the sentinel.
func (r *Refusal) Unwrap() error { return r.Err }

// command is a command as asked: its English, for errors, and its sentence.
type command struct {
	text string
	say  Sentence
}

// asked names a command: its English and the message export.command.<name>
// with its parameters.
func asked(text, name string, args ...Arg) command {
	return command{text: text, say: Sentence{ID: "export.command." + name, Args: args}}
}

// refuse is a refusal for the sentinel err, with the message
// export.refusal.<name>. english is the reason in English, written the way
// the message's English reads: a test renders every refusal both ways.
func refuse(err error, english, name string, args ...Arg) *Refusal {
	return &Refusal{Err: err, reason: english, Reason: Sentence{ID: "export.refusal." + name, Args: args}}
}

// blank reports a required text that says nothing: empty, or only spaces
// and line breaks. A reason, an owner or a summary of blanks is refused as
// missing: the record would carry no answer to the question it asks.
func blank(text string) bool { return strings.TrimSpace(text) == "" }

// refuseRequired refuses a command whose required text field is empty.
func refuseRequired(field string) *Refusal {
	return refuse(ErrRequired, field+": "+ErrRequired.Error(), "required-"+field)
}

// refused returns err as the refusal of cmd. A check's error that is not a
// Refusal (it should not happen) is wrapped with the command's English.
func (cmd command) refused(err error) error {
	var r *Refusal
	if errors.As(err, &r) && r.command == "" {
		out := *r
		out.Command, out.command = cmd.say, cmd.text
		return &out
	}
	return fmt.Errorf("%s: %w", cmd.text, err)
}

// listed writes ids as Go's %v writes a []string: [phone email].
func listed(ids []string) string { return "[" + strings.Join(ids, " ") + "]" }

// Told is an error the engine can tell as a sentence, for the edges to put
// into words (export.Describe); its Error is the English of logs.
type Told interface {
	error
	Sentence() Sentence
}

// BrokenJournal says that a journal does not verify to its end, and where
// it breaks: the reason Summary.Err gives for an incident the home lists
// but cannot read.
type BrokenJournal struct {
	Break journal.Break
}

// Error reads "journal breaks at line 12 seq 12: bad-hash (3 records
// follow)", or "journal breaks at head: bad-signature".
func (b *BrokenJournal) Error() string { return "journal breaks at " + b.Break.String() }

// Sentence tells the break: message export.broken.line (or .head), the
// kind of break as a word of export.break.
func (b *BrokenJournal) Sentence() Sentence {
	kind := Word("Kind", "export.break."+string(b.Break.Kind))
	if b.Break.Line == 0 {
		return Sentence{ID: "export.broken.head", Args: []Arg{kind}}
	}
	return Sentence{ID: "export.broken.line", Args: []Arg{
		Code("Line", strconv.Itoa(b.Break.Line)), Code("Seq", strconv.FormatUint(b.Break.Seq, 10)), kind,
		Count(int64(b.Break.Follow)),
	}}
}

// AfterClose says that a journal goes on after its close record with
// records no reopen let in: the fold leaves them out (export marks them
// "not applied") and `shodo verify` fails the journal; the home lists the
// incident as unreadable rather than as a closed one that looks whole.
type AfterClose struct {
	Seq   uint64 // the first record after the close
	Count int    // how many such records there are
}

func (a *AfterClose) Error() string {
	return fmt.Sprintf("the journal goes on after its close: %d record(s) from seq %d, never applied", a.Count, a.Seq)
}

// Unwrap makes errors.Is(err, ErrAfterClose) hold, as for Resume's refusal.
func (a *AfterClose) Unwrap() error { return ErrAfterClose }

// Sentence tells it: message export.after-close.
func (a *AfterClose) Sentence() Sentence {
	return Sentence{ID: "export.after-close", Args: []Arg{Code("Seq", strconv.FormatUint(a.Seq, 10)), Count(int64(a.Count))}}
}

// statusWord is an Arg naming a duty's status in words
// (export.refusal.status.<status>).
func statusWord(s DutyStatus) Arg { return Word("Status", "export.refusal.status."+string(s)) }
