package incident

import (
	"math/rand"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// benchEvents drives a session with random but valid commands until its
// journal holds n events: answers and revisions through the triage cycle,
// duty progress, notes, assignments and clock ticks. Seeded, so every run
// folds the same sequence.
func benchEvents(b *testing.B, rb *runbook.Runbook, n int) []Event {
	b.Helper()
	rnd := rand.New(rand.NewSource(1))
	clock := testkit.NewClock(t0)
	mj := &memJournal{}
	s := openMem(b, rb, OpenOptions{Clock: clock}, mj)
	for len(mj.records) < n {
		st := s.state // read-only peek; the session is used by this goroutine only
		clock.Advance(time.Duration(rnd.Intn(600)) * time.Second)
		var running []string
		for _, d := range st.Duties {
			if d.Status == StatusRunning {
				running = append(running, d.ID)
			}
		}
		var err error
		switch op := rnd.Intn(10); {
		case op < 3 && st.Node != "":
			opts := st.ix.nodes[st.Node].Options
			err = s.Answer("alice", st.Node, opts[rnd.Intn(len(opts))].ID)
		case op < 4 && len(st.standing) > 0:
			err = s.Revise("bob", st.Path[st.standing[rnd.Intn(len(st.standing))]].Node)
		case op < 6 && len(running) > 0:
			id := running[rnd.Intn(len(running))]
			means := ""
			if ms := rb.AcceptedMeans(st.Duty(id).Spec); len(ms) > 0 {
				means = ms[0]
			}
			if rnd.Intn(3) == 0 {
				err = s.DutyDone("alice", id, means, "")
			} else {
				err = s.DutyAttempted("alice", id, means, "no answer")
			}
		case op < 7:
			err = s.Assign("bob", "scribe", "Carol")
		case op < 8 && st.Verdict != nil:
			err = s.Revise("bob", "symptom")
		default:
			err = s.Note("alice", "checked the logs again")
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return mj.events(b)[:n]
}

func BenchmarkFold(b *testing.B) {
	rb := loadFixture(b, "triggers.toml")
	events := benchEvents(b, rb, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		st := Fold(rb, events)
		if len(st.Problems) > 0 || st.LastSeq != uint64(len(events)) {
			b.Fatalf("fold: %d problems, last seq %d", len(st.Problems), st.LastSeq)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(events)), "ns/event")
}
