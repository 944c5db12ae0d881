package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/runbook"
)

func TestSchema(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []byte
	}{
		{[]string{"schema"}, runbook.Schema()},
		{[]string{"schema", "runbook"}, runbook.Schema()},
		{[]string{"schema", "scenario"}, drill.Schema()},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			env, _ := testEnv(t)
			r := shell(t, env, tc.args...)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("exit code %d, stderr %q", r.code, r.stderr)
			}
			var schema map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &schema); err != nil {
				t.Fatalf("schema output is not JSON: %v", err)
			}
			if schema["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
				t.Errorf("$schema = %v", schema["$schema"])
			}
			if !bytes.Equal([]byte(r.stdout), tc.want) {
				t.Error("output differs from the schema it names")
			}
		})
	}
}
