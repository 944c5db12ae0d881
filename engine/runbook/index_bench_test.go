package runbook

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The key-position index is built on every load; these pin the buffer-based
// indexer to the string-per-key walk it replaced, and measure both.

func indexCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	corpus := map[string][]byte{}
	for _, root := range []string{"../../testdata", "../../runbooks", "testdata"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".toml") {
				return err
			}
			b, err := os.ReadFile(p)
			corpus[p] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []int{1, 10, 100} {
		corpus[fmt.Sprintf("generated-%d", n)] = []byte(generateRunbook(n))
	}
	corpus["quoted"] = []byte("shodo = 1\n\"a.b\" = 1\n'c d'.e = 2\n[x.\"y z\".w]\nk = [1, [2, {q = 3}]]\n[[arr]]\nv = 1\n[[arr]]\nv = 2\n[arr.sub]\nu = 3\n")
	return corpus
}

func TestIndexKeysMatchesReference(t *testing.T) {
	corpus := indexCorpus(t)
	if len(corpus) < 20 {
		t.Fatalf("only %d files in the corpus", len(corpus))
	}
	for name, src := range corpus {
		t.Run(name, func(t *testing.T) {
			got, want := indexKeys(src), referenceIndexKeys(src)
			if !maps.Equal(got, want) {
				for k, v := range want {
					if g, ok := got[k]; !ok || g != v {
						t.Errorf("%s: got %d (present %v), want %d", k, g, ok, v)
					}
				}
				for k := range got {
					if _, ok := want[k]; !ok {
						t.Errorf("%s: recorded, but not by the reference", k)
					}
				}
			}
		})
	}
}

// FuzzIndexKeysMatchesReference feeds arbitrary text to both indexers: on
// anything that decodes (the only input the loader indexes; neither walk
// is meant to terminate on broken TOML) they must record the same
// positions.
func FuzzIndexKeysMatchesReference(f *testing.F) {
	for _, src := range indexCorpus(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > MaxFileSize || guard(src) != nil {
			return
		}
		if _, err := safeDecode(src); err != nil {
			return
		}
		got, want := indexKeys(src), referenceIndexKeys(src)
		if !maps.Equal(got, want) {
			t.Fatalf("index differs for %q:\n got %v\nwant %v", src, got, want)
		}
	})
}

// BenchmarkIndexKeys compares the two indexers on generated runbooks.
func BenchmarkIndexKeys(b *testing.B) {
	for _, n := range []int{100, 1000} {
		src := []byte(generateRunbook(n))
		for _, impl := range []struct {
			name string
			fn   func([]byte) keyIndex
		}{{"buffer", indexKeys}, {"string-per-key", referenceIndexKeys}} {
			b.Run("nodes="+strconv.Itoa(n)+"/"+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					impl.fn(src)
				}
			})
		}
	}
}

// refIndexer is the indexer as it was before it built paths in a buffer:
// one string per key. It stays here as the reference the faster one must
// agree with.
type refIndexer struct {
	src  []byte
	i    int
	keys keyIndex
	// arrays counts the elements of each array of tables seen so far, by path.
	arrays map[string]int
}

func referenceIndexKeys(src []byte) keyIndex {
	ix := &refIndexer{src: src, keys: keyIndex{}, arrays: map[string]int{}}
	defer func() {
		// The walk is best effort over already-valid TOML; a surprise here
		// must cost positions, never the load.
		_ = recover()
	}()
	ix.document()
	return ix.keys
}

func (ix *refIndexer) peek() byte {
	if ix.i < len(ix.src) {
		return ix.src[ix.i]
	}
	return 0
}

func (ix *refIndexer) skipSpace() {
	for ix.i < len(ix.src) && (ix.src[ix.i] == ' ' || ix.src[ix.i] == '\t') {
		ix.i++
	}
}

// skipBlank skips spaces, newlines and comments.
func (ix *refIndexer) skipBlank() {
	for ix.i < len(ix.src) {
		switch ix.src[ix.i] {
		case ' ', '\t', '\r', '\n':
			ix.i++
		case '#':
			for ix.i < len(ix.src) && ix.src[ix.i] != '\n' {
				ix.i++
			}
		default:
			return
		}
	}
}

func (ix *refIndexer) document() {
	table := ""
	// A BOM has no place in the index; the decoder accepts it.
	if strings.HasPrefix(string(ix.src[:min(3, len(ix.src))]), "\uFEFF") {
		ix.i = 3
	}
	for {
		ix.skipBlank()
		if ix.i >= len(ix.src) {
			return
		}
		if ix.peek() == '[' {
			table = ix.header()
			continue
		}
		ix.keyValue(table)
	}
}

// header reads [a.b] or [[a.b]] and returns the resolved table path.
func (ix *refIndexer) header() string {
	start := ix.i
	ix.i++
	double := ix.peek() == '['
	if double {
		ix.i++
	}
	ix.skipSpace()
	parts, _ := ix.key()
	ix.skipSpace()
	ix.i++ // ]
	if double {
		ix.i++
	}
	path := ""
	for n, p := range parts {
		path = joinKey(path, p)
		last := n == len(parts)-1
		if last && double {
			k := ix.arrays[path]
			ix.arrays[path] = k + 1
			ix.record(path, start)
			path = joinIndex(path, k)
			ix.record(path, start)
			continue
		}
		if k, ok := ix.arrays[path]; ok && !last {
			path = joinIndex(path, k-1)
		}
		ix.record(path, start)
	}
	return path
}

func (ix *refIndexer) record(path string, off int) {
	if _, ok := ix.keys[path]; !ok {
		ix.keys[path] = off
	}
}

// key reads a dotted key and returns its parts and the offset of each part.
func (ix *refIndexer) key() ([]string, []int) {
	var parts []string
	var offs []int
	for {
		ix.skipSpace()
		offs = append(offs, ix.i)
		switch ix.peek() {
		case '"', '\'':
			end := skipString(ix.src, ix.i)
			raw := string(ix.src[ix.i:end])
			var s string
			if raw[0] == '\'' {
				s = strings.Trim(raw, "'")
			} else if u, err := strconv.Unquote(raw); err == nil {
				s = u
			} else {
				s = strings.Trim(raw, `"`)
			}
			parts = append(parts, s)
			ix.i = end
		default:
			st := ix.i
			for ix.i < len(ix.src) && isBareKeyByte(ix.src[ix.i]) {
				ix.i++
			}
			if ix.i == st {
				panic("indexer: expected a key")
			}
			parts = append(parts, string(ix.src[st:ix.i]))
		}
		ix.skipSpace()
		if ix.peek() != '.' {
			return parts, offs
		}
		ix.i++
	}
}

// keyValue reads `key = value` inside table.
func (ix *refIndexer) keyValue(table string) {
	parts, offs := ix.key()
	path := table
	for n, p := range parts {
		path = joinKey(path, p)
		ix.record(path, offs[n])
	}
	ix.skipSpace()
	ix.i++ // =
	ix.skipSpace()
	ix.value(path)
}

func (ix *refIndexer) value(path string) {
	switch c := ix.peek(); c {
	case '"', '\'':
		ix.i = skipString(ix.src, ix.i)
	case '[':
		ix.i++
		for n := 0; ; n++ {
			ix.skipBlank()
			if ix.peek() == ']' {
				ix.i++
				return
			}
			el := joinIndex(path, n)
			ix.record(el, ix.i)
			ix.value(el)
			ix.skipBlank()
			if ix.peek() == ',' {
				ix.i++
			}
		}
	case '{':
		ix.i++
		for {
			ix.skipBlank()
			if ix.peek() == '}' {
				ix.i++
				return
			}
			ix.keyValue(path)
			ix.skipBlank()
			if ix.peek() == ',' {
				ix.i++
			}
		}
	default:
		// A number, boolean or date: runs to a delimiter.
		for ix.i < len(ix.src) {
			switch ix.src[ix.i] {
			case ',', ']', '}', '\n', '\r', '#':
				return
			case ' ':
				// Dates may hold one space between date and time.
				if ix.i+1 < len(ix.src) && ix.src[ix.i+1] >= '0' && ix.src[ix.i+1] <= '9' {
					ix.i++
					continue
				}
				return
			}
			ix.i++
		}
	}
	if ix.i == 0 {
		panic("indexer: no progress")
	}
}

// textClean is checkText's fast path: it must agree with checkText on
// whether a value has anything to report.
func TestTextCleanAgreesWithCheckText(t *testing.T) {
	values := []string{"", "plain", "日本語のラベル", "tab\there", "line\nbreak", "esc\x1b[31m", "bell\a", "del\x7f",
		"c1\u0085", "bidi\u202e", "lrm\u200e", "alm\u061c", "ok\u00e9", "\xff\xfe invalid", strings.Repeat("x", MaxTextBytes+1)}
	for _, kind := range []textKind{lineText, blockText} {
		for _, v := range values {
			r := &reporter{}
			checkText(r, loc{}, "", "k", v, kind)
			if got, want := textClean(v, kind), len(r.diags) == 0; got != want {
				t.Errorf("textClean(%q, %d) = %v, checkText reports %v", v, kind, got, r.diags)
			}
		}
	}
}
