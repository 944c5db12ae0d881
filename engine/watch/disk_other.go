//go:build !linux

package watch

import "github.com/shodo-dev/shodo/engine/incident"

// diskOf cannot look at the file system here: a watcher learns of a full
// disk from nothing but the records that stop coming.
func diskOf(string) (incident.FaultCause, bool) { return "", false }
