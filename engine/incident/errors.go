package incident

import "errors"

// Errors returned by Session commands. They are wrapped with the command and
// the offending id; test with errors.Is.
var (
	// ErrClosed is returned by every command on a closed incident.
	ErrClosed = errors.New("incident is closed")
	// ErrDetached is returned by commands on a session whose journal was
	// released with Detach.
	ErrDetached = errors.New("session is detached")
	// ErrUnknownNode names a triage node the runbook does not have.
	ErrUnknownNode = errors.New("unknown triage node")
	// ErrUnknownOption names an option the triage node does not have.
	ErrUnknownOption = errors.New("unknown option")
	// ErrNotCurrent is returned when answering a node other than the current
	// one, including after a verdict was reached.
	ErrNotCurrent = errors.New("node is not the current triage question")
	// ErrNotMulti is returned by AnswerMany for a node that takes one
	// option (answer it with Answer).
	ErrNotMulti = errors.New("node takes one option")
	// ErrNothingPicked is returned by AnswerMany when no option is picked
	// on a node that needs at least one.
	ErrNothingPicked = errors.New("no option picked")
	// ErrNotNumber is returned by AnswerNumber for a node whose answer is
	// not a number, and by Answer for one whose answer is.
	ErrNotNumber = errors.New("node is not answered with a number")
	// ErrOutOfRange is returned by AnswerNumber for a number outside the
	// node's min and max.
	ErrOutOfRange = errors.New("number outside the node's range")
	// ErrNotAnswered is returned by Revise for a node with no standing answer.
	ErrNotAnswered = errors.New("node has no standing answer")
	// ErrUnknownMilestone names a milestone the runbook does not have.
	ErrUnknownMilestone = errors.New("unknown milestone")
	// ErrAlreadyStamped is returned when stamping a milestone that stands.
	ErrAlreadyStamped = errors.New("milestone already stamped")
	// ErrUnknownDuty names a duty the runbook does not have.
	ErrUnknownDuty = errors.New("unknown duty")
	// ErrUnknownMeans names a means the duty does not accept.
	ErrUnknownMeans = errors.New("means not accepted by the duty")
	// ErrDutyNotRunning is returned when recording progress on a duty whose
	// clock is not running (not started, done, waived, withdrawn or
	// cancelled).
	ErrDutyNotRunning = errors.New("duty is not running")
	// ErrNotDecided is returned by ReopenDuty and UndoDuty for a duty that
	// is neither done nor waived: there is nothing to reverse.
	ErrNotDecided = errors.New("duty is neither done nor waived")
	// ErrReopenChained is returned by ReopenDuty and UndoDuty when the done
	// or waive started other duties (done:x, closed:x) on which something
	// was recorded already; the refusal names them.
	ErrReopenChained = errors.New("duties this one started have records")
	// ErrLegalClock is returned by PauseDuty for a legal duty, and by
	// RestartDuty for an overdue legal duty: the law's deadline neither
	// stops nor restarts; the duty is done, tried or waived.
	ErrLegalClock = errors.New("a legal duty's clock neither pauses nor restarts")
	// ErrDutyOverdue is returned by PauseDuty for an overdue duty: a
	// pause would hide that it is late.
	ErrDutyOverdue = errors.New("duty is overdue")
	// ErrDutyPaused is returned by PauseDuty for a duty already paused.
	ErrDutyPaused = errors.New("duty is already paused")
	// ErrDutyNotPaused is returned by ResumeDuty for a duty not paused.
	ErrDutyNotPaused = errors.New("duty is not paused")
	// ErrClaimedLater is returned when a claimed time (when something
	// really happened) is later than the moment it is recorded: in the
	// future, or after the opening it claims to precede.
	ErrClaimedLater = errors.New("claimed time is later than now")
	// ErrClaimedBeforeOpening is returned by Resolve for a claimed time
	// before the incident began (its opening, or the aware-since time it
	// was opened with): the service cannot be back before it failed.
	ErrClaimedBeforeOpening = errors.New("claimed time is before the incident began")
	// ErrUnknownRole names a role the runbook does not have.
	ErrUnknownRole = errors.New("unknown role")
	// ErrRoleNotAllowed is returned by TakeRole and HandOverRole when the
	// person who would hold the role may not (shodo serve: the responders
	// file does not give it to them).
	ErrRoleNotAllowed = errors.New("role not allowed")
	// ErrRoleHeld is returned by TakeRole and HandOverRole when the person
	// who would hold the role already does.
	ErrRoleHeld = errors.New("role already held")
	// ErrNotRoleHolder is returned by HandOverRole when the actor does not
	// hold the role: only its holder hands it over; anyone else allowed
	// takes it.
	ErrNotRoleHolder = errors.New("role not held by the actor")
	// ErrRequired is returned when a required text (actor, reason, summary,
	// note, outcome, assignee) is empty.
	ErrRequired = errors.New("required text is empty")
	// ErrNotDrill is returned by Inject and DrillClock on an incident that
	// is not a drill.
	ErrNotDrill = errors.New("incident is not a drill")
	// ErrBadSpeed is returned by DrillClock for a speed that is not a
	// positive, finite number.
	ErrBadSpeed = errors.New("drill speed is not a positive number")
	// ErrBadJump is returned by DrillJump for a jump that goes back or
	// starts before the drill.
	ErrBadJump = errors.New("a drill can only jump forward")
	// ErrNotFound is returned by Find when nothing matches.
	ErrNotFound = errors.New("incident not found")
	// ErrAmbiguous is returned by Find when a prefix matches several incidents.
	ErrAmbiguous = errors.New("incident id prefix is ambiguous")
	// ErrBadJournal is returned by Resume when the journal verifies but does
	// not describe an incident this build can rebuild (no opening event, a
	// runbook that no longer loads, sources that do not match their hash).
	ErrBadJournal = errors.New("journal does not hold a usable incident")
	// ErrAlreadyResolved is returned by Resolve on an incident already
	// resolved.
	ErrAlreadyResolved = errors.New("incident is already resolved")
	// ErrCloseBlocked is returned by Close while a running duty is
	// undecided or a legal duty is neither done nor waived; the Refusal's
	// Blockers list them (State.CloseBlockers).
	ErrCloseBlocked = errors.New("duties hold the close")
	// ErrNotClosed is returned by Reopen on an incident that is not closed.
	ErrNotClosed = errors.New("incident is not closed")
	// ErrIndexBusy is returned by Reopen when another process has held the
	// home's incident index locked for longer than any update takes (a
	// stuck process): the reopen would leave listings showing the incident
	// closed, so it is not recorded. Trying again once that process is
	// gone works.
	ErrIndexBusy = errors.New("the incident index is locked by another process")
	// ErrAfterClose is returned by Resume and Reopen when a closed
	// incident's journal holds records after its close that are not a
	// reopen: something appended to it behind shodo's back. Nothing is
	// sealed over them; shodo verify tells more.
	ErrAfterClose = errors.New("records follow the close of the incident")
	// ErrUnsealed is returned by Resume when a closed incident's journal
	// holds records its signed head does not cover, beyond what a crash
	// between closing and sealing leaves (the close alone, or no head at
	// all for an incident never reopened): records appended behind
	// shodo's back. Nothing is sealed over them; shodo verify tells more.
	ErrUnsealed = errors.New("the incident's close is not covered by its signed head")
	// ErrNoSources is returned by Open for a runbook without its sources:
	// the journal must embed them to stay self-contained.
	ErrNoSources = errors.New("runbook has no sources to embed")
	// ErrUnknownEnding is returned by End for an ending that is not one of
	// Endings.
	ErrUnknownEnding = errors.New("unknown ending")
	// ErrNotDuplicate is returned by End when another incident is named
	// for an ending other than a duplicate.
	ErrNotDuplicate = errors.New("only a duplicate names another incident")
	// ErrSelf is returned when an incident names itself as the one it
	// duplicates or links to.
	ErrSelf = errors.New("an incident cannot name itself")
	// ErrNoSuchIncident is returned when the incident named as duplicated
	// or linked is not under the home.
	ErrNoSuchIncident = errors.New("no such incident")
	// ErrBadTitle is returned by Open for a title with control
	// characters or longer than MaxTitle.
	ErrBadTitle = errors.New("bad incident title")
	// ErrUnknownLink is returned by Link for a kind that is not a link's.
	ErrUnknownLink = errors.New("unknown link kind")
	// ErrAlreadyLinked is returned by Link for a link already recorded.
	ErrAlreadyLinked = errors.New("incidents already linked")
)
