package incident

import (
	"errors"
	"fmt"
	"strings"
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
