package journal

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// File names inside an incident directory.
const (
	JournalFile = "timeline.jsonl"
	LockFile    = "timeline.lock"
	HeadFile    = "timeline.head"
)

// Entry is what a caller appends.
type Entry struct {
	At    time.Time       // wall-clock time of the event (caller's injected clock)
	Actor string          // who did it
	Type  string          // e.g. "triage.answered"
	Sim   string          // optional scenario time of a drill (opaque label, e.g. "17m5s"); omitted when empty
	Data  json.RawMessage // a JSON object (nil means {})
}

// Record is an entry as stored and verified. Records returned by Append are
// decoded from the line just written, so they equal what Open later replays.
type Record struct {
	Seq      uint64
	ID       string // UUIDv7
	At       time.Time
	Actor    string
	Type     string
	Incident string // set on seq 1 only: the incident id the chain is bound to
	Sim      string
	Data     json.RawMessage
	Hash     string // hex SHA-256
}

// Config holds what Create and Open take from outside. The zero value is
// ready to use; the package-level Create and Open use it.
type Config struct {
	// Now is the clock for the records and heads the journal writes on its
	// own (journal.recovered, Seal). Nil means time.Now.
	Now func() time.Time

	// Actor is who writes through this Journal, recorded in the holder
	// file so that `shodo watch` and a refused second writer can name
	// them; empty names no one.
	Actor string

	// Served is the address of the `shodo serve` that writes through
	// this Journal, recorded in the holder file (Holder.Served); empty
	// for a writer at its own terminal.
	Served string

	// WriteFault, when set, is asked before every append writes its
	// line: an error it returns fails the write as the file system's own
	// would (syscall.ENOSPC for a full disk), and nothing is written. It
	// lets tests fill or break the disk without one to fill; nil in
	// production.
	WriteFault func() error

	// rand feeds the random bits of record ids; nil means crypto/rand. Tests
	// set it to make lines reproducible.
	rand io.Reader
}

// Journal is one open, locked incident journal. Its methods are safe for
// concurrent use; appends are serialised.
type Journal struct {
	dir      string
	path     string
	incident string
	now      func() time.Time
	rand     io.Reader
	// writeFault is Config.WriteFault.
	writeFault func() error

	mu     sync.Mutex
	unlock func() error // releases the lock on the journal file
	f      storage
	// name is the path the file is reached by: the temporary name until
	// Create has written the first record, then path. Every append checks
	// that it still names the file this writer holds.
	name   string
	end    int64             // offset just after the last acknowledged record
	seq    uint64            // last acknowledged seq
	hash   [sha256.Size]byte // its hash
	poison error             // set once an fsync failed; wraps ErrPoisoned
	closed bool
}

// Create makes the incident directory dir (0700, which must not exist; its
// parents are created), locks it and durably writes first as seq 1, bound to
// incidentID. The journal file appears only once seq 1 is on disk, so a crash
// during Create never leaves a journal without its first record.
func Create(dir, incidentID string, first Entry) (*Journal, Record, error) {
	return Config{}.Create(dir, incidentID, first)
}

// Open locks and verifies the journal in dir, streaming every verified
// record to visit (which may be nil) in order. A single torn or corrupt final
// line is quarantined and a journal.recovered record, also passed to visit,
// says so. Any other break refuses the journal with a *CorruptError; visit
// may have seen the records before the break, so discard what it built
// when Open fails. An error from visit aborts Open and is returned.
func Open(dir string, visit func(Record) error) (*Journal, error) {
	return Config{}.Open(dir, visit)
}

// Create is the package-level Create with this configuration.
func (c Config) Create(dir, incidentID string, first Entry) (j *Journal, rec Record, err error) {
	if err := checkIncidentID(incidentID); err != nil {
		return nil, Record{}, fmt.Errorf("create journal %s: %w", dir, err)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, Record{}, fmt.Errorf("create journal: %w", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, Record{}, fmt.Errorf("create journal: %w", err)
	}
	defer func() {
		if err != nil {
			// The directory is ours and holds nothing acknowledged.
			_ = os.RemoveAll(dir)
		}
	}()
	if err := syncDir(parent); err != nil {
		return nil, Record{}, fmt.Errorf("create journal: %w", err)
	}
	path := filepath.Join(dir, JournalFile)
	tmp := path + ".new"
	f, err := openRegular(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, Record{}, fmt.Errorf("create journal %s: %w", path, bare(err))
	}
	unlock, err := acquireLock(dir, f, func() string { return incidentID }, c.clock(), c.Actor, c.Served)
	if err != nil {
		_ = f.Close()
		return nil, Record{}, fmt.Errorf("create journal: %w", err)
	}
	j = c.journal(dir, incidentID, unlock, f)
	j.name = tmp
	j.hash = chainSeed(incidentID)
	if rec, err = j.Append(first); err != nil {
		_ = j.Close()
		return nil, Record{}, fmt.Errorf("create journal %s: %w", path, err)
	}
	j.mu.Lock()
	err = os.Rename(tmp, path)
	if err == nil {
		j.name = path
	}
	j.mu.Unlock()
	if err != nil {
		_ = j.Close()
		return nil, Record{}, fmt.Errorf("create journal %s: %w", path, bare(err))
	}
	if err := syncDir(dir); err != nil {
		_ = j.Close()
		return nil, Record{}, fmt.Errorf("create journal: %w", err)
	}
	return j, rec, nil
}

// Open is the package-level Open with this configuration.
func (c Config) Open(dir string, visit func(Record) error) (j *Journal, err error) {
	path := filepath.Join(dir, JournalFile)
	f, err := openRegular(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	unlock, err := acquireLock(dir, f, func() string { return peekIncident(dir) }, c.clock(), c.Actor, c.Served)
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("open journal %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = unlock()
			_ = f.Close()
		}
	}()

	res, err := scan(f, visit)
	if err != nil {
		return nil, fmt.Errorf("open journal %s: %w", path, err)
	}
	if b := res.brk; b != nil {
		rep := Report{Records: res.records, Break: b}
		switch {
		case res.records == 0 && b.Follow == 0:
			return nil, fmt.Errorf("open journal %s: %w (line 1: %s: %s)", path, ErrEmpty, b.Kind, b.Detail)
		case !rep.Recoverable():
			return nil, &CorruptError{Path: path, Break: *b}
		}
	}

	j = c.journal(dir, res.incident, unlock, f)
	j.end, j.seq, j.hash = res.end, res.lastSeq, res.lastHash
	if res.brk != nil {
		rec, err := j.recoverTail(f, res)
		if err != nil {
			return nil, fmt.Errorf("open journal %s: %w", path, err)
		}
		if visit != nil {
			if err := visit(rec); err != nil {
				return nil, err
			}
		}
	}
	return j, nil
}

// clock returns the journal's clock: Now, or time.Now by default.
func (c Config) clock() func() time.Time {
	if c.Now == nil {
		return time.Now // the explicit default clock
	}
	return c.Now
}

func (c Config) journal(dir, incident string, unlock func() error, f storage) *Journal {
	now := c.clock()
	rnd := c.rand
	if rnd == nil {
		rnd = rand.Reader
	}
	return &Journal{
		dir:        dir,
		path:       filepath.Join(dir, JournalFile),
		incident:   incident,
		now:        now,
		rand:       rnd,
		unlock:     unlock,
		writeFault: c.WriteFault,
		f:          f,
		name:       filepath.Join(dir, JournalFile),
	}
}

// Append durably records e as the next record: the line is written at the end
// of the file and fsynced before Append returns. On a failed or short write
// the file is truncated back and nothing is recorded; a later Append may
// succeed (disk space freed). A failed fsync poisons the journal: this and
// every later Append return an error wrapping ErrPoisoned.
func (j *Journal) Append(e Entry) (Record, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case j.closed:
		return Record{}, fmt.Errorf("append to %s: %w", j.path, ErrClosed)
	case j.poison != nil:
		return Record{}, fmt.Errorf("append to %s: %w", j.path, j.poison)
	}
	seq := j.seq + 1
	line, err := j.encode(e, seq)
	if err != nil {
		return Record{}, fmt.Errorf("append seq %d to %s: %w", seq, j.path, err)
	}
	// Decoding what was encoded guarantees the caller gets exactly the
	// record that Open will replay, and that nothing unreadable is written.
	rec, h, le := parseLine(line[:len(line)-1], seq, j.hash)
	if le != nil {
		return Record{}, fmt.Errorf("append seq %d to %s: encoded line fails verification: %s: %s", seq, j.path, le.kind, le.detail)
	}

	if err := j.checkFile(); err != nil {
		j.poison = fmt.Errorf("%w: %w", ErrPoisoned, err)
		return Record{}, fmt.Errorf("append seq %d to %s: not recorded: %w", seq, j.path, j.poison)
	}
	var n int
	if j.writeFault != nil {
		err = j.writeFault()
	}
	if err == nil {
		n, err = j.f.WriteAt(line, j.end)
	}
	if err == nil && n != len(line) {
		err = io.ErrShortWrite
	}
	if err != nil {
		// Cut any fragment now, so that a later write or writeback can never
		// make it durable in the middle of the journal.
		if terr := j.f.Truncate(j.end); terr != nil {
			j.poison = fmt.Errorf("%w: write of seq %d failed (%w) and truncating back to %d bytes failed: %w",
				ErrPoisoned, seq, bare(err), j.end, bare(terr))
			return Record{}, fmt.Errorf("append to %s: %w", j.path, j.poison)
		}
		return Record{}, fmt.Errorf("append seq %d to %s: not recorded: %w", seq, j.path, bare(err))
	}
	if err := j.f.Sync(); err != nil {
		j.poison = fmt.Errorf("%w: fsync of seq %d failed: %w", ErrPoisoned, seq, bare(err))
		return Record{}, fmt.Errorf("append to %s: %w", j.path, j.poison)
	}
	j.end += int64(len(line))
	j.seq = seq
	j.hash = h
	return rec, nil
}

// checkFile makes sure, before a write, that the file is still the journal
// this writer opened and still ends where its last record does. Anything
// else means someone else has written to it, replaced it or deleted it
// (a second writer let in by hand, an editor, a cleanup script), and
// writing on would lose records that were shown as recorded.
func (j *Journal) checkFile() error {
	held, err := j.f.Stat()
	if err != nil {
		return fmt.Errorf("check the journal file: %w", bare(err))
	}
	named, err := os.Lstat(j.name)
	switch {
	case errors.Is(err, fs.ErrNotExist) && links(held) == 0:
		return fmt.Errorf("%w: %s was deleted while open", ErrChanged, j.name)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s no longer exists (moved while open)", ErrChanged, j.name)
	case err != nil:
		return fmt.Errorf("check the journal file: %w", err)
	case !os.SameFile(held, named):
		return fmt.Errorf("%w: %s is no longer the file this writer opened (replaced while open)", ErrChanged, j.name)
	case held.Size() != j.end:
		return fmt.Errorf("%w: the journal is %d bytes, but its last record ends at byte %d: another process wrote to it", ErrChanged, held.Size(), j.end)
	}
	return nil
}

// encode validates e and renders it as line seq.
func (j *Journal) encode(e Entry, seq uint64) ([]byte, error) {
	if e.Type == "" {
		return nil, errors.New("entry has no type")
	}
	for _, field := range [...]struct{ name, value string }{{"actor", e.Actor}, {"type", e.Type}, {"sim", e.Sim}} {
		if !utf8.ValidString(field.value) {
			return nil, fmt.Errorf("entry %s is not valid UTF-8", field.name)
		}
	}
	if y := e.At.Year(); e.At.IsZero() || y < 1970 || y > 9999 {
		return nil, fmt.Errorf("entry time %v is out of range (1970 to 9999)", e.At)
	}
	if len(e.Data) > MaxLineBytes { // fail fast, before copying it
		return nil, fmt.Errorf("entry data is %d bytes, more than a line may hold (%d)", len(e.Data), MaxLineBytes)
	}
	data, err := compactObject(e.Data)
	if err != nil {
		return nil, err
	}
	id, err := newV7(e.At, j.rand)
	if err != nil {
		return nil, err
	}
	r := record{seq: seq, id: id, at: e.At, actor: e.Actor, typ: e.Type, sim: e.Sim, data: data}
	if seq == 1 {
		r.incident = j.incident
	}
	line := encodeLine(r, j.hash)
	if len(line) > MaxLineBytes {
		return nil, fmt.Errorf("entry is %d bytes encoded, more than %d", len(line), MaxLineBytes)
	}
	return line, nil
}

// compactObject checks that data is a JSON object and removes insignificant
// whitespace, newlines included, so that it fits on one line.
func compactObject(data json.RawMessage) ([]byte, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return []byte("{}"), nil
	}
	if !utf8.Valid(data) {
		return nil, errors.New("entry data is not valid UTF-8")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		return nil, fmt.Errorf("entry data: %w", err)
	}
	if buf.Bytes()[0] != '{' {
		return nil, errors.New("entry data is not a JSON object")
	}
	return buf.Bytes(), nil
}

// newV7 makes a UUIDv7 whose timestamp is the entry's own time rather than a
// clock read here, so that ids follow the injected clock.
func newV7(at time.Time, rnd io.Reader) (uuid.UUID, error) {
	id, err := uuid.NewRandomFromReader(rnd)
	if err != nil {
		return uuid.UUID{}, fmt.Errorf("record id: %w", err)
	}
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(at.UnixMilli()))
	copy(id[:6], ms[2:])
	id[6] = id[6]&0x0f | 0x70 // version 7; the variant bits are already RFC 4122
	return id, nil
}

// IncidentID returns the incident the journal is bound to.
func (j *Journal) IncidentID() string { return j.incident }

// LastSeq returns the seq of the last acknowledged record.
func (j *Journal) LastSeq() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq
}

// Dir returns the incident directory.
func (j *Journal) Dir() string { return j.dir }

// Close closes the journal file and releases the lock. Closing twice is a
// no-op.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil
	}
	j.closed = true
	err := j.unlock()
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("close journal %s: %w", j.path, err)
	}
	return nil
}
