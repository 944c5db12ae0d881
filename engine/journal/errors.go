package journal

import (
	"errors"
	"fmt"
	"strings"
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

// ErrChanged is wrapped, with ErrPoisoned, by an Append that found the
// journal file no longer as this writer left it: grown by another writer,
// replaced, moved or deleted. Nothing more is written; what the file holds
// is for `shodo verify` and a person to examine.
var ErrChanged = errors.New("journal file changed on disk by someone else")

// ErrNotRegular is wrapped when a file shodo would read or write in an
// incident directory is a symbolic link, a FIFO, a device or a directory:
// such a file in a received archive must not make shodo read or write
// elsewhere, or hang.
var ErrNotRegular = errors.New("not a regular file")

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

// LockedError names who holds an incident open.
type LockedError struct {
	Incident string
	Holder   Holder // zero fields when the holder file is missing or unreadable
}

// Error names the holder and warns against deleting the holder file, the
// reflex with a "stale lock": the lock is on the journal itself and is
// released the moment its holder exits, even by kill -9.
func (e *LockedError) Error() string {
	h := e.Holder
	who := "another process"
	if h.PID > 0 {
		who = fmt.Sprintf("process %d", h.PID)
	}
	var where []string
	if h.User != "" {
		where = append(where, "user "+h.User)
	}
	if h.Host != "" {
		where = append(where, "host "+h.Host)
	}
	if !h.Since.IsZero() {
		where = append(where, "since "+h.Since.Format("2006-01-02 15:04:05 MST"))
	}
	if len(where) > 0 {
		who += " (" + strings.Join(where, ", ") + ")"
	}
	return fmt.Sprintf("incident %s is open in %s; the lock is on the journal itself and ends when that process exits, so deleting %s changes nothing", e.Incident, who, LockFile)
}

// Unwrap makes errors.Is(err, ErrLocked) hold.
func (e *LockedError) Unwrap() error { return ErrLocked }
