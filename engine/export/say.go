package export

import (
	"errors"
	"strings"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// The engine's other sentences — why a command was refused, what did not
// fit when a journal was folded, how a drill fell short of its scenario —
// come as codes and parameters (incident.Sentence) like its events' do, and
// are put into words here, once, for the CLI, the TUI and the documents.

// Say puts one of the engine's sentences into words in c's language. Ids
// in it are written as they are: it has no runbook at hand.
func Say(c *i18n.Catalog, s incident.Sentence) string {
	return words{c: c, rb: &runbook.Runbook{}}.sentence(s)
}

// Describe says what went wrong in c's language: a command the session
// refused (an *incident.Refusal anywhere in err's chain) in words, what was
// asked and why not; an error the engine tells as a sentence
// (incident.Told: a broken journal) in words; any other error in the
// English of its Error method,
// which is for logs (a disk that fails speaks no language of ours).
func Describe(c *i18n.Catalog, err error) string {
	if err == nil {
		return ""
	}
	var told incident.Told
	if errors.As(err, &told) {
		return Say(c, told.Sentence())
	}
	var r *incident.Refusal
	if !errors.As(err, &r) {
		return err.Error()
	}
	reason := Say(c, r.Reason)
	if r.Command.ID == "" {
		return reason
	}
	return c.T("export.refusal.refused", "Command", Say(c, r.Command), "Reason", reason)
}

// Problem says what was wrong with an event the fold could not apply.
func Problem(c *i18n.Catalog, p incident.Problem) string {
	return c.T("export.problem.at", "Seq", p.Seq, "Problem", Say(c, p.Say))
}

// Failure says how a drill fell short of its scenario.
func Failure(c *i18n.Catalog, f drill.Failure) string {
	if f.Refusal == nil {
		return Say(c, f.Say)
	}
	s := f.Say
	s.Args = append(append([]incident.Arg(nil), s.Args...), incident.Code("Refusal", Describe(c, f.Refusal)))
	return Say(c, s)
}

// Failures says every way a drill fell short, on one line: `shodo test`'s
// words after FAIL.
func Failures(c *i18n.Catalog, fs []drill.Failure) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = Failure(c, f)
	}
	return strings.Join(parts, c.T("export.test.separator"))
}
