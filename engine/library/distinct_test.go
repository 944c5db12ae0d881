package library

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

// In a clone of shodo, ./runbooks holds the shipped files: validate must
// count and check each once, as shipped, and still check what the team
// changed or added (the edited runbook, its own fragment and scenario).
func TestDistinctSetsLeaveOutCopies(t *testing.T) {
	t.Parallel()
	const fragment = "shodo = 1\n[roles.ic]\ntitle = \"IC\"\n"
	ship := shipped()
	ship["contacts.toml"] = &fstest.MapFile{Data: []byte(fragment)}
	files := map[string]string{}
	for name, f := range ship {
		files[name] = string(f.Data)
	}
	files["service-failure.toml"] = runbookText("service-failure", "service-failure, our contacts")
	files["our-contacts.toml"] = "shodo = 1\n[roles.cto]\ntitle = \"CTO\"\n"
	files["drills/ours.toml"] = scenarioText("ours", "ours", "service-failure")

	root := t.TempDir()
	work := filepath.Join(root, "work")
	write(t, filepath.Join(work, WorkDirName), files)
	lib := New(Config{Shipped: ship, WorkDir: work})
	sets := lib.Walk().DistinctSets()
	if len(sets) != 2 || sets[0].Source.Kind != FromWorkDir || !sets[1].Source.Shipped() {
		t.Fatalf("sets %v; want ./runbooks then shipped", sets)
	}
	local := sets[0]
	var runbooks []string
	for _, rb := range local.Runbooks {
		runbooks = append(runbooks, filepath.Base(rb.Path))
	}
	base := func(names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = filepath.ToSlash(n)[len(filepath.ToSlash(filepath.Join(work, WorkDirName)))+1:]
		}
		slices.Sort(out)
		return out
	}
	if want := []string{"service-failure.toml"}; !slices.Equal(runbooks, want) {
		t.Errorf("local runbooks %v; want only the edited one %v", runbooks, want)
	}
	if got, want := base(local.Fragments), []string{"our-contacts.toml"}; !slices.Equal(got, want) {
		t.Errorf("local fragments %v; want only the team's own %v", got, want)
	}
	if got, want := base(local.Scenarios), []string{"drills/ours.toml"}; !slices.Equal(got, want) {
		t.Errorf("local scenarios %v; want only the team's own %v", got, want)
	}
	if _, ok := local.ScenarioDocument(local.Scenarios[0]); !ok {
		t.Error("a kept scenario can no longer be read from the walk")
	}
	shippedSet := sets[1]
	if got, want := len(shippedSet.Runbooks)+len(shippedSet.Scenarios)+len(shippedSet.Fragments), len(slices.Collect(maps.Keys(ship))); got != want {
		t.Errorf("shipped set holds %d files; want all %d", got, want)
	}
}
