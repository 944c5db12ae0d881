package incident

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	ID           string
	Dir          string
	Runbook      string // runbook id
	Title        string // runbook title
	Name         string // the incident's own title; empty when none was given
	Opened       time.Time
	Drill        string // scenario id; empty outside drills
	Verdict      string // standing verdict id, or ""
	VerdictTitle string
	Closed       bool
	Phase        Phase // open, resolved or closed
	Events       int   // records read
	// Err says why the journal could not be read to its end (or at all);
	// the fields above hold what was read before.
	Err error
}

// List summarises every incident under home, newest first. It reads each
// journal with journal.Verify, without locking it, so it works while
// incidents are open elsewhere; a broken journal is listed with Err set
// and whatever verified before the break, rather than failing the list. A
// torn last line (a crash artefact, which resuming repairs) is no error.
func List(home string) ([]Summary, error) {
	entries, err := os.ReadDir(IncidentsDir(home))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	var out []Summary
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(IncidentsDir(home), e.Name())
		sum := summarise(dir)
		if sum.ID == "" {
			sum.ID = e.Name()
		}
		out = append(out, sum)
	}
	slices.SortStableFunc(out, func(a, b Summary) int {
		if c := b.Opened.Compare(a.Opened); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// summarise reads one journal: enough to say what the incident is, where
// it stands, and whether it could be read to its end.
func summarise(dir string) Summary {
	sum := Summary{Dir: dir, Phase: PhaseOpen}
	rep, err := journal.Verify(dir, journal.VerifyOptions{Visit: func(r journal.Record) error {
		sum.Events++
		p, err := DecodePayload(r.Type, r.Data)
		if err != nil {
			return fmt.Errorf("seq %d: %w", r.Seq, err)
		}
		switch p := p.(type) {
		case IncidentOpened:
			sum.ID, sum.Runbook, sum.Title, sum.Opened, sum.Name = p.Incident, p.Runbook, p.Title, p.Opened, p.Name
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
		case IncidentClosed:
			sum.Closed, sum.Phase = true, PhaseClosed
		}
		return nil
	}})
	switch {
	case err != nil:
		sum.Err = err
	case rep.Break != nil && (rep.Break.Kind != journal.KindTornTail || rep.Records == 0):
		sum.Err = &BrokenJournal{Break: *rep.Break}
	}
	return sum
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
