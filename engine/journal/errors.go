package journal

import (
	"errors"
	"fmt"
)

// ErrPoisoned is returned by every Append and Seal after an fsync of the
// journal failed. After a failed fsync the kernel may already have dropped
// the dirty pages, so a retry could report success for data that never
// reached the disk; the journal therefore never retries. What the file holds
// is unknown until it is read again: close the Journal and reopen the incident
// to re-scan it. The record whose fsync failed was not acknowledged, but may
// be found on disk after reopening.
var ErrPoisoned = errors.New("journal poisoned (reopen the incident to re-scan it)")

// ErrCorrupt is wrapped by Open when the journal fails verification anywhere
// other than a single final line, which is the only damage a crash can do.
// The error is a *CorruptError locating the first break; the file is left
// untouched for `shodo verify` and a person to examine.
var ErrCorrupt = errors.New("journal is corrupt")

// ErrLocked is wrapped by Create and Open when another Journal, in this or
// another process, holds the incident open. The error is a *LockedError
// naming the process.
var ErrLocked = errors.New("journal is locked")

// ErrEmpty is wrapped by Open when the journal holds no complete record: its
// creation never finished, so nothing in it was ever acknowledged.
var ErrEmpty = errors.New("journal has no complete record")

// ErrClosed is returned by Append and Seal on a closed Journal.
var ErrClosed = errors.New("journal is closed")

// CorruptError locates the first break in a journal that Open refuses.
type CorruptError struct {
	Path  string // the journal file
	Break Break  // the first break found
}

// Error says where the journal breaks and points to `shodo verify`.
func (e *CorruptError) Error() string {
	b := e.Break
	msg := fmt.Sprintf("journal %s is corrupt at line %d (seq %d): %s", e.Path, b.Line, b.Seq, b.Kind)
	if b.Detail != "" {
		msg += ": " + b.Detail
	}
	return fmt.Sprintf("%s; %d records follow; run `shodo verify` on it for a full report", msg, b.Follow)
}

// Unwrap makes errors.Is(err, ErrCorrupt) hold.
func (e *CorruptError) Unwrap() error { return ErrCorrupt }

// LockedError names the process holding an incident open.
type LockedError struct {
	Incident string
	PID      int // 0 when the lock file does not (yet) name its holder
}

// Error reads "incident INC-… is open in process N".
func (e *LockedError) Error() string {
	if e.PID <= 0 {
		return fmt.Sprintf("incident %s is open in another process", e.Incident)
	}
	return fmt.Sprintf("incident %s is open in process %d", e.Incident, e.PID)
}

// Unwrap makes errors.Is(err, ErrLocked) hold.
func (e *LockedError) Unwrap() error { return ErrLocked }
