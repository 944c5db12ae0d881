package runbook

import (
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
	// The decoder reports some errors at offset -1 (a control character
	// as the whole file, say): clamp to the file.
	off = min(max(off, start), len(src))
	return lo + 1, utf8.RuneCount(src[start:off]) + 1
}

// guardError is a limit broken by the raw text, at a byte offset.
type guardError struct {
	off int
	msg Message // says which limit, with Max as its argument
	max int
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
					return &guardError{i, msgTooDeep, MaxNesting}
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
				return &guardError{i, msgTooManyKeyParts, MaxKeyParts}
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
//
// The walk builds the key path in one reusable buffer and copies each
// recorded path into one arena, whose single string then backs every key of
// the index: indexing costs a few allocations per file rather than one
// string per key (the per-key strings were a fifth of a large runbook's
// load time).
type indexer struct {
	src []byte
	i   int
	// path is the key path at the current position, e.g. `triage.nodes.n1`.
	path []byte
	// arena holds every recorded path back to back; recs says where.
	arena strings.Builder
	recs  []keyRecord
	// arrays counts the elements of each array of tables seen so far, by path.
	arrays map[string]int
}

// keyRecord is one recorded path: arena[start:end] starts at byte off.
type keyRecord struct{ start, end, off int }

func indexKeys(src []byte) keyIndex {
	// Sized from typical runbooks (paths take up to 2.3 times the bytes of
	// the file; a key or element every 11 to 13 bytes) so that the buffers
	// rarely grow.
	ix := &indexer{src: src, arrays: map[string]int{}, recs: make([]keyRecord, 0, len(src)/10)}
	ix.arena.Grow(5 * len(src) / 2)
	ix.walk()
	return ix.index()
}

// walk records what it can. The walk is best effort over already-valid
// TOML; a surprise here must cost positions, never the load.
func (ix *indexer) walk() {
	defer func() { _ = recover() }()
	ix.document()
}

// index turns the records into the key index, the first place of each path
// winning.
func (ix *indexer) index() keyIndex {
	all := ix.arena.String()
	keys := make(keyIndex, len(ix.recs))
	for _, r := range ix.recs {
		p := all[r.start:r.end]
		if _, ok := keys[p]; !ok {
			keys[p] = r.off
		}
	}
	return keys
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
	// A BOM has no place in the index; the decoder accepts it.
	if strings.HasPrefix(string(ix.src[:min(3, len(ix.src))]), "\uFEFF") {
		ix.i = 3
	}
	table := 0 // ix.path[:table] is the current table's path
	for {
		ix.skipBlank()
		if ix.i >= len(ix.src) {
			return
		}
		if ix.peek() == '[' {
			ix.header()
			table = len(ix.path)
			continue
		}
		ix.path = ix.path[:table]
		ix.keyValue()
	}
}

// header reads [a.b] or [[a.b]] and leaves the resolved table path in
// ix.path.
func (ix *indexer) header() {
	start := ix.i
	ix.i++
	double := ix.peek() == '['
	if double {
		ix.i++
	}
	ix.skipSpace()
	ix.path = ix.path[:0]
	for {
		_, more := ix.keyPart()
		last := !more
		if last && double {
			k := ix.arrays[string(ix.path)]
			ix.arrays[string(ix.path)] = k + 1
			ix.record(start)
			ix.path = appendIndex(ix.path, k)
			ix.record(start)
			break
		}
		if k, ok := ix.arrays[string(ix.path)]; ok && !last {
			ix.path = appendIndex(ix.path, k-1)
		}
		ix.record(start)
		if last {
			break
		}
	}
	ix.skipSpace()
	ix.i++ // ]
	if double {
		ix.i++
	}
}

// record notes that the current path starts at byte off.
func (ix *indexer) record(off int) {
	start := ix.arena.Len()
	ix.arena.Write(ix.path)
	ix.recs = append(ix.recs, keyRecord{start, ix.arena.Len(), off})
}

// keyPart reads one part of a dotted key and appends it to the path (see
// joinKey). It returns where the part starts and whether a dot and another
// part follow.
func (ix *indexer) keyPart() (off int, more bool) {
	ix.skipSpace()
	off = ix.i
	if len(ix.path) > 0 {
		ix.path = append(ix.path, '.')
	}
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
		if isPlainKey(s) {
			ix.path = append(ix.path, s...)
		} else {
			ix.path = strconv.AppendQuote(ix.path, s)
		}
		ix.i = end
	default:
		st := ix.i
		for ix.i < len(ix.src) && isBareKeyByte(ix.src[ix.i]) {
			ix.i++
		}
		if ix.i == st {
			panic("indexer: expected a key")
		}
		ix.path = append(ix.path, ix.src[st:ix.i]...)
	}
	ix.skipSpace()
	if ix.peek() != '.' {
		return off, false
	}
	ix.i++
	return off, true
}

// appendIndex is joinIndex on a path buffer.
func appendIndex(path []byte, i int) []byte {
	path = append(path, '[')
	path = strconv.AppendInt(path, int64(i), 10)
	return append(path, ']')
}

// keyValue reads `key = value` under the current path, recording the key
// and everything in its value, and leaves the path as it found it.
func (ix *indexer) keyValue() {
	base := len(ix.path)
	for {
		off, more := ix.keyPart()
		ix.record(off)
		if !more {
			break
		}
	}
	ix.skipSpace()
	ix.i++ // =
	ix.skipSpace()
	ix.value()
	ix.path = ix.path[:base]
}

// value skips the value at the current position, recording the elements of
// arrays and the keys of inline tables under the current path.
func (ix *indexer) value() {
	switch c := ix.peek(); c {
	case '"', '\'':
		ix.i = skipString(ix.src, ix.i)
	case '[':
		ix.i++
		base := len(ix.path)
		for n := 0; ; n++ {
			ix.skipBlank()
			if ix.peek() == ']' {
				ix.i++
				return
			}
			ix.path = appendIndex(ix.path[:base], n)
			ix.record(ix.i)
			ix.value()
			ix.path = ix.path[:base]
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
			ix.keyValue()
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
