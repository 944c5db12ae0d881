package runbook

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds the lexical side of loading. BurntSushi/toml exports no
// key positions and (up to v1.6.0) takes seconds and gigabytes on deeply
// nested input, so two cheap passes run over the raw bytes:
//
//   - guard, before decoding: skips strings and comments exactly and rejects
//     nesting deeper than MaxNesting and dotted keys longer than MaxKeyParts;
//   - indexKeys, after a successful decode: records where every key, table
//     header and array element starts, by key path
//     (e.g. `triage.nodes.symptom.options[1].next`), so every semantic
//     diagnostic can point at the key to fix.

// lineCol converts a byte offset into a 1-based line and a 1-based column
// counted in runes.
type lineIndex []int // byte offset of the start of each line

func newLineIndex(src []byte) lineIndex {
	li := lineIndex{0}
	for i, b := range src {
		if b == '\n' {
			li = append(li, i+1)
		}
	}
	return li
}

func (li lineIndex) pos(src []byte, off int) (line, col int) {
	lo, hi := 0, len(li)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := li[lo]
	if off > len(src) {
		off = len(src)
	}
	return lo + 1, utf8.RuneCount(src[start:off]) + 1
}

// guardError is a limit broken by the raw text, at a byte offset.
type guardError struct {
	off  int
	code string
	msg  string
}

// guard checks nesting depth and dotted-key length without decoding. It
// tokenises strings and comments exactly (TOML makes that context-free) and
// counts everything else crudely, which errs on the side of rejecting.
func guard(src []byte) *guardError {
	depth, parts := 0, 1
	lineStart := true // only blanks since the last newline
	for i := 0; i < len(src); {
		c := src[i]
		switch c {
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case '"', '\'':
			i = skipString(src, i)
			lineStart = false
			continue
		case '\n':
			lineStart = true
			parts = 1
			i++
			continue
		case '[', '{':
			// A bracket that opens a line outside any value is a table
			// header, not nesting.
			if !(c == '[' && depth == 0 && lineStart) {
				depth++
				if depth > MaxNesting {
					return &guardError{i, "too-deep", fmt.Sprintf("nesting deeper than %d levels of arrays and inline tables; flatten the structure", MaxNesting)}
				}
			}
			parts = 1
		case ']', '}':
			if depth > 0 {
				depth--
			}
			parts = 1
		case '.':
			parts++
			if parts > MaxKeyParts {
				return &guardError{i, "too-many-key-parts", fmt.Sprintf("a dotted key with more than %d parts; use a table header instead", MaxKeyParts)}
			}
		case ' ', '\t', '\r':
			i++
			continue
		default:
			if !isBareKeyByte(c) {
				parts = 1
			}
		}
		if c != '[' {
			lineStart = false
		}
		i++
	}
	return nil
}

// skipString returns the offset just past the string starting at src[i]
// (any of the four TOML string forms). An unterminated string runs to the
// end of its line (or of the file for multi-line strings); the decoder
// reports it.
func skipString(src []byte, i int) int {
	q := src[i]
	if i+2 < len(src) && src[i+1] == q && src[i+2] == q {
		// Multi-line. Up to two extra quotes may close it ("""a"""").
		j := i + 3
		for j < len(src) {
			if q == '"' && src[j] == '\\' {
				j += 2
				continue
			}
			if src[j] == q && j+2 < len(src) && src[j+1] == q && src[j+2] == q {
				j += 3
				for k := 0; k < 2 && j < len(src) && src[j] == q; k++ {
					j++
				}
				return j
			}
			j++
		}
		return len(src)
	}
	j := i + 1
	for j < len(src) && src[j] != '\n' {
		if q == '"' && src[j] == '\\' {
			j += 2
			continue
		}
		if src[j] == q {
			return j + 1
		}
		j++
	}
	return j
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyIndex maps key paths to the place their key (or array element, or table
// header) starts.
type keyIndex map[string]int

// joinKey appends one key to a path. Keys that are not plain ids are quoted
// so that a dot inside a quoted key cannot be mistaken for a separator.
func joinKey(path, key string) string {
	if !isPlainKey(key) {
		key = strconv.Quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func joinIndex(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func isPlainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if !isBareKeyByte(k[i]) {
			return false
		}
	}
	return true
}

// indexer walks TOML that already decoded without error and records key
// positions. It never fails: on anything it does not understand it stops,
// and diagnostics fall back to the nearest known parent.
type indexer struct {
	src  []byte
	i    int
	keys keyIndex
	// arrays counts the elements of each array of tables seen so far, by path.
	arrays map[string]int
}

func indexKeys(src []byte) keyIndex {
	ix := &indexer{src: src, keys: keyIndex{}, arrays: map[string]int{}}
	defer func() {
		// The walk is best effort over already-valid TOML; a surprise here
		// must cost positions, never the load.
		_ = recover()
	}()
	ix.document()
	return ix.keys
}

func (ix *indexer) peek() byte {
	if ix.i < len(ix.src) {
		return ix.src[ix.i]
	}
	return 0
}

func (ix *indexer) skipSpace() {
	for ix.i < len(ix.src) && (ix.src[ix.i] == ' ' || ix.src[ix.i] == '\t') {
		ix.i++
	}
}

// skipBlank skips spaces, newlines and comments.
func (ix *indexer) skipBlank() {
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

func (ix *indexer) document() {
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
func (ix *indexer) header() string {
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

func (ix *indexer) record(path string, off int) {
	if _, ok := ix.keys[path]; !ok {
		ix.keys[path] = off
	}
}

// key reads a dotted key and returns its parts and the offset of each part.
func (ix *indexer) key() ([]string, []int) {
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
func (ix *indexer) keyValue(table string) {
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

func (ix *indexer) value(path string) {
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
