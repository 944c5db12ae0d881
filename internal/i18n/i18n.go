// Package i18n is shodo's one message catalogue: every word a person reads —
// the terminal app, the CLI's messages and errors, the exports, the
// after-action report and the validator's diagnostics — is a message in the
// files under locales/, looked up by id.
//
// English (locales/en.toml) is the source. Every other language is one
// message file beside it plus one line in Languages. Messages use
// go-i18n's templates with named fields ({{.Duty}}), and CLDR plural forms
// (one/other in English, other alone in Japanese) chosen by a Count
// argument. The pseudo-locale en-XA is generated from English by a test
// (go test ./internal/i18n -update): every string bracketed, accented and
// lengthened, so a screen rendered in it shows at once any word that does
// not come from the catalogue and any text cut short.
//
// The engine returns codes and parameters; only the edges (tui, cmd, the
// export package) turn them into words through a Catalog.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Language codes shodo speaks.
const (
	English  = "en"
	Japanese = "ja"
	// Pseudo is the pseudo-locale of tests and translators: English made
	// visibly foreign (see the package comment).
	Pseudo = "en-XA"
)

// Language is one language the catalogue has a message file for.
type Language struct {
	Code string // BCP 47 tag, also the message file's name: locales/<Code>.toml
	Name string // its own name for itself, for --lang's help
	// Selectable says whether a user picks it by --lang or the locale; the
	// pseudo-locale is chosen only by its exact code.
	Selectable bool
}

// Languages lists every language, English first. Adding a language is its
// message file plus one line in languages.
func Languages() []Language { return slices.Clone(languages[:]) }

// languages is what Languages returns; English must stay first.
var languages = [...]Language{
	{Code: English, Name: "English", Selectable: true},
	{Code: Japanese, Name: "日本語", Selectable: true},
	{Code: Pseudo, Name: "[Ƥšéûðö]", Selectable: false},
}

// Codes returns the codes --lang accepts, in the order of Languages.
func Codes() []string {
	var codes []string
	for _, l := range Languages() {
		codes = append(codes, l.Code)
	}
	return codes
}

//go:embed locales/*.toml
var locales embed.FS

// Decide picks the language of shodo's own words, in one place for every
// command: an explicit --lang (flag, empty when not given) wins; otherwise
// the first of LC_ALL, LC_MESSAGES and LANG that is set decides, the way
// POSIX programs read the locale (ja_JP.UTF-8 → ja; C, POSIX or anything
// shodo has no file for → en). An explicit --lang shodo does not speak is an
// error that lists the codes it does. getenv is os.Getenv in production.
func Decide(flag string, getenv func(string) string) (string, error) {
	if flag != "" {
		for _, l := range Languages() {
			if strings.EqualFold(flag, l.Code) {
				return l.Code, nil
			}
		}
		return "", fmt.Errorf("unknown language %q; use one of %s", flag, strings.Join(Codes(), ", "))
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return fromLocale(v), nil
		}
	}
	return English, nil
}

// fromLocale maps a POSIX locale name (ja_JP.UTF-8, en_US, C) to a
// selectable language code, English when none matches.
func fromLocale(locale string) string {
	name, _, _ := strings.Cut(locale, ".")
	name, _, _ = strings.Cut(name, "@")
	tag, err := language.Parse(strings.ReplaceAll(name, "_", "-"))
	if err != nil {
		return English
	}
	base, _ := tag.Base()
	for _, l := range Languages() {
		if l.Selectable && l.Code == base.String() {
			return l.Code
		}
	}
	return English
}

// Catalog is the message catalogue in one language. It is immutable once
// built and safe for concurrent use.
type Catalog struct {
	lang      string
	localizer *goi18n.Localizer
	// simple holds the messages without plural forms whose placeholders
	// are plain {{.Name}} fields, compiled once into text and fields: most
	// words on a screen are these, and filling them by concatenation is far
	// cheaper than executing a template per frame. Messages with plural
	// forms or other template actions go through go-i18n.
	simple map[string][]segment
	// complex is the id of every message that is not in simple: with
	// simple, every message id of the catalogue's language (the tests keep
	// them equal to English's).
	complex map[string]bool
	// quoted names, for each message of complex, the placeholders its
	// text puts in 「」: their own 「」 are written 『』 (see innerQuotes).
	quoted map[string][]string
	// english is the fallback for a message the language's file lacks,
	// loaded only if one is ever asked for (New builds each language once).
	english func() *Catalog
}

// New returns the catalogue in lang, falling back to English for a code it
// has no file for. A message missing from lang's file falls back to English
// too; the tests keep every file complete.
//
// A language's file is parsed the first time its catalogue is asked for,
// and only then; every later call returns that same catalogue, which is
// immutable. Start-up pays for one language, once, however many places ask
// (the CLI and the screen each did, and parsing a catalogue was a large
// part of the home screen's first frame).
func New(lang string) *Catalog {
	at := 0 // English, when shodo has no file for lang
	for i, l := range languages {
		if l.Code == lang {
			at = i
		}
	}
	m := &built[at]
	m.once.Do(func() { m.catalog, m.err = load(languages[at].Code) })
	if m.err != nil {
		// The files are embedded and tested; a failure here is a build that
		// shipped a broken file. Every call says so, not only the first.
		panic(fmt.Sprintf("i18n: embedded message files: %v", m.err))
	}
	return m.catalog
}

// built holds each language's catalogue, by its place in languages, once
// it has been asked for. Each is written once, under its sync.Once, and
// never changed after.
var built [len(languages)]struct {
	once    sync.Once
	catalog *Catalog
	err     error
}

// load parses the message file of code, a code of Languages.
func load(code string) (*Catalog, error) {
	src, err := fs.ReadFile(locales, path.Join("locales", code+".toml"))
	if err != nil {
		return nil, err
	}
	raw, ok := parseMessages(string(src))
	if !ok {
		if err := toml.Unmarshal(src, &raw); err != nil {
			return nil, fmt.Errorf("%s.toml: %w", code, err)
		}
	}
	tag := language.Make(code)
	// At most one message a line: enough room that the maps never grow.
	size := strings.Count(string(src), "\n")
	c := &Catalog{lang: code, simple: make(map[string][]segment, size), complex: map[string]bool{}, quoted: map[string][]string{},
		english: func() *Catalog { return New(English) }}
	// Only messages with plural forms or template actions beyond a field go
	// through go-i18n; the rest (most of them) are compiled here, their
	// pieces side by side in one array. Building a go-i18n message per
	// entry would double the catalogue's start-up cost, which every command
	// pays.
	var complex []*goi18n.Message
	arena := make([]segment, 0, 2*size)
	walkMessages("", raw, func(id string, f forms) {
		if segs, ok := compile(f, &arena); ok {
			c.simple[id] = segs
			return
		}
		c.complex[id] = true
		for _, text := range []string{f.zero, f.one, f.two, f.few, f.many, f.other} {
			for _, name := range quotedFields(text) {
				if !slices.Contains(c.quoted[id], name) {
					c.quoted[id] = append(c.quoted[id], name)
				}
			}
		}
		complex = append(complex, &goi18n.Message{ID: id, Zero: f.zero, One: f.one, Two: f.two,
			Few: f.few, Many: f.many, Other: f.other})
	})
	bundle := goi18n.NewBundle(tag)
	if err := bundle.AddMessages(tag, complex...); err != nil {
		return nil, err
	}
	c.localizer = goi18n.NewLocalizer(bundle, tag.String())
	return c, nil
}

// pluralForms are the keys of a table that is one message with plural forms
// rather than a section of messages.
var pluralForms = [...]string{"zero", "one", "two", "few", "many", "other"}

// forms are the texts of one message: other alone for most, some of the
// others for a message with plural forms.
type forms struct {
	zero, one, two, few, many, other string
}

// set sets the text of the plural form named form.
func (f *forms) set(form, text string) {
	switch form {
	case "zero":
		f.zero = text
	case "one":
		f.one = text
	case "two":
		f.two = text
	case "few":
		f.few = text
	case "many":
		f.many = text
	case "other":
		f.other = text
	}
}

// walkMessages calls visit for every message of a decoded message file, as
// go-i18n reads nested tables: a table whose keys are all plural forms (or
// description) is one message; any other table is a section whose id
// prefixes its entries'.
func walkMessages(prefix string, table map[string]any, visit func(id string, f forms)) {
	for key, v := range table {
		id := key
		if prefix != "" {
			id = prefix + "." + key
		}
		switch v := v.(type) {
		case string:
			visit(id, forms{other: v})
		case map[string]any:
			if isMessageTable(v) {
				var f forms
				for form, text := range v {
					if s, ok := text.(string); ok {
						f.set(form, s)
					}
				}
				visit(id, f)
				continue
			}
			walkMessages(id, v, visit)
		}
	}
}

func isMessageTable(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		if k != "description" && !slices.Contains(pluralForms[:], k) {
			return false
		}
	}
	return true
}

// segment is a piece of a compiled message: literal text, or the name of
// the field that fills it.
type segment struct {
	text  string
	field string
}

// compile splits a message without plural forms into text and fields,
// appended to arena, and reports false for one that needs go-i18n: plural
// forms, or a template action other than printing a field.
func compile(f forms, arena *[]segment) ([]segment, bool) {
	if f.zero != "" || f.one != "" || f.two != "" || f.few != "" || f.many != "" {
		return nil, false
	}
	start := len(*arena)
	segs := *arena
	rest := f.other
	for rest != "" {
		i := strings.Index(rest, "{{")
		if i < 0 {
			segs = append(segs, segment{text: rest})
			break
		}
		if i > 0 {
			segs = append(segs, segment{text: rest[:i]})
		}
		end := strings.Index(rest[i:], "}}")
		if end < 0 {
			return nil, false
		}
		field, ok := fieldName(rest[i+2 : i+end])
		if !ok {
			return nil, false
		}
		segs = append(segs, segment{field: field})
		rest = rest[i+end+2:]
	}
	*arena = segs
	// Capped, so that nothing appended to one message runs into the next.
	return segs[start:len(segs):len(segs)], true
}

// fieldName reads the inside of a template action that only prints a
// field, " .Name ", and reports false for any other action.
func fieldName(action string) (string, bool) {
	name, ok := strings.CutPrefix(strings.TrimSpace(action), ".")
	if !ok || name == "" {
		return "", false
	}
	for i, r := range name {
		letter := r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return "", false
		}
	}
	return name, true
}

// fill writes a compiled message with args (name/value pairs), printing
// each value as text/template would: fmt's default form, and "<no value>"
// for a field no argument names.
// quotedFields are the placeholders a message's text puts in 「」, as in
// 「{{.Title}}」. (A scan, not a regexp: the catalogue is built at every
// start.)
func quotedFields(text string) []string {
	const open, close = "「{{.", "}}」"
	var names []string
	for {
		i := strings.Index(text, open)
		if i < 0 {
			return names
		}
		text = text[i+len(open):]
		j := strings.Index(text, "}}")
		if j < 0 {
			return names
		}
		if strings.HasPrefix(text[j:], close) && !strings.ContainsAny(text[:j], " {}") {
			names = append(names, text[:j])
		}
		text = text[j:]
	}
}

// innerQuotes writes the 「」 of a value that a message puts in 「」 as
// 『』, as Japanese nests quotations: 「ソラノクラウドへ『本番システム停止』の
// ケース起票」, not 「…「本番システム停止」…」.
func innerQuotes(s string) string {
	if !strings.ContainsAny(s, "「」") {
		return s
	}
	return strings.NewReplacer("「", "『", "」", "』").Replace(s)
}

func fill(segs []segment, args []any) string {
	if len(segs) == 1 && segs[0].field == "" {
		return segs[0].text
	}
	var b strings.Builder
	for i, sg := range segs {
		if sg.field == "" {
			b.WriteString(sg.text)
			continue
		}
		v, ok := lookup(args, sg.field)
		switch {
		case !ok || v == nil:
			b.WriteString("<no value>")
		default:
			if s, isString := v.(string); isString {
				if i > 0 && i+1 < len(segs) && strings.HasSuffix(segs[i-1].text, "「") && strings.HasPrefix(segs[i+1].text, "」") {
					s = innerQuotes(s)
				}
				b.WriteString(s)
			} else {
				fmt.Fprint(&b, v)
			}
		}
	}
	return b.String()
}

func lookup(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if n, _ := args[i].(string); n == name {
			return args[i+1], true
		}
	}
	return nil, false
}

// Lang returns the catalogue's language code.
func (c *Catalog) Lang() string { return c.lang }

// T returns the message id in the catalogue's language, its placeholders
// filled from args, given as name/value pairs: T("duty.due-in", "Left",
// "3h"). An argument named Count of an integer type also chooses the plural
// form. An id the catalogue lacks comes back as «id» so that the gap shows
// on screen and in tests instead of an empty string.
func (c *Catalog) T(id string, args ...any) string {
	if segs, ok := c.simple[id]; ok {
		return fill(segs, args)
	}
	if !c.complex[id] && c.lang != English {
		return c.english().T(id, args...)
	}
	data := make(map[string]any, len(args)/2)
	var count any
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		data[name] = args[i+1]
		if s, ok := args[i+1].(string); ok && slices.Contains(c.quoted[id], name) {
			data[name] = innerQuotes(s)
		}
		if name == "Count" {
			count = args[i+1]
		}
	}
	s, err := c.localizer.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		if c.lang != English {
			// A message this language's file lacks is written in English;
			// the tests keep every file complete.
			return c.english().T(id, args...)
		}
		return "«" + id + "»"
	}
	return s
}

// Has reports whether id is a message of the catalogue.
func (c *Catalog) Has(id string) bool {
	_, simple := c.simple[id]
	return simple || c.complex[id]
}

// IDs returns, sorted, the ids of the catalogue's messages that start with
// prefix ("runbook.library."): for the tests that keep a package's declared
// messages and its section of the catalogue in step.
func (c *Catalog) IDs(prefix string) []string {
	var ids []string
	for id := range c.simple {
		if strings.HasPrefix(id, prefix) {
			ids = append(ids, id)
		}
	}
	for id := range c.complex {
		if strings.HasPrefix(id, prefix) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// messageFiles returns the embedded message files by language code, for the
// tests that compare them.
func messageFiles() (fs.FS, error) { return fs.Sub(locales, "locales") }
