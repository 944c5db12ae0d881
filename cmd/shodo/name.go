package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"

	"github.com/shodo-dev/shodo/internal/i18n"
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
	name, _, err := env.identify(flag)
	return name, err
}

// identify is responder, and says whether the name was given (flag,
// $SHODO_ACTOR, the settings file) rather than the login name it falls
// back to: the first start of the app asks for one then (askName).
func (env environment) identify(flag string) (name string, given bool, err error) {
	if name := tui.CleanActor(flag); name != "" {
		return name, true, nil
	}
	if name := tui.CleanActor(env.getenv(envActor)); name != "" {
		return name, true, nil
	}
	s, err := env.settings()
	if err != nil {
		return "", false, err
	}
	if name := tui.CleanActor(s.Name); name != "" {
		return name, true, nil
	}
	return tui.DefaultActor(env.getenv), false, nil
}

// askName is the first run's question: when no name is given (identify)
// and the app is about to take the terminal (home, run, resume, drill), it
// asks for one, the login name filled in. enter saves it in the settings
// file, which later starts read; esc uses the login name this time and
// the question comes again next time. opt.Actor becomes the answer. With
// no terminal, or no configuration directory to save in, nothing is asked.
func (env environment) askName(ctx context.Context, flag string, opt *tui.Options) error {
	if !env.interactive {
		return nil
	}
	if _, given, err := env.identify(flag); err != nil || given {
		return err
	}
	dir, err := env.configDir()
	if err != nil {
		return nil // nowhere to keep an answer: the login name, as before
	}
	path := filepath.Join(dir, configFile)
	ask := env.nameAsker
	if ask == nil {
		ask = tui.AskName
	}
	answer, err := ask(ctx, *opt, path)
	if err != nil {
		return err
	}
	opt.Actor = answer.Name
	if !answer.Save {
		return nil
	}
	if err := saveName(dir, answer.Name); err != nil {
		return say("cli.err.save-name", "File", path, "Why", err)
	}
	// Left above the app's screen, and after it: where the name is kept.
	fmt.Fprintln(env.stderr, visible(i18n.New(opt.Lang).T("cli.name.saved", "Name", answer.Name, "File", path)))
	return nil
}

// saveName keeps name in the settings file in dir, which is created (0700)
// with the file (0600) when missing: the file may name a person, and is
// no one else's to read. What the file held already stays; the name goes
// first, where a TOML key before any table must go. It is written to a
// temporary file renamed over the old one, so that a crash leaves the old
// file or the new, never half of one.
func saveName(dir, name string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	path := filepath.Join(dir, configFile)
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(settings{Name: name}); err != nil {
		return err
	}
	b.Write(old)
	tmp, err := os.CreateTemp(dir, configFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
