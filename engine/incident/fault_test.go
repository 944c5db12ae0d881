package incident

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"syscall"
	"testing"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// An append's error is classified from its chain: the journal's and its
// disk's own failures concern everyone on the incident; a command's own
// failure concerns whoever asked.
func TestFaultOf(t *testing.T) {
	t.Parallel()
	write := func(errno syscall.Errno) error {
		return fmt.Errorf("record note.added: append seq 9 to timeline.jsonl: not recorded: %w", &fs.PathError{Op: "write", Path: "timeline.jsonl", Err: errno})
	}
	for _, tc := range []struct {
		name  string
		err   error
		cause FaultCause
		ok    bool
	}{
		{"nothing", nil, "", false},
		{"disk full", write(syscall.ENOSPC), FaultDiskFull, true},
		{"quota", write(syscall.EDQUOT), FaultQuota, true},
		{"input/output", write(syscall.EIO), FaultIO, true},
		{"read-only", write(syscall.EROFS), FaultReadOnly, true},
		{"fsync of a full disk", fmt.Errorf("%w: fsync of seq 9 failed: %w", journal.ErrPoisoned, syscall.ENOSPC), FaultDiskFull, true},
		{"poisoned, no errno", fmt.Errorf("append: %w", journal.ErrPoisoned), FaultPoisoned, true},
		{"fenced", fmt.Errorf("%w: %w: timeline.jsonl was deleted while open", journal.ErrPoisoned, journal.ErrChanged), FaultFenced, true},
		{"a refusal", refuse(ErrDutyNotRunning, "duty is not running", "duty-not-running"), "", false},
		{"too large", errors.New("entry is 70000 bytes encoded, more than 65536"), "", false},
		{"permission", write(syscall.EACCES), "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cause, ok := FaultOf(tc.err)
			if cause != tc.cause || ok != tc.ok {
				t.Errorf("FaultOf(%v) = %q, %v; want %q, %v", tc.err, cause, ok, tc.cause, tc.ok)
			}
		})
	}
}

// faultSwitch is a journal write fault a test turns on and off.
type faultSwitch struct {
	mu  sync.Mutex
	err error
}

func (f *faultSwitch) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

func (f *faultSwitch) write() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// told is what a FaultHook was told.
type told struct {
	faulted bool
	cause   FaultCause
}

// A disk that fills under a session: the command that meets it is not
// recorded and the hook is told once, whatever else fails the same way;
// the state never moves past what is on disk; the first append that
// succeeds again clears the fault, and the hook is told that once too.
func TestSessionFaultIsToldOnceAndClears(t *testing.T) {
	t.Parallel()
	var disk faultSwitch
	var (
		mu   sync.Mutex
		hook []told
	)
	s, err := Open(loadFixture(t, "triggers.toml"), OpenOptions{
		Home: t.TempDir(), Actor: "alice", Clock: testkit.NewClock(t0), WriteFault: disk.write,
		OnFault: func(dir string, f Fault, faulted bool) {
			mu.Lock()
			defer mu.Unlock()
			hook = append(hook, told{faulted, f.Cause})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Detach()
	must(t, s.Note("alice", "before the disk filled"))
	before := s.State()

	disk.set(syscall.ENOSPC)
	for _, text := range []string{"lost one", "lost two"} {
		if err := s.Note("bob", text); !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("a note on a full disk: %v", err)
		}
	}
	f, ok := s.Fault()
	if !ok || f.Cause != FaultDiskFull || !f.LastRecorded.Equal(before.Events[len(before.Events)-1].At) {
		t.Fatalf("Fault() = %+v, %v; want disk-full since the last record", f, ok)
	}
	if got := s.State(); got.LastSeq != before.LastSeq {
		t.Fatalf("the state moved on a full disk: seq %d, want %d", got.LastSeq, before.LastSeq)
	}

	disk.set(nil)
	must(t, s.Note("bob", "after the space was freed"))
	if _, ok := s.Fault(); ok {
		t.Error("the fault stayed after an append succeeded")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []told{{true, FaultDiskFull}, {false, ""}}
	if fmt.Sprint(hook) != fmt.Sprint(want) {
		t.Errorf("the hook was told %v, want %v", hook, want)
	}
}
