package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/claimed"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// incidentFilter is what `shodo list --state/--since` keeps.
type incidentFilter struct {
	phase incident.Phase // "" keeps every phase
	since time.Time      // zero keeps every opening time
}

// keeps says whether sum passes the filter. An incident whose journal
// cannot be read passes --state whatever it says (its state is unknown,
// and a broken journal is worth seeing), but not --since when its opening
// time is known and earlier.
func (f incidentFilter) keeps(sum incident.Summary) bool {
	if f.phase != "" && sum.Err == nil && sum.Phase != f.phase {
		return false
	}
	return f.since.IsZero() || sum.Opened.IsZero() && sum.Err != nil || !sum.Opened.Before(f.since)
}

// phases are the values of --state, in the order an incident passes them.
func phases() []string {
	return []string{string(incident.PhaseOpen), string(incident.PhaseResolved), string(incident.PhaseClosed)}
}

// relativeSince is "7d", "12h", "2w", "30m": that long before now.
var relativeSince = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([0-9]{1,6})([mhdw])$`) })

// parseSince reads --since: an RFC 3339 time, a date (its midnight in loc),
// a span before now (7d, 12h, 2w, 30m), or any form shodo run --since
// takes (internal/claimed: "2h ago", -2h, "2026-12-02 01:30", 01:30), so
// that one flag name reads the same in both commands.
func parseSince(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if t, err := claimed.Parse(s, now.In(loc)); err == nil && !t.IsZero() {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	if m := relativeSince().FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		switch m[2] {
		case "m":
			return now.Add(-time.Duration(n) * time.Minute), nil
		case "h":
			return now.Add(-time.Duration(n) * time.Hour), nil
		case "d":
			return now.AddDate(0, 0, -n), nil
		case "w":
			return now.AddDate(0, 0, -7*n), nil
		}
	}
	return time.Time{}, usage("cli.list.bad-since", "Value", fmt.Sprintf("%q", s))
}

// listedIncidents lists the incidents under the shodo home that f keeps,
// newest first, of the closed ones only the closed most recent (every one
// when closed is negative), and how many older closed ones that f keeps it
// left out: those cost the listing their index entry alone
// (incident.ListRecent).
func (env environment) listedIncidents(f incidentFilter, closed int) (sums []incident.Summary, olderClosed int, err error) {
	home, err := env.home()
	if err != nil {
		return nil, 0, err
	}
	sums, olderClosed, err = incident.ListRecent(home, closed, f.since)
	if err != nil {
		return nil, 0, err
	}
	if f.phase != "" && f.phase != incident.PhaseClosed {
		olderClosed = 0
	}
	return slices.DeleteFunc(sums, func(s incident.Summary) bool { return !f.keeps(s) }), olderClosed, nil
}

// incidentTitle is what an incident is called in a row: its own name, else
// its runbook's title, after DRILL for a drill (first, where a cut row
// still shows it).
func incidentTitle(c *i18n.Catalog, sum incident.Summary) string {
	// Titles come from the journal: escape sequences go, invisible
	// characters show.
	return oneLine(journalText(export.Named(c, sum.Name, sum.Title, sum.Drill != "")))
}

// when shows a due time the way a list row needs it: the time of day when
// it is today, the date and time otherwise (in the local zone, as OPENED).
func when(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// phaseWord is an incident's STATE in a list: a resolved incident's with
// the follow-ups that hold its close, an ended one's with how it ended,
// both from the summary (no journal is read for a row).
func phaseWord(c *i18n.Catalog, sum incident.Summary) string {
	switch {
	case sum.Err != nil:
		return c.T("cli.list.state.unreadable")
	case sum.Phase == incident.PhaseResolved && sum.FollowUps > 0:
		return c.T("cli.list.state.resolved-open", "Count", sum.FollowUps)
	case sum.Phase == incident.PhaseResolved:
		return c.T("cli.list.state.resolved")
	case sum.Phase == incident.PhaseClosed && sum.Ending != "":
		end := incident.Ending{Code: sum.Ending, Of: sum.EndingOf}
		return oneLine(journalText(c.T("cli.list.state.ended", "Ending", export.EndingWords(c, &end))))
	case sum.Phase == incident.PhaseClosed:
		return c.T("cli.list.state.closed")
	}
	return c.T("cli.list.state.open")
}

// dueCell says what falls due next: how many duties are recorded overdue,
// else the next due time, said to have passed when it has (the incident
// records it overdue only once it is resumed: a listing ticks nothing).
func dueCell(c *i18n.Catalog, sum incident.Summary, now time.Time) string {
	switch {
	case sum.Err != nil || sum.Phase == incident.PhaseClosed:
		return "-"
	case sum.Overdue > 0:
		return c.T("cli.list.overdue", "Count", sum.Overdue)
	case sum.Phase == incident.PhaseResolved && !sum.FollowUpDue.IsZero():
		// The next follow-up, as the STATE beside it counts them.
		if sum.FollowUpDue.Before(now) {
			return c.T("cli.list.passed", "Due", when(sum.FollowUpDue, now))
		}
		return when(sum.FollowUpDue, now)
	case !sum.NextDue.IsZero() && sum.NextDue.Before(now):
		return c.T("cli.list.passed", "Due", when(sum.NextDue, now))
	case !sum.NextDue.IsZero():
		return when(sum.NextDue, now)
	}
	return "-"
}

// defaultClosedShown is how many closed incidents the table of `shodo
// list` shows without --limit or --all: the most recent, which are the
// ones a person looks for; the archive behind them is a flag away, and a
// table of ten thousand rows helps nobody (nor the time it takes).
const defaultClosedShown = 50

// incidentSection lists the incidents sums, and under them how many older
// closed ones were left out (see listedIncidents) and where incidents are
// kept.
func (env environment) incidentSection(c *i18n.Catalog, sums []incident.Summary, older int, now time.Time) listSection {
	s := listSection{
		title: c.T("cli.list.incidents"),
		headers: []string{c.T("cli.list.col.identifier"), c.T("cli.list.col.state"), c.T("cli.list.col.title"), c.T("cli.list.col.runbook"),
			c.T("cli.list.col.verdict"), c.T("cli.list.col.due"), c.T("cli.list.col.opened")},
		none: c.T("cli.list.none"),
	}
	if home, err := env.home(); err == nil {
		s.note = c.T("cli.list.kept-in", "Dir", incident.IncidentsDir(home), "Var", "SHODO_HOME")
	}
	if older > 0 {
		s.note = strings.TrimSuffix(c.T("cli.list.older-closed", "Count", older)+"\n"+s.note, "\n")
	}
	for _, sum := range sums {
		opened := "-"
		if !sum.Opened.IsZero() {
			opened = sum.Opened.Local().Format("2006-01-02 15:04")
		}
		id := sum.ID
		if id == "" {
			id = filepath.Base(sum.Dir)
		}
		s.rows = append(s.rows, []string{id, phaseWord(c, sum), truncateCell(incidentTitle(c, sum), 40, "…"), orDash(sum.Runbook),
			truncateCell(orDash(oneLine(journalText(sum.VerdictTitle))), 40, "…"), dueCell(c, sum, now), opened})
	}
	return s
}

// rebuiltNote says, on stderr, how many incidents had to be read in full
// because their summaries were missing or out of date, and which journals
// are broken: what a person needs to know of the listing itself.
func (env environment) rebuiltNote(c *i18n.Catalog, sums []incident.Summary) {
	rebuilt := 0
	for _, s := range sums {
		if s.Rebuilt != "" && s.Err == nil {
			rebuilt++
		}
	}
	if rebuilt > 0 {
		fmt.Fprintln(env.stderr, c.T("cli.list.rebuilt", "Count", rebuilt))
	}
	for _, s := range sums {
		if s.Err != nil {
			id := s.ID
			if id == "" {
				id = filepath.Base(s.Dir)
			}
			fmt.Fprintln(env.stderr, visible(c.T("cli.list.broken", "ID", id, "Error", export.Describe(c, s.Err))))
		}
	}
}

// incidentJSON is one incident in `shodo list --json` (docs/incidents.md):
// stable field names, codes rather than words, times in RFC 3339.
type incidentJSON struct {
	ID           string     `json:"id"`
	UUID         string     `json:"uuid,omitempty"`
	Dir          string     `json:"dir"`
	State        string     `json:"state"`
	Name         string     `json:"name,omitempty"`
	Runbook      string     `json:"runbook,omitempty"`
	RunbookTitle string     `json:"runbook_title,omitempty"`
	Drill        string     `json:"drill,omitempty"`
	Opened       *time.Time `json:"opened,omitempty"`
	Verdict      string     `json:"verdict,omitempty"`
	VerdictTitle string     `json:"verdict_title,omitempty"`
	NextDue      *time.Time `json:"next_due,omitempty"`
	NextDuty     string     `json:"next_duty,omitempty"`
	Running      int        `json:"running"`
	Overdue      int        `json:"overdue"`
	FollowUps    int        `json:"follow_ups"`
	FollowUpDue  *time.Time `json:"follow_up_due,omitempty"`
	FollowUpDuty string     `json:"follow_up_duty,omitempty"`
	Ending       string     `json:"ending,omitempty"`
	EndingOf     string     `json:"ending_of,omitempty"`
	Events       int        `json:"events"`
	LastSeq      uint64     `json:"last_seq"`
	Rebuilt      string     `json:"rebuilt,omitempty"`
	Error        string     `json:"error,omitempty"`
}

// jsonVersion is the format version of the CLI's JSON outputs (list
// --json, verify --json, validate --format json), their "version": raised
// when a field changes meaning or goes; new fields leave it. The export's
// is export.JSONVersion.
const jsonVersion = 1

// listJSON is the whole of `shodo list --json`.
type listJSON struct {
	Version   int            `json:"version"`
	Runbooks  []entryJSON    `json:"runbooks"`
	Drills    []entryJSON    `json:"drills"`
	Incidents []incidentJSON `json:"incidents"`
}

// entryJSON is a runbook or drill scenario in `shodo list --json`.
type entryJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Lang     string `json:"lang,omitempty"`
	Version  string `json:"version,omitempty"`
	Runbook  string `json:"runbook,omitempty"`
	Source   string `json:"source"` // "shipped" or the file
	Shadowed bool   `json:"shadowed,omitempty"`
}

func incidentsJSON(c *i18n.Catalog, sums []incident.Summary) []incidentJSON {
	out := []incidentJSON{}
	for _, s := range sums {
		j := incidentJSON{ID: s.ID, UUID: s.UUID, Dir: s.Dir, State: string(s.Phase), Name: s.Name, Runbook: s.Runbook, RunbookTitle: s.Title,
			Drill: s.Drill, Verdict: s.Verdict, VerdictTitle: s.VerdictTitle, NextDuty: s.NextDuty, Running: s.Running,
			Overdue: s.Overdue, FollowUps: s.FollowUps, FollowUpDuty: s.FollowUpDuty, Ending: s.Ending, EndingOf: s.EndingOf,
			Events: s.Events, LastSeq: s.LastSeq, Rebuilt: string(s.Rebuilt)}
		if j.ID == "" {
			j.ID = filepath.Base(s.Dir)
		}
		// In the local time zone (TZ), as every output writes times.
		if !s.Opened.IsZero() {
			opened := s.Opened.Local()
			j.Opened = &opened
		}
		if !s.NextDue.IsZero() {
			due := s.NextDue.Local()
			j.NextDue = &due
		}
		if !s.FollowUpDue.IsZero() {
			j.FollowUpDue = &s.FollowUpDue
		}
		if s.Err != nil {
			j.State, j.Error = "unreadable", export.Describe(c, s.Err)
		}
		out = append(out, j)
	}
	return out
}

// resumeChoices lists the open incidents `shodo resume` could take, one a
// line: id, DRILL and title, opened, verdict.
func resumeChoices(c *i18n.Catalog, open []incident.Summary, now time.Time) string {
	s := listSection{headers: []string{c.T("cli.list.col.identifier"), c.T("cli.list.col.state"), c.T("cli.list.col.title"),
		c.T("cli.list.col.verdict"), c.T("cli.list.col.due"), c.T("cli.list.col.opened")}}
	for _, sum := range open {
		s.rows = append(s.rows, []string{sum.ID, phaseWord(c, sum), truncateCell(incidentTitle(c, sum), 40, "…"),
			truncateCell(orDash(oneLine(journalText(sum.VerdictTitle))), 40, "…"), dueCell(c, sum, now), sum.Opened.Local().Format("2006-01-02 15:04")})
	}
	var b strings.Builder
	_ = s.writeRows(&b, "  ")
	return strings.TrimRight(b.String(), "\n")
}
