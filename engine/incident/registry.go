package incident

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// The event registry: every event type is declared here once — its journal
// name, its payload, its fold, its sentence, its Timesketch label and the
// drill step that scripts it — and decoding, replay, the exports and drill
// scripting are driven from it, and so is the stress a screen gives its
// line (Tone). This file is the machinery; the table itself, registry, is
// at the end of events.go, next to the payloads it declares. Adding an
// event type is its payload and its registry entry (events.go), its fold (a
// State method, in state.go), and its sentences in every message file
// (internal/i18n/locales, section [export.event]). docs/incidents.md lists
// the types, checked against the table by a test.

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
	// LabelCustody marks the evidence register's events (registered,
	// transferred, checked), so that an analyst can filter the chain of
	// custody out of a timeline.
	LabelCustody = "Evidence Custody"
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
