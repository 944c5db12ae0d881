package drill

import (
	"github.com/shodo-dev/shodo/engine/runbook"
)

// LoadFile reads the scenario at path on disk and parses it (see Parse);
// a file that cannot be read is reported as a diagnostic.
func LoadFile(path string, resolve Resolver) (*Scenario, runbook.Diagnostics) {
	src, err := readFile(path)
	if err != nil {
		return nil, readDiag(path, err)
	}
	return Parse(path, src, resolve)
}

// readFile reads a scenario as shodo reads every runbook: without
// blocking, regular files only, at most runbook.MaxFileSize bytes and one
// more (so that Parse reports an oversized file rather than reading it all).
func readFile(name string) ([]byte, error) { return runbook.ReadRegular(name) }

func readDiag(name string, err error) runbook.Diagnostics {
	return runbook.Diagnostics{runbook.ReadError(name, err)}
}
