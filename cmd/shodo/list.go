package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/internal/i18n"
)

func newListCmd(env environment) *cobra.Command {
	state := newChoiceFlag("", phases()...)
	var since string
	var asJSON, all bool
	limit := defaultClosedShown
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the runbooks, drills and incidents shodo knows",
		Long: `List shows the runbooks and drill scenarios shodo finds — id, title, language,
version, review date and where each comes from — and the incidents, newest
first: state, title (DRILL first for a drill), runbook, verdict, what falls
due next, and when each opened (the time alone for today).

They come from, in this order: the directories named by $SHODO_RUNBOOKS
(separated like PATH), ./runbooks, and the runbooks built into shodo
("shipped"). Every id listed works wherever an id is taken: shodo run, drill,
test, graph and validate. When two sources have the same id, the first one
wins: a team's runbook with the id of a shipped one replaces it, and the
shipped one is listed as shadowed. Files in ./runbooks that are copies of the
shipped ones (shodo run from a clone of itself) are listed once, as shipped.

--state and --since list only the incidents: those in that state, or opened
since then (an RFC 3339 time, a date, or a span before now: 30m, 12h, 7d, 2w).
--json prints everything listed as JSON (see docs/incidents.md).

The table shows every incident that is not closed, and the 50 most recent
closed ones; a line under it says how many older ones it leaves out.
--limit N shows the N most recent closed incidents instead, --all every one.
--json always lists every incident.

Incidents are listed from the summary each keeps beside its journal; a summary
that is missing or does not match its journal is rebuilt from the journal,
and a note on stderr says how many were.`,
		Example: `# What can I run?
shodo list

# Include a team directory of runbooks
SHODO_RUNBOOKS=/srv/ops/runbooks shodo list

# The open incidents, and what was opened this week
shodo list --state open
shodo list --since 7d --json

# Every closed incident, not only the 50 most recent
shodo list --state closed --all`,
		Args: usageArgs(noArgs),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			c := env.words()
			now, err := env.now()
			if err != nil {
				return err
			}
			if limit < 0 {
				return usage("cli.list.bad-limit", "Value", limit)
			}
			filter := incidentFilter{phase: incident.Phase(state.value)}
			if since != "" {
				if filter.since, err = parseSince(since, now, time.Local); err != nil {
					return err
				}
			}
			onlyIncidents := filter.phase != "" || !filter.since.IsZero()
			// The incidents are listed while the library is walked, as the
			// home screen does: each is about half of the wait at 10,000
			// incidents, and neither needs the other.
			type listed struct {
				sums  []incident.Summary
				older int
				err   error
			}
			// The table shows the limit most recent closed incidents;
			// --all and --json every one.
			closed := limit
			if all || asJSON {
				closed = -1
			}
			incidents := make(chan listed, 1)
			go func() {
				sums, older, err := env.listedIncidents(filter, closed)
				incidents <- listed{sums, older, err}
			}()
			var sections []listSection
			var out listJSON
			if !onlyIncidents {
				lib, err := env.library()
				if err != nil {
					return err
				}
				for _, d := range lib.Missing() {
					fmt.Fprintln(env.stderr, visible(c.T("cli.list.not-a-dir", "Var", library.EnvDirs, "Dir", env.display(d))))
				}
				// The shipped set's index answers when the library is the
				// shipped runbooks alone (or a clone's copies of them), as on
				// the home screen: a walk decodes and validates every file,
				// most of the list's wait when there are few incidents.
				var runbooks, drills []listEntry
				if o, ok := lib.Listed(); ok {
					runbooks, drills = listedOffers(o.Runbooks), listedOffers(o.Scenarios)
				} else {
					cat := lib.Walk()
					runbooks, drills = listedRunbooks(cat), listedScenarios(cat)
					env.reportUnlisted(c, lib, cat)
				}
				sections = []listSection{env.runbookSection(c, runbooks), env.drillSection(c, drills)}
				out.Runbooks, out.Drills = env.entriesJSON(runbooks, drills)
			}
			got := <-incidents
			sums, err := got.sums, got.err
			if err != nil {
				fmt.Fprintln(env.stderr, c.T("cli.list.incidents-unlisted", "Error", describe(c, err)))
			} else {
				sections = append(sections, env.incidentSection(c, sums, got.older, now))
				env.rebuiltNote(c, sums)
			}
			if asJSON {
				out.Version, out.Incidents = jsonVersion, incidentsJSON(c, sums)
				if out.Runbooks == nil {
					out.Runbooks, out.Drills = []entryJSON{}, []entryJSON{}
				}
				enc := json.NewEncoder(env.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return say("cli.err.write", "Error", err)
				}
				return nil
			}
			for i, s := range sections {
				if i > 0 {
					fmt.Fprintln(env.stdout)
				}
				if err := s.write(env.stdout); err != nil {
					return say("cli.err.write", "Error", err)
				}
			}
			return nil
		}),
	}
	addChoiceFlag(cmd, state, "state", "list only the incidents in this state")
	cmd.Flags().StringVar(&since, "since", "", "list only the incidents opened since then: RFC 3339, a date, 30m, 12h, 7d, 2w, or as run --since takes it (\"2h ago\", -2h, \"2026-12-02 01:30\", 01:30)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	cmd.Flags().IntVar(&limit, "limit", defaultClosedShown, "show at most this many closed incidents in the table, the most recent (--json lists every one)")
	cmd.Flags().BoolVar(&all, "all", false, "show every closed incident in the table, not only the most recent (see --limit)")
	return cmd
}

// listEntry is a runbook or drill scenario as the list shows it, from a walk
// or from the shipped set's index.
type listEntry struct {
	library.Offer
	shadowed bool
}

// listedOffers are the runbooks or scenarios the index offers: none
// shadowed.
func listedOffers(offers []library.Offer) []listEntry {
	var l []listEntry
	for _, o := range offers {
		l = append(l, listEntry{Offer: o})
	}
	return l
}

// listedRunbooks are the runbooks a walk found, in the order their ids are
// looked up: the team's own first, then the shipped ones.
func listedRunbooks(cat *library.Catalog) []listEntry {
	var l []listEntry
	for _, r := range cat.Runbooks() {
		l = append(l, listEntry{Offer: library.Offer{ID: r.ID, Title: r.Title, Lang: r.Lang, Version: r.Version,
			Reviewed: library.ReviewedDate(r.Reviewed), Source: r.Source, Path: r.Path}, shadowed: r.Shadowed})
	}
	return l
}

// listedScenarios are the drill scenarios a walk found, in the same order.
func listedScenarios(cat *library.Catalog) []listEntry {
	var l []listEntry
	for _, sc := range cat.Scenarios() {
		l = append(l, listEntry{Offer: library.Offer{ID: sc.ID, Title: sc.Title, RunbookRef: sc.RunbookRef, Source: sc.Source, Path: sc.Path},
			shadowed: sc.Shadowed})
	}
	return l
}

// entriesJSON are the runbooks and drill scenarios for --json.
func (env environment) entriesJSON(runbooks, drills []listEntry) (runbooksJSON, drillsJSON []entryJSON) {
	runbooksJSON, drillsJSON = []entryJSON{}, []entryJSON{}
	source := func(src library.Source, file string) string {
		if src.Shipped() {
			return "shipped"
		}
		return env.display(file)
	}
	for _, r := range runbooks {
		runbooksJSON = append(runbooksJSON, entryJSON{ID: r.ID, Title: r.Title, Lang: r.Lang, Version: r.Version, Source: source(r.Source, r.Path), Shadowed: r.shadowed})
	}
	for _, sc := range drills {
		drillsJSON = append(drillsJSON, entryJSON{ID: sc.ID, Title: sc.Title, Runbook: sc.RunbookRef, Source: source(sc.Source, sc.Path), Shadowed: sc.shadowed})
	}
	return runbooksJSON, drillsJSON
}

// maxTitleWidth keeps a long title from pushing the source column off an
// 80-column terminal's next line.
const maxTitleWidth = 50

// sourceCell says where a runbook or scenario comes from: "shipped" or its
// file, and whether another of the same id is used instead.
func (env environment) sourceCell(c *i18n.Catalog, src library.Source, file string, shadowed bool) string {
	cell := c.T("cli.list.shipped")
	if !src.Shipped() {
		cell = oneLine(env.display(file))
	}
	if shadowed {
		cell = c.T("cli.list.shadowed", "Source", cell)
	}
	return cell
}

// runbookSection lists the runbooks in the order their ids are looked up:
// the team's own first, then the shipped ones.
func (env environment) runbookSection(c *i18n.Catalog, runbooks []listEntry) listSection {
	s := listSection{
		title: c.T("cli.list.runbooks"),
		headers: []string{c.T("cli.list.col.identifier"), c.T("cli.list.col.title"), c.T("cli.list.col.lang"),
			c.T("cli.list.col.version"), c.T("cli.list.col.reviewed"), c.T("cli.list.col.source")},
		none: c.T("cli.list.none"),
	}
	for _, r := range runbooks {
		s.rows = append(s.rows, []string{
			r.ID,
			truncateCell(oneLine(r.Title), maxTitleWidth, "…"),
			orDash(oneLine(r.Lang)),
			orDash(oneLine(r.Version)),
			orDash(r.Reviewed),
			env.sourceCell(c, r.Source, r.Path, r.shadowed),
		})
		if r.shadowed {
			s.note = c.T("cli.list.shadowed-runbook")
		}
	}
	return s
}

// drillSection lists the drill scenarios, in the same order.
func (env environment) drillSection(c *i18n.Catalog, drills []listEntry) listSection {
	s := listSection{
		title:   c.T("cli.list.drills"),
		headers: []string{c.T("cli.list.col.identifier"), c.T("cli.list.col.title"), c.T("cli.list.col.runbook"), c.T("cli.list.col.source")},
		none:    c.T("cli.list.none"),
	}
	for _, sc := range drills {
		s.rows = append(s.rows, []string{sc.ID, truncateCell(oneLine(sc.Title), maxTitleWidth, "…"), oneLine(sc.RunbookRef), env.sourceCell(c, sc.Source, sc.Path, sc.shadowed)})
		if sc.shadowed {
			s.note = c.T("cli.list.shadowed-scenario")
		}
	}
	return s
}

// reportUnlisted says on stderr how many local files were left out of the
// list because they have errors, and how to see why.
func (env environment) reportUnlisted(c *i18n.Catalog, lib *library.Library, cat *library.Catalog) {
	failed := 0
	for _, set := range cat.Sets() {
		if !set.Source.Shipped() {
			failed += len(failedFiles(set.Set))
		}
	}
	for _, b := range cat.BrokenScenarios() {
		if !b.Source.Shipped() {
			failed++
		}
	}
	if failed == 0 {
		return
	}
	var dirs []string
	for _, d := range lib.Dirs() {
		dirs = append(dirs, env.display(d.Dir))
	}
	fmt.Fprintln(env.stderr, visible(c.T("cli.list.unlisted", "Count", failed, "Dirs", strings.Join(dirs, " "))))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// listSection is one titled table of `shodo list`, and a note under it.
type listSection struct {
	title   string
	headers []string
	rows    [][]string
	none    string // said when there are no rows
	note    string
}

// write prints the section with its columns aligned by display width, so
// that Japanese titles (two cells per character) line up.
func (s listSection) write(w io.Writer) error {
	for _, row := range s.rows {
		for j, cell := range row {
			row[j] = oneLine(cell)
		}
	}
	widths := make([]int, len(s.headers))
	for _, row := range append([][]string{s.headers}, s.rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], cellWidth(cell))
		}
	}
	// Straight to w through a buffer: the whole table in one string cost
	// a third of `shodo list` at 10,000 incidents in growing it.
	b := bufio.NewWriterSize(w, 64<<10)
	b.WriteString(s.title + "\n")
	writeRow(b, "", s.headers, widths)
	for _, row := range s.rows {
		writeRow(b, "", row, widths)
	}
	if len(s.rows) == 0 {
		b.WriteString(s.none + "\n")
	}
	if s.note != "" {
		b.WriteString(s.note + "\n")
	}
	return b.Flush()
}

// writeRows prints the headers and rows alone, each line after indent,
// with the columns aligned as write aligns them.
func (s listSection) writeRows(w io.Writer, indent string) error {
	widths := make([]int, len(s.headers))
	all := append([][]string{s.headers}, s.rows...)
	for _, row := range all {
		for i, cell := range row {
			widths[i] = max(widths[i], cellWidth(oneLine(cell)))
		}
	}
	var b strings.Builder
	for _, row := range all {
		cells := make([]string, len(row))
		for i, cell := range row {
			cells[i] = oneLine(cell)
		}
		writeRow(&b, indent, cells, widths)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cellWidth is how many columns cell takes on a terminal. A cell of
// printable ASCII, as most are (ids, dates, states), takes one column a
// byte; only the others need ansi.StringWidth's grapheme segmentation,
// which cost half of `shodo list`'s time at 10,000 incidents
// (BenchmarkListCommand).
func cellWidth(cell string) int {
	for i := 0; i < len(cell); i++ {
		if c := cell[i]; c < 0x20 || c > 0x7e {
			return ansi.StringWidth(cell)
		}
	}
	return len(cell)
}

// truncateCell cuts a cell to max cells with tail, as ansi.Truncate does,
// measuring first: most cells fit, and measuring plain ASCII is cheap where
// ansi.Truncate segments every cell into graphemes.
func truncateCell(cell string, max int, tail string) string {
	if cellWidth(cell) <= max {
		return cell
	}
	return ansi.Truncate(cell, max, tail)
}

// rowWriter is where rows are written: a strings.Builder or a bufio.Writer.
type rowWriter interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// writeRow writes one line of aligned cells, without trailing spaces.
func writeRow(b rowWriter, indent string, row []string, widths []int) {
	b.WriteString(indent)
	for i, cell := range row {
		b.WriteString(cell)
		if i < len(row)-1 {
			b.WriteString(strings.Repeat(" ", widths[i]-cellWidth(cell)+2))
		}
	}
	b.WriteByte('\n')
}
