package incident

import (
	"errors"
	"syscall"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
)

// FaultCause says why the journal takes no record, when the reason is the
// journal's or its disk's and so concerns everyone on the incident, not the
// command that met it: every other command would fail the same way.
type FaultCause string

// The causes FaultOf recognises in an append's error chain.
const (
	// FaultDiskFull: the file system has no space left (ENOSPC).
	FaultDiskFull FaultCause = "disk-full"
	// FaultQuota: the writer's disk quota is used up (EDQUOT).
	FaultQuota FaultCause = "quota"
	// FaultIO: the disk reported an input/output error (EIO).
	FaultIO FaultCause = "io"
	// FaultReadOnly: the file system was remounted read-only (EROFS).
	FaultReadOnly FaultCause = "read-only"
	// FaultFenced: the journal file is no longer the one this writer
	// holds (moved, replaced, deleted or written by someone else,
	// journal.ErrChanged), so its lock no longer guards it.
	FaultFenced FaultCause = "fenced"
	// FaultPoisoned: an fsync failed for a reason not named above and the
	// journal takes nothing more until the incident is resumed
	// (journal.ErrPoisoned).
	FaultPoisoned FaultCause = "poisoned"
)

// FaultOf classifies an append's error. ok is false for an error that is
// the command's own (a refusal, a record too large): that one concerns
// only whoever asked.
func FaultOf(err error) (cause FaultCause, ok bool) {
	switch {
	case err == nil:
		return "", false
	case errors.Is(err, journal.ErrChanged):
		// Checked first: a fenced journal is poisoned too, and the fence
		// is what a person must look at.
		return FaultFenced, true
	case errors.Is(err, syscall.ENOSPC):
		return FaultDiskFull, true
	case errors.Is(err, syscall.EDQUOT):
		return FaultQuota, true
	case errors.Is(err, syscall.EROFS):
		return FaultReadOnly, true
	case errors.Is(err, syscall.EIO):
		return FaultIO, true
	case errors.Is(err, journal.ErrPoisoned):
		return FaultPoisoned, true
	}
	return "", false
}

// Fault is why the incident's journal takes no record now (FaultOf), as
// its session last met it: every screen on the incident shows it until an
// append succeeds again.
type Fault struct {
	Cause FaultCause
	// Err is the failed append's error, for what the operating system
	// said ("no space left on device").
	Err error
	// LastRecorded is the recorded time of the last event on disk: nothing
	// after it is recorded.
	LastRecorded time.Time
	// LastSeq is the seq of that event: a screen whose state holds a
	// later one knows the journal takes records again.
	LastSeq uint64
}

// Fault reports why the journal takes no record now; ok is false while it
// does (or no append has failed).
func (s *Session) Fault() (f Fault, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault == nil {
		return Fault{}, false
	}
	return *s.fault, true
}

// noteAppend keeps the session's fault up to date after an append: err is
// its error, nil once it succeeded. A change (a fault met, its cause
// changed, or the journal recording again) goes to the OnFault hook; s.mu
// is held.
func (s *Session) noteAppend(err error) {
	cause, faulted := FaultOf(err)
	switch {
	case err != nil && !faulted:
		return // the command's own failure: the journal is as it was
	case !faulted && s.fault == nil:
		return
	case faulted && s.fault != nil && s.fault.Cause == cause:
		s.fault.Err = err
		return
	}
	if faulted {
		s.fault = &Fault{Cause: cause, Err: err, LastRecorded: s.lastAt(), LastSeq: s.state.LastSeq}
	} else {
		s.fault = nil
	}
	if s.onFault != nil {
		var f Fault
		if s.fault != nil {
			f = *s.fault
		}
		s.onFault(s.dir, f, faulted)
	}
}
