// Package watch follows an incident that another process is writing: a
// live, read-only view of its journal for `shodo watch`. It reads each
// record as it lands (journal.Follower, which verifies the chain and
// waits out a half-written tail), folds it into the incident's state, and
// says who is writing. It never takes the journal's lock and never writes.
package watch

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
)

// ErrReadOnly is returned for every command given to a watched incident:
// a watcher records nothing; the process holding the journal does.
var ErrReadOnly = errors.New("the incident is watched read-only here; its writer records")

// Watcher is one incident followed read-only. Its methods are safe for
// concurrent use.
type Watcher struct {
	dir string
	fol *journal.Follower

	mu sync.Mutex
	st *incident.State
}

// Open follows the incident in dir: it reads and verifies every record
// already there and rebuilds the incident's state from the runbook
// embedded on opening. A journal that is damaged before its end is
// refused, as `shodo resume` refuses it.
func Open(dir string) (*Watcher, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	fol, err := journal.Follow(dir)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	var events []incident.Event
	if _, err := fol.Next(func(r journal.Record) error {
		ev, err := incident.DecodeRecord(r)
		if err != nil {
			return err
		}
		events = append(events, ev)
		return nil
	}); err != nil {
		_ = fol.Close()
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	st, err := incident.Replay(events)
	if err != nil {
		_ = fol.Close()
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	return &Watcher{dir: dir, fol: fol, st: st}, nil
}

// Follow reads the records appended since the last call and folds them
// into the state; it returns how many there were. A broken chain or a
// journal file replaced under it is returned (journal.ErrCorrupt,
// journal.ErrChanged) by this and every later call; what was read before
// stays.
func (w *Watcher) Follow() (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	// The fold works on a copy: snapshots handed out by State never
	// change, and a record that fails to decode leaves the state as it
	// was.
	var st *incident.State
	n, err := w.fol.Next(func(r journal.Record) error {
		ev, err := incident.DecodeRecord(r)
		if err != nil {
			return err
		}
		if st == nil {
			st = w.st.Clone()
		}
		st.Apply(ev)
		return nil
	})
	if st != nil {
		w.st = st
	}
	if err != nil {
		return n, fmt.Errorf("watch %s: %w", w.dir, err)
	}
	return n, nil
}

// State returns a snapshot of the incident as read so far; it never
// changes afterwards.
func (w *Watcher) State() *incident.State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.st.Clone()
}

// Now is the incident's time as a watcher can know it, given the wall
// clock: the wall clock for an incident; for a drill, the scenario time of
// its last record, since the scenario clock runs in the writer's process
// and only its records say where it stands.
func (w *Watcher) Now(wall time.Time) time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.st.Drill == nil || len(w.st.Events) == 0 {
		return wall
	}
	return w.st.Events[len(w.st.Events)-1].Time
}

// Writer says who holds the incident open for writing now, if anyone (see
// journal.Follower.Writer).
func (w *Watcher) Writer() (journal.Holder, bool) { return w.fol.Writer() }

// Dir is the incident's directory.
func (w *Watcher) Dir() string { return w.dir }

// Close stops following. Closing twice is a no-op.
func (w *Watcher) Close() error { return w.fol.Close() }
