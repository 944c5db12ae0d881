package library

import (
	"encoding/json"
	"io/fs"
	"maps"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// TestShippedIndex keeps runbooks/index.json what a walk of the shipped
// runbooks offers: after a change to a shipped runbook or scenario, run
// `go test ./engine/library -run TestShippedIndex -update`.
func TestShippedIndex(t *testing.T) {
	got, err := ShippedIndex(runbooks.FS)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("..", "..", "runbooks", IndexFile), got)
}

// withIndex returns fsys with the index of its own files.
func withIndex(t *testing.T, fsys fstest.MapFS) fstest.MapFS {
	t.Helper()
	b, err := ShippedIndex(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fsys[IndexFile] = &fstest.MapFile{Data: b}
	return fsys
}

// files returns the files of fsys as text, by path, with more added or
// replacing them.
func files(fsys fstest.MapFS, more ...map[string]string) map[string]string {
	out := map[string]string{}
	for name, f := range fsys {
		out[name] = string(f.Data)
	}
	for _, m := range more {
		maps.Copy(out, m)
	}
	return out
}

// TestOffersAsWalked: what the home screen lists is the same whether the
// index answers or the library is walked, examples shown or hidden, with
// and without a team's runbooks — and a shipped set whose files changed
// after its index was written is walked, as is a ./runbooks that is not
// exactly a copy of the shipped set.
func TestOffersAsWalked(t *testing.T) {
	stale := withIndex(t, shipped())
	stale["service-failure.toml"] = &fstest.MapFile{Data: []byte(runbookText("service-failure", "service-failure, edited"))}
	broken := withIndex(t, shipped())
	broken["drills/friday.toml"] = &fstest.MapFile{Data: []byte(scenarioText("friday", "friday, shipped", "no-such-runbook"))}
	broken = withIndex(t, broken)
	cases := []struct {
		name      string
		shipped   fs.FS
		team      map[string]string // files of ./runbooks, none if nil
		fromIndex bool
	}{
		{name: "the shipped runbooks", shipped: runbooks.FS, fromIndex: true},
		{name: "a small shipped set", shipped: withIndex(t, shipped()), fromIndex: true},
		{name: "a shipped scenario that does not validate", shipped: broken, fromIndex: true},
		{name: "an index older than its files", shipped: stale},
		{name: "no index", shipped: shipped()},
		{name: "a clone's ./runbooks: the shipped files", shipped: withIndex(t, shipped()), team: files(withIndex(t, shipped())), fromIndex: true},
		{name: "the shipped files and one of the team's", shipped: withIndex(t, shipped()), team: files(withIndex(t, shipped()), map[string]string{
			"ours.toml": runbookText("ours", "ours, team"),
		})},
		{name: "the shipped files, one of them edited", shipped: withIndex(t, shipped()), team: files(shipped(), map[string]string{
			"drills/friday.toml": scenarioText("friday", "friday, team", "service-failure"),
		})},
		{name: "a team's runbook shadows a shipped one", shipped: withIndex(t, shipped()), team: map[string]string{
			"service-failure.toml": runbookText("service-failure", "service-failure, team"),
			"broken.toml":          brokenRunbook("broken"),
		}},
	}
	for _, tc := range cases {
		for _, hide := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				work := t.TempDir()
				if tc.team != nil {
					write(t, filepath.Join(work, WorkDirName), tc.team)
				}
				lib := New(Config{Shipped: tc.shipped, WorkDir: work})
				got, cat := lib.Offers(hide)
				if fromIndex := cat == nil; fromIndex != tc.fromIndex {
					t.Errorf("answered from the index: %v, want %v", fromIndex, tc.fromIndex)
				}
				want := lib.Walk().Offers(hide)
				if !reflect.DeepEqual(got, want) {
					g, _ := json.MarshalIndent(got, "", "  ")
					w, _ := json.MarshalIndent(want, "", "  ")
					t.Errorf("hide examples %v: offers\n%s\nwant (walked)\n%s", hide, g, w)
				}
				if !hide && len(want.Runbooks) == 0 {
					t.Error("nothing offered: the case tests nothing")
				}
			})
		}
	}
}

// TestListedAsWalked: the index lists every runbook and scenario a walk
// finds — ids in order, version, review date, a scenario's runbook as
// written — only when it can answer for all of them: not when a shipped
// scenario does not validate (Offers leaves it out; a list shows it), nor
// when the index is stale or a team's runbooks change what is found.
func TestListedAsWalked(t *testing.T) {
	stale := withIndex(t, shipped())
	stale["service-failure.toml"] = &fstest.MapFile{Data: []byte(runbookText("service-failure", "service-failure, edited"))}
	broken := withIndex(t, shipped())
	broken["drills/friday.toml"] = &fstest.MapFile{Data: []byte(scenarioText("friday", "friday, shipped", "no-such-runbook"))}
	broken = withIndex(t, broken)
	cases := []struct {
		name   string
		fsys   fs.FS
		team   map[string]string // files of ./runbooks, none if nil
		listed bool
	}{
		{name: "the shipped runbooks", fsys: runbooks.FS, listed: true},
		{name: "a clone's ./runbooks: the shipped files", fsys: withIndex(t, shipped()), team: files(withIndex(t, shipped())), listed: true},
		{name: "a shipped scenario that does not validate", fsys: broken},
		{name: "an index older than its files", fsys: stale},
		{name: "a team's runbook shadows a shipped one", fsys: withIndex(t, shipped()), team: map[string]string{
			"service-failure.toml": runbookText("service-failure", "service-failure, team"),
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			if tc.team != nil {
				write(t, filepath.Join(work, WorkDirName), tc.team)
			}
			lib := New(Config{Shipped: tc.fsys, WorkDir: work})
			got, ok := lib.Listed()
			if ok != tc.listed {
				t.Fatalf("listed from the index: %v, want %v", ok, tc.listed)
			}
			if !ok {
				return
			}
			cat := lib.Walk()
			var want Offers
			for _, r := range cat.Runbooks() {
				want.Runbooks = append(want.Runbooks, Offer{ID: r.ID, Lang: r.Lang, Version: r.Version, Reviewed: ReviewedDate(r.Reviewed), Source: r.Source})
				if r.Shadowed {
					t.Errorf("the walk shadows runbook %s: the index cannot say so", r.ID)
				}
			}
			for _, s := range cat.Scenarios() {
				want.Scenarios = append(want.Scenarios, Offer{ID: s.ID, Lang: s.Lang, RunbookRef: s.RunbookRef, Source: s.Source})
				if s.Shadowed {
					t.Errorf("the walk shadows scenario %s: the index cannot say so", s.ID)
				}
			}
			// What a list shows of each: the rest is TestOffersAsWalked's.
			for _, o := range []*[]Offer{&got.Runbooks, &got.Scenarios} {
				for i, x := range *o {
					(*o)[i] = Offer{ID: x.ID, Lang: x.Lang, Version: x.Version, Reviewed: x.Reviewed, RunbookRef: x.RunbookRef, Source: x.Source}
				}
			}
			if !reflect.DeepEqual(got.Runbooks, want.Runbooks) || !reflect.DeepEqual(got.Scenarios, want.Scenarios) {
				g, _ := json.MarshalIndent(got, "", "  ")
				w, _ := json.MarshalIndent(want, "", "  ")
				t.Errorf("listed\n%s\nwant (walked)\n%s", g, w)
			}
		})
	}
}
