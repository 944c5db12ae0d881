package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

func newGraphCmd(env environment) *cobra.Command {
	format := newChoiceFlag("mermaid", "mermaid", "dot")
	cmd := &cobra.Command{
		Use:   "graph RUNBOOK",
		Short: "Draw a runbook's triage as a Mermaid or Graphviz flowchart",
		Long: `Graph prints the triage of a runbook as a flowchart: each question a box,
each answer an arrow, each verdict a terminal node. Security verdicts are
hexagons, coloured, and labelled "security verdict", so they stand out in
print too. The start is marked.

RUNBOOK is a path to a runbook file or a runbook id that shodo list shows.
Mermaid renders in Markdown on GitHub and GitLab; DOT renders with Graphviz.`,
		Example: `# Mermaid, to paste into a Markdown document
shodo graph service-failure

# An SVG of a local runbook with Graphviz
shodo graph ./runbooks/db-outage.toml --format dot | dot -Tsvg -o triage.svg`,
		Args:              usageArgs(exactlyOneRunbook),
		ValidArgsFunction: env.completeRunbook,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			rb, diags, err := env.resolveRunbook(args[0])
			if err != nil {
				printDiagnostics(env.stderr, env.words(), diags)
				return err
			}
			out := runbook.Mermaid(rb)
			if format.value == "dot" {
				out = runbook.DOT(rb)
			}
			if _, err := io.WriteString(env.stdout, visible(out)); err != nil {
				return say("cli.err.write", "Error", err)
			}
			return nil
		}),
	}
	addChoiceFlag(cmd, format, "format", "graph syntax: mermaid or dot")
	return cmd
}

// exactlyOneRunbook checks that a command got one RUNBOOK argument.
func exactlyOneRunbook(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return say("cli.args.no-runbook", "Command", cmd.Name())
	case 1:
		return nil
	}
	return say("cli.args.runbooks", "Command", cmd.Name(), "Count", len(args))
}

// printDiagnostics writes diagnostics one per line, for a human, in c's
// language.
func printDiagnostics(w io.Writer, c *i18n.Catalog, diags runbook.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(w, visible(d.Text(c)))
	}
}
