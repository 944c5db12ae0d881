// Package testkit holds what shodo's tests share: one fake clock, one golden
// file helper with one -update flag, and the pseudo-locale leak check. It is
// imported only by tests.
package testkit

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Clock is a clock tests move by hand. It satisfies incident.Clock and
// every other `Now() time.Time` interface; it is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock reading t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t, backwards too (a wall-clock step).
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// The one -update flag of every test binary. The Charm golden package,
// which teatest imports, registers a flag of the same name; Go initialises
// imported packages in import-path order, and github.com/charmbracelet sorts
// before this package, so when it is there its flag is found and shared
// instead of registered twice (which panics).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/ instead of comparing with them")
	}
}

// Updating reports whether the test run was given -update: golden files
// are rewritten instead of compared.
func Updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Golden compares got with the golden file at path (relative to the test's
// package directory), or rewrites the file under -update. The failure shows
// both texts and the command that accepts the change.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if Updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run the test with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run the test with -update to accept, then read the diff):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// englishWord is a run of two or more ASCII letters: in the pseudo-locale
// every letter of shodo's own words is accented, so such a run is a word
// that did not come from the catalogue.
var englishWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// EnglishLeaks returns the ASCII words of a pseudo-locale rendering that are
// not in allow: words written in code instead of the catalogue. allow holds
// what is rightly not translated — key names (enter, esc, tab), ids, the
// runbook's own text when it is English.
func EnglishLeaks(rendered string, allow ...string) []string {
	var leaks []string
	for _, w := range englishWord.FindAllString(rendered, -1) {
		if !slices.Contains(allow, w) && !slices.Contains(leaks, w) {
			leaks = append(leaks, w)
		}
	}
	return leaks
}

// KeyNames are the key names shown as they are in every language.
func KeyNames() []string {
	return strings.Fields("enter esc tab shift ctrl alt up dn down left right pgup pgdn home end space del backspace")
}
