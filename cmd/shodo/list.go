package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/runbook"
)

func newListCmd(env environment) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the runbooks, drills and incidents shodo knows",
		Long: `List shows the runbooks built into shodo and the local ones in ./runbooks and
in the directories named by $SHODO_RUNBOOKS (separated like PATH): id, title,
language, version, review date and where each comes from.

A shipped runbook is run by its id; a local one by its path.`,
		Example: `# What can I run?
shodo list

# Include a team directory of runbooks
SHODO_RUNBOOKS=/srv/ops/runbooks shodo list`,
		Args: usageArgs(cobra.NoArgs),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			sections := []listSection{env.runbookSection(), env.drillSection()}
			if inc, err := env.incidentSection(); err != nil {
				fmt.Fprintf(env.stderr, "incidents not listed: %v\n", err)
			} else {
				sections = append(sections, inc)
			}
			for i, s := range sections {
				if i > 0 {
					fmt.Fprintln(env.stdout)
				}
				if err := s.write(env.stdout); err != nil {
					return fmt.Errorf("write list: %w", err)
				}
			}
			return nil
		}),
	}
}

// maxTitleWidth keeps a long title from pushing the source column off an
// 80-column terminal's next line.
const maxTitleWidth = 50

// runbookSection lists the shipped runbooks, then the local ones. Local
// files with errors are left out, with a note on stderr saying how to see
// why.
func (env environment) runbookSection() listSection {
	s := listSection{
		title:   "Runbooks",
		headers: []string{"ID", "TITLE", "LANG", "VERSION", "REVIEWED", "SOURCE"},
	}
	add := func(rb *runbook.Runbook, source string) {
		reviewed := "-"
		if !rb.Reviewed.IsZero() {
			reviewed = rb.Reviewed.Format("2006-01-02")
		}
		s.rows = append(s.rows, []string{
			rb.ID,
			ansi.Truncate(oneLine(rb.Title), maxTitleWidth, "…"),
			orDash(oneLine(rb.Lang)),
			orDash(oneLine(rb.Version)),
			reviewed,
			source,
		})
	}
	shipped := runbook.LoadSetFS(env.shipped, runbook.Options{}).Runbooks
	for _, rb := range shipped {
		add(rb, "shipped")
	}
	if dirs := env.localDirs(); len(dirs) > 0 {
		local := runbook.LoadPaths(dirs, runbook.Options{})
		for _, rb := range runbook.WithoutCopies(local.Runbooks, shipped) {
			add(rb, oneLine(env.display(rb.Path)))
		}
		if failed := failedFiles(local); len(failed) > 0 {
			shown := make([]string, len(dirs))
			for i, d := range dirs {
				shown[i] = env.display(d)
			}
			fmt.Fprintf(env.stderr, "%s not listed: see shodo validate %s\n", plural(len(failed), "local file with errors"), strings.Join(shown, " "))
		}
	}
	return s
}

// drillSection lists the drill scenarios: shipped, then local ones (in
// ./runbooks and $SHODO_RUNBOOKS) that are not copies of shipped ones.
func (env environment) drillSection() listSection {
	s := listSection{
		title:   "Drills",
		headers: []string{"ID", "TITLE", "RUNBOOK", "SOURCE"},
	}
	add := func(sc *drill.Scenario, source string) {
		s.rows = append(s.rows, []string{sc.ID, ansi.Truncate(oneLine(sc.Title), maxTitleWidth, "…"), oneLine(sc.RunbookRef), source})
	}
	shipped := map[string]bool{}
	_, ids := drill.Shipped(env.shipped, "")
	for _, id := range ids {
		name, _ := drill.Shipped(env.shipped, id)
		if sc, _ := drill.LoadFS(env.shipped, name, nil); sc != nil {
			shipped[sc.SHA256] = true
			add(sc, "shipped")
		}
	}
	if dirs := env.localDirs(); len(dirs) > 0 {
		for _, p := range runbook.LoadPaths(dirs, runbook.Options{}).Scenarios {
			if sc, _ := drill.LoadFile(p, nil); sc != nil && !shipped[sc.SHA256] {
				add(sc, oneLine(env.display(p)))
			}
		}
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// listSection is one titled table of `shodo list`.
type listSection struct {
	title   string
	headers []string
	rows    [][]string
}

// write prints the section with its columns aligned by display width, so
// that Japanese titles (two cells per character) line up.
func (s listSection) write(w io.Writer) error {
	widths := make([]int, len(s.headers))
	for _, row := range append([][]string{s.headers}, s.rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", s.title)
	for _, row := range append([][]string{s.headers}, s.rows...) {
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
	}
	if len(s.rows) == 0 {
		b.WriteString("(none)\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
