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

// IndexFile is the home's index of incidents, in the incidents directory
// beside the incident directories: every incident's summary together with
// the identity of its journal file as stat sees it (size, modification
// and change times, inode and device). With it, List costs one directory
// read, one read of this file and one stat per journal that is not closed
// (a closed incident costs its entry alone: see closedAtRest), where the
// summary files alone cost an open, read and close of the summary and an
// open, stat, read and close of the journal's tail per incident.
//
// Like the summary files it is a cache, never trusted over the journals:
// an entry is used only when its journal's stat matches it in every field
// (see indexTrusted); any other journal is checked through its summary
// file (see readSummary) or read in full, and its entry replaced. List
// writes the index when any entry changed, under its lock (see
// commitIndex); sessions do not touch it but to reopen (see
// forgetIndexed), and otherwise leave it alone (see
// docs/benchmarks.md: rewriting the whole index after every append would
// cost more than the append, and the next List updates the one entry at
// the cost of one summary check).
const IndexFile = "index"

// indexMagic starts the index file, then one byte of version; a file that
// does not start so, or of another version, is rebuilt, never read.
const (
	indexMagic   = "shodo incident index\n"
	indexVersion = 3 // 2: the ending and the follow-ups (summaryVersion 2); 3: closed entries are trusted at rest, so an index an older build kept (which may hold a closed entry of an incident reopened since) is rebuilt once
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

// readIndex reads the index in dir (the incidents directory): its entries,
// sorted by name, and the index file's identity as stat saw it when read
// (its modification time is when it was written); an error when it is
// missing, unreadable, of another version or damaged, each of which only
// means that List checks every incident as if it had no index. The
// identity is that of the file read even when it does not decode, zero
// when there was none.
func readIndex(dir string, buf *scratch) ([]indexEntry, journalID, error) {
	raw, file, err := readIndexFile(filepath.Join(dir, IndexFile), buf)
	if err != nil {
		return nil, journalID{}, err
	}
	entries, err := decodeIndex(raw)
	return entries, file, err
}

// errIndex is any index this build does not read: it is rebuilt.
var errIndex = errors.New("incident index unreadable")

// decodeIndex decodes an index file: the magic, the version, the number of
// entries, the entries in order of name, and a CRC-32C of all that. Every
// string shares raw's memory, so that ten thousand entries cost a handful
// of allocations: raw must not be written to after the call (readIndex
// reads it into a buffer of its own).
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
	// The strings share raw's memory rather than a copy of it (2.5 MB at
	// 10,000 incidents, as many fresh pages for a process to fault in):
	// raw is the decoder's from here on, and nothing writes to it.
	d := indexDecoder{s: unsafe.String(unsafe.SliceData(body[1:]), len(body)-1)}
	n := d.uvarint()
	if n > uint64(len(d.s)) { // every entry takes more than a byte
		return nil, errIndex
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
			return nil, errIndex
		}
		if k > 0 && entries[k-1].name >= e.name || e.name == "" || r.Incident == "" || r.LastSeq == 0 {
			return nil, errIndex
		}
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

// commitIndex writes the index List built (fresh[i] is names[i]'s entry,
// nil for none; checked[i] says List checked it against its journal
// rather than taking it from the index it read, whose identity is read),
// under the index's lock. It waits for another process's update to be
// written, and merges with it; it gives up, leaving the update to the next
// listing, only when the lock is held past listWait (a stuck holder): a
// listing must not hang on another process.
//
// Under the lock, two things are looked at again. When the index is no
// longer the one List read (another listing or a reopen rewrote it), the
// two are merged rather than the other's update lost: the entries List
// checked itself are List's, every other entry is the index's as it now
// stands (an entry a reopen took out stays out). And the closed entries
// List checked are kept only while their journal's stat is still what
// the check saw: a reopen recorded since then (under the lock, after the
// check) changed it. So no closed entry is written that a reopen has
// overtaken, which is what lets List trust closed entries unseen (see
// closedAtRest).
func commitIndex(dir string, read journalID, names []string, checked []bool, fresh []*indexEntry) error {
	unlock, ok, err := lockIndex(dir, listWait)
	if err != nil || !ok {
		return err
	}
	defer unlock()
	var buf scratch
	buf.openDir(dir)
	defer buf.closeDir()
	now, exists := statJournal(filepath.Join(dir, IndexFile), &buf)
	var keep []indexEntry
	if exists && now != read || !exists && read != (journalID{}) {
		cur, _, err := readIndex(dir, &buf)
		if err != nil {
			cur = nil // no index to merge with: List's entries are all there is
		}
		keep = mergeIndex(cur, names, checked, fresh)
	} else {
		keep = make([]indexEntry, 0, len(names))
		for _, e := range fresh {
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
	return writeIndex(dir, keep)
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
// before the reopen finds its stat changed (see commitIndex). An incident
// outside a home's incidents directory has no index to leave.
//
// Where the lock cannot be taken (an incidents directory this process may
// not write), the index is removed instead, so that the next listing
// checks every incident; only when that fails too is the reopen refused,
// since a listing would go on showing the incident closed. A lock held
// past reopenWait (a stuck process) refuses it too: ErrIndexBusy.
func forgetIndexed(incDir string) (release func(), err error) {
	dir, name := filepath.Split(filepath.Clean(incDir))
	dir = filepath.Clean(dir)
	if filepath.Base(dir) != filepath.Base(IncidentsDir("")) {
		return func() {}, nil
	}
	unlock, ok, lockErr := lockIndex(dir, reopenWait)
	if lockErr == nil && !ok {
		return nil, refuse(ErrIndexBusy, fmt.Sprintf("%v: %s", ErrIndexBusy, filepath.Join(dir, indexLockFile)), "index-busy",
			Code("Lock", filepath.Join(dir, indexLockFile)))
	}
	if lockErr != nil {
		if err := os.Remove(filepath.Join(dir, IndexFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("take %s out of the incident index: %w", name, errors.Join(lockErr, err))
		}
		return func() {}, nil
	}
	var buf scratch
	entries, _, err := readIndex(dir, &buf)
	if err != nil {
		return unlock, nil // no index, or one no listing reads
	}
	k, found := slices.BinarySearchFunc(entries, name, func(e indexEntry, name string) int { return strings.Compare(e.name, name) })
	if !found {
		return unlock, nil
	}
	if err := writeIndex(dir, slices.Delete(entries, k, k+1)); err != nil {
		if rerr := os.Remove(filepath.Join(dir, IndexFile)); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			unlock()
			return nil, fmt.Errorf("take %s out of the incident index: %w", name, errors.Join(err, rerr))
		}
	}
	return unlock, nil
}
