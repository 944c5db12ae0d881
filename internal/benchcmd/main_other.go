//go:build !unix

package main

import (
	"fmt"
	"os"
)

// The harness reads peak RSS from wait4 and drives a pseudo-terminal:
// both need a Unix.
func main() {
	fmt.Fprintln(os.Stderr, "bench: scripts/bench runs on Linux (and other Unix systems) only")
	os.Exit(2)
}
