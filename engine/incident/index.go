package incident

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"time"
)

// IndexFile is the home's index of incidents, in the incidents directory
// beside the incident directories: every incident's summary together with
// the identity of its journal file as stat sees it (size, modification
// and change times, inode and device). With it, List costs one directory
// read, one read of this file and one stat per journal, where the summary
// files alone cost an open, read and close of the summary and an open,
// stat, read and close of the journal's tail per incident.
//
// Like the summary files it is a cache, never trusted over the journals:
// an entry is used only when its journal's stat matches it in every field
// (see indexTrusted); any other journal is checked through its summary
// file (see readSummary) or read in full, and its entry replaced. List
// writes the index when any entry changed; sessions do not touch it (see
// docs/benchmarks.md: rewriting the whole index after every append would
// cost more than the append, and the next List updates the one entry at
// the cost of one summary check).
const IndexFile = "index"

// indexMagic starts the index file, then one byte of version; a file that
// does not start so, or of another version, is rebuilt, never read.
const (
	indexMagic   = "shodo incident index\n"
	indexVersion = 2 // 2: the ending and the follow-ups (summaryVersion 2)
)

// maxIndexBytes bounds the index read: an entry is a few hundred bytes,
// so this is room for a million incidents.
const maxIndexBytes = 512 << 20

// racyWindow is how long after a journal's last change its stat must have
// been taken to be trusted on its own. A file system keeps times at some
// granularity (a kernel tick on Linux, a second on HFS+): two changes to a
// journal within one grain, one before and one after it was checked, can
// leave the same times and size. An entry whose journal changed less than
// this before the index was written is checked by its tail on the next
// listing, as git treats a "racily clean" file. The comparison is between
// two times the same file system set (the journal's change time and the
// index's modification time), so a skewed clock on a network file system
// does not defeat it.
const racyWindow = 2 * time.Second

// journalID is a journal file as stat sees it. The size and times are
// also the summary record's pins (JournalSize, JournalMtime, JournalCtime).
type journalID struct {
	size, mtime, ctime int64
	ino, dev           uint64
}

// indexEntry is one incident in the index: the name of its directory, its
// summary as checked against the journal's tail, and the journal's
// identity at that check (size and times in rec, inode and device here).
type indexEntry struct {
	name     string
	rec      summaryRecord
	ino, dev uint64
}

func (e *indexEntry) id() journalID {
	return journalID{size: e.rec.JournalSize, mtime: e.rec.JournalMtime, ctime: e.rec.JournalCtime, ino: e.ino, dev: e.dev}
}

// indexTrusted reports whether e describes the journal whose stat is now,
// in an index written at written (its modification time, in ns): every
// field of the stat matches, and the journal had not changed within
// racyWindow of the index being written.
//
// Why a stat match is enough where the change time is real (statProves,
// Linux and macOS): the change time (ctime) is set by the kernel to its
// own clock on every write, truncation, chmod, chown, rename onto and
// utimes of the file, and no system call sets it to a chosen value. A
// journal edited in place and its modification time put back with touch
// or utimes still shows a new change time; one replaced by another file
// (rename, copy) shows another inode, and a new change time too. So a
// journal whose size, times, inode and device all match the entry's has
// not been written to since the entry was checked against its last line;
// that is what the per-incident summary's tail check established, and
// no more is claimed (neither check is a verification: `shodo verify`
// is). Setting the clock back to the moment of the check and then editing
// would defeat this, and needs root, who can defeat any check short of
// replaying the journal. Elsewhere the change time is not read (it is 0):
// a stat match there is followed by the same tail check as before, with
// the index's record in place of the summary file.
func indexTrusted(e *indexEntry, now journalID, written int64) bool {
	if e.id() != now || now.ctime == 0 && statProves {
		return false
	}
	return now.ctime <= written-racyWindow.Nanoseconds()
}

// readIndex reads the index in dir (the incidents directory): its entries,
// sorted by name, and its modification time in ns; an error when it is
// missing, unreadable, of another version or damaged, each of which only
// means that List checks every incident as if it had no index.
func readIndex(dir string, buf *scratch) ([]indexEntry, int64, error) {
	raw, mtime, err := readIndexFile(filepath.Join(dir, IndexFile), buf)
	if err != nil {
		return nil, 0, err
	}
	entries, err := decodeIndex(raw)
	return entries, mtime, err
}

// errIndex is any index this build does not read: it is rebuilt.
var errIndex = errors.New("incident index unreadable")

// decodeIndex decodes an index file: the magic, the version, the number of
// entries, the entries in order of name, and a CRC-32C of all that. Every
// string shares the memory of one copy of raw, so that ten thousand
// entries cost a handful of allocations.
func decodeIndex(raw []byte) ([]indexEntry, error) {
	body, ok := bytes.CutPrefix(raw, []byte(indexMagic))
	if !ok || len(body) < 1+4 {
		return nil, errIndex
	}
	sum := binary.LittleEndian.Uint32(body[len(body)-4:])
	body = body[:len(body)-4]
	if crc32.Checksum(raw[:len(raw)-4], castagnoli) != sum {
		return nil, errIndex
	}
	if body[0] != indexVersion {
		return nil, errIndex
	}
	d := indexDecoder{s: string(body[1:])}
	n := d.uvarint()
	if n > uint64(len(d.s)) { // every entry takes more than a byte
		return nil, errIndex
	}
	entries := make([]indexEntry, 0, n)
	for range n {
		var e indexEntry
		e.name = d.str()
		e.ino, e.dev = d.uvarint(), d.uvarint()
		r := &e.rec
		r.Version = summaryVersion
		r.JournalSize, r.JournalMtime, r.JournalCtime = d.varint(), d.varint(), d.varint()
		r.Incident, r.UUID, r.Runbook, r.RunbookTitle, r.Name = d.str(), d.str(), d.str(), d.str(), d.str()
		r.Opened = d.time()
		r.Drill, r.Phase, r.Verdict, r.VerdictTitle = d.str(), Phase(d.str()), d.str(), d.str()
		r.NextDue, r.NextDuty = d.time(), d.str()
		r.Running, r.Overdue, r.Events = int(d.varint()), int(d.varint()), int(d.varint())
		r.Ending, r.EndingOf = d.str(), d.str()
		r.FollowUps, r.FollowUpDue, r.FollowUpDuty = int(d.varint()), d.time(), d.str()
		r.LastSeq, r.LastHash, r.LastType = d.uvarint(), d.str(), d.str()
		if d.bad {
			return nil, errIndex
		}
		if len(entries) > 0 && entries[len(entries)-1].name >= e.name || e.name == "" || r.Incident == "" || r.LastSeq == 0 {
			return nil, errIndex
		}
		entries = append(entries, e)
	}
	if d.bad || d.s != "" {
		return nil, errIndex
	}
	return entries, nil
}

// castagnoli is the CRC-32C table (hardware-accelerated on amd64 and arm64).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeIndex is decodeIndex's inverse; entries must be sorted by name.
func encodeIndex(entries []indexEntry) []byte {
	b := make([]byte, 0, len(indexMagic)+16+len(entries)*320)
	b = append(b, indexMagic...)
	b = append(b, indexVersion)
	b = binary.AppendUvarint(b, uint64(len(entries)))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for i := range entries {
		e := &entries[i]
		r := &e.rec
		str(e.name)
		b = binary.AppendUvarint(b, e.ino)
		b = binary.AppendUvarint(b, e.dev)
		b = binary.AppendVarint(b, r.JournalSize)
		b = binary.AppendVarint(b, r.JournalMtime)
		b = binary.AppendVarint(b, r.JournalCtime)
		str(r.Incident)
		str(r.UUID)
		str(r.Runbook)
		str(r.RunbookTitle)
		str(r.Name)
		b = appendIndexTime(b, r.Opened)
		str(r.Drill)
		str(string(r.Phase))
		str(r.Verdict)
		str(r.VerdictTitle)
		b = appendIndexTime(b, r.NextDue)
		str(r.NextDuty)
		b = binary.AppendVarint(b, int64(r.Running))
		b = binary.AppendVarint(b, int64(r.Overdue))
		b = binary.AppendVarint(b, int64(r.Events))
		str(r.Ending)
		str(r.EndingOf)
		b = binary.AppendVarint(b, int64(r.FollowUps))
		b = appendIndexTime(b, r.FollowUpDue)
		str(r.FollowUpDuty)
		b = binary.AppendUvarint(b, r.LastSeq)
		str(r.LastHash)
		str(r.LastType)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// A time in the index is its Unix seconds, nanoseconds and zone offset in
// seconds, and is decoded as the summary file's RFC 3339 text is: offset 0
// is UTC, the local zone's offset at that instant is Local, any other a
// fixed zone without a name. The zero time is the single byte 0.
func appendIndexTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	_, off := t.Zone()
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	return binary.AppendVarint(b, int64(off))
}

// indexDecoder reads the index's fields from s; a field that does not fit
// sets bad, and every later read returns zero values.
type indexDecoder struct {
	s     string
	bad   bool
	zones map[int64]*time.Location
}

func (d *indexDecoder) uvarint() uint64 {
	if d.bad {
		return 0
	}
	var x uint64
	var shift uint
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			d.s = d.s[i+1:]
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	d.bad = true
	return 0
}

func (d *indexDecoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *indexDecoder) str() string {
	n := d.uvarint()
	if d.bad || n > uint64(len(d.s)) {
		d.bad = true
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *indexDecoder) time() time.Time {
	if d.bad || d.s == "" {
		d.bad = true
		return time.Time{}
	}
	tag := d.s[0]
	d.s = d.s[1:]
	switch tag {
	case 0:
		return time.Time{}
	case 1:
	default:
		d.bad = true
		return time.Time{}
	}
	sec, nsec, off := d.varint(), d.uvarint(), d.varint()
	if d.bad || nsec >= 1e9 || off <= -24*3600 || off >= 24*3600 {
		d.bad = true
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec)) // in Local
	if off == 0 {
		return t.UTC()
	}
	if _, local := t.Zone(); int64(local) == off {
		return t
	}
	z := d.zones[off]
	if z == nil {
		if d.zones == nil {
			d.zones = map[int64]*time.Location{}
		}
		z = time.FixedZone("", int(off))
		d.zones[off] = z
	}
	return t.In(z)
}

// writeIndex replaces the index in dir with entries (sorted by name),
// atomically: a temporary file, readable by its owner only, renamed over
// the index (rename replaces a symbolic link there, never follows it). Two
// processes listing at once each rename a whole index and the last one
// wins; an update that loses costs the next listing a stat mismatch and a
// summary check, never a wrong entry, since every entry was checked
// against its journal before it was written. Like the summaries, it is
// not fsynced: an index lost in a crash is rebuilt.
func writeIndex(dir string, entries []indexEntry) error {
	data := encodeIndex(entries)
	tmp, err := os.CreateTemp(dir, IndexFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("write incident index: %w", err)
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write incident index: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, IndexFile)); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write incident index: %w", err)
	}
	return nil
}
