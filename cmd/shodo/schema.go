package main

import (
	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/runbook"
)

func newSchemaCmd(env environment) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the runbook format, for editors",
		Long: `Schema prints the JSON Schema (draft 2020-12) of shodo's runbook format.
Editors with Taplo or Even Better TOML use it to complete keys, show help on
hover and flag typos as you type. Save it next to your runbooks and point to
it from the first line of each file:

    #:schema ./shodo.schema.json

The schema checks the shape of a file; shodo validate also checks that every
id a runbook names exists and that the triage always reaches a verdict.`,
		Example: `# Save the schema next to your runbooks
shodo schema > runbooks/shodo.schema.json`,
		Args: usageArgs(noArgs),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			if _, err := env.stdout.Write(runbook.Schema()); err != nil {
				return say("cli.err.write", "Error", err)
			}
			return nil
		}),
	}
}
