package drill

import "github.com/shodo-dev/shodo/engine/runbook"

// Every message a scenario's diagnostics are made of, declared once (see
// engine/runbook/messages.go): catalogue id, under [runbook.scenario] in
// internal/i18n/locales, diagnostic class, and argument names.

func msg(id, code string, params ...string) runbook.Message {
	return runbook.Message{ID: "runbook.scenario." + id, Code: code, Params: params}
}

var (
	msgBadID            = msg("bad-id", "bad-id", "ID")
	msgBadSpeed         = msg("bad-speed", "bad-value", "Speed", "Min", "Max")
	msgBadStart         = msg("bad-start", "bad-value", "Start")
	msgHappenedLater    = msg("happened-later", "bad-value", "What", "Happened", "At")
	msgRunbook          = msg("runbook", "runbook", "Runbook", "Problem")
	msgCloseNotLast     = msg("close-not-last", "step-order", "N", "More")
	msgEmptyText        = msg("empty-text", "bad-value", "What")
	msgUnknownChannel   = msg("unknown-channel", "unknown-channel", "What", "Channel", "Hint")
	msgUnknownVerdict   = msg("unknown-verdict", "dangling-ref", "Runbook", "Verdict", "Hint")
	msgUnknownExpected  = msg("unknown-expected-duty", "dangling-ref", "Key", "Duty", "Runbook", "Hint")
	msgMetAndNotStarted = msg("met-and-not-started", "bad-value", "Duty")
	msgInOrderNoBefore  = msg("in-order-no-before", "bad-value", "Duty", "Runbook")
	msgUnknownEnding    = msg("unknown-ending", "bad-value", "What", "Ending", "Hint")
	msgVerdictAndEnding = msg("verdict-and-ending", "bad-value", "Verdict", "Ending")
	msgStepOutOfOrder   = msg("step-out-of-order", "step-order", "What", "At", "Earlier")
	msgNoAction         = msg("no-action", "step-action", "What", "Actions")
	msgTwoActions       = msg("two-actions", "step-action", "What", "First", "Second")
	msgKeyWithAction    = msg("key-with-action", "step-action", "What", "Key", "Allowed", "Action")
	msgEmptyValue       = msg("empty-value", "bad-value", "What", "Key")
	msgBadAnswer        = msg("bad-answer", "bad-value", "What", "Answer")
	msgUnknownMilestone = msg("unknown-milestone", "dangling-ref", "What", "Milestone", "Runbook", "Hint")
	msgUnknownNode      = msg("unknown-node", "dangling-ref", "What", "Node", "Runbook", "Hint")
	msgUnknownRole      = msg("unknown-role", "dangling-ref", "What", "Role", "Runbook", "Hint")
	msgUnknownOption    = msg("unknown-option", "dangling-ref", "What", "Node", "Option", "Hint")
	msgUnknownDuty      = msg("unknown-duty", "dangling-ref", "What", "Duty", "Runbook", "Hint")
	msgWrongMeans       = msg("wrong-means", "dangling-ref", "What", "Duty", "By", "Hint")
	msgHintChannels     = msg("hint-channels", "", "Channels")
	msgWhatScenario     = msg("what-the-scenario", "")
	msgWhatAScenario    = msg("what-a-scenario", "")
	msgWhatInject       = msg("what-inject", "", "N")
	msgWhatStep         = msg("what-step", "", "N")
	msgWhatExpect       = msg("what-expect", "")
	msgKindInject       = msg("kind-inject", "")
	msgKindStep         = msg("kind-step", "")
	exScenarioID        = msg("example-id", "")
	exScenarioTitle     = msg("example-title", "")
	exScenarioRunbook   = msg("example-runbook", "")
	exAt                = msg("example-at", "")
	exInjectText        = msg("example-inject-text", "")
	exOutcome           = msg("example-outcome", "")
	exReason            = msg("example-reason", "")
	exAuthority         = msg("example-authority", "")
	exLength            = msg("example-length", "")
	exBy                = msg("example-by", "", "By", "Duty", "Accepted")
)

// Messages returns every message of a scenario's diagnostics (a new slice
// each call), for the tests that check them in every language.
func Messages() []runbook.Message {
	return append([]runbook.Message{
		msgBadID, msgBadSpeed, msgBadStart, msgHappenedLater, msgRunbook, msgCloseNotLast, msgEmptyText, msgUnknownChannel, msgUnknownVerdict,
		msgUnknownExpected, msgMetAndNotStarted, msgInOrderNoBefore, msgStepOutOfOrder, msgNoAction, msgTwoActions, msgKeyWithAction,
		msgEmptyValue, msgBadAnswer, msgUnknownMilestone, msgUnknownNode, msgUnknownRole, msgUnknownOption, msgUnknownDuty,
		msgWrongMeans, msgHintChannels, msgWhatScenario, msgWhatAScenario, msgWhatInject, msgWhatStep,
		msgWhatExpect, msgKindInject, msgKindStep, msgUnknownEnding, msgVerdictAndEnding,
		exScenarioID, exScenarioTitle, exScenarioRunbook, exAt, exInjectText, exOutcome, exReason, exBy, exAuthority, exLength,
	}, append(contentMessages(), append(fieldMessages(), append(answerMessages(), append(evidenceMessages(), recipientMessages()...)...)...)...)...)
}
