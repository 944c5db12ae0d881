package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// schemaNames name the JSON Schemas shodo prints; the first is the
// default.
var schemaNames = []string{"runbook", "scenario"}

func newSchemaCmd(env environment) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [runbook|scenario]",
		Short: "Print the JSON Schema of runbooks or drill scenarios, for editors",
		Long: `Schema prints the JSON Schema (draft 2020-12) of shodo's runbook format, or
with "scenario" that of drill scenarios. Editors with Taplo or Even Better TOML
use it to complete keys, show help on hover and flag typos as you type. Save
it next to your files and point to it from the first line of each:

    #:schema ./shodo.schema.json

The schema checks the shape of a file; shodo validate also checks that every
id a runbook or scenario names exists and that the triage always reaches a
verdict.`,
		Example: `# Save both schemas next to your runbooks and drills
shodo schema > runbooks/shodo.schema.json
shodo schema scenario > runbooks/drills/shodo-scenario.schema.json`,
		Args:      usageArgs(oneSchemaName),
		ValidArgs: schemaNames,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			schema := runbook.Schema()
			if len(args) == 1 && args[0] == "scenario" {
				schema = drill.Schema()
			}
			if _, err := env.stdout.Write(schema); err != nil {
				return say("cli.err.write", "Error", err)
			}
			return nil
		}),
	}
}

// oneSchemaName checks that schema got at most one argument, naming a
// schema it prints.
func oneSchemaName(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case len(args) == 1 && (args[0] == schemaNames[0] || args[0] == schemaNames[1]):
		return nil
	}
	return say("cli.args.schema", "Command", cmd.Name(), "Arg", fmt.Sprintf("%q", args[len(args)-1]))
}
