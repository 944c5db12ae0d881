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
	"regexp"
	"strings"

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
// message file plus one line here.
func Languages() []Language {
	return []Language{
		{Code: English, Name: "English", Selectable: true},
		{Code: Japanese, Name: "日本語", Selectable: true},
		{Code: Pseudo, Name: "[Ƥšéûðö]", Selectable: false},
	}
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
	// ids is every message id of the source language.
	ids map[string]bool
}

// New returns the catalogue in lang, falling back to English for a code it
// has no file for. A message missing from lang's file falls back to English
// too; the tests keep every file complete.
func New(lang string) *Catalog {
	c, err := load(lang)
	if err != nil {
		// The files are embedded and tested; a failure here is a build that
		// shipped a broken file.
		panic(fmt.Sprintf("i18n: embedded message files: %v", err))
	}
	return c
}

func load(lang string) (*Catalog, error) {
	code := English
	for _, l := range Languages() {
		if l.Code == lang {
			code = lang
		}
	}
	bundle := goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files := []string{English}
	if code != English {
		files = append(files, code)
	}
	simple := map[string][]segment{}
	ids := map[string]bool{}
	for _, f := range files {
		mf, err := bundle.LoadMessageFileFS(locales, path.Join("locales", f+".toml"))
		if err != nil {
			return nil, err
		}
		for _, m := range mf.Messages {
			if f == English {
				ids[m.ID] = true
			}
			if segs, ok := compile(m); ok {
				simple[m.ID] = segs
			} else {
				delete(simple, m.ID) // the chosen language's own form wins
			}
		}
	}
	tag := language.Make(code)
	return &Catalog{lang: code, localizer: goi18n.NewLocalizer(bundle, tag.String()), simple: simple, ids: ids}, nil
}

// segment is a piece of a compiled message: literal text, or the name of
// the field that fills it.
type segment struct {
	text  string
	field string
}

// simpleField is a template action that only prints a field: {{.Name}}.
var simpleField = regexp.MustCompile(`^{{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*}}`)

// compile splits a message without plural forms into text and fields, and
// reports false for one that needs go-i18n: plural forms, or a template
// action other than printing a field.
func compile(m *goi18n.Message) ([]segment, bool) {
	if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" || m.LeftDelim != "" || m.RightDelim != "" {
		return nil, false
	}
	var segs []segment
	rest := m.Other
	for rest != "" {
		i := strings.Index(rest, "{{")
		if i < 0 {
			segs = append(segs, segment{text: rest})
			break
		}
		if i > 0 {
			segs = append(segs, segment{text: rest[:i]})
		}
		f := simpleField.FindStringSubmatch(rest[i:])
		if f == nil {
			return nil, false
		}
		segs = append(segs, segment{field: f[1]})
		rest = rest[i+len(f[0]):]
	}
	return segs, true
}

// fill writes a compiled message with args (name/value pairs), printing
// each value as text/template would: fmt's default form, and "<no value>"
// for a field no argument names.
func fill(segs []segment, args []any) string {
	if len(segs) == 1 && segs[0].field == "" {
		return segs[0].text
	}
	var b strings.Builder
	for _, sg := range segs {
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
	data := make(map[string]any, len(args)/2)
	var count any
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		data[name] = args[i+1]
		if name == "Count" {
			count = args[i+1]
		}
	}
	s, err := c.localizer.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return "«" + id + "»"
	}
	return s
}

// Has reports whether id is a message of the catalogue. Every language has
// the ids of English, the source.
func (c *Catalog) Has(id string) bool { return c.ids[id] }

// messageFiles returns the embedded message files by language code, for the
// tests that compare them.
func messageFiles() (fs.FS, error) { return fs.Sub(locales, "locales") }
