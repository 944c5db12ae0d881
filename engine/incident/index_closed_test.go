package incident

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// The tests of closed incidents in the home's index (see closedAtRest):
// listed from their entry alone, taken out by a reopen, and never written
// back by a listing the reopen overtook.

// indexed returns home's index entry for the incident in dir, or nil.
func indexed(t *testing.T, home, dir string) *indexEntry {
	t.Helper()
	for _, e := range readIndexOf(t, home) {
		if e.name == filepath.Base(dir) {
			return &e
		}
	}
	return nil
}

// reopen resumes the closed incident in dir and reopens it.
func reopen(t *testing.T, home, dir string, at time.Time) {
	t.Helper()
	r, err := Resume(dir, ResumeOptions{Home: home, Clock: testkit.NewClock(at)})
	must(t, err)
	must(t, r.Reopen("alice", "the disk failed again"))
	must(t, r.Detach())
}

// TestIndexClosedAtRestIsNotLookedAt: a closed incident whose entry is at
// rest is listed from the index without a look at its directory (which is
// what keeps a listing flat in the archive's size), while an open one is
// still checked against its journal.
func TestIndexClosedAtRestIsNotLookedAt(t *testing.T) {
	t.Parallel()
	if !statProves {
		t.Skip("closed incidents are checked like any other where a stat proves nothing (TestIndexCheckedEntries)")
	}
	home, dirA, dirB := summaryHome(t)
	before := listOne(t, home, dirB)
	ageIndex(t, home)
	// Out of the way, so that any look at B's journal or summary shows.
	must(t, os.Rename(filepath.Join(dirB, journal.JournalFile), filepath.Join(dirB, "moved.jsonl")))
	must(t, os.Rename(filepath.Join(dirB, SummaryFile), filepath.Join(dirB, "moved.json")))
	got := listOne(t, home, dirB)
	if got.Rebuilt != "" || got.Err != nil || got.Phase != PhaseClosed || got.LastSeq != before.LastSeq {
		t.Errorf("closed at rest: %+v; want it from the index, as before: %+v", got, before)
	}
	// The open incident is still looked at: appended behind the index's
	// back, it is listed as the journal now stands.
	j, err := journal.Open(dirA, nil)
	must(t, err)
	_, err = j.Append(journal.Entry{At: t0.Add(time.Hour), Actor: "bob", Type: TypeNoteAdded, Data: []byte(`{"text":"elsewhere"}`)})
	must(t, err)
	must(t, j.Close())
	if open := listOne(t, home, dirA); open.LastSeq != uint64(journalLines(t, dirA)) {
		t.Errorf("open incident listed at seq %d; its journal has %d records", open.LastSeq, journalLines(t, dirA))
	}
}

// TestIndexReopenTakesTheEntryOut: after a reopen, every listing shows the
// incident open, whether or not the index was rewritten since, and the
// index holds it as open again.
func TestIndexReopenTakesTheEntryOut(t *testing.T) {
	t.Parallel()
	for _, aged := range []bool{false, true} {
		t.Run(fmt.Sprintf("index aged after the reopen: %v", aged), func(t *testing.T) {
			t.Parallel()
			home, _, dirB := summaryHome(t)
			if got := listOne(t, home, dirB); got.Phase != PhaseClosed {
				t.Fatalf("before the reopen: %+v", got)
			}
			ageIndex(t, home)
			if e := indexed(t, home, dirB); e == nil || !closedAtRest(e, time.Now().Add(time.Minute).UnixNano()) {
				t.Fatalf("the closed incident is not at rest in the index: %+v", e)
			}
			reopen(t, home, dirB, t0.Add(4*time.Hour))
			if e := indexed(t, home, dirB); e != nil {
				t.Errorf("the reopen left the entry in the index: %+v", e.rec)
			}
			if aged {
				ageIndex(t, home)
			}
			for range 2 { // the listing that rewrites the index, and the one after it
				got := listOne(t, home, dirB)
				if got.Phase != PhaseOpen || got.Closed || got.LastSeq != uint64(journalLines(t, dirB)) {
					t.Errorf("after the reopen: %+v; want open at seq %d", got, journalLines(t, dirB))
				}
				ageIndex(t, home)
			}
			if e := indexed(t, home, dirB); e == nil || e.rec.Phase != PhaseOpen {
				t.Errorf("index entry after the reopen: %+v; want it open", e)
			}
		})
	}
}

// TestIndexListingOvertakenByReopen: a listing that checked a closed
// incident before a reopen, and writes the index after it, does not write
// the closed entry back, whether the reopen rewrote the index (the two are
// merged) or found none to rewrite.
func TestIndexListingOvertakenByReopen(t *testing.T) {
	t.Parallel()
	if !statProves {
		t.Skip("closed entries are not trusted unseen here")
	}
	for _, withIndex := range []bool{true, false} {
		t.Run(fmt.Sprintf("index present at the reopen: %v", withIndex), func(t *testing.T) {
			t.Parallel()
			home, dirA, dirB := summaryHome(t)
			dir := IncidentsDir(home)
			_, err := List(home)
			must(t, err)
			// What a listing has when it is about to write: every entry
			// checked, B's as closed, and the index it read.
			var buf scratch
			entries, read, err := readIndex(dir, &buf)
			must(t, err)
			names := make([]string, len(entries))
			checked := make([]bool, len(entries))
			fresh := make([]*indexEntry, len(entries))
			for i := range entries {
				names[i], checked[i] = entries[i].name, true
				entries[i].checked = true
				fresh[i] = &entries[i]
			}
			if !withIndex {
				must(t, os.Remove(filepath.Join(indexDirOf(dir), indexHeadFile)))
				read = journalID{}
			}
			reopen(t, home, dirB, t0.Add(4*time.Hour))
			must(t, commitIndex(dir, indexUpdate{names: names, checked: checked, fresh: fresh, read: read, whole: true}))
			if e := indexed(t, home, dirB); e != nil && e.rec.Phase == PhaseClosed {
				t.Errorf("the overtaken listing wrote the closed entry back: %+v", e.rec)
			}
			if e := indexed(t, home, dirA); e == nil {
				t.Errorf("the open incident's entry was lost")
			}
			ageIndex(t, home)
			if got := listOne(t, home, dirB); got.Phase != PhaseOpen {
				t.Errorf("listed after the reopen: %+v; want open", got)
			}
		})
	}
}

// TestIndexConcurrentClosers: incidents closed at once, each by its own
// session followed by its own listing, all end up in the index as closed:
// every listing waits for the index's lock and merges with what the
// others wrote, none overwrites another's entry. (flock locks belong to
// an open file, so the goroutines contend for the lock as processes do.)
func TestIndexConcurrentClosers(t *testing.T) {
	t.Parallel()
	const closers = 6
	rb := loadFixture(t, "triggers.toml")
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	var sessions []*Session
	for i := range closers {
		s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: fmt.Sprintf("INC-20261125-%04X", i)})
		must(t, err)
		must(t, s.Answer("alice", "symptom", "down"))
		must(t, s.Answer("alice", "cause", "hw"))
		handOverAll(t, s, "alice")
		sessions = append(sessions, s)
	}
	_, err := List(home) // the index holds them all, open
	must(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, closers)
	for _, s := range sessions {
		wg.Go(func() {
			if err := s.Close("alice", "replaced a disk"); err != nil {
				errs <- err
				return
			}
			sums, err := List(home)
			for _, sum := range sums {
				if sum.ID == s.State().ID && sum.Phase != PhaseClosed {
					err = errors.Join(err, fmt.Errorf("%s listed %s right after its close", sum.ID, sum.Phase))
				}
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	entries := readIndexOf(t, home)
	if len(entries) != closers {
		t.Errorf("index holds %d entries; want %d", len(entries), closers)
	}
	for _, e := range entries {
		if e.rec.Phase != PhaseClosed {
			t.Errorf("%s: %s in the index; want closed", e.name, e.rec.Phase)
		}
	}
}

// TestIndexMerge: what a listing checked replaces the other process's
// entry unless that one is of a later record; what it took from the index
// it read follows the index as it now stands.
func TestIndexMerge(t *testing.T) {
	t.Parallel()
	entry := func(name string, seq uint64, phase Phase) indexEntry {
		return indexEntry{name: name, rec: summaryRecord{Incident: name, LastSeq: seq, Phase: phase}}
	}
	show := func(es []indexEntry) string {
		s := ""
		for _, e := range es {
			s += fmt.Sprintf("%s@%d:%s ", e.name, e.rec.LastSeq, e.rec.Phase)
		}
		return s
	}
	cur := []indexEntry{
		entry("A", 5, PhaseOpen),   // another listing saw A later than this one did
		entry("B", 3, PhaseOpen),   // this one saw B later
		entry("D", 7, PhaseClosed), // this one took D from the index it read
		entry("E", 2, PhaseOpen),   // opened since this listing read the directory
	}
	mine := []indexEntry{entry("A", 4, PhaseOpen), entry("B", 4, PhaseClosed), entry("C", 9, PhaseClosed), entry("D", 7, PhaseClosed), entry("F", 6, PhaseClosed)}
	names := []string{"A", "B", "C", "D", "F"}
	checked := []bool{true, true, true, false, false}
	fresh := []*indexEntry{&mine[0], &mine[1], &mine[2], &mine[3], &mine[4]}
	// F: taken from the index this listing read, gone from the index now
	// (a reopen took it out): it stays out.
	got := show(mergeIndex(cur, names, checked, fresh))
	want := "A@5:open B@4:closed C@9:closed D@7:closed E@2:open "
	if got != want {
		t.Errorf("merged %s\nwant   %s", got, want)
	}
}

// TestIndexTwoListingsMerge: two listings that read the same index, each
// having checked a different incident closed since, write in turn; the
// second merges with the first rather than writing back the first one's
// incident as the index it read had it (open).
func TestIndexTwoListingsMerge(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	home := t.TempDir()
	dir := IncidentsDir(home)
	clock := testkit.NewClock(t0)
	var sessions []*Session
	for i := range 2 {
		s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: fmt.Sprintf("INC-20261125-%04X", i)})
		must(t, err)
		must(t, s.Answer("alice", "symptom", "down"))
		must(t, s.Answer("alice", "cause", "hw"))
		handOverAll(t, s, "alice")
		sessions = append(sessions, s)
	}
	_, err := List(home)
	must(t, err)
	var buf scratch
	read, readID, err := readIndex(dir, &buf)
	must(t, err)
	for _, s := range sessions {
		must(t, s.Close("alice", "replaced a disk"))
	}
	// Listing k checked incident k and took the other from the index.
	for k := range sessions {
		names := []string{read[0].name, read[1].name}
		checked := make([]bool, 2)
		fresh := []*indexEntry{&read[0], &read[1]}
		_, e, ok := listChecked(filepath.Join(dir, names[k]), names[k], nil, &buf)
		if !ok || e.rec.Phase != PhaseClosed {
			t.Fatalf("check of %s: %+v", names[k], e.rec)
		}
		e.checked, checked[k], fresh[k] = true, true, &e
		must(t, commitIndex(dir, indexUpdate{names: names, checked: checked, fresh: fresh, read: readID, whole: true}))
	}
	entries := readIndexOf(t, home)
	if len(entries) != len(sessions) {
		t.Errorf("index holds %d entries; want %d", len(entries), len(sessions))
	}
	for _, e := range entries {
		if e.rec.Phase != PhaseClosed {
			t.Errorf("%s: %s in the index; want closed (an update was lost)", e.name, e.rec.Phase)
		}
	}
}
