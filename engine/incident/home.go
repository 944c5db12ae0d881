package incident

import (
	"bufio"
	"encoding/json"
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
	Opened       time.Time
	Drill        string // scenario id; empty outside drills
	Verdict      string // standing verdict id, or ""
	VerdictTitle string
	Closed       bool
	Events       int // records read
	// Err says why the journal could not be read to its end (or at all);
	// the fields above hold what was read before.
	Err error
}

// List summarises every incident under home, newest first. It reads each
// journal without locking it and without verifying its chain (that is
// Verify's job), so it works while incidents are open and shows broken
// journals with Err set rather than failing.
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

// summarise reads one journal's lines loosely: enough to say what the
// incident is, where it stands, and how far the file could be read.
func summarise(dir string) Summary {
	sum := Summary{Dir: dir}
	f, err := os.Open(filepath.Join(dir, journal.JournalFile))
	if err != nil {
		sum.Err = err
		return sum
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), journal.MaxLineBytes+1)
	for sc.Scan() {
		var line struct {
			Seq  uint64          `json:"seq"`
			Type string          `json:"type"`
			At   time.Time       `json:"at"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			sum.Err = fmt.Errorf("line %d: %w", sum.Events+1, err)
			return sum
		}
		sum.Events++
		p, err := DecodePayload(line.Type, line.Data)
		if err != nil {
			sum.Err = fmt.Errorf("line %d: %w", sum.Events, err)
			return sum
		}
		switch p := p.(type) {
		case IncidentOpened:
			sum.ID, sum.Runbook, sum.Title, sum.Opened = p.Incident, p.Runbook, p.Title, p.Opened
			if p.Opened.IsZero() {
				sum.Opened = line.At
			}
			if p.Drill != nil {
				sum.Drill = p.Drill.Scenario
			}
		case VerdictReached:
			sum.Verdict, sum.VerdictTitle = p.Verdict, p.Title
		case TriageRevised:
			sum.Verdict, sum.VerdictTitle = "", ""
		case IncidentClosed:
			sum.Closed = true
		}
	}
	if err := sc.Err(); err != nil {
		sum.Err = fmt.Errorf("line %d: %w", sum.Events+1, err)
	}
	if sum.Events == 0 && sum.Err == nil {
		sum.Err = errors.New("empty journal")
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
