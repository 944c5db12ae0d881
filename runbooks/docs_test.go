package runbooks

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
)

// The documents that count or list the shipped drill scenarios say what
// ships: the number of scenarios in each language as a word, and every
// scenario's id in their tables. A scenario added, removed or renamed
// without its documents fails here.
func TestDocumentsCountShippedDrills(t *testing.T) {
	names, err := fs.Glob(FS, "drills/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	var english, japanese []string
	for _, name := range names {
		id := strings.TrimSuffix(path.Base(name), ".toml")
		if base, ok := strings.CutSuffix(id, "-ja"); ok {
			japanese = append(japanese, base)
			continue
		}
		english = append(english, id)
	}
	// A scenario ships in both languages unless its runbook exists in
	// English only (the regulation library's examples): those are listed
	// apart, as English only.
	var paired, englishOnly []string
	for _, id := range english {
		switch {
		case slices.Contains(japanese, id):
			paired = append(paired, id)
		case !hasJapaneseRunbook(t, id):
			englishOnly = append(englishOnly, id)
		default:
			t.Errorf("scenario %s plays a runbook that has a Japanese version, but has no %s-ja", id, id)
		}
	}
	for _, id := range japanese {
		if !slices.Contains(english, id) {
			t.Errorf("scenario %s-ja has no English original", id)
		}
	}
	slices.Sort(paired)
	english = paired
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	if len(english) >= len(words) {
		t.Fatalf("%d scenarios: extend the number words of this test", len(english))
	}
	word := words[len(english)]
	title := strings.ToUpper(word[:1]) + word[1:]
	for _, doc := range []struct {
		file   string
		says   string
		tables bool // lists every scenario as "| `id` |"
	}{
		{"../README.md", "plus " + word + " drill scenarios in each language", false},
		{"README.md", words[len(englishOnly)] + " English-only drills", false},
		{"../docs/drills.md", title + " scenarios ship with shodo", true},
		{"README.md", title + " tabletop scenarios, each in English and Japanese", true},
	} {
		data, err := os.ReadFile(doc.file)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(data)), " ")
		if !strings.Contains(text, doc.says) {
			t.Errorf("%s does not say %q: %d scenarios ship in each language (%s)", doc.file, doc.says, len(english), strings.Join(english, ", "))
		}
		if !doc.tables {
			continue
		}
		for _, id := range append(slices.Clone(english), englishOnly...) {
			if !strings.Contains(string(data), "| `"+id+"` |") {
				t.Errorf("%s: the scenario %s is missing from its table", doc.file, id)
			}
		}
	}
}

// hasJapaneseRunbook reports whether the shipped scenario id plays a
// runbook that also ships as <runbook>-ja.
func hasJapaneseRunbook(t *testing.T, id string) bool {
	t.Helper()
	src, err := fs.ReadFile(FS, "drills/"+id+".toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(src), "\n") {
		if ref, ok := strings.CutPrefix(strings.TrimSpace(line), "runbook = "); ok {
			_, err := fs.Stat(FS, strings.Trim(ref, `"`)+"-ja.toml")
			return err == nil
		}
	}
	t.Fatalf("scenario %s names no runbook", id)
	return false
}
