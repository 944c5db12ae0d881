package drill

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// NewResolver returns the Resolver a CLI uses. A reference that looks like a
// path (it holds a slash or ends in .toml) names a runbook file relative to
// the scenario: on disk when files is nil, else inside files (the embedded
// scenarios). Anything else is the id of a runbook in shipped. Each runbook
// is loaded once per resolver, so a directory of scenarios on one runbook
// loads it once.
func NewResolver(shipped, files fs.FS, opt runbook.Options) Resolver {
	r := &resolver{shipped: shipped, files: files, opt: opt, cache: map[string]resolved{}}
	return r.resolve
}

type resolved struct {
	rb    *runbook.Runbook
	diags runbook.Diagnostics
	err   error
}

type resolver struct {
	shipped, files fs.FS
	opt            runbook.Options

	mu    sync.Mutex
	cache map[string]resolved // "id:…" or "path:…"
	ids   map[string]string   // shipped id → its path in shipped; nil until needed
}

func (r *resolver) resolve(ref, from string) (*runbook.Runbook, runbook.Diagnostics, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := "id:" + ref
	isPath := strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".toml")
	var target string
	if isPath {
		if r.files != nil {
			target = path.Join(path.Dir(from), ref)
		} else {
			target = filepath.Join(filepath.Dir(from), filepath.FromSlash(ref))
			if filepath.IsAbs(ref) {
				target = ref
			}
		}
		key = "path:" + target
	}
	if c, ok := r.cache[key]; ok {
		return c.rb, c.diags, c.err
	}
	var c resolved
	switch {
	case isPath && r.files != nil:
		c.rb, c.diags = runbook.LoadFS(r.files, target, r.opt)
		if c.rb == nil {
			c.err = runbook.NewProblem(msgFileDoesNotLoad.With(runbook.Plain("File", target)), nil)
		}
	case isPath:
		if _, err := os.Stat(target); errors.Is(err, fs.ErrNotExist) {
			c.err = runbook.NewProblem(msgFileMissing.With(runbook.Plain("File", target)), nil)
			break
		}
		c.rb, c.diags = runbook.LoadFile(target, r.opt)
		if c.rb == nil {
			c.err = runbook.NewProblem(msgFileFails.With(runbook.Plain("File", target)), nil)
		}
	default:
		c = r.byID(ref)
	}
	r.cache[key] = c
	return c.rb, c.diags, c.err
}

// byID loads the shipped runbook with the given id.
func (r *resolver) byID(id string) resolved {
	// Shipped runbooks are named after their ids: try that file before
	// loading the whole set to find the id.
	if r.shipped != nil && scenarioIDPattern.MatchString(id) {
		if rb, diags := runbook.LoadFS(r.shipped, id+".toml", r.opt); rb != nil && rb.ID == id {
			return resolved{rb: rb, diags: diags}
		}
	}
	if r.ids == nil {
		r.ids = map[string]string{}
		if r.shipped != nil {
			for _, rb := range runbook.LoadSetFS(r.shipped, runbook.Options{}).Runbooks {
				r.ids[rb.ID] = rb.Path
			}
		}
	}
	p, ok := r.ids[id]
	if !ok {
		known := make([]string, 0, len(r.ids))
		for k := range r.ids {
			known = append(known, k)
		}
		hint := runbook.DidYouMean(id, known)
		if hint.ID == "" {
			hint = msgHintLocalPath.With(runbook.Plain("ID", id))
		}
		return resolved{err: runbook.NewProblem(msgNoShippedRunbook.With(runbook.Quoted("ID", id), runbook.Part("Hint", hint)), nil)}
	}
	rb, diags := runbook.LoadFS(r.shipped, p, r.opt)
	if rb == nil {
		return resolved{diags: diags, err: runbook.NewProblem(msgShippedFails.With(runbook.Plain("ID", id)), nil)}
	}
	return resolved{rb: rb, diags: diags}
}
