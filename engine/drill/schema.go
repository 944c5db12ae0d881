package drill

import _ "embed"

// schemaJSON is the JSON Schema of drill scenarios; a string so that no
// caller can change the embedded copy.
//
//go:embed scenario.schema.json
var schemaJSON string

// Schema returns the JSON Schema (draft 2020-12) of drill scenarios, for
// editors, as runbook.Schema does for runbooks. Parse stays the authority:
// the schema cannot check that an answer, duty or milestone exists in the
// runbook the scenario plays.
func Schema() []byte { return []byte(schemaJSON) }
