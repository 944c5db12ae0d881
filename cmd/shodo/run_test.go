package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/runbooks"
)

// The orphan: shodo run without a terminal opened an incident,
// started its clocks, then failed. The real binary, with no terminal on
// its standard streams, refuses before creating anything.
func TestRunWithoutTerminalCreatesNothing(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	cmd := exec.Command(mustBin(t), "run", "service-failure", "--title", "From a cron job")
	cmd.Env = []string{"HOME=" + home, "SHODO_HOME=" + filepath.Join(home, "shodo"), "SHODO_ACTOR=cron", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH")}
	cmd.Stdin = nil // /dev/null: not a terminal
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); err == nil || code != exitUsage {
		t.Fatalf("exit %d (%v), want %d:\n%s", code, err, exitUsage, out)
	}
	if !strings.Contains(string(out), "shodo run needs a terminal") || !strings.Contains(string(out), "--no-tui") {
		t.Errorf("the refusal does not say why and what to do:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(home, "shodo", "incidents")); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(filepath.Join(home, "shodo", "incidents"))
		t.Fatalf("something was created: %v %v", err, entries)
	}
}

// shodo drill without a terminal refuses before the drill opens, as run
// does: it left a drill open, paused, that nobody had seen, and said so
// only after a TTY error. shodo test is what plays a drill headless.
func TestDrillWithoutTerminalCreatesNothing(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	env.shipped = runbooks.FS
	r := shell(t, env, "drill", "probe-false-alarm")
	if r.code != exitUsage || !strings.Contains(r.stderr, "shodo drill needs a terminal") || !strings.Contains(r.stderr, "shodo test SCENARIO") {
		t.Fatalf("drill without a terminal: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(incident.IncidentsDir(vars["SHODO_HOME"])); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(incident.IncidentsDir(vars["SHODO_HOME"]))
		t.Fatalf("something was created: %v %v", err, entries)
	}
}

// With --no-tui, run opens the incident, says what it started and exits;
// the incident stays open for shodo resume, and shodo list shows its
// title. A title with a control character is refused, nothing created.
func TestRunNoTUI(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	r := shell(t, env, "run", "db-outage", "--no-tui", "--title", "Checkout\x1b[2J fails")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--title: bad incident title: control character U+001B at character 9") {
		t.Fatalf("a title with an escape: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(incident.IncidentsDir(vars["SHODO_HOME"])); !os.IsNotExist(err) {
		t.Fatalf("a refused title created something: %v", err)
	}
	r = shell(t, env, "run", "db-outage", "--title", "Checkout fails")
	if r.code != exitUsage || !strings.Contains(r.stderr, "needs a terminal") {
		t.Fatalf("no terminal, no --no-tui: exit %d\n%s", r.code, r.stderr)
	}

	r = shell(t, env, "run", "db-outage", "--no-tui", "--title", "  Checkout fails for every card ")
	if r.code != exitOK {
		t.Fatalf("run --no-tui: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	id := incidentID.FindString(r.stdout)
	for _, want := range []string{
		`Opened incident ` + id + ` "Checkout fails for every card" on runbook`,
		"Directory: " + filepath.Join(incident.IncidentsDir(vars["SHODO_HOME"]), id),
		"started:\n  due 2026-",
		"It stays open; continue with: shodo resume " + id,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	sums, err := incident.List(vars["SHODO_HOME"])
	if err != nil || len(sums) != 1 || sums[0].ID != id || sums[0].Name != "Checkout fails for every card" || sums[0].Closed {
		t.Fatalf("home after run --no-tui: %+v %v", sums, err)
	}
	// Resumable: detached, the lock released.
	s, err := incident.Resume(sums[0].Dir, incident.ResumeOptions{})
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	_ = s.Detach()
	if r := shell(t, env, "list"); !strings.Contains(r.stdout, "Checkout fails for every card") {
		t.Errorf("list lacks the title:\n%s", r.stdout)
	}
}

// shodo link records both sides; a link to an incident that does not
// exist, or to itself, is refused, and nothing is recorded.
func TestLinkCommand(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	var ids []string
	for _, title := range []string{"VPN advisory", "Investigate the VPN gateways"} {
		r := shell(t, env, "run", "db-outage", "--no-tui", "--title", title)
		if r.code != exitOK {
			t.Fatalf("run: %d %s", r.code, r.stderr)
		}
		ids = append(ids, incidentID.FindString(r.stdout))
	}
	for _, bad := range [][]string{
		{"link", ids[0], "INC-20991231-0000"},
		{"link", ids[0], ids[0]},
		{"link", ids[0], ids[1], "--kind", "caused"},
	} {
		if r := shell(t, env, bad...); r.code == exitOK {
			t.Errorf("%v: exit 0\n%s", bad, r.stdout)
		}
	}
	r := shell(t, env, "link", ids[0], ids[1], "--kind", "spawned", "--actor", "sato")
	if r.code != exitOK || !strings.Contains(r.stdout, ids[0]+": spawned "+ids[1]+".") {
		t.Fatalf("link: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for i, want := range []string{incident.LinkSpawned, incident.LinkSpawnedFrom} {
		s, err := incident.Resume(filepath.Join(incident.IncidentsDir(vars["SHODO_HOME"]), ids[i]), incident.ResumeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		links := s.State().Links
		_ = s.Detach()
		if len(links) != 1 || links[0].Kind != want || links[0].Incident != ids[1-i] {
			t.Errorf("%s: links %+v, want %s %s", ids[i], links, want, ids[1-i])
		}
	}
}
