package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	gossh "golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/textsafe"
)

// maxRespondersBytes bounds the responders file: a team's list of people
// and keys, never megabytes.
const maxRespondersBytes = 1 << 20

// Responder is one person who may connect: their name (the actor on every
// event they record), their SSH keys, the runbook roles they may take, and
// whether they only watch.
type Responder struct {
	Name     string
	Keys     []gossh.PublicKey
	Roles    []string
	Observer bool
	// Lang is the language of their screens ("ja"); empty means the
	// server's.
	Lang string
}

// FacilitatorRole is the role in a responders file that runs drills
// served to others: the facilitator's screen has the notes, the injects
// and the clock keys; everyone else who connects to the drill plays it.
// It is the server's, not a runbook's.
const FacilitatorRole = "facilitator"

// Facilitates reports whether r runs drills (FacilitatorRole).
func (r *Responder) Facilitates() bool {
	return !r.Observer && slices.Contains(r.Roles, FacilitatorRole)
}

// Responders is the parsed responders file: the only way into the server.
type Responders struct {
	// Contact is whom a refused key is told to ask ("Sato, IT systems,
	// ext. 1234"); empty names the file and the host instead.
	Contact string
	list    []*Responder
	byKey   map[string]*Responder // by the key's wire form
}

// Lookup returns the responder whose key this is.
func (r *Responders) Lookup(key gossh.PublicKey) (*Responder, bool) {
	if r == nil || key == nil {
		return nil, false
	}
	p, ok := r.byKey[string(key.Marshal())]
	return p, ok
}

// All returns the responders in the file's order.
func (r *Responders) All() []*Responder { return slices.Clone(r.list) }

// People are the responders who may hold a runbook role, in the file's
// order: every one not an observer.
func (r *Responders) People() []string {
	var out []string
	for _, p := range r.list {
		if !p.Observer {
			out = append(out, p.Name)
		}
	}
	return out
}

// Roles are the runbook roles person may take or be handed: their roles
// but the server's own (FacilitatorRole); none for an observer or a name
// not in the file.
func (r *Responders) Roles(person string) []string {
	for _, p := range r.list {
		if p.Name == person && !p.Observer {
			return slices.DeleteFunc(slices.Clone(p.Roles), func(role string) bool { return role == FacilitatorRole })
		}
	}
	return nil
}

// MayHold reports whether person may hold role (incident.RoleRule).
func (r *Responders) MayHold(person, role string) bool {
	return slices.Contains(r.Roles(person), role)
}

// fileShape is the TOML the responders file holds.
type fileShape struct {
	Contact    string `toml:"contact"`
	Responders []struct {
		Name     string   `toml:"name"`
		Keys     []string `toml:"keys"`
		Roles    []string `toml:"roles"`
		Observer bool     `toml:"observer"`
		Lang     string   `toml:"lang"`
	} `toml:"responders"`
}

// LoadResponders reads and checks the responders file at path. Every
// problem is reported at once, each as "file:line:col: what is wrong, and
// how to fix it" in tx's language.
func LoadResponders(path string, tx *i18n.Catalog) (*Responders, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	src, err := readBounded(f, maxRespondersBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ParseResponders(path, src, tx)
}

// ParseResponders checks the text of a responders file named path.
func ParseResponders(path string, src []byte, tx *i18n.Catalog) (*Responders, error) {
	at := locator{path: path, src: src}
	if !utf8.Valid(src) {
		return nil, errors.New(at.say(1, 1, tx.T("serve.responders.not-utf8")))
	}
	var shape fileShape
	md, err := toml.Decode(string(src), &shape)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, errors.New(at.say(pe.Position.Line, pe.Position.Col, tx.T("serve.responders.syntax", "Error", oneLine(pe.Message))))
		}
		return nil, errors.New(at.say(1, 1, tx.T("serve.responders.syntax", "Error", oneLine(err.Error()))))
	}
	var problems []string
	for _, k := range md.Undecoded() {
		line, col := at.find(k[len(k)-1], 0)
		problems = append(problems, at.say(line, col, tx.T("serve.responders.unknown-key", "Key", oneLine(k.String()))))
	}
	if len(shape.Responders) == 0 {
		problems = append(problems, at.say(1, 1, tx.T("serve.responders.none")))
	}
	out := &Responders{Contact: oneLine(shape.Contact), byKey: map[string]*Responder{}}
	names := map[string]int{}    // name → responders so far with it
	keyAt := map[string]string{} // wire form → who listed it first
	seen := map[string]int{}     // text → occurrences located so far
	nth := func(text string) (int, int) {
		line, col := at.find(text, seen[text])
		seen[text]++
		return line, col
	}
	for i, r := range shape.Responders {
		name := strings.TrimSpace(r.Name)
		line, col := at.entry(i)
		switch {
		case name == "":
			problems = append(problems, at.say(line, col, tx.T("serve.responders.no-name", "N", i+1)))
		case oneLine(name) != name:
			problems = append(problems, at.say(line, col, tx.T("serve.responders.bad-name", "N", i+1)))
		case names[name] > 0:
			l, c := at.find(`"`+name+`"`, names[name])
			problems = append(problems, at.say(l, c, tx.T("serve.responders.name-twice", "Name", oneLine(name))))
		}
		names[name]++
		if r.Lang != "" && !speaks(r.Lang) {
			l, c := at.find(`"`+r.Lang+`"`, 0)
			problems = append(problems, at.say(l, c, tx.T("serve.responders.bad-lang", "Lang", oneLine(r.Lang), "Langs", strings.Join(languageCodes(), ", "))))
		}
		p := &Responder{Name: name, Roles: r.Roles, Observer: r.Observer, Lang: r.Lang}
		if len(r.Keys) == 0 && name != "" {
			problems = append(problems, at.say(line, col, tx.T("serve.responders.no-keys", "Name", oneLine(name))))
		}
		for _, text := range r.Keys {
			key, _, _, _, err := gossh.ParseAuthorizedKey([]byte(text))
			blob := keyBlob(text)
			l, c := nth(blob)
			if err != nil {
				problems = append(problems, at.say(l, c, tx.T("serve.responders.bad-key", "Name", oneLine(name))))
				continue
			}
			wire := string(key.Marshal())
			if first, ok := keyAt[wire]; ok {
				problems = append(problems, at.say(l, c, tx.T("serve.responders.key-twice", "Name", oneLine(name), "First", oneLine(first))))
				continue
			}
			keyAt[wire] = name
			p.Keys = append(p.Keys, key)
			out.byKey[wire] = p
		}
		out.list = append(out.list, p)
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, nil
}

// readBounded reads all of r, refusing more than limit bytes.
func readBounded(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, nil
}

// keyBlob is the part of an authorized_keys line that names the key (its
// base64), which is what is searched for to say where it is; the whole
// line when it has no second field.
func keyBlob(line string) string {
	fields := strings.Fields(line)
	for i, f := range fields {
		if strings.HasPrefix(f, "ssh-") || strings.HasPrefix(f, "ecdsa-") || strings.HasPrefix(f, "sk-") {
			if i+1 < len(fields) {
				return fields[i+1]
			}
		}
	}
	if len(fields) > 0 {
		return fields[0]
	}
	return line
}

// locator says where text is in the file, by line and column (counted in
// characters, from 1), for diagnostics; BurntSushi/toml exports no
// positions but a syntax error's.
type locator struct {
	path string
	src  []byte
}

// find returns the position of the nth (from 0) occurrence of text; the
// file's start when it is not there.
func (l locator) find(text string, nth int) (int, int) {
	if text == "" {
		return 1, 1
	}
	off := 0
	for i := 0; ; i++ {
		j := bytes.Index(l.src[off:], []byte(text))
		if j < 0 {
			return 1, 1
		}
		if i == nth {
			return l.position(off + j)
		}
		off += j + len(text)
	}
}

// entry returns the position of the nth [[responders]] table header.
func (l locator) entry(nth int) (int, int) {
	return l.find("[[responders]]", nth)
}

func (l locator) position(off int) (int, int) {
	before := l.src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

func (l locator) say(line, col int, what string) string {
	return fmt.Sprintf("%s:%d:%d: %s", textsafe.Visible(l.path), line, col, what)
}

// oneLine keeps text from a file to one harmless line.
func oneLine(s string) string { return textsafe.Visible(strings.TrimSpace(s)) }

func speaks(code string) bool {
	return slices.Contains(languageCodes(), code)
}

func languageCodes() []string {
	var codes []string
	for _, l := range i18n.Languages() {
		if l.Selectable {
			codes = append(codes, l.Code)
		}
	}
	return codes
}
