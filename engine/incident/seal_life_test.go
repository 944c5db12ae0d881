package incident

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// The seal must mean something: a closed incident verifies only when its
// head seals its last close, and Resume re-seals what a crash leaves (no
// head yet, or the close alone unsealed) and nothing else.

// forge appends p to dir's journal through the journal itself, as someone
// editing it by hand and re-chaining would (the chain has no secret).
func forge(t *testing.T, dir string, at time.Time, p Payload) {
	t.Helper()
	j, err := journal.Config{Now: func() time.Time { return at }}.Open(dir, func(journal.Record) error { return nil })
	must(t, err)
	data, err := encodePayload(p)
	must(t, err)
	_, err = j.Append(journal.Entry{At: at, Actor: "mallory", Type: p.EventType(), Data: data})
	must(t, err)
	must(t, j.Close())
}

// failingSealer seals with the installation key under home, except on the
// calls listed in fail (1-based), which fail as an absent agent would.
func failingSealer(home string, fail ...int) Sealer {
	calls := 0
	return SealerFunc(func() (ssh.Signer, func() error, error) {
		calls++
		for _, n := range fail {
			if calls == n {
				return nil, nil, errors.New("no agent")
			}
		}
		return LocalSealer(home).SealKey()
	})
}

// closeLife closes an incident opened with openLife, its duties handed over.
func closeLife(t *testing.T, s *Session, clock *testkit.Clock) {
	t.Helper()
	must(t, s.HandOver("alice", "vendor-call", "Ops", "OPS-1"))
	must(t, s.HandOver("alice", "status-update", "Ops", "OPS-1"))
	clock.Advance(time.Hour)
	must(t, s.Close("alice", "Done."))
}

func headSeq(t *testing.T, dir string) uint64 {
	t.Helper()
	h, err := journal.ReadHead(filepath.Join(dir, journal.HeadFile))
	must(t, err)
	return h.Seq
}

func TestSealCoversTheLastClose(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// after runs on the closed incident (head sealed at its close).
		after func(t *testing.T, dir string, clock *testkit.Clock)
		// resumeErr is what Resume returns afterwards (nil: it resumes).
		resumeErr error
		// resealed says whether the resume moves the head to the last record.
		resealed bool
		// breakKind is what verify finds afterwards ("" none).
		breakKind journal.Kind
	}{
		{
			name:     "closed and sealed",
			after:    func(*testing.T, string, *testkit.Clock) {},
			resealed: true,
		},
		{
			name: "a forged reopen, record and close after the sealed close",
			after: func(t *testing.T, dir string, clock *testkit.Clock) {
				at := clock.Now().Add(time.Minute)
				forge(t, dir, at, IncidentReopened{Reason: "x"})
				forge(t, dir, at, NoteAdded{Text: "this never happened"})
				forge(t, dir, at, IncidentClosed{Summary: "forged"})
			},
			resumeErr: ErrUnsealed,
			breakKind: KindCloseNotSealed,
		},
		{
			name: "a forged reopen and close, the head deleted",
			after: func(t *testing.T, dir string, clock *testkit.Clock) {
				at := clock.Now().Add(time.Minute)
				forge(t, dir, at, IncidentReopened{Reason: "x"})
				forge(t, dir, at, IncidentClosed{Summary: "forged"})
				must(t, os.Remove(filepath.Join(dir, journal.HeadFile)))
			},
			resumeErr: ErrUnsealed,
			breakKind: KindNoHead,
		},
		{
			name: "a crash before the first seal leaves no head",
			after: func(t *testing.T, dir string, _ *testkit.Clock) {
				must(t, os.Remove(filepath.Join(dir, journal.HeadFile)))
			},
			resealed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openLife(t, clock)
			closeLife(t, s, clock)
			tt.after(t, s.Dir(), clock)
			if tt.breakKind != "" {
				if _, life := verifyLife(t, s.Dir(), ""); life.Break == nil || life.Break.Kind != tt.breakKind {
					t.Errorf("verify before resuming: break %+v, want %s", life.Break, tt.breakKind)
				}
			}
			r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
			if !errors.Is(err, tt.resumeErr) {
				t.Fatalf("resume: %v, want %v", err, tt.resumeErr)
			}
			var ref *Refusal
			if err != nil && (!errors.As(err, &ref) || ref.Reason.ID == "") {
				t.Errorf("resume refused without a sentence to word: %v", err)
			}
			if r != nil {
				must(t, r.Detach())
				if last := r.State().LastSeq; tt.resealed && headSeq(t, s.Dir()) != last {
					t.Errorf("head seals seq %d after resume, journal ends at %d", headSeq(t, s.Dir()), last)
				}
			}
			if _, life := verifyLife(t, s.Dir(), ""); (life.Break == nil) != (tt.breakKind == "") ||
				(life.Break != nil && life.Break.Kind != tt.breakKind) {
				t.Errorf("verify after resuming: break %+v, want %q", life.Break, tt.breakKind)
			}
		})
	}
}

// A reopened incident closed again, the seal of that close lost to a crash
// (the agent went away), is mended by the next resume: the head sealed
// just before the close leaves the close alone unsealed.
func TestResumeSealsAReopenedCloseACrashLeft(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	closeLife(t, s, clock)
	home := filepath.Dir(filepath.Dir(s.Dir()))
	// Calls: 1 resume (nothing to seal: not called), then the pre-close
	// seal, then the close's own seal, which fails.
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock, Sealer: failingSealer(home, 2)})
	must(t, err)
	must(t, r.Reopen("alice", "it came back"))
	must(t, r.Note("alice", "restarted the vendor link"))
	if err := r.Close("alice", "Done again."); err == nil {
		t.Fatal("close with a failing seal: no error")
	}
	must(t, r.Detach())
	if _, life := verifyLife(t, s.Dir(), ""); life.Break == nil || life.Break.Kind != KindCloseNotSealed {
		t.Errorf("verify after the crash: %+v, want %s", life.Break, KindCloseNotSealed)
	}
	again, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	must(t, again.Detach())
	if last := again.State().LastSeq; headSeq(t, s.Dir()) != last {
		t.Errorf("head seals seq %d, journal ends at %d", headSeq(t, s.Dir()), last)
	}
	if _, life := verifyLife(t, s.Dir(), ""); life.Break != nil {
		t.Errorf("verify after the resume: %+v", life.Break)
	}
}
