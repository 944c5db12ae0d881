// Package runbooks holds the runbooks that ship inside the shodo binary.
// They are the defaults: `shodo run service-failure` and `shodo validate`
// without arguments use them, so shodo works with no files on disk at all.
package runbooks

import "embed"

// FS holds every shipped runbook and shared contacts fragment (*.toml at
// the top of this directory). An embed.FS cannot be changed, so exporting
// it shares no mutable state.
//
// Drill scenarios will live in drills/*.toml: add that pattern to the
// go:embed line below when the first one lands (a pattern that matches no
// file is a build error).
//
//go:embed *.toml
var FS embed.FS
