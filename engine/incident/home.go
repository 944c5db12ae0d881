package incident

import (
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
	Events   int    // records read
	LastSeq  uint64 // seq of the last record
	// Rebuilt says why this summary was read from the journal in full
	// rather than from the incident's summary file (which List then
	// rewrote); empty when the summary file was used.
	Rebuilt Rebuild
	// Err says why the journal could not be read to its end (or at all);
	// the fields above hold what was read before.
	Err error
}

// List summarises every incident under home, newest first. For each it
// reads the incident's summary file (see SummaryFile) when a cheap check
// against the journal's size, time and last line shows that it still
// describes the journal; otherwise it reads the journal in full with
// journal.Verify, without locking it (so it works while incidents are open
// elsewhere), rewrites the summary, and says why in Summary.Rebuilt. A
// broken journal is listed with Err set and whatever verified before the
// break, rather than failing the list, and never gets a summary file: it
// is read in full every time. A torn last line (a crash artefact, which
// resuming repairs) is no error.
func List(home string) ([]Summary, error) {
	entries, err := os.ReadDir(IncidentsDir(home))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	out := make([]Summary, len(names))
	// Each incident is a few system calls; spread them over the cores,
	// a bounded number at a time.
	workers := min(len(names), 2*runtime.GOMAXPROCS(0))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf scratch
			buf.openDir(IncidentsDir(home))
			defer buf.closeDir()
			for i := range next {
				dir := filepath.Join(IncidentsDir(home), names[i])
				sum := summaryOfDir(dir, &buf)
				if sum.ID == "" {
					sum.ID = names[i]
				}
				out[i] = sum
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	slices.SortStableFunc(out, func(a, b Summary) int {
		if c := b.Opened.Compare(a.Opened); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// summaryOfDir summarises one incident: from its summary file when that
// still describes the journal, else from the journal, rewriting the file.
func summaryOfDir(dir string, buf *scratch) Summary {
	r, why := readSummary(dir, buf)
	if why == "" {
		return r.summary(dir)
	}
	sum := rebuild(dir)
	sum.Rebuilt = why
	return sum
}

// rebuild reads one journal in full: what the incident is, where it
// stands, and whether it could be read to its end. A journal that verifies
// is replayed and its summary file rewritten from the state.
func rebuild(dir string) Summary {
	sum := Summary{Dir: dir, Phase: PhaseOpen}
	var events []Event
	decodable, resolved := true, false
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
			}
		case VerdictReached:
			sum.Verdict, sum.VerdictTitle = p.Verdict, p.Title
		case TriageRevised:
			sum.Verdict, sum.VerdictTitle = "", ""
		case IncidentResolved:
			resolved = true
			if !sum.Closed {
				sum.Phase = PhaseResolved
			}
		case IncidentClosed:
			sum.Closed, sum.Phase = true, PhaseClosed
		case IncidentReopened:
			// A reopened incident is live again: resolved, if the service
			// came back before it closed.
			sum.Closed, sum.Phase = false, PhaseOpen
			if resolved {
				sum.Phase = PhaseResolved
			}
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
