package incident

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// ageIndex moves the home's index's modification time a minute on, as if
// it had been written well after every journal's last change: without it,
// every entry a test has just written is racy (see racyWindow) and is
// checked by its journal's tail, so a test could not tell a trusted entry
// from a checked one.
func ageIndex(t *testing.T, home string) {
	t.Helper()
	later := time.Now().Add(time.Minute)
	must(t, os.Chtimes(IndexPath(home), later, later))
}

// readIndexOf decodes home's index, failing the test when it does not.
func readIndexOf(t *testing.T, home string) []indexEntry {
	t.Helper()
	var buf scratch
	entries, _, err := readIndex(IncidentsDir(home), &buf)
	must(t, err)
	return entries
}

// spoilSummaries overwrites every summary file of home with garbage, so
// that a listing that is right afterwards did not read them.
func spoilSummaries(t *testing.T, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		must(t, os.WriteFile(filepath.Join(dir, SummaryFile), []byte("not a summary"), 0o600))
	}
}

// listing is what a list shows, in a form that compares times with their
// zones and leaves out why each summary was read as it was.
func listing(sums []Summary) string {
	var b bytes.Buffer
	for _, s := range sums {
		s.Rebuilt = ""
		fmt.Fprintf(&b, "%+v opened %s next %s\n", s, s.Opened.String(), s.NextDue.String())
	}
	return b.String()
}

func TestIndexTrustedEntryIsUsed(t *testing.T) {
	t.Parallel()
	if !statProves {
		t.Skip("a stat proves nothing on this system: every entry is checked by its tail (TestIndexCheckedEntries)")
	}
	home, dirA, dirB := summaryHome(t)
	first, err := List(home)
	must(t, err)
	if len(readIndexOf(t, home)) != 2 {
		t.Fatalf("index after the first listing: %+v", readIndexOf(t, home))
	}
	ageIndex(t, home)
	spoilSummaries(t, dirA, dirB)
	second, err := List(home)
	must(t, err)
	for _, s := range second {
		if s.Rebuilt != "" || s.Err != nil {
			t.Errorf("%s: not listed from the index: %+v", s.ID, s)
		}
	}
	if listing(first) != listing(second) {
		t.Errorf("from the summary files:\n%s\nfrom the index:\n%s", listing(first), listing(second))
	}
}

// TestIndexListsAsTheSummaryFilesDo: an incident listed from the index
// is exactly what the summary file and a replay say, zones of times
// included, in every zone the process may run in.
func TestIndexListsAsTheSummaryFilesDo(t *testing.T) {
	t.Parallel()
	home, dirA, dirB := summaryHome(t)
	fromFiles, err := List(home)
	must(t, err)
	must(t, os.Remove(filepath.Join(dirA, SummaryFile)))
	must(t, os.Remove(filepath.Join(dirB, SummaryFile)))
	must(t, os.Remove(IndexPath(home)))
	replayed, err := List(home)
	must(t, err)
	ageIndex(t, home)
	fromIndex, err := List(home)
	must(t, err)
	if listing(fromFiles) != listing(replayed) || listing(replayed) != listing(fromIndex) {
		t.Errorf("summary files:\n%s\nreplayed:\n%s\nindex:\n%s", listing(fromFiles), listing(replayed), listing(fromIndex))
	}
	// Times in other zones, through the encoding alone.
	jst := time.FixedZone("JST", 9*3600)
	for _, at := range []time.Time{
		time.Date(2026, 11, 25, 21, 4, 0, 500, jst),
		time.Date(2026, 11, 25, 12, 4, 0, 0, time.UTC),
		time.Date(2026, 11, 25, 12, 4, 0, 0, time.FixedZone("", 0)),
		time.Date(2026, 7, 1, 12, 4, 0, 0, time.Local),
		time.Date(1969, 7, 20, 20, 17, 40, 0, time.FixedZone("", -5*3600-30*60)),
	} {
		text, err := at.MarshalText()
		must(t, err)
		var viaText time.Time
		must(t, viaText.UnmarshalText(text))
		d := indexDecoder{s: string(appendIndexTime(nil, at))}
		viaIndex := d.time()
		if d.bad || d.s != "" || viaIndex.String() != viaText.String() || viaIndex.Location().String() != viaText.Location().String() {
			t.Errorf("%s: the index decodes %s (%s); the summary file %s (%s)", at, viaIndex, viaIndex.Location(), viaText, viaText.Location())
		}
	}
}

// TestIndexRebuilt: a missing, damaged, foreign or older index is no
// error: every incident is checked as without one, and a good index is
// written.
func TestIndexRebuilt(t *testing.T) {
	t.Parallel()
	good := func(t *testing.T, home string) []byte {
		_, err := List(home)
		must(t, err)
		raw, err := os.ReadFile(IndexPath(home))
		must(t, err)
		return raw
	}
	tests := []struct {
		name  string
		spoil func(raw []byte) []byte // nil: remove the index
	}{
		{"missing", nil},
		{"empty", func([]byte) []byte { return nil }},
		{"cut short", func(raw []byte) []byte { return raw[:len(raw)/2] }},
		{"one bit flipped", func(raw []byte) []byte { raw[len(raw)/2] ^= 0x10; return raw }},
		{"older version", func(raw []byte) []byte {
			raw[len(indexMagic)] = indexVersion - 1
			return fixCRC(raw)
		}},
		{"newer version", func(raw []byte) []byte {
			raw[len(indexMagic)] = indexVersion + 1
			return fixCRC(raw)
		}},
		{"another file", func([]byte) []byte { return []byte(`{"version":1}`) }},
		{"a count past the entries", func(raw []byte) []byte {
			raw[len(indexMagic)+1] = 100 // was 2, one byte long
			return fixCRC(raw)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home, dirA, dirB := summaryHome(t)
			raw := good(t, home)
			path := IndexPath(home)
			if tt.spoil == nil {
				must(t, os.Remove(path))
			} else {
				must(t, os.WriteFile(path, tt.spoil(bytes.Clone(raw)), 0o600))
			}
			sums, err := List(home)
			must(t, err)
			if len(sums) != 2 || sums[0].Dir != dirB || sums[1].Dir != dirA || sums[0].Phase != PhaseClosed || sums[1].Verdict != "ransomware" {
				t.Errorf("listed: %+v", sums)
			}
			if entries := readIndexOf(t, home); len(entries) != 2 {
				t.Errorf("index rewritten with %d entries; want 2", len(entries))
			}
		})
	}
}

// fixCRC recomputes an index's checksum after a test changed its body.
func fixCRC(raw []byte) []byte {
	body := raw[:len(raw)-4]
	return encodeCRC(body)
}

func encodeCRC(body []byte) []byte {
	out := bytes.Clone(body)
	c := crc32.Checksum(out, castagnoli)
	return append(out, byte(c), byte(c>>8), byte(c>>16), byte(c>>24))
}

// TestIndexNotTrustedAfterChange: every way a journal can change after its
// entry was written makes List check it again, and the listing says what
// the journal says; the other incident stays trusted.
func TestIndexNotTrustedAfterChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(t *testing.T, home, dirA, dirB string)
		check  func(t *testing.T, got Summary)
	}{
		{
			name: "appended by another process",
			change: func(t *testing.T, _, dirA, _ string) {
				j, err := journal.Open(dirA, nil)
				must(t, err)
				_, err = j.Append(journal.Entry{At: t0.Add(time.Hour), Actor: "bob", Type: TypeNoteAdded, Data: json.RawMessage(`{"text":"elsewhere"}`)})
				must(t, err)
				must(t, j.Close())
			},
			check: func(t *testing.T, got Summary) {
				if got.Rebuilt != RebuildStale || got.LastSeq == 0 || got.Err != nil {
					t.Errorf("got %+v; want the new record, read in full", got)
				}
			},
		},
		{
			name: "appended by a session",
			change: func(t *testing.T, home, dirA, _ string) {
				s, err := Resume(dirA, ResumeOptions{Home: home, Clock: testkit.NewClock(t0.Add(3 * time.Hour))})
				must(t, err)
				must(t, s.Note("alice", "vendor called back"))
				must(t, s.Detach())
			},
			check: func(t *testing.T, got Summary) {
				// The session rewrote the summary file: the entry is
				// replaced from it, nothing replayed.
				if got.Rebuilt != "" || got.Err != nil {
					t.Errorf("got %+v; want it from the session's summary file", got)
				}
			},
		},
		{
			name: "appended by hand",
			change: func(t *testing.T, _, dirA, _ string) {
				f, err := os.OpenFile(filepath.Join(dirA, journal.JournalFile), os.O_APPEND|os.O_WRONLY, 0)
				must(t, err)
				_, err = f.WriteString(`{"seq":99,"type":"incident.closed"}` + "\n")
				must(t, err)
				must(t, f.Close())
			},
			check: func(t *testing.T, got Summary) {
				if got.Rebuilt != RebuildStale || got.Err == nil {
					t.Errorf("got %+v; want read in full and broken", got)
				}
			},
		},
		{
			name: "replaced by a file of the same size, times put back",
			change: func(t *testing.T, _, dirA, _ string) {
				path := filepath.Join(dirA, journal.JournalFile)
				fi, err := os.Stat(path)
				must(t, err)
				raw, err := os.ReadFile(path)
				must(t, err)
				// Same size, same last line: one byte of the second record.
				i := indexNth(raw, '\n', 1) + 1 + len(`{"seq":2,"id":"`)
				raw[i] ^= 1
				other := filepath.Join(dirA, "forged")
				must(t, os.WriteFile(other, raw, 0o600))
				must(t, os.Chtimes(other, fi.ModTime(), fi.ModTime()))
				must(t, os.Rename(other, path))
				after, err := os.Stat(path)
				must(t, err)
				if after.Size() != fi.Size() || !after.ModTime().Equal(fi.ModTime()) {
					t.Fatalf("the forgery shows: %v %v", after.Size(), after.ModTime())
				}
			},
			check: func(t *testing.T, got Summary) {
				if got.Rebuilt != RebuildStale || got.Err == nil {
					t.Errorf("got %+v; want read in full and broken", got)
				}
			},
		},
		{
			name: "edited in place, size and times put back",
			change: func(t *testing.T, _, dirA, _ string) {
				path := filepath.Join(dirA, journal.JournalFile)
				fi, err := os.Stat(path)
				must(t, err)
				raw, err := os.ReadFile(path)
				must(t, err)
				i := indexNth(raw, '\n', 1) + 1 + len(`{"seq":2,"id":"`)
				raw[i] ^= 1
				must(t, os.WriteFile(path, raw, 0o600))
				must(t, os.Chtimes(path, fi.ModTime(), fi.ModTime()))
			},
			check: func(t *testing.T, got Summary) {
				if got.Rebuilt != RebuildStale || got.Err == nil {
					t.Errorf("got %+v; want read in full and broken", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home, dirA, dirB := summaryHome(t)
			_, err := List(home)
			must(t, err)
			ageIndex(t, home)
			tt.change(t, home, dirA, dirB)
			got := listOne(t, home, dirA)
			tt.check(t, got)
			if lines := journalLines(t, dirA); got.Err == nil && got.LastSeq != uint64(lines) {
				t.Errorf("listed at seq %d; the journal has %d records", got.LastSeq, lines)
			}
			if other := listOne(t, home, dirB); other.Rebuilt != "" || other.Phase != PhaseClosed {
				t.Errorf("the other incident: %+v", other)
			}
			// The entry now describes the journal as it is (or is gone,
			// for a broken journal), and lists as a replay does.
			again := listOne(t, home, dirA)
			if got.Err == nil && (again.Rebuilt != "" || again.LastSeq != got.LastSeq || again.Phase != got.Phase) {
				t.Errorf("listed again: %+v; want %+v", again, got)
			}
			for _, e := range readIndexOf(t, home) {
				if e.name == filepath.Base(dirA) && got.Err != nil {
					t.Errorf("a broken journal has an index entry: %+v", e)
				}
			}
		})
	}
}

// journalLines counts the records of dir's journal.
func journalLines(t *testing.T, dir string) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, journal.JournalFile))
	must(t, err)
	return bytes.Count(raw, []byte("\n"))
}

// TestIndexTrusted: the stat must match in every field, and a journal
// that changed just before the index was written is racy.
func TestIndexTrusted(t *testing.T) {
	t.Parallel()
	const sec = int64(time.Second)
	e := indexEntry{name: "INC", rec: summaryRecord{JournalSize: 100, JournalMtime: 1000 * sec, JournalCtime: 1000 * sec}, ino: 7, dev: 3}
	same := e.id()
	written := 1010 * sec
	if !indexTrusted(&e, same, written) {
		t.Fatalf("a matching stat, ten seconds old, is not trusted")
	}
	for name, now := range map[string]journalID{
		"size":  {size: 101, mtime: same.mtime, ctime: same.ctime, ino: 7, dev: 3},
		"mtime": {size: 100, mtime: same.mtime + 1, ctime: same.ctime, ino: 7, dev: 3},
		"ctime": {size: 100, mtime: same.mtime, ctime: same.ctime + 1, ino: 7, dev: 3},
		"inode": {size: 100, mtime: same.mtime, ctime: same.ctime, ino: 8, dev: 3},
		"dev":   {size: 100, mtime: same.mtime, ctime: same.ctime, ino: 7, dev: 4},
	} {
		if indexTrusted(&e, now, written) {
			t.Errorf("another %s is trusted", name)
		}
	}
	if indexTrusted(&e, same, same.ctime+racyWindow.Nanoseconds()-1) {
		t.Errorf("an entry written within %s of its journal's change is trusted", racyWindow)
	}
	if !indexTrusted(&e, same, same.ctime+racyWindow.Nanoseconds()) {
		t.Errorf("an entry written %s after its journal's change is not trusted", racyWindow)
	}
	if indexTrusted(&e, same, same.ctime-sec) {
		t.Errorf("an entry whose journal changed after the index was written is trusted")
	}
}

// TestIndexCheckedEntries: an entry that is racy (or, where a stat proves
// nothing, any entry) is checked by its journal's tail, and listed from
// the index without reading the summary file when the tail agrees.
func TestIndexCheckedEntries(t *testing.T) {
	t.Parallel()
	home, dirA, dirB := summaryHome(t)
	first, err := List(home)
	must(t, err)
	spoilSummaries(t, dirA, dirB) // the index was written just now: both entries are racy
	second, err := List(home)
	must(t, err)
	for _, s := range second {
		if s.Rebuilt != "" || s.Err != nil {
			t.Errorf("%s: %+v", s.ID, s)
		}
	}
	if listing(first) != listing(second) {
		t.Errorf("first:\n%s\nsecond:\n%s", listing(first), listing(second))
	}
}

// TestIndexFollowsTheDirectory: an incident removed disappears from the
// list and the index; one added by another process appears in both.
func TestIndexFollowsTheDirectory(t *testing.T) {
	t.Parallel()
	home, dirA, dirB := summaryHome(t)
	_, err := List(home)
	must(t, err)
	ageIndex(t, home)
	must(t, os.RemoveAll(dirA))
	sums, err := List(home)
	must(t, err)
	if len(sums) != 1 || sums[0].Dir != dirB {
		t.Fatalf("after removing A: %+v", sums)
	}
	if entries := readIndexOf(t, home); len(entries) != 1 || entries[0].name != filepath.Base(dirB) {
		t.Errorf("index after removing A: %+v", entries)
	}
	rb := loadFixture(t, "triggers.toml")
	c, err := Open(rb, OpenOptions{Home: home, Actor: "carol", Clock: testkit.NewClock(t0.Add(5 * time.Hour)), ID: "INC-20261125-000C"})
	must(t, err)
	must(t, c.Detach())
	sums, err = List(home)
	must(t, err)
	if len(sums) != 2 || sums[0].ID != "INC-20261125-000C" || sums[1].Dir != dirB {
		t.Fatalf("after adding C: %+v", sums)
	}
	if entries := readIndexOf(t, home); len(entries) != 2 {
		t.Errorf("index after adding C: %+v", entries)
	}
}

// TestIndexFile: the index is its owner's only, replaced without
// temporaries left behind, and a symbolic link in its place is neither
// followed nor written through.
func TestIndexFile(t *testing.T) {
	t.Parallel()
	home, _, _ := summaryHome(t)
	_, err := List(home)
	must(t, err)
	path := IndexPath(home)
	fi, err := os.Lstat(path)
	must(t, err)
	if fi.Mode().Perm() != 0o600 || !fi.Mode().IsRegular() {
		t.Errorf("index mode %v; want a regular file, 0600", fi.Mode())
	}
	for _, d := range []string{IncidentsDir(home), filepath.Join(home, IndexDir)} {
		entries, err := os.ReadDir(d)
		must(t, err)
		for _, e := range entries {
			if filepath.Ext(e.Name()) == ".tmp" {
				t.Errorf("temporary file left: %s", e.Name())
			}
		}
	}
	if fi, err := os.Stat(filepath.Join(home, IndexDir)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("index directory: %v, %v; want 0700", fi, err)
	}
	target := filepath.Join(t.TempDir(), "elsewhere")
	must(t, os.WriteFile(target, []byte("keep me"), 0o600))
	must(t, os.Remove(path))
	must(t, os.Symlink(target, path))
	sums, err := List(home)
	must(t, err)
	if len(sums) != 2 {
		t.Fatalf("listed %+v", sums)
	}
	if raw, err := os.ReadFile(target); err != nil || string(raw) != "keep me" {
		t.Errorf("the link's target was written: %q, %v", raw, err)
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link was not replaced by an index: %v, %v", fi, err)
	}
}

// TestIndexConcurrent: two listings and a session recording at once
// (run with -race) never corrupt the index nor list a wrong incident, and
// once the session stops a listing agrees with its journal.
func TestIndexConcurrent(t *testing.T) {
	t.Parallel()
	home, dirA, _ := summaryHome(t)
	s, err := Resume(dirA, ResumeOptions{Home: home, Clock: testkit.NewClock(t0.Add(2 * time.Hour))})
	must(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 2 {
		wg.Go(func() {
			for range 20 {
				sums, err := List(home)
				if err != nil || len(sums) != 2 {
					errs <- fmt.Errorf("list: %d, %v", len(sums), err)
					return
				}
				for _, sum := range sums {
					if sum.Err != nil || sum.ID == "" {
						errs <- fmt.Errorf("listed %+v", sum)
					}
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 20 {
			if err := s.Note("alice", fmt.Sprintf("note %d", i)); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	want := s.State()
	must(t, s.Detach())
	readIndexOf(t, home) // decodes
	got := listOne(t, home, dirA)
	if got.LastSeq != want.LastSeq || got.Events != len(want.Events) || got.Err != nil {
		t.Errorf("after the session: %+v; want seq %d", got, want.LastSeq)
	}
	ageIndex(t, home)
	if again := listOne(t, home, dirA); again.LastSeq != want.LastSeq {
		t.Errorf("from the index: %+v; want seq %d", again, want.LastSeq)
	}
}

// FuzzDecodeIndex: no input makes the decoder panic or read past its
// input, and whatever it accepts encodes to an index that decodes to the
// same entries.
func FuzzDecodeIndex(f *testing.F) {
	jst := time.FixedZone("", 9*3600)
	entries := []indexEntry{
		{name: "INC-20261125-000A", ino: 12, dev: 2049, rec: summaryRecord{
			Version: summaryVersion, Incident: "INC-20261125-000A", UUID: "u", Runbook: "r", RunbookTitle: "障害", Name: "n",
			Opened: time.Date(2026, 11, 25, 21, 4, 0, 5, jst), Phase: PhaseOpen, Verdict: "v", VerdictTitle: "V",
			NextDue: time.Date(2026, 11, 25, 13, 4, 0, 0, time.UTC), NextDuty: "d", Running: 3, Overdue: 1, Events: 14,
			LastSeq: 14, LastHash: "ab", LastType: "duty.started", JournalSize: 12345, JournalMtime: -1, JournalCtime: 1 << 62,
		}},
		{name: "INC-20261125-000B", rec: summaryRecord{Version: summaryVersion, Incident: "B", LastSeq: 1, Phase: PhaseClosed}},
	}
	f.Add(encodeIndex(indexHead{entries: entries, unindexed: []string{"INC-20261125-000C"}, dir: journalID{size: 4096, mtime: 1, ctime: 2, ino: 3, dev: 4},
		archive: archiveRef{count: 2, sum: 7, newest: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), newestID: "INC-20261124-0001"}}))
	f.Add(encodeIndex(indexHead{}))
	f.Add([]byte(indexMagic))
	f.Add(encodeCRC([]byte(indexMagic + "\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := decodeIndex(raw)
		if err != nil {
			return
		}
		once := encodeIndex(got)
		back, err := decodeIndex(once)
		if err != nil {
			t.Fatalf("decoded %+v from %q, which encodes to %q, which does not decode: %v", got, raw, once, err)
		}
		if twice := encodeIndex(back); !bytes.Equal(once, twice) {
			t.Fatalf("%+v encodes to %q, then to %q", got, once, twice)
		}
	})
}
