package incident

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
)

// Home returns shodo's state directory: $SHODO_HOME, else
// $XDG_STATE_HOME/shodo, else ~/.local/state/shodo. getenv is os.Getenv in
// production. A relative XDG_STATE_HOME is ignored, as the XDG spec asks.
func Home(getenv func(string) string) (string, error) {
	if h := getenv("SHODO_HOME"); h != "" {
		return h, nil
	}
	if x := getenv("XDG_STATE_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "shodo"), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state", "shodo"), nil
	}
	return "", errors.New("no shodo home: set SHODO_HOME, XDG_STATE_HOME or HOME")
}

// Summary is what List tells about one incident.
type Summary struct {
	ID      string
	UUID    string
	Dir     string
	Runbook string // runbook id
	Title   string // runbook title
	// Name is the incident's own title, when it was given one on opening;
	// empty otherwise (and for every journal written before names).
	Name         string
	Opened       time.Time
	Drill        string // scenario id; empty outside drills
	Verdict      string // standing verdict id, or ""
	VerdictTitle string
	Closed       bool
	Phase        Phase // open, resolved or closed
	// NextDue is the earliest due time among the running duties that are
	// not yet overdue nor paused, and NextDuty that duty's id; zero when
	// none. Running counts the running duties, Overdue those of them past
	// their due time.
	NextDue  time.Time
	NextDuty string
	Running  int
	Overdue  int
	// Ending is how a closed incident ended without a verdict's work
	// (EndFalseAlarm, EndDuplicate, EndMistake), and EndingOf the incident
	// a duplicate duplicates; empty for an ordinary close and an incident
	// not closed.
	Ending   string
	EndingOf string
	// FollowUps counts, for a resolved incident, the duties that still
	// hold its close (State.FollowUps); FollowUpDue is the earliest due
	// time among them whose clock runs, and FollowUpDuty that duty's id
	// (zero and "" when none has one). All zero unless resolved.
	FollowUps    int
	FollowUpDue  time.Time
	FollowUpDuty string
	Events       int    // records read
	LastSeq      uint64 // seq of the last record
	// Rebuilt says why this summary was read from the journal in full
	// rather than from the incident's summary file (which List then
	// rewrote); empty when the summary file was used.
	Rebuilt Rebuild
	// Err says why the journal could not be read to its end (or at all);
	// the fields above hold what was read before.
	Err error
}

// List summarises every incident under home, newest first.
//
// It reads the home's index (see IndexDir), and the incidents directory
// only when the index does not vouch for it (see listedDir): a closed
// incident there is listed from its entry alone (see closedAtRest), and
// every other journal is statted once: an incident whose journal matches
// its index entry in full is listed from the entry (see indexTrusted).
// Any other — no entry, no index, a journal
// that changed since — is checked as before the index existed: its
// summary file is used when a cheap check against the journal's size,
// times and last line shows that it still describes the journal (see
// SummaryFile); otherwise the journal is read in full with journal.Verify,
// without locking it (so it works while incidents are open elsewhere), the
// summary rewritten, and Summary.Rebuilt says why. Then the index is
// rewritten if any entry changed, appeared or went. A broken journal is
// listed with Err set and whatever verified before the break, rather than
// failing the list, and gets neither a summary file nor an index entry: it
// is read in full every time. A torn last line (a crash artefact, which
// resuming repairs) is no error. The index is written under its lock,
// merged with any other process's update (see commitIndex).
func List(home string) ([]Summary, error) {
	sums, _, err := ListRecent(home, -1, time.Time{})
	return sums, err
}

// ListRecent is List keeping, of the closed incidents, only the closed
// most recent (by opening time, then id, as List orders them; all of them
// when closed is negative), and olderClosed is how many it left out of
// those opened at or after since (every one when since is zero). Every
// incident that is not closed, or whose journal is broken, is kept.
//
// The closed incidents left out cost their index entry alone: no summary
// is built for them; and when the index's head holds the closed most
// recent and since is after every incident of the archive (see
// headServes), the archive is not read at all, nor (see listedDir) the
// incidents directory. This is what keeps `shodo list` and the home
// screen's first frame flat in the size of the archive, whose table shows
// the most recent closed incidents (a filter by opening time keeps a
// newest-first prefix of the list, so filtering by since after this gives
// the most recent of those since).
func ListRecent(home string, closed int, since time.Time) (sums []Summary, olderClosed int, err error) {
	dir := IncidentsDir(home)
	dirTaken := time.Now() // before the stat: how long the listing took is bounded from above
	dirNow, dirErr := statDir(dir)
	if errors.Is(dirErr, fs.ErrNotExist) {
		return nil, 0, nil
	}
	var main scratch
	main.openDir(dir)
	defer main.closeDir()
	head, headFile, headErr := readHead(dir, &main)
	written := headFile.mtime
	// known says that the index names every incident, so the directory
	// is not read; whole, that every incident is listed (the archive too).
	known := dirErr == nil && headErr == nil && listedDir(head, dirNow, written)
	whole := !known || !headServes(head, closed, since)
	var archive []indexEntry
	archiveRead := false
	if whole && headErr == nil {
		var file journalID
		head, archive, file, err = readIndexWhole(dir, &main)
		switch {
		case err == nil:
			// A head written meanwhile vouches for the directory by itself.
			known = known && (file == headFile || listedDir(head, dirNow, file.mtime))
			archiveRead, headFile, written = true, file, file.mtime
		case file == headFile:
			// The head reads, its archive does not: the archive's
			// incidents are found by reading the directory, and checked.
			known, archive = false, nil
		default:
			// Replaced meanwhile by one that does not read: no index.
			head, headErr, known, archive = indexHead{}, err, false, nil
		}
	}
	// An older build keeps its whole index in the incidents directory
	// (legacyIndexFile), and takes a reopened incident out of that one
	// alone: when it wrote it after this build's head, no closed entry
	// is trusted unseen in this listing (every journal is statted), so a
	// reopen by an older build running beside this one is seen.
	trustClosed := true
	if !known && headErr == nil {
		if legacy, ok := statJournal(filepath.Join(dir, legacyIndexFile), &main); ok && legacy.mtime >= written-racyWindow.Nanoseconds() {
			trustClosed = false
			if !whole {
				whole = true
				head, archive, headFile, headErr = readIndexWhole(dir, &main)
				archiveRead, written = headErr == nil, headFile.mtime
				if headErr != nil {
					head, archive = indexHead{}, nil
				}
			}
		}
	}
	index := unionByName(head.entries, archive)
	var names []string // sorted
	if known {
		names = make([]string, 0, len(index)+len(head.unindexed))
		for i := range index {
			names = append(names, index[i].name)
		}
		names = append(names, head.unindexed...)
		slices.Sort(names)
	} else {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("list incidents: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() {
				names = append(names, e.Name())
			}
		}
	}
	// old[i] is names[i]'s entry in the index, nil when it has none; both
	// are sorted by name.
	old := make([]*indexEntry, len(names))
	had := make([]*indexEntry, len(names)) // old before the first pass
	matched := 0
	for i, j := 0, 0; i < len(names) && j < len(index); {
		switch {
		case names[i] == index[j].name:
			old[i], had[i] = &index[j], &index[j]
			matched++
			i++
			j++
		case names[i] < index[j].name:
			i++
		default:
			j++ // an incident directory that went away
		}
	}
	out := make([]Summary, len(names))
	// unseen[i] says that names[i] is a closed incident at rest, listed
	// from old[i] once it is known to be kept (see keepRecent).
	unseen := make([]bool, len(names))
	// fresh[i] is names[i]'s entry in the index to write, nil when it gets
	// none; checked[i] says it was not trusted on its stat.
	fresh := make([]*indexEntry, len(names))
	checked := make([]bool, len(names))
	// First pass: a closed incident at rest costs nothing but its entry
	// (see closedAtRest); any other whose entry holds costs one stat. The
	// stats are spread over the cores in contiguous runs.
	if statProves {
		parallel(len(names), func(lo, hi int) {
			var buf scratch
			buf.openDir(dir)
			defer buf.closeDir()
			for i := lo; i < hi; i++ {
				if old[i] == nil {
					checked[i] = true
					continue
				}
				if trustClosed && closedAtRest(old[i], written) {
					unseen[i], fresh[i] = true, old[i]
					continue
				}
				id, ok := statJournal(filepath.Join(dir, names[i], journal.JournalFile), &buf)
				if ok && indexTrusted(old[i], id, written) {
					out[i], fresh[i] = old[i].rec.summary(filepath.Join(dir, names[i])), old[i]
					// Looked at again under the lock before it is
					// written back, as a closed entry checked is (see
					// commitIndex): an older build's reopen holds the
					// lock until its record is written.
					old[i].checked = !trustClosed && old[i].rec.Phase == PhaseClosed
					continue
				}
				checked[i] = true
				if !ok || id != old[i].id() {
					old[i] = nil // changed: its entry is worth no check
				}
			}
		})
	} else {
		for i := range checked {
			checked[i] = true
		}
	}
	// Second pass: the rest, a few system calls each (or a full read),
	// a bounded number at a time. An entry whose stat matched but which
	// is racy, or any entry where a stat proves nothing, is checked by its
	// journal's tail.
	var rest []int
	for i := range checked {
		if checked[i] {
			rest = append(rest, i)
		}
	}
	workers := min(len(rest), 2*runtime.GOMAXPROCS(0))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf scratch
			buf.openDir(dir)
			defer buf.closeDir()
			for i := range next {
				sum, e, ok := listChecked(filepath.Join(dir, names[i]), names[i], old[i], &buf)
				out[i] = sum
				if ok {
					e.checked = true
					fresh[i] = &e
				}
			}
		})
	}
	for _, i := range rest {
		next <- i
	}
	close(next)
	wg.Wait()
	// The index is rewritten when an entry appeared, went or changed, and
	// after a racy entry was checked (so that its check is recorded);
	// never for an incident that has no entry and gets none (a broken
	// journal), which would rewrite it on every listing, nor where every
	// entry is checked by its tail and none changed.
	// And when the directory was read where the index could have spared
	// it (see listedDir), so that the next listing need not, or when the
	// incidents without an entry are not those the head names.
	dirty := headErr != nil || matched != len(index) || statProves && !known
	var unindexed []string
	for i := range names {
		switch {
		case fresh[i] == nil:
			unindexed = append(unindexed, names[i])
		case !checked[i]:
		case had[i] == nil:
			dirty = true
		case statProves || fresh[i].id() != had[i].id() || fresh[i].rec != had[i].rec:
			dirty = true
		}
	}
	dirty = dirty || !slices.Equal(unindexed, head.unindexed)
	// And when the head no longer spares the first listings the archive
	// (incidents removed or reopened from it): the archive is split again.
	dirty = dirty || archiveRead && !headServes(head, headClosed, time.Time{})
	if dirty {
		// A failure to write it, or another process holding its lock,
		// costs the next listing what this one cost; the listing itself
		// is right either way.
		u := indexUpdate{names: names, checked: checked, fresh: fresh, read: headFile, head: head,
			whole: whole, archive: archive, archiveRead: archiveRead}
		switch {
		case known:
			u.dir, u.dirTaken = head.dir, dirTaken
		case dirErr == nil:
			u.dir, u.dirTaken = dirNow, dirTaken
		}
		_ = commitIndex(dir, u)
	}
	archived := 0
	if !whole && since.IsZero() {
		// The archive's incidents are all older than those listed, and
		// were opened before since when it is set (see headServes).
		archived = head.archive.count
	}
	out, olderClosed = keepRecent(out, unseen, old, closed, since, dir, names)
	return newestFirst(out), olderClosed + archived, nil
}

// listedDir reports whether the index names every incident, so that a
// listing need not read the incidents directory: the head recorded the
// directory's identity (size, modification and change times, inode,
// device) as it was before the listing that wrote the head read it, and
// the directory is still so. Creating, removing or renaming an incident
// directory changes the directory's times; writing a journal does not,
// which is why every journal not closed is still statted. The index lives
// in a directory of its own (IndexDir) so that writing it does not move
// the incidents directory.
//
// As for a journal (see racyWindow), a directory changed within a grain
// of the file system's clock of the head being written may have changed
// again in the same grain after it was read: such a head is not trusted
// for it, and the next listing reads the directory and writes the head
// again. commitIndex records the identity only when the listing took no
// more than half the racy window from statting the directory to writing
// the head, and the directory is still so under the lock: so a directory
// that changed at least the racy window before the head was written had
// not changed since before it was read. Where the change time proves
// nothing (statProves), the directory is always read.
func listedDir(head indexHead, now journalID, written int64) bool {
	return statProves && head.dir != (journalID{}) && head.dir == now &&
		now.ctime <= written-racyWindow.Nanoseconds() && now.mtime <= written-racyWindow.Nanoseconds()
}

// headServes reports whether a listing of the closed most recent closed
// incidents (every one when negative) that counts those left out opened
// at or after since needs the head alone: the archive is empty, or the
// head holds at least closed closed incidents newer than every one of the
// archive, and since (when set) is after the archive's newest opening.
func headServes(head indexHead, closed int, since time.Time) bool {
	a := head.archive
	if a.count == 0 {
		return true
	}
	if closed < 0 || !since.IsZero() && !since.After(a.newest) {
		return false
	}
	newer := 0
	for i := range head.entries {
		if r := &head.entries[i].rec; r.Phase == PhaseClosed && a.newerThanArchive(r.Opened, r.Incident) {
			newer++
		}
	}
	return newer >= closed
}

// keepRecent fills in the summaries of the unseen closed incidents that
// ListRecent keeps (the closed most recent closed incidents, counting
// those already summarised), and drops the rest from out, in place;
// older counts those dropped that were opened at or after since.
func keepRecent(out []Summary, unseen []bool, old []*indexEntry, closed int, since time.Time, dir string, names []string) ([]Summary, int) {
	opened := func(i int) (time.Time, string) {
		if unseen[i] {
			return old[i].rec.Opened, old[i].rec.Incident
		}
		return out[i].Opened, out[i].ID
	}
	keep := make([]bool, len(out))
	var closedAt []int // positions of the closed incidents
	for i := range out {
		switch {
		case unseen[i]:
			closedAt = append(closedAt, i)
		case out[i].Phase == PhaseClosed && out[i].Err == nil:
			closedAt = append(closedAt, i)
		default:
			keep[i] = true
		}
	}
	if closed >= 0 && closed < len(closedAt) {
		slices.SortFunc(closedAt, func(i, j int) int {
			ti, idi := opened(i)
			tj, idj := opened(j)
			if c := tj.Compare(ti); c != 0 {
				return c
			}
			if c := strings.Compare(idi, idj); c != 0 {
				return c
			}
			return i - j
		})
	} else {
		closed = len(closedAt)
	}
	older := 0
	for k, i := range closedAt {
		if k < closed {
			keep[i] = true
			continue
		}
		if t, _ := opened(i); since.IsZero() || !t.Before(since) {
			older++
		}
	}
	n := 0
	for i := range out {
		if !keep[i] {
			continue
		}
		if unseen[i] {
			out[i] = old[i].rec.summary(filepath.Join(dir, names[i]))
		}
		if n != i {
			out[n] = out[i]
		}
		n++
	}
	return out[:n], older
}

// newestFirst sorts sums by opening time, newest first, then by id, and
// else as they were, in place. A summary is a few hundred bytes: sorting
// their positions and then moving each summary once, along the cycles of
// the permutation, costs a fraction of sorting the summaries themselves
// and no second array of them, ten thousand at every listing.
func newestFirst(sums []Summary) []Summary {
	order := make([]int32, len(sums))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &sums[i], &sums[j]
		if c := b.Opened.Compare(a.Opened); c != 0 {
			return c
		}
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return int(i - j)
	})
	// sums[k] is to become sums[order[k]]; a position done is marked -1.
	for k := range order {
		if order[k] < 0 {
			continue
		}
		held := sums[k]
		j := k
		for {
			from := int(order[j])
			order[j] = -1
			if from == k {
				sums[j] = held
				break
			}
			sums[j] = sums[from]
			j = from
		}
	}
	return sums
}

// parallel calls f over [0, n) in contiguous runs, one per core, and
// returns when every run is done.
func parallel(n int, f func(lo, hi int)) {
	runs := min(n, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for r := range runs {
		wg.Go(func() { f(r*n/runs, (r+1)*n/runs) })
	}
	wg.Wait()
}

// listChecked summarises the incident in dir (named name under the
// incidents directory) without trusting a stat: from prev, its index
// entry, when the journal's last line still agrees with it; else from its
// summary file when that does; else from the journal, rewriting the
// summary file. It returns the incident's index entry and true when the
// summary was checked against the journal's tail, false when there is no
// entry to record (a broken journal, or one that changed during the
// check).
func listChecked(dir, name string, prev *indexEntry, buf *scratch) (Summary, indexEntry, bool) {
	path := filepath.Join(dir, journal.JournalFile)
	if prev != nil {
		if id, ok := tailAgrees(path, prev.rec, buf); ok && id == prev.id() {
			return prev.rec.summary(dir), *prev, true
		}
	}
	r, id, why := readSummary(dir, buf)
	if why == "" {
		return r.summary(dir), indexEntry{name: name, rec: r, ino: id.ino, dev: id.dev}, true
	}
	sum := rebuild(dir)
	sum.Rebuilt = why
	if sum.ID == "" {
		sum.ID = name
	}
	if sum.Err != nil {
		return sum, indexEntry{}, false
	}
	// The summary file just rewritten is recorded only as checked against
	// the journal's tail, like any other: the journal may have grown
	// since it was read.
	if r, id, why := readSummary(dir, buf); why == "" && r.LastSeq == sum.LastSeq {
		return sum, indexEntry{name: name, rec: r, ino: id.ino, dev: id.dev}, true
	}
	return sum, indexEntry{}, false
}

// rebuild reads one journal in full: what the incident is, where it
// stands, and whether it could be read to its end. A journal that verifies
// is replayed and its summary file rewritten from the state.
func rebuild(dir string) Summary {
	sum := Summary{Dir: dir, Phase: PhaseOpen}
	var events []Event
	decodable := true
	rep, err := journal.Verify(dir, journal.VerifyOptions{Visit: func(r journal.Record) error {
		sum.Events++
		sum.LastSeq = r.Seq
		ev, err := DecodeRecord(r)
		if err != nil {
			return err
		}
		events = append(events, ev)
		switch p := ev.Data.(type) {
		case IncidentOpened:
			sum.ID, sum.UUID, sum.Runbook, sum.Title, sum.Opened, sum.Name = p.Incident, p.UUID, p.Runbook, p.Title, p.Opened, p.Name
			if p.Opened.IsZero() {
				sum.Opened = r.At
			}
			if p.Drill != nil {
				sum.Drill = p.Drill.Scenario
				sum.Name = cmp.Or(sum.Name, p.Drill.Title) // as summaryOf lists it
			}
		case VerdictReached:
			sum.Verdict, sum.VerdictTitle = p.Verdict, p.Title
		case TriageRevised:
			sum.Verdict, sum.VerdictTitle = "", ""
		case IncidentResolved:
			if !sum.Closed {
				sum.Phase = PhaseResolved
			}
		case IncidentClosed:
			sum.Closed, sum.Phase, sum.Ending, sum.EndingOf = true, PhaseClosed, p.Ending, p.Of
		case IncidentReopened:
			// A reopened incident is live again, open: its resolution,
			// if it had one, was undone with the close (see
			// State.foldReopened).
			sum.Closed, sum.Phase, sum.Ending, sum.EndingOf = false, PhaseOpen, "", ""
		}
		return nil
	}})
	switch {
	case err != nil:
		sum.Err = err
		decodable = false
	case rep.Break != nil && (rep.Break.Kind != journal.KindTornTail || rep.Records == 0):
		sum.Err = &BrokenJournal{Break: *rep.Break}
	}
	if !decodable || rep.Break != nil {
		// A broken or torn journal is read in full every time, and a
		// stale summary is removed so that nothing vouches for it.
		_ = os.Remove(filepath.Join(dir, SummaryFile))
		return sum
	}
	st, err := Replay(events)
	if err != nil {
		// The embedded runbook does not load: what the records say is all
		// there is to list; no summary file pretends to more.
		return sum
	}
	if after := afterClose(st); after != nil {
		// Records after the close that no reopen let in: the journal is
		// read in full every time and listed as unreadable, like a broken
		// one, so nothing vouches for the state it would show.
		sum.Err = after
		_ = os.Remove(filepath.Join(dir, SummaryFile))
		return sum
	}
	r := summaryOf(st)
	_ = writeSummary(dir, r, rep.Head)
	full := r.summary(dir)
	return full
}

// Find resolves arg to an incident directory. arg may be an incident
// directory, the path of its journal, or an incident id under home (or a
// prefix that only one id has; case does not matter).
func Find(home, arg string) (string, error) {
	if arg == "" {
		return "", fmt.Errorf("find incident: %w", ErrRequired)
	}
	if fi, err := os.Stat(arg); err == nil {
		dir := arg
		if !fi.IsDir() {
			dir = filepath.Dir(arg)
		}
		if _, err := os.Stat(filepath.Join(dir, journal.JournalFile)); err != nil {
			return "", fmt.Errorf("find incident %s: %w: no %s there", arg, ErrNotFound, journal.JournalFile)
		}
		return filepath.Abs(dir)
	}
	entries, err := os.ReadDir(IncidentsDir(home))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("find incident %s: %w", arg, err)
	}
	var matches []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if strings.EqualFold(e.Name(), arg) {
			return filepath.Join(IncidentsDir(home), e.Name()), nil
		}
		if len(e.Name()) >= len(arg) && strings.EqualFold(e.Name()[:len(arg)], arg) {
			matches = append(matches, e.Name())
		}
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("find incident %q: %w (not a path, nor an id under %s)", arg, ErrNotFound, IncidentsDir(home))
	case 1:
		return filepath.Join(IncidentsDir(home), matches[0]), nil
	default:
		return "", fmt.Errorf("find incident %q: %w: %s", arg, ErrAmbiguous, strings.Join(matches, ", "))
	}
}

// afterClose is the records the fold left out as coming after the close,
// or nil when there are none.
func afterClose(st *State) *AfterClose {
	var a *AfterClose
	for _, p := range st.Problems {
		if p.Say.ID != "export.problem.after-closed" {
			continue
		}
		if a == nil {
			a = &AfterClose{Seq: p.Seq}
		}
		a.Count++
	}
	return a
}
