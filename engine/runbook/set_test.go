package runbook

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A walk remembers the id a failed runbook declares, and hands out the
// scenario files it decoded, so that neither has to be read again.
func TestSetFailedIDsAndScenarioDocuments(t *testing.T) {
	t.Parallel()
	mini := mustRead(t, filepath.Join(testdataDir, "valid", "minimal.toml"))
	broken := strings.Replace(string(mini), `start = "symptom"`, `start = "symptm"`, 1)
	scenario := "shodo = 1\nid = \"drill\"\ntitle = \"A drill\"\nrunbook = \"mini\"\n"
	set := LoadSetFS(fstest.MapFS{
		"ok.toml":           {Data: mini},
		"broken.toml":       {Data: []byte(broken)},
		"no-id.toml":        {Data: []byte("shodo = 1\ntitle = 3\ntriage = 1\n")},
		"drills/drill.toml": {Data: []byte(scenario)},
	}, Options{Now: testNow})
	if len(set.Runbooks) != 1 || len(set.Failed) != 2 {
		t.Fatalf("runbooks %d, failed %v", len(set.Runbooks), set.Failed)
	}
	if len(set.FailedIDs) != 1 || set.FailedIDs["broken.toml"] != "mini" {
		t.Errorf("FailedIDs = %v", set.FailedIDs)
	}
	doc, ok := set.ScenarioDocument("drills/drill.toml")
	if !ok || doc.Name() != "drills/drill.toml" || string(doc.Source()) != scenario || doc.Root().Line("id") != "drill" {
		t.Fatalf("ScenarioDocument: %v %v", doc, ok)
	}
	if _, ok := set.ScenarioDocument("ok.toml"); ok {
		t.Errorf("a runbook handed out as a scenario document")
	}
}
