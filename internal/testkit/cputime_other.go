//go:build !unix

package testkit

import "time"

// CPUTime is 0 where shodo does not read the process's CPU time: a
// benchmark then reports no cpu-ns/op worth reading.
func CPUTime() time.Duration { return 0 }
