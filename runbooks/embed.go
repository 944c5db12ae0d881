// Package runbooks holds the runbooks that ship inside the shodo binary:
// the last source of engine/library, after a team's own, so that
// `shodo run service-failure` works with no files on disk at all.
package runbooks

import "embed"

// FS holds every shipped runbook and shared contacts fragment (*.toml at
// the top of this directory), the regulation fragments one file per regime
// (regulations/*.toml, included by runbooks, never run on their own) and
// the shipped drill scenarios (drills/*.toml), and index.json: what they
// offer (ids, titles, summaries) with the hash of every file, so that the
// home screen lists them without decoding them (engine/library's
// IndexFile; `go test ./engine/library -run TestShippedIndex -update`
// rewrites it). An embed.FS cannot be changed, so exporting it shares no
// mutable state.
//
//go:embed *.toml regulations/*.toml drills/*.toml index.json
var FS embed.FS
