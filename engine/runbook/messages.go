package runbook

import "errors"

// Every message this package's diagnostics are made of, declared once:
// catalogue id (its words are in internal/i18n/locales, section [runbook]),
// diagnostic class, and argument names. Call sites name their arguments
// (Quoted("Key", k)); the tests check each declaration against every
// language and each diagnostic's arguments against its declaration.

func msg(id, code string, params ...string) Message {
	return Message{ID: "runbook." + id, Code: code, Params: params}
}

// Diagnostics: one per kind of problem.
var (
	msgFileTooLarge        = msg("diag.file-too-large", "too-large", "Size", "Max")
	msgBadUTF8             = msg("diag.bad-utf8", "bad-utf8", "Byte")
	msgTooDeep             = msg("diag.too-deep", "too-deep", "Max")
	msgTooManyKeyParts     = msg("diag.too-many-key-parts", "too-many-key-parts", "Max")
	msgSyntax              = msg("diag.syntax", "syntax", "Detail")
	msgDecoderFailed       = msg("diag.decoder-failed", "syntax", "Detail")
	msgNoSources           = msg("diag.no-sources", "missing-key")
	msgCannotRead          = msg("diag.cannot-read", "io", "File", "Reason")
	msgNotRegular          = msg("diag.not-regular", "io", "File", "Kind")
	msgCannotWalk          = msg("diag.cannot-walk", "io", "Path", "Reason")
	msgRunbookTooLarge     = msg("diag.runbook-too-large", "too-large", "File", "Size", "Max")
	msgIncludeMissing      = msg("diag.include-missing", "include", "File")
	msgIncludeBad          = msg("diag.include-bad", "include", "Include", "Problem")
	msgIncludeSymlink      = msg("diag.include-symlink", "include", "Include", "Target", "Dir")
	msgIncludeUnchecked    = msg("diag.include-unchecked", "include", "Include", "Reason")
	msgIncludeCycle        = msg("diag.include-cycle", "include", "Chain", "File")
	msgIncludeTooDeep      = msg("diag.include-too-deep", "include", "Max")
	msgDuplicateDef        = msg("diag.duplicate-definition", "duplicate-id", "What", "At")
	msgDuplicateActor      = msg("diag.duplicate-actor", "duplicate-id", "Kind", "ID", "Other", "At")
	msgDuplicateRunbook    = msg("diag.duplicate-runbook", "duplicate-id", "ID", "At")
	msgDuplicateDuty       = msg("diag.duplicate-duty", "duplicate-id", "Duty", "At")
	msgDuplicateOption     = msg("diag.duplicate-option", "duplicate-id", "Node", "ID")
	msgMissingFormat       = msg("diag.missing-format", "missing-key", "Version")
	msgFormatVersion       = msg("diag.format-version", "format-version", "Got", "Want")
	msgNeedsFormat         = msg("diag.needs-format", "format-version", "Key", "Version", "Got")
	msgNeedsFormatValue    = msg("diag.needs-format-value", "format-version", "Key", "Value", "Version", "Got")
	msgMissingKey          = msg("diag.missing-key", "missing-key", "What", "Key", "Example")
	msgUnknownKey          = msg("diag.unknown-key", "unknown-key", "Key", "What", "Hint")
	msgWrongType           = msg("diag.wrong-type", "wrong-type", "Key", "Want", "Got")
	msgReviewedQuoted      = msg("diag.reviewed-quoted", "wrong-type")
	msgElementType         = msg("diag.element-type", "wrong-type", "N", "Key", "Got")
	msgEntryType           = msg("diag.entry-type", "wrong-type", "What", "Header", "Got")
	msgItemType            = msg("diag.item-type", "wrong-type", "What", "Got")
	msgUnknownKind         = msg("diag.unknown-kind", "bad-value", "What", "Kind", "Hint")
	msgTooManyDuties       = msg("diag.too-many-duties", "limit", "Duties", "Max")
	msgTooManyNodes        = msg("diag.too-many-nodes", "limit", "Nodes", "Max")
	msgTextTooLong         = msg("diag.text-too-long", "limit", "Key", "Size", "Max")
	msgControlChar         = msg("diag.control-char", "control-char", "Key", "Char", "N")
	msgBadID               = msg("diag.bad-id", "bad-id", "Kind", "ID", "Max", "Hint")
	msgBadRunbookID        = msg("diag.bad-runbook-id", "bad-id", "ID", "Max", "Hint")
	msgBadTrigger          = msg("diag.bad-trigger", "bad-trigger", "What", "Problem")
	msgNoTriggers          = msg("diag.no-triggers", "bad-trigger", "What")
	msgTriggerSelf         = msg("diag.trigger-self", "bad-trigger", "Duty", "Trigger")
	msgTriggerDangling     = msg("diag.trigger-dangling", "dangling-ref", "Duty", "Trigger", "Ref", "ID", "Hint")
	msgBadDuration         = msg("diag.bad-duration", "bad-duration", "What", "Problem")
	msgBadDurationAt       = msg("diag.bad-duration-at", "bad-duration", "What", "Key", "Problem")
	msgBadPlaceholder      = msg("diag.bad-placeholder", "bad-placeholder", "What", "Placeholder", "Hint")
	msgOptionBoth          = msg("diag.option-both", "option-target", "What")
	msgOptionNeither       = msg("diag.option-neither", "option-target", "What")
	msgReviewMissing       = msg("diag.review-missing", "review-missing", "Date")
	msgReviewStale         = msg("diag.review-stale", "review-stale", "Date", "Days")
	msgNoAssignee          = msg("diag.no-assignee", "no-assignee", "Role")
	msgNotAnActor          = msg("diag.not-an-actor", "dangling-ref", "Duty", "Key", "Value", "Hint")
	msgUnknownMeans        = msg("diag.unknown-means", "dangling-ref", "Duty", "By", "Hint")
	msgMeansMissing        = msg("diag.means-missing", "means-missing", "Duty", "Party", "By", "Has")
	msgNDAMissing          = msg("diag.nda-missing", "nda-missing", "Duty", "Party")
	msgNoMaintenance       = msg("diag.no-maintenance", "no-maintenance", "Duty", "Party")
	msgConditionNothing    = msg("diag.condition-nothing", "bad-trigger", "What")
	msgConditionEmpty      = msg("diag.condition-empty", "bad-trigger", "What", "Key")
	msgConditionNever      = msg("diag.condition-never", "condition-never", "Duty", "Triggers")
	msgConditionExcluded   = msg("diag.condition-excluded", "condition-never", "Duty", "Trigger")
	msgPlaceholderDangling = msg("diag.placeholder-dangling", "dangling-ref", "Duty", "Placeholder", "Ref", "ID", "Hint")
	msgBeforeSelf          = msg("diag.before-self", "bad-before", "Duty")
	msgBeforeDangling      = msg("diag.before-dangling", "dangling-ref", "Duty", "Before", "Hint")
	msgBeforeCycle         = msg("diag.before-cycle", "bad-before", "Duty", "Chain")
	msgOptionalLegal       = msg("diag.optional-legal", "optional-legal", "Duty")
	msgRegulatorNotLegal   = msg("diag.regulator-not-legal", "regulator-not-legal", "Duty", "Party")
	msgInsurerNoPolicy     = msg("diag.insurer-no-policy", "insurer-no-policy", "Duty", "Party")
	msgUnknownStart        = msg("diag.unknown-start", "dangling-ref", "Start", "Hint")
	msgUnknownNext         = msg("diag.unknown-next", "dangling-ref", "What", "Node", "Hint")
	msgUnknownVerdict      = msg("diag.unknown-verdict", "dangling-ref", "What", "Verdict", "Hint")
	msgUnknownStamp        = msg("diag.unknown-stamp", "dangling-ref", "What", "Milestone", "Hint")
	msgUnknownRank         = msg("diag.unknown-rank", "dangling-ref", "Verdict", "Rank", "Hint")
	msgUnreachable         = msg("diag.unreachable", "unreachable", "Node", "Start")
	msgUnreachableWith     = msg("diag.unreachable-with", "unreachable", "Node", "Start", "Nodes")
	msgUnreachableTypo     = msg("diag.unreachable-typo", "unreachable", "Node", "Start", "Next")
	msgUnreachableTypoWith = msg("diag.unreachable-typo-with", "unreachable", "Node", "Start", "Next", "Nodes")
	msgNoVerdict           = msg("diag.no-verdict", "no-verdict", "Node")
	msgUnusedVerdict       = msg("diag.unused-verdict", "unused-verdict", "Verdict")

	// Calendars and clocks (issue 10).
	msgBadZone            = msg("diag.bad-zone", "bad-calendar", "What", "Zone", "Reason")
	msgUnknownHolidays    = msg("diag.unknown-holidays", "bad-calendar", "What", "Holidays", "Hint")
	msgBadHours           = msg("diag.bad-hours", "bad-calendar", "What", "Hours")
	msgHoursBackwards     = msg("diag.hours-backwards", "bad-calendar", "What", "Hours")
	msgClosedNotDate      = msg("diag.closed-not-date", "bad-calendar", "What", "Value")
	msgClosedBackwards    = msg("diag.closed-backwards", "bad-calendar", "What", "Value")
	msgClosedTooLong      = msg("diag.closed-too-long", "bad-calendar", "What", "Value")
	msgNoDays             = msg("diag.no-days", "bad-calendar", "What")
	msgUnknownDay         = msg("diag.unknown-day", "bad-calendar", "What", "Day", "Hint")
	msgBadCalendar        = msg("diag.bad-calendar", "bad-calendar", "What", "Reason")
	msgUnknownCalendar    = msg("diag.unknown-calendar", "dangling-ref", "What", "Calendar", "Hint")
	msgUnusedCalendar     = msg("diag.unused-calendar", "unused-calendar", "Calendar")
	msgBusinessNoCalendar = msg("diag.business-no-calendar", "no-calendar", "Duty", "Key", "Duration")
	msgBusinessNoHours    = msg("diag.business-no-hours", "no-calendar", "Duty", "Key", "Duration", "Calendar", "Source")
	msgNoClock            = msg("diag.no-clock", "missing-key", "What")
	msgASAPWithin         = msg("diag.asap-within", "bad-clock", "What")
	msgEveryTooShort      = msg("diag.every-too-short", "bad-clock", "What", "Every")
	msgEveryWithoutUntil  = msg("diag.every-without-until", "bad-clock", "What")
	msgUntilWithoutEvery  = msg("diag.until-without-every", "bad-clock", "What")
	msgUntilNever         = msg("diag.until-never", "bad-clock", "Duty", "Until")
	msgUntilDangling      = msg("diag.until-dangling", "dangling-ref", "Duty", "Until", "Ref", "ID", "Hint")
	msgBadAnchor          = msg("diag.bad-anchor", "bad-trigger", "What", "Key", "Problem")
	msgAnchorKind         = msg("diag.anchor-kind", "bad-trigger", "What", "Key", "Anchor", "Forms")
	msgAnchorSelf         = msg("diag.anchor-self", "bad-trigger", "Duty", "Key", "Anchor")
	msgAnchorDangling     = msg("diag.anchor-dangling", "dangling-ref", "Duty", "Key", "Anchor", "Ref", "ID", "Hint")
	msgNotAfterLooser     = msg("diag.not-after-looser", "not-after-looser", "Duty", "NotAfter", "Within", "From")
	msgTargetLooser       = msg("diag.target-looser", "target-looser", "Duty", "Target", "Within")
	msgClosedTooMany      = msg("diag.closed-too-many", "limit", "What", "Max")
	msgTooManyCalendars   = msg("diag.too-many-calendars", "limit", "Calendars", "Max")
)

// Parts of diagnostics: what a diagnostic is about, hints, reasons, words.
var (
	msgSeverityError   = msg("severity.error", "")
	msgSeverityWarning = msg("severity.warning", "")
	msgListSeparator   = msg("list.separator", "")
	msgListOr          = msg("list.or", "", "Init", "Last")
	msgListAnd         = msg("list.and", "", "Init", "Last")

	msgWhatNamed     = msg("what.named", "", "Kind", "ID")
	msgWhatNumbered  = msg("what.numbered", "", "Kind", "N")
	msgWhatOf        = msg("what.of", "", "Part", "Whole")
	msgWhatContract  = msg("what.contract", "", "Whole")
	msgWhatCondition = msg("what.condition", "", "Whole")
	msgWhatRunbook   = msg("what.the-runbook", "")

	msgFileDirectory = msg("file-kind.directory", "")
	msgFileFIFO      = msg("file-kind.fifo", "")
	msgFileSocket    = msg("file-kind.socket", "")
	msgFileDevice    = msg("file-kind.device", "")
	msgFileOther     = msg("file-kind.unknown", "")

	msgWhatARunbook = msg("what.a-runbook", "")
	msgWhatFragment = msg("what.fragment", "")
	msgWhatTriage   = msg("what.triage", "")
	msgWhatNotAfter = msg("what.not-after", "", "Whole")

	msgSourceDuty     = msg("calendar-source.duty", "")
	msgSourceParty    = msg("calendar-source.party", "", "Party")
	msgSourceRunbook  = msg("calendar-source.runbook", "")
	msgHintDidYouMean = msg("hint.did-you-mean", "", "Suggestion")
	msgHintKnown      = msg("hint.known", "", "Known")
	msgHintAllowed    = msg("hint.allowed-keys", "", "Keys")
	msgHintUseOneOf   = msg("hint.use-one-of", "", "Values")
	msgHintUse        = msg("hint.use", "", "Values")
	msgHintExample    = msg("hint.example", "", "Example")

	msgTypeString           = msg("type.string", "")
	msgTypeInteger          = msg("type.integer", "")
	msgTypeNumber           = msg("type.number", "")
	msgTypeBoolean          = msg("type.boolean", "")
	msgTypeDate             = msg("type.date", "")
	msgTypeList             = msg("type.list", "")
	msgTypeTable            = msg("type.table", "")
	msgTypeOther            = msg("type.unknown", "", "Type")
	msgTypeTrueFalse        = msg("type.true-or-false", "")
	msgTypeNDA              = msg("type.nda", "")
	msgTypeStringOrList     = msg("type.string-or-list", "")
	msgTypeListOfTables     = msg("type.list-of-tables", "")
	msgTypeReviewedDate     = msg("type.reviewed-date", "")
	msgTypeListOfDates      = msg("type.list-of-dates", "")
	msgCharLineBreak        = msg("char.line-break", "", "Code")
	msgCharEscape           = msg("char.escape", "")
	msgCharControl          = msg("char.control", "", "Code")
	msgCharC1               = msg("char.c1", "", "Code")
	msgCharBidi             = msg("char.bidi", "", "Code")
	msgIncludeEmpty         = msg("problem.include-empty", "")
	msgIncludeBackslash     = msg("problem.include-backslash", "")
	msgIncludeAbsolute      = msg("problem.include-absolute", "")
	msgIncludeDotDot        = msg("problem.include-dotdot", "")
	msgTriggerUnknown       = msg("problem.trigger-unknown", "", "Trigger", "Hint", "Forms")
	msgTriggerNoArgument    = msg("problem.trigger-no-argument", "", "Trigger", "Kind")
	msgTriggerNamesNone     = msg("problem.trigger-names-nothing", "", "Trigger", "Ref", "Kind", "Form")
	msgTriggerNeedsID       = msg("problem.trigger-needs-id", "", "Trigger", "Form")
	msgTriggerAnswerForm    = msg("problem.trigger-answer-form", "", "Trigger", "Form", "Example")
	msgDurationEmpty        = msg("problem.duration-empty", "")
	msgDurationNegative     = msg("problem.duration-negative", "", "Duration")
	msgDurationSyntax       = msg("problem.duration-syntax", "", "Duration")
	msgDurationBigNumber    = msg("problem.duration-number-too-large", "", "Duration")
	msgDurationUnit         = msg("problem.duration-unit", "", "Duration", "Unit")
	msgDurationOrder        = msg("problem.duration-order", "", "Duration")
	msgDurationZero         = msg("problem.duration-zero", "", "Duration")
	msgDurationTooLong      = msg("problem.duration-too-long", "", "Duration")
	msgDurationMixed        = msg("problem.duration-mixed", "", "Duration", "Unit")
	msgDurationBusinessHere = msg("problem.duration-business-here", "", "Duration")
	msgZoneNotIANA          = msg("problem.zone-local", "")
	msgZoneUnknown          = msg("problem.zone-unknown", "")
	msgExternal             = msg("problem.external", "", "Detail")
)

// Examples shown in "add it, e.g. …": TOML lines, with text in the
// reader's language.
var (
	exRunbookID       = msg("example.runbook-id", "")
	exRunbookTitle    = msg("example.runbook-title", "")
	exRunbookTriage   = msg("example.runbook-triage", "")
	exRunbookVerdicts = msg("example.runbook-verdicts", "")
	exRoleTitle       = msg("example.role-title", "")
	exMilestoneTitle  = msg("example.milestone-title", "")
	exRankTitle       = msg("example.rank-title", "")
	exPartyTitle      = msg("example.party-title", "")
	exPartyKind       = msg("example.party-kind", "")
	exMeansBy         = msg("example.means-by", "")
	exMeansTo         = msg("example.means-to", "")
	exDutyID          = msg("example.duty-id", "")
	exDutyOn          = msg("example.duty-on", "")
	exDutyWho         = msg("example.duty-who", "")
	exDutyWithin      = msg("example.duty-within", "")
	exTriageStart     = msg("example.triage-start", "")
	exTriageNodes     = msg("example.triage-nodes", "")
	exNodeAsk         = msg("example.node-ask", "")
	exNodeOptions     = msg("example.node-options", "")
	exOptionID        = msg("example.option-id", "")
	exOptionLabel     = msg("example.option-label", "")
	exVerdictTitle    = msg("example.verdict-title", "")
	exVerdictSecurity = msg("example.verdict-security", "")
	exCalendarZone    = msg("example.calendar-zone", "")
	exBoundFrom       = msg("example.bound-from", "")
	exBoundWithin     = msg("example.bound-within", "")
)

// Words for the kinds of things a runbook defines: "role", "duty".
var (
	msgKindRole      = msg("kind.role", "")
	msgKindParty     = msg("kind.party", "")
	msgKindMilestone = msg("kind.milestone", "")
	msgKindRank      = msg("kind.rank", "")
	msgKindDuty      = msg("kind.duty", "")
	msgKindNode      = msg("kind.node", "")
	msgKindOption    = msg("kind.option", "")
	msgKindVerdict   = msg("kind.verdict", "")
	msgKindMeans     = msg("kind.means", "")
	msgKindCalendar  = msg("kind.calendar", "")
	msgKindAnswer    = msg("kind.answer", "")
)

// Messages returns every message this package's diagnostics are made of
// (a new slice each call), with the meanings of the trigger kinds.
func Messages() []Message {
	out := []Message{
		msgFileTooLarge, msgBadUTF8, msgTooDeep, msgTooManyKeyParts, msgSyntax, msgDecoderFailed,
		msgNoSources, msgCannotRead, msgNotRegular, msgCannotWalk, msgRunbookTooLarge,
		msgIncludeMissing, msgIncludeBad, msgIncludeSymlink, msgIncludeUnchecked, msgIncludeCycle, msgIncludeTooDeep,
		msgDuplicateDef, msgDuplicateActor, msgDuplicateRunbook, msgDuplicateDuty, msgDuplicateOption,
		msgMissingFormat, msgFormatVersion, msgNeedsFormat, msgNeedsFormatValue, msgMissingKey, msgUnknownKey, msgWrongType, msgReviewedQuoted,
		msgElementType, msgEntryType, msgItemType, msgUnknownKind, msgTooManyDuties, msgTooManyNodes,
		msgTextTooLong, msgControlChar, msgBadID, msgBadRunbookID,
		msgBadTrigger, msgNoTriggers, msgTriggerSelf, msgTriggerDangling, msgBadDuration, msgBadDurationAt,
		msgBadPlaceholder, msgOptionBoth, msgOptionNeither, msgReviewMissing, msgReviewStale, msgNoAssignee,
		msgNotAnActor, msgUnknownMeans, msgMeansMissing, msgNDAMissing, msgNoMaintenance, msgRegulatorNotLegal, msgInsurerNoPolicy, msgOptionalLegal,
		msgPlaceholderDangling, msgBeforeSelf, msgBeforeDangling, msgBeforeCycle, msgConditionNothing, msgConditionEmpty, msgConditionNever, msgConditionExcluded, msgWhatCondition,
		msgUnknownStart, msgUnknownNext, msgUnknownVerdict, msgUnknownStamp, msgUnknownRank,
		msgUnreachable, msgUnreachableWith, msgUnreachableTypo, msgUnreachableTypoWith, msgNoVerdict, msgUnusedVerdict,
		msgBadZone, msgUnknownHolidays, msgBadHours, msgHoursBackwards, msgClosedNotDate, msgClosedBackwards,
		msgClosedTooLong, msgNoDays, msgUnknownDay, msgBadCalendar, msgUnknownCalendar, msgUnusedCalendar,
		msgBusinessNoCalendar, msgBusinessNoHours, msgNoClock, msgASAPWithin, msgEveryTooShort,
		msgEveryWithoutUntil, msgUntilWithoutEvery, msgUntilNever, msgUntilDangling, msgBadAnchor, msgAnchorKind,
		msgAnchorSelf, msgAnchorDangling, msgNotAfterLooser, msgTargetLooser, msgClosedTooMany, msgTooManyCalendars,

		msgSeverityError, msgSeverityWarning, msgListSeparator, msgListOr, msgListAnd,
		msgWhatNamed, msgWhatNumbered, msgWhatOf, msgWhatContract, msgWhatRunbook, msgWhatARunbook,
		msgFileDirectory, msgFileFIFO, msgFileSocket, msgFileDevice, msgFileOther,
		msgWhatFragment, msgWhatTriage, msgWhatNotAfter, msgTypeListOfDates,
		msgSourceDuty, msgSourceParty, msgSourceRunbook,
		msgDurationMixed, msgDurationBusinessHere, msgZoneNotIANA, msgZoneUnknown,
		exCalendarZone, exBoundFrom, exBoundWithin, msgKindCalendar,
		msgHintDidYouMean, msgHintKnown, msgHintAllowed, msgHintUseOneOf, msgHintUse, msgHintExample,
		msgTypeString, msgTypeInteger, msgTypeNumber, msgTypeBoolean, msgTypeDate, msgTypeList, msgTypeTable,
		msgTypeOther, msgTypeTrueFalse, msgTypeNDA, msgTypeStringOrList, msgTypeListOfTables, msgTypeReviewedDate,
		msgCharLineBreak, msgCharEscape, msgCharControl, msgCharC1, msgCharBidi,
		msgIncludeEmpty, msgIncludeBackslash, msgIncludeAbsolute, msgIncludeDotDot,
		msgTriggerUnknown, msgTriggerNoArgument, msgTriggerNamesNone, msgTriggerNeedsID, msgTriggerAnswerForm,
		msgDurationEmpty, msgDurationNegative, msgDurationSyntax, msgDurationBigNumber, msgDurationUnit,
		msgDurationOrder, msgDurationZero, msgDurationTooLong, msgExternal,

		exRunbookID, exRunbookTitle, exRunbookTriage, exRunbookVerdicts, exRoleTitle, exMilestoneTitle,
		exRankTitle, exPartyTitle, exPartyKind, exMeansBy, exMeansTo, exDutyID, exDutyOn, exDutyWho,
		exDutyWithin, exTriageStart, exTriageNodes, exNodeAsk, exNodeOptions, exOptionID, exOptionLabel,
		exVerdictTitle, exVerdictSecurity,

		msgKindRole, msgKindParty, msgKindMilestone, msgKindRank, msgKindDuty, msgKindNode, msgKindOption,
		msgKindVerdict, msgKindMeans, msgKindAnswer,
	}
	out = append(out, contentMessages()...)
	out = append(out, fieldMessages()...)
	out = append(out, recipientMessages()...)
	out = append(out, preparationMessages()...)
	out = append(out, fragmentMessages()...)
	out = append(out, rollMessages()...)
	out = append(out, answerMessages()...)
	out = append(out, dimensionMessages()...)
	out = append(out, evidenceMessages()...)
	out = append(out, extensionMessages()...)
	for _, k := range TriggerKinds() {
		out = append(out, Message{ID: k.MeaningID()})
	}
	return out
}

// kind is the word for what a trigger's argument names ("verdict").
func (r Ref) kind() Message {
	switch r {
	case RefVerdict:
		return msgKindVerdict
	case RefRank:
		return msgKindRank
	case RefMilestone:
		return msgKindMilestone
	case RefDuty:
		return msgKindDuty
	case RefAnswer:
		return msgKindAnswer
	case RefField:
		return msgKindField
	case RefDimension:
		return msgKindDimension
	}
	return Message{}
}

// whatNamed is what.named: `duty "vendor-first-call"`.
func whatNamed(kind Message, id string) Msg {
	return msgWhatNamed.With(Part("Kind", kind.With()), Quoted("ID", id))
}

// whatNumbered is what.numbered: `duty 3`, for an entry without an id.
func whatNumbered(kind Message, n int) Msg {
	return msgWhatNumbered.With(Part("Kind", kind.With()), Number("N", n))
}

// whatOf is what.of: `option "down" of node "symptom"`.
func whatOf(part, whole Msg) Msg { return msgWhatOf.With(Part("Part", part), Part("Whole", whole)) }

// DidYouMean returns the hint " (did you mean "x"?)" for the candidate
// nearest to s, or the zero Msg when none is near.
func DidYouMean(s string, candidates []string) Msg {
	if sg := suggest(s, candidates); sg != "" {
		return msgHintDidYouMean.With(Quoted("Suggestion", sg))
	}
	return Msg{}
}

// suggestion returns the did-you-mean hint, or else the short list of
// known ids, or nothing.
func suggestion(id string, candidates []string) Msg {
	if h := DidYouMean(id, candidates); h.ID != "" {
		return h
	}
	if len(candidates) > 0 && len(candidates) <= 12 {
		return msgHintKnown.With(QuotedList("Known", candidates))
	}
	return Msg{}
}

// subject names what a diagnostic is about: `duty "x"`, `option 2 of node
// "y"`, the runbook. One is built for every entry of a runbook, so it holds
// pointers to declared messages and becomes a Msg only when a diagnostic is
// reported.
type subject struct {
	ready     Msg      // a subject given as a Msg (Document users); when fixed and kind are nil
	fixed     *Message // a subject without id: the runbook, triage; with whole: `party "x" contract`
	kind      *Message // with id or n: `duty "x"`, `duty 3`
	id        string
	n         int
	wholeKind *Message // what it belongs to: option of node, means of party
	wholeID   string
}

func subjectNamed(kind *Message, id string) subject { return subject{kind: kind, id: id} }
func subjectNumbered(kind *Message, n int) subject  { return subject{kind: kind, n: n} }

// subjectOfEntry names the i-th entry of a list of tables: by its id when
// it has one, else by its number ("duty 3").
func subjectOfEntry(kind *Message, o obj, i int) subject {
	if id, ok := o.m["id"].(string); ok && id != "" {
		return subjectNamed(kind, id)
	}
	return subjectNumbered(kind, i+1)
}
func subjectFixed(m *Message) subject { return subject{fixed: m} }
func (s subject) of(kind *Message, id string) subject {
	s.wholeKind, s.wholeID = kind, id
	return s
}

// msg puts the subject into a Msg.
func (s subject) msg() Msg {
	var m Msg
	switch {
	case s.kind != nil && s.id != "":
		m = whatNamed(*s.kind, s.id)
	case s.kind != nil:
		m = whatNumbered(*s.kind, s.n)
	case s.fixed != nil && s.wholeKind != nil:
		return s.fixed.With(Part("Whole", whatNamed(*s.wholeKind, s.wholeID)))
	case s.fixed != nil:
		return s.fixed.With()
	default:
		return s.ready
	}
	if s.wholeKind != nil {
		return whatOf(m, whatNamed(*s.wholeKind, s.wholeID))
	}
	return m
}

// Problem is an error that says what is wrong as a catalogue message, for
// functions that return an error (ParseDuration, ParseTrigger, a drill's
// runbook resolver) but whose reason ends up in a diagnostic. Error says it
// in English.
type Problem struct {
	Msg  Msg
	base error // what errors.Is matches, if anything
}

// NewProblem returns a Problem saying m, matching base with errors.Is.
func NewProblem(m Msg, base error) *Problem { return &Problem{Msg: m, base: base} }

func (p *Problem) Error() string { return p.Msg.Text(english()) }

// Unwrap returns the sentinel the problem matches, if any.
func (p *Problem) Unwrap() error { return p.base }

// ProblemOf returns what err says as a Msg: its message when it is a
// Problem, else its text as words from outside.
func ProblemOf(err error) Msg {
	var p *Problem
	if errors.As(err, &p) {
		return p.Msg
	}
	return msgExternal.With(External("Detail", err.Error()))
}
