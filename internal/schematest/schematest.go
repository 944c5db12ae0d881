// Package schematest checks shodo's JSON Schemas in tests: a validator for
// the keywords they use, and the TOML-to-JSON view an editor validates.
// The runbook and the drill scenario schemas share it, so that both are held
// to the same rules.
package schematest

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Keywords are the JSON Schema keywords Validator checks. A schema that uses
// another would have it silently skipped by the tests.
var Keywords = []string{
	"$schema", "$defs", "$ref", "title", "description", "examples",
	"type", "const", "enum", "pattern", "minLength", "maxLength", "format",
	"properties", "required", "additionalProperties", "propertyNames",
	"items", "minItems", "uniqueItems", "oneOf", "if", "then", "else",
}

// CheckKeywords fails t for every keyword in schema that Validator does not
// check.
func CheckKeywords(t testing.TB, schema map[string]any) {
	t.Helper()
	var walk func(path string, s any)
	walk = func(path string, s any) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		for k, v := range m {
			if !slices.Contains(Keywords, k) {
				t.Errorf("%s: keyword %q is not checked by the test validator", path, k)
			}
			switch k {
			case "properties", "$defs":
				for name, sub := range v.(map[string]any) {
					walk(path+"/"+k+"/"+name, sub)
				}
			case "oneOf":
				for i, sub := range v.([]any) {
					walk(fmt.Sprintf("%s/oneOf/%d", path, i), sub)
				}
			case "items", "additionalProperties", "propertyNames", "if", "then", "else":
				walk(path+"/"+k, v)
			}
		}
	}
	walk("#", schema)
}

// DecodeTOML turns a TOML document into the JSON-like value an editor
// validates: tables become objects, arrays of tables arrays, numbers
// float64, and local dates "YYYY-MM-DD" strings (as Taplo presents them).
func DecodeTOML(t testing.TB, src string) any {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		t.Fatalf("decode test TOML: %v", err)
	}
	var conv func(any) any
	conv = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, v := range x {
				out[k] = conv(v)
			}
			return out
		case []map[string]any:
			out := make([]any, len(x))
			for i, v := range x {
				out[i] = conv(v)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, v := range x {
				out[i] = conv(v)
			}
			return out
		case int64:
			return float64(x)
		case time.Time:
			if x.Location().String() == "date-local" {
				return x.Format(time.DateOnly)
			}
			return x.Format(time.RFC3339)
		}
		return x
	}
	return conv(m)
}

// Validator is a minimal JSON Schema validator for exactly the keywords
// shodo's schemas use (CheckKeywords keeps them so): enough to prove that a
// schema accepts what its loader accepts and refuses the usual mistakes,
// without a dependency.
type Validator struct{ Root map[string]any }

// Validate returns one line per problem, each starting with the JSON
// pointer of the offending value.
func (v Validator) Validate(schema, x any, path string) []string {
	if b, ok := schema.(bool); ok {
		if !b {
			return []string{path + ": not allowed"}
		}
		return nil
	}
	s := schema.(map[string]any)
	var problems []string
	fail := func(format string, args ...any) {
		problems = append(problems, path+": "+fmt.Sprintf(format, args...))
	}
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		def := v.Root["$defs"].(map[string]any)[name]
		if def == nil {
			fail("unresolved $ref %q", ref)
		} else {
			problems = append(problems, v.Validate(def, x, path)...)
		}
	}
	if typ, ok := s["type"].(string); ok && !jsonType(x, typ) {
		fail("want %s, have %T", typ, x)
		return problems
	}
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, x) {
		fail("want %v", c)
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return reflect.DeepEqual(e, x) }) {
		fail("%v is not one of %v", x, enum)
	}
	if str, ok := x.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
		if n, ok := s["minLength"].(float64); ok && utf8.RuneCountInString(str) < int(n) {
			fail("%q is shorter than %v", str, n)
		}
		if n, ok := s["maxLength"].(float64); ok && utf8.RuneCountInString(str) > int(n) {
			fail("%q is longer than %v", str, n)
		}
		if s["format"] == "date" {
			if _, err := time.Parse(time.DateOnly, str); err != nil {
				fail("%q is not a date", str)
			}
		}
	}
	if obj, ok := x.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, r := range asSlice(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("missing %s", r)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if pn, ok := s["propertyNames"]; ok {
				problems = append(problems, v.Validate(pn, k, path+"/"+k+" (name)")...)
			}
			if p, ok := props[k]; ok {
				problems = append(problems, v.Validate(p, obj[k], path+"/"+k)...)
			} else if ap, ok := s["additionalProperties"]; ok {
				problems = append(problems, v.Validate(ap, obj[k], path+"/"+k)...)
			}
		}
	}
	if arr, ok := x.([]any); ok {
		if n, ok := s["minItems"].(float64); ok && len(arr) < int(n) {
			fail("fewer than %v items", n)
		}
		if s["uniqueItems"] == true {
			for i := range arr {
				for j := range i {
					if reflect.DeepEqual(arr[i], arr[j]) {
						fail("items %d and %d are equal", j, i)
					}
				}
			}
		}
		if items, ok := s["items"]; ok {
			for i, it := range arr {
				problems = append(problems, v.Validate(items, it, fmt.Sprintf("%s/%d", path, i))...)
			}
		}
	}
	if cond, ok := s["if"]; ok {
		branch := "else"
		if len(v.Validate(cond, x, path)) == 0 {
			branch = "then"
		}
		if sub, ok := s[branch]; ok {
			problems = append(problems, v.Validate(sub, x, path)...)
		}
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		matched := 0
		var sub []string
		for _, alt := range oneOf {
			p := v.Validate(alt, x, path)
			if len(p) == 0 {
				matched++
			}
			sub = append(sub, p...)
		}
		if matched != 1 {
			fail("matches %d of oneOf (want exactly 1): %s", matched, strings.Join(sub, "; "))
		}
	}
	return problems
}

func jsonType(x any, typ string) bool {
	switch typ {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "number":
		_, ok := x.(float64)
		return ok
	case "integer":
		f, ok := x.(float64)
		return ok && f == float64(int64(f))
	}
	return false
}

func asSlice(x any) []any {
	s, _ := x.([]any)
	return s
}

// Decode parses a schema, failing t when it is not JSON or not draft
// 2020-12.
func Decode(t testing.TB, schema []byte) map[string]any {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(schema, &s); err != nil {
		t.Fatalf("schema is not valid JSON: %v", err)
	}
	if got := s["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v, want draft 2020-12", got)
	}
	return s
}

// CheckObject fails t unless the object schema named obj ("" for the root,
// else one of its $defs) allows exactly keys, each with a description an
// editor shows on hover, and flags any other key as a typo.
func CheckObject(t testing.TB, root map[string]any, obj string, keys []string) {
	t.Helper()
	def := root
	if obj != "" {
		defs, _ := root["$defs"].(map[string]any)
		def, _ = defs[obj].(map[string]any)
		if def == nil {
			t.Errorf("$defs has no %q", obj)
			return
		}
	}
	if def["additionalProperties"] != false {
		t.Errorf("%q: additionalProperties = %v, want false (typos must be flagged)", obj, def["additionalProperties"])
	}
	props, _ := def["properties"].(map[string]any)
	var got []string
	for k, p := range props {
		got = append(got, k)
		if desc, _ := p.(map[string]any)["description"].(string); strings.TrimSpace(desc) == "" {
			t.Errorf("%q: property %q has no description (editors show it on hover)", obj, k)
		}
	}
	if got, want := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(keys)); !slices.Equal(got, want) {
		t.Errorf("%q: schema has %v, the loader allows %v", obj, got, want)
	}
}
