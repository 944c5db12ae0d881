package incident

import (
	"testing"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// Every kind of the runbook's trigger table has semantics here, and
// nothing here is a kind the table lacks: a new trigger is a row there and
// an entry in triggerSemantics.
func TestEveryTriggerKindHasSemantics(t *testing.T) {
	kinds := map[string]bool{}
	for _, k := range runbook.TriggerKinds() {
		kinds[k.Kind] = true
		if triggerSemantics[k.Kind] == nil {
			t.Errorf("trigger kind %q has no semantics in triggerSemantics", k.Kind)
		}
	}
	for kind := range triggerSemantics {
		if !kinds[kind] {
			t.Errorf("triggerSemantics has %q, which runbook.TriggerKinds lacks", kind)
		}
	}
}

// The fixture the duty tests run on uses every kind, so each kind's
// semantics is exercised by them.
// The kinds format version 2 added are in conditions.toml and answers.toml, so that
// triggers.toml stays a version 1 runbook.
func TestTriggerFixtureUsesEveryKind(t *testing.T) {
	used := map[string]bool{}
	for _, name := range []string{"triggers.toml", "conditions.toml", "answers.toml", "extensions.toml"} {
		for _, d := range loadFixture(t, name).Duties {
			for _, tr := range d.On {
				used[tr.Kind] = true
			}
		}
	}
	for _, k := range runbook.TriggerKinds() {
		if !used[k.Kind] {
			t.Errorf("testdata/incident/triggers.toml, conditions.toml and answers.toml have no duty on a %q trigger", k.Kind)
		}
	}
}
