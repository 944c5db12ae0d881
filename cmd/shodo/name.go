package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"

	"github.com/shodo-dev/shodo/tui"
)

// configFile is shodo's settings file in its configuration directory.
const configFile = "config.toml"

// envActor names the responder, before the settings file.
const envActor = "SHODO_ACTOR"

// settings is what the settings file holds.
type settings struct {
	// Name is the responder's name: recorded on every event and signed
	// under copied messages, unless --actor or $SHODO_ACTOR says another.
	Name string `toml:"name"`
}

// responder is the one rule for the name of the person at the keyboard,
// which every event records and every copied message is signed with:
// --actor, else $SHODO_ACTOR, else name in the settings file
// (<config dir>/config.toml), else the login name. A settings file that
// does not read is an error naming it, not a silent fallback: the name on
// a legal record must be the one meant.
func (env environment) responder(flag string) (string, error) {
	if name := tui.CleanActor(flag); name != "" {
		return name, nil
	}
	if name := tui.CleanActor(env.getenv(envActor)); name != "" {
		return name, nil
	}
	s, err := env.settings()
	if err != nil {
		return "", err
	}
	if name := tui.CleanActor(s.Name); name != "" {
		return name, nil
	}
	return tui.DefaultActor(env.getenv), nil
}

// settings reads the settings file; none (or no configuration directory)
// is no setting.
func (env environment) settings() (settings, error) {
	var s settings
	dir, err := env.configDir()
	if err != nil {
		return s, nil
	}
	path := filepath.Join(dir, configFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, say("cli.err.settings", "File", path, "Why", err)
	}
	if _, err := toml.Decode(string(b), &s); err != nil {
		return s, say("cli.err.settings", "File", path, "Why", err)
	}
	return s, nil
}
