package drill

import (
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// ShippedDir is where an fs.FS of shipped runbooks (runbooks.FS) keeps its
// drill scenarios, one file per scenario named after its id.
const ShippedDir = "drills"

// LoadFile reads the scenario at path on disk and parses it (see Parse);
// a file that cannot be read is reported as a diagnostic.
func LoadFile(path string, resolve Resolver) (*Scenario, runbook.Diagnostics) {
	src, err := readFile(path)
	if err != nil {
		return nil, readDiag(path, err)
	}
	return Parse(path, src, resolve)
}

// LoadFS reads the scenario name from fsys and parses it.
func LoadFS(fsys fs.FS, name string, resolve Resolver) (*Scenario, runbook.Diagnostics) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, readDiag(name, err)
	}
	return Parse(name, src, resolve)
}

// Shipped returns the path in fsys of the shipped scenario with the given
// id ("" when there is none) and every shipped scenario id, for a "did you
// mean" or a completion.
func Shipped(fsys fs.FS, id string) (name string, ids []string) {
	names, _ := fs.Glob(fsys, ShippedDir+"/*.toml")
	for _, n := range names {
		ids = append(ids, strings.TrimSuffix(path.Base(n), ".toml"))
		if path.Base(n) == id+".toml" {
			name = n
		}
	}
	return name, ids
}

// readFile reads at most runbook.MaxFileSize bytes and one more, so that
// Parse reports an oversized file rather than reading it all.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, runbook.MaxFileSize+1))
}

func readDiag(name string, err error) runbook.Diagnostics {
	return runbook.Diagnostics{runbook.ReadError(name, err)}
}
