package library

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// minimalRunbook is a small valid runbook; runbookText gives it an id and a
// title that says where it is.
var minimalRunbook = func() string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "runbooks", "valid", "minimal.toml"))
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func runbookText(id, title string) string {
	return strings.NewReplacer(`id = "mini"`, fmt.Sprintf("id = %q", id), `title = "Minimal service failure"`, fmt.Sprintf("title = %q", title)).Replace(minimalRunbook)
}

// scenarioText is a small scenario on runbook ref (an id or a path).
func scenarioText(id, title, ref string) string {
	return fmt.Sprintf("shodo = 1\nid = %q\ntitle = %q\nrunbook = %q\n\n[[injects]]\nat = \"0m\"\ntext = \"It is down.\"\n\n[[steps]]\nat = \"1m\"\nanswer = \"symptom/ransom\"\n", id, title, ref)
}

// brokenRunbook declares its id but does not load.
func brokenRunbook(id string) string {
	return strings.Replace(runbookText(id, "broken"), `start = "symptom"`, `start = "symptm"`, 1)
}

// shipped is a stand-in for runbooks.FS: two runbooks and a scenario.
func shipped() fstest.MapFS {
	return fstest.MapFS{
		"service-failure.toml":          {Data: []byte(runbookText("service-failure", "service-failure, shipped"))},
		"cloud-outage.toml":             {Data: []byte(runbookText("cloud-outage", "cloud-outage, shipped"))},
		"drills/friday.toml":            {Data: []byte(scenarioText("friday", "friday, shipped", "service-failure"))},
		"drills/friday-by-path.toml":    {Data: []byte(scenarioText("friday-by-path", "friday-by-path, shipped", "../service-failure.toml"))},
		"drills/on-cloud-outage-x.toml": {Data: []byte(scenarioText("on-cloud", "on-cloud, shipped", "cloud-outage"))},
	}
}

// write writes files (slash path → text) under dir and returns dir.
func write(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// world is a working directory with ./runbooks and two $SHODO_RUNBOOKS
// directories, each holding files (nil for a directory that does not
// exist).
type world struct {
	work, env1, env2 map[string]string
}

func (w world) library(t *testing.T) *Library {
	t.Helper()
	root := t.TempDir()
	work := filepath.Join(root, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if w.work != nil {
		write(t, filepath.Join(work, WorkDirName), w.work)
	}
	var dirs []string
	for i, files := range []map[string]string{w.env1, w.env2} {
		if files != nil {
			dirs = append(dirs, write(t, filepath.Join(root, fmt.Sprintf("env%d", i+1)), files))
		}
	}
	return New(Config{Shipped: shipped(), Dirs: strings.Join(dirs, string(os.PathListSeparator)), WorkDir: work})
}

// The sources in precedence order: $SHODO_RUNBOOKS (its directories in
// order), ./runbooks, the shipped runbooks. The first to have an id wins;
// the others are listed as shadowed.
func TestPrecedence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		world world
		id    string
		want  string // the title of the runbook the id finds
		kind  Kind
	}{
		{"shipped alone", world{}, "service-failure", "service-failure, shipped", FromShipped},
		{"./runbooks shadows shipped", world{work: map[string]string{"sf.toml": runbookText("service-failure", "service-failure, work")}},
			"service-failure", "service-failure, work", FromWorkDir},
		{"$SHODO_RUNBOOKS shadows ./runbooks", world{
			work: map[string]string{"sf.toml": runbookText("service-failure", "service-failure, work")},
			env1: map[string]string{"sf.toml": runbookText("service-failure", "service-failure, env1")}},
			"service-failure", "service-failure, env1", FromEnv},
		{"the first $SHODO_RUNBOOKS directory shadows the second", world{
			env1: map[string]string{"a.toml": runbookText("service-failure", "service-failure, env1")},
			env2: map[string]string{"b.toml": runbookText("service-failure", "service-failure, env2")}},
			"service-failure", "service-failure, env1", FromEnv},
		{"a local id of its own", world{work: map[string]string{"mine.toml": runbookText("my-service-failure", "mine, work")}},
			"my-service-failure", "mine, work", FromWorkDir},
		{"a local copy of a shipped runbook is the shipped one", world{work: map[string]string{"service-failure.toml": runbookText("service-failure", "service-failure, shipped")}},
			"service-failure", "service-failure, shipped", FromShipped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cat := tc.world.library(t).Walk()
			r, err := cat.Runbook(tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if r.Title != tc.want || r.Source.Kind != tc.kind || r.Shadowed {
				t.Errorf("%s found %q from %v (shadowed %v); want %q from %v", tc.id, r.Title, r.Source.Kind, r.Shadowed, tc.want, tc.kind)
			}
			// Every other runbook of that id is listed, as shadowed, after it.
			seen := false
			for _, o := range cat.Runbooks() {
				switch {
				case o.ID != tc.id:
				case o.Title == tc.want && o.Source == r.Source:
					seen = true
				case !o.Shadowed || !seen:
					t.Errorf("%q from %v is not listed as shadowed after the one used", o.Title, o.Source.Kind)
				}
			}
		})
	}
}

// The list is in precedence order, and each entry says its source.
func TestRunbooksOrder(t *testing.T) {
	t.Parallel()
	cat := world{
		work: map[string]string{"b.toml": runbookText("team-b", "b"), "sf.toml": runbookText("service-failure", "sf, work")},
		env1: map[string]string{"a.toml": runbookText("team-a", "a")},
	}.library(t).Walk()
	var got []string
	for _, r := range cat.Runbooks() {
		entry := r.ID + "@" + r.Source.Kind.String()
		if r.Shadowed {
			entry += "(shadowed)"
		}
		got = append(got, entry)
	}
	want := []string{"team-a@env", "team-b@workdir", "service-failure@workdir", "cloud-outage@shipped", "service-failure@shipped(shadowed)"}
	if !slices.Equal(got, want) {
		t.Errorf("Runbooks() = %v; want %v", got, want)
	}
}

// A team runbook with errors still claims its id: the id reports the
// broken file rather than finding the shipped runbook of that id.
func TestBrokenLocalRunbookClaimsItsID(t *testing.T) {
	t.Parallel()
	cat := world{work: map[string]string{"sf.toml": brokenRunbook("service-failure")}}.library(t).Walk()
	_, err := cat.Runbook("service-failure")
	var broken *BrokenError
	if !errors.As(err, &broken) || broken.ID != "service-failure" || filepath.Base(broken.Path) != "sf.toml" || broken.Source.Kind != FromWorkDir {
		t.Fatalf("Runbook: %v", err)
	}
	if !strings.Contains(err.Error(), "run shodo validate") {
		t.Errorf("error %q does not say how to see why", err)
	}
	if rb, diags := cat.ValidateRunbook(broken.Source, broken.Path); rb != nil || !diags.HasErrors() {
		t.Errorf("ValidateRunbook: %v %v", rb, diags)
	}
	for _, r := range cat.Runbooks() {
		if r.ID == "service-failure" && !r.Shadowed {
			t.Errorf("the shipped service-failure is not shadowed by the broken one")
		}
	}
	src, file, err := cat.File(WhatRunbook, "service-failure")
	if err != nil || src.Kind != FromWorkDir || filepath.Base(file) != "sf.toml" {
		t.Errorf("File: %v %s %v", src, file, err)
	}
}

// An unknown id names the nearest ids when it looks like a typo of them,
// and lists every id there is.
func TestUnknownID(t *testing.T) {
	t.Parallel()
	cat := world{work: map[string]string{"mine.toml": runbookText("service-failure-2", "mine")}}.library(t).Walk()
	for _, tc := range []struct {
		id   string
		near []string
	}{
		{"service-failur", []string{"service-failure", "service-failure-2"}},
		{"cloud-outgae", []string{"cloud-outage"}},
		{"service", []string{"service-failure-2", "service-failure"}}, // the start of ids
		{"tabletop", nil},
	} {
		_, err := cat.Runbook(tc.id)
		var unknown *UnknownIDError
		if !errors.As(err, &unknown) {
			t.Fatalf("Runbook(%q): %v", tc.id, err)
		}
		if !slices.Equal(unknown.Suggestions, tc.near) || !slices.Equal(unknown.Known, []string{"service-failure-2", "cloud-outage", "service-failure"}) {
			t.Errorf("Runbook(%q): suggestions %v, known %v", tc.id, unknown.Suggestions, unknown.Known)
		}
	}
	_, err := cat.Runbook("service-failur")
	if want := `no runbook has id "service-failur" (did you mean "service-failure" or "service-failure-2"?)`; err.Error() != want {
		t.Errorf("Error() = %q; want %q", err, want)
	}
	_, err = cat.Scenario("fryday")
	if want := `no scenario has id "fryday" (did you mean "friday"?)`; err == nil || err.Error() != want {
		t.Errorf("Scenario: %v; want %q", err, want)
	}
}

// $SHODO_RUNBOOKS is a list separated like PATH; relative directories are
// relative to the working directory; each directory is read once; one
// that does not exist is reported.
func TestDirs(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	team := write(t, filepath.Join(work, "team"), map[string]string{"t.toml": runbookText("team", "team")})
	write(t, filepath.Join(work, WorkDirName), map[string]string{"w.toml": runbookText("work", "work")})
	sep := string(os.PathListSeparator)
	lib := New(Config{Shipped: shipped(), WorkDir: work, Dirs: "team" + sep + sep + "nowhere" + sep + team + sep + WorkDirName})
	var dirs []string
	for _, d := range lib.Dirs() {
		dirs = append(dirs, d.Kind.String()+":"+d.Dir)
	}
	want := []string{"env:" + team, "env:" + filepath.Join(work, WorkDirName)}
	if !slices.Equal(dirs, want) {
		t.Errorf("Dirs() = %v; want %v", dirs, want)
	}
	if missing := lib.Missing(); !slices.Equal(missing, []string{filepath.Join(work, "nowhere")}) {
		t.Errorf("Missing() = %v", missing)
	}
	cat := lib.Walk()
	if r, err := cat.Runbook("work"); err != nil || r.Source.Kind != FromEnv {
		t.Errorf("./runbooks named in $SHODO_RUNBOOKS: %v %v", r.Source, err)
	}
	n := 0
	for _, r := range cat.Runbooks() {
		if r.ID == "team" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("team listed %d times; want once", n)
	}
}

// Scenarios resolve a runbook id through the library, the team's runbook
// first, shipped scenarios too; a path relative to the scenario file.
func TestScenarioResolution(t *testing.T) {
	t.Parallel()
	lib := world{work: map[string]string{
		"sf.toml":                   runbookText("service-failure", "service-failure, work"),
		"mine.toml":                 runbookText("mine", "mine, work"),
		"drills/ours.toml":          scenarioText("ours", "ours", "service-failure"),
		"drills/by-path.toml":       scenarioText("by-path", "by path", "../mine.toml"),
		"drills/on-cloud.toml":      scenarioText("on-cloud-local", "on cloud", "cloud-outage"),
		"drills/no-such.toml":       scenarioText("no-such", "no such", "servce-failure"),
		"drills/missing.toml":       scenarioText("missing", "missing", "../nowhere.toml"),
		"drills/friday.toml":        scenarioText("friday", "friday, work", "mine"),
		"drills/not-toml.toml":      "runbook = [",
		"drills/no-id-yet.toml":     "shodo = 1\nrunbook = \"mine\"\n",
		"drills/copy.toml":          scenarioText("on-cloud", "on-cloud, shipped", "cloud-outage"),
		"drills/broken-sc.toml":     strings.Replace(scenarioText("broken-sc", "broken", "mine"), `answer = "symptom/ransom"`, `answer = "symptom/ransm"`, 1),
		"drills/zz-ours-again.toml": scenarioText("ours", "ours again", "mine"),
		"drills/.hidden/x.toml":     scenarioText("hidden", "hidden", "mine"),
		"drills/README.md":          "not a scenario",
		"drills/unparsable.toml":    "shodo = 1\nid = \"unparsable\"\ntitle = 1\nrunbook = \"mine\"\n",
		"broken.toml":               brokenRunbook("broken-rb"),
		"drills/on-broken.toml":     scenarioText("on-broken", "on a broken file", "../broken.toml"),
		"drills/on-broken-id.toml":  scenarioText("on-broken-id", "on a broken id", "broken-rb"),
	}}.library(t)
	cat := lib.Walk()
	for _, tc := range []struct {
		id, runbookTitle, err string
	}{
		{id: "ours", runbookTitle: "service-failure, work"},
		{id: "by-path", runbookTitle: "mine, work"},
		{id: "on-cloud-local", runbookTitle: "cloud-outage, shipped"},
		{id: "friday", runbookTitle: "mine, work"},                       // the team's friday shadows the shipped one
		{id: "friday-by-path", runbookTitle: "service-failure, shipped"}, // relative to the shipped scenario
		{id: "on-cloud", runbookTitle: "cloud-outage, shipped"},          // the local copy is the shipped one
		{id: "no-such", err: `no runbook has id "servce-failure" (did you mean "service-failure"?)`},
		{id: "missing", err: "does not exist (the path is relative to the scenario file)"},
		{id: "broken-sc", err: `has no option "ransm"`},
		{id: "on-broken", err: "broken.toml does not load; run shodo validate "},
		{id: "on-broken-id", err: `has id "broken-rb" but does not load; run shodo validate `},
		{id: "on-broken-id", err: `triage start = "symptm" is not a node`}, // the runbook's own errors come along
	} {
		s, err := cat.Scenario(tc.id)
		if err != nil {
			t.Errorf("Scenario(%q): %v", tc.id, err)
			continue
		}
		sc, diags := cat.ValidateScenario(s.Source, s.Path)
		switch {
		case tc.err != "" && (sc != nil || !strings.Contains(fmt.Sprint(diags), tc.err)):
			t.Errorf("%s: %v %v; want an error %q", tc.id, sc, diags, tc.err)
		case tc.err == "" && (sc == nil || sc.Runbook.Title != tc.runbookTitle):
			t.Errorf("%s: %v %v; want it on %q", tc.id, sc, diags, tc.runbookTitle)
		}
	}
	// The shipped friday is shadowed, and drills what its runbook id
	// finds: the team's service-failure.
	for _, s := range cat.Scenarios() {
		if s.ID == "friday" && s.Source.Shipped() {
			sc, diags := cat.ValidateScenario(s.Source, s.Path)
			if !s.Shadowed || sc == nil || sc.Runbook.Title != "service-failure, work" {
				t.Errorf("shipped friday: shadowed %v, %v %v", s.Shadowed, sc, diags)
			}
		}
	}
	var ids []string
	for _, s := range cat.Scenarios() {
		ids = append(ids, s.ID)
		if s.Shadowed && s.ID == "ours" && s.Title != "ours again" {
			t.Errorf("the second ours shadowed is %q", s.Title)
		}
	}
	slices.Sort(ids)
	want := []string{"broken-sc", "by-path", "friday", "friday", "friday-by-path", "missing", "no-such", "on-broken", "on-broken-id", "on-cloud", "on-cloud-local", "ours", "ours"}
	if !slices.Equal(ids, want) {
		t.Errorf("scenarios %v; want %v", ids, want)
	}
	var broken []string
	for _, b := range cat.BrokenScenarios() {
		broken = append(broken, filepath.Base(b.Path)+":"+b.ID)
	}
	slices.Sort(broken)
	if want := []string{"no-id-yet.toml:", "unparsable.toml:unparsable"}; !slices.Equal(broken, want) {
		t.Errorf("broken %v; want %v", broken, want)
	}
	// A file that is not TOML at all is no scenario: the walk reports it.
	if failed := cat.Sets()[0].Failed; len(failed) != 2 || filepath.Base(failed[1]) != "not-toml.toml" {
		t.Errorf("failed files %v", failed)
	}
	if _, err := cat.Scenario("unparsable"); !errors.As(err, new(*BrokenError)) {
		t.Errorf("an unparsable scenario's id: %v", err)
	}
	// A scenario file named by its path resolves ids through the library.
	file := write(t, t.TempDir(), map[string]string{"x.toml": scenarioText("x", "x", "mine")})
	sc, diags := parseFile(t, cat, filepath.Join(file, "x.toml"))
	if sc == nil || sc.Runbook.Title != "mine, work" {
		t.Errorf("a scenario by path: %v %v", sc, diags)
	}
}

// A runbook file that scenarios name by path is loaded once per catalog.
func TestRunbookFileLoadedOnce(t *testing.T) {
	t.Parallel()
	dir := write(t, t.TempDir(), map[string]string{
		"rb.toml":       runbookText("rb", "rb"),
		"drills/a.toml": scenarioText("a", "a", "../rb.toml"),
		"drills/b.toml": scenarioText("b", "b", "../rb.toml"),
	})
	cat := New(Config{Dirs: dir, WorkDir: t.TempDir()}).Walk()
	a, _ := parseFile(t, cat, filepath.Join(dir, "drills", "a.toml"))
	b, _ := parseFile(t, cat, filepath.Join(dir, "drills", "b.toml"))
	if a == nil || b == nil || a.Runbook != b.Runbook {
		t.Errorf("loaded twice: %p %p", a.Runbook, b.Runbook)
	}
}

func TestIsPath(t *testing.T) {
	t.Parallel()
	for arg, want := range map[string]bool{
		"service-failure": false, "service-failure.toml": true, "./service-failure": true,
		"runbooks/x.toml": true, `runbooks\x`: true, "/abs/x": true, "x-1": false,
	} {
		if got := IsPath(arg); got != want {
			t.Errorf("IsPath(%q) = %v", arg, got)
		}
	}
}

// parseFile parses the scenario file at path as `shodo drill PATH` does.
func parseFile(t *testing.T, cat *Catalog, path string) (*drill.Scenario, runbook.Diagnostics) {
	t.Helper()
	return drill.LoadFile(path, cat.Resolver())
}

// countingFS counts how often each file is opened.
type countingFS struct {
	fs.FS
	mu    *sync.Mutex
	opens map[string]int
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

// A walk reads each file once, whatever is asked of it after: every
// runbook looked up, every scenario listed and validated against its
// runbook (by id and by path).
func TestWalkReadsEachFileOnce(t *testing.T) {
	t.Parallel()
	counting := countingFS{FS: shipped(), mu: &sync.Mutex{}, opens: map[string]int{}}
	cat := New(Config{Shipped: counting, WorkDir: t.TempDir()}).Walk()
	for _, r := range cat.Runbooks() {
		if _, err := cat.Runbook(r.ID); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		for _, s := range cat.Scenarios() {
			if sc, diags := cat.ValidateScenario(s.Source, s.Path); sc == nil {
				t.Fatalf("%s: %v", s.ID, diags)
			}
		}
	}
	for name, n := range counting.opens {
		if n != 1 && strings.HasSuffix(name, ".toml") {
			t.Errorf("%s read %d times; want once", name, n)
		}
	}
}

// A team that copies the shipped set into ./runbooks and edits a runbook
// drills the shipped scenarios, whose copies are the shipped ones, on its
// edited runbook.
func TestCopiedSetDrillsTheTeamsRunbook(t *testing.T) {
	t.Parallel()
	files := map[string]string{}
	for name, f := range shipped() {
		files[name] = string(f.Data)
	}
	files["service-failure.toml"] = runbookText("service-failure", "service-failure, our contacts")
	cat := world{work: files}.library(t).Walk()
	var got []string
	for _, r := range cat.Runbooks() {
		got = append(got, fmt.Sprintf("%s@%v shadowed=%v", r.ID, r.Source.Kind, r.Shadowed))
	}
	want := []string{"service-failure@workdir shadowed=false", "cloud-outage@shipped shadowed=false", "service-failure@shipped shadowed=true"}
	if !slices.Equal(got, want) {
		t.Errorf("runbooks %v; want %v", got, want)
	}
	s, err := cat.Scenario("friday")
	if err != nil || !s.Source.Shipped() {
		t.Fatalf("friday: %v from %v; want the shipped one (the local file is a copy)", err, s.Source)
	}
	if sc, diags := cat.ValidateScenario(s.Source, s.Path); sc == nil || sc.Runbook.Title != "service-failure, our contacts" {
		t.Errorf("friday drills %v (%v); want the team's edition", sc, diags)
	}
}
