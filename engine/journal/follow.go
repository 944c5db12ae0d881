package journal

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Follower reads a journal that another process may be appending to,
// without taking its lock: the read-only side of the one-writer rule
// (`shodo watch`). Each record is verified against the chain as it
// arrives, exactly as Open verifies it. What a writer leaves half-written
// is waited for, not reported: a line without its newline yet (a write in
// progress, or the torn tail of a writer killed mid-write, which the next
// writer quarantines and cuts off), and a complete final line that does
// not verify (likewise quarantined by the next writer). Damage anywhere
// else is reported once, as a *CorruptError, and nothing after it is
// read.
//
// A Follower is safe for concurrent use; its reads are serialised.
type Follower struct {
	dir  string
	path string

	mu       sync.Mutex
	f        *os.File
	end      int64 // offset just after the last verified record
	lines    int   // verified records (one per line)
	seq      uint64
	hash     [sha256.Size]byte
	incident string
	failed   error // the first break or change found; sticky
	closed   bool
}

// Follow opens the journal in dir for following. It reads nothing yet:
// the first Next reads every record already there.
func Follow(dir string) (*Follower, error) {
	path := filepath.Join(dir, JournalFile)
	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("follow journal: %w", err)
	}
	return &Follower{dir: dir, path: path, f: f}, nil
}

// Next reads the records appended since the last call (every record, the
// first time), verifies each and passes it to visit in order. It returns
// how many it passed. A half-written tail is left for a later call. A
// broken chain returns a *CorruptError; a journal file replaced, deleted
// or cut back below what was already read returns an error wrapping
// ErrChanged; both are returned again by every later call. An error from
// visit stops Next and is returned; the record it refused is read again
// by the next call.
func (fl *Follower) Next(visit func(Record) error) (int, error) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	switch {
	case fl.closed:
		return 0, fmt.Errorf("follow %s: %w", fl.path, ErrClosed)
	case fl.failed != nil:
		return 0, fl.failed
	}
	size, err := fl.size()
	if err != nil {
		fl.failed = err
		return 0, err
	}
	lr := lineReader{r: bufio.NewReaderSize(io.NewSectionReader(fl.f, fl.end, size-fl.end), 16<<10)}
	var (
		n   int
		bad *Break // a complete line that does not verify: waited for while it is the last
	)
	for {
		ln, err := lr.next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("follow %s: read line %d: %w", fl.path, fl.lines+1, err)
		}
		if bad != nil {
			// Something follows the line that did not verify: it was
			// no write in progress.
			bad.Follow = 1
			fl.failed = &CorruptError{Path: fl.path, Break: *bad}
			return n, fl.failed
		}
		if !ln.complete {
			return n, nil // a write in progress, or a torn tail: wait
		}
		want := fl.seq + 1
		var (
			rec Record
			h   [sha256.Size]byte
			le  *lineError
		)
		if ln.tooLong {
			le = badJSON("too-long", fmt.Sprintf("line is longer than %d bytes", MaxLineBytes), "Max", MaxLineBytes)
		} else {
			rec, h, le = parseLine(ln.bytes[:len(ln.bytes)-1], want, fl.hash)
		}
		if le != nil {
			bad = &Break{Line: fl.lines + 1, Seq: want, Kind: le.kind, Why: le.why, Args: le.args, Detail: le.detail, Offset: fl.end}
			continue
		}
		if err := visit(rec); err != nil {
			return n, err
		}
		n++
		fl.lines++
		fl.seq, fl.hash = rec.Seq, h
		fl.end += ln.n
		if rec.Seq == 1 {
			fl.incident = rec.Incident
		}
	}
}

// size checks that the journal file is still the one being followed and
// has not been cut back below what was read, and returns its size.
func (fl *Follower) size() (int64, error) {
	held, err := fl.f.Stat()
	if err != nil {
		return 0, fmt.Errorf("follow %s: %w", fl.path, bare(err))
	}
	named, err := os.Lstat(fl.path)
	switch {
	case err != nil:
		return 0, fmt.Errorf("follow %s: %w: %w", fl.path, ErrChanged, bare(err))
	case !os.SameFile(held, named):
		return 0, fmt.Errorf("follow %s: %w: replaced by another file", fl.path, ErrChanged)
	case held.Size() < fl.end:
		return 0, fmt.Errorf("follow %s: %w: cut back from %d to %d bytes, below records already shown", fl.path, ErrChanged, fl.end, held.Size())
	}
	return held.Size(), nil
}

// Incident is the incident the journal is bound to, once the first record
// has been read; "" before.
func (fl *Follower) Incident() string {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	return fl.incident
}

// LastSeq is the seq of the last record read.
func (fl *Follower) LastSeq() uint64 {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	return fl.seq
}

// Writer says who holds the journal open for writing now, if anyone. Where
// the kernel lists its locks (Linux), the answer is the lock's: a holder
// file left by a writer that quit or was killed names no one. Elsewhere
// the holder file is all there is, and it may name a writer that has gone.
func (fl *Follower) Writer() (Holder, bool) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.closed {
		return Holder{}, false
	}
	h, err := readHolder(fl.dir)
	if !locksListed {
		return h, err == nil && h.PID > 0
	}
	k, held := lockHolder(fl.f)
	switch {
	case !held:
		return Holder{}, false
	case err == nil && h.PID == k.PID:
		return h, true // the holder file is the writer's own, with its actor
	}
	return k, true
}

// Close closes the journal file. Closing twice is a no-op.
func (fl *Follower) Close() error {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.closed {
		return nil
	}
	fl.closed = true
	if err := fl.f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", fl.path, err)
	}
	return nil
}
