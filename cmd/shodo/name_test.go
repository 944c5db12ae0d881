package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
)

// TestResponderName: one rule names the person at the keyboard, on every
// event and under every copied message: --actor, else $SHODO_ACTOR, else
// name in config.toml, else the login name.
func TestResponderName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		flag     string
		vars     map[string]string
		settings string // config.toml; "" writes none
		want     string
	}{
		{"the login name when nothing else is set", "", map[string]string{"USER": "kenji"}, "", "kenji"},
		{"the settings file before the login name", "", map[string]string{"USER": "kenji"}, `name = "Kenji Sato (SRE)"`, "Kenji Sato (SRE)"},
		{"$SHODO_ACTOR before the settings file", "", map[string]string{"USER": "kenji", envActor: "tanaka"}, `name = "Kenji Sato"`, "tanaka"},
		{"--actor before everything", "suzuki", map[string]string{"USER": "kenji", envActor: "tanaka"}, `name = "Kenji Sato"`, "suzuki"},
		{"a settings file without a name is no setting", "", map[string]string{"USER": "kenji"}, "# nothing yet\n", "kenji"},
		{"a name is one clean line", "", map[string]string{"USER": "kenji"}, `name = "Kenji\tSato\u001b[2J"`, "Kenji Sato"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, vars := testEnv(t)
			for k, v := range tt.vars {
				vars[k] = v
			}
			if tt.settings != "" {
				writeSettings(t, vars, tt.settings)
			}
			got, err := env.responder(tt.flag)
			if err != nil || got != tt.want {
				t.Fatalf("responder(%q) = %q, %v; want %q", tt.flag, got, err, tt.want)
			}
		})
	}
}

// TestSettingsNameRecorded: the name in config.toml is the one an incident
// records; a settings file that does not read stops the command with its
// name and line, before anything is created.
func TestSettingsNameRecorded(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	vars["USER"] = "kenji"
	path := writeSettings(t, vars, "name = \"Kenji Sato\"\nname = \"twice\"\n")
	r := shell(t, env, "run", "db-outage", "--no-tui")
	if r.code != exitFindings || !strings.Contains(r.stderr, "the settings file "+path+" does not read") ||
		!strings.Contains(r.stderr, "line 2") {
		t.Fatalf("a bad settings file: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(incident.IncidentsDir(vars["SHODO_HOME"])); !os.IsNotExist(err) {
		t.Fatalf("a bad settings file let an incident open: %v", err)
	}

	writeSettings(t, vars, `name = "Kenji Sato"`)
	if r := shell(t, env, "run", "db-outage", "--no-tui"); r.code != exitOK {
		t.Fatalf("run --no-tui: exit %d\n%s", r.code, r.stderr)
	}
	sums, err := incident.List(vars["SHODO_HOME"])
	if err != nil || len(sums) != 1 {
		t.Fatalf("incidents: %+v %v", sums, err)
	}
	b, err := os.ReadFile(filepath.Join(sums[0].Dir, "timeline.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Kenji Sato"`) || strings.Contains(string(b), `"kenji"`) {
		t.Fatalf("the journal does not record the name from the settings:\n%.400s", b)
	}
}

// writeSettings writes config.toml in the test's configuration directory.
func writeSettings(t *testing.T, vars map[string]string, text string) string {
	t.Helper()
	dir := filepath.Join(vars["XDG_CONFIG_HOME"], "shodo")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, configFile)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
