package incident

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/shodo-dev/shodo/engine/journal"
)

// IndexDir is the home's index of incidents, a directory beside the
// incidents directory (never in it: see listedDir): every incident's
// summary together with the identity of its journal file as stat sees it
// (size, modification and change times, inode and device), in two files.
// The head (indexHeadFile) holds every incident that is not closed, the
// most recent closed ones (at least headClosed of them), the names of the
// incidents that have no entry (a broken journal), the identity of the
// incidents directory when it was last read, and the count, the digest and
// the newest opening of the rest; the archive (indexArchiveFile) holds the
// rest, every one closed. A listing that needs no incident of the archive
// (`shodo list`'s table, the home screen's first frame) reads the head
// alone, and reads no directory while the incidents directory is as the
// head recorded it: what it costs does not grow with the archive.
//
// Like the summary files it is a cache, never trusted over the journals:
// an entry is used only when its journal's stat matches it in every field
// (see indexTrusted), or when it is closed and at rest (see closedAtRest);
// any other journal is checked through its summary file (see readSummary)
// or read in full, and its entry replaced. List writes the index when any
// entry changed, under its lock (see commitIndex); sessions do not touch
// it but to reopen (see forgetIndexed), and otherwise leave it alone (see
// docs/benchmarks.md: rewriting the index after every append would cost
// more than the append, and the next List updates the one entry at the
// cost of one summary check).
const IndexDir = "incident-index"

// The index's two files in IndexDir, and the lock that orders every write
// of them, which stays where earlier builds took it, in the incidents
// directory, so that a listing of an older build and one of this build
// never write at once.
const (
	indexHeadFile    = "head"
	indexArchiveFile = "archive"
	indexLockFile    = "index.lock"
	// legacyIndexFile is where builds before the head and the archive
	// kept the whole index, in the incidents directory. A listing leaves
	// it to an older build that may still run beside this one (removing
	// it would cost that build a rebuild at every listing); a reopen
	// removes it, so that no older build goes on trusting the incident's
	// closed entry; and a listing after an older build wrote it trusts no
	// closed entry unseen (see ListRecent), so that a reopen by that
	// build is seen.
	legacyIndexFile = "index"
)

// indexDirOf is the index's directory for the incidents directory dir.
func indexDirOf(dir string) string { return filepath.Join(filepath.Dir(filepath.Clean(dir)), IndexDir) }

// IndexPath is the file of home's index whose modification time says when
// the index was written (its head).
func IndexPath(home string) string { return filepath.Join(home, IndexDir, indexHeadFile) }

// headClosed is how many of the most recent closed incidents the head
// holds at least: as many as any first listing shows (shodo list's table
// and the home screen's first frame show 50), with room to spare. A head
// keeps closed incidents as they close until it holds twice this many;
// the next listing that reads the archive then moves the older ones there
// (see splitIndex), so that the archive is not rewritten at every close.
const headClosed = 100

// indexMagic starts the head and archiveMagic the archive, then one byte
// of version; a file that does not start so, or of another version, is
// rebuilt, never read.
const (
	indexMagic   = "shodo incident index\n"
	archiveMagic = "shodo incident archive\n"
	indexVersion = 4 // 2: the ending and the follow-ups (summaryVersion 2); 3: closed entries are trusted at rest, so an index an older build kept (which may hold a closed entry of an incident reopened since) is rebuilt once; 4: the head and the archive, in a directory of their own, and the incidents directory's identity
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
	// checked is not written: it says that this listing checked the entry
	// against its journal, rather than taking it from the index it read
	// (see commitIndex).
	checked bool
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

// indexHead is the head of the index (see IndexDir), decoded.
type indexHead struct {
	// dir is the incidents directory as stat saw it before the listing
	// that wrote the head read it (its size, times, inode and device);
	// zero when the head vouches for no reading of it (see listedDir).
	dir journalID
	// archive is what the head knows of the archive.
	archive archiveRef
	// unindexed are the incidents, sorted, that have no entry (a journal
	// that is broken, or was caught mid-write): every listing checks
	// them, as if they were new.
	unindexed []string
	// entries are the head's own, sorted by name.
	entries []indexEntry
}

// archiveRef is what the head says of the archive: how many entries it
// holds, the CRC-32C that ends it (an archive that does not end so is not
// the head's, and is not read), and the opening time and id of its most
// recent incident in List's order (newest first, then by id), zero when
// it is empty: every entry of the archive was opened at or before that.
type archiveRef struct {
	count    int
	sum      uint32
	newest   time.Time
	newestID string
}

// newerThanArchive reports whether an incident opened at opened with id
// id comes before every incident of the archive in List's order (newest
// first, then by id).
func (a archiveRef) newerThanArchive(opened time.Time, id string) bool {
	if c := opened.Compare(a.newest); c != 0 {
		return c > 0
	}
	return id < a.newestID
}

// readIndex reads the index of dir (the incidents directory) whole: the
// entries of its head and archive, sorted by name, and the head file's
// identity as stat saw it when read (its modification time is when it was
// written); an error when it is missing, unreadable, of another version
// or damaged, each of which only means that List checks every incident as
// if it had no index. The identity is that of the file read even when it
// does not decode, zero when there was none.
func readIndex(dir string, buf *scratch) ([]indexEntry, journalID, error) {
	head, archive, file, err := readIndexWhole(dir, buf)
	if err != nil {
		return nil, file, err
	}
	return unionByName(head.entries, archive), file, nil
}

// readIndexWhole reads the head and, when it has one, the archive it
// names. An archive that is not the head's (another listing replaced both
// between the two reads) is read again with the head once.
func readIndexWhole(dir string, buf *scratch) (head indexHead, archive []indexEntry, file journalID, err error) {
	for attempt := 0; ; attempt++ {
		head, file, err = readHead(dir, buf)
		if err != nil {
			return head, nil, file, err
		}
		archive, err = readArchive(dir, head.archive)
		if err == nil || attempt == 1 {
			return head, archive, file, err
		}
	}
}

// readHead reads the index's head, with its file's identity.
func readHead(dir string, buf *scratch) (indexHead, journalID, error) {
	raw, file, err := readIndexFile(filepath.Join(indexDirOf(dir), indexHeadFile), buf)
	if err != nil {
		return indexHead{}, file, err
	}
	head, err := decodeIndex(raw)
	return head, file, err
}

// readArchive reads the archive the head refers to as ref: none when ref
// counts none.
func readArchive(dir string, ref archiveRef) ([]indexEntry, error) {
	if ref.count == 0 {
		return nil, nil
	}
	var buf scratch
	raw, _, err := readIndexFile(filepath.Join(indexDirOf(dir), indexArchiveFile), &buf)
	if err != nil {
		return nil, err
	}
	entries, sum, err := decodeArchive(raw)
	if err != nil || sum != ref.sum || len(entries) != ref.count {
		return nil, errIndex
	}
	return entries, nil
}

// unionByName merges a and b, each sorted by name and without a name in
// common, into one list sorted by name.
func unionByName(a, b []indexEntry) []indexEntry {
	if len(b) == 0 {
		return a
	}
	out := make([]indexEntry, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i].name < b[j].name {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// errIndex is any index this build does not read: it is rebuilt.
var errIndex = errors.New("incident index unreadable")

// decodeIndex decodes a head: the magic, the version, the incidents
// directory's identity, the archive's count, digest and newest opening,
// the names without an entry, the entries in order of name, and a CRC-32C
// of all that. Every string shares raw's memory, so that its entries cost
// a handful of allocations: raw must not be written to after the call
// (readIndexFile reads it into a buffer of its own).
func decodeIndex(raw []byte) (indexHead, error) {
	d, ok := openIndexBody(raw, indexMagic)
	if !ok {
		return indexHead{}, errIndex
	}
	var h indexHead
	h.dir = journalID{size: d.varint(), mtime: d.varint(), ctime: d.varint(), ino: d.uvarint(), dev: d.uvarint()}
	count, sum := d.uvarint(), d.uvarint()
	if count > uint64(len(d.s)) || sum > 1<<32-1 {
		return indexHead{}, errIndex
	}
	h.archive = archiveRef{count: int(count), sum: uint32(sum), newest: d.time(), newestID: d.str()}
	if (count == 0) != (h.archive.newest.IsZero() && h.archive.newestID == "" && sum == 0) {
		return indexHead{}, errIndex
	}
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		return indexHead{}, errIndex
	}
	if n > 0 {
		h.unindexed = make([]string, n)
		for k := range h.unindexed {
			h.unindexed[k] = d.str()
			if d.bad || h.unindexed[k] == "" || k > 0 && h.unindexed[k-1] >= h.unindexed[k] {
				return indexHead{}, errIndex
			}
		}
	}
	h.entries = d.entries()
	if d.bad || d.s != "" {
		return indexHead{}, errIndex
	}
	return h, nil
}

// decodeArchive decodes an archive: the magic, the version, the entries
// in order of name and the CRC-32C of all that, which it returns (the head
// names its archive by it).
func decodeArchive(raw []byte) ([]indexEntry, uint32, error) {
	d, ok := openIndexBody(raw, archiveMagic)
	if !ok {
		return nil, 0, errIndex
	}
	entries := d.entries()
	if d.bad || d.s != "" {
		return nil, 0, errIndex
	}
	for i := range entries {
		if entries[i].rec.Phase != PhaseClosed {
			return nil, 0, errIndex
		}
	}
	return entries, binary.LittleEndian.Uint32(raw[len(raw)-4:]), nil
}

// openIndexBody checks a head's or an archive's magic, CRC-32C and
// version, and returns a decoder of what lies between.
func openIndexBody(raw []byte, magic string) (*indexDecoder, bool) {
	body, ok := bytes.CutPrefix(raw, []byte(magic))
	if !ok || len(body) < 1+4 {
		return nil, false
	}
	sum := binary.LittleEndian.Uint32(body[len(body)-4:])
	body = body[:len(body)-4]
	if crc32.Checksum(raw[:len(raw)-4], castagnoli) != sum || body[0] != indexVersion {
		return nil, false
	}
	// The strings share raw's memory rather than a copy of it (2.5 MB at
	// 10,000 incidents, as many fresh pages for a process to fault in):
	// raw is the decoder's from here on, and nothing writes to it.
	return &indexDecoder{s: unsafe.String(unsafe.SliceData(body[1:]), len(body)-1)}, true
}

// entries decodes a count of entries and the entries, in order of name.
func (d *indexDecoder) entries() []indexEntry {
	n := d.uvarint()
	if n > uint64(len(d.s)) { // every entry takes more than a byte
		d.bad = true
		return nil
	}
	entries := make([]indexEntry, n)
	for k := range entries {
		// In place: an entry is a few hundred bytes, ten thousand of
		// them copied once more cost as much as decoding them.
		e := &entries[k]
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
			return nil
		}
		if k > 0 && entries[k-1].name >= e.name || e.name == "" || r.Incident == "" || r.LastSeq == 0 {
			d.bad = true
			return nil
		}
	}
	return entries
}

// castagnoli is the CRC-32C table (hardware-accelerated on amd64 and arm64).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeIndex is decodeIndex's inverse; the entries and the names without
// one must be sorted.
func encodeIndex(h indexHead) []byte {
	b := make([]byte, 0, len(indexMagic)+64+len(h.entries)*320)
	b = append(b, indexMagic...)
	b = append(b, indexVersion)
	b = binary.AppendVarint(b, h.dir.size)
	b = binary.AppendVarint(b, h.dir.mtime)
	b = binary.AppendVarint(b, h.dir.ctime)
	b = binary.AppendUvarint(b, h.dir.ino)
	b = binary.AppendUvarint(b, h.dir.dev)
	b = binary.AppendUvarint(b, uint64(h.archive.count))
	b = binary.AppendUvarint(b, uint64(h.archive.sum))
	b = appendIndexTime(b, h.archive.newest)
	b = appendIndexString(b, h.archive.newestID)
	b = binary.AppendUvarint(b, uint64(len(h.unindexed)))
	for _, name := range h.unindexed {
		b = appendIndexString(b, name)
	}
	b = appendEntries(b, h.entries)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// encodeArchive is decodeArchive's inverse; entries must be sorted by
// name. It returns the CRC-32C that ends it, by which the head names it.
func encodeArchive(entries []indexEntry) ([]byte, uint32) {
	b := make([]byte, 0, len(archiveMagic)+16+len(entries)*320)
	b = append(b, archiveMagic...)
	b = append(b, indexVersion)
	b = appendEntries(b, entries)
	sum := crc32.Checksum(b, castagnoli)
	return binary.LittleEndian.AppendUint32(b, sum), sum
}

func appendIndexString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendEntries appends the count of entries and the entries.
func appendEntries(b []byte, entries []indexEntry) []byte {
	b = binary.AppendUvarint(b, uint64(len(entries)))
	str := func(s string) { b = appendIndexString(b, s) }
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
	return b
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

// writeIndex replaces the whole index of dir (the incidents directory)
// with entries (sorted by name), split between head and archive (see
// splitIndex), vouching for no reading of the incidents directory.
func writeIndex(dir string, entries []indexEntry) error {
	headEntries, archive, _ := splitIndex(entries, nil, false)
	return storeIndex(dir, indexHead{entries: headEntries}, archive, true)
}

// storeIndex writes the archive, when writeArchive is set, then the head,
// which names it (so a listing that reads the head after both are written
// finds its archive; one that reads the old head and the new archive
// finds them apart, and reads both again: see readIndexWhole). An empty
// archive is no file.
func storeIndex(dir string, head indexHead, archive []indexEntry, writeArchive bool) error {
	idx := indexDirOf(dir)
	if err := os.Mkdir(idx, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("write incident index: %w", err)
	}
	if writeArchive {
		head.archive = archiveRef{}
		if len(archive) == 0 {
			if err := os.Remove(filepath.Join(idx, indexArchiveFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("write incident index: %w", err)
			}
		} else {
			data, sum := encodeArchive(archive)
			if err := replaceFile(idx, indexArchiveFile, data); err != nil {
				return err
			}
			head.archive = archiveRef{count: len(archive), sum: sum}
			for i := range archive {
				r := &archive[i].rec
				if i == 0 || head.archive.newerThanArchive(r.Opened, r.Incident) {
					head.archive.newest, head.archive.newestID = r.Opened, r.Incident
				}
			}
		}
	}
	return replaceFile(idx, indexHeadFile, encodeIndex(head))
}

// replaceFile replaces name in dir with data, atomically: a temporary
// file, readable by its owner only, renamed over it (rename replaces a
// symbolic link there, never follows it). Two processes listing at once
// each rename a whole file and the last one wins; an update that loses
// costs the next listing a stat mismatch and a summary check, never a
// wrong entry, since every entry was checked against its journal before
// it was written. Like the summaries, it is not fsynced: an index lost in
// a crash is rebuilt.
func replaceFile(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, name+".*.tmp")
	if err != nil {
		return fmt.Errorf("write incident index: %w", err)
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write incident index: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write incident index: %w", err)
	}
	return nil
}

// splitIndex divides the whole index, entries sorted by name, between
// the head and the archive (both sorted by name). The archive holds
// closed incidents alone, older in List's order than the headClosed most
// recent closed ones, which stay in the head with every incident that is
// not closed. prev is the archive as it stands (known says it was read):
// while every entry of it is still in entries as it was and the head
// would hold at most twice headClosed closed incidents, it is kept as it
// is and rewrite is false, so that the archive is not rewritten at every
// listing that finds an incident closed.
//
// An entry moved to the archive is trusted without a stat from then on,
// as a closed entry at rest is (see closedAtRest), and for the same
// reason: it was checked against its journal by a listing holding the
// index's lock (see commitIndex), so a reopen, which takes the same lock
// to take the entry out (see forgetIndexed), comes after.
func splitIndex(entries, prev []indexEntry, known bool) (head, archive []indexEntry, rewrite bool) {
	if known && keepsArchive(entries, prev) {
		head = make([]indexEntry, 0, len(entries)-len(prev))
		j := 0
		for i := range entries {
			if j < len(prev) && prev[j].name == entries[i].name {
				j++
				continue
			}
			head = append(head, entries[i])
		}
		return head, prev, false
	}
	var closed []int
	for i := range entries {
		if entries[i].rec.Phase == PhaseClosed {
			closed = append(closed, i)
		}
	}
	if len(closed) <= headClosed {
		return entries, nil, known && len(prev) > 0 || !known
	}
	slices.SortFunc(closed, func(i, j int) int {
		a, b := &entries[i].rec, &entries[j].rec
		if c := b.Opened.Compare(a.Opened); c != 0 {
			return c
		}
		return strings.Compare(a.Incident, b.Incident)
	})
	archived := make([]bool, len(entries))
	for _, i := range closed[headClosed:] {
		archived[i] = true
	}
	head = make([]indexEntry, 0, len(entries)-len(closed)+headClosed)
	archive = make([]indexEntry, 0, len(closed)-headClosed)
	for i := range entries {
		if archived[i] {
			archive = append(archive, entries[i])
		} else {
			head = append(head, entries[i])
		}
	}
	return head, archive, true
}

// keepsArchive reports whether prev, the archive as it stands, can stay
// the archive of entries (see splitIndex): every entry of it is there as
// it was, and the head would hold at least headClosed closed incidents
// newer than every one of it (so that the first listings need not read
// it) and at most twice that many.
func keepsArchive(entries, prev []indexEntry) bool {
	var ref archiveRef
	for i := range prev {
		if r := &prev[i].rec; i == 0 || ref.newerThanArchive(r.Opened, r.Incident) {
			ref.newest, ref.newestID = r.Opened, r.Incident
		}
	}
	closedInHead, newer, j := 0, 0, 0
	for i := range entries {
		e := &entries[i]
		if j < len(prev) && prev[j].name == e.name {
			p := &prev[j]
			if p.rec != e.rec || p.ino != e.ino || p.dev != e.dev {
				return false
			}
			j++
			continue
		}
		if j < len(prev) && prev[j].name < e.name {
			return false // an archived incident that went away
		}
		if e.rec.Phase == PhaseClosed {
			closedInHead++
			if len(prev) == 0 || ref.newerThanArchive(e.rec.Opened, e.rec.Incident) {
				newer++
			}
		}
	}
	return j == len(prev) && closedInHead <= 2*headClosed && (len(prev) == 0 || newer >= headClosed)
}

// How long a listing and a reopen wait for the index's lock. A holder
// writes one index or appends one record; a longer hold is a stuck process,
// which a listing leaves behind (its update goes to the next listing) and
// a reopen is refused over (ErrIndexBusy).
const (
	listWait   = time.Second
	reopenWait = 10 * time.Second
)

// closedAtRest reports whether e, in an index written at written (its
// modification time, in ns), is a closed incident that List takes from
// the index without looking at its journal: no stat, no read.
//
// Closed means closed: the engine appends nothing to a closed journal but
// incident.reopened (Session.Reopen), and a reopen takes the entry out of
// the index before it appends, holding the index's lock until the record
// is written (see forgetIndexed), while every listing that writes the
// index holds the same lock and looks again at the journals of the closed
// entries it adds (see commitIndex). So a closed entry stays right for as
// long as shodo writes the journal; what it cannot see is a journal
// edited by hand, which `shodo verify` reports and which no listing was
// ever meant to find (a listing is not a verification). This is what keeps
// a listing flat in the size of the archive: a team's incidents are
// almost all closed, and each costs its index entry alone.
//
// Only where the lock and the change time both work (statProves); and not
// while the entry is racy (see racyWindow): such an entry is checked by
// its journal's stat and tail once more, and the index rewritten.
func closedAtRest(e *indexEntry, written int64) bool {
	return statProves && e.rec.Phase == PhaseClosed && e.rec.JournalCtime != 0 &&
		e.rec.JournalCtime <= written-racyWindow.Nanoseconds()
}

// indexUpdate is what a listing hands commitIndex: fresh[i] is names[i]'s
// entry, nil for none; checked[i] says the listing checked it against its
// journal rather than taking it from the index it read.
type indexUpdate struct {
	names   []string
	checked []bool
	fresh   []*indexEntry
	// read is the head file's identity as the listing read it, zero when
	// there was none, and head what it held.
	read journalID
	head indexHead
	// whole says that names are every incident (the listing read the
	// incidents directory, or the head and the archive); archive is then
	// the archive as read, and archiveRead says it was (it is nil, not
	// read, when the head named none or it did not match). Otherwise
	// names are the head's alone and the archive stays as it is.
	whole       bool
	archive     []indexEntry
	archiveRead bool
	// dir is the incidents directory's identity to record (see
	// listedDir), taken at dirTaken; zero for none.
	dir      journalID
	dirTaken time.Time
}

// commitIndex writes the index a listing built (see indexUpdate) under the
// index's lock. It waits for another process's update to be written, and
// merges with it; it gives up, leaving the update to the next listing,
// only when the lock is held past listWait (a stuck holder): a listing
// must not hang on another process.
//
// Under the lock, three things are looked at again. When the head is no
// longer the one the listing read (another listing or a reopen rewrote
// it), the two are merged rather than the other's update lost: the
// entries the listing checked itself are its own, every other entry is
// the index's as it now stands (an entry a reopen took out stays out),
// and the merged head vouches for no reading of the directory. The
// closed entries the listing checked are kept only while their journal's
// stat is still what the check saw: a reopen recorded since then (under
// the lock, after the check) changed it. So no closed entry is written
// that a reopen has overtaken, which is what lets List trust closed
// entries unseen (see closedAtRest). And the incidents directory must
// still be as the listing saw it before reading it (see listedDir).
func commitIndex(dir string, u indexUpdate) error {
	unlock, ok, err := lockIndex(dir, listWait)
	if err != nil || !ok {
		return err
	}
	defer unlock()
	var buf scratch
	buf.openDir(dir)
	defer buf.closeDir()
	now, exists := statJournal(filepath.Join(indexDirOf(dir), indexHeadFile), &buf)
	var keep []indexEntry
	var extraNames []string // names the index knows that the listing did not see
	whole, prev, prevRead, head := u.whole, u.archive, u.archiveRead, u.head
	if exists && now != u.read || !exists && u.read != (journalID{}) {
		curHead, curArchive, _, err := readIndexWhole(dir, &buf)
		if err != nil {
			// No index to merge with: the listing's entries are all
			// there is, and what it did not see is found again by
			// reading the directory.
			curHead, curArchive = indexHead{}, nil
		}
		keep = mergeIndex(unionByName(curHead.entries, curArchive), u.names, u.checked, u.fresh)
		extraNames = curHead.unindexed
		whole, prev, prevRead, head = true, curArchive, err == nil, curHead
		u.dir = journalID{}
	} else {
		keep = make([]indexEntry, 0, len(u.names))
		for _, e := range u.fresh {
			if e != nil {
				keep = append(keep, *e)
			}
		}
	}
	if statProves {
		keep = slices.DeleteFunc(keep, func(e indexEntry) bool {
			if !e.checked || e.rec.Phase != PhaseClosed {
				return false
			}
			id, ok := statJournal(filepath.Join(dir, e.name, journal.JournalFile), &buf)
			return !ok || id != e.id()
		})
	}
	// A name without an entry is kept as such, so that a listing that
	// does not read the directory still checks it.
	head.unindexed = withoutEntry(keep, u.names, extraNames)
	head.dir = u.dir
	if head.dir != (journalID{}) {
		if cur, err := statDir(dir); err != nil || cur != head.dir || time.Since(u.dirTaken) > racyWindow/2 {
			head.dir = journalID{}
		}
	}
	if !whole {
		head.entries = keep
		return storeIndex(dir, head, nil, false)
	}
	headEntries, archive, rewrite := splitIndex(keep, prev, prevRead)
	head.entries = headEntries
	return storeIndex(dir, head, archive, rewrite)
}

// withoutEntry lists, sorted and once each, the names among names and
// more (each sorted) that have no entry in entries (sorted by name).
func withoutEntry(entries []indexEntry, names, more []string) []string {
	var out []string
	has := func(name string) bool {
		_, found := slices.BinarySearchFunc(entries, name, func(e indexEntry, name string) int { return strings.Compare(e.name, name) })
		return found
	}
	for _, list := range [][]string{names, more} {
		for _, name := range list {
			if !has(name) {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mergeIndex merges what List built (see commitIndex) into cur, the index
// as another process left it, both sorted by name. A name List took from
// the index it read keeps cur's entry, or stays without one (a reopen
// took it out). A name List checked gets List's entry, unless cur's is of
// a later record (the other process checked the journal after it grew:
// a journal only grows, and a reopen takes its entry out rather than
// replacing it) or List's check gave none (a journal caught mid-write, or
// broken: the next listing that writes without merging settles it). An
// entry of cur whose incident List did not see (one opened since, or one
// that went away) is kept; a listing that writes without merging drops
// those that went away.
func mergeIndex(cur []indexEntry, names []string, checked []bool, fresh []*indexEntry) []indexEntry {
	merged := make([]indexEntry, 0, max(len(cur), len(names)))
	for i, j := 0, 0; i < len(names) || j < len(cur); {
		switch {
		case j == len(cur) || i < len(names) && names[i] < cur[j].name:
			if checked[i] && fresh[i] != nil {
				merged = append(merged, *fresh[i])
			}
			i++
		case i == len(names) || cur[j].name < names[i]:
			merged = append(merged, cur[j])
			j++
		default:
			if checked[i] && fresh[i] != nil && fresh[i].rec.LastSeq >= cur[j].rec.LastSeq {
				merged = append(merged, *fresh[i])
			} else {
				merged = append(merged, cur[j])
			}
			i++
			j++
		}
	}
	return merged
}

// forgetIndexed takes the incident in incDir out of its home's index,
// holding the index's lock, before a reopen appends to its closed journal:
// release, called once the record is written, lets listings write the
// index again. Until then none can write back the closed entry a listing
// may have read before; after it, a listing that checked the journal
// before the reopen finds its stat changed (see commitIndex). The entry
// leaves the head or the archive, and its name joins the head's names
// without an entry, so that the next listing checks it even without
// reading the directory. An incident outside a home's incidents directory
// has no index to leave.
//
// Where the lock cannot be taken (an incidents directory this process may
// not write), the index is removed instead, so that the next listing
// checks every incident; only when that fails too is the reopen refused,
// since a listing would go on showing the incident closed. A lock held
// past reopenWait (a stuck process) refuses it too: ErrIndexBusy. An older
// build's index is removed either way.
func forgetIndexed(incDir string) (release func(), err error) {
	dir, name := filepath.Split(filepath.Clean(incDir))
	dir = filepath.Clean(dir)
	if filepath.Base(dir) != filepath.Base(IncidentsDir("")) {
		return func() {}, nil
	}
	headPath := filepath.Join(indexDirOf(dir), indexHeadFile)
	removeAll := func() error {
		var errs []error
		for _, path := range []string{filepath.Join(dir, legacyIndexFile), headPath} {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
	unlock, ok, lockErr := lockIndex(dir, reopenWait)
	if lockErr == nil && !ok {
		return nil, refuse(ErrIndexBusy, fmt.Sprintf("%v: %s", ErrIndexBusy, filepath.Join(dir, indexLockFile)), "index-busy",
			Code("Lock", filepath.Join(dir, indexLockFile)))
	}
	if lockErr != nil {
		if err := removeAll(); err != nil {
			return nil, fmt.Errorf("take %s out of the incident index: %w", name, errors.Join(lockErr, err))
		}
		return func() {}, nil
	}
	if err := os.Remove(filepath.Join(dir, legacyIndexFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		unlock()
		return nil, fmt.Errorf("take %s out of the incident index: %w", name, err)
	}
	var buf scratch
	head, archive, _, err := readIndexWhole(dir, &buf)
	if err != nil {
		return unlock, nil // no index, or one no listing reads
	}
	byName := func(e indexEntry, name string) int { return strings.Compare(e.name, name) }
	writeArchive := false
	if k, found := slices.BinarySearchFunc(head.entries, name, byName); found {
		head.entries = slices.Delete(head.entries, k, k+1)
	} else if k, found := slices.BinarySearchFunc(archive, name, byName); found {
		archive, writeArchive = slices.Delete(archive, k, k+1), true
	} else {
		return unlock, nil
	}
	if k, found := slices.BinarySearch(head.unindexed, name); !found {
		head.unindexed = slices.Insert(head.unindexed, k, name)
	}
	if err := storeIndex(dir, head, archive, writeArchive); err != nil {
		if rerr := removeAll(); rerr != nil {
			unlock()
			return nil, fmt.Errorf("take %s out of the incident index: %w", name, errors.Join(err, rerr))
		}
	}
	return unlock, nil
}
