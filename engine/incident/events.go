package incident

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// Event types, as written in the journal's "type" field.
const (
	TypeIncidentOpened   = "incident.opened"
	TypeRoleAssigned     = "role.assigned"
	TypeRoleTaken        = "role.taken"
	TypeRoleHandedOver   = "role.handed-over"
	TypeTriageAnswered   = "triage.answered"
	TypeTriageRevised    = "triage.revised"
	TypeVerdictReached   = "verdict.reached"
	TypeMilestoneStamped = "milestone.stamped"
	TypeDutyStarted      = "duty.started"
	TypeDutyAttempted    = "duty.attempted"
	TypeDutyDone         = "duty.done"
	TypeDutyOverdue      = "duty.overdue"
	TypeDutyWaived       = "duty.waived"
	TypeDutyCancelled    = "duty.cancelled"
	TypeDutyWithdrawn    = "duty.withdrawn"
	TypeDutyReturned     = "duty.returned"
	TypeDutyRestarted    = "duty.restarted"
	TypeDutyPaused       = "duty.paused"
	TypeDutyResumed      = "duty.resumed"
	TypeClockStepped     = "clock.stepped"
	TypeNoteAdded        = "note.added"
	TypeInjectDelivered  = "inject.delivered"
	TypeDrillClock       = "drill.clock"
	TypeDrillJumped      = "drill.jumped"
	TypeJournalRecovered = "journal.recovered"
	TypeIncidentResolved = "incident.resolved"
	TypeDutyHandedOver   = "duty.handed-over"
	TypeIncidentClosed   = "incident.closed"
	TypeIncidentReopened = "incident.reopened"
	TypeIncidentLinked   = "incident.linked"
	// TypeDutyNotApplicable: a duty whose trigger stands but whose law did
	// not yet apply at the moment its clock would count from
	// (applies_from): it never starts.
	TypeDutyNotApplicable = "duty.not-applicable"
)

// SystemActor is the actor of events that shodo records by itself: overdue
// duties, consequences derived on resume, journal recovery.
const SystemActor = "shodo"

// Event is one thing that happened to an incident.
type Event struct {
	Seq uint64
	ID  string // the journal record's UUIDv7
	// Hash is the record's chain hash (hex SHA-256), what a reader checks
	// against a signed head or another copy; empty for an event not read
	// from a journal.
	Hash  string
	At    time.Time // wall time when it was recorded
	Actor string
	Type  string
	// Sim is the scenario offset of a drill event ("17m5s"); empty outside
	// drills.
	Sim string
	// Time is the incident time: At, or the opening time plus Sim. The fold
	// sets it; a freshly decoded event carries At.
	Time time.Time
	// Data is the decoded payload: one of the types in this file, or Unknown
	// for a type this build does not know.
	Data Payload
}

// Payload is the typed data of an event.
type Payload interface {
	// EventType returns the journal type the payload is recorded under.
	EventType() string
}

// IncidentOpened starts an incident. It embeds everything needed to rebuild
// the runbook, so that a journal stays meaningful when the files change.
type IncidentOpened struct {
	Incident string           `json:"incident"` // human id, INC-20261125-7F3A
	UUID     string           `json:"uuid"`
	Runbook  string           `json:"runbook"` // runbook id
	Title    string           `json:"title"`
	SHA256   string           `json:"sha256"` // SourcesSHA256 of Sources
	Sources  []runbook.Source `json:"sources"`
	Actor    string           `json:"actor"`
	// Opened is the incident time of opening; in a drill, the simulated
	// time from which every event's Sim offset counts.
	Opened time.Time  `json:"opened"`
	Drill  *DrillInfo `json:"drill,omitempty"`
	// Happened is when the incident really began, as claimed by whoever
	// opened it (they became aware before they opened shodo); zero when no
	// one claimed a time. Clocks triggered by the opening count from it.
	Happened time.Time `json:"happened,omitzero"`
	// Name is the incident's own title, given when it was opened ("Orders
	// fail at checkout"); empty when none was given, and in journals
	// written before names existed. Title is the runbook's.
	Name string `json:"name,omitempty"`
}

// DrillInfo says which scenario a drill incident runs.
type DrillInfo struct {
	Scenario string  `json:"scenario"` // scenario id
	Title    string  `json:"title"`
	SHA256   string  `json:"sha256"` // of Source
	Source   string  `json:"source"` // the scenario file, byte for byte
	Speed    float64 `json:"speed"`  // time compression the drill started with
}

// RoleAssigned hands a role to someone.
type RoleAssigned struct {
	Role     string `json:"role"`
	Assignee string `json:"assignee"`
}

// RoleTaken records that the event's actor took a runbook role for
// themselves (shodo serve: one the responders file allows them). From is
// who held it before, for readers without the fold; empty when it was
// still the runbook's default holder.
type RoleTaken struct {
	Role string `json:"role"`
	From string `json:"from,omitempty"`
}

// RoleHandedOver records that the event's actor, who held a runbook role,
// handed it to To (shodo serve: a responder the responders file allows
// that role). Both people are in the record: the giver as its actor, the
// receiver here.
type RoleHandedOver struct {
	Role string `json:"role"`
	To   string `json:"to"`
}

// TriageAnswered answers the current triage node. Next and Verdict repeat
// where the option leads, for readers without the runbook; the fold follows
// the runbook.
type TriageAnswered struct {
	Node   string `json:"node"`
	Option string `json:"option"`
	// Options is the set picked on a multi node (format version 2), in
	// the node's order; Option is then empty. Number is the number given
	// on a number node; Option is then empty. Both are left out of the
	// journal otherwise, so one-option answers read as they always did.
	Options []string `json:"options,omitempty"`
	Number  *float64 `json:"number,omitempty"`
	Next    string   `json:"next,omitempty"`
	Verdict string   `json:"verdict,omitempty"`
}

// TriageRevised goes back to an answered node: the answer recorded at From
// and every standing answer after it are superseded, and Node is current
// again.
type TriageRevised struct {
	Node string `json:"node"`
	From uint64 `json:"from"` // seq of the answer to Node being revised
}

// VerdictReached records the verdict an answer led to.
type VerdictReached struct {
	Verdict  string `json:"verdict"`
	Title    string `json:"title,omitempty"` // for readers without the runbook
	Security bool   `json:"security"`
	Rank     string `json:"rank,omitempty"`
	Answer   uint64 `json:"answer"` // seq of the answer that led here
}

// MilestoneStamped records a named moment.
type MilestoneStamped struct {
	Milestone string `json:"milestone"`
	// Answer is the seq of the triage answer whose option stamped it, or 0
	// when someone stamped it by hand. Stamps of superseded answers are
	// withdrawn.
	Answer uint64 `json:"answer,omitempty"`
	// Happened is when the moment really came, as claimed by whoever
	// stamped it; zero when no one claimed a time. Clocks triggered by the
	// milestone count from it.
	Happened time.Time `json:"happened,omitzero"`
}

// DutyStarted starts a duty's clock.
type DutyStarted struct {
	Duty    string    `json:"duty"`
	Trigger string    `json:"trigger"` // as written in the runbook: "verdict:ransomware"
	Cause   uint64    `json:"cause"`   // seq of the event the trigger happened in
	Started time.Time `json:"started"` // when the trigger happened: the clock runs from here, or from Anchored
	// Due is the hard limit: the earlier of within and not_after. Zero
	// (and left out) when the duty has none: a target only, or asap.
	Due time.Time `json:"due,omitzero"`
	// Target is what the team aims for, a soft deadline; zero when none.
	Target time.Time `json:"target,omitzero"`
	// ASAP says the duty is "immediately / without undue delay".
	ASAP bool `json:"asap,omitempty"`
	// Recorded is when the trigger was recorded, set only when it differs
	// from Started: someone claimed that the trigger happened earlier.
	Recorded time.Time `json:"recorded,omitzero"`
	// Anchor is the duty's `from` ("milestone:aware") when its clock
	// counts from it rather than from the trigger, and Anchored the moment
	// it happened (as claimed); AnchorRecorded is when that moment was
	// recorded, set only when someone claimed an earlier time. Empty when
	// the clock counts from the trigger (no `from`, or one that had not
	// happened when the duty started).
	Anchor         string    `json:"anchor,omitempty"`
	Anchored       time.Time `json:"anchored,omitzero"`
	AnchorRecorded time.Time `json:"anchor_recorded,omitzero"`
	// Instance numbers the occurrences of a recurring duty (`every`),
	// from 1; 0 for a duty that happens once. An occurrence after the
	// first starts at the due time of the one before, and the events of
	// the duty that follow it (done, waived, overdue) are that
	// occurrence's.
	Instance int `json:"instance,omitempty"`
	// Bound is the moment of the `not_after` anchor when it had happened
	// by the start (Due is then the earlier of the two bounds); zero
	// otherwise.
	Bound time.Time `json:"bound,omitzero"`
	// Unrolled is where the hard limit fell before the duty's roll moved
	// it off a closed day of its calendar (DORA RTS 2025/301 Art. 5(4):
	// noon of the next working day); Due is the moved one. Zero when it
	// did not move, and in every journal written before rolls existed.
	Unrolled time.Time `json:"unrolled,omitzero"`
}

// DutyNotApplicable records that a duty's trigger stands but the law it
// comes from did not apply yet (runbook applies_from): the moment its
// clock would count from, Anchored, was before AppliesFrom in the duty's
// calendar's zone. Decided once, when the duty would have started; the
// duty never starts.
type DutyNotApplicable struct {
	Duty    string    `json:"duty"`
	Trigger string    `json:"trigger"`
	Cause   uint64    `json:"cause"`
	Started time.Time `json:"started"` // when the trigger happened (as claimed)
	// Anchored is the moment the clock would have counted from: the
	// duty's `from` when it had happened, else the trigger.
	Anchored time.Time `json:"anchored"`
	// AppliesFrom is the date the law applies from, "2026-09-11", and
	// Source the law that says so (the fragment's or the duty's source).
	AppliesFrom string `json:"applies_from"`
	Source      string `json:"source,omitempty"`
}

// DutyAttempted records a try that did not complete the duty ("no answer").
type DutyAttempted struct {
	Duty    string `json:"duty"`
	Means   string `json:"means,omitempty"`
	Outcome string `json:"outcome"`
	// Recipient is the one recipient tried, for a duty with several
	// (runbook format version 2); absent for a try at the duty as a
	// whole, as in every journal written before it existed.
	Recipient string `json:"recipient,omitempty"`
}

// DutyDone completes a duty.
type DutyDone struct {
	Duty  string `json:"duty"`
	Means string `json:"means,omitempty"`
	Note  string `json:"note,omitempty"`
	// Unticked are the required checklist items left unticked when the
	// duty was marked done, which the person confirmed when asked; empty
	// when none were.
	Unticked []string `json:"unticked,omitempty"`
	// Submitted is when the report was really submitted, as claimed by
	// whoever marked it done (the time on a regulator's receipt); zero
	// when no one claimed a time. Clocks that count from done:<duty>
	// count from it: DORA's intermediate report is due 72 hours after the
	// initial one was submitted, not after someone found the time to mark
	// it. Absent from journals written before it existed.
	Submitted time.Time `json:"submitted,omitzero"`
	// Empty are the required report fields left empty, confirmed as the
	// items are; empty when none were.
	Empty []string `json:"empty,omitempty"`
}

// DutyOverdue records that a running duty passed its due time.
type DutyOverdue struct {
	Duty string    `json:"duty"`
	Due  time.Time `json:"due"`
}

// DutyWaived records a decision not to do a duty, and why.
type DutyWaived struct {
	Duty   string `json:"duty"`
	Reason string `json:"reason"`
}

// DutyCancelled stopped a duty whose every trigger was withdrawn by a
// revision, in journals written before duty.withdrawn; this build reads it
// and no longer writes it.
// Code says why (CancelTriggerWithdrawn) and Trigger is the trigger that had
// started it; an edge words them in its reader's language. Journals written
// before codes hold an English Reason instead, shown as written.
type DutyCancelled struct {
	Duty    string `json:"duty"`
	Code    string `json:"code,omitempty"`
	Trigger string `json:"trigger,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Cause   uint64 `json:"cause"` // seq of the triage.revised event
}

// DutyWithdrawn suspends a running duty whose every trigger a revision
// withdrew. Its clock keeps its anchor and due time: if a trigger holds
// again, duty.returned brings it back as it was. Journals written before
// withdrawal existed record duty.cancelled instead.
type DutyWithdrawn struct {
	Duty    string    `json:"duty"`
	Trigger string    `json:"trigger"`      // the trigger that had started it
	Cause   uint64    `json:"cause"`        // seq of the triage.revised or duty.reopened event
	Due     time.Time `json:"due,omitzero"` // the due time it keeps, for readers
}

// DutyReturned brings a withdrawn duty back when one of its triggers holds
// again. Its clock is the one it had: Due repeats the original due time,
// for readers.
type DutyReturned struct {
	Duty    string    `json:"duty"`
	Trigger string    `json:"trigger"` // the trigger that holds again
	Cause   uint64    `json:"cause"`   // seq of the event it holds in
	Due     time.Time `json:"due,omitzero"`
}

// DutyRestarted restarts a running duty's clock on purpose, for a reason:
// it counts afresh from Started (the moment of the restart) to Due.
type DutyRestarted struct {
	Duty    string    `json:"duty"`
	Reason  string    `json:"reason"`
	Started time.Time `json:"started"`
	Due     time.Time `json:"due,omitzero"`
	Target  time.Time `json:"target,omitzero"`
	// Bound is the moment of the duty's `not_after` anchor, kept through
	// the restart: the new due time never passes the bound. Zero when the
	// duty had none (and in journals written before it was kept).
	Bound time.Time `json:"bound,omitzero"`
	// Unrolled is where the new hard limit fell before the duty's roll
	// moved it off a closed day; zero when it did not move.
	Unrolled time.Time `json:"unrolled,omitzero"`
}

// DutyPaused stops a running duty's clock, for a reason. Remaining is
// what was left of it (negative when it was already overdue); while
// paused the duty is never recorded overdue.
type DutyPaused struct {
	Duty      string        `json:"duty"`
	Reason    string        `json:"reason"`
	Remaining time.Duration `json:"remaining"`
}

// DutyResumed sets a paused duty's clock running again with the time it
// had left: Due is the resumption plus the remainder kept by the pause.
type DutyResumed struct {
	Duty   string    `json:"duty"`
	Reason string    `json:"reason,omitempty"`
	Due    time.Time `json:"due,omitzero"`
}

// ClockStepped records that the clock read a time that does not follow
// the journal's: it stepped back (or, within one process, jumped) against
// the steady time the session keeps. Reading is what the clock said, Kept
// the time the session recorded instead; every record's time stays at or
// after the one before.
type ClockStepped struct {
	Reading time.Time `json:"reading"`
	Kept    time.Time `json:"kept"`
}

// NoteAdded is free text for the timeline.
type NoteAdded struct {
	Text string `json:"text"`
}

// InjectDelivered records a drill inject shown to the players.
type InjectDelivered struct {
	Index int    `json:"index"`        // position in the scenario's injects
	At    string `json:"at,omitempty"` // scheduled scenario offset, as written
	From  string `json:"from,omitempty"`
	Text  string `json:"text"`
	// Channel is how the inject reaches the players (phone, email,
	// monitoring, chat, in-person, news…); empty in journals written before
	// it existed and for injects that name none.
	Channel string `json:"channel,omitempty"`
}

// DrillClock records a change of a drill's scenario clock: paused or
// running, and at what time compression. Its Sim offset is where the clock
// stood, so that a drill resumed after a crash picks up there and at that
// speed instead of at the last other event and the starting speed.
type DrillClock struct {
	Paused bool    `json:"paused"`
	Speed  float64 `json:"speed"`
}

// DrillJumped records that the facilitator moved a drill's scenario time
// forward at once (to the next inject, say), confirmed on the screen: the
// span From–To was never played. Both are scenario offsets in the form of
// Event.Sim ("53m0s"). The event is recorded at From, before anything the
// jump delivers or makes overdue, so the journal reads in scenario order;
// scoring counts a deadline that fell inside the span as skipped, never as
// the team's failure.
type DrillJumped struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Span returns From and To as offsets; ok is false when either does not
// parse or To is before From (a journal another writer produced).
func (p DrillJumped) Span() (from, to time.Duration, ok bool) {
	f, ferr := time.ParseDuration(p.From)
	t, terr := time.ParseDuration(p.To)
	if ferr != nil || terr != nil || t < f || f < 0 {
		return 0, 0, false
	}
	return f, t, true
}

// JournalRecovered is written by the journal itself when, on opening, it
// quarantined a torn last line.
type JournalRecovered struct {
	Bytes      int64  `json:"bytes"`      // how many bytes were cut from the end
	SHA256     string `json:"sha256"`     // their hash, hex
	Reason     string `json:"reason"`     // what was wrong with them
	Line       int    `json:"line"`       // the line they were on
	Quarantine string `json:"quarantine"` // file in the incident directory that keeps them
}

// IncidentResolved records that the service is back: the incident is
// resolved, and follow-up duties (a regulator's final report, a customer
// notice) keep running until it is closed. The actor is who resolved it.
type IncidentResolved struct {
	// Happened is when the service really came back, as claimed by whoever
	// resolved it; zero when it is the moment of the record. Clocks the
	// resolution triggers count from it.
	Happened time.Time `json:"happened,omitzero"`
}

// DutyHandedOver records that a running duty was handed over to an owner
// outside the incident (a team, a person), with the ticket that tracks it,
// so that the incident may close without it. The duty's clock keeps
// running: the promise stands. A legal duty handed over still holds the
// close until it is done or waived.
type DutyHandedOver struct {
	Duty   string `json:"duty"`
	Owner  string `json:"owner"`
	Ticket string `json:"ticket,omitempty"`
}

// IncidentClosed ends an incident. An ordinary close has a summary of the
// work; a close with an Ending (EndFalseAlarm, EndDuplicate, EndMistake)
// says the incident was none, Summary is the reason given, Of the incident
// it duplicates, and every duty still running is withdrawn by it. Journals
// written before endings have neither field.
type IncidentClosed struct {
	Summary string `json:"summary"`
	Ending  string `json:"ending,omitempty"`
	Of      string `json:"of,omitempty"`
}

// IncidentReopened undoes a close, for a reason: the only event a closed
// incident accepts. The incident is open again — not resolved, even if it
// was before the close (State.foldReopened) — and its clocks tick again,
// with the due times they had.
type IncidentReopened struct {
	Reason string `json:"reason"`
}

// IncidentLinked records a link from this incident to another of the
// home: Kind says how they relate (LinkRelated, LinkSpawned, …) and
// Incident is the other's id. A link is recorded on both sides, each with
// its own kind (spawned on one, spawned-from on the other).
type IncidentLinked struct {
	Kind     string `json:"kind"`
	Incident string `json:"incident"`
}

// Unknown is the payload of an event type this build does not know (a newer
// shodo may write it). It is kept as is and otherwise ignored.
type Unknown struct {
	Type string
	Raw  json.RawMessage
}

// EventType implements Payload.
func (IncidentOpened) EventType() string { return TypeIncidentOpened }

// EventType implements Payload.
func (RoleAssigned) EventType() string { return TypeRoleAssigned }

// EventType implements Payload.
func (RoleTaken) EventType() string { return TypeRoleTaken }

// EventType implements Payload.
func (RoleHandedOver) EventType() string { return TypeRoleHandedOver }

// EventType implements Payload.
func (TriageAnswered) EventType() string { return TypeTriageAnswered }

// EventType implements Payload.
func (TriageRevised) EventType() string { return TypeTriageRevised }

// EventType implements Payload.
func (VerdictReached) EventType() string { return TypeVerdictReached }

// EventType implements Payload.
func (MilestoneStamped) EventType() string { return TypeMilestoneStamped }

// EventType implements Payload.
func (DutyStarted) EventType() string { return TypeDutyStarted }

// EventType implements Payload.
func (DutyNotApplicable) EventType() string { return TypeDutyNotApplicable }

// EventType implements Payload.
func (DutyAttempted) EventType() string { return TypeDutyAttempted }

// EventType implements Payload.
func (DutyDone) EventType() string { return TypeDutyDone }

// EventType implements Payload.
func (DutyOverdue) EventType() string { return TypeDutyOverdue }

// EventType implements Payload.
func (DutyWaived) EventType() string { return TypeDutyWaived }

// EventType implements Payload.
func (DutyCancelled) EventType() string { return TypeDutyCancelled }

// EventType implements Payload.
func (DutyWithdrawn) EventType() string { return TypeDutyWithdrawn }

// EventType implements Payload.
func (DutyReturned) EventType() string { return TypeDutyReturned }

// EventType implements Payload.
func (DutyRestarted) EventType() string { return TypeDutyRestarted }

// EventType implements Payload.
func (DutyPaused) EventType() string { return TypeDutyPaused }

// EventType implements Payload.
func (DutyResumed) EventType() string { return TypeDutyResumed }

// EventType implements Payload.
func (ClockStepped) EventType() string { return TypeClockStepped }

// EventType implements Payload.
func (NoteAdded) EventType() string { return TypeNoteAdded }

// EventType implements Payload.
func (InjectDelivered) EventType() string { return TypeInjectDelivered }

// EventType implements Payload.
func (DrillClock) EventType() string { return TypeDrillClock }

// EventType implements Payload.
func (DrillJumped) EventType() string { return TypeDrillJumped }

// EventType implements Payload.
func (JournalRecovered) EventType() string { return TypeJournalRecovered }

// EventType implements Payload.
func (IncidentResolved) EventType() string { return TypeIncidentResolved }

// EventType implements Payload.
func (DutyHandedOver) EventType() string { return TypeDutyHandedOver }

// EventType implements Payload.
func (IncidentClosed) EventType() string { return TypeIncidentClosed }

// EventType implements Payload.
func (IncidentReopened) EventType() string { return TypeIncidentReopened }

// EventType implements Payload.
func (IncidentLinked) EventType() string { return TypeIncidentLinked }

// EventType implements Payload.
func (u Unknown) EventType() string { return u.Type }

// registry is the table of every event type, in the order of an incident's
// life. It is built once and never changed.
var registry = []Kind{
	declare(LabelRecorded, "", (*State).foldOpened, sentenceOpened,
		IncidentOpened{Incident: "INC-20261125-7F3A", UUID: "0193a7c0-0000-7000-8000-000000000001", Runbook: "service-failure", Title: "Service failure", Actor: "sato", Name: "Orders fail at checkout",
			Drill: &DrillInfo{Scenario: "friday-ransomware", Title: "Friday night", Speed: 60}}),
	declare(LabelRecorded, "", (*State).foldRoleAssigned,
		func(p RoleAssigned) Sentence {
			return Say("assigned", Ref("Role", ArgRole, p.Role), Text("Assignee", p.Assignee))
		},
		RoleAssigned{Role: "ic", Assignee: "Yamada"}),
	declare(LabelRecorded, "take", (*State).foldRoleTaken,
		func(p RoleTaken) Sentence {
			if p.From != "" {
				return Say("role-taken-from", Ref("Role", ArgRole, p.Role), Text("From", p.From))
			}
			return Say("role-taken", Ref("Role", ArgRole, p.Role))
		},
		RoleTaken{Role: "ic", From: "Sato"}),
	declare(LabelRecorded, "hand_over", (*State).foldRoleHandedOver,
		func(p RoleHandedOver) Sentence {
			return Say("role-handed-over", Ref("Role", ArgRole, p.Role), Text("To", p.To))
		},
		RoleHandedOver{Role: "ic", To: "Tanaka"}),
	declare(LabelRecorded, "answer", (*State).foldAnswered, sentenceAnswered,
		TriageAnswered{Node: "symptom", Option: "ransom", Verdict: "ransomware"}),
	declare(LabelRecorded, "revise", (*State).foldRevised,
		func(p TriageRevised) Sentence { return Say("revised", Ref("Question", ArgQuestion, p.Node)) },
		TriageRevised{Node: "symptom", From: 2}),
	declare(LabelRecorded, "", (*State).foldVerdict, sentenceVerdict,
		VerdictReached{Verdict: "ransomware", Title: "Security incident: ransomware", Security: true, Rank: "A", Answer: 2}).toned(ToneMark),
	declare(LabelRecorded, "stamp", (*State).foldStamped,
		func(p MilestoneStamped) Sentence {
			if !p.Happened.IsZero() {
				return Say("stamped-happened", Ref("Milestone", ArgMilestone, p.Milestone), Time("Happened", p.Happened))
			}
			return Say("stamped", Ref("Milestone", ArgMilestone, p.Milestone))
		},
		MilestoneStamped{Milestone: "appi-aware", Happened: exampleTime.Add(-7200e9)}),
	declare(LabelRecorded, "", (*State).foldDutyStarted,
		func(p DutyStarted) Sentence {
			return sentenceDutyStarted(p)
		},
		DutyStarted{Duty: "vendor-first-call", Trigger: "opened", Cause: 1, Started: exampleTime, Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "", (*State).foldDutyNotApplicable,
		func(p DutyNotApplicable) Sentence {
			return Say("duty-not-applicable", Ref("Duty", ArgDuty, p.Duty), Code("Date", p.AppliesFrom), Time("Anchored", p.Anchored), Ref("Trigger", ArgTrigger, p.Trigger))
		},
		DutyNotApplicable{Duty: "appi-preliminary", Trigger: "milestone:appi-aware", Cause: 4, Started: exampleTime, Anchored: exampleTime,
			AppliesFrom: "2026-09-11", Source: "Regulation (EU) 2024/2847 Art. 14 and Art. 71(2)"}),
	declare(LabelRecorded, "attempt", (*State).foldDutyAttempted,
		func(p DutyAttempted) Sentence {
			if p.Recipient != "" {
				return Say("recipient-attempted", Ref("Duty", ArgDuty, p.Duty), Recipients("Recipient", []string{p.Recipient}), Ref("Means", ArgMeans, p.Means), Text("Outcome", p.Outcome))
			}
			return Say("duty-attempted", Ref("Duty", ArgDuty, p.Duty), Ref("Means", ArgMeans, p.Means), Text("Outcome", p.Outcome))
		},
		DutyAttempted{Duty: "vendor-first-call", Means: "phone", Outcome: "no answer"}),
	declare(LabelRecorded, "done", (*State).foldDutyDone, sentenceDutyDone,
		DutyDone{Duty: "vendor-first-call", Means: "phone", Note: "on the line", Submitted: exampleTime.Add(-600e9)}),
	declare(LabelRecorded, "tick", (*State).foldItemTicked, sentenceItemTicked,
		ItemTicked{Duty: "vendor-first-call", Item: "what-failed"}),
	declare(LabelRecorded, "untick", (*State).foldItemUnticked, sentenceItemUnticked,
		ItemUnticked{Duty: "vendor-first-call", Item: "what-failed"}),
	declare(LabelRecorded, "approve", (*State).foldApproved, sentenceApproved,
		DutyApproved{Duty: "customer-notice", Role: "ic"}),
	declare(LabelRecorded, "reach", (*State).foldRecipientReached, sentenceRecipientReached,
		RecipientReached{Duty: "tell-police-insurer", Recipient: "police", Means: "phone", Note: "case number 2026-1125"}),
	declare(LabelRecorded, "", (*State).foldRecipientWaived, sentenceRecipientWaived,
		RecipientWaived{Duty: "tell-police-insurer", Recipient: "insurer", Reason: "the policy does not cover this system"}),
	declare(LabelRecorded, "fill", (*State).foldFieldSet, sentenceFieldSet,
		FieldSet{Duty: "ppc-preliminary", Field: "records", Value: "1200"}),
	declare(LabelCustody, "register", (*State).foldEvidenceRegistered, sentenceEvidenceRegistered,
		EvidenceRegistered{ID: "E1", Expected: "memory-image", What: "Memory image of order-db01", Where: "Evidence locker B, bag 17", SHA256: strings.Repeat("0f", 32), Size: 17179869184,
			Collector: "Kondo (Asagi)", Collected: exampleTime.Add(-1800e9)}),
	declare(LabelCustody, "transfer", (*State).foldEvidenceTransferred, sentenceEvidenceTransferred,
		EvidenceTransferred{Evidence: "E1", From: "Kondo (Asagi)", To: "Kazamidori Security", How: "in person, sealed bag 17", Why: "forensic analysis", Where: "Kazamidori lab safe 2"}),
	declare(LabelCustody, "check", (*State).foldEvidenceChecked, sentenceEvidenceChecked,
		EvidenceChecked{Evidence: "E1", SHA256: strings.Repeat("0f", 32), Match: true}),
	declare(LabelDutyDue, "", (*State).foldDutyOverdue,
		func(p DutyOverdue) Sentence {
			return Say("duty-overdue", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due))
		},
		DutyOverdue{Duty: "vendor-first-call", Due: exampleTime.Add(3600e9)}).toned(ToneAlert),
	declare(LabelRecorded, "waive", (*State).foldDutyWaived,
		func(p DutyWaived) Sentence {
			return Say("duty-waived", Ref("Duty", ArgDuty, p.Duty), Line("Reason", p.Reason))
		},
		DutyWaived{Duty: "vendor-first-call", Reason: "the vendor called us first"}),
	declare(LabelRecorded, "reopen", (*State).foldDutyReopened, sentenceReopened,
		DutyReopened{Duty: "vendor-first-call", Of: 9, From: StatusDone, Reason: "the vendor says the call never reached them", Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "", (*State).foldDutyCancelled, sentenceCancelled,
		DutyCancelled{Duty: "vendor-first-call", Code: CancelTriggerWithdrawn, Trigger: "milestone:appi-aware", Cause: 5}),
	declare(LabelRecorded, "", (*State).foldDutyWithdrawn,
		func(p DutyWithdrawn) Sentence {
			// Only a reopen takes back a done or a waive: a duty they
			// started is withdrawn by it, not by a revision.
			if kind, _, _ := strings.Cut(p.Trigger, ":"); kind == string(runbook.TriggerDone) || kind == string(runbook.TriggerClosed) {
				return Say("duty-withdrawn-reopened", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger))
			}
			if p.Due.IsZero() {
				return Say("duty-withdrawn-no-due", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger))
			}
			return Say("duty-withdrawn", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger), Time("Due", p.Due))
		},
		DutyWithdrawn{Duty: "vendor-first-call", Trigger: "milestone:appi-aware", Cause: 5, Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "", (*State).foldDutyReturned,
		func(p DutyReturned) Sentence {
			if p.Due.IsZero() {
				return Say("duty-returned-no-due", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger))
			}
			return Say("duty-returned", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger), Time("Due", p.Due))
		},
		DutyReturned{Duty: "vendor-first-call", Trigger: "milestone:appi-aware", Cause: 7, Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "restart", (*State).foldDutyRestarted,
		func(p DutyRestarted) Sentence {
			if p.Due.IsZero() {
				return Say("duty-restarted-no-due", Ref("Duty", ArgDuty, p.Duty), Line("Reason", p.Reason))
			}
			return Say("duty-restarted", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due), Line("Reason", p.Reason))
		},
		DutyRestarted{Duty: "vendor-first-call", Reason: "the vendor asked us to call again", Started: exampleTime, Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "pause", (*State).foldDutyPaused,
		func(p DutyPaused) Sentence {
			if p.Remaining < 0 {
				return Say("duty-paused-overdue", Ref("Duty", ArgDuty, p.Duty), Duration("Late", -p.Remaining), Line("Reason", p.Reason))
			}
			return Say("duty-paused", Ref("Duty", ArgDuty, p.Duty), Duration("Left", p.Remaining), Line("Reason", p.Reason))
		},
		DutyPaused{Duty: "vendor-first-call", Reason: "waiting for the customer's reply", Remaining: 1500e9}),
	declare(LabelRecorded, "resume", (*State).foldDutyResumed,
		func(p DutyResumed) Sentence {
			switch {
			case p.Due.IsZero() && p.Reason != "":
				return Say("duty-resumed-no-due-reason", Ref("Duty", ArgDuty, p.Duty), Line("Reason", p.Reason))
			case p.Due.IsZero():
				return Say("duty-resumed-no-due", Ref("Duty", ArgDuty, p.Duty))
			case p.Reason != "":
				return Say("duty-resumed-reason", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due), Line("Reason", p.Reason))
			}
			return Say("duty-resumed", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due))
		},
		DutyResumed{Duty: "vendor-first-call", Reason: "the customer replied", Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "extend", (*State).foldDutyExtended, sentenceDutyExtended,
		DutyExtended{Duty: "vendor-first-call", Step: 1, Authority: "US Attorney General", Reference: "DOJ letter 2026-117", Length: "30d",
			Granted: exampleTime.Add(-3600e9), PreviousDue: exampleTime, Due: exampleTime.Add(30 * 24 * 3600e9)}),
	declare(LabelDutyDue, "", (*State).foldDutyDeferred, sentenceDutyDeferred,
		DutyDeferred{Duty: "vendor-first-call", Until: "milestone:nis2-handled", Due: exampleTime}).toned(ToneMark),
	declare(LabelRecorded, "", (*State).foldDutyReanchored, sentenceDutyReanchored,
		DutyReanchored{Duty: "vendor-first-call", Until: "milestone:nis2-handled", Anchored: exampleTime, Due: exampleTime.Add(31 * 24 * 3600e9)}),
	declare(LabelRecorded, "note", (*State).foldNote,
		func(p NoteAdded) Sentence { return Say("note", Arg{Name: "Text", Kind: ArgLines, Text: p.Text}) },
		NoteAdded{Text: "Ransom note found\non the file server"}),
	declare(LabelInject, "", (*State).foldInject, sentenceInject,
		InjectDelivered{Index: 0, At: "20m", From: "ACME", Text: "Files renamed *.lock", Channel: "phone"}).facilitated(),
	declare(LabelRecorded, "", (*State).foldDrillClock,
		func(p DrillClock) Sentence {
			if p.Paused {
				return Say("clock-paused", Number("Speed", p.Speed))
			}
			return Say("clock-running", Number("Speed", p.Speed))
		},
		DrillClock{Paused: true, Speed: 120}).facilitated(),
	declare(LabelRecorded, "", (*State).foldDrillJumped,
		func(p DrillJumped) Sentence {
			from, to, _ := p.Span()
			return Say("drill-jumped", Duration("From", from), Duration("To", to), Duration("Skipped", to-from))
		},
		DrillJumped{From: "53m0s", To: "4h53m0s"}).facilitated(),
	declare(LabelRecorded, "", nil,
		func(p JournalRecovered) Sentence {
			return Say("recovered", Count(p.Bytes), Code("Quarantine", p.Quarantine))
		},
		JournalRecovered{Bytes: 41, SHA256: strings.Repeat("ab", 32), Reason: "torn last line", Line: 12, Quarantine: "timeline.jsonl.torn-12"}).toned(ToneAlert),
	declare(LabelRecorded, "", nil,
		func(p ClockStepped) Sentence {
			return Say("clock-stepped", Time("Reading", p.Reading), Time("Kept", p.Kept))
		},
		ClockStepped{Reading: exampleTime.Add(-7200e9), Kept: exampleTime}).toned(ToneAlert),
	declare(LabelRecorded, "", (*State).foldResolved,
		func(p IncidentResolved) Sentence {
			if !p.Happened.IsZero() {
				return Say("resolved-happened", Time("Happened", p.Happened))
			}
			return Say("resolved")
		},
		IncidentResolved{Happened: exampleTime.Add(-1800e9)}).toned(ToneMark),
	declare(LabelRecorded, "", (*State).foldHandedOver,
		func(p DutyHandedOver) Sentence {
			if p.Ticket != "" {
				return Say("duty-handed-over-ticket", Ref("Duty", ArgDuty, p.Duty), Text("Owner", p.Owner), Text("Ticket", p.Ticket))
			}
			return Say("duty-handed-over", Ref("Duty", ArgDuty, p.Duty), Text("Owner", p.Owner))
		},
		DutyHandedOver{Duty: "vendor-first-call", Owner: "Service desk (Kato)", Ticket: "OPS-1234"}),
	declare(LabelRecorded, "close", (*State).foldClosed,
		sentenceClosed,
		IncidentClosed{Summary: "Restored from the 02:00 backup."}).toned(ToneMark),
	declare(LabelRecorded, "", (*State).foldReopened,
		func(p IncidentReopened) Sentence { return Say("reopened", Line("Reason", p.Reason)) },
		IncidentReopened{Reason: "the PPC asked for a corrected final report"}).toned(ToneMark),
	declare(LabelRecorded, "", (*State).foldLinked,
		func(p IncidentLinked) Sentence {
			return Say("linked", Code("Incident", p.Incident), Word("Kind", "export.link."+p.Kind))
		},
		IncidentLinked{Kind: LinkSpawned, Incident: "INC-20261125-8A2B"}),
}

// The sentences of the entries that need more than one line.

func sentenceOpened(p IncidentOpened) Sentence {
	if p.Name != "" {
		return sentenceOpenedNamed(p)
	}
	if !p.Happened.IsZero() {
		if p.Drill != nil {
			return Say("opened-drill-happened", Code("Incident", p.Incident), Text("Title", p.Title), Text("Scenario", p.Drill.Title), Time("Happened", p.Happened))
		}
		return Say("opened-happened", Code("Incident", p.Incident), Text("Title", p.Title), Time("Happened", p.Happened))
	}
	if p.Drill != nil {
		return Say("opened-drill", Code("Incident", p.Incident), Text("Title", p.Title), Text("Scenario", p.Drill.Title))
	}
	return Say("opened", Code("Incident", p.Incident), Text("Title", p.Title))
}

func sentenceClosed(p IncidentClosed) Sentence {
	switch p.Ending {
	case "":
		return Say("closed", Line("Summary", p.Summary))
	case EndDuplicate:
		return Say("closed-duplicate", Code("Of", p.Of), Line("Reason", p.Summary))
	case EndFalseAlarm, EndMistake:
		return Say("closed-"+p.Ending, Line("Reason", p.Summary))
	}
	// An ending a newer shodo knows: its code, as written.
	return Say("closed-ending", Code("Ending", p.Ending), Line("Reason", p.Summary))
}

// sentenceOpenedNamed is the opening of an incident given a title: the
// same four sentences, each naming it.
func sentenceOpenedNamed(p IncidentOpened) Sentence {
	id, name, title := Code("Incident", p.Incident), Text("Name", p.Name), Text("Title", p.Title)
	switch {
	case p.Drill != nil && !p.Happened.IsZero():
		return Say("opened-drill-happened-named", id, name, title, Text("Scenario", p.Drill.Title), Time("Happened", p.Happened))
	case p.Drill != nil:
		return Say("opened-drill-named", id, name, title, Text("Scenario", p.Drill.Title))
	case !p.Happened.IsZero():
		return Say("opened-happened-named", id, name, title, Time("Happened", p.Happened))
	}
	return Say("opened-named", id, name, title)
}

func sentenceVerdict(p VerdictReached) Sentence {
	kind := Word("Kind", "export.word.not-security")
	if p.Security {
		kind = Word("Kind", "export.word.security")
	}
	verdict := Arg{Name: "Verdict", Kind: ArgVerdict, Text: p.Verdict, Of: p.Title}
	if p.Rank != "" {
		return Say("verdict-rank", verdict, kind, Ref("Rank", ArgRank, p.Rank))
	}
	return Say("verdict", verdict, kind)
}

func sentenceCancelled(p DutyCancelled) Sentence {
	if p.Code == CancelUntil {
		return Say("duty-cancelled-until", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger))
	}
	if p.Code == CancelTriggerWithdrawn {
		return Say("duty-cancelled-withdrawn", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger))
	}
	// A journal written before reason codes stored the reason as an
	// English sentence: it is shown as written.
	return Say("duty-cancelled", Ref("Duty", ArgDuty, p.Duty), Line("Reason", p.Reason))
}

func sentenceInject(p InjectDelivered) Sentence {
	text := Line("Text", p.Text)
	from, channel := Text("From", p.From), Ref("Channel", ArgChannel, p.Channel)
	switch {
	case p.From != "" && p.Channel != "":
		return Say("inject-from-channel", from, channel, text)
	case p.From != "":
		return Say("inject-from", from, text)
	case p.Channel != "":
		return Say("inject-channel", channel, text)
	}
	return Say("inject", text)
}

// CancelReason codes: why a duty was cancelled.
const (
	// CancelTriggerWithdrawn: every trigger of the duty was withdrawn by a
	// triage revision; DutyCancelled.Trigger is the one that had started it.
	CancelTriggerWithdrawn = "trigger-withdrawn"
	// CancelUntil: the `until` of a recurring duty holds (Trigger): its
	// running occurrence ends and no other starts.
	CancelUntil = "until-holds"
)

// sentenceDutyStarted says when a started duty is due: its hard limit,
// or, for a duty with none, its target or "as soon as possible", never a
// zero time.
func sentenceDutyStarted(p DutyStarted) Sentence {
	duty, trigger := Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger)
	switch {
	case p.Instance > 1:
		return Say("duty-recurred", duty, Number("Instance", float64(p.Instance)), Time("Due", p.Due), trigger)
	case !p.Due.IsZero() && !p.Unrolled.IsZero():
		return Say("duty-started-rolled", duty, Time("Due", p.Due), Time("Unrolled", p.Unrolled), trigger)
	case !p.Due.IsZero():
		return Say("duty-started", duty, Time("Due", p.Due), trigger)
	case p.ASAP && !p.Target.IsZero():
		return Say("duty-started-asap-target", duty, Time("Target", p.Target), trigger)
	case p.ASAP:
		return Say("duty-started-asap", duty, trigger)
	case !p.Target.IsZero():
		return Say("duty-started-target", duty, Time("Target", p.Target), trigger)
	}
	return Say("duty-started-open", duty, trigger)
}

// sentenceDutyDone tells a duty done with every fact the event records:
// the means (left out when none was recorded: "Done: X." says it better
// than naming an unknown), the claimed submission time, the required
// checklist items left unticked and report fields left empty, and the
// note. The message id says which are there:
// duty-{done|submitted}[-no-means][-unticked][-empty][-note].
func sentenceDutyDone(p DutyDone) Sentence {
	name, args := "duty-done", []Arg{Ref("Duty", ArgDuty, p.Duty)}
	if !p.Submitted.IsZero() {
		name = "duty-submitted"
	}
	if p.Means == "" {
		name += "-no-means"
	} else {
		args = append(args, Ref("Means", ArgMeans, p.Means))
	}
	if !p.Submitted.IsZero() {
		args = append(args, Time("Submitted", p.Submitted))
	}
	if len(p.Unticked) > 0 {
		name, args = name+"-unticked", append(args, Items("Items", p.Duty, p.Unticked))
	}
	if len(p.Empty) > 0 {
		name, args = name+"-empty", append(args, Fields("Fields", p.Duty, p.Empty))
	}
	if p.Note != "" {
		name, args = name+"-note", append(args, Line("Note", p.Note))
	}
	return Say(name, args...)
}
