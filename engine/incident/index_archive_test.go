package incident

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// splitAs rewrites home's index with the incidents archived (closed ones)
// in the archive and every other in the head, recording the incidents
// directory as it now is, and ages it (see ageIndex): the index a listing
// of a larger archive leaves, on a home small enough to reason about.
func splitAs(t *testing.T, home string, archived ...string) {
	t.Helper()
	dir := IncidentsDir(home)
	var head, archive []indexEntry
	for _, e := range readIndexOf(t, home) {
		if slices.Contains(archived, e.name) {
			archive = append(archive, e)
		} else {
			head = append(head, e)
		}
	}
	now, err := statDir(dir)
	must(t, err)
	must(t, storeIndex(dir, indexHead{entries: head, dir: now}, archive, true))
	ageIndex(t, home)
}

// headOf decodes home's head.
func headOf(t *testing.T, home string) indexHead {
	t.Helper()
	var buf scratch
	h, _, err := readHead(IncidentsDir(home), &buf)
	must(t, err)
	return h
}

// ids lists the ids of sums, in order.
func ids(sums []Summary) []string {
	var out []string
	for _, s := range sums {
		out = append(out, s.ID)
	}
	return out
}

// TestListedDir: the head vouches for the incidents directory only while
// the directory's every field is as recorded, and not when it changed
// within the racy window of the head being written.
func TestListedDir(t *testing.T) {
	t.Parallel()
	const written = int64(100 * time.Second)
	atRest := journalID{size: 4096, mtime: int64(90 * time.Second), ctime: int64(90 * time.Second), ino: 7, dev: 2049}
	moved := func(f func(*journalID)) journalID { id := atRest; f(&id); return id }
	tests := []struct {
		name          string
		recorded, now journalID
		want          bool
	}{
		{"unchanged, at rest", atRest, atRest, statProves},
		{"none recorded", journalID{}, atRest, false},
		{"an incident added or removed (times)", atRest, moved(func(id *journalID) { id.mtime++; id.ctime++ }), false},
		{"size", atRest, moved(func(id *journalID) { id.size += 4096 }), false},
		{"change time alone (times put back)", atRest, moved(func(id *journalID) { id.ctime++ }), false},
		{"another directory (inode)", atRest, moved(func(id *journalID) { id.ino++ }), false},
		{"racy: changed a second before the head was written", moved(func(id *journalID) { id.ctime = written - int64(time.Second) }),
			moved(func(id *journalID) { id.ctime = written - int64(time.Second) }), false},
		{"racy modification time", moved(func(id *journalID) { id.mtime = written }), moved(func(id *journalID) { id.mtime = written }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := listedDir(indexHead{dir: tt.recorded}, tt.now, written); got != tt.want {
				t.Errorf("listedDir = %v; want %v", got, tt.want)
			}
		})
	}
}

// TestIndexSkipsTheDirectory: a listing whose head vouches for the
// incidents directory does not read it. Shown with a head that leaves an
// incident out while recording the directory as it is: at rest, the
// incident is not listed (the directory was not read); when the directory
// changed within the racy window of the head being written, or the head
// recorded none, the directory is read, the incident listed and the index
// rewritten with it.
func TestIndexSkipsTheDirectory(t *testing.T) {
	t.Parallel()
	if !statProves {
		t.Skip("the directory is always read where a stat proves nothing")
	}
	tests := []struct {
		name   string
		forge  func(t *testing.T, home string, h *indexHead)
		listed bool
	}{
		{"at rest", func(*testing.T, string, *indexHead) {}, false},
		{"racy directory", func(t *testing.T, home string, h *indexHead) {
			// Written a second after the directory last changed.
			at := time.Unix(0, h.dir.ctime).Add(time.Second)
			must(t, os.Chtimes(IndexPath(home), at, at))
		}, true},
		{"no directory recorded", func(t *testing.T, home string, h *indexHead) {
			h.dir = journalID{}
			must(t, storeIndex(IncidentsDir(home), *h, nil, false))
			ageIndex(t, home)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home, dirA, dirB := summaryHome(t)
			_, err := List(home)
			must(t, err)
			splitAs(t, home) // no archive; the directory recorded
			h := headOf(t, home)
			h.entries = slices.DeleteFunc(h.entries, func(e indexEntry) bool { return e.name == filepath.Base(dirA) })
			must(t, storeIndex(IncidentsDir(home), h, nil, false))
			ageIndex(t, home)
			tt.forge(t, home, &h)
			sums, _, err := ListRecent(home, 50, time.Time{})
			must(t, err)
			if got := slices.Contains(ids(sums), "INC-20261125-000A"); got != tt.listed {
				t.Errorf("A listed: %v; want %v (%v)", got, tt.listed, ids(sums))
			}
			if !slices.Contains(ids(sums), "INC-20261125-000B") {
				t.Errorf("B not listed: %v", ids(sums))
			}
			if e := indexed(t, home, dirA); (e != nil) != tt.listed {
				t.Errorf("A in the index: %v; want %v", e != nil, tt.listed)
			}
			_ = dirB
		})
	}
}

// TestIndexFollowsTheDirectoryUnread: with the directory recorded and at
// rest, an incident another process opens since appears (the directory
// moved), one removed goes (from the archive too), one reopened leaves
// the archive and is listed open without the directory being read (a
// reopen does not move it), and one whose journal is broken (no entry) is
// listed at every listing.
func TestIndexFollowsTheDirectoryUnread(t *testing.T) {
	t.Parallel()
	if !statProves {
		t.Skip("the directory is always read where a stat proves nothing")
	}
	rb := loadFixture(t, "triggers.toml")
	t.Run("opened by another process", func(t *testing.T) {
		t.Parallel()
		home, _, dirB := summaryHome(t)
		_, err := List(home)
		must(t, err)
		splitAs(t, home, filepath.Base(dirB))
		c, err := Open(rb, OpenOptions{Home: home, Actor: "carol", Clock: testkit.NewClock(t0.Add(5 * time.Hour)), ID: "INC-20261125-000C"})
		must(t, err)
		must(t, c.Detach())
		sums, older, err := ListRecent(home, 0, time.Time{})
		must(t, err)
		if got := ids(sums); !slices.Equal(got, []string{"INC-20261125-000C", "INC-20261125-000A"}) || older != 1 {
			t.Errorf("listed %v, %d older; want C and A, B older", got, older)
		}
		if e := indexed(t, home, c.Dir()); e == nil {
			t.Error("C not in the index")
		}
	})
	t.Run("a broken journal stays listed", func(t *testing.T) {
		t.Parallel()
		home, _, _ := summaryHome(t)
		broken := filepath.Join(IncidentsDir(home), "INC-20261125-000D")
		must(t, os.Mkdir(broken, 0o700))
		must(t, os.WriteFile(filepath.Join(broken, "timeline.jsonl"), []byte("not a journal\n"), 0o600))
		for range 2 { // the first creates the index's lock, which moves the directory
			_, err := List(home)
			must(t, err)
		}
		ageIndex(t, home)
		h := headOf(t, home)
		now, err := statDir(IncidentsDir(home))
		must(t, err)
		if !slices.Equal(h.unindexed, []string{"INC-20261125-000D"}) || h.dir != now {
			t.Fatalf("head: without entry %v, directory recorded %v", h.unindexed, h.dir == now)
		}
		sums, _, err := ListRecent(home, 50, time.Time{})
		must(t, err)
		if !slices.ContainsFunc(sums, func(s Summary) bool { return s.Dir == broken && s.Err != nil }) {
			t.Errorf("the broken incident is not listed unreadable: %v", ids(sums))
		}
	})
	t.Run("removed from the archive", func(t *testing.T) {
		t.Parallel()
		home, _, dirB := summaryHome(t)
		_, err := List(home)
		must(t, err)
		splitAs(t, home, filepath.Base(dirB))
		must(t, os.RemoveAll(dirB))
		sums, older, err := ListRecent(home, 0, time.Time{})
		must(t, err)
		if got := ids(sums); !slices.Equal(got, []string{"INC-20261125-000A"}) || older != 0 {
			t.Errorf("listed %v, %d older; want A alone, none older", got, older)
		}
		if e := indexed(t, home, dirB); e != nil {
			t.Errorf("B still in the index: %+v", e)
		}
		if h := headOf(t, home); h.archive.count != 0 {
			t.Errorf("the archive still counts %d", h.archive.count)
		}
	})
	t.Run("reopened out of the archive", func(t *testing.T) {
		t.Parallel()
		home, _, dirB := summaryHome(t)
		_, err := List(home)
		must(t, err)
		splitAs(t, home, filepath.Base(dirB))
		before := headOf(t, home)
		reopen(t, home, dirB, t0.Add(4*time.Hour))
		h := headOf(t, home)
		if h.archive.count != 0 || !slices.Equal(h.unindexed, []string{filepath.Base(dirB)}) || h.dir != before.dir {
			t.Errorf("head after the reopen: archive %+v, without entry %v, directory kept %v", h.archive, h.unindexed, h.dir == before.dir)
		}
		now, err := statDir(IncidentsDir(home))
		must(t, err)
		if now != before.dir {
			t.Fatal("the reopen moved the incidents directory: this test no longer shows a listing that does not read it")
		}
		sums, older, err := ListRecent(home, 0, time.Time{})
		must(t, err)
		if got := ids(sums); !slices.Equal(got, []string{"INC-20261125-000B", "INC-20261125-000A"}) || older != 0 || sums[0].Phase != PhaseOpen {
			t.Errorf("listed %v (%s), %d older; want B open and A", got, sums[0].Phase, older)
		}
		if e := indexed(t, home, dirB); e == nil || e.rec.Phase != PhaseOpen {
			t.Errorf("B in the index after the listing: %+v; want open", e)
		}
	})
}

// TestIndexArchiveReadOnlyWhenNeeded: a listing the head serves does not
// read the archive (a damaged one is left as it is), and one that needs
// it (every closed incident, more than the head holds, since older than
// the head) reads it, or rebuilds it when it is damaged.
func TestIndexArchiveReadOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	if !statProves {
		t.Skip("closed incidents are checked like any other where a stat proves nothing")
	}
	home, _, dirB := summaryHome(t)
	_, err := List(home)
	must(t, err)
	splitAs(t, home, filepath.Base(dirB))
	archive := filepath.Join(home, IndexDir, indexArchiveFile)
	must(t, os.WriteFile(archive, []byte("damaged"), 0o600))
	for range 2 { // as written, and after a listing that wrote nothing
		sums, older, err := ListRecent(home, 0, t0.Add(90*time.Minute)) // after B opened
		must(t, err)
		if got := ids(sums); !slices.Equal(got, []string{"INC-20261125-000A"}) || older != 0 {
			t.Errorf("since after B: %v, %d older", got, older)
		}
		sums, older, err = ListRecent(home, 0, time.Time{})
		must(t, err)
		if got := ids(sums); !slices.Equal(got, []string{"INC-20261125-000A"}) || older != 1 {
			t.Errorf("%v, %d older; want A, one older", got, older)
		}
	}
	if raw, err := os.ReadFile(archive); err != nil || string(raw) != "damaged" {
		t.Fatalf("the archive was read or rewritten: %q, %v", raw, err)
	}
	sums, older, err := ListRecent(home, 1, time.Time{})
	must(t, err)
	if got := ids(sums); !slices.Equal(got, []string{"INC-20261125-000B", "INC-20261125-000A"}) || older != 0 {
		t.Errorf("with one closed: %v, %d older; want B and A", got, older)
	}
	if e := indexed(t, home, dirB); e == nil || e.rec.Phase != PhaseClosed {
		t.Errorf("B after the damaged archive was rebuilt: %+v", e)
	}
}

// TestSplitIndex: the head keeps every incident not closed and the
// headClosed most recent closed ones, the archive the rest; an archive
// is kept as it stands while it still fits, and split again when an entry
// of it changed or went, when the head would hold more than twice
// headClosed closed incidents, or fewer than headClosed newer than it.
func TestSplitIndex(t *testing.T) {
	t.Parallel()
	// archiveOf is n incidents, one an hour, the newest open ones last
	// (open of them), sorted by name (their ids); the first n of any size
	// are the same incidents.
	archiveOf := func(n, open int) []indexEntry {
		entries := make([]indexEntry, n)
		for i := range entries {
			id := fmt.Sprintf("INC-%05d", i)
			phase := PhaseClosed
			if i >= n-open {
				phase = PhaseOpen
			}
			entries[i] = indexEntry{name: id, rec: summaryRecord{Incident: id, LastSeq: 1, Phase: phase, Opened: t0.Add(time.Duration(i) * time.Hour)}}
		}
		return entries
	}
	// archived splits entries afresh and returns the archive.
	archived := func(entries []indexEntry) []indexEntry {
		_, archive, _ := splitIndex(entries, nil, false)
		return archive
	}
	changed := func(entries []indexEntry, k int) []indexEntry {
		out := slices.Clone(entries)
		out[k].rec.LastSeq++
		return out
	}
	base := archiveOf(300, 10) // 290 closed: 100 in the head, 190 archived
	tests := []struct {
		name              string
		entries, prev     []indexEntry
		known             bool
		wantArchive       int
		wantRewrite, kept bool
	}{
		{"few closed: no archive", archiveOf(50, 10), nil, false, 0, true, false},
		{"few closed, none before either", archiveOf(50, 10), nil, true, 0, false, false},
		{"an archive left by fewer closed goes", archiveOf(50, 10), archived(base)[:10], true, 0, true, false},
		{"many closed: the most recent stay", base, nil, false, 190, true, false},
		{"kept as it stands", base, archived(base), true, 190, false, true},
		{"kept while the head grows to twice headClosed", archiveOf(380, 10), archived(base), true, 190, false, true},
		{"split again past twice headClosed", archiveOf(401, 10), archived(base), true, 291, true, false},
		{"an archived entry changed", changed(base, 0), archived(base), true, 190, true, false},
		{"an archived incident went", base[1:], archived(base), true, 189, true, false},
		{"the head short of headClosed newer ones", append(slices.Clone(base[:200]), base[290:]...), archived(base), true, 100, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head, archive, rewrite := splitIndex(tt.entries, tt.prev, tt.known)
			if len(archive) != tt.wantArchive || rewrite != tt.wantRewrite {
				t.Fatalf("archive of %d, rewrite %v; want %d, %v", len(archive), rewrite, tt.wantArchive, tt.wantRewrite)
			}
			if len(head)+len(archive) != len(tt.entries) {
				t.Errorf("head %d + archive %d of %d entries", len(head), len(archive), len(tt.entries))
			}
			if tt.kept && len(archive) > 0 && &archive[0] != &tt.prev[0] {
				t.Error("the archive was rebuilt, not kept")
			}
			if len(archive) == 0 {
				return
			}
			var ref archiveRef
			for i := range archive {
				if r := &archive[i].rec; r.Phase != PhaseClosed {
					t.Errorf("%s archived %s", archive[i].name, r.Phase)
				}
				if r := &archive[i].rec; i == 0 || ref.newerThanArchive(r.Opened, r.Incident) {
					ref.newest, ref.newestID = r.Opened, r.Incident
				}
			}
			if !headServes(indexHead{entries: head, archive: archiveRef{count: len(archive), newest: ref.newest, newestID: ref.newestID}}, 50, time.Time{}) {
				t.Error("the head does not serve a listing of the 50 most recent closed incidents")
			}
		})
	}
}

// TestLegacyIndex: the index of an older build, in the incidents
// directory, is left to that build by a listing and removed by a reopen;
// and when that build wrote it after this build's head (its own reopen,
// which takes the incident out of its index alone), a listing trusts no
// closed entry unseen, so the reopened incident is listed open.
func TestLegacyIndex(t *testing.T) {
	t.Parallel()
	if !statProves {
		t.Skip("closed incidents are checked like any other where a stat proves nothing")
	}
	home, _, dirB := summaryHome(t)
	legacy := filepath.Join(IncidentsDir(home), legacyIndexFile)
	must(t, os.WriteFile(legacy, []byte("shodo incident index\n\x03"), 0o600))
	for range 2 {
		_, err := List(home)
		must(t, err)
	}
	if _, err := os.Lstat(legacy); err != nil {
		t.Fatalf("a listing removed the older build's index: %v", err)
	}
	splitAs(t, home, filepath.Base(dirB)) // B closed, in the archive, at rest
	// The older build reopens B: its index rewritten, then the record.
	written := headWritten(t, home)
	must(t, os.WriteFile(legacy+".1.tmp", []byte("shodo incident index\n\x03 rewritten"), 0o600))
	must(t, os.Rename(legacy+".1.tmp", legacy)) // as that build writes it: the directory moves
	must(t, os.Chtimes(legacy, written.Add(time.Second), written.Add(time.Second)))
	appendReopened(t, dirB, t0.Add(4*time.Hour))
	sums, _, err := ListRecent(home, 0, time.Time{})
	must(t, err)
	if !slices.ContainsFunc(sums, func(s Summary) bool { return s.Dir == dirB && s.Phase == PhaseOpen }) {
		t.Errorf("B reopened by an older build is not listed open: %v", ids(sums))
	}
	// This build's reopen removes the older build's index.
	appendClose(t, home, dirB)
	reopen(t, home, dirB, t0.Add(6*time.Hour))
	if _, err := os.Lstat(legacy); !os.IsNotExist(err) {
		t.Errorf("a reopen left the older build's index: %v", err)
	}
}

// headWritten is when home's head was written, as its modification time.
func headWritten(t *testing.T, home string) time.Time {
	t.Helper()
	fi, err := os.Stat(IndexPath(home))
	must(t, err)
	return fi.ModTime()
}

// appendReopened appends incident.reopened to the closed journal in dir
// through the journal alone, as an older build's reopen does after taking
// the incident out of its own index.
func appendReopened(t *testing.T, dir string, at time.Time) {
	t.Helper()
	j, err := journal.Config{Now: func() time.Time { return at }}.Open(dir, func(journal.Record) error { return nil })
	must(t, err)
	data, err := encodePayload(IncidentReopened{Reason: "the disk failed again"})
	must(t, err)
	_, err = j.Append(journal.Entry{At: at, Actor: "alice", Type: TypeIncidentReopened, Data: data})
	must(t, err)
	must(t, j.Close())
}

// appendClose resumes the reopened incident in dir and closes it again.
func appendClose(t *testing.T, home, dir string) {
	t.Helper()
	s, err := Resume(dir, ResumeOptions{Home: home, Clock: testkit.NewClock(t0.Add(5 * time.Hour))})
	must(t, err)
	handOverAll(t, s, "alice")
	must(t, s.Close("alice", "replaced the disk again"))
	must(t, s.Detach())
}

// TestIndexConcurrentOpenings: listings that may skip the directory run
// while another process opens incidents and one is removed (run with
// -race): no listing fails, and once the others stop, a listing from the
// index as they left it, the directory unread, lists every incident.
func TestIndexConcurrentOpenings(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	home, dirA, dirB := summaryHome(t)
	for range 2 {
		_, err := List(home)
		must(t, err)
	}
	splitAs(t, home, filepath.Base(dirB))
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for _, closed := range []int{50, -1} {
		wg.Go(func() {
			for range 15 {
				if _, _, err := ListRecent(home, closed, time.Time{}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	var opened []string
	wg.Go(func() {
		for i := range 8 {
			s, err := Open(rb, OpenOptions{Home: home, Actor: "carol", Clock: testkit.NewClock(t0.Add(time.Duration(3+i) * time.Hour)),
				ID: fmt.Sprintf("INC-20261125-01%02X", i)})
			if err != nil {
				errs <- err
				return
			}
			opened = append(opened, s.ID())
			if err := s.Detach(); err != nil {
				errs <- err
				return
			}
			if i == 3 {
				if err := os.RemoveAll(dirA); err != nil {
					errs <- err
					return
				}
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	want := append(slices.Clone(opened), "INC-20261125-000B")
	slices.Sort(want)
	for round := range 3 { // as the others left it; as rewritten; aged, the directory unread
		if round == 2 {
			ageIndex(t, home)
			if h := headOf(t, home); !listedDir(h, mustStatDir(t, home), headWritten(t, home).UnixNano()) && statProves {
				t.Errorf("the head does not vouch for the directory at rest: %+v", h.dir)
			}
		}
		sums, _, err := ListRecent(home, 50, time.Time{})
		must(t, err)
		got := ids(sums)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("round %d: listed %v; want %v", round, got, want)
		}
	}
}

func mustStatDir(t *testing.T, home string) journalID {
	t.Helper()
	id, err := statDir(IncidentsDir(home))
	must(t, err)
	return id
}
