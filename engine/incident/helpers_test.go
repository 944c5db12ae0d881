package incident

import (
	"bytes"

	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// t0 is the opening time of most tests: a Wednesday morning in Tokyo.
var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

const fixtureDir = "../../testdata/incident"

// loadFixture loads a runbook from testdata/incident.
func loadFixture(t testing.TB, name string) *runbook.Runbook {
	t.Helper()
	rb, diags := runbook.LoadFile(filepath.Join(fixtureDir, name), runbook.Options{})
	if rb == nil {
		t.Fatalf("load %s:\n%v", name, diags)
	}
	return rb
}

// memJournal is an in-memory appender. After failAfter successful appends
// (when failAfter > 0) it poisons itself, as a failed fsync does.
type memJournal struct {
	mu        sync.Mutex
	records   []journal.Record
	failAfter int
	poison    error
	// refuse, while set, fails every append without poisoning, as a write
	// on a full disk does (the journal truncates it back; a later append
	// can succeed).
	refuse error
	sealed int
	closed bool
}

func (m *memJournal) Append(e journal.Entry) (journal.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.closed:
		return journal.Record{}, journal.ErrClosed
	case m.poison != nil:
		return journal.Record{}, m.poison
	case m.refuse != nil:
		return journal.Record{}, m.refuse
	case m.failAfter > 0 && len(m.records) >= m.failAfter:
		m.poison = fmt.Errorf("%w: fake fsync failure", journal.ErrPoisoned)
		return journal.Record{}, m.poison
	}
	var data bytes.Buffer
	if err := json.Compact(&data, e.Data); err != nil {
		return journal.Record{}, err
	}
	seq := uint64(len(m.records) + 1)
	r := journal.Record{Seq: seq, ID: fmt.Sprintf("id-%d", seq), At: e.At.Round(0), Actor: e.Actor, Type: e.Type, Sim: e.Sim, Data: data.Bytes()}
	m.records = append(m.records, r)
	return r, nil
}

func (m *memJournal) Seal(ssh.Signer) (journal.Head, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sealed++
	return journal.Head{}, nil
}

func (m *memJournal) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

// events decodes every record appended so far.
func (m *memJournal) events(t testing.TB) []Event {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Event, 0, len(m.records))
	for _, r := range m.records {
		ev, err := DecodeRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

// openMem opens an incident on rb with an in-memory journal; empty Home
// and Actor get defaults.
func openMem(t testing.TB, rb *runbook.Runbook, opt OpenOptions, mj *memJournal) *Session {
	t.Helper()
	if opt.Home == "" {
		opt.Home = t.TempDir()
	}
	if opt.Actor == "" {
		opt.Actor = "alice"
	}
	s, err := open(rb, opt, func(_, _ string, first journal.Entry) (appender, journal.Record, error) {
		r, err := mj.Append(first)
		return mj, r, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// digest renders a state for comparison: every exported field, with the
// runbook left out (a replay rebuilds it, so its pointers differ).
func digest(t testing.TB, st *State) string {
	t.Helper()
	c := st.Clone()
	c.Runbook = nil
	for i := range c.Duties {
		c.Duties[i].Spec = nil
	}
	b, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstDiff shows where two digests part, for readable failures.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-8)
			return fmt.Sprintf("line %d:\n--- got\n%s\n--- want\n%s", i+1, strings.Join(al[lo:min(len(al), i+3)], "\n"), strings.Join(bl[lo:min(len(bl), i+3)], "\n"))
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}

// types lists the event types after seq from.
func types(st *State, from uint64) []string {
	var out []string
	for _, e := range st.Events {
		if e.Seq > from {
			out = append(out, e.Type+" "+subject(e.Data))
		}
	}
	return out
}

// subject names what an event is about, for compact assertions.
func subject(p Payload) string {
	switch p := p.(type) {
	case TriageAnswered:
		return p.Node + "/" + p.Option
	case TriageRevised:
		return p.Node
	case VerdictReached:
		return p.Verdict
	case MilestoneStamped:
		return p.Milestone
	case DutyStarted:
		return p.Duty + " on " + p.Trigger
	case DutyDone:
		return p.Duty
	case DutyAttempted:
		return p.Duty
	case DutyOverdue:
		return p.Duty
	case DutyWaived:
		return p.Duty
	case DutyCancelled:
		return p.Duty
	case DutyWithdrawn:
		return p.Duty
	case DutyReturned:
		return p.Duty
	case RoleAssigned:
		return p.Role
	}
	return ""
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v; want %v", err, target)
	}
}

// waiveAll waives every running duty, so that a test may close the
// incident: a close is refused while a duty is undecided.
func waiveAll(t testing.TB, s *Session, actor string) {
	t.Helper()
	for _, d := range s.State().Duties {
		if d.Status == StatusRunning {
			must(t, s.Waive(actor, d.ID, "closing the test incident"))
		}
	}
}

// handOverAll hands every running duty over, so that a test incident may
// close (a close is held while a running duty is undecided).
func handOverAll(t testing.TB, s *Session, actor string) {
	t.Helper()
	for _, d := range s.State().Duties {
		if d.Status == StatusRunning {
			must(t, s.HandOver(actor, d.ID, "Operations", "OPS-1"))
		}
	}
}
