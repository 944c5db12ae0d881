package runbook

import _ "embed"

// schemaJSON is the JSON Schema of the runbook format. It is a string, not a
// []byte, so that no caller can change the embedded copy.
//
//go:embed schema.json
var schemaJSON string

// Schema returns the JSON Schema (draft 2020-12) of the runbook format, for
// editors: Taplo and Even Better TOML pick it up from a
// `#:schema ./shodo.schema.json` comment at the top of a runbook and then
// complete keys, show each key's description on hover and flag typos.
// It accepts both runbooks and include-only fragments. The loader stays the
// authority: the schema cannot check references between ids.
func Schema() []byte { return []byte(schemaJSON) }
