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
				c, _ := env.catalog("")
				printDiagnostics(env.stderr, c, diags)
				return err
			}
			out := runbook.Mermaid(rb)
			if format.value == "dot" {
				out = runbook.DOT(rb)
			}
			if _, err := io.WriteString(env.stdout, out); err != nil {
				return fmt.Errorf("write graph: %w", err)
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
		return fmt.Errorf("%s needs a RUNBOOK: a path to a runbook file or a runbook id (see shodo list)", cmd.Name())
	case 1:
		return nil
	}
	return fmt.Errorf("%s takes one RUNBOOK, not %d arguments", cmd.Name(), len(args))
}

// printDiagnostics writes diagnostics one per line, for a human, in c's
// language.
func printDiagnostics(w io.Writer, c *i18n.Catalog, diags runbook.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(w, d.Text(c))
	}
}

// catalog returns the catalogue of the language that i18n.Decide picks
// from flag (a --lang value, empty when not given) and the locale.
func (env environment) catalog(flag string) (*i18n.Catalog, error) {
	lang, err := i18n.Decide(flag, env.getenv)
	if err != nil {
		return nil, usagef("--lang: %v", err)
	}
	return i18n.New(lang), nil
}

// diagnosticsCatalog is the catalogue for diagnostics of a command whose
// --lang flag is lang: the flag's value when given, else the locale's.
func (env environment) diagnosticsCatalog(cmd *cobra.Command, lang string) *i18n.Catalog {
	if !cmd.Flags().Changed("lang") {
		lang = ""
	}
	c, err := env.catalog(lang)
	if err != nil {
		return i18n.New(i18n.English)
	}
	return c
}
