package runbook

import (
	"maps"
	"slices"
	"strings"
)

// Document is a TOML file decoded with the same guards as a runbook, with
// the position of every key, for formats that live beside runbooks (drill
// scenarios). Its tables report problems in the runbook's words and format.
type Document struct {
	file *sourceFile
	tree map[string]any
	r    *reporter
}

// DecodeDocument applies the loader's guards (size, UTF-8, nesting) and
// decodes src. It returns nil when the file cannot be used at all; the
// reasons are in the diagnostics.
func DecodeDocument(name string, src []byte) (*Document, Diagnostics) {
	r := &reporter{}
	f, tree := decodeFile(name, name, src, r)
	if f == nil {
		return nil, r.diags.Sort()
	}
	return &Document{file: f, tree: tree, r: r}, nil
}

// Name is how the document's diagnostics name its file.
func (d *Document) Name() string { return d.file.name }

// Source is the document's text, byte for byte as read.
func (d *Document) Source() []byte { return d.file.src }

// Root returns the document's top-level table.
func (d *Document) Root() Table {
	return Table{obj{loc: loc{file: d.file}, m: d.tree, r: d.r}}
}

// Diagnostics returns what the tables of the document reported so far.
func (d *Document) Diagnostics() Diagnostics { return d.r.diags.Sort() }

// Table is one TOML table of a Document. Its accessors report missing keys,
// wrong types and control characters as diagnostics and return zero values,
// so a caller can read everything and report every problem at once.
type Table struct{ o obj }

// Allow reports each key that is not one of allowed, suggesting a near
// miss; what names the table ("a drill scenario", "step 3").
func (t Table) Allow(what Msg, allowed ...string) { t.o.allow(subject{ready: what}, allowed...) }

// Has reports whether key is present.
func (t Table) Has(key string) bool { return t.o.has(key) }

// Raw returns the decoded value of key, if present.
func (t Table) Raw(key string) (any, bool) {
	v, ok := t.o.m[key]
	return v, ok
}

// Line returns one-line text at key (empty if absent or not a string).
func (t Table) Line(key string) string { s, _ := t.o.str(key, lineText); return s }

// Text returns text at key that may span lines.
func (t Table) Text(key string) string { s, _ := t.o.str(key, blockText); return s }

// Required returns one-line text at key, reporting it when missing; example
// shows how to write it.
func (t Table) Required(what Msg, key string, example Message) string {
	return t.o.reqStr(subject{ready: what}, key, lineText, example)
}

// Missing reports that key, a key the table needs, is missing; example
// shows how to write it.
func (t Table) Missing(what Msg, key string, example Msg) {
	t.o.missing(subject{ready: what}, key, example)
}

// Strings returns a string or a list of strings at key.
func (t Table) Strings(key string) []string { return t.o.strs(key, lineText) }

// TextList returns a list of multi-line texts at key.
func (t Table) TextList(key string) []string { return t.o.strs(key, blockText) }

// Bool returns a boolean at key.
func (t Table) Bool(key string) (value, present bool) { return t.o.boolean(key) }

// Int returns an integer at key.
func (t Table) Int(key string) (value int64, present bool) {
	v, ok := t.o.m[key]
	if !ok {
		return 0, false
	}
	n, isInt := v.(int64)
	if !isInt {
		t.o.wrongType(key, msgTypeInteger, v)
		return 0, false
	}
	return n, true
}

// Number returns an integer or a float at key as a float64.
func (t Table) Number(key string) (value float64, present bool) {
	v, ok := t.o.m[key]
	if !ok {
		return 0, false
	}
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	t.o.wrongType(key, msgTypeNumber, v)
	return 0, false
}

// Duration returns a duration such as "45m" at key, reporting a bad one
// as "<what>: <key>: bad duration …".
func (t Table) Duration(what Msg, key string) (Duration, bool) {
	s, ok := t.o.str(key, lineText)
	if !ok {
		return Duration{}, false
	}
	d, err := ParseDuration(s)
	if err != nil {
		t.o.r.fail(t.o.loc, key, msgBadDurationAt, Part("What", what), Plain("Key", key), Part("Problem", ProblemOf(err)))
		return Duration{}, false
	}
	if d.IsBusiness() {
		// A document's times (a scenario's offsets) are elapsed time,
		// with no calendar to count business time on.
		t.o.r.fail(t.o.loc, key, msgBadDurationAt, Part("What", what), Plain("Key", key), Part("Problem", msgDurationBusinessHere.With(Quoted("Duration", s))))
		return Duration{}, false
	}
	return d, true
}

// Offset returns a point in time relative to a start, such as "0m" or
// "1h30m" at key: like Duration, but zero is allowed.
func (t Table) Offset(what Msg, key string) (Duration, bool) {
	s, ok := t.o.str(key, lineText)
	if !ok {
		return Duration{}, false
	}
	if isZeroOffset(s) {
		return Duration{}, true
	}
	return t.Duration(what, key)
}

// isZeroOffset reports whether s writes zero ("0", "0m", "0h0m").
func isZeroOffset(s string) bool {
	return strings.ContainsRune(s, '0') && strings.Trim(s, "0wdhms") == ""
}

// Table returns the sub-table at key.
func (t Table) Table(key string) (Table, bool) {
	sub, ok := t.o.table(key)
	return Table{sub}, ok
}

// Keys returns the table's keys, sorted: for a table whose keys are ids
// (expect.dimensions).
func (t Table) Keys() []string { return slices.Sorted(maps.Keys(t.o.m)) }

// List returns the tables of an array of tables at key; kind is the word
// for one of them ("inject"), for "inject 2 must be a table".
func (t Table) List(key string, kind Message) []Table {
	items := t.o.list(key, kind)
	out := make([]Table, len(items))
	for i, it := range items {
		out[i] = Table{it}
	}
	return out
}

// Pos returns where key (or, for "", the table itself) is written. Key may
// carry an index: "objectives[2]".
func (t Table) Pos(key string) Pos { return t.o.loc.pos(key) }

// Error reports an error at key ("" for the table itself) saying m.
func (t Table) Error(key string, m Message, args ...Arg) {
	t.o.r.fail(t.o.loc, key, m, args...)
}

// Warn reports a warning at key saying m.
func (t Table) Warn(key string, m Message, args ...Arg) {
	t.o.r.warn(t.o.loc, key, m, args...)
}

// Dangling reports, saying m, a reference at key to an id that does not
// exist; m's Hint gets a "did you mean" from candidates, or the short list
// of them.
func (t Table) Dangling(key string, m Message, id string, candidates []string, args ...Arg) {
	t.o.r.fail(t.o.loc, key, m, append(args, Part("Hint", suggestion(id, candidates)))...)
}

// Suggest returns the candidate closest to s when it is a likely typo.
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// CheckFormat reports a missing or unsupported `shodo` format version.
func (t Table) CheckFormat() { checkFormat(t.o) }

// Since reports each of keys present in the table when its file is written
// to a format version older than version (see FormatVersion).
func (t Table) Since(version int, keys ...string) { t.o.since(version, keys...) }

// SinceValue reports value of key when t's file is written to an older
// format version than the one that gave the key that value.
func (t Table) SinceValue(version int, key, value string) { t.o.sinceValue(version, key, value) }
