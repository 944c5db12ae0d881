package drill

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/runbooks"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	name, ids := Shipped(runbooks.FS, "friday-ransomware")
	if name != "drills/friday-ransomware.toml" || !slices.Contains(ids, "jvn-rank-a-ja") || len(ids) < 10 {
		t.Fatalf("Shipped = %q, %v", name, ids)
	}
	if name, _ := Shipped(runbooks.FS, "friday"); name != "" {
		t.Errorf("a prefix found %q", name)
	}
	sc, diags := LoadFS(runbooks.FS, name, shippedResolver())
	if sc == nil || sc.ID != "friday-ransomware" {
		t.Fatalf("LoadFS: %v", diags)
	}
	path := filepath.Join(testdataDir, "failing", "hw-judged-security.toml")
	sc, diags = LoadFile(path, NewResolver(runbooks.FS, nil, runbook.Options{}))
	if sc == nil || sc.Path != path {
		t.Fatalf("LoadFile: %v", diags)
	}
	for _, load := range []func() runbook.Diagnostics{
		func() runbook.Diagnostics { _, d := LoadFile(filepath.Join(t.TempDir(), "none.toml"), nil); return d },
		func() runbook.Diagnostics { _, d := LoadFS(runbooks.FS, "drills/none.toml", nil); return d },
	} {
		if d := load(); len(d) != 1 || d[0].Code != "io" || !strings.Contains(d[0].String(), "cannot read") {
			t.Errorf("missing file: %v", d)
		}
	}
	big := filepath.Join(t.TempDir(), "big.toml")
	must(t, os.WriteFile(big, []byte("shodo = 1\n#"+strings.Repeat("x", runbook.MaxFileSize)+"\n"), 0o644))
	if _, d := LoadFile(big, nil); len(d) != 1 || d[0].Code != "too-large" {
		t.Errorf("oversized file: %v", d)
	}
}
