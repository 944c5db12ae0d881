// Package runbooks holds the runbooks that ship inside the shodo binary:
// the last source of engine/library, after a team's own, so that
// `shodo run service-failure` works with no files on disk at all.
package runbooks

import "embed"

// FS holds every shipped runbook and shared contacts fragment (*.toml at
// the top of this directory), the regulation fragments one file per regime
// (regulations/*.toml, included by runbooks, never run on their own) and
// the shipped drill scenarios (drills/*.toml). An embed.FS cannot be
// changed, so exporting it shares no mutable state.
//
//go:embed *.toml regulations/*.toml drills/*.toml
var FS embed.FS
