package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shodo-dev/shodo/engine/runbook"
)

func TestSchema(t *testing.T) {
	t.Parallel()
	env, _ := testEnv(t)
	r := shell(t, env, "schema")
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
	if !bytes.Equal([]byte(r.stdout), runbook.Schema()) {
		t.Error("output differs from runbook.Schema()")
	}
}
