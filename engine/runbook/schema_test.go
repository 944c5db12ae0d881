package runbook

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// schemaKeys is every key the loader accepts, by the schema object that
// describes it. The schema must offer exactly these: a missing key shows as
// an error in editors, an extra one would be completed and then refused.
var schemaKeys = map[string][]string{
	"":                 {"shodo", "id", "title", "version", "lang", "reviewed", "summary", "include", "calendar", "calendars", "roles", "parties", "milestones", "ranks", "duties", "triage", "verdicts", "preparation", "review_every", "evidence"},
	"calendar":         {"zone", "holidays", "closed", "hours", "days"},
	"bound":            {"from", "within"},
	"role":             {"title", "assignee"},
	"party":            {"title", "kind", "scope", "contract", "means", "calendar"},
	"contract":         {"ref", "maintenance", "nda", "notes"},
	"contactMeans":     {"by", "to", "hours"},
	"milestone":        {"title", "hint"},
	"rank":             {"title"},
	"duty":             {"id", "title", "on", "who", "contacts", "by", "within", "target", "asap", "from", "not_after", "every", "until", "legal", "calendar", "scope", "message", "optional", "before", "items", "approval", "evidence"},
	"item":             {"id", "text", "required"},
	"approval":         {"by"},
	"preparation":      {"id", "text", "owner", "verified"},
	"expectedEvidence": {"id", "what", "required"},
	"triage":           {"start", "nodes"},
	"node":             {"ask", "hint", "options"},
	"option":           {"id", "label", "next", "verdict", "stamp"},
	"verdict":          {"title", "security", "rank", "category", "summary", "open"},
	"condition":        {"all", "any", "unless"},
}

// TestSchemaKeyTable keeps the table above in step with the keys the
// loader allows, so that a key added to one is added to the other.
func TestSchemaKeyTable(t *testing.T) {
	t.Parallel()
	loader := map[string][]string{
		"": runbookKeys, "role": roleKeys, "party": partyKeys, "contract": contractKeys,
		"contactMeans": meansKeys, "milestone": milestoneKeys, "rank": rankKeys, "duty": dutyKeys,
		"triage": triageKeys, "node": nodeKeys, "option": optionKeys, "verdict": verdictKeys,
		"calendar": calendarKeys, "bound": boundKeys, "condition": conditionKeys, "item": itemKeys, "approval": approvalKeys, "preparation": preparationKeys,
		"expectedEvidence": expectedEvidenceKeys,
	}
	for obj, keys := range loader {
		if got, want := slices.Sorted(slices.Values(schemaKeys[obj])), slices.Sorted(slices.Values(keys)); !slices.Equal(got, want) {
			t.Errorf("%s: test table has %v, loader allows %v", cmpName(obj), got, want)
		}
	}
	if len(loader) != len(schemaKeys) {
		t.Errorf("test table has %d objects, loader %d", len(schemaKeys), len(loader))
	}
}

func decodeSchema(t *testing.T) map[string]any {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatalf("schema is not valid JSON: %v", err)
	}
	return s
}

func TestSchemaIsDraft202012(t *testing.T) {
	t.Parallel()
	s := decodeSchema(t)
	if got := s["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v, want draft 2020-12", got)
	}
	if !json.Valid(Schema()) {
		t.Error("schema is not valid JSON")
	}
}

func TestSchemaKeys(t *testing.T) {
	t.Parallel()
	s := decodeSchema(t)
	defs, _ := s["$defs"].(map[string]any)
	for obj, keys := range schemaKeys {
		t.Run("object "+cmpName(obj), func(t *testing.T) {
			t.Parallel()
			def := s
			if obj != "" {
				def, _ = defs[obj].(map[string]any)
				if def == nil {
					t.Fatalf("$defs has no %q", obj)
				}
			}
			if def["additionalProperties"] != false {
				t.Errorf("additionalProperties = %v, want false (typos must be flagged)", def["additionalProperties"])
			}
			props, _ := def["properties"].(map[string]any)
			var got []string
			for k, p := range props {
				got = append(got, k)
				desc, _ := p.(map[string]any)["description"].(string)
				if strings.TrimSpace(desc) == "" {
					t.Errorf("property %q has no description (editors show it on hover)", k)
				}
			}
			sort.Strings(got)
			want := slices.Sorted(slices.Values(keys))
			if !slices.Equal(got, want) {
				t.Errorf("properties = %v, want %v", got, want)
			}
		})
	}
}

func cmpName(obj string) string {
	if obj == "" {
		return "top level"
	}
	return obj
}

// TestSchemaKeywords keeps the schema within the keywords that
// schemaValidator below understands, so that the validation tests cannot
// silently skip a constraint.
func TestSchemaKeywords(t *testing.T) {
	t.Parallel()
	known := map[string]bool{
		"$schema": true, "$defs": true, "$ref": true, "title": true, "description": true, "examples": true,
		"type": true, "const": true, "enum": true, "pattern": true, "minLength": true, "maxLength": true, "format": true,
		"properties": true, "required": true, "additionalProperties": true, "propertyNames": true,
		"items": true, "minItems": true, "uniqueItems": true, "oneOf": true, "if": true, "then": true, "else": true,
	}
	var walk func(path string, s any)
	walk = func(path string, s any) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		for k, v := range m {
			if !known[k] {
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
	walk("#", decodeSchema(t))
}

const schemaRunbook = `#:schema ./shodo.schema.json
shodo = 1
id = "service-failure"
title = "Service failure → security verdict"
version = "2026.11"
lang = "en"
reviewed = 2026-11-01
summary = "Use when a service fails and the cause is unknown."
include = ["contacts.toml"]

[roles.ic]
title = "Incident commander"
assignee = "IT systems manager"

[parties.acme]
title = "ACME Systems"
kind = "vendor"
scope = "Operates the order system"
contract = { ref = "MC-2024-001", maintenance = true, nda = true, notes = "24/7" }
means = [ { by = "phone", to = "+81-3-0000-0000", hours = "24/7" }, { by = "email", to = "support@acme.example" } ]

[milestones.pii-suspected]
title = "Personal data may have leaked"
hint = "Any sign that customer data left the system"

[ranks.A]
title = "Severe: fix within 3 days"

[[duties]]
id = "vendor-first-call"
title = "Call the vendor"
on = "opened"
who = "ic"
contacts = "acme"
by = ["phone"]
within = "1h"
scope = "Share symptoms"
message = "Incident {incident}"

[[duties]]
id = "report"
on = ["milestone:pii-suspected", "rank:A", "overdue:vendor-first-call"]
who = "ic"
by = "email"
within = "3d"

[triage]
start = "symptom"

[triage.nodes.symptom]
ask = "What was reported?"
hint = "Most security incidents first look like an ordinary outage."
options = [
  { id = "down", label = "Service down", next = "symptom" },
  { id = "ransom", label = "Ransom note", verdict = "ransomware", stamp = ["pii-suspected"] },
]

[verdicts.ransomware]
title = "Security incident: ransomware"
security = true
rank = "A"
category = "malicious-code"
summary = "Isolate and call the security vendor."
`

const schemaFragment = `shodo = 1
[roles.ic]
title = "Incident commander"
[parties.sec]
title = "Security vendor"
kind = "security-vendor"
contract = { nda = true }
means = [ { by = "phone", to = "0120" } ]
[milestones.m]
title = "M"
[ranks.B]
title = "B"
`

// TestSchemaAgreesWithLoader runs each document through the schema and
// through the real loader: the schema must accept what the loader accepts
// (an editor must not flag a good file) and catch the structural mistakes
// the loader refuses. References between ids are the loader's job alone.
func TestSchemaAgreesWithLoader(t *testing.T) {
	t.Parallel()
	v := schemaValidator{root: decodeSchema(t)}
	tests := []struct {
		name string
		doc  string
		want string // substring of a schema problem; "" for valid
		// loaderAccepts marks a deliberate difference: the schema is
		// stricter than the loader here.
		loaderAccepts bool
	}{
		{name: "runbook", doc: schemaRunbook},
		{name: "fragment", doc: schemaFragment},
		{name: "fragment with include", doc: "shodo = 1\ninclude = \"more.toml\"\n[roles.ic]\ntitle = \"IC\"\nassignee = \"me\"\n"},
		{name: "minimal", doc: "shodo = 1\nid = \"a\"\ntitle = \"A\"\n[triage]\nstart = \"s\"\n[triage.nodes.s]\nask = \"?\"\noptions = [{ id = \"o\", label = \"O\", verdict = \"v\" }]\n[verdicts.v]\ntitle = \"V\"\nsecurity = false\n"},
		{name: "stamp and include as one string", doc: strings.Replace(strings.Replace(schemaRunbook, `stamp = ["pii-suspected"]`, `stamp = "pii-suspected"`, 1), `include = ["contacts.toml"]`, `include = "contacts.toml"`, 1)},
		{name: "ids with upper case and underscore", doc: strings.ReplaceAll(schemaRunbook, "vendor-first-call", "Vendor_First_Call")},
		{name: "unknown top-level key", doc: schemaRunbook + "titel = \"typo\"\n", want: "titel: not allowed"},
		{name: "wrong version", doc: strings.Replace(schemaRunbook, "shodo = 1", "shodo = 3", 1), want: "#/shodo"},
		{name: "fragment with duties", doc: schemaFragment + "[[duties]]\nid = \"d\"\non = \"opened\"\nwho = \"ic\"\nwithin = \"1h\"\n", want: "#: missing id"},
		{name: "runbook without title", doc: strings.Replace(schemaRunbook, "title = \"Service failure → security verdict\"\n", "", 1), want: "#: missing title"},
		{name: "runbook id with upper case", doc: strings.Replace(schemaRunbook, `id = "service-failure"`, `id = "Service-Failure"`, 1), want: "#/id"},
		{name: "id too long", doc: strings.Replace(schemaRunbook, `id = "service-failure"`, `id = "`+strings.Repeat("a", 65)+`"`, 1), want: "#/id"},
		{name: "id with a dot", doc: strings.Replace(schemaRunbook, `id = "report"`, `id = "re.port"`, 1), want: "#/duties/1/id"},
		{name: "bad kind", doc: strings.Replace(schemaRunbook, `kind = "vendor"`, `kind = "friend"`, 1), want: "#/parties/acme/kind"},
		{name: "unknown contract key", doc: strings.Replace(schemaRunbook, "nda = true,", "nda = true, sla = 4,", 1), want: "sla: not allowed"},
		{name: "bad duration", doc: strings.Replace(schemaRunbook, `within = "1h"`, `within = "1 hour"`, 1), want: "#/duties/0/within"},
		{name: "duration units out of order", doc: strings.Replace(schemaRunbook, `within = "1h"`, `within = "30m1h"`, 1), want: "#/duties/0/within"},
		{name: "empty duration", doc: strings.Replace(schemaRunbook, `within = "1h"`, `within = ""`, 1), want: "#/duties/0/within"},
		{name: "bad trigger", doc: strings.Replace(schemaRunbook, `on = "opened"`, `on = "started"`, 1), want: "#/duties/0/on"},
		{name: "bad trigger in list", doc: strings.Replace(schemaRunbook, `"rank:A"`, `"rank:"`, 1), want: "#/duties/1/on"},
		{name: "empty trigger list", doc: strings.Replace(schemaRunbook, `on = "opened"`, `on = []`, 1), want: "#/duties/0/on", loaderAccepts: false},
		{name: "duty with target only", doc: strings.Replace(schemaRunbook, "within = \"3d\"\n", "target = \"3d\"\n", 1)},
		{name: "business days on a calendar", doc: strings.Replace(strings.Replace(schemaRunbook, "within = \"3d\"\n", "within = \"4bd\"\ncalendar = \"jp\"\n", 1), "[roles.ic]", "[calendars.jp]\nzone = \"Asia/Tokyo\"\nholidays = \"jp\"\nclosed = [\"2026-12-29..2027-01-03\", \"2027-05-06\"]\nhours = \"09:00-18:00\"\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n\n[roles.ic]", 1)},
		{name: "anchor and second bound", doc: strings.Replace(schemaRunbook, "within = \"3d\"\n", "within = \"3d\"\nfrom = \"milestone:pii-suspected\"\nnot_after = { from = \"opened\", within = \"5d\" }\n", 1)},
		{name: "recurring duty", doc: strings.Replace(schemaRunbook, "within = \"3d\"\n", "every = \"4h\"\nuntil = \"done:vendor-first-call\"\n", 1)},
		{name: "asap with a target", doc: strings.Replace(schemaRunbook, "within = \"3d\"\n", "asap = true\ntarget = \"1h\"\n", 1)},
		{name: "business duration mixed", doc: strings.Replace(schemaRunbook, `within = "1h"`, `within = "1d4bh"`, 1), want: "#/duties/0/within"},
		{name: "anchor of a kind that is no moment", doc: strings.Replace(schemaRunbook, "within = \"3d\"\n", "within = \"3d\"\nfrom = \"security\"\n", 1), want: "#/duties/1/from"},
		{name: "unknown holiday set", doc: strings.Replace(schemaRunbook, "[roles.ic]", "[calendars.x]\nzone = \"Asia/Tokyo\"\nholidays = \"japan\"\n\n[roles.ic]", 1), want: "#/calendars/x/holidays"},
		{name: "calendar without zone", doc: strings.Replace(schemaRunbook, "[roles.ic]", "[calendars.x]\nholidays = \"jp\"\n\n[roles.ic]", 1), want: "#/calendars/x: missing zone"},
		{name: "unknown weekday", doc: strings.Replace(schemaRunbook, "[roles.ic]", "[calendars.x]\nzone = \"UTC\"\ndays = [\"mon\", \"fry\"]\n\n[roles.ic]", 1), want: "#/calendars/x/days"},
		{name: "bound without within", doc: strings.Replace(schemaRunbook, "within = \"3d\"\n", "within = \"3d\"\nnot_after = { from = \"opened\" }\n", 1), want: "#/duties/1/not_after: missing within"},
		{name: "option with next and verdict", doc: strings.Replace(schemaRunbook, `next = "symptom"`, `next = "symptom", verdict = "ransomware"`, 1), want: "matches 2 of oneOf"},
		{name: "option with neither", doc: strings.Replace(schemaRunbook, `, next = "symptom"`, ``, 1), want: "matches 0 of oneOf"},
		{name: "verdict without security", doc: strings.Replace(schemaRunbook, "security = true\n", "", 1), want: "missing security"},
		{name: "means without by", doc: strings.Replace(schemaRunbook, `{ by = "email", to`, `{ to`, 1), want: "#/parties/acme/means/1: missing by"},
		{name: "means without to", doc: strings.Replace(schemaRunbook, `, to = "support@acme.example"`, ``, 1), want: "#/parties/acme/means/1: missing to"},
		// A quoted date cannot be told from a date once an editor turns TOML
		// into JSON, so only text that is no date at all is caught here.
		{name: "reviewed not a date", doc: strings.Replace(schemaRunbook, "reviewed = 2026-11-01", `reviewed = "last year"`, 1), want: "#/reviewed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			problems := v.validate(v.root, decodeTOML(t, tc.doc), "#")
			if tc.want == "" && len(problems) > 0 {
				t.Errorf("schema refuses a valid document: %v", problems)
			}
			if tc.want != "" && !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("schema problems %v lack %q", problems, tc.want)
			}

			fsys := fstest.MapFS{
				"doc.toml":      {Data: []byte(tc.doc)},
				"contacts.toml": {Data: []byte("shodo = 1\n")},
				"more.toml":     {Data: []byte("shodo = 1\n")},
			}
			set := LoadSetFS(fsys, Options{})
			loaderOK := !set.Diagnostics.HasErrors()
			if wantOK := tc.want == "" || tc.loaderAccepts; loaderOK != wantOK {
				t.Errorf("loader accepts = %v, want %v; diagnostics:\n%v", loaderOK, wantOK, set.Diagnostics)
			}
		})
	}
}

// TestSchemaShippedRunbooks checks that the schema accepts every runbook
// and fragment that ships with shodo, so that an editor never flags a file
// the loader accepts.
func TestSchemaShippedRunbooks(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "..", "runbooks", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no shipped runbooks found under runbooks/")
	}
	v := schemaValidator{root: decodeSchema(t)}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if problems := v.validate(v.root, decodeTOML(t, string(src)), "#"); len(problems) > 0 {
				t.Errorf("schema refuses a shipped file:\n%s", strings.Join(problems, "\n"))
			}
		})
	}
}

// decodeTOML turns a TOML document into the JSON-like value an editor
// validates: tables become objects, arrays of tables arrays, numbers
// float64, and local dates "YYYY-MM-DD" strings (as Taplo presents them).
func decodeTOML(t *testing.T, src string) any {
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

// schemaValidator is a minimal JSON Schema validator for exactly the
// keywords schema.json uses (TestSchemaKeywords keeps it so): enough to
// prove that the schema accepts what the loader accepts and refuses the
// usual mistakes, without a dependency.
type schemaValidator struct{ root map[string]any }

// validate returns one line per problem, each starting with the JSON
// pointer of the offending value.
func (v schemaValidator) validate(schema, x any, path string) []string {
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
		def := v.root["$defs"].(map[string]any)[name]
		if def == nil {
			fail("unresolved $ref %q", ref)
		} else {
			problems = append(problems, v.validate(def, x, path)...)
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
				problems = append(problems, v.validate(pn, k, path+"/"+k+" (name)")...)
			}
			if p, ok := props[k]; ok {
				problems = append(problems, v.validate(p, obj[k], path+"/"+k)...)
			} else if ap, ok := s["additionalProperties"]; ok {
				problems = append(problems, v.validate(ap, obj[k], path+"/"+k)...)
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
				problems = append(problems, v.validate(items, it, fmt.Sprintf("%s/%d", path, i))...)
			}
		}
	}
	if cond, ok := s["if"]; ok {
		branch := "else"
		if len(v.validate(cond, x, path)) == 0 {
			branch = "then"
		}
		if sub, ok := s[branch]; ok {
			problems = append(problems, v.validate(sub, x, path)...)
		}
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		matched := 0
		var sub []string
		for _, alt := range oneOf {
			p := v.validate(alt, x, path)
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
