package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/tui"
)

// TestFirstRunAsksForTheName: with no name given, the first start of the
// app asks once; enter saves the answer in config.toml (0600, in the
// test's own config directory), which later starts read without asking;
// esc uses the login name this time and the question comes again.
func TestFirstRunAsksForTheName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		flag     string
		vars     map[string]string
		settings string // config.toml before; "" writes none
		answer   tui.NameAnswer
		asked    bool
		want     string // opt.Actor after
		saved    string // config.toml after; "" when none is written
	}{
		{name: "enter saves the name", answer: tui.NameAnswer{Name: "Kenji Sato (SRE)", Save: true}, asked: true,
			want: "Kenji Sato (SRE)", saved: "name = \"Kenji Sato (SRE)\"\n"},
		{name: "esc uses the login name this time", answer: tui.NameAnswer{Name: "kenji"}, asked: true, want: "kenji"},
		{name: "a settings file without a name keeps what it holds", settings: "# shodo settings\n\n[future]\nkey = 1\n",
			answer: tui.NameAnswer{Name: "佐藤 健司", Save: true}, asked: true, want: "佐藤 健司",
			saved: "name = \"佐藤 健司\"\n# shodo settings\n\n[future]\nkey = 1\n"},
		{name: "--actor is a name given", flag: "suzuki", want: "suzuki", saved: ""},
		{name: "$SHODO_ACTOR is a name given", vars: map[string]string{envActor: "tanaka"}, want: "tanaka"},
		{name: "a name in config.toml is not asked again", settings: "name = \"Kenji Sato\"\n", want: "Kenji Sato", saved: "name = \"Kenji Sato\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, vars := testEnv(t)
			vars["USER"] = "kenji"
			for k, v := range tt.vars {
				vars[k] = v
			}
			if tt.settings != "" {
				writeSettings(t, vars, tt.settings)
			}
			var stderr bytes.Buffer
			env.stderr, env.interactive = &stderr, true
			asked := 0
			env.nameAsker = func(_ context.Context, opt tui.Options, file string) (tui.NameAnswer, error) {
				asked++
				if opt.Actor != "kenji" || file != filepath.Join(vars["XDG_CONFIG_HOME"], "shodo", configFile) {
					t.Errorf("asked with %q prefilled, to save in %s", opt.Actor, file)
				}
				return tt.answer, nil
			}
			opt, err := env.tuiOptions(&appFlags{actor: tt.flag})
			must(t, err)
			must(t, env.askName(context.Background(), tt.flag, &opt))
			if (asked == 1) != tt.asked || asked > 1 || opt.Actor != tt.want {
				t.Fatalf("asked %d times, actor %q; want asked=%v, %q", asked, opt.Actor, tt.asked, tt.want)
			}
			path := filepath.Join(vars["XDG_CONFIG_HOME"], "shodo", configFile)
			b, err := os.ReadFile(path)
			if tt.saved == "" {
				if err == nil && tt.settings == "" {
					t.Fatalf("wrote %s:\n%s", path, b)
				}
			} else {
				must(t, err)
				if string(b) != tt.saved {
					t.Fatalf("%s holds\n%s\nwant\n%s", path, b, tt.saved)
				}
				if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("%s mode %v, %v; want 0600", path, fi.Mode().Perm(), err)
				}
			}
			if tt.answer.Save && !strings.Contains(stderr.String(), "is saved in "+path) {
				t.Errorf("did not say where the name is kept: %q", stderr.String())
			}
			// The next start: asked again only when nothing was saved.
			again, err := env.tuiOptions(&appFlags{actor: tt.flag})
			must(t, err)
			must(t, env.askName(context.Background(), tt.flag, &again))
			if wantAsked := map[bool]int{true: 2, false: 1}[!tt.answer.Save && tt.asked]; tt.asked && asked != wantAsked {
				t.Errorf("asked %d times over two starts; want %d", asked, wantAsked)
			}
			if tt.answer.Save && again.Actor != tt.want {
				t.Errorf("the next start is %q; want the saved %q", again.Actor, tt.want)
			}
		})
	}
}

// Without a terminal (scripts, --no-tui), nothing is asked.
func TestNoTerminalAsksNoName(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	vars["USER"] = "kenji"
	env.nameAsker = func(context.Context, tui.Options, string) (tui.NameAnswer, error) {
		t.Fatal("asked without a terminal")
		return tui.NameAnswer{}, nil
	}
	r := shell(t, env, "run", "db-outage", "--no-tui")
	if r.code != 0 {
		t.Fatalf("run --no-tui: exit %d\n%s", r.code, r.stderr)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
