package incident

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// ev builds an event for fold tests.
func ev(seq uint64, at time.Time, actor string, p Payload) Event {
	return Event{Seq: seq, At: at, Time: at, Actor: actor, Type: p.EventType(), Data: p}
}

func opened(t *testing.T, sim bool) Event {
	t.Helper()
	e := ev(1, t0, "alice", IncidentOpened{Incident: "INC-20261125-0001", Runbook: "triggers", Actor: "alice", Opened: t0})
	if sim {
		e.Sim = "0s"
	}
	return e
}

// openedDrill is the opening of a drill, its scenario time at zero.
func openedDrill(t *testing.T) Event {
	t.Helper()
	e := ev(1, t0, "alice", IncidentOpened{Incident: "INC-20261125-0001", Runbook: "triggers", Actor: "alice", Opened: t0,
		Drill: &DrillInfo{Scenario: "s", Title: "S", Speed: 10}})
	e.Sim = "0s"
	return e
}

func TestDecodePayload(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		typ     string
		data    string
		want    Payload
		wantErr bool
	}{
		{"known", TypeDutyDone, `{"duty":"x","means":"phone","note":"ok"}`, DutyDone{Duty: "x", Means: "phone", Note: "ok"}, false},
		{"unknown fields of a newer shodo are ignored", TypeNoteAdded, `{"text":"hi","mood":"calm"}`, NoteAdded{Text: "hi"}, false},
		{"no data", TypeNoteAdded, ``, NoteAdded{}, false},
		{"unknown type is kept raw", "pager.sent", `{"to":"bob"}`, Unknown{Type: "pager.sent", Raw: json.RawMessage(`{"to":"bob"}`)}, false},
		{"unknown type without data", "pager.sent", ``, Unknown{Type: "pager.sent", Raw: json.RawMessage{}}, false},
		{"malformed known type", TypeDutyDone, `{"duty":42}`, nil, true},
		{"not an object", TypeNoteAdded, `"text"`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodePayload(tt.typ, json.RawMessage(tt.data))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v; want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tt.want)
			if got.EventType() != tt.typ || string(g) != string(w) {
				t.Fatalf("got %s %s; want %s %s", got.EventType(), g, tt.typ, w)
			}
		})
	}
}

// Every declared payload type encodes, with snake_case fields, and decodes
// to itself under its own type.
func TestPayloadRoundTrip(t *testing.T) {
	t.Parallel()
	var payloads []Payload
	for _, k := range Kinds() {
		payloads = append(payloads, k.Example())
	}
	// The first journals had no reason codes.
	payloads = append(payloads, DutyCancelled{Duty: "d", Reason: "r", Cause: 9})
	seen := map[string]bool{}
	for _, p := range payloads {
		data, err := encodePayload(p)
		must(t, err)
		var fields map[string]any
		must(t, json.Unmarshal(data, &fields))
		for k := range fields {
			if strings.Trim(k, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
				t.Errorf("%s: field %q is not snake_case", p.EventType(), k)
			}
		}
		got, err := DecodePayload(p.EventType(), data)
		must(t, err)
		again, _ := encodePayload(got)
		if string(again) != string(data) {
			t.Errorf("%s: %s became %s", p.EventType(), data, again)
		}
		seen[p.EventType()] = true
	}
	if len(seen) != len(Kinds()) {
		t.Errorf("%d event types covered; want all %d", len(seen), len(Kinds()))
	}
}

func TestFoldToleratesForeignJournals(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	at := t0.Add(time.Minute)
	tests := []struct {
		name    string
		events  []Event
		problem string
	}{
		{"unknown type", []Event{opened(t, false), ev(2, at, "a", Unknown{Type: "pager.sent"})}, ""},
		{"journal recovery", []Event{opened(t, false), ev(2, at, SystemActor, JournalRecovered{Bytes: 3})}, ""},
		{"drill clock outside a drill", []Event{opened(t, false), ev(2, at, "a", DrillClock{Paused: true, Speed: 60})}, "clock-not-drill"},
		{"drill jump outside a drill", []Event{opened(t, false), ev(2, at, "a", DrillJumped{From: "1m0s", To: "2m0s"})}, "jump-not-drill"},
		{"drill jump backwards", []Event{openedDrill(t), ev(2, at, "a", DrillJumped{From: "2h0m0s", To: "1m0s"})}, "jump-bad-span From=2h0m0s To=1m0s"},
		{"drill jump unreadable", []Event{openedDrill(t), ev(2, at, "a", DrillJumped{From: "soon", To: "1m0s"})}, "jump-bad-span From=soon To=1m0s"},
		{"unknown duty", []Event{opened(t, false), ev(2, at, "a", DutyDone{Duty: "nope"})}, `unknown-duty Duty="nope"`},
		{"done before started", []Event{opened(t, false), ev(2, at, "a", DutyDone{Duty: "report"})}, "duty-not-running Type=duty.done Duty=\"report\" Status=export.refusal.status.idle"},
		{"unknown node", []Event{opened(t, false), ev(2, at, "a", TriageAnswered{Node: "nope"})}, `unknown-node Node="nope"`},
		{"unknown option", []Event{opened(t, false), ev(2, at, "a", TriageAnswered{Node: "symptom", Option: "x"})}, `unknown-option Option="x" Node="symptom"`},
		{"unknown verdict", []Event{opened(t, false), ev(2, at, "a", VerdictReached{Verdict: "x"})}, `unknown-verdict Verdict="x"`},
		{"unknown milestone", []Event{opened(t, false), ev(2, at, "a", MilestoneStamped{Milestone: "x"})}, `unknown-milestone Milestone="x"`},
		{"unknown role", []Event{opened(t, false), ev(2, at, "a", RoleAssigned{Role: "x"})}, `unknown-role Role="x"`},
		{"revision of nothing", []Event{opened(t, false), ev(2, at, "a", TriageRevised{Node: "symptom", From: 7})}, `revision-unmatched Node="symptom" From=7`},
		{"opened twice", []Event{opened(t, false), opened(t, false)}, "opened-twice"},
		{"no opening", []Event{ev(1, at, "a", NoteAdded{Text: "x"})}, "before-opened Type=note.added"},
		{"after closing", []Event{opened(t, false), ev(2, at, "a", IncidentClosed{Summary: "s"}), ev(3, at, "a", NoteAdded{Text: "x"})}, "after-closed Type=note.added"},
		{"bad sim offset", []Event{opened(t, true), {Seq: 2, At: at, Type: TypeNoteAdded, Sim: "soon", Data: NoteAdded{Text: "x"}}}, `bad-sim Sim="soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := Fold(rb, tt.events)
			if len(st.Events) != len(tt.events) {
				t.Fatalf("%d events kept; want all %d", len(st.Events), len(tt.events))
			}
			var msgs []string
			for _, p := range st.Problems {
				msgs = append(msgs, briefSentence(p.Say))
			}
			all := strings.Join(msgs, "; ")
			if tt.problem == "" && len(msgs) > 0 || tt.problem != "" && !strings.Contains(all, tt.problem) {
				t.Fatalf("problems %q; want %q", all, tt.problem)
			}
		})
	}
}

func TestFoldBasics(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	events := []Event{
		opened(t, false),
		ev(2, at(1), "bob", RoleAssigned{Role: "scribe", Assignee: "Carol"}),
		ev(3, at(2), "bob", NoteAdded{Text: "first note"}),
		ev(4, at(3), "carol", TriageAnswered{Node: "symptom", Option: "down"}),
	}
	st := Fold(rb, events)
	if st.ID != "INC-20261125-0001" || !st.Opened.Equal(t0) || st.OpenedBy != "alice" || st.LastSeq != 4 {
		t.Errorf("opened: %q %v %q seq %d", st.ID, st.Opened, st.OpenedBy, st.LastSeq)
	}
	if ic := st.Role("ic"); ic.Assignee != "Alice" || !ic.Default {
		t.Errorf("ic %+v; want the runbook default", ic)
	}
	if sc := st.Role("scribe"); sc.Assignee != "Carol" || sc.Default || sc.By != "bob" || !sc.Since.Equal(at(1)) {
		t.Errorf("scribe %+v", sc)
	}
	if st.Node != "cause" || len(st.Path) != 1 || st.Path[0].Actor != "carol" {
		t.Errorf("node %q path %+v", st.Node, st.Path)
	}
	if len(st.Notes) != 1 || st.Notes[0].Text != "first note" {
		t.Errorf("notes %+v", st.Notes)
	}
	if strings.Join(st.Actors, ",") != "alice,bob,carol" {
		t.Errorf("actors %v", st.Actors)
	}
	// Incremental Apply and Fold agree.
	inc := NewState(rb)
	for _, e := range events {
		inc.Apply(e)
	}
	if digest(t, inc) != digest(t, st) {
		t.Error("incremental apply differs from fold")
	}
	// The fold never starts duties by itself: that is the session's job.
	if d := st.Duty("first-call"); d.Status != StatusIdle {
		t.Errorf("first-call is %s without a duty.started event", d.Status)
	}
}

func TestFoldDrillTime(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	wall := time.Date(2027, 1, 5, 14, 0, 0, 0, time.UTC)
	events := []Event{
		{Seq: 1, At: wall, Actor: "alice", Type: TypeIncidentOpened, Sim: "0s", Data: IncidentOpened{Incident: "INC-1", Runbook: "triggers", Opened: t0}},
		{Seq: 2, At: wall.Add(17 * time.Second), Actor: "bob", Type: TypeNoteAdded, Sim: "17m5s", Data: NoteAdded{Text: "x"}},
		{Seq: 3, At: wall.Add(18 * time.Second), Actor: "bob", Type: TypeNoteAdded, Data: NoteAdded{Text: "no sim: wall time"}},
	}
	st := Fold(rb, events)
	if !st.Opened.Equal(t0) {
		t.Fatalf("opened %v; want the scenario start %v", st.Opened, t0)
	}
	want := []time.Time{t0, t0.Add(17*time.Minute + 5*time.Second), wall.Add(18 * time.Second)}
	for i, e := range st.Events {
		if !e.Time.Equal(want[i]) {
			t.Errorf("event %d at incident time %v; want %v", e.Seq, e.Time, want[i])
		}
	}
}

func TestSourcesSHA256(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	a := SourcesSHA256(rb.Sources)
	if len(a) != 64 {
		t.Fatalf("hash %q", a)
	}
	moved := append(rb.Sources[:0:0], rb.Sources...)
	moved[0].Path += "x"
	if SourcesSHA256(moved) == a {
		t.Error("a changed path keeps the hash")
	}
}

func TestEmbeddedRunbookRefusesTampering(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	good := IncidentOpened{Incident: "INC-1", Runbook: rb.ID, Sources: rb.Sources, SHA256: SourcesSHA256(rb.Sources)}
	tampered := good
	tampered.Sources = append(rb.Sources[:0:0], rb.Sources...)
	tampered.Sources[0].Text = strings.Replace(tampered.Sources[0].Text, `within = "1h"`, `within = "9h"`, 1)
	broken := good
	broken.Sources = []runbook.Source{{Path: "x.toml", Text: "shodo = 1\n"}}
	broken.SHA256 = SourcesSHA256(broken.Sources)
	tests := []struct {
		name   string
		events []Event
		ok     bool
	}{
		{"good", []Event{ev(1, t0, "a", good)}, true},
		{"no events", nil, false},
		{"not an opening", []Event{ev(1, t0, "a", NoteAdded{Text: "x"})}, false},
		{"sources changed", []Event{ev(1, t0, "a", tampered)}, false},
		{"runbook does not load", []Event{ev(1, t0, "a", broken)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := EmbeddedRunbook(tt.events)
			if tt.ok != (err == nil) || (err != nil && !errors.Is(err, ErrBadJournal)) {
				t.Fatalf("err %v; want ok=%v or ErrBadJournal", err, tt.ok)
			}
			if tt.ok && got.ID != rb.ID {
				t.Fatalf("rebuilt %q", got.ID)
			}
		})
	}
}

// briefSentence writes a sentence as its message name and parameters,
// `unknown-duty Duty="nope"`, the way tests compare them: ids are quoted
// when the sentence quotes them. The words are engine/export's.
func briefSentence(s Sentence) string {
	out := s.ID[strings.LastIndex(s.ID, ".")+1:]
	for _, a := range s.Args {
		v := a.Text
		switch a.Kind {
		case ArgQuoted:
			v = strconv.Quote(a.Text)
		case ArgNumber:
			v = strconv.FormatFloat(a.Number, 'f', -1, 64)
		}
		out += " " + a.Name + "=" + v
	}
	return out
}
