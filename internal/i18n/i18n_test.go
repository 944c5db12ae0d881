package i18n

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// messages reads one embedded message file into id → plural form → text.
func messages(t *testing.T, code string) map[string]map[string]string {
	t.Helper()
	fsys, err := messageFiles()
	if err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(fsys, code+".toml")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		t.Fatalf("%s.toml: %v", code, err)
	}
	out := map[string]map[string]string{}
	walkMessages("", raw, func(id string, f forms) {
		m := map[string]string{}
		for form, text := range map[string]string{"zero": f.zero, "one": f.one, "two": f.two, "few": f.few, "many": f.many, "other": f.other} {
			if text != "" {
				m[form] = text
			}
		}
		out[id] = m
	})
	return out
}

var placeholder = regexp.MustCompile(`{{\s*\.([A-Za-z0-9_]+)\s*}}`)

func placeholders(forms map[string]string) []string {
	var names []string
	for _, s := range forms {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(names, m[1]) {
				names = append(names, m[1])
			}
		}
	}
	sort.Strings(names)
	return names
}

// requiredForms is what CLDR asks of a message with a count in each
// language: English distinguishes one from other, Japanese has one form.
func requiredForms(code string) []string {
	if strings.HasPrefix(code, "en") {
		return []string{"one", "other"}
	}
	return []string{"other"}
}

// Every language has exactly English's ids, the same placeholders in each
// message, and the plural forms its rules need for a counted message.
func TestEveryLanguageMatchesEnglish(t *testing.T) {
	en := messages(t, English)
	if len(en) < 2 {
		t.Fatalf("en.toml holds %d messages", len(en))
	}
	for _, l := range Languages() {
		if l.Code == English {
			continue
		}
		t.Run(l.Code, func(t *testing.T) {
			other := messages(t, l.Code)
			for id, forms := range en {
				theirs, ok := other[id]
				if !ok {
					t.Errorf("%s.toml lacks %s (English: %q)", l.Code, id, forms["other"])
					continue
				}
				if a, b := placeholders(forms), placeholders(theirs); !slices.Equal(a, b) {
					t.Errorf("%s.toml %s has placeholders %v; English has %v", l.Code, id, b, a)
				}
				counted := len(forms) > 1
				for _, f := range requiredForms(l.Code) {
					if counted && theirs[f] == "" {
						t.Errorf("%s.toml %s is counted in English but lacks the plural form %q", l.Code, id, f)
					}
				}
			}
			for id := range other {
				if _, ok := en[id]; !ok {
					t.Errorf("%s.toml has %s, which English lacks: remove it or add it to en.toml", l.Code, id)
				}
			}
		})
	}
	for id, forms := range en {
		if len(forms) > 1 && (forms["one"] == "" || forms["other"] == "") {
			t.Errorf("en.toml %s: a counted message needs both one and other", id)
		}
	}
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		lang  string
		count int
		want  string
	}{
		{English, 0, "0 events"},
		{English, 1, "1 event"},
		{English, 2, "2 events"},
		{Japanese, 1, "1件のイベント"},
		{Japanese, 5, "5件のイベント"},
	}
	for _, tt := range tests {
		if got := New(tt.lang).T("common.events", "Count", tt.count); got != tt.want {
			t.Errorf("%s, %d: got %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	c := New(Japanese)
	if got := c.T("lang.name"); got != "日本語" {
		t.Errorf("lang.name in ja = %q", got)
	}
	if got := c.T("no.such.message"); got != "«no.such.message»" {
		t.Errorf("a missing id renders as %q; want it marked", got)
	}
	if !c.Has("common.events") || c.Has("no.such.message") {
		t.Error("Has does not tell ids apart")
	}
	if got := New("fr").Lang(); got != English {
		t.Errorf("a language without a file falls back to %q, want en", got)
	}
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name string
		flag string
		env  map[string]string
		want string
		err  bool
	}{
		{"nothing set", "", nil, English, false},
		{"LANG ja", "", map[string]string{"LANG": "ja_JP.UTF-8"}, Japanese, false},
		{"LANG C", "", map[string]string{"LANG": "C"}, English, false},
		{"LANG POSIX", "", map[string]string{"LANG": "POSIX"}, English, false},
		{"LC_MESSAGES over LANG", "", map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"}, Japanese, false},
		{"LC_ALL over all", "", map[string]string{"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8", "LANG": "ja_JP"}, English, false},
		{"flag over LC_ALL", "ja", map[string]string{"LC_ALL": "en_US.UTF-8"}, Japanese, false},
		{"flag case", "JA", nil, Japanese, false},
		{"pseudo by code", "en-XA", nil, Pseudo, false},
		{"locale never picks pseudo", "", map[string]string{"LANG": "en_XA.UTF-8"}, English, false},
		{"modifier", "", map[string]string{"LANG": "ja_JP.eucJP@euro"}, Japanese, false},
		{"unknown flag", "fr", nil, "", true},
		{"French locale", "", map[string]string{"LANG": "fr_FR.UTF-8"}, English, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decide(tt.flag, func(k string) string { return tt.env[k] })
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// The pseudo-locale file is English put through pseudo(); -update writes it.
func TestPseudoLocaleIsGenerated(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("locales", English+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		t.Fatal(err)
	}
	raw["lang"] = map[string]any{"name": "[Ƥšéûðö]"}
	var buf bytes.Buffer
	buf.WriteString("# GENERATED from en.toml by go test ./internal/i18n -update: do not edit.\n")
	buf.WriteString("# The pseudo-locale: every string bracketed, accented and lengthened.\n\n")
	if err := toml.NewEncoder(&buf).Encode(pseudoTree(raw, "")); err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, filepath.Join("locales", Pseudo+".toml"), buf.Bytes())
}

func pseudoTree(v map[string]any, key string) map[string]any {
	out := map[string]any{}
	for k, x := range v {
		switch x := x.(type) {
		case string:
			if k == "description" || key == "lang" {
				out[k] = x
			} else {
				out[k] = pseudo(x)
			}
		case map[string]any:
			out[k] = pseudoTree(x, k)
		}
	}
	return out
}

func TestPseudo(t *testing.T) {
	got := pseudo("Due in {{.Left}}, call {{ .Party }}")
	if strings.ContainsAny(strings.NewReplacer("{{.Left}}", "", "{{ .Party }}", "").Replace(got), plainLetters) {
		t.Errorf("pseudo kept ASCII letters: %q", got)
	}
	if !strings.HasPrefix(got, "[") || !strings.HasSuffix(got, "]") || !strings.Contains(got, "{{.Left}}") {
		t.Errorf("pseudo = %q", got)
	}
	if leaks := testkit.EnglishLeaks(New(Pseudo).T("common.events", "Count", 3)); len(leaks) > 0 {
		t.Errorf("a pseudo-locale message shows English: %v", leaks)
	}
}

// Every id the Go code asks for by a literal is in the English file, so a
// typo in an id fails here instead of showing «id» to a user.
func TestEveryLiteralIDExists(t *testing.T) {
	c := New(English)
	call := regexp.MustCompile(`\.T\("([a-z0-9][a-z0-9._-]*)"`)
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			// An id ending in "." is a prefix joined with a code
			// ("tui.score.outcome." + outcome); the code's own test checks
			// those.
			if !c.Has(m[1]) && m[1] != "no.such.message" && !strings.HasSuffix(m[1], ".") {
				t.Errorf("%s asks for message %q, which en.toml lacks", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The compiled fast path writes every message exactly as go-i18n's
// templates do, in every language, with strings, numbers and durations,
// and with a field left out.
func TestCompiledMessagesMatchTemplates(t *testing.T) {
	en := messages(t, English)
	values := []any{"Sato", 3, 90 * time.Minute}
	for _, l := range Languages() {
		c := New(l.Code)
		// The reference: go-i18n reading the same file whole.
		bundle := goi18n.NewBundle(language.Make(l.Code))
		bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		if _, err := bundle.LoadMessageFileFS(locales, "locales/"+l.Code+".toml"); err != nil {
			t.Fatal(err)
		}
		ref := goi18n.NewLocalizer(bundle, l.Code)
		for id, forms := range en {
			names := placeholders(forms)
			for _, v := range values {
				var args []any
				data := map[string]any{}
				for i, n := range names {
					if i == len(names)-1 && len(names) > 1 {
						break // leave the last field out
					}
					val := v
					if n == "Count" {
						val = 3 // a count is a number
					}
					args = append(args, n, val)
					data[n] = val
				}
				got := c.T(id, args...)
				want, err := ref.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: data["Count"]})
				if err != nil && want == "" {
					t.Fatalf("%s %s: %v", l.Code, id, err)
				}
				if got != want {
					t.Errorf("%s %s with %v: compiled %q, template %q", l.Code, id, v, got, want)
				}
			}
		}
	}
}

func BenchmarkT(b *testing.B) {
	c := New(Japanese)
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			_ = c.T("lang.name")
		}
	})
	b.Run("fields", func(b *testing.B) {
		for b.Loop() {
			_ = c.T("common.events", "Count", 3)
		}
	})
}

// BenchmarkNew is the catalogue's start-up cost, which every command pays
// once: parsing a language's file (New itself returns the catalogue it
// built the first time).
func BenchmarkNew(b *testing.B) {
	for _, l := range Languages() {
		b.Run(l.Code, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := load(l.Code); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A catalogue is parsed once per language: the CLI, the screen and the
// exports asking for the same language share it, and a language nobody
// asks for is never parsed.
func TestNewParsesEachLanguageOnce(t *testing.T) {
	for _, l := range Languages() {
		first, again := New(l.Code), New(l.Code)
		if first != again {
			t.Errorf("New(%q) built the catalogue twice", l.Code)
		}
		if first.Lang() != l.Code {
			t.Errorf("New(%q).Lang() = %q", l.Code, first.Lang())
		}
	}
	if New("fr") != New(English) {
		t.Error("a language shodo does not speak did not fall back to the English catalogue")
	}
}

// The fast parser reads every shipped message file exactly as the TOML
// decoder does (so the fast path is never what a file means), and hands
// anything outside its subset back.
func TestParseMessagesMatchesTOML(t *testing.T) {
	fsys, err := messageFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range Languages() {
		src, err := fs.ReadFile(fsys, l.Code+".toml")
		if err != nil {
			t.Fatal(err)
		}
		got, ok := parseMessages(string(src))
		if !ok {
			t.Errorf("%s.toml: the fast parser refused a shipped file; keep message files to one-line strings", l.Code)
			continue
		}
		var want map[string]any
		if _, err := toml.Decode(string(src), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s.toml: the fast parser reads it differently from the TOML decoder", l.Code)
		}
	}
	for _, src := range []string{
		"a = \"\"\"\nmulti\n\"\"\"\n",
		"a = { b = \"c\" }\n",
		"\"quoted key\" = \"x\"\n",
		"[[array]]\n",
		"a = 3\n",
		"a = \"x\" junk\n",
		"a = \"\\x41\"\n",
		"a = \"x\"\na = \"y\"\n",
	} {
		if _, ok := parseMessages(src); ok {
			t.Errorf("the fast parser took %q, outside its subset", src)
		}
	}
	got, ok := parseMessages("# c\n[s.t]\na = \"x \\\"q\\\" \\u00e9\" # note\nb = 'lit \\n'\n")
	want := map[string]any{"s": map[string]any{"t": map[string]any{"a": `x "q" é`, "b": `lit \n`}}}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("parseMessages = %v, %v; want %v", got, ok, want)
	}
}

// A value a Japanese message puts in 「」 writes its own 「」 as 『』, in a
// plain message and in one with plural forms (issue 16 audit: 次の期限は
// 「ソラノクラウドへ「本番システム停止」のケース起票」).
func TestNestedQuotes(t *testing.T) {
	ja := New(Japanese)
	title := "ソラノクラウドへ「本番システム停止」のケース起票"
	want := "「ソラノクラウドへ『本番システム停止』のケース起票」"
	if got := ja.T("tui.status.started", "Count", 1, "Title", title, "Badge", "残り 30分", "Action", "回答：はい"); !strings.Contains(got, want) {
		t.Errorf("plural message: %q lacks %q", got, want)
	}
	if got := ja.T("tui.stamp.title", "Milestone", title); !strings.Contains(got, want) {
		t.Errorf("plain message: %q lacks %q", got, want)
	}
	// Unquoted, the value is written as given; English is never changed.
	if got := ja.T("tui.tabs.next", "Title", title, "Due", "03:00"); !strings.Contains(got, title) {
		t.Errorf("unquoted placeholder changed: %q", got)
	}
	if got := New(English).T("tui.stamp.title", "Milestone", title); !strings.Contains(got, title) {
		t.Errorf("English changed a value: %q", got)
	}
	if got := quotedFields("「{{.A}}」と{{.B}}と「{{.C}}」、「{{ .D }}」"); !slices.Equal(got, []string{"A", "C"}) {
		t.Errorf("quotedFields = %v, want [A C]", got)
	}
}
