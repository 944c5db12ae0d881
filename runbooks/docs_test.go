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
	slices.Sort(english)
	slices.Sort(japanese)
	if !slices.Equal(english, japanese) {
		t.Fatalf("every scenario ships in English and Japanese: English %v, Japanese %v", english, japanese)
	}
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
		for _, id := range english {
			if !strings.Contains(string(data), "| `"+id+"` |") {
				t.Errorf("%s: the scenario %s is missing from its table", doc.file, id)
			}
		}
	}
}
