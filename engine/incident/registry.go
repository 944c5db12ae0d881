package incident

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// The event registry: every event type is declared here once — its journal
// name, its payload, its fold, its sentence, its Timesketch label and the
// drill step that scripts it — and decoding, replay, the exports and drill
// scripting are driven from it, and so is the stress a screen gives its
// line (Tone). Adding an event type is its payload (a
// struct with an EventType method, in events.go), its fold (a State method,
// in state.go), one entry below, and its sentences in every message file
// (internal/i18n/locales, section [export.event]). docs/incidents.md lists
// the types, checked against this table by a test.

// Kind is one declared event type.
type Kind struct {
	// Type is the journal's name for it: "duty.done".
	Type string
	// Label is the Timesketch timestamp_desc of its events: what their time
	// is the time of. It is a machine vocabulary, kept in English.
	Label string
	// Step is the key of the drill scenario step that scripts it ("done"),
	// or "" when no step can.
	Step string
	// Facilitated says that in a drill its actor runs the exercise (delivers
	// injects, runs the clock) rather than plays it: the after-action report
	// counts them as a facilitator.
	Facilitated bool
	// Tone says how a line telling one of its events stands out on a
	// screen: ToneAlert for what went wrong, ToneMark for a turning point.
	Tone Tone

	decode   func(json.RawMessage) (Payload, error)
	fold     func(*State, Event)
	sentence func(Event) Sentence
	example  Payload
}

// Timesketch labels.
const (
	LabelRecorded = "Event Recorded"
	LabelDutyDue  = "Duty Due"
	LabelInject   = "Inject Delivered"
)

// declare builds the Kind of payload type T. fold applies an event of the
// type to a State (nil for one that changes nothing), sentence tells it,
// and example is a filled payload for the tests that walk the registry.
func declare[T Payload](label, step string, fold func(*State, Event, T), sentence func(T) Sentence, example T) Kind {
	k := Kind{
		Type:  example.EventType(),
		Label: label,
		Step:  step,
		decode: func(data json.RawMessage) (Payload, error) {
			var v T
			if len(bytes.TrimSpace(data)) == 0 {
				// An event without data is its zero payload, as written by
				// a writer that had nothing to say.
				return v, nil
			}
			if err := json.Unmarshal(data, &v); err != nil {
				return nil, err
			}
			return v, nil
		},
		example: example,
	}
	// Both are reached through the payload's own type, so an event whose
	// Data is not a T (an Unknown posing as a known type) cannot get here.
	k.sentence = func(e Event) Sentence { return sentence(e.Data.(T)) }
	if fold != nil {
		k.fold = func(s *State, e Event) { fold(s, e, e.Data.(T)) }
	}
	return k
}

// Tone is how a line telling an event stands out: the TUI's timeline
// draws alerts in its alert colour and marks in bold. Colour never carries
// the meaning alone: the sentence says it too ("OVERDUE: …").
type Tone int

// Tones.
const (
	TonePlain Tone = iota // most events
	ToneAlert             // something went wrong: a duty overdue, a journal recovered after a crash
	ToneMark              // a turning point: the verdict, closing
)

// ToneOf returns how a line telling e stands out; TonePlain for an event of
// a type this build does not know.
func ToneOf(e Event) Tone {
	if k := kindOfData(e.Data); k != nil {
		return k.Tone
	}
	return TonePlain
}

// toned gives a kind its tone.
func (k Kind) toned(t Tone) Kind {
	k.Tone = t
	return k
}

// facilitated marks a kind whose actor, in a drill, is the facilitator.
func (k Kind) facilitated() Kind {
	k.Facilitated = true
	return k
}

// registry is the table of every event type, in the order of an incident's
// life. It is built once and never changed.
var registry = []Kind{
	declare(LabelRecorded, "", (*State).foldOpened, sentenceOpened,
		IncidentOpened{Incident: "INC-20261125-7F3A", UUID: "0193a7c0-0000-7000-8000-000000000001", Runbook: "service-failure", Title: "Service failure", Actor: "sato",
			Drill: &DrillInfo{Scenario: "friday-ransomware", Title: "Friday night", Speed: 60}}),
	declare(LabelRecorded, "", (*State).foldRoleAssigned,
		func(p RoleAssigned) Sentence {
			return Say("assigned", Ref("Role", ArgRole, p.Role), Text("Assignee", p.Assignee))
		},
		RoleAssigned{Role: "ic", Assignee: "Yamada"}),
	declare(LabelRecorded, "answer", (*State).foldAnswered,
		func(p TriageAnswered) Sentence {
			return Say("answered", Ref("Question", ArgQuestion, p.Node), Arg{Name: "Answer", Kind: ArgAnswer, Text: p.Option, Of: p.Node})
		},
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
		MilestoneStamped{Milestone: "pii-suspected", Happened: exampleTime.Add(-7200e9)}),
	declare(LabelRecorded, "", (*State).foldDutyStarted,
		func(p DutyStarted) Sentence {
			return Say("duty-started", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due), Ref("Trigger", ArgTrigger, p.Trigger))
		},
		DutyStarted{Duty: "vendor-first-call", Trigger: "opened", Cause: 1, Started: exampleTime, Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "attempt", (*State).foldDutyAttempted,
		func(p DutyAttempted) Sentence {
			return Say("duty-attempted", Ref("Duty", ArgDuty, p.Duty), Ref("Means", ArgMeans, p.Means), Text("Outcome", p.Outcome))
		},
		DutyAttempted{Duty: "vendor-first-call", Means: "phone", Outcome: "no answer"}),
	declare(LabelRecorded, "done", (*State).foldDutyDone,
		func(p DutyDone) Sentence {
			if p.Note != "" {
				return Say("duty-done-note", Ref("Duty", ArgDuty, p.Duty), Ref("Means", ArgMeans, p.Means), Line("Note", p.Note))
			}
			return Say("duty-done", Ref("Duty", ArgDuty, p.Duty), Ref("Means", ArgMeans, p.Means))
		},
		DutyDone{Duty: "vendor-first-call", Means: "phone", Note: "on the line"}),
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
	declare(LabelRecorded, "", (*State).foldDutyCancelled, sentenceCancelled,
		DutyCancelled{Duty: "vendor-first-call", Code: CancelTriggerWithdrawn, Trigger: "milestone:pii-suspected", Cause: 5}),
	declare(LabelRecorded, "", (*State).foldDutyWithdrawn,
		func(p DutyWithdrawn) Sentence {
			return Say("duty-withdrawn", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger), Time("Due", p.Due))
		},
		DutyWithdrawn{Duty: "vendor-first-call", Trigger: "milestone:pii-suspected", Cause: 5, Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "", (*State).foldDutyReturned,
		func(p DutyReturned) Sentence {
			return Say("duty-returned", Ref("Duty", ArgDuty, p.Duty), Ref("Trigger", ArgTrigger, p.Trigger), Time("Due", p.Due))
		},
		DutyReturned{Duty: "vendor-first-call", Trigger: "milestone:pii-suspected", Cause: 7, Due: exampleTime.Add(3600e9)}),
	declare(LabelRecorded, "restart", (*State).foldDutyRestarted,
		func(p DutyRestarted) Sentence {
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
			if p.Reason != "" {
				return Say("duty-resumed-reason", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due), Line("Reason", p.Reason))
			}
			return Say("duty-resumed", Ref("Duty", ArgDuty, p.Duty), Time("Due", p.Due))
		},
		DutyResumed{Duty: "vendor-first-call", Reason: "the customer replied", Due: exampleTime.Add(3600e9)}),
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
	declare(LabelRecorded, "close", (*State).foldClosed,
		func(p IncidentClosed) Sentence { return Say("closed", Line("Summary", p.Summary)) },
		IncidentClosed{Summary: "Restored from the 02:00 backup."}).toned(ToneMark),
}

// byType indexes the registry by journal type; built once, never changed.
var byType = func() map[string]*Kind {
	m := make(map[string]*Kind, len(registry))
	for i := range registry {
		k := &registry[i]
		if _, dup := m[k.Type]; dup {
			panic("incident: event type " + k.Type + " declared twice")
		}
		m[k.Type] = k
	}
	return m
}()

// kindOfData returns the declaration of a payload's type, or nil for
// Unknown, a nil payload, or a payload not of its declared type.
func kindOfData(p Payload) *Kind {
	if p == nil {
		return nil
	}
	if _, unknown := p.(Unknown); unknown {
		return nil
	}
	k := byType[p.EventType()]
	if k == nil || reflect.TypeOf(p) != reflect.TypeOf(k.example) {
		return nil
	}
	return k
}

// Kinds returns every declared event type, in the order of an incident's
// life (a new slice each call).
func Kinds() []Kind { return append([]Kind(nil), registry...) }

// KindOf returns the declaration of a journal type; false for a type this
// build does not know.
func KindOf(typ string) (Kind, bool) {
	k, ok := byType[typ]
	if !ok {
		return Kind{}, false
	}
	return *k, true
}

// Example returns a filled payload of the kind, as the registry's tests
// and the docs use it.
func (k Kind) Example() Payload { return k.example }

// SentenceOf tells an event as a message id and its parameters; an event
// of a type this build does not know says so.
func SentenceOf(e Event) Sentence {
	if k := kindOfData(e.Data); k != nil {
		return k.sentence(e)
	}
	return Say("unknown", Code("Type", e.Type))
}

// DecodePayload decodes the data of an event of type typ. A type this build
// does not know decodes to Unknown without error; malformed data of a known
// type is an error. Fields this build does not know are ignored.
func DecodePayload(typ string, data json.RawMessage) (Payload, error) {
	k, ok := byType[typ]
	if !ok {
		return Unknown{Type: typ, Raw: bytes.Clone(data)}, nil
	}
	p, err := k.decode(data)
	if err != nil {
		return nil, fmt.Errorf("decode %s data: %w", typ, err)
	}
	return p, nil
}

// encodePayload writes p as the journal's data field.
func encodePayload(p Payload) (json.RawMessage, error) {
	if u, ok := p.(Unknown); ok {
		return u.Raw, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode %s data: %w", p.EventType(), err)
	}
	return b, nil
}

func sentenceOpened(p IncidentOpened) Sentence {
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
)
