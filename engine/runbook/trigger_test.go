package runbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// Parsing follows the table: every form of every row parses back to its
// kind, and the argument rules (none, required, optional) hold.
func TestParseTriggerFollowsTable(t *testing.T) {
	t.Parallel()
	for _, k := range TriggerKinds() {
		for _, form := range k.Forms() {
			written := strings.Replace(form, k.Ref.Placeholder(), k.Ref.Example(), 1)
			tr, err := ParseTrigger(written)
			if err != nil || tr.Kind != k.Kind || tr.String() != written {
				t.Errorf("%s: ParseTrigger(%q) = %+v, %v", k.Kind, written, tr, err)
			}
		}
		arg := "x"
		if k.Ref == RefAnswer || k.Ref == RefDimension {
			arg = "x=y"
			if _, err := ParseTrigger(k.Kind + ":x"); err == nil {
				t.Errorf("%s: an answer without =<option> was accepted", k.Kind)
			}
		}
		_, errWithArg := ParseTrigger(k.Kind + ":" + arg)
		_, errBare := ParseTrigger(k.Kind)
		_, errEmptyArg := ParseTrigger(k.Kind + ":")
		switch {
		case k.Ref == RefNone && (errWithArg == nil || errBare != nil):
			t.Errorf("%s takes no argument: with one %v, bare %v", k.Kind, errWithArg, errBare)
		case k.Ref != RefNone && errWithArg != nil:
			t.Errorf("%s takes an argument: %v", k.Kind, errWithArg)
		case k.Ref != RefNone && (errBare == nil) != k.Bare:
			t.Errorf("%s: bare %v, but the table says Bare = %v", k.Kind, errBare, k.Bare)
		case errEmptyArg == nil:
			t.Errorf("%s: an empty argument was accepted", k.Kind)
		}
		if !i18n.New(i18n.English).Has(k.MeaningID()) {
			t.Errorf("%s has no meaning in the catalogue (%s)", k.Kind, k.MeaningID())
		}
	}
	if _, err := ParseTrigger("started"); err == nil {
		t.Error("an unknown kind parsed")
	}
}

// Every Ref a row names can be validated: it has candidates and an example.
func TestTriggerRefsAreValidated(t *testing.T) {
	t.Parallel()
	rb, diags := LoadFile(filepath.Join(testdataDir, "valid", "minimal.toml"), Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	rb.Duties = append(rb.Duties, &Duty{ID: "d"})
	rb.Ranks = append(rb.Ranks, &Rank{ID: "A"})
	rb.Milestones = append(rb.Milestones, &Milestone{ID: "m"})
	rb.Dimensions = append(rb.Dimensions, &Dimension{ID: "severity", Options: []*DimensionValue{{ID: "sev1"}}})
	rb.buildIndex()
	for _, k := range TriggerKinds() {
		if k.Ref == RefNone {
			continue
		}
		if !slices.Contains(Refs(), k.Ref) || k.Ref.Example() == "" {
			t.Errorf("%s: ref %q is not one of Refs() or has no example", k.Kind, k.Ref)
		}
		known := k.Ref.IDs(rb)
		if len(known) == 0 || !k.Ref.Exists(rb, known[0]) || k.Ref.Exists(rb, "no-such-id") {
			t.Errorf("%s: ref %q does not look ids up: %v", k.Kind, k.Ref, known)
		}
	}
}

// The trigger table of docs/runbook-format.md is generated from the table
// and the English meanings; -update rewrites it.
func TestDocsTriggerTable(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "..", "docs", "runbook-format.md")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- triggers: generated from engine/runbook/trigger.go by go test ./engine/runbook -update -->\n", "<!-- end of triggers -->"
	i, j := bytes.Index(src, []byte(begin)), bytes.Index(src, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("%s lacks the generated trigger section (%q … %q)", path, begin, end)
	}
	c := i18n.New(i18n.English)
	var b bytes.Buffer
	b.WriteString("| Trigger | Starts the duty when | A clock can count `from` it |\n|---|---|---|\n")
	for _, k := range TriggerKinds() {
		forms := k.Forms()
		for n := range forms {
			forms[n] = "`" + forms[n] + "`"
		}
		// <id> outside code would be read as an HTML tag.
		meaning := syntaxInProse.ReplaceAllString(c.T(k.MeaningID()), "`$0`")
		anchor := "no"
		if k.Anchor {
			anchor = "yes"
		}
		if k.Since > 0 {
			meaning += fmt.Sprintf(" (version %d)", k.Since)
		}
		b.WriteString("| " + strings.Join(forms, ", ") + " | " + meaning + " | " + anchor + " |\n")
	}
	got := slices.Concat(src[:i+len(begin)], b.Bytes(), src[j:])
	testkit.Golden(t, path, got)
}

// syntaxInProse is the format's own syntax inside a meaning: ":<id>", "<duty>".
var syntaxInProse = regexp.MustCompile(`:?<[a-z]+>`)

// schemaTrigger is the schema's definition of a trigger, in the order the
// file writes its fields.
type schemaTrigger struct {
	Description string   `json:"description"`
	Type        string   `json:"type"`
	Pattern     string   `json:"pattern"`
	Examples    []string `json:"examples"`
}

func triggerSchema() schemaTrigger {
	c := i18n.New(i18n.English)
	var desc, bare, withArg, examples []string
	for _, k := range TriggerKinds() {
		meaning := c.T(k.MeaningID())
		if k.Since > 0 {
			meaning += fmt.Sprintf(" (format version %d)", k.Since)
		}
		desc = append(desc, strings.Join(k.Forms(), " or ")+": "+meaning)
		if k.Ref == RefNone || k.Bare {
			bare = append(bare, regexp.QuoteMeta(k.Kind))
			examples = append(examples, k.Kind)
		}
	}
	var answer, pair []string
	for _, k := range TriggerKinds() {
		switch k.Ref {
		case RefNone:
			continue
		case RefAnswer:
			answer = append(answer, regexp.QuoteMeta(k.Kind))
		case RefDimension:
			pair = append(pair, regexp.QuoteMeta(k.Kind))
		default:
			withArg = append(withArg, regexp.QuoteMeta(k.Kind))
		}
		examples = append(examples, k.Kind+":"+k.Ref.Example())
	}
	const id = "[A-Za-z0-9][A-Za-z0-9_-]*"
	const number = "-?[0-9]+(\\.[0-9]+)?"
	return schemaTrigger{
		Description: "When a duty starts. " + strings.Join(desc, "; ") + ".",
		Type:        "string",
		Pattern: "^(" + strings.Join(bare, "|") + "|(" + strings.Join(withArg, "|") + "):" + id +
			"|(" + strings.Join(answer, "|") + "):" + id + "(=(" + id + "|" + number + ")|(>=|>|<=|<)" + number + ")" +
			"|(" + strings.Join(pair, "|") + "):" + id + "=" + id + ")$",
		Examples: examples,
	}
}

// The schema's trigger definition (pattern, description, examples) is
// generated from the table; -update rewrites it in schema.json.
func TestSchemaTriggerFromTable(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(triggerSchema()); err != nil {
		t.Fatal(err)
	}
	def := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	src := []byte(schemaJSON)
	const open = "\n    \"trigger\": "
	i := bytes.Index(src, []byte(open))
	if i < 0 {
		t.Fatal("schema.json has no $defs.trigger")
	}
	i += len(open)
	j := bytes.Index(src[i:], []byte("\n    }"))
	if j < 0 {
		t.Fatal("schema.json: $defs.trigger does not end")
	}
	j += i + len("\n    }")
	testkit.Golden(t, "schema.json", slices.Concat(src[:i], def, src[j:]))

	// The pattern accepts exactly what ParseTrigger accepts, on a sample.
	re := regexp.MustCompile(triggerSchema().Pattern)
	for _, s := range append(triggerSchema().Examples, "started", "opened:x", "rank:", "verdict:", "overdue:", "answer:x", "answer:=y", "answer:x=",
		"answer:people>=1000", "answer:people<1.5", "answer:people>=x", "answer:people>=", "answer:people=-3", "dimension:x", "dimension:x=", "dimension:=y") {
		_, err := ParseTrigger(s)
		if re.MatchString(s) != (err == nil) {
			t.Errorf("%q: schema pattern match %v, ParseTrigger error %v", s, re.MatchString(s), err)
		}
	}
}

// The schema's anchor pattern accepts exactly the triggers whose kind is an
// anchor (TriggerKinds), on a sample of every form.
func TestSchemaAnchorFromTable(t *testing.T) {
	t.Parallel()
	var s struct {
		Defs map[string]struct {
			Pattern string `json:"pattern"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(s.Defs["anchor"].Pattern)
	for _, ex := range triggerSchema().Examples {
		tr, _ := ParseTrigger(ex)
		k, _ := LookupTrigger(tr.Kind)
		if re.MatchString(ex) != k.Anchor {
			t.Errorf("%q: schema anchor pattern match %v, table says anchor %v", ex, re.MatchString(ex), k.Anchor)
		}
	}
	if got := AnchorForms(); !slices.Equal(got, []string{"opened", "verdict", "resolved", "verdict:<id>", "milestone:<id>", "done:<duty>", "closed:<duty>", "answer:<node>=<option>", "dimension:<dimension>=<value>"}) {
		t.Errorf("AnchorForms = %v", got)
	}
}
