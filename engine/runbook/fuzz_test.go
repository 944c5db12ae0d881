package runbook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// FuzzLoadRunbook feeds arbitrary bytes to the loader: it must never panic,
// never take long (the guard bounds nesting before decoding), and a runbook
// it accepts must re-validate to exactly the diagnostics it was loaded with;
// its diagnostics must word in English and Japanese without a gap.
func FuzzLoadRunbook(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(testdataDir, "valid", "*.toml"))
	more, _ := filepath.Glob(filepath.Join(testdataDir, "invalid", "*", "runbook.toml"))
	for _, name := range append(seeds, more...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	opt := Options{Now: testNow}
	en, ja := i18n.New(i18n.English), i18n.New(i18n.Japanese)
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		rb, diags := LoadSources([]Source{{Path: "fuzz.toml", Text: string(src)}}, opt)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("load took %v", took)
		}
		for _, d := range diags[:min(len(diags), 3)] {
			// Diagnostics can be worded, in every language (a few per
			// input: wording costs more than loading).
			for _, c := range []*i18n.Catalog{en, ja} {
				if text := d.Text(c); strings.Contains(text, "<no value>") || strings.Contains(text, "«runbook.") {
					t.Fatalf("diagnostic %s does not word in %s: %q", d.Message.ID, c.Lang(), text)
				}
			}
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
