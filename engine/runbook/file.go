package runbook

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// sourceFile is one decoded file with what is needed to place diagnostics.
type sourceFile struct {
	name  string // as shown in diagnostics
	rel   string // slash path relative to the top runbook's directory
	src   []byte
	lines lineIndex
	keys  keyIndex
	// format is the file's `shodo` version once checked; 0 when missing or
	// unsupported (then no key is refused for its version: the version's
	// own error says what to fix).
	format int
}

// loc is where an entity of a runbook came from: a file and a key path.
type loc struct {
	file *sourceFile
	path string
}

// pos returns the position of the key path under l (sub may be empty), or of
// its nearest parent that has one.
func (l loc) pos(sub string) Pos {
	if l.file == nil {
		return Pos{}
	}
	path := l.path
	if sub != "" {
		key, index, _ := strings.Cut(sub, "[")
		if key != "" {
			path = joinKey(path, key)
		}
		if index != "" {
			path += "[" + index
		}
	}
	return l.file.posOf(path)
}

func (f *sourceFile) posOf(path string) Pos {
	for {
		if off, ok := f.keys[path]; ok {
			line, col := f.lines.pos(f.src, off)
			return Pos{File: f.name, Line: line, Col: col}
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut <= 0 {
			return Pos{File: f.name, Line: 1, Col: 1}
		}
		path = path[:cut]
	}
}

func (f *sourceFile) offPos(off int) Pos {
	line, col := f.lines.pos(f.src, off)
	return Pos{File: f.name, Line: line, Col: col}
}

// reporter collects diagnostics.
type reporter struct {
	diags Diagnostics
}

func (r *reporter) add(p Pos, sev Severity, m Message, args ...Arg) {
	r.diags = append(r.diags, Diagnostic{Pos: p, Severity: sev, Code: m.Code, Message: m.With(args...)})
}

// fail reports an error at l.pos(sub).
func (r *reporter) fail(l loc, sub string, m Message, args ...Arg) {
	r.add(l.pos(sub), Error, m, args...)
}

// warn reports a warning at l.pos(sub).
func (r *reporter) warn(l loc, sub string, m Message, args ...Arg) {
	r.add(l.pos(sub), Warning, m, args...)
}

var bom = []byte("\uFEFF")

// decodeFile applies the guards and decodes one file into a generic tree.
// It returns nil when the file cannot be used at all; the reasons are in r.
func decodeFile(name, rel string, src []byte, r *reporter) (*sourceFile, map[string]any) {
	f := &sourceFile{name: name, rel: rel, src: src}
	filePos := Pos{File: name}
	if len(src) > MaxFileSize {
		r.add(filePos, Error, msgFileTooLarge, Number("Size", len(src)), Number("Max", MaxFileSize))
		return nil, nil
	}
	f.lines = newLineIndex(src)
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			ru, size := utf8.DecodeRune(src[off:])
			if ru == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		r.add(f.offPos(off), Error, msgBadUTF8, Plain("Byte", fmt.Sprintf("0x%02x", src[off])))
		return nil, nil
	}
	if g := guard(src); g != nil {
		r.add(f.offPos(g.off), Error, g.msg, Number("Max", g.max))
		return nil, nil
	}
	body := src
	shift := 0
	if len(src) >= len(bom) && string(src[:len(bom)]) == string(bom) {
		body, shift = src[len(bom):], len(bom)
	}
	tree, err := safeDecode(body)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			p := f.offPos(perr.Position.Start + shift)
			if perr.Position.Start == 0 && perr.Position.Line > 1 {
				p = Pos{File: name, Line: perr.Position.Line, Col: max(perr.Position.Col, 1)}
			}
			r.add(p, Error, msgSyntax, External("Detail", strings.TrimSpace(perr.Message)))
		} else if panicked, ok := err.(decoderPanic); ok {
			r.add(filePos, Error, msgDecoderFailed, External("Detail", fmt.Sprint(panicked.value)))
		} else {
			r.add(filePos, Error, msgSyntax, External("Detail", err.Error()))
		}
		return nil, nil
	}
	f.keys = indexKeys(src)
	return f, tree
}

// decoderPanic is a panic of the decoder, caught.
type decoderPanic struct{ value any }

func (p decoderPanic) Error() string { return fmt.Sprintf("decoder failed on this input: %v", p.value) }

// safeDecode decodes under recover: a panic in the decoder on hostile input
// becomes an error instead of taking the process down.
func safeDecode(body []byte) (tree map[string]any, err error) {
	defer func() {
		if p := recover(); p != nil {
			tree, err = nil, decoderPanic{p}
		}
	}()
	tree = map[string]any{}
	_, err = toml.Decode(string(body), &tree)
	return tree, err
}
