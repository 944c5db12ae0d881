package runbook

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzLoadRunbook feeds arbitrary bytes to the loader: it must never panic,
// never take long (the guard bounds nesting before decoding), and a runbook
// it accepts must re-validate to exactly the diagnostics it was loaded with.
func FuzzLoadRunbook(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(testdataDir, "valid", "*.toml"))
	more, _ := filepath.Glob(filepath.Join(testdataDir, "invalid", "*", "runbook.toml"))
	for _, name := range append(seeds, more...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	opt := Options{Now: testNow}
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		rb, diags := LoadSources([]Source{{Path: "fuzz.toml", Text: string(src)}}, opt)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("load took %v", took)
		}
		if rb == nil {
			if !diags.HasErrors() {
				t.Fatalf("rejected without an error: %v", diags)
			}
			return
		}
		if diags.HasErrors() {
			t.Fatalf("accepted with errors: %v", diags)
		}
		if again := Validate(rb, opt); !again.Equal(diags) {
			t.Fatalf("re-validation differs:\nload:  %v\nagain: %v", diags, again)
		}
	})
}
