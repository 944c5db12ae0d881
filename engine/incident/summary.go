package incident

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
)

// SummaryFile is the name of the per-incident summary, beside the journal.
// It is a cache of what listing needs, so that the home screen, `shodo
// list` and `shodo resume` do not replay every journal ever recorded. It
// is never trusted over the journal: see readSummary.
const SummaryFile = "summary.json"

// summaryVersion is the version of the summary file's shape. A file of
// another version is rebuilt from its journal, never read.
// Version 2 added the ending and the follow-ups: a version 1 file lacks
// them, and is never read as "none": it is upgraded from its journal's
// last line where that says all (upgradeSummary), rebuilt otherwise.
const summaryVersion = 2

// Rebuild says why List read an incident's journal in full instead of
// trusting its summary file; empty when the summary was used.
type Rebuild string

// The reasons a summary is rebuilt from its journal.
const (
	// RebuildMissing: there is no summary file (the journal was written by
	// an older build, or the summary was deleted).
	RebuildMissing Rebuild = "missing"
	// RebuildUnreadable: the file is not a summary this build reads (not
	// JSON, another version, cut short).
	RebuildUnreadable Rebuild = "unreadable"
	// RebuildStale: the summary does not describe the journal as it is now:
	// the journal has grown or changed since (an older build appended to
	// it, or it was edited), or the summary is another journal's.
	RebuildStale Rebuild = "stale"
)

// summaryRecord is summary.json: everything List shows of an incident, and
// what pins it to the journal it was written from (the journal's size and
// modification and change times, and its last record's seq, hash and
// type, which List checks against the file's last line).
type summaryRecord struct {
	Version      int       `json:"version"`
	Incident     string    `json:"incident"`
	UUID         string    `json:"uuid"`
	Runbook      string    `json:"runbook"`
	RunbookTitle string    `json:"runbook_title"`
	Name         string    `json:"name,omitempty"`
	Opened       time.Time `json:"opened"`
	Drill        string    `json:"drill,omitempty"`
	Phase        Phase     `json:"phase"`
	Verdict      string    `json:"verdict,omitempty"`
	VerdictTitle string    `json:"verdict_title,omitempty"`
	NextDue      time.Time `json:"next_due,omitzero"`
	NextDuty     string    `json:"next_duty,omitempty"`
	Running      int       `json:"running"`
	Overdue      int       `json:"overdue"`
	Ending       string    `json:"ending,omitempty"`
	EndingOf     string    `json:"ending_of,omitempty"`
	FollowUps    int       `json:"follow_ups"`
	FollowUpDue  time.Time `json:"follow_up_due,omitzero"`
	FollowUpDuty string    `json:"follow_up_duty,omitempty"`
	Events       int       `json:"events"`
	LastSeq      uint64    `json:"last_seq"`
	LastHash     string    `json:"last_hash"`
	LastType     string    `json:"last_type"`
	JournalSize  int64     `json:"journal_size"`
	JournalMtime int64     `json:"journal_mtime_ns"`
	JournalCtime int64     `json:"journal_ctime_ns,omitempty"`
}

// summaryOf is what a folded state says for listing; the fields that pin
// it to the journal file are filled by the caller.
func summaryOf(st *State) summaryRecord {
	r := summaryRecord{
		Version:  summaryVersion,
		Incident: st.ID,
		UUID:     st.UUID,
		Opened:   st.Opened,
		Phase:    st.Phase(),
		Events:   len(st.Events),
		LastSeq:  st.LastSeq,
	}
	if st.Runbook != nil {
		r.Runbook, r.RunbookTitle = st.Runbook.ID, st.Runbook.Title
	}
	if len(st.Events) > 0 {
		if op, ok := st.Events[0].Data.(IncidentOpened); ok {
			// The title recorded at opening, as the decode-only read sees it.
			r.Runbook, r.RunbookTitle = op.Runbook, op.Title
			if op.Opened.IsZero() {
				r.Opened = st.Events[0].At
			}
		}
		r.LastType = st.Events[len(st.Events)-1].Type
	}
	// The incident's own title, from its opening (empty when none was
	// given, and in journals written before titles).
	r.Name = st.Name
	if st.Drill != nil {
		r.Drill = st.Drill.Scenario
		// A drill opened without a title of its own is listed by its
		// scenario's, as its screen shows it: its runbook's would make
		// every drill on a runbook read alike.
		r.Name = cmp.Or(r.Name, st.Drill.Title)
	}
	if st.Verdict != nil {
		r.Verdict, r.VerdictTitle = st.Verdict.ID, st.Verdict.Title
	}
	if st.Ending != nil {
		r.Ending, r.EndingOf = st.Ending.Code, st.Ending.Of
	}
	if st.Closed {
		return r // nothing runs or falls due after closing
	}
	if r.Phase == PhaseResolved {
		r.FollowUps, r.FollowUpDue, r.FollowUpDuty = followUps(st)
	}
	for i := range st.Duties {
		d := &st.Duties[i]
		if d.Status != StatusRunning {
			continue
		}
		r.Running++
		if d.CountsOverdue(time.Time{}) {
			r.Overdue++
			continue
		}
		if d.Paused || d.Due.IsZero() {
			continue
		}
		if r.NextDue.IsZero() || d.Due.Before(r.NextDue) {
			r.NextDue, r.NextDuty = d.Due, d.ID
		}
	}
	return r
}

// summary turns the stored record into what List returns.
func (r summaryRecord) summary(dir string) Summary {
	return Summary{
		ID: r.Incident, UUID: r.UUID, Dir: dir, Runbook: r.Runbook, Title: r.RunbookTitle, Name: r.Name,
		Opened: r.Opened, Drill: r.Drill, Verdict: r.Verdict, VerdictTitle: r.VerdictTitle,
		Closed: r.Phase == PhaseClosed, Phase: r.Phase, NextDue: r.NextDue, NextDuty: r.NextDuty,
		Running: r.Running, Overdue: r.Overdue, Ending: r.Ending, EndingOf: r.EndingOf,
		FollowUps: r.FollowUps, FollowUpDue: r.FollowUpDue, FollowUpDuty: r.FollowUpDuty,
		Events: r.Events, LastSeq: r.LastSeq,
	}
}

// writeSummary stores r as dir's summary, pinned to the journal file as it
// is now (its size, modification and change times) and to its last record.
func writeSummary(dir string, r summaryRecord, lastHash string) error {
	r, err := pinSummary(dir, r, lastHash)
	if err != nil {
		return err
	}
	return storeSummary(dir, r)
}

// pinSummary fills in what pins r to the journal file as it is now.
func pinSummary(dir string, r summaryRecord, lastHash string) (summaryRecord, error) {
	fi, err := os.Stat(filepath.Join(dir, journal.JournalFile))
	if err != nil {
		return r, fmt.Errorf("write summary: %w", err)
	}
	r.LastHash, r.JournalSize, r.JournalMtime, r.JournalCtime = lastHash, fi.Size(), fi.ModTime().UnixNano(), changeTime(fi)
	return r, nil
}

// storeSummary replaces dir's summary file with r atomically (rename), but
// does not fsync it: it is a cache, and a summary lost in a crash is
// rebuilt from the journal.
func storeSummary(dir string, r summaryRecord) error {
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	tmp, err := os.CreateTemp(dir, SummaryFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	_, werr := tmp.Write(append(data, '\n'))
	if err := errors.Join(werr, tmp.Close()); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write summary: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, SummaryFile)); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// maxSummaryBytes bounds the summary file read: a real one is well under
// a kilobyte, and an incident directory comes from elsewhere.
const maxSummaryBytes = 64 << 10

// readSummary returns dir's summary if, and only if, it still describes the
// journal: same size, modification and change time, and the journal's
// last line — read from the file's tail, without replaying anything —
// carries the seq, the hash and the type the summary says it does (a
// summary that says closed must end on the closing record, and one that
// says open must not). Anything else is a reason to rebuild. This is a
// cheap check, not a verification, but an edit that keeps the size and
// puts the modification time back still moves the change time, which
// only the kernel sets.
//
// It also returns the journal's identity as the check saw it, which the
// home's index records (see IndexDir).
func readSummary(dir string, buf *scratch) (summaryRecord, journalID, Rebuild) {
	raw, err := readSmall(filepath.Join(dir, SummaryFile), maxSummaryBytes, buf)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return summaryRecord{}, journalID{}, RebuildMissing
	case err != nil:
		return summaryRecord{}, journalID{}, RebuildUnreadable
	}
	var r summaryRecord
	if err := decodeSummary(raw, &r); err != nil || r.Version != summaryVersion && r.Version != 1 || r.Incident == "" || r.LastSeq == 0 {
		return summaryRecord{}, journalID{}, RebuildUnreadable
	}
	id, ok := tailAgrees(filepath.Join(dir, journal.JournalFile), r, buf)
	if !ok {
		return summaryRecord{}, journalID{}, RebuildStale
	}
	if r.Version == 1 && !upgradeSummary(&r, buf.tail, id.size) {
		return summaryRecord{}, journalID{}, RebuildUnreadable
	}
	if r.Version == 1 {
		r.Version = summaryVersion
		_ = storeSummary(dir, r) // the pins still hold: the journal is untouched
	}
	return r, id, ""
}

// upgradeSummary fills in what a version 1 summary lacks, where the
// journal's last line — which tailAgrees has just read into tail, the end
// of a journal of size bytes, and found to agree with r — is enough: an
// open incident has neither follow-ups (only a resolved one has) nor an
// ending (only a closed one has); a closed one's ending is on its closing
// record, which is that last line. A resolved incident's follow-ups need
// its duties: false, and it is rebuilt from its journal. Without this, the
// first listing after the upgrade would read every journal of the archive
// in full (about 2 ms each: 20 s at 10,000 incidents) for the ending of a
// few.
func upgradeSummary(r *summaryRecord, tail []byte, size int64) bool {
	switch r.Phase {
	case PhaseOpen:
		return true
	case PhaseClosed:
		line, _ := lastLine(tail, size)
		var closing struct {
			Type string         `json:"type"`
			Data IncidentClosed `json:"data"`
		}
		if line == nil || json.Unmarshal(line, &closing) != nil || closing.Type != TypeIncidentClosed {
			return false
		}
		r.Ending, r.EndingOf = closing.Data.Ending, closing.Data.Of
		return true
	}
	return false
}

// Reasons a listing read fails; each only means "rebuild".
var (
	errTooLarge   = errors.New("file too large for a summary")
	errNotRegular = errors.New("not a regular file")
	errShortRead  = errors.New("file shorter than its size")
)

// scratch holds the buffers one listing goroutine reads into, reused from
// incident to incident; what is read is used before the next read.
type scratch struct {
	summary, tail []byte
	// dir is the directory held open as dirfd (see openDir), "" when none.
	dir   string
	dirfd int
}

// grow returns b with room for n bytes.
func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// journalFacts is what listing reads of a journal file without replaying
// it: its size, times and last bytes.
type journalFacts struct {
	size, mtime, ctime int64
	ino, dev           uint64
	tail               []byte
}

// tailChunk is how much of a journal's end is read to find its last line;
// lastLineLimit bounds the second, longer read for a last line that does
// not fit (an opening embedding its runbook, a long note).
const (
	tailChunk     = 4 << 10
	lastLineLimit = 1 << 20
)

// tailAgrees checks the journal file at path against r: size and times,
// then its last line's seq, hash and type; with the journal's identity as
// the one fstat of the check saw it.
func tailAgrees(path string, r summaryRecord, buf *scratch) (journalID, bool) {
	for _, long := range []bool{false, true} {
		f, err := readTail(path, long, buf)
		if err != nil || f.size != r.JournalSize || f.mtime != r.JournalMtime || f.ctime != r.JournalCtime {
			return journalID{}, false
		}
		line, whole := lastLine(f.tail, f.size)
		if line == nil && !whole {
			return journalID{}, false // a torn tail: the journal needs its full read
		}
		if line == nil {
			continue // longer than the chunk: read more
		}
		seq, typ, hash, ok := lineKeys(line)
		if !ok {
			return journalID{}, false
		}
		closing := typ == TypeIncidentClosed
		id := journalID{size: f.size, mtime: f.mtime, ctime: f.ctime, ino: f.ino, dev: f.dev}
		return id, seq == r.LastSeq && hash == r.LastHash && typ == r.LastType && closing == (r.Phase == PhaseClosed)
	}
	return journalID{}, false
}

// lineKeys reads the seq, type and hash of a journal line as the journal
// writes it — {"seq":N,"id":…,"at":…,"actor":…,"type":"T",…,"h":"H"} —
// without decoding the rest, which may be long. Escaped characters in the
// type are left escaped: such a type then differs from the summary's, and
// the summary is rebuilt. Anything not in that shape is not ok.
func lineKeys(line []byte) (seq uint64, typ, hash string, ok bool) {
	rest, found := bytes.CutPrefix(line, []byte(`{"seq":`))
	if !found {
		return 0, "", "", false
	}
	i := bytes.IndexByte(rest, ',')
	if i <= 0 {
		return 0, "", "", false
	}
	seq, err := strconv.ParseUint(string(rest[:i]), 10, 64)
	if err != nil {
		return 0, "", "", false
	}
	// A string value holds no bare quote, so the first `,"type":"` is
	// the key, not text inside the actor.
	_, after, found := bytes.Cut(rest[i:], []byte(`,"type":"`))
	if !found {
		return 0, "", "", false
	}
	end := bytes.IndexByte(after, '"')
	if end < 0 {
		return 0, "", "", false
	}
	const hashTail = len(`,"h":"`) + 64 + len(`"}`)
	if len(line) < hashTail || !bytes.HasPrefix(line[len(line)-hashTail:], []byte(`,"h":"`)) || !bytes.HasSuffix(line, []byte(`"}`)) {
		return 0, "", "", false
	}
	return seq, string(after[:end]), string(line[len(line)-hashTail+len(`,"h":"`) : len(line)-2]), true
}

// lastLine finds the last complete line, without its newline, in tail,
// the last bytes of a file of size bytes. It returns nil and false when
// the file does not end in a newline (a torn tail), and nil and true when
// the line starts before tail does.
func lastLine(tail []byte, size int64) ([]byte, bool) {
	if len(tail) == 0 || tail[len(tail)-1] != '\n' {
		return nil, false
	}
	tail = tail[:len(tail)-1]
	if i := bytes.LastIndexByte(tail, '\n'); i >= 0 {
		return tail[i+1:], true
	}
	if int64(len(tail))+1 == size {
		return tail, true // the file is one line
	}
	return nil, true
}

// saveSummary hands the incident's summary, as the state stands after an
// append, to the session's summary writer; lastHash is the hash of the
// record just written. It is the session's one hook into the summary. The
// journal file is stat'ed here, so that the summary is pinned to exactly
// this record; the file itself is written off the append path. A failure
// to write it is not the append's failure: the journal holds what was
// recorded, and List rebuilds a missing or stale summary from it.
func (s *Session) saveSummary(lastHash string) {
	r, err := pinSummary(s.dir, summaryOf(s.state), lastHash)
	if err != nil {
		return
	}
	s.summary.save(r)
}

// summaryWriter writes a session's summary file off the append path: an
// append hands it the newest summary and returns at once; one goroutine
// writes the newest it holds, so a burst of appends (an answer that starts
// a dozen duties) is written once or twice, not a dozen times. Detaching
// the session waits for it (flush), so the file is current when the
// journal is let go.
type summaryWriter struct {
	dir     string
	mu      sync.Mutex
	pending *summaryRecord
	running bool
	wg      sync.WaitGroup
}

func newSummaryWriter(dir string) *summaryWriter { return &summaryWriter{dir: dir} }

// save hands r over to be written.
func (w *summaryWriter) save(r summaryRecord) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = &r
	if !w.running {
		w.running = true
		w.wg.Add(1)
		go w.drain()
	}
}

func (w *summaryWriter) drain() {
	defer w.wg.Done()
	for {
		w.mu.Lock()
		r := w.pending
		w.pending = nil
		if r == nil {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		_ = storeSummary(w.dir, *r)
	}
}

// flush waits until every summary handed over is written.
func (w *summaryWriter) flush() { w.wg.Wait() }
