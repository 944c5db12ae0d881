package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/runbooks"
)

// teamEnv is a team's machine: the shipped runbooks, a ./runbooks of the
// team's own — an edition of service-failure under its shipped id, a
// runbook of its own id (my-service-failure) and a drill on it — and a
// directory in $SHODO_RUNBOOKS with a vulnerability runbook and a drill.
func teamEnv(t *testing.T) environment {
	t.Helper()
	env, vars := testEnv(t)
	env.shipped = runbooks.FS
	rename := func(name, from, to string, more ...string) string {
		return strings.NewReplacer(append([]string{`id = "` + from + `"`, `id = "` + to + `"`}, more...)...).Replace(shippedFiles(t, "", nil)[name])
	}
	writeFiles(t, env.dir, map[string]string{
		"runbooks/contacts.toml":         shippedFiles(t, "", nil)["contacts.toml"],
		"runbooks/regulations/appi.toml": shippedFiles(t, "", nil)["regulations/appi.toml"],
		"runbooks/regulations/gdpr.toml": shippedFiles(t, "", nil)["regulations/gdpr.toml"],
		"runbooks/service-failure.toml":  rename("service-failure.toml", "service-failure", "service-failure", `title = "Service failure`, `title = "(our edition) Service failure`),
		"runbooks/mine.toml":             rename("service-failure.toml", "service-failure", "my-service-failure"),
		"runbooks/drills/my-friday.toml": rename("drills/friday-ransomware.toml", "friday-ransomware", "my-friday",
			`runbook = "service-failure"`, `runbook = "my-service-failure"`),
	})
	ops := writeFiles(t, t.TempDir(), map[string]string{
		"contacts.toml":   shippedFiles(t, "", nil)["contacts.toml"],
		"vuln.toml":       rename("vulnerability-advisory.toml", "vulnerability-advisory", "ops-vulnerability"),
		"drills/jvn.toml": rename("drills/jvn-rank-a.toml", "jvn-rank-a", "ops-jvn", `runbook = "vulnerability-advisory"`, `runbook = "ops-vulnerability"`),
	})
	vars[library.EnvDirs] = ops
	return env
}

// listedIDs parses a section of `shodo list`: the id and source of each
// row that is not shadowed.
func listedIDs(t *testing.T, out, section string) map[string]string {
	t.Helper()
	_, rest, ok := strings.Cut(out, section+"\n")
	if !ok {
		t.Fatalf("no %s section:\n%s", section, out)
	}
	rest, _, _ = strings.Cut(rest, "\n\n")
	lines := strings.Split(strings.TrimSuffix(rest, "\n"), "\n")[1:] // after the header
	ids := map[string]string{}
	cells := regexp.MustCompile(`\s{2,}`)
	for _, line := range lines {
		if strings.HasPrefix(line, "A shadowed") || line == "(none)" || strings.HasSuffix(line, "(shadowed)") {
			continue
		}
		row := cells.Split(line, -1)
		ids[row[0]] = row[len(row)-1]
	}
	return ids
}

// Every id `shodo list` shows can be run, graphed, tested and validated
// (a runbook's) or drilled, tested and validated (a scenario's) by that
// id, and finds the runbook or scenario the list says it comes from.
func TestEveryListedIDWorks(t *testing.T) {
	t.Parallel()
	env := teamEnv(t)
	r := shell(t, env, "list")
	if r.code != exitOK || r.stderr != "" {
		t.Fatalf("list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	runbookIDs, scenarioIDs := listedIDs(t, r.stdout, "Runbooks"), listedIDs(t, r.stdout, "Drills")
	for id, src := range map[string]string{
		"my-service-failure": filepath.Join("runbooks", "mine.toml"),
		"service-failure":    filepath.Join("runbooks", "service-failure.toml"),
		"ops-vulnerability":  "", // in $SHODO_RUNBOOKS
		"service-failure-ja": "shipped",
	} {
		if got, ok := runbookIDs[id]; !ok || src != "" && got != src {
			t.Errorf("list shows runbook %s from %q; want it from %q:\n%s", id, got, src, r.stdout)
		}
	}
	if _, ok := scenarioIDs["my-friday"]; !ok || len(scenarioIDs) != 26 {
		t.Errorf("list shows scenarios %v; want the twenty-four shipped, my-friday and ops-jvn", scenarioIDs)
	}
	for id, src := range runbookIDs {
		t.Run("runbook "+id, func(t *testing.T) {
			t.Parallel()
			// What `shodo run ID` opens, before the terminal app starts.
			rb, diags, err := env.resolveRunbook(id)
			if err != nil {
				t.Fatalf("run %s: %v\n%v", id, err, diags)
			}
			if rb.ID != id || src != "shipped" && env.display(rb.Path) != src {
				t.Errorf("run %s found %s at %s; list says %s", id, rb.ID, rb.Path, src)
			}
			if r := shell(t, env, "graph", id); r.code != exitOK || !strings.Contains(r.stdout, "%% shodo runbook "+id+"\n") {
				t.Errorf("graph %s: exit %d\n%s", id, r.code, r.stderr)
			}
			if r := shell(t, env, "validate", id); r.code != exitOK || !strings.Contains(r.stderr, "1 runbook: 0 errors") {
				t.Errorf("validate %s: exit %d\n%s", id, r.code, r.stderr)
			}
			r := shell(t, env, "test", id)
			noDrills := r.code == exitUsage && strings.Contains(r.stderr, "no drill scenario drills runbook")
			if r.code != exitOK && !noDrills {
				t.Errorf("test %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
			}
		})
	}
	for id, src := range scenarioIDs {
		t.Run("scenario "+id, func(t *testing.T) {
			t.Parallel()
			// What `shodo drill ID` opens, before the terminal app starts.
			sc, diags, err := env.resolveScenario(id)
			if err != nil {
				t.Fatalf("drill %s: %v\n%v", id, err, diags)
			}
			if sc.ID != id || sc.Runbook == nil || src != "shipped" && env.display(sc.Path) != src {
				t.Errorf("drill %s found %s at %s; list says %s", id, sc.ID, sc.Path, src)
			}
			if r := shell(t, env, "test", id); r.code != exitOK || !strings.Contains(r.stdout, "ok    "+id) {
				t.Errorf("test %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
			}
			if r := shell(t, env, "validate", id); r.code != exitOK || !strings.Contains(r.stderr, "1 drill scenario: 0 errors") {
				t.Errorf("validate %s: exit %d\n%s", id, r.code, r.stderr)
			}
		})
	}
}

// The measured defect: a team's own runbook, listed under its id, starts
// by that id; and its edition of a shipped runbook is the one that runs.
func TestLocalIDShadowsShipped(t *testing.T) {
	t.Parallel()
	env := teamEnv(t)
	rb, _, err := env.resolveRunbook("my-service-failure")
	if err != nil || rb.ID != "my-service-failure" {
		t.Fatalf("my-service-failure: %v", err)
	}
	rb, _, err = env.resolveRunbook("service-failure")
	if err != nil || !strings.HasPrefix(rb.Title, "(our edition)") {
		t.Fatalf("service-failure is not the team's edition: %v %v", rb, err)
	}
	r := shell(t, env, "list")
	want := regexp.MustCompile(`(?m)^service-failure +\(our edition\).* runbooks/service-failure\.toml\n(.*\n)*service-failure +Service failure.* shipped \(shadowed\)\n`)
	if !want.MatchString(r.stdout) || !strings.Contains(r.stdout, "A shadowed runbook is not used: its id finds the one listed before it.") {
		t.Errorf("list does not show the shipped service-failure as shadowed:\n%s", r.stdout)
	}
	// A scenario's runbook id finds what any id finds: the shipped drills
	// on service-failure drill the team's edition.
	sc, diags, err := env.resolveScenario("friday-ransomware")
	if err != nil || sc.Runbook.Title != rb.Title {
		t.Errorf("friday-ransomware drills %v: %v %v", sc.Runbook, err, diags)
	}
	// shodo test RUNBOOK plays the scenarios on that runbook.
	if r := shell(t, env, "test", "my-service-failure"); r.code != exitOK || !strings.HasPrefix(r.stdout, "ok    my-friday  T+25m") || !strings.HasSuffix(r.stdout, "\n1 passed, 0 failed\n") {
		t.Errorf("test my-service-failure: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := shell(t, env, "test", "service-failure"); r.code != exitOK || !strings.Contains(r.stdout, "ok    friday-ransomware ") || !strings.HasSuffix(r.stdout, "\n5 passed, 0 failed\n") {
		t.Errorf("test service-failure (the shipped drills on the team's edition): exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Every shipped runbook has drills now: a team's own runbook has none.
	quiet := strings.Replace(shippedFiles(t, "", nil)["cloud-service-outage.toml"], `id = "cloud-service-outage"`, `id = "quiet-outage"`, 1)
	writeFiles(t, env.dir, map[string]string{"runbooks/quiet.toml": quiet})
	if r := shell(t, env, "test", "quiet-outage"); r.code != exitUsage || !strings.Contains(r.stderr, `no drill scenario drills runbook "quiet-outage"`) {
		t.Errorf("test quiet-outage (no drills): exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A typo gets the nearest ids; an unknown id lists the ids there are.
func TestDidYouMean(t *testing.T) {
	t.Parallel()
	env := teamEnv(t)
	for _, tc := range []struct {
		args   []string
		stderr []string
	}{
		{[]string{"run", "service-failur"}, []string{`no runbook has id "service-failur" (did you mean "service-failure"?); runbooks: ops-vulnerability, my-service-failure, service-failure, `}},
		{[]string{"graph", "my-service-failur"}, []string{`(did you mean "my-service-failure"?)`}},
		{[]string{"run", "tabletop"}, []string{`no runbook has id "tabletop"; runbooks: `, "vulnerability-advisory (see shodo list)"}},
		{[]string{"run", "my-friday"}, []string{`no runbook has id "my-friday"`, "my-friday is a drill scenario: shodo drill my-friday"}},
		{[]string{"drill", "my-fryday"}, []string{`no drill scenario has id "my-fryday" (did you mean "my-friday"?); drill scenarios: ops-jvn, my-friday, `}},
		{[]string{"test", "ops-jnv"}, []string{`ops-jnv: no such file or directory, and no drill scenario or runbook has that id (did you mean "ops-jvn"?)`}},
		{[]string{"validate", "ops-vulnerabilty"}, []string{`(did you mean "ops-vulnerability"?)`}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			r := shell(t, env, tc.args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d", r.code, exitUsage)
			}
			for _, w := range tc.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

// $SHODO_RUNBOOKS lists directories separated like PATH, first first, all
// before ./runbooks; a directory it names that is missing is reported.
func TestShodoRunbooks(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	edition := func(who string) string {
		return strings.Replace(cleanRunbook, `ask = "What do you see?"`, `ask = "What do you see? (`+who+`)"`, 1)
	}
	writeFiles(t, env.dir, map[string]string{"runbooks/contacts.toml": contactsFragment, "runbooks/db.toml": edition("work")})
	first := writeFiles(t, t.TempDir(), map[string]string{"contacts.toml": contactsFragment, "db.toml": edition("first")})
	second := writeFiles(t, t.TempDir(), map[string]string{"contacts.toml": contactsFragment, "db.toml": edition("second")})
	sep := string(os.PathListSeparator)
	for _, tc := range []struct {
		dirs, want string
	}{
		{"", "(work)"},
		{first, "(first)"},
		{second + sep + first, "(second)"},
		{first + sep + second, "(first)"},
		{filepath.Join(env.dir, "nowhere") + sep + second, "(second)"},
	} {
		vars[library.EnvDirs] = tc.dirs
		if r := shell(t, env, "graph", "db-outage"); r.code != exitOK || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("SHODO_RUNBOOKS=%q: graph db-outage: exit %d, want the %s edition\n%s%s", tc.dirs, r.code, tc.want, r.stdout, r.stderr)
		}
	}
	r := shell(t, env, "list")
	if want := "SHODO_RUNBOOKS names nowhere, which is not a directory\n"; !strings.Contains(r.stderr, want) {
		t.Errorf("list stderr lacks %q:\n%s", want, r.stderr)
	}
}

// A team runbook with errors claims its id: using the id says so, with
// the runbook's diagnostics, rather than running the shipped one.
func TestBrokenLocalRunbook(t *testing.T) {
	t.Parallel()
	env, _ := testEnv(t)
	writeFiles(t, env.dir, map[string]string{"runbooks/contacts.toml": contactsFragment, "runbooks/ours.toml": brokenRunbook})
	r := shell(t, env, "graph", "db-outage")
	file := filepath.Join("runbooks", "ours.toml")
	if r.code != exitFindings || !strings.Contains(r.stderr, file+`:45:1: error: unknown key "titel"`) ||
		!strings.Contains(r.stderr, "runbook db-outage ("+file+") has errors; run shodo validate "+file) {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
}

// Without arguments, test plays and validate checks everything the library
// holds: the team's own and the shipped ones, a copy of a shipped file once
// (the two contacts.toml copies are not fragments of their own).
func TestNoArgumentsMeansTheLibrary(t *testing.T) {
	t.Parallel()
	env := teamEnv(t)
	r := shell(t, env, "test")
	if r.code != exitOK || !strings.Contains(r.stdout, "ok    my-friday ") || !strings.Contains(r.stdout, "ok    ops-jvn ") || !strings.HasSuffix(r.stdout, "\n26 passed, 0 failed\n") {
		t.Errorf("test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = shell(t, env, "validate")
	if r.code != exitOK || !strings.HasSuffix(r.stderr, "11 runbooks, 12 fragments, 26 drill scenarios: 0 errors, 0 warnings\n") {
		t.Errorf("validate: exit %d\n%s", r.code, r.stderr)
	}
}
