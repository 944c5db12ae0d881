package library

import (
	"io/fs"
	"os"
	"slices"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// DistinctSets returns what each source holds, as Sets does, less the
// files that are not sources of their own: a local runbook, fragment or
// scenario that is a byte-for-byte copy of a shipped one (the ./runbooks
// of a clone of shodo), and a file reached a second time through
// overlapping directories. What is left is what `shodo validate` checks
// and counts, so that a clone of shodo reports each runbook once and not
// once as shipped and once as its copy. The diagnostics of a file left out
// are left out with it: the shipped original has the same ones.
func (c *Catalog) DistinctSets() []SourceSet {
	var shipped runbook.Set
	for _, s := range c.sets {
		if s.Source.Shipped() {
			shipped = s.Set
		}
	}
	shippedText := map[string]bool{} // every shipped file's bytes, runbooks' includes among them
	for _, rb := range shipped.Runbooks {
		for _, src := range rb.Sources {
			shippedText[src.Text] = true
		}
	}
	if c.lib.shipped != nil {
		for _, name := range append(slices.Clone(shipped.Fragments), shipped.Scenarios...) {
			if b, err := fs.ReadFile(c.lib.shipped, name); err == nil {
				shippedText[string(b)] = true
			}
		}
	}
	isCopy := func(name string) bool {
		b, err := os.ReadFile(name)
		return err == nil && shippedText[string(b)]
	}

	seen := map[string]bool{}
	firstTime := func(name string) bool {
		key := absPath(name)
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	out := make([]SourceSet, 0, len(c.sets))
	for _, s := range c.sets {
		if s.Source.Shipped() {
			out = append(out, s)
			continue
		}
		d := s // the copy keeps the walk's decoded files, for ScenarioDocument
		d.Runbooks, d.Fragments, d.Scenarios, d.Failed, d.Diagnostics = nil, nil, nil, nil, nil
		dropped := map[string]bool{}
		keep := func(name string, copied bool) bool {
			if copied || !firstTime(name) {
				dropped[name] = true
				return false
			}
			return true
		}
		distinct := runbook.WithoutCopies(s.Runbooks, shipped.Runbooks)
		for _, rb := range s.Runbooks {
			if keep(rb.Path, !slices.Contains(distinct, rb)) {
				d.Runbooks = append(d.Runbooks, rb)
			}
		}
		for _, name := range s.Fragments {
			if keep(name, isCopy(name)) {
				d.Fragments = append(d.Fragments, name)
			}
		}
		for _, name := range s.Scenarios {
			if keep(name, isCopy(name)) {
				d.Scenarios = append(d.Scenarios, name)
			}
		}
		for _, name := range s.Failed {
			if keep(name, false) {
				d.Failed = append(d.Failed, name)
			}
		}
		for _, diag := range s.Diagnostics {
			if !dropped[diag.Pos.File] {
				d.Diagnostics = append(d.Diagnostics, diag)
			}
		}
		out = append(out, d)
	}
	return out
}
