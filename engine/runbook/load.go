package runbook

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune loading and validation.
type Options struct {
	// Now is the moment against which the age of `reviewed` is judged.
	// The zero time skips that check.
	Now time.Time
}

// files is where a loader reads a runbook and its includes from. Names are
// slash paths relative to the directory of the top runbook.
type files interface {
	read(rel string) ([]byte, error)
	display(rel string) string
	// escapes reports an error when rel, included from a file in fromDir,
	// resolves outside fromDir (through a symlink).
	escapes(fromDir, rel string) error
}

// errTooLarge is returned by files.read for a file over MaxFileSize.
type errTooLarge struct{ size int64 }

func (e errTooLarge) Error() string { return fmt.Sprintf("file is %d bytes", e.size) }

// errNotRegular is returned by files.read for a directory, a device, a
// FIFO or a socket: shodo reads only regular files.
type errNotRegular struct {
	path string
	mode fs.FileMode
}

func (e errNotRegular) Error() string { return e.path + ": not a regular file" }

// Msg words the refusal.
func (e errNotRegular) Msg() Msg {
	return msgNotRegular.With(Plain("File", e.path), Part("Kind", specialKind(e.mode)))
}

// specialKind names what a file that is not a regular one is.
func specialKind(m fs.FileMode) Msg {
	switch {
	case m.IsDir():
		return msgFileDirectory.With()
	case m&fs.ModeNamedPipe != 0:
		return msgFileFIFO.With()
	case m&fs.ModeSocket != 0:
		return msgFileSocket.With()
	case m&fs.ModeDevice != 0:
		return msgFileDevice.With()
	}
	return msgFileOther.With()
}

// errSymlinkEscape is returned by files.escapes for an include that a
// symlink takes outside the including file's directory.
type errSymlinkEscape struct{ target, dir string }

func (e errSymlinkEscape) Error() string {
	return fmt.Sprintf("it resolves to %s, outside %s, through a symlink", e.target, e.dir)
}

// diskFiles reads from a directory on disk.
type diskFiles struct{ dir string }

func (d diskFiles) full(rel string) string { return filepath.Join(d.dir, filepath.FromSlash(rel)) }

func (d diskFiles) display(rel string) string { return d.full(rel) }

// read opens rel without blocking (a FIFO where a runbook should be would
// otherwise hang list, validate, test and the home screen until something
// wrote to it) and reads it only if it is a regular file. A symlink is
// followed, so a runbook directory may be made of links into a checkout;
// what it points to must still be a regular file, and an include may not
// leave its directory through one (escapes).
func (d diskFiles) read(rel string) ([]byte, error) { return readRegular(d.full(rel), true) }

// ReadRegular reads the file at path as shodo reads every runbook and
// scenario: opened without blocking, refused unless it is a regular file
// (ReadError words the refusal), and read to at most MaxFileSize bytes and
// one more, so that a parser reports an oversized file rather than reading
// it all.
func ReadRegular(path string) ([]byte, error) { return readRegular(path, false) }

// readRegular is ReadRegular; refuseLarge refuses a file over MaxFileSize
// before reading it (errTooLarge), for a loader that reports the size
// itself.
func readRegular(path string, refuseLarge bool) ([]byte, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errNotRegular{path, st.Mode()}
	}
	if refuseLarge && st.Size() > MaxFileSize {
		return nil, errTooLarge{st.Size()}
	}
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

func (d diskFiles) escapes(fromDir, rel string) error {
	base, err := filepath.EvalSymlinks(d.full(fromDir))
	if err != nil {
		return err
	}
	target, err := filepath.EvalSymlinks(d.full(rel))
	if err != nil {
		return err
	}
	r, err := filepath.Rel(base, target)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return errSymlinkEscape{target: target, dir: base}
	}
	return nil
}

// fsFiles reads from an fs.FS (the embedded runbooks); an fs.FS has no
// symlinks to escape through.
type fsFiles struct {
	fsys fs.FS
	dir  string // directory of the top runbook inside fsys
}

func (f fsFiles) display(rel string) string { return path.Join(f.dir, rel) }

func (f fsFiles) read(rel string) ([]byte, error) {
	b, err := fs.ReadFile(f.fsys, path.Join(f.dir, rel))
	if err == nil && len(b) > MaxFileSize {
		return nil, errTooLarge{int64(len(b))}
	}
	return b, err
}

func (fsFiles) escapes(string, string) error { return nil }

// memFiles reads the sources embedded in an incident.
type memFiles map[string]string

func (m memFiles) display(rel string) string { return rel }

func (m memFiles) read(rel string) ([]byte, error) {
	s, ok := m[rel]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return []byte(s), nil
}

func (memFiles) escapes(string, string) error { return nil }

// LoadFile loads the runbook at path, with its includes, from disk. The
// runbook is nil when any diagnostic is an error.
func LoadFile(file string, opt Options) (*Runbook, Diagnostics) {
	return load(diskFiles{dir: filepath.Dir(file)}, filepath.Base(file), opt, nil)
}

// LoadFS loads the runbook name from fsys (the embedded runbooks, say).
func LoadFS(fsys fs.FS, name string, opt Options) (*Runbook, Diagnostics) {
	return load(fsFiles{fsys: fsys, dir: path.Dir(name)}, path.Base(name), opt, nil)
}

// LoadSources rebuilds a runbook from the sources an incident embedded, the
// runbook first and its includes after it.
func LoadSources(srcs []Source, opt Options) (*Runbook, Diagnostics) {
	if len(srcs) == 0 {
		return nil, Diagnostics{{Severity: Error, Code: msgNoSources.Code, Message: msgNoSources.With()}}
	}
	m := memFiles{}
	for _, s := range srcs {
		m[s.Path] = s.Text
	}
	return load(m, srcs[0].Path, opt, nil)
}

// definition is where an id was first defined, and as what.
type definition struct {
	what *Message // the kind: role, party, …
	at   loc
}

// loader loads one runbook and its includes.
type loader struct {
	files   files
	r       reporter
	rb      *Runbook
	loaded  map[string]bool       // includes already merged (a diamond is fine)
	stack   []string              // the include chain being loaded, for cycles
	defined map[string]definition // "actor:ic" → where it was first defined
	cache   decodeCache
	// fragmentDuties are the included files' duties, added after the
	// runbook's own (addFragmentDuties).
	fragmentDuties []*Duty
}

func load(fl files, rel string, opt Options, cache decodeCache) (*Runbook, Diagnostics) {
	ld := &loader{files: fl, rb: &Runbook{Path: fl.display(rel)}, loaded: map[string]bool{}, defined: map[string]definition{}, cache: cache}
	ld.loadTop(rel)
	if ld.rb.at.file != nil {
		// Semantic checks run even after structural errors, so that an
		// author sees every problem in one go.
		ld.rb.buildIndex()
		ld.r.diags = append(ld.r.diags, Validate(ld.rb, opt)...)
	}
	diags := ld.r.diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return ld.rb, diags
}

// readFile reads and decodes one file, reporting why it cannot be used.
func (ld *loader) readFile(rel string, at *loc) (*sourceFile, map[string]any) {
	d, err := ld.cache.get(ld.files, rel)
	if err != nil {
		name := ld.files.display(rel)
		m, args := readError(name, err)
		var big errTooLarge
		if errors.As(err, &big) {
			m, args = msgRunbookTooLarge, []Arg{Plain("File", name), Number("Size", int(big.size)), Number("Max", MaxFileSize)}
		} else if errors.Is(err, fs.ErrNotExist) && at != nil {
			m, args = msgIncludeMissing, []Arg{Plain("File", name)}
		}
		if at != nil {
			ld.r.fail(*at, "", m, args...)
		} else {
			ld.r.add(Pos{File: name}, Error, m, args...)
		}
		return nil, nil
	}
	ld.rb.Sources = append(ld.rb.Sources, Source{Path: rel, Text: d.text})
	ld.r.diags = append(ld.r.diags, d.diags...)
	return d.file, d.tree
}

// decoded is one file read and decoded, with what decoding reported.
type decoded struct {
	text  string
	file  *sourceFile // nil when the file could not be decoded
	tree  map[string]any
	diags Diagnostics
}

// decodeCache keeps each file of a walk decoded once: the runbooks of a set
// share their contacts file, and every file is decoded to classify it
// before it is loaded. Decoded trees are only ever read, so loads can share
// them. A nil cache decodes every time.
type decodeCache map[string]decoded

// get reads and decodes rel, or returns it decoded already. Read errors are
// not kept: their wording depends on who asked.
func (c decodeCache) get(fl files, rel string) (decoded, error) {
	name := fl.display(rel)
	if d, ok := c[name]; ok {
		return d, nil
	}
	src, err := fl.read(rel)
	if err != nil {
		return decoded{}, err
	}
	d := decode(name, rel, src)
	if c != nil {
		c[name] = d
	}
	return d, nil
}

// decodeAll reads every file of walk that is not in the cache yet, one
// after another (an fs.FS need not be safe for concurrent use), decodes
// them on as many goroutines as there are cores, and keeps each one that
// could be read, as get would. What get returns afterwards is what it
// would have returned without decodeAll: a file that cannot be read is
// read again, and reported, by whoever asks for it.
func (c decodeCache) decodeAll(walk []walked) {
	type job struct {
		name, rel string
		src       []byte
		d         decoded
	}
	var jobs []job
	queued := map[string]bool{}
	for _, w := range walk {
		name := w.fl.display(w.rel)
		if _, done := c[name]; done || queued[name] {
			continue
		}
		src, err := w.fl.read(w.rel)
		if err != nil {
			continue
		}
		queued[name] = true
		jobs = append(jobs, job{name: name, rel: w.rel, src: src})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				j := &jobs[i]
				j.d = decode(j.name, j.rel, j.src)
			}
		})
	}
	wg.Wait()
	for _, j := range jobs {
		c[j.name] = j.d
	}
}

// decode decodes the source of one file.
func decode(name, rel string, src []byte) decoded {
	var r reporter
	f, tree := decodeFile(name, rel, src, &r)
	return decoded{text: string(src), file: f, tree: tree, diags: r.diags}
}

// readError is the message for a file that cannot be read.
func readError(name string, err error) (Message, []Arg) {
	var nr errNotRegular
	if errors.As(err, &nr) {
		return msgNotRegular, []Arg{Plain("File", name), Part("Kind", specialKind(nr.mode))}
	}
	return msgCannotRead, []Arg{Plain("File", name), External("Reason", unwrapPathError(err).Error())}
}

// ReadError is the diagnostic for a file, of a runbook or of anything read
// beside one, that cannot be read.
func ReadError(name string, err error) Diagnostic {
	m, args := readError(name, err)
	return Diagnostic{Pos: Pos{File: name}, Severity: Error, Code: m.Code, Message: m.With(args...)}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (ld *loader) loadTop(rel string) {
	f, tree := ld.readFile(rel, nil)
	if f == nil {
		return
	}
	root := obj{loc: loc{file: f}, m: tree, r: &ld.r}
	checkFormat(root)
	root.allow(subjectFixed(&msgWhatARunbook), runbookKeys...)
	shared := parseShared(root)
	ld.stack = append(ld.stack, rel)
	ld.loaded[rel] = true
	ld.includes(rel, shared)
	ld.merge(shared)
	parseRunbook(root, ld.rb)
	ld.addFragmentDuties(root)
	ld.rb.Include = shared.include
}

// includes loads the files that one file includes, depth first, so that
// included definitions come before the includer's own.
func (ld *loader) includes(fromRel string, c contents) {
	fromDir := path.Dir(fromRel)
	for i, inc := range c.include {
		at := loc{file: c.includeAt.file, path: c.includeAt.path}
		if _, isList := c.includeAt.file.keys[joinIndex(at.path, i)]; isList {
			at.path = joinIndex(at.path, i)
		}
		target, problem := includeTarget(fromDir, inc)
		if problem != nil {
			ld.r.fail(at, "", msgIncludeBad, Quoted("Include", inc), Part("Problem", problem.With()))
			continue
		}
		if err := ld.files.escapes(fromDir, target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			var esc errSymlinkEscape
			if errors.As(err, &esc) {
				ld.r.fail(at, "", msgIncludeSymlink, Quoted("Include", inc), Plain("Target", esc.target), Plain("Dir", esc.dir))
			} else {
				ld.r.fail(at, "", msgIncludeUnchecked, Quoted("Include", inc), External("Reason", unwrapPathError(err).Error()))
			}
			continue
		}
		if slices.Contains(ld.stack, target) {
			chain := append(slices.Clone(ld.stack[slices.Index(ld.stack, target):]), target)
			for n := range chain {
				chain[n] = ld.files.display(chain[n])
			}
			ld.r.fail(at, "", msgIncludeCycle, Plain("Chain", strings.Join(chain, " → ")), Plain("File", ld.files.display(target)))
			continue
		}
		if ld.loaded[target] {
			continue
		}
		if len(ld.stack) >= MaxIncludeDeep {
			ld.r.fail(at, "", msgIncludeTooDeep, Number("Max", MaxIncludeDeep))
			continue
		}
		ld.loaded[target] = true
		f, tree := ld.readFile(target, &at)
		if f == nil {
			continue
		}
		root := obj{loc: loc{file: f}, m: tree, r: &ld.r}
		checkFormat(root)
		root.allow(subjectFixed(&msgWhatFragment), fragmentKeys...)
		sub := parseShared(root)
		frag, duties := parseFragment(root, ld.files.display(target))
		ld.rb.Fragments = append(ld.rb.Fragments, frag)
		ld.fragmentDuties = append(ld.fragmentDuties, duties...)
		ld.stack = append(ld.stack, target)
		ld.includes(target, sub)
		ld.stack = ld.stack[:len(ld.stack)-1]
		ld.merge(sub)
	}
}

// includeTarget resolves an include path lexically: relative, no "..".
// A path it refuses comes back with the message that says why.
func includeTarget(fromDir, inc string) (string, *Message) {
	switch {
	case inc == "":
		return "", &msgIncludeEmpty
	case strings.Contains(inc, `\`):
		return "", &msgIncludeBackslash
	case path.IsAbs(inc) || filepath.IsAbs(inc) || filepath.VolumeName(inc) != "":
		return "", &msgIncludeAbsolute
	}
	for _, part := range strings.Split(inc, "/") {
		if part == ".." {
			return "", &msgIncludeDotDot
		}
	}
	return path.Join(fromDir, inc), nil
}

// merge adds one file's shared definitions, reporting ids defined twice.
// Roles and parties share one namespace: either can be who or contacts.
func (ld *loader) merge(c contents) {
	claim := func(ns string, what *Message, id string, at loc) bool {
		key := ns + ":" + id
		if first, dup := ld.defined[key]; dup {
			where := first.at.pos("").String()
			if first.what == what {
				ld.r.fail(at, "", msgDuplicateDef, Part("What", whatNamed(*what, id)), Plain("At", where))
			} else {
				ld.r.fail(at, "", msgDuplicateActor, Part("Kind", what.With()), Quoted("ID", id), Part("Other", first.what.With()), Plain("At", where))
			}
			return false
		}
		ld.defined[key] = definition{what: what, at: at}
		return true
	}
	for _, cal := range c.calendars {
		if claim("calendar", &msgKindCalendar, cal.ID, cal.at) {
			ld.rb.Calendars = append(ld.rb.Calendars, cal)
		}
	}
	for _, r := range c.roles {
		if claim("actor", &msgKindRole, r.ID, r.at) {
			ld.rb.Roles = append(ld.rb.Roles, r)
		}
	}
	for _, p := range c.parties {
		if claim("actor", &msgKindParty, p.ID, p.at) {
			ld.rb.Parties = append(ld.rb.Parties, p)
		}
	}
	for _, m := range c.milestones {
		if claim("milestone", &msgKindMilestone, m.ID, m.at) {
			ld.rb.Milestones = append(ld.rb.Milestones, m)
		}
	}
	for _, rk := range c.ranks {
		if claim("rank", &msgKindRank, rk.ID, rk.at) {
			ld.rb.Ranks = append(ld.rb.Ranks, rk)
		}
	}
}
