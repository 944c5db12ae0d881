package export

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// Every code the journal gives for what exactly breaks a line or a head
// (journal.Break.Why) has its words, so that verify never falls back to the
// English detail for a break the journal itself describes.
func TestEveryBreakDetailHasWords(t *testing.T) {
	patterns := []struct {
		re     *regexp.Regexp
		prefix string
	}{
		{regexp.MustCompile(`badJSON\("([a-z0-9-]+)"`), ""},
		{regexp.MustCompile(`broken\(Kind\w+, "([a-z0-9-]+)"`), ""},
		{regexp.MustCompile(`headErr\("([a-z0-9-]+)"`), "head-"},
		{regexp.MustCompile(`Why: +"([a-z0-9-]+)"`), ""},
	}
	files, err := filepath.Glob(filepath.Join("..", "journal", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var catalogs []*i18n.Catalog
	for _, l := range i18n.Languages() {
		catalogs = append(catalogs, i18n.New(l.Code))
	}
	found := 0
	for _, f := range files {
		if filepath.Ext(f) != ".go" || regexp.MustCompile(`_test\.go$`).MatchString(f) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range patterns {
			for _, m := range p.re.FindAllStringSubmatch(string(src), -1) {
				found++
				id := "export.break-detail." + p.prefix + m[1]
				for _, c := range catalogs {
					if !c.Has(id) {
						t.Errorf("%s gives break detail %q, which has no message %s", f, p.prefix+m[1], id)
					}
				}
			}
		}
	}
	// The scan must keep finding the codes: a renamed helper would make this
	// test pass by finding nothing.
	if found < 25 {
		t.Errorf("found only %d break-detail codes in engine/journal; the patterns no longer match the code", found)
	}
}
