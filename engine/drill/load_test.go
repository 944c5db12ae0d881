package drill

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/runbook"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	path := filepath.Join(testdataDir, "failing", "hw-judged-security.toml")
	sc, diags := LoadFile(path, shippedResolver())
	if sc == nil || sc.Path != path {
		t.Fatalf("LoadFile: %v", diags)
	}
	if _, d := LoadFile(filepath.Join(t.TempDir(), "none.toml"), nil); len(d) != 1 || d[0].Code != "io" || !strings.Contains(d[0].String(), "cannot read") {
		t.Errorf("missing file: %v", d)
	}
	big := filepath.Join(t.TempDir(), "big.toml")
	must(t, os.WriteFile(big, []byte("shodo = 1\n#"+strings.Repeat("x", runbook.MaxFileSize)+"\n"), 0o644))
	if _, d := LoadFile(big, nil); len(d) != 1 || d[0].Code != "too-large" {
		t.Errorf("oversized file: %v", d)
	}
}
