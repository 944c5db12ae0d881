package drill

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/schematest"
)

func decodeScenarioSchema(t *testing.T) map[string]any { return schematest.Decode(t, Schema()) }

// TestScenarioSchemaKeys keeps the schema's objects in step with the keys
// Parse allows, so that an editor neither flags a key shodo accepts nor
// completes one it refuses; each key has a description to show on hover.
func TestScenarioSchemaKeys(t *testing.T) {
	t.Parallel()
	s := decodeScenarioSchema(t)
	schematest.CheckKeywords(t, s)
	defs, _ := s["$defs"].(map[string]any)
	step := slices.Clone(stepKeys)
	for key := range evidenceStepKeys {
		step = append(step, key)
	}
	for _, a := range Actions() {
		step = append(step, string(a))
	}
	for obj, keys := range map[string][]string{"": scenarioKeys, "inject": injectKeys, "expect": expectKeys, "step": step} {
		schematest.CheckObject(t, s, obj, keys)
	}
	// One alternative per action, so that a step with none or two is
	// flagged as it is by Parse.
	stepDef, _ := defs["step"].(map[string]any)
	alts, _ := stepDef["oneOf"].([]any)
	if len(alts) != len(Actions()) {
		t.Errorf("step has %d oneOf alternatives, want one per action (%d)", len(alts), len(Actions()))
	}
}

const schemaScenario = `#:schema ./shodo-scenario.schema.json
shodo = 2
id = "friday-drill"
title = "Friday evening: the order system slows down"
runbook = "service-failure"
lang = "en"
speed = 10
start = 2026-12-25T18:30:00+09:00
summary = "A ransomware case found on a Friday evening."
objectives = ["Reach the verdict within 30 minutes"]

[[injects]]
at = "0m"
from = "Monitoring"
channel = "monitoring"
text = "Order system response time over 10 s."
facilitator = "Watch whether the state is captured first."

[expect]
verdict = "ransomware"
verdict_within = "30m"
met = ["capture-state"]
not_started = ["report-management"]
ticked = ["capture-state/screens"]

[[steps]]
at = "2m"
actor = "watanabe"
note = "Slow since 18:25."

[[steps]]
at = "3m"
done = "capture-state"
by = "phone"
note = "Screens saved."
unticked = true

[[steps]]
at = "4m"
answer = "symptom/ransom"

[[steps]]
at = "5m"
stamp = "appi-aware"
happened = "1m"

[[steps]]
at = "6m"
attempt = "call-vendor"
by = "phone"
outcome = "voicemail"

[[steps]]
at = "7m"
waive = "report-management"
reason = "Management is in the room."

[[steps]]
at = "8m"
tick = "capture-state/screens"

[[steps]]
at = "1h"
close = "Restored from backup."
`

// TestScenarioSchemaAgreesWithParse runs each document through the schema
// and through Parse (without a runbook, so references go unchecked: those
// are Parse's alone): the schema accepts what Parse accepts and catches the
// structural mistakes Parse refuses.
func TestScenarioSchemaAgreesWithParse(t *testing.T) {
	t.Parallel()
	v := schematest.Validator{Root: decodeScenarioSchema(t)}
	replace := func(old, new string) string {
		if !strings.Contains(schemaScenario, old) {
			t.Fatalf("test scenario lacks %q", old)
		}
		return strings.Replace(schemaScenario, old, new, 1)
	}
	tests := []struct {
		name string
		doc  string
		want string // substring of a schema problem; "" for valid
	}{
		{name: "scenario", doc: schemaScenario},
		{name: "minimal", doc: "shodo = 1\nid = \"d\"\ntitle = \"D\"\nrunbook = \"service-failure\"\n"},
		{name: "start as a string", doc: replace("start = 2026-12-25T18:30:00+09:00", `start = "2026-12-25T09:30:00Z"`)},
		{name: "close as a false alarm", doc: replace(`close = "Restored from backup."`, "close = \"Only the probe failed.\"\nending = \"false-alarm\"")},
		{name: "done with the time it was submitted", doc: replace("unticked = true", "unticked = true\nhappened = \"2m\"")},
		{name: "unknown top-level key", doc: schemaScenario + "titel = \"typo\"\n", want: "titel: not allowed"},
		{name: "wrong version", doc: replace("shodo = 2", "shodo = 3"), want: "#/shodo"},
		{name: "id with upper case", doc: replace(`id = "friday-drill"`, `id = "Friday"`), want: "#/id"},
		{name: "no runbook", doc: replace("runbook = \"service-failure\"\n", ""), want: "#: missing runbook"},
		{name: "start without offset", doc: replace("start = 2026-12-25T18:30:00+09:00", `start = "2026-12-25 18:30"`), want: "#/start"},
		{name: "inject without text", doc: replace("text = \"Order system response time over 10 s.\"\n", ""), want: "#/injects/0: missing text"},
		{name: "inject at a bad time", doc: replace("[[injects]]\nat = \"0m\"", "[[injects]]\nat = \"soon\""), want: "#/injects/0/at"},
		{name: "unknown expect key", doc: replace(`verdict_within = "30m"`, `verdict_within = "30m"`+"\nverdic = \"x\""), want: "verdic: not allowed"},
		{name: "unknown ending", doc: replace(`close = "Restored from backup."`, "close = \"x\"\nending = \"no-incident\""), want: "#/steps/7/ending"},
		{name: "step without at", doc: replace("[[steps]]\nat = \"4m\"\n", "[[steps]]\n"), want: "#/steps/2: missing at"},
		{name: "step without action", doc: replace("actor = \"watanabe\"\nnote = \"Slow since 18:25.\"", "actor = \"watanabe\""), want: "matches 0 of oneOf"},
		{name: "step with two actions", doc: replace(`answer = "symptom/ransom"`, "answer = \"symptom/ransom\"\nstamp = \"appi-aware\""), want: "matches 0 of oneOf"},
		{name: "answer without option", doc: replace(`answer = "symptom/ransom"`, `answer = "symptom"`), want: "#/steps/2/answer"},
		{name: "by on an answer", doc: replace(`answer = "symptom/ransom"`, "answer = \"symptom/ransom\"\nby = \"phone\""), want: "matches 0 of oneOf"},
		{name: "attempt without outcome", doc: replace("outcome = \"voicemail\"\n", ""), want: "matches 0 of oneOf"},
		{name: "waive without reason", doc: replace("reason = \"Management is in the room.\"\n", ""), want: "matches 0 of oneOf"},
		{name: "escape in an inject", doc: replace(`text = "Order system`, `text = "\u001b]52;c;Order system`), want: "#/injects/0/text"},
		{name: "newline in a title", doc: replace(`title = "Friday evening:`, `title = "Friday\nevening:`), want: "#/title"},
		{name: "reach a recipient", doc: replace(`tick = "capture-state/screens"`, "reach = \"tell-authorities/BaFin (DE)\"\nby = \"email\"")},
		{name: "expect a recipient reached", doc: replace(`ticked = ["capture-state/screens"]`, `reached = ["tell-police-insurer/police"]`)},
		{name: "waive one recipient", doc: replace(`tick = "capture-state/screens"`, "waive = \"tell-police-insurer/insurer\"\nreason = \"the broker tells them\"")},
		{name: "attempt one recipient", doc: replace(`tick = "capture-state/screens"`, "attempt = \"tell-police-insurer/insurer\"\nby = \"email\"\noutcome = \"busy\"")},
		{name: "reach without recipient", doc: replace(`tick = "capture-state/screens"`, `reach = "tell-police-insurer"`), want: "#/steps/6/reach"},
		{name: "outcome on a reach", doc: replace(`tick = "capture-state/screens"`, "reach = \"tell-police-insurer/police\"\noutcome = \"x\""), want: "matches 0 of oneOf"},
		{name: "tick without item", doc: replace(`tick = "capture-state/screens"`, `tick = "capture-state"`), want: "#/steps/6/tick"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			problems := v.Validate(v.Root, schematest.DecodeTOML(t, tc.doc), "#")
			if tc.want == "" && len(problems) > 0 {
				t.Errorf("schema refuses a valid scenario: %v", problems)
			}
			if tc.want != "" && !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("schema problems %v lack %q", problems, tc.want)
			}
			_, diags := Parse("doc.toml", []byte(tc.doc), nil)
			if parseOK, wantOK := !diags.HasErrors(), tc.want == ""; parseOK != wantOK {
				t.Errorf("Parse accepts = %v, want %v; diagnostics:\n%v", parseOK, wantOK, diags)
			}
		})
	}
}

// TestScenarioSchemaShippedDrills: an editor never flags a drill that
// ships with shodo.
func TestScenarioSchemaShippedDrills(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "..", "runbooks", "drills", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no shipped drills found under runbooks/drills/")
	}
	v := schematest.Validator{Root: decodeScenarioSchema(t)}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if problems := v.Validate(v.Root, schematest.DecodeTOML(t, string(src)), "#"); len(problems) > 0 {
				t.Errorf("schema refuses a shipped drill:\n%s", strings.Join(problems, "\n"))
			}
		})
	}
}
