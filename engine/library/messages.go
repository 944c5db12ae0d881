package library

import (
	"strconv"
	"sync"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Every message the library's errors are made of, declared once (see
// engine/runbook/messages.go): catalogue id, under [runbook.library] in
// internal/i18n/locales, and argument names. A scenario's diagnostics quote
// them when its runbook reference does not resolve; the CLI says the
// errors of its own arguments in its own words, from the errors' fields.

func msg(id, code string, params ...string) runbook.Message {
	return runbook.Message{ID: "runbook.library." + id, Code: code, Params: params}
}

var (
	msgUnknownRunbook  = msg("unknown-runbook", "", "ID", "Hint")
	msgUnknownScenario = msg("unknown-scenario", "", "ID", "Hint")
	msgHintDidYouMean  = msg("hint-did-you-mean", "", "Suggestions")
	msgBrokenRunbook   = msg("broken-runbook", "", "File", "ID", "Hint")
	msgBrokenScenario  = msg("broken-scenario", "", "File", "ID", "Hint")
	msgBrokenFile      = msg("broken-file", "", "File", "Hint")
	msgHintValidate    = msg("hint-validate", "", "File")
	msgMissingFile     = msg("missing-file", "", "File")
	msgNotInWalk       = msg("not-in-walk", "io", "File")
	msgUnknownOpen     = msg("unknown-open", "dangling-ref", "Verdict", "ID", "Hint")
)

// Messages returns every message of the library's errors (a new slice each
// call), for the tests that check them in every language.
func Messages() []runbook.Message {
	return []runbook.Message{
		msgUnknownRunbook, msgUnknownScenario, msgHintDidYouMean, msgBrokenRunbook, msgBrokenScenario,
		msgBrokenFile, msgHintValidate, msgMissingFile, msgNotInWalk, msgUnknownOpen,
	}
}

// english is the English catalogue, for the errors' Error methods; built
// once on first use.
var english = sync.OnceValue(func() *i18n.Catalog { return i18n.New(i18n.English) })

// quoted returns each id in Go quotes, as runbook.Quoted shows one.
func quoted(ids []string) []string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return q
}
