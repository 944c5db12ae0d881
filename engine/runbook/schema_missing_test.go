package runbook

import (
	"regexp"
	"slices"
	"testing"
)

// TestSchemaMissingIDIsOneProblem: a runbook without its id is one problem
// for an editor ("missing id"), not one for every key a fragment may not
// hold (issue 16: taplo showed 198, each dumping the file); a fragment
// stays valid, and each missing key of a runbook is named once.
func TestSchemaMissingIDIsOneProblem(t *testing.T) {
	v := schemaValidator{root: decodeSchema(t)}
	noID := schemaRunbook
	if loc := regexp.MustCompile(`(?m)^id = .*\n`).FindStringIndex(noID); loc != nil {
		noID = noID[:loc[0]] + noID[loc[1]:] // the runbook's, the first
	}
	if got := v.validate(v.root, decodeTOML(t, noID), "#"); !slices.Equal(got, []string{"#: missing id"}) {
		t.Errorf("a runbook without id: %d problems %q; want one, missing id", len(got), got)
	}
	if got := v.validate(v.root, decodeTOML(t, schemaFragment), "#"); len(got) > 0 {
		t.Errorf("a fragment: %q", got)
	}
	bare := "shodo = 1\nsummary = \"only a summary\"\n"
	if got := v.validate(v.root, decodeTOML(t, bare), "#"); !slices.Equal(got, []string{"#: missing id", "#: missing title", "#: missing triage", "#: missing verdicts"}) {
		t.Errorf("a runbook with none of its required keys: %q", got)
	}
}
