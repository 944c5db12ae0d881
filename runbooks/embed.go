// Package runbooks holds the runbooks that ship inside the shodo binary.
// They are the defaults: `shodo run service-failure` and `shodo validate`
// without arguments use them, so shodo works with no files on disk at all.
package runbooks

import "embed"

// FS holds every shipped runbook and shared contacts fragment (*.toml at
// the top of this directory) and the shipped drill scenarios
// (drills/*.toml, run by `shodo test` without arguments). An embed.FS
// cannot be changed, so exporting it shares no mutable state.
//
//go:embed *.toml drills/*.toml
var FS embed.FS
