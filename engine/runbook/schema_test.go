package runbook

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shodo-dev/shodo/internal/schematest"
)

// schemaKeys is every key the loader accepts, by the schema object that
// describes it. The schema must offer exactly these: a missing key shows as
// an error in editors, an extra one would be completed and then refused.
var schemaKeys = map[string][]string{
	"":                 {"shodo", "id", "title", "version", "lang", "reviewed", "summary", "include", "calendar", "calendars", "roles", "parties", "milestones", "ranks", "duties", "triage", "verdicts", "preparation", "review_every", "source", "status", "dimensions", "evidence", "applies_from"},
	"calendar":         {"zone", "holidays", "closed", "hours", "days"},
	"bound":            {"from", "within", "lapses"},
	"role":             {"title", "assignee"},
	"party":            {"title", "kind", "scope", "contract", "means", "calendar"},
	"contract":         {"ref", "maintenance", "nda", "notes"},
	"contactMeans":     {"by", "to", "hours"},
	"milestone":        {"title", "hint", "kind", "source"},
	"rank":             {"title"},
	"duty":             {"id", "title", "on", "who", "contacts", "by", "within", "target", "asap", "from", "not_after", "every", "until", "legal", "calendar", "scope", "message", "optional", "before", "items", "approval", "source", "fields", "evidence", "for_each", "roll", "applies_from", "extensions", "if_ongoing"},
	"field":            {"id", "label", "kind", "required", "options"},
	"item":             {"id", "text", "required"},
	"approval":         {"by"},
	"preparation":      {"id", "text", "owner", "verified"},
	"expectedEvidence": {"id", "what", "required"},
	"triage":           {"start", "nodes"},
	"node":             {"ask", "hint", "options", "multi", "allow_none", "kind", "unit", "min", "max", "next", "verdict"},
	"option":           {"id", "label", "next", "verdict", "stamp", "sets"},
	"dimension":        {"title", "options"},
	"dimensionValue":   {"id", "label"},
	"verdict":          {"title", "security", "rank", "category", "summary", "open"},
	"condition":        {"all", "any", "unless"},
	"extension":        {"by", "up_to", "requires", "optional", "source"},
	"ifOngoing":        {"until", "within"},
}

// TestSchemaKeyTable keeps the table above in step with the keys the
// loader allows, so that a key added to one is added to the other.
func TestSchemaKeyTable(t *testing.T) {
	t.Parallel()
	loader := map[string][]string{
		"": slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(runbookKeys), fragmentKeys...)))), "role": roleKeys, "party": partyKeys, "contract": contractKeys,
		"contactMeans": meansKeys, "milestone": milestoneKeys, "rank": rankKeys, "duty": dutyKeys,
		"triage": triageKeys, "node": nodeKeys, "option": optionKeys, "verdict": verdictKeys,
		"calendar": calendarKeys, "bound": boundKeys, "condition": conditionKeys, "item": itemKeys, "field": fieldKeys, "approval": approvalKeys, "preparation": preparationKeys,
		"dimension": dimensionKeys, "dimensionValue": dimensionValueKeys,
		"expectedEvidence": expectedEvidenceKeys,
		"extension":        extensionKeys, "ifOngoing": ongoingKeys,
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

// decodeSchema parses the runbook schema; schematest.Decode checks it is
// JSON of draft 2020-12.
func decodeSchema(t *testing.T) map[string]any { return schematest.Decode(t, Schema()) }

func TestSchemaKeys(t *testing.T) {
	t.Parallel()
	s := decodeSchema(t)
	for obj, keys := range schemaKeys {
		schematest.CheckObject(t, s, obj, keys)
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
	schematest.CheckKeywords(t, decodeSchema(t))
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
		{name: "fragment with triage", doc: schemaFragment + "[triage]\nstart = \"s\"\n", want: "#: missing id"},
		{name: "version 2 fragment with duties and its metadata", doc: strings.NewReplacer("shodo = 1", "shodo = 2\ntitle = \"GDPR\"\nsource = \"Art. 33\"\nreviewed = 2026-11-01\nstatus = \"pending\"",
			"title = \"M\"\n", "title = \"M\"\nkind = \"aware\"\nsource = \"Art. 33(1)\"\n").Replace(schemaFragment) +
			"[[duties]]\nid = \"d\"\non = \"milestone:m\"\nwho = \"ic\"\nwithin = \"72h\"\nsource = \"Art. 33\"\n"},
		{name: "fragment status misspelt", doc: strings.Replace(schemaFragment, "shodo = 1", "shodo = 2\nstatus = \"pendng\"", 1), want: "#/status"},
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
		// Characters that could rewrite a responder's terminal or reorder
		// what they read: refused by the loader, flagged by the schema.
		{name: "escape in a title", doc: strings.Replace(schemaRunbook, `title = "Call the vendor"`, `title = "Call the \u001b[2Jvendor"`, 1), want: "#/duties/0/title"},
		{name: "newline in a one-line title", doc: strings.Replace(schemaRunbook, `title = "Call the vendor"`, `title = "Call the\nvendor"`, 1), want: "#/duties/0/title"},
		{name: "tab in a means' hours", doc: strings.Replace(schemaRunbook, `hours = "24/7"`, `hours = "24\t7"`, 1), want: "#/parties/acme/means/0/hours"},
		{name: "bidi control in a summary", doc: strings.Replace(schemaRunbook, `summary = "Use when`, `summary = "\u202eUse when`, 1), want: "#/summary"},
		{name: "C1 control in a hint", doc: strings.Replace(schemaRunbook, `hint = "Any sign`, `hint = "\u0085Any sign`, 1), want: "#/milestones/pii-suspected/hint"},
		{name: "newline and tab in a hint", doc: strings.Replace(schemaRunbook, `hint = "Any sign`, `hint = "Any\n\tsign`, 1)},
		{name: "include outside the directory", doc: strings.Replace(schemaRunbook, `include = ["contacts.toml"]`, `include = ["../contacts.toml"]`, 1), want: "#/include"},
		{name: "include by absolute path", doc: strings.Replace(schemaRunbook, `include = ["contacts.toml"]`, `include = ["/etc/contacts.toml"]`, 1), want: "#/include"},
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

// schemaValidator and decodeTOML are schematest's, under the names these
// tests grew up with.
type schemaValidator struct{ root map[string]any }

func (v schemaValidator) validate(schema, x any, path string) []string {
	return schematest.Validator{Root: v.root}.Validate(schema, x, path)
}

func decodeTOML(t *testing.T, src string) any { return schematest.DecodeTOML(t, src) }
