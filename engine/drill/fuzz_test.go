package drill

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/shodo-dev/shodo/runbooks"
)

// FuzzParseScenario feeds scenarios to Parse against the shipped runbooks:
// whatever the bytes, it returns a scenario or diagnostics, never panics,
// and a scenario it returns is in time order with its clock keys sane.
// The seeds are the shipped scenarios and the fixtures, which use every
// key, the clock keys (start, happened, pause, resume) included.
func FuzzParseScenario(f *testing.F) {
	shipped, _ := fs.Glob(runbooks.FS, "drills/*.toml")
	for _, name := range shipped {
		src, err := fs.ReadFile(runbooks.FS, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	fixtures, _ := filepath.Glob(filepath.Join(testdataDir, "*", "*.toml"))
	more, _ := filepath.Glob(filepath.Join(testdataDir, "invalid", "*", "scenario.toml"))
	for _, path := range append(fixtures, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("shodo = 1\nid = \"x\"\ntitle = \"x\"\nrunbook = \"service-failure\"\nstart = 2026-12-25T18:00:00+09:00\n" +
		"[[steps]]\nat = \"10m\"\nstamp = \"appi-aware\"\nhappened = \"0m\"\n[[steps]]\nat = \"11m\"\npause = \"customer-notice\"\nreason = \"r\"\n" +
		"[[steps]]\nat = \"12m\"\nresume = \"customer-notice\"\n"))
	// A done taken back with a reopen step.
	f.Add([]byte("shodo = 1\nid = \"x\"\ntitle = \"x\"\nrunbook = \"service-failure\"\n[[injects]]\nat = \"0m\"\ntext = \"x\"\n" +
		"[[steps]]\nat = \"10m\"\ndone = \"vendor-first-call\"\nby = \"phone\"\n[[steps]]\nat = \"11m\"\nreopen = \"vendor-first-call\"\nreason = \"r\"\n"))
	// Reach steps with a recipient that is no recipient, empty, bidi, or
	// of the wrong type, on the shipped duty owed to the police and the
	// insurer.
	f.Add([]byte("shodo = 2\nid = \"x\"\ntitle = \"x\"\nrunbook = \"service-failure\"\n[expect]\nreached = [\"police-consult/police\", 5, \"police-consult/\"]\n" +
		"[[steps]]\nat = \"1m\"\nreach = \"police-consult/\u202einsurer\"\nby = \"phone\"\n[[steps]]\nat = \"2m\"\nreach = \"police-consult//police\"\n" +
		"[[steps]]\nat = \"3m\"\nreach = [\"police-consult/police\"]\n"))
	resolve := shippedResolver()
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, diags := Parse("fuzz.toml", src, resolve)
		if sc == nil {
			if !diags.HasErrors() {
				t.Fatalf("no scenario and no error: %v", diags)
			}
			return
		}
		for i, st := range sc.Steps {
			if i > 0 && st.At < sc.Steps[i-1].At {
				t.Fatalf("step %d at %v before step %d at %v", i+1, st.At, i, sc.Steps[i-1].At)
			}
			if st.HasHappened && (st.Action != ActionStamp && st.Action != ActionDone && st.Action != ActionRegister && st.Action != ActionExtend || st.Happened > st.At || st.Happened < 0) {
				t.Fatalf("step %d: happened %v with %s at %v", i+1, st.Happened, st.Action, st.At)
			}
		}
		if sc.Speed < MinSpeed || sc.Speed > MaxSpeed {
			t.Fatalf("speed %v out of bounds", sc.Speed)
		}
	})
}
