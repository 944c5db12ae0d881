package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
)

// ErrUnverified is returned by Read for a journal that fails verification:
// an export must never present a tampered or broken record as the truth.
var ErrUnverified = errors.New("journal does not verify")

// minRecordBytes is about the shortest journal line a real event makes
// (an empty one takes 185 bytes: seq, id, time, type and hash). maxPresized
// caps what a file's size alone can make Read reserve (about 140 MB).
const (
	minRecordBytes = 200
	maxPresized    = 1 << 20
)

// Read replays the incident in dir read-only — without the lock, so an
// incident still open in another terminal can be exported — verifying the
// hash chain (and the signed head, when there is one) as it goes. A torn
// last line, the mark of a crash, is left out; any other break is an error
// wrapping ErrUnverified.
func Read(dir string) (Input, error) {
	// Sized from the file (a record takes 200 bytes or more) so that the
	// slice does not grow by copying: for a long incident the copies were
	// a quarter of the time to read it.
	var events []incident.Event
	if st, err := os.Stat(filepath.Join(dir, journal.JournalFile)); err == nil {
		events = make([]incident.Event, 0, min(st.Size()/minRecordBytes+1, maxPresized))
	}
	opt := journal.VerifyOptions{Visit: func(r journal.Record) error {
		ev, err := incident.DecodeRecord(r)
		if err != nil {
			return err
		}
		events = append(events, ev)
		return nil
	}}
	headPath := filepath.Join(dir, journal.HeadFile)
	if _, err := os.Stat(headPath); err == nil {
		opt.HeadPath = headPath
	}
	rep, err := journal.Verify(dir, opt)
	if err != nil {
		return Input{}, fmt.Errorf("read %s: %w", dir, err)
	}
	if !rep.OK() && !(rep.Recoverable() && rep.Break.Kind == journal.KindTornTail) {
		return Input{}, fmt.Errorf("%w: %s; run `shodo verify %s` for details", ErrUnverified, rep, dir)
	}
	st, err := incident.Replay(events)
	if err != nil {
		return Input{}, fmt.Errorf("read %s: %w", dir, err)
	}
	return Input{State: st, Records: rep.Records, Head: rep.Head, Sealed: rep.Sealed}, nil
}
