package runbook

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Set is what a walk over runbook files found.
type Set struct {
	Runbooks []*Runbook
	// Fragments are files that hold only shared roles, parties, milestones
	// and ranks for others to include.
	Fragments []string
	// Scenarios are drill scenario files (they have a `runbook` key); the
	// drill package validates them.
	Scenarios []string
	// Failed are the files that could not be used: unreadable, not TOML,
	// or runbooks with errors (in themselves or in what they include).
	Failed []string
	// FailedIDs maps each failed runbook file that names its id to that
	// id, so that a lookup by id can say that the runbook exists but does
	// not load, rather than that there is none.
	FailedIDs   map[string]string
	Diagnostics Diagnostics

	cache decodeCache // each file of the walk decoded once
}

// fileKind tells a runbook from an include-only fragment and a drill scenario.
type fileKind int

const (
	kindRunbook fileKind = iota
	kindFragment
	kindScenario
)

func classify(tree map[string]any) fileKind {
	// Keys only a drill scenario has: one of them makes a file a
	// scenario, so a scenario missing its `runbook` key is still checked
	// as a scenario.
	for _, k := range []string{"runbook", "injects", "steps", "expect", "objectives", "speed"} {
		if _, ok := tree[k]; ok {
			return kindScenario
		}
	}
	// A file is a fragment unless it has something only a runbook has; a
	// typo in a fragment is then reported as an unknown key, not as a
	// runbook missing its id.
	for k := range tree {
		if slices.Contains(runbookKeys, k) && !slices.Contains(fragmentKeys, k) {
			return kindRunbook
		}
	}
	return kindFragment
}

// LoadPaths loads every *.toml file under the given files and directories.
func LoadPaths(paths []string, opt Options) Set {
	var set Set
	var found []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			set.Diagnostics = append(set.Diagnostics, ReadError(p, err))
			continue
		}
		if !st.IsDir() {
			found = append(found, p)
			continue
		}
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && name != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(name, ".toml") {
				found = append(found, name)
			}
			return nil
		})
		if err != nil {
			set.Diagnostics = append(set.Diagnostics, Diagnostic{Pos: Pos{File: p}, Severity: Error, Code: msgCannotWalk.Code,
				Message: msgCannotWalk.With(Plain("Path", p), External("Reason", err.Error()))})
		}
	}
	walk := make([]walked, 0, len(found))
	for _, name := range found {
		walk = append(walk, walked{diskFiles{dir: filepath.Dir(name)}, filepath.Base(name)})
	}
	set.addAll(walk, opt)
	set.finish()
	return set
}

// LoadSetFS loads every *.toml file of fsys, as LoadPaths does on disk.
func LoadSetFS(fsys fs.FS, opt Options) Set {
	var set Set
	var walk []walked
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(name, ".toml") {
			walk = append(walk, walked{fsFiles{fsys: fsys, dir: path.Dir(name)}, path.Base(name)})
		}
		return nil
	})
	set.addAll(walk, opt)
	set.finish()
	return set
}

// walked is one file a walk found: where to read it, and its name there.
type walked struct {
	fl  files
	rel string
}

// addAll classifies and loads the files a walk found, in the walk's
// order. Decoding (the TOML decoder) is most of a load and needs nothing
// but the file, so every file is decoded first, side by side on every
// core; classifying and loading then read the decoded files from the
// cache, one after another, exactly as before.
func (s *Set) addAll(walk []walked, opt Options) {
	if s.cache == nil {
		s.cache = decodeCache{}
	}
	s.cache.decodeAll(walk)
	for _, w := range walk {
		s.add(w.fl, w.rel, opt)
	}
}

// add classifies one file and loads it as what it is.
func (s *Set) add(fl files, rel string, opt Options) {
	if s.cache == nil {
		s.cache = decodeCache{}
	}
	d, err := s.cache.get(fl, rel)
	if err != nil || d.file == nil {
		// load reports a read error, or what decoding found, in its usual
		// words.
		_, diags := load(fl, rel, opt, s.cache)
		s.Diagnostics = append(s.Diagnostics, diags...)
		s.Failed = append(s.Failed, fl.display(rel))
		return
	}
	switch classify(d.tree) {
	case kindScenario:
		s.Scenarios = append(s.Scenarios, fl.display(rel))
	case kindFragment:
		s.Fragments = append(s.Fragments, fl.display(rel))
		s.Diagnostics = append(s.Diagnostics, loadFragment(fl, rel, opt, s.cache)...)
	default:
		rb, diags := load(fl, rel, opt, s.cache)
		s.Diagnostics = append(s.Diagnostics, diags...)
		if rb != nil {
			s.Runbooks = append(s.Runbooks, rb)
			return
		}
		s.Failed = append(s.Failed, fl.display(rel))
		if id, ok := d.tree["id"].(string); ok && id != "" {
			if s.FailedIDs == nil {
				s.FailedIDs = map[string]string{}
			}
			s.FailedIDs[fl.display(rel)] = id
		}
	}
}

// ScenarioDocument returns the scenario file name (one of s.Scenarios) as
// the walk decoded it, so that parsing it does not decode it again. Each
// call returns a document of its own, for one parse.
func (s Set) ScenarioDocument(name string) (*Document, bool) {
	d, ok := s.cache[name]
	if !ok || d.file == nil || !slices.Contains(s.Scenarios, name) {
		return nil, false
	}
	return &Document{file: d.file, tree: d.tree, r: &reporter{}}, true
}

// loadFragment checks an include-only file on its own: its structure, its
// roles and its review date. References from its duties are checked where
// it is included, since they may name what the includer defines.
func loadFragment(fl files, rel string, opt Options, cache decodeCache) Diagnostics {
	ld := &loader{files: fl, rb: &Runbook{}, loaded: map[string]bool{rel: true}, defined: map[string]definition{}, stack: []string{rel}, cache: cache}
	f, tree := ld.readFile(rel, nil)
	if f != nil {
		root := obj{loc: loc{file: f}, m: tree, r: &ld.r}
		checkFormat(root)
		root.allow(subjectFixed(&msgWhatFragment), fragmentKeys...)
		c := parseShared(root)
		frag, duties := parseFragment(root, fl.display(rel))
		ld.includes(rel, c)
		ld.merge(c)
		if !ld.r.diags.HasErrors() {
			ld.rb.buildIndex()
			v := validator{rb: ld.rb}
			v.roles()
			if !opt.Now.IsZero() {
				v.fragmentReview(frag, opt, slices.ContainsFunc(duties, func(d *Duty) bool { return d.Legal }))
			}
			ld.r.diags = append(ld.r.diags, v.r.diags...)
		}
	}
	return ld.r.diags
}

// finish reports runbook ids used twice in the set and sorts everything.
func (s *Set) finish() {
	first := map[string]*Runbook{}
	for _, rb := range s.Runbooks {
		if other, dup := first[rb.ID]; dup {
			s.Diagnostics = append(s.Diagnostics, Diagnostic{Pos: rb.at.pos("id"), Severity: Error, Code: msgDuplicateRunbook.Code,
				Message: msgDuplicateRunbook.With(Quoted("ID", rb.ID), Plain("At", other.at.pos("id").String()))})
			continue
		}
		first[rb.ID] = rb
	}
	s.Diagnostics = s.Diagnostics.Sort()
}

// WithoutCopies returns the runbooks of local that are not byte-for-byte
// copies of one in shipped (same id, same files). Run from a checkout of
// shodo, ./runbooks holds the shipped runbooks themselves: they are offered
// once, as shipped.
func WithoutCopies(local, shipped []*Runbook) []*Runbook {
	var out []*Runbook
	for _, rb := range local {
		if !slices.ContainsFunc(shipped, func(s *Runbook) bool { return sameSources(rb, s) }) {
			out = append(out, rb)
		}
	}
	return out
}

func sameSources(a, b *Runbook) bool {
	if a.ID != b.ID || len(a.Sources) != len(b.Sources) {
		return false
	}
	for i := range a.Sources {
		if a.Sources[i] != b.Sources[i] {
			return false
		}
	}
	return true
}
