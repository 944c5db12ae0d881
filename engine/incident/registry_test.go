package incident

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

func shippedRunbook(t *testing.T) *runbook.Runbook {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	return rb
}

// Every declared type round-trips through the real journal: its example
// payload, appended as a journal line and read back, decodes equal.
func TestRegistryRoundTripsThroughTheJournal(t *testing.T) {
	t.Parallel()
	kinds := Kinds()
	if len(kinds) == 0 {
		t.Fatal("the registry is empty")
	}
	dir := filepath.Join(t.TempDir(), "inc")
	opened, err := encodePayload(kinds[0].Example())
	must(t, err)
	j, _, err := journal.Create(dir, "INC-20261125-7F3A", journal.Entry{At: t0, Actor: "sato", Type: kinds[0].Type, Data: opened})
	must(t, err)
	for _, k := range kinds[1:] {
		data, err := encodePayload(k.Example())
		must(t, err)
		_, err = j.Append(journal.Entry{At: t0, Actor: "sato", Type: k.Type, Data: data})
		must(t, err)
	}
	must(t, j.Close())

	var got []Event
	j, err = journal.Open(dir, func(r journal.Record) error {
		ev, err := DecodeRecord(r)
		got = append(got, ev)
		return err
	})
	must(t, err)
	must(t, j.Close())
	if len(got) != len(kinds) {
		t.Fatalf("read %d events; wrote %d", len(got), len(kinds))
	}
	for i, k := range kinds {
		if got[i].Type != k.Type || got[i].Data.EventType() != k.Type {
			t.Errorf("line %d: type %q, payload %q; want %q", i+1, got[i].Type, got[i].Data.EventType(), k.Type)
		}
		if !reflect.DeepEqual(got[i].Data, k.Example()) {
			t.Errorf("%s: decoded %#v; wrote %#v", k.Type, got[i].Data, k.Example())
		}
		if reflect.ValueOf(k.Example()).IsZero() {
			t.Errorf("%s: the example payload is empty: it proves nothing", k.Type)
		}
	}
}

// Every declared type folds, after an opening and a running duty, without
// a problem and without panicking; the fold is the one the registry names.
func TestRegistryFolds(t *testing.T) {
	t.Parallel()
	shipped, content, fields := shippedRunbook(t), loadFixture(t, "content.toml"), loadFixture(t, "fields.toml")
	recipients := loadFixture(t, "recipients.toml")
	kinds := Kinds()
	for _, k := range kinds {
		t.Run(k.Type, func(t *testing.T) {
			// A duty's checklist and approval are format version 2: their
			// events fold on a runbook that has them, on the duty they name.
			rb, duty := shipped, "vendor-first-call"
			switch p := k.Example().(type) {
			case ItemTicked, ItemUnticked:
				rb = content
			case DutyApproved:
				rb, duty = content, p.Duty
			case FieldSet:
				rb, duty = fields, p.Duty
			case RecipientReached:
				rb, duty = recipients, p.Duty
			case RecipientWaived:
				rb, duty = recipients, p.Duty
			}
			opened := kinds[0].Example().(IncidentOpened)
			opened.Runbook = rb.ID
			events := []Event{{Seq: 1, At: t0, Actor: "sato", Type: TypeIncidentOpened, Data: opened}}
			if k.Type != TypeIncidentOpened {
				events = append(events, Event{Seq: 2, At: t0, Actor: SystemActor, Type: TypeDutyStarted,
					Data: DutyStarted{Duty: duty, Trigger: "opened", Cause: 1, Started: t0, Due: t0.Add(time.Hour)}})
				if k.Type == TypeTriageRevised {
					events = append(events, Event{Seq: 3, At: t0, Actor: "sato", Type: TypeTriageAnswered,
						Data: TriageAnswered{Node: "symptom", Option: "ransom"}})
				}
				// Returning needs a withdrawal, resuming a pause, reopening a
				// close, a transfer or check of evidence its registration, reopening a
				// duty its done.
				registered, _ := KindOf(TypeEvidenceRegistered)
				if before, ok := map[string]Payload{
					TypeDutyReturned:        DutyWithdrawn{Duty: "vendor-first-call", Trigger: "opened", Due: t0.Add(time.Hour)},
					TypeDutyResumed:         DutyPaused{Duty: "vendor-first-call", Reason: "waiting", Remaining: time.Hour},
					TypeIncidentReopened:    IncidentClosed{Summary: "closed too early"},
					TypeEvidenceTransferred: registered.Example(),
					TypeEvidenceChecked:     registered.Example(),
					TypeDutyReopened:        DutyDone{Duty: "vendor-first-call", Means: "phone"},
					TypeDutyReanchored:      DutyDeferred{Duty: "vendor-first-call", Until: "milestone:appi-aware", Due: t0.Add(time.Hour)},
				}[k.Type]; ok {
					events = append(events, Event{Seq: uint64(len(events) + 1), At: t0, Actor: "sato", Type: before.EventType(), Data: before})
				}
				p := k.Example()
				switch r := p.(type) {
				case TriageRevised:
					r.From = 3
					p = r
				case DutyReopened:
					r.Of = 3 // the done just before it
					p = r
				}
				events = append(events, Event{Seq: uint64(len(events) + 1), At: t0.Add(time.Minute), Actor: "sato", Type: k.Type, Data: p})
			}
			st := Fold(rb, events)
			if len(st.Problems) > 0 {
				t.Errorf("problems: %+v", st.Problems)
			}
			if st.ID == "" || st.LastSeq != uint64(len(events)) || st.Events[len(st.Events)-1].Type != k.Type {
				t.Errorf("state after %s: id %q, last seq %d of %d", k.Type, st.ID, st.LastSeq, len(events))
			}
			if s := SentenceOf(st.Events[len(st.Events)-1]); !strings.HasPrefix(s.ID, "export.event.") || s.ID == "export.event.unknown" {
				t.Errorf("%s tells itself as %q", k.Type, s.ID)
			}
		})
	}
}

// A type from a newer shodo decodes as Unknown, changes nothing, and still
// has a sentence: one that says so.
func TestUnknownTypeStaysUnknown(t *testing.T) {
	t.Parallel()
	p, err := DecodePayload("pager.sent", json.RawMessage(`{"to":"ic"}`))
	must(t, err)
	u, ok := p.(Unknown)
	if !ok || u.Type != "pager.sent" || string(u.Raw) != `{"to":"ic"}` {
		t.Fatalf("decoded %#v", p)
	}
	if _, known := KindOf("pager.sent"); known {
		t.Fatal("pager.sent is declared")
	}
	s := SentenceOf(Event{Type: "pager.sent", Data: u})
	if s.ID != "export.event.unknown" || len(s.Args) != 1 || s.Args[0].Text != "pager.sent" {
		t.Errorf("sentence %+v", s)
	}
}

// The event types of docs/incidents.md are the registry's: the table
// between the markers is generated from it (go test ./engine/incident
// -update rewrites it), so a type cannot be in one and not the other.
func TestDocsListEveryEventType(t *testing.T) {
	const path = "../../docs/incidents.md"
	const begin, end = "<!-- event types: generated from engine/incident/registry.go by go test ./engine/incident -update -->\n", "<!-- end of event types -->\n"
	doc, err := os.ReadFile(path)
	must(t, err)
	i, j := bytes.Index(doc, []byte(begin)), bytes.Index(doc, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers %q and %q around the event types", path, strings.TrimSpace(begin), strings.TrimSpace(end))
	}
	want := eventTable()
	got := string(doc[i+len(begin) : j])
	if testkit.Updating() {
		out := slices.Concat(doc[:i+len(begin)], []byte(want), doc[j:])
		must(t, os.WriteFile(path, out, 0o644))
		return
	}
	if got != want {
		t.Errorf("%s lists other event types than the registry (run go test ./engine/incident -update):\n--- docs\n%s--- registry\n%s", path, got, want)
	}
}

// eventTable writes the registry as the docs show it: type, data fields
// (from the payload's JSON names) and the drill step that scripts it.
func eventTable() string {
	var b strings.Builder
	b.WriteString("| type | data | drill step |\n|---|---|---|\n")
	for _, k := range Kinds() {
		step := "—"
		if k.Step != "" {
			step = "`" + k.Step + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k.Type, jsonFields(reflect.TypeOf(k.Example())), step)
	}
	return b.String()
}

func jsonFields(t reflect.Type) string {
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, "`"+name+"`")
		}
	}
	return strings.Join(names, ", ")
}

// The tones the TUI's timeline stresses lines with: what went wrong in
// alert, the turning points marked, the rest plain; an event this build
// does not know is plain.
func TestRegistryTones(t *testing.T) {
	t.Parallel()
	want := map[string]Tone{
		TypeDutyOverdue:      ToneAlert,
		TypeJournalRecovered: ToneAlert,
		TypeClockStepped:     ToneAlert,
		TypeVerdictReached:   ToneMark,
		TypeIncidentClosed:   ToneMark,
		TypeIncidentResolved: ToneMark,
		TypeIncidentReopened: ToneMark,
		TypeDutyDeferred:     ToneMark,
	}
	for _, k := range Kinds() {
		if got := ToneOf(Event{Type: k.Type, Data: k.Example()}); got != want[k.Type] || k.Tone != got {
			t.Errorf("%s: tone %d (kind says %d), want %d", k.Type, got, k.Tone, want[k.Type])
		}
	}
	if got := ToneOf(Event{Type: "pager.sent", Data: Unknown{Type: "pager.sent"}}); got != TonePlain {
		t.Errorf("unknown type: tone %d", got)
	}
}
