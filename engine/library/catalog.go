package library

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Runbook is a runbook the library found, and where.
type Runbook struct {
	*runbook.Runbook
	Source Source
	// Shadowed is set when a source of higher precedence claims the same
	// id: its runbook is the one an id finds, not this one.
	Shadowed bool
}

// Scenario is a drill scenario the library found, and where.
type Scenario struct {
	// Scenario is the scenario as parsed: checked against its runbook
	// (Runbook is set) when it validates, else parsed on its own (Runbook
	// is nil; Catalog.ValidateScenario says what is wrong).
	*drill.Scenario
	Source Source
	// Shadowed is set when a source of higher precedence claims the same
	// id.
	Shadowed bool
}

// Broken is a runbook or scenario file a walk found that cannot be used.
// When it declares an id, it still claims it: the id finds a BrokenError.
type Broken struct {
	What   What
	Path   string
	Source Source
	ID     string // empty when the file declares none
}

// SourceSet is what the walk of one source found, as runbook.Set reports
// it: runbooks, fragments, scenario files, failed files, diagnostics.
type SourceSet struct {
	Source Source
	runbook.Set
}

// claim is the entry an id finds: a usable one, or a broken file (index
// is then into the broken files).
type claim struct {
	index  int
	broken bool
}

// Catalog is what one walk of a library found. Its methods are safe for
// concurrent use.
type Catalog struct {
	lib  *Library
	sets []SourceSet // in precedence order; the shipped set, if any, last

	runbooks       []Runbook
	runbookClaims  map[string]claim
	brokenRunbooks []Broken

	scenarioOnce    sync.Once
	scenarios       []Scenario
	scenarioClaims  map[string]claim
	brokenScenarios []Broken
	validated       map[string]validation // by scenarioKey: each file parsed once

	mu    sync.Mutex
	files map[string]resolved // runbook files by fileKey: those the walk loaded, and those scenarios name by path
}

// validation is a scenario file parsed against its runbook.
type validation struct {
	sc    *drill.Scenario
	diags runbook.Diagnostics
}

// scenarioKey names a scenario file of a source.
func scenarioKey(src Source, name string) string {
	return src.Kind.String() + ":" + src.Dir + ":" + name
}

// resolved is a runbook file loaded for a scenario.
type resolved struct {
	rb    *runbook.Runbook
	diags runbook.Diagnostics
}

// Walk reads every source now: each directory once, each file decoded
// once, every runbook loaded and validated. Scenarios are parsed when
// first asked for.
func (l *Library) Walk() *Catalog {
	c := &Catalog{lib: l, runbookClaims: map[string]claim{}, files: map[string]resolved{}}
	var shipped runbook.Set
	if l.shipped != nil {
		shipped = runbook.LoadSetFS(l.shipped, l.load)
	}
	for _, d := range l.dirs {
		c.sets = append(c.sets, SourceSet{Source: d, Set: runbook.LoadPaths([]string{d.Dir}, l.load)})
	}
	if l.shipped != nil {
		c.sets = append(c.sets, SourceSet{Source: Source{Kind: FromShipped}, Set: shipped})
	}
	for _, s := range c.sets {
		// A scenario that names one of these by its path finds it here,
		// rather than loading it again.
		for _, rb := range s.Runbooks {
			c.files[fileKey(s.Source, rb.Path)] = resolved{rb: rb}
		}
	}
	seen := map[string]bool{} // files reached from two overlapping directories count once
	for _, s := range c.sets {
		rbs := s.Runbooks
		if !s.Source.Shipped() {
			rbs = runbook.WithoutCopies(rbs, shipped.Runbooks)
		}
		for _, rb := range rbs {
			if !s.Source.Shipped() {
				key := absPath(rb.Path)
				if seen[key] {
					continue
				}
				seen[key] = true
			}
			e := Runbook{Runbook: rb, Source: s.Source}
			if _, taken := c.runbookClaims[rb.ID]; taken {
				e.Shadowed = true
			} else {
				c.runbookClaims[rb.ID] = claim{index: len(c.runbooks)}
			}
			c.runbooks = append(c.runbooks, e)
		}
		for _, file := range s.Failed {
			id, ok := s.FailedIDs[file]
			if !ok || !s.Source.Shipped() && seen[absPath(file)] {
				continue
			}
			seen[absPath(file)] = true
			if _, taken := c.runbookClaims[id]; !taken {
				c.runbookClaims[id] = claim{index: len(c.brokenRunbooks), broken: true}
			}
			c.brokenRunbooks = append(c.brokenRunbooks, Broken{What: WhatRunbook, Path: file, Source: s.Source, ID: id})
		}
	}
	return c
}

// Sets returns what the walk found in each source, in precedence order.
func (c *Catalog) Sets() []SourceSet { return slices.Clone(c.sets) }

// Runbooks returns every runbook found, shadowed ones included, in
// precedence order: the sources from the highest, each in its walk order.
func (c *Catalog) Runbooks() []Runbook { return slices.Clone(c.runbooks) }

// Runbook returns the runbook an id finds. The error is an *UnknownIDError
// when no source has the id, a *BrokenError when the file that claims it
// has errors.
func (c *Catalog) Runbook(id string) (Runbook, error) {
	cl, ok := c.runbookClaims[id]
	switch {
	case !ok:
		return Runbook{}, newUnknownID(WhatRunbook, id, c.runbookIDs())
	case cl.broken:
		b := c.brokenRunbooks[cl.index]
		return Runbook{}, &BrokenError{What: WhatRunbook, ID: id, Path: b.Path, Source: b.Source}
	}
	return c.runbooks[cl.index], nil
}

// runbookIDs are the ids of the runbooks an id finds, in list order.
func (c *Catalog) runbookIDs() []string {
	var ids []string
	for _, r := range c.runbooks {
		if !r.Shadowed {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// Scenarios returns every scenario found, shadowed ones included, in
// precedence order, each validated against its runbook. Scenarios that do
// not even parse on their own are in BrokenScenarios instead.
func (c *Catalog) Scenarios() []Scenario {
	c.scenarioOnce.Do(c.parseScenarios)
	return slices.Clone(c.scenarios)
}

// BrokenScenarios returns the scenario files that do not parse on their
// own (their runbook aside), whether or not they declare an id.
func (c *Catalog) BrokenScenarios() []Broken {
	c.scenarioOnce.Do(c.parseScenarios)
	return slices.Clone(c.brokenScenarios)
}

// Scenario returns the scenario an id finds; ValidateScenario says
// whether it validates against its runbook, and why not. The error is an *UnknownIDError or a
// *BrokenError, as for Runbook.
func (c *Catalog) Scenario(id string) (Scenario, error) {
	c.scenarioOnce.Do(c.parseScenarios)
	cl, ok := c.scenarioClaims[id]
	switch {
	case !ok:
		var ids []string
		for _, s := range c.scenarios {
			if !s.Shadowed {
				ids = append(ids, s.ID)
			}
		}
		return Scenario{}, newUnknownID(WhatScenario, id, ids)
	case cl.broken:
		b := c.brokenScenarios[cl.index]
		return Scenario{}, &BrokenError{What: WhatScenario, ID: id, Path: b.Path, Source: b.Source}
	}
	return c.scenarios[cl.index], nil
}

// parseScenarios parses every scenario file of the walk, from the
// documents the walk decoded, against its runbook, and settles which one
// each id finds. A scenario that does not validate is parsed again on its
// own, for its id and title.
func (c *Catalog) parseScenarios() {
	c.scenarioClaims = map[string]claim{}
	c.validated = map[string]validation{}
	shipped := map[string]bool{} // hashes of the shipped scenarios, to tell local copies
	for _, s := range c.sets {
		if s.Source.Shipped() {
			for _, name := range s.Scenarios {
				if doc, ok := s.ScenarioDocument(name); ok {
					shipped[sourceHash(doc.Source())] = true
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, s := range c.sets {
		for _, name := range s.Scenarios {
			doc, ok := s.ScenarioDocument(name)
			if !ok {
				continue // a walk lists as scenarios only files it decoded
			}
			if !s.Source.Shipped() {
				if seen[absPath(name)] || shipped[sourceHash(doc.Source())] {
					continue // reached twice, or a copy of a shipped scenario
				}
				seen[absPath(name)] = true
			}
			sc, diags := drill.ParseDocument(doc, c.resolver(s.Source))
			c.validated[scenarioKey(s.Source, name)] = validation{sc: sc, diags: diags}
			if sc == nil {
				doc, _ = s.ScenarioDocument(name) // a fresh one: the first holds its diagnostics
				sc, _ = drill.ParseDocument(doc, nil)
			}
			if sc == nil {
				b := Broken{What: WhatScenario, Path: name, Source: s.Source}
				if id, ok := doc.Root().Raw("id"); ok {
					b.ID, _ = id.(string)
				}
				if _, taken := c.scenarioClaims[b.ID]; b.ID != "" && !taken {
					c.scenarioClaims[b.ID] = claim{index: len(c.brokenScenarios), broken: true}
				}
				c.brokenScenarios = append(c.brokenScenarios, b)
				continue
			}
			e := Scenario{Scenario: sc, Source: s.Source}
			if _, taken := c.scenarioClaims[sc.ID]; taken {
				e.Shadowed = true
			} else {
				c.scenarioClaims[sc.ID] = claim{index: len(c.scenarios)}
			}
			c.scenarios = append(c.scenarios, e)
		}
	}
}

// sourceHash is the hash by which a local scenario is known as a copy of a
// shipped one: drill.Scenario.SHA256 of the same bytes.
func sourceHash(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

// File returns the file that claims an id as a runbook or scenario, and
// its source, whether or not it is usable: what validating an id checks.
// The error is an *UnknownIDError.
func (c *Catalog) File(what What, id string) (Source, string, error) {
	var src Source
	var file string
	var err error
	if what == WhatScenario {
		var s Scenario
		if s, err = c.Scenario(id); err == nil {
			src, file = s.Source, s.Path
		}
	} else {
		var r Runbook
		if r, err = c.Runbook(id); err == nil {
			src, file = r.Source, r.Path
		}
	}
	if broken, ok := errors.AsType[*BrokenError](err); ok {
		return broken.Source, broken.Path, nil
	}
	return src, file, err
}

// ValidateScenario returns the scenario file name of the source src (a
// Scenario's Path, a Broken's, or a file of a SourceSet) checked against
// its runbook, with its diagnostics: a runbook id finds what Runbook
// finds, a path is relative to the scenario file. Each file is parsed once
// per catalog, from the document the walk decoded; callers share the
// result and must not change it. The scenario is nil when any diagnostic
// is an error.
func (c *Catalog) ValidateScenario(src Source, name string) (*drill.Scenario, runbook.Diagnostics) {
	c.scenarioOnce.Do(c.parseScenarios)
	if v, ok := c.validated[scenarioKey(src, name)]; ok {
		return v.sc, v.diags
	}
	for _, s := range c.sets {
		if s.Source != src {
			continue
		}
		if doc, ok := s.ScenarioDocument(name); ok {
			return drill.ParseDocument(doc, c.resolver(src))
		}
	}
	return nil, runbook.Diagnostics{{Pos: runbook.Pos{File: name}, Severity: runbook.Error, Code: msgNotInWalk.Code,
		Message: msgNotInWalk.With(runbook.Plain("File", name))}}
}

// ValidateRunbook loads the runbook file name of the source src on its own
// and returns everything loading reports, warnings included. The runbook
// is nil when any diagnostic is an error.
func (c *Catalog) ValidateRunbook(src Source, name string) (*runbook.Runbook, runbook.Diagnostics) {
	if src.Shipped() {
		return runbook.LoadFS(c.lib.shipped, name, c.lib.load)
	}
	return c.lib.RunbookFile(name)
}

// Resolver returns the resolver for scenario files named by their path on
// disk (`shodo drill ./x.toml`, `shodo test DIR`): a runbook id finds what
// Runbook finds; a path is relative to the scenario file. Each runbook file
// is loaded once per catalog.
func (c *Catalog) Resolver() drill.Resolver { return c.resolver(Source{Kind: FromPath}) }

func (c *Catalog) resolver(src Source) drill.Resolver {
	return func(ref, from string) (*runbook.Runbook, runbook.Diagnostics, error) {
		rb, diags, err := c.resolve(src, ref, from)
		if e, ok := err.(interface{ Msg() runbook.Msg }); ok {
			// The scenario's diagnostic says why in the reader's language;
			// errors.As still finds the typed error inside.
			return nil, diags, runbook.NewProblem(e.Msg(), err)
		}
		return rb, diags, err
	}
}

// resolve finds the runbook a scenario of src names. The error is an
// *UnknownIDError, a *BrokenError or a *MissingFileError.
func (c *Catalog) resolve(src Source, ref, from string) (*runbook.Runbook, runbook.Diagnostics, error) {
	if IsPath(ref) {
		return c.runbookFile(src, ref, from)
	}
	r, err := c.Runbook(ref)
	var broken *BrokenError
	if errors.As(err, &broken) {
		// Its own errors, for the scenario's diagnostics.
		_, diags := c.loadOnce(fileKey(broken.Source, broken.Path), func() (*runbook.Runbook, runbook.Diagnostics) {
			return c.ValidateRunbook(broken.Source, broken.Path)
		})
		return nil, diags, err
	}
	if err != nil {
		return nil, nil, err
	}
	return r.Runbook, nil, nil
}

// runbookFile loads the runbook file a scenario names by its path,
// relative to the scenario: inside the shipped runbooks for a shipped
// scenario, on disk for any other.
func (c *Catalog) runbookFile(src Source, ref, from string) (*runbook.Runbook, runbook.Diagnostics, error) {
	var rb *runbook.Runbook
	var diags runbook.Diagnostics
	var target string
	if src.Shipped() {
		target = path.Join(path.Dir(from), ref)
		rb, diags = c.loadOnce(fileKey(src, target), func() (*runbook.Runbook, runbook.Diagnostics) {
			return runbook.LoadFS(c.lib.shipped, target, c.lib.load)
		})
	} else {
		target = filepath.FromSlash(ref)
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(from), target)
		}
		if _, err := os.Stat(target); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, &MissingFileError{Path: target}
		}
		src = Source{Kind: FromPath}
		rb, diags = c.loadOnce(fileKey(src, target), func() (*runbook.Runbook, runbook.Diagnostics) {
			return runbook.LoadFile(target, c.lib.load)
		})
	}
	if rb == nil {
		return nil, diags, &BrokenError{What: WhatRunbook, Path: target, Source: src}
	}
	return rb, diags, nil
}

// fileKey names a runbook file of a source for Catalog.files: a path in
// the shipped runbooks, or a file on disk, whichever directory it was
// reached from.
func fileKey(src Source, file string) string {
	if src.Shipped() {
		return "shipped:" + path.Clean(file)
	}
	return "disk:" + absPath(file)
}

// loadOnce loads a runbook file once per catalog, under key: a directory
// of scenarios on one runbook loads it once.
func (c *Catalog) loadOnce(key string, load func() (*runbook.Runbook, runbook.Diagnostics)) (*runbook.Runbook, runbook.Diagnostics) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.files[key]; ok {
		return r.rb, r.diags
	}
	var r resolved
	r.rb, r.diags = load()
	c.files[key] = r
	return r.rb, r.diags
}
