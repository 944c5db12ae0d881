package drill

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// fakeReal is real time that moves only when a test says so.
type fakeReal struct{ *testkit.Clock }

func newFakeReal() *fakeReal {
	return &fakeReal{testkit.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))}
}

// advance moves real time on by d and returns it.
func (f *fakeReal) advance(d time.Duration) time.Time {
	f.Advance(d)
	return f.Now()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// shippedResolver resolves a runbook id to the shipped runbook with that
// id: the only references the package's own test scenarios make. What
// shodo resolves with is engine/library, which imports this package and is
// tested there. One resolver serves every test (the runbooks are only
// read), which keeps the suite fast.
var shippedResolver = sync.OnceValue(func() Resolver {
	byID := map[string]*runbook.Runbook{}
	for _, rb := range runbook.LoadSetFS(runbooks.FS, runbook.Options{}).Runbooks {
		byID[rb.ID] = rb
	}
	return func(ref, _ string) (*runbook.Runbook, runbook.Diagnostics, error) {
		if rb, ok := byID[ref]; ok {
			return rb, nil, nil
		}
		return nil, nil, fmt.Errorf("no shipped runbook has id %q", ref)
	}
})

// shippedScenario loads a shipped scenario by file name.
func shippedScenario(t testing.TB, name string) *Scenario {
	t.Helper()
	src, err := fs.ReadFile(runbooks.FS, "drills/"+name)
	if err != nil {
		t.Fatal(err)
	}
	sc, diags := Parse("drills/"+name, src, shippedResolver())
	if sc == nil {
		t.Fatalf("%s: %v", name, diags)
	}
	return sc
}

// parseScenario parses inline TOML against the shipped runbooks.
func parseScenario(t testing.TB, src string) *Scenario {
	t.Helper()
	sc, diags := Parse("inline.toml", []byte(src), shippedResolver())
	if sc == nil {
		t.Fatalf("scenario does not parse: %v", diags)
	}
	return sc
}

// testdataDir is the repository's testdata/drills.
var testdataDir = filepath.Join("..", "..", "testdata", "drills")

// loadFixture parses a scenario file under testdata/drills.
func loadFixture(t testing.TB, rel string) *Scenario {
	t.Helper()
	path := filepath.Join(testdataDir, rel)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, diags := Parse(path, src, shippedResolver())
	if sc == nil {
		t.Fatalf("%s: %v", rel, diags)
	}
	return sc
}

// brief writes failures as their message names and parameters, "late
// Duty=a Late=12m Due=T+1h", the way the tests compare them; their words
// are the export package's, tested there. A refused step's refusal follows
// in English.
func brief(fs []Failure) []string {
	var out []string
	for _, f := range fs {
		s := strings.TrimPrefix(f.Say.ID, "export.test.")
		for _, a := range f.Say.Args {
			v := a.Text
			if a.Kind == incident.ArgNumber {
				v = strconv.FormatFloat(a.Number, 'f', -1, 64)
			}
			s += " " + a.Name + "=" + v
		}
		if f.Refusal != nil {
			s += " Refusal=" + f.Refusal.Error()
		}
		out = append(out, s)
	}
	return out
}

// fixtureResolver resolves every reference to one runbook of
// testdata/incident: answers.toml (a multi node, a number node, two
// dimensions), content.toml (a checklist and an approval), evidence.toml
// (the evidence a ransomware duty collects), fields.toml (a report with
// fields of every kind).
func fixtureResolver(t testing.TB, name string) Resolver {
	t.Helper()
	rb, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "incident", name), runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	return func(string, string) (*runbook.Runbook, runbook.Diagnostics, error) { return rb, nil, nil }
}

// playInline parses src as a scenario of the fixture runbook, plays it, and
// returns its failures in brief, one a line.
func playInline(t *testing.T, src, fixture string) string {
	t.Helper()
	sc, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, fixture))
	if sc == nil {
		t.Fatal(diags)
	}
	return strings.Join(brief(runScenario(t, sc).Failures), "\n")
}

// wantFailuresInOrder checks that got holds each wanted part in order (a
// failure's name and parameters, and for a refused step the words of its
// refusal), and that nothing failed when nothing is wanted.
func wantFailuresInOrder(t *testing.T, got string, want []string) {
	t.Helper()
	if len(want) == 0 && got != "" {
		t.Fatalf("failures:\n%s", got)
	}
	rest := got
	for _, w := range want {
		k := strings.Index(rest, w)
		if k < 0 {
			t.Fatalf("failures:\n%s\nwant %q in them, in order", got, w)
		}
		rest = rest[k+len(w):]
	}
}
