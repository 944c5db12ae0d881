package main

import (
	"encoding/json"
	"testing"

	"github.com/shodo-dev/shodo/engine/export"
)

// TestEveryJSONOutputHasItsVersion: a script can tell which shape it
// reads from the "version" every JSON output starts with.
func TestEveryJSONOutputHasItsVersion(t *testing.T) {
	env, vars := testEnv(t)
	id, _ := openIncident(t, vars, true)
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"export", id, "--format", "json"}, export.JSONVersion},
		{[]string{"list", "--json"}, jsonVersion},
		{[]string{"verify", id, "--json"}, jsonVersion},
		{[]string{"validate", "--format", "json"}, jsonVersion},
	} {
		r := shell(t, env, c.args...)
		var doc struct {
			Version *int `json:"version"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Version == nil || *doc.Version != c.want {
			t.Errorf("%v: version %v (%v); want %d\n%.200s", c.args, doc.Version, err, c.want, r.stdout)
		}
	}
}
