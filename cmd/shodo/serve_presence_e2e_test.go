package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// Presence, roles and a served drill on the real binary: two responders
// and an observer on one incident see who is on it and where; the
// commander takes the ic role and hands it to on-call, both recorded with
// both names and shown in every header; the observer cannot take a role;
// a player cannot start a drill, and once the facilitator has, joins it
// and never sees a facilitator note, which the facilitator reads.
func TestServePresenceRolesAndDrill(t *testing.T) {
	bin, err := buildShodoTest()
	if err != nil {
		t.Fatalf("build shodo -tags shodotest: %v", err)
	}
	dir := t.TempDir()
	shodoHome := filepath.Join(dir, "shodo")
	env := []string{"HOME=" + dir, "SHODO_HOME=" + shodoHome, "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH")}
	sato, satoLine := responderKey(t, "sato@laptop")
	tanaka, tanakaLine := responderKey(t, "tanaka@desk")
	kim, kimLine := responderKey(t, "kim@tablet")
	mori, moriLine := responderKey(t, "mori@desk")
	responders := filepath.Join(dir, "responders.toml")
	if err := os.WriteFile(responders, []byte(`[[responders]]
name = "Sato"
keys = ["`+satoLine+`"]
roles = ["ic"]

[[responders]]
name = "Tanaka"
keys = ["`+tanakaLine+`"]
roles = ["ic", "oncall"]
lang = "ja"

[[responders]]
name = "Kim"
keys = ["`+kimLine+`"]
observer = true

[[responders]]
name = "Mori"
keys = ["`+moriLine+`"]
roles = ["facilitator"]
`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, bin, env, "--listen", "127.0.0.1:0", "--responders", responders)

	commander := srv.connect(sato, 100, 30, "run service-failure")
	id := incidentID.FindString(commander.waitFor("What was reported first?", "LIVE"))
	if id == "" {
		t.Fatalf("no incident id:\n%s", commander.text())
	}
	oncall := srv.connect(tanaka, 100, 30, "resume "+id)
	oncall.waitFor("What was reported first?", "経過")
	observer := srv.connect(kim, 100, 30, "watch "+id)
	observer.waitFor("WATCHING")

	// Who is on it, and where, on the others' screens.
	oncall.press("\t")
	commander.waitFor("On it: Sato · Triage; Tanaka · Duties; Kim (observer) · Triage")
	oncall.waitFor("対応中：Sato ・ トリアージ、Tanaka ・ 対応義務")

	// The observer cannot take a role.
	observer.pressUntil("T", "read-only: watching")

	// The commander takes ic, then hands it to on-call.
	commander.pressUntil("T", "Take a role, or hand yours over")
	commander.press("\r")
	commander.waitFor("IC: Sato")
	oncall.waitFor("インシデント対応責任者：Sato")
	observer.waitFor("IC: Sato")
	commander.pressUntil("T", "Take a role, or hand yours over")
	commander.press("\t", "\x1b[B")
	commander.waitFor("> Tanaka (hand it over)")
	commander.press("\r")
	commander.waitFor("IC: Tanaka", "Tanaka (ic) · Duties")
	oncall.waitFor("インシデント対応責任者：Tanaka")
	observer.waitFor("IC: Tanaka")

	var taken, handed bool
	for _, r := range journalLines(t, shodoHome, id) {
		switch {
		case r.Type == "role.taken" && r.Actor == "Sato" && r.Data["role"] == "ic":
			taken = true
		case r.Type == "role.handed-over" && r.Actor == "Sato" && r.Data["role"] == "ic" && r.Data["to"] == "Tanaka":
			handed = true
		case strings.HasPrefix(r.Type, "role.") && r.Actor == "Kim":
			t.Errorf("the observer recorded %s", r.Type)
		}
	}
	if !taken || !handed {
		t.Fatalf("journal: ic taken by Sato %v, handed by Sato to Tanaka %v", taken, handed)
	}

	// A player cannot start a drill; the facilitator does, and reads its
	// notes; the player then joins it and never sees them.
	if said := refusedWith(t, srv, sato, "drill friday-ransomware"); !strings.Contains(said, "no drill of friday-ransomware is running: a facilitator") {
		t.Errorf("a player's drill with none running was told %q", said)
	}
	facilitator := srv.connect(mori, 120, 40, "drill friday-ransomware")
	facilitator.waitFor("DRILL", "space starts the clock")
	facilitator.pressUntil("f", "FACILITATOR ONLY")
	facilitator.waitFor("Open with the alert only")
	player := srv.connect(sato, 120, 40, "drill friday-ransomware")
	player.waitFor("DRILL", "the facilitator starts the clock", "On it: Mori · facilitator notes; Sato · Triage")
	player.press("f", " ", "]")
	// The ? overlay lists every key the screen has: the keys above were
	// taken by then, and the clock is not among them.
	player.pressUntil("?", "Move")
	s := player.text()
	if strings.Contains(s, "Open with the alert only") || strings.Contains(s, "FACILITATOR ONLY") {
		t.Fatalf("the player's screen shows the facilitator's notes:\n%s", s)
	}
	if strings.Contains(s, "pause / start clock") || strings.Contains(s, "facilitator notes") && !strings.Contains(s, "Mori · facilitator notes") {
		t.Errorf("the player's keys include the facilitator's:\n%s", s)
	}
}

// journalLine is one record of a journal: who, what, and its data.
type journalLine struct {
	Actor string         `json:"actor"`
	Type  string         `json:"type"`
	Data  map[string]any `json:"data"`
}

// journalLines reads every record of incident id's journal under home.
func journalLines(t *testing.T, home, id string) []journalLine {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(home, "incidents", "*", "timeline.jsonl"))
	var out []journalLine
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), id) {
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			var r journalLine
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("journal line %q: %v", line, err)
			}
			out = append(out, r)
		}
		return out
	}
	t.Fatalf("no journal of %s under %s", id, home)
	return nil
}

// refusedWith runs command in a terminal session of signer's responder
// that the server refuses, and returns what it said (on stderr) before
// letting the session go.
func refusedWith(t *testing.T, srv *server, signer gossh.Signer, command string) string {
	t.Helper()
	c, err := srv.dial(signer, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	sess.Stderr = &stderr
	if err := sess.Run(command); err == nil {
		t.Errorf("%s was not refused", command)
	}
	return stderr.String()
}
