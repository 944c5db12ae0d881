package runbook

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// obj is one TOML table being converted, with where it came from.
type obj struct {
	loc
	m map[string]any
	r *reporter
}

func (o obj) child(key string) loc {
	return loc{file: o.file, path: joinKey(o.path, key)}
}

// allow reports every key of o that is not in allowed, with a suggestion.
func (o obj) allow(what subject, allowed ...string) {
	for k := range o.m {
		if slices.Contains(allowed, k) {
			continue
		}
		hint := DidYouMean(k, allowed)
		if hint.ID == "" {
			hint = msgHintAllowed.With(QuotedList("Keys", allowed))
		}
		o.r.fail(o.loc, k, msgUnknownKey, Quoted("Key", k), Part("What", what.msg()), Part("Hint", hint))
	}
}

// since reports each of keys present in o when o's file is written to an
// older format version than the one that added them: a version 1 file keeps
// meaning what it meant, and the error says which line to change.
func (o obj) since(version int, keys ...string) {
	if o.file == nil || o.file.format == 0 || o.file.format >= version {
		return
	}
	for _, k := range keys {
		if o.has(k) {
			o.r.fail(o.loc, k, msgNeedsFormat, Quoted("Key", k), Number("Version", version), Number("Got", o.file.format))
		}
	}
}

// sinceValue reports value of key when o's file is written to an older
// format version than the one that gave the key that value (a party kind,
// nda = "unknown").
func (o obj) sinceValue(version int, key, value string) {
	loc{file: o.file, path: joinKey(o.path, key)}.sinceValue(o.r, version, key, value)
}

// sinceValue is obj.sinceValue for a value written at l (an element of a
// list, say).
func (l loc) sinceValue(r *reporter, version int, key, value string) {
	if l.file == nil || l.file.format == 0 || l.file.format >= version {
		return
	}
	r.fail(l, "", msgNeedsFormatValue, Quoted("Key", key), Quoted("Value", value), Number("Version", version), Number("Got", l.file.format))
}

// triggerSince refuses, in a file of an older format version, a trigger
// whose kind a newer version added (closed:<duty> in a version 1 file).
func (o obj) triggerSince(key string, t Trigger) {
	if k, _ := LookupTrigger(t.Kind); k.Since > 0 {
		o.sinceValue(k.Since, key, t.String())
	}
}

// date reads an unquoted TOML date at key (zero when missing); a quoted
// one gets quoted, which says to drop the quotes, and any other value a
// wrong-type error.
func (o obj) date(key string, quoted Message) time.Time {
	v, ok := o.m[key]
	if !ok {
		return time.Time{}
	}
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		o.r.fail(o.loc, key, quoted)
	default:
		o.wrongType(key, msgTypeReviewedDate, v)
	}
	return time.Time{}
}

func (o obj) has(key string) bool {
	_, ok := o.m[key]
	return ok
}

func (o obj) missing(what subject, key string, example Msg) {
	o.r.fail(o.loc, "", msgMissingKey, Part("What", what.msg()), Quoted("Key", key), Part("Example", example))
}

func (o obj) wrongType(key string, want Message, v any) {
	o.r.fail(o.loc, key, msgWrongType, Quoted("Key", key), Part("Want", want.With()), Part("Got", typeName(v)))
}

// str returns a string value; kind says how strictly its characters are
// checked (see checkText).
func (o obj) str(key string, kind textKind) (string, bool) {
	v, ok := o.m[key]
	if !ok {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		o.wrongType(key, msgTypeString, v)
		return "", false
	}
	checkText(o.r, o.loc, key, key, s, kind)
	return s, true
}

// reqStr is str for a required key.
func (o obj) reqStr(what subject, key string, kind textKind, example Message) string {
	if !o.has(key) {
		o.missing(what, key, example.With())
		return ""
	}
	s, _ := o.str(key, kind)
	return s
}

func (o obj) boolean(key string) (value, present bool) {
	v, ok := o.m[key]
	if !ok {
		return false, false
	}
	b, isBool := v.(bool)
	if !isBool {
		o.wrongType(key, msgTypeTrueFalse, v)
		return false, false
	}
	return b, true
}

// strs accepts a string or an array of strings (for `on`, `by`, `stamp`,
// `include`), each checked as kind.
func (o obj) strs(key string, kind textKind) []string {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case string:
		checkText(o.r, o.loc, key, key, v, kind)
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for i, el := range v {
			s, isStr := el.(string)
			if isStr && textClean(s, kind) {
				// The common case: nothing to report, so no place to name.
				out = append(out, s)
				continue
			}
			at := loc{file: o.file, path: joinIndex(joinKey(o.path, key), i)}
			if !isStr {
				o.r.fail(at, "", msgElementType, Number("N", i+1), Quoted("Key", key), Part("Got", typeName(el)))
				continue
			}
			checkText(o.r, at, "", key, s, kind)
			out = append(out, s)
		}
		return out
	default:
		o.wrongType(key, msgTypeStringOrList, v)
		return nil
	}
}

// table returns the sub-table at key.
func (o obj) table(key string) (obj, bool) {
	v, ok := o.m[key]
	if !ok {
		return obj{}, false
	}
	t, isTable := v.(map[string]any)
	if !isTable {
		o.wrongType(key, msgTypeTable, v)
		return obj{}, false
	}
	return obj{loc: o.child(key), m: t, r: o.r}, true
}

// named is one entry of a table of tables such as [roles.ic].
type named struct {
	id string
	obj
}

// entries returns the sub-tables of the table at key in source order, each
// with its id checked.
func (o obj) entries(key string, kind Message) []named {
	t, ok := o.table(key)
	if !ok {
		return nil
	}
	var out []named
	for id, v := range t.m {
		sub, isTable := v.(map[string]any)
		l := t.child(id)
		if !isTable {
			o.r.fail(l, "", msgEntryType, Part("What", whatNamed(kind, id)), Plain("Header", key+"."+id), Part("Got", typeName(v)))
			continue
		}
		checkID(o.r, l, "", kind, id)
		out = append(out, named{id: id, obj: obj{loc: l, m: sub, r: o.r}})
	}
	sortByPos(out, func(n named) loc { return n.loc })
	return out
}

// list returns the tables of an array of tables (or array of inline tables).
func (o obj) list(key string, kind Message) []obj {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	var items []any
	switch v := v.(type) {
	case []map[string]any:
		for _, t := range v {
			items = append(items, t)
		}
	case []any:
		items = v
	default:
		o.wrongType(key, msgTypeListOfTables, v)
		return nil
	}
	out := make([]obj, 0, len(items))
	at := joinKey(o.path, key)
	for i, it := range items {
		l := loc{file: o.file, path: joinIndex(at, i)}
		t, isTable := it.(map[string]any)
		if !isTable {
			o.r.fail(l, "", msgItemType, Part("What", whatNumbered(kind, i+1)), Part("Got", typeName(it)))
			continue
		}
		out = append(out, obj{loc: l, m: t, r: o.r})
	}
	return out
}

// sortByPos orders items as they appear in their file. Positions are looked
// up once per item: a lookup builds a key path, too costly per comparison.
func sortByPos[T any](items []T, where func(T) loc) {
	type keyed struct {
		off  int
		path string
		item T
	}
	ks := make([]keyed, len(items))
	for i, it := range items {
		l := where(it)
		off, ok := l.file.keys[l.path]
		if !ok {
			off = len(l.file.src)
		}
		ks[i] = keyed{off, l.path, it}
	}
	// Paths are distinct, so (offset, path) is a total order and an
	// unstable sort gives the same result as a stable one, faster.
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.off, b.off), cmp.Compare(a.path, b.path))
	})
	for i := range ks {
		items[i] = ks[i].item
	}
}

// typeName names the type of a decoded value, for "must be …, not …".
func typeName(v any) Msg {
	switch v.(type) {
	case string:
		return msgTypeString.With()
	case int64:
		return msgTypeInteger.With()
	case float64:
		return msgTypeNumber.With()
	case bool:
		return msgTypeBoolean.With()
	case time.Time:
		return msgTypeDate.With()
	case []any, []map[string]any:
		return msgTypeList.With()
	case map[string]any:
		return msgTypeTable.With()
	default:
		return msgTypeOther.With(External("Type", fmt.Sprintf("%T", v)))
	}
}
