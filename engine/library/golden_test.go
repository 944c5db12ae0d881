package library

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/runbooks"
)

// update rewrites golden files instead of comparing against them:
// go test ./engine/library -update
var update = flag.Bool("update", false, "rewrite golden files under testdata/drills/invalid")

// Broken scenarios, named by their path, print the diagnostics in their
// expected.txt, each at the place to fix it: what they make of their
// runbook reference is the library's doing.
func TestInvalidScenarios(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "drills", "invalid", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 6 {
		t.Fatalf("found %d invalid cases; want at least 6", len(dirs))
	}
	cat := New(Config{Shipped: runbooks.FS, WorkDir: t.TempDir()}).Walk()
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			sc, diags := drill.LoadFile(filepath.Join(dir, "scenario.toml"), cat.Resolver())
			if sc != nil {
				t.Errorf("a broken scenario parsed")
			}
			if !diags.HasErrors() {
				t.Fatalf("no errors: %v", diags)
			}
			var b strings.Builder
			for _, d := range diags {
				b.WriteString(d.String() + "\n")
			}
			got := strings.ReplaceAll(b.String(), dir+string(filepath.Separator), "")
			path := filepath.Join(dir, "expected.txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test ./engine/library -update to create it): %v", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run go test ./engine/library -update to accept):\n--- got\n%s--- want\n%s", path, got, want)
			}
		})
	}
}
