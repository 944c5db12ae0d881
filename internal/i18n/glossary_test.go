package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

type glossary struct {
	Term []struct {
		Concept       string
		En, Ja        string
		Forbid        []string
		RunbookForbid []string `toml:"runbook_forbid"`
	}
}

func readGlossary(t *testing.T) glossary {
	t.Helper()
	var g glossary
	md, err := toml.DecodeFile("glossary.toml", &g)
	if err != nil {
		t.Fatal(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("glossary.toml: unknown keys %v", und)
	}
	return g
}

// violations returns, for one Japanese text, each forbidden variant it
// uses. The preferred term may contain a variant (対応義務 contains 義務),
// so every preferred term is taken out first.
func violations(g glossary, text string) []string {
	rest := text
	for _, term := range g.Term {
		rest = strings.ReplaceAll(rest, term.Ja, "")
	}
	var found []string
	for _, term := range g.Term {
		for _, bad := range term.Forbid {
			if strings.Contains(rest, bad) {
				found = append(found, bad+" (use "+term.Ja+")")
			}
		}
	}
	return found
}

// One Japanese word per concept, over every Japanese message.
func TestGlossary(t *testing.T) {
	g := readGlossary(t)
	if len(g.Term) == 0 {
		t.Fatal("the glossary is empty")
	}
	for id, forms := range messages(t, Japanese) {
		for _, text := range forms {
			if v := violations(g, text); len(v) > 0 {
				t.Errorf("ja %s: %s: %q", id, strings.Join(v, ", "), text)
			}
		}
	}
}

func TestGlossaryCheck(t *testing.T) {
	g := readGlossary(t)
	tests := []struct {
		text string
		bad  bool
	}{
		{"対応義務を開始しました", false},
		{"対応事項を開始しました", true},
		{"義務が残っています", true},
		{"セキュリティ事故です", true},
		{"セキュリティインシデントです", false},
		{"修正する回答を選んで Enter。Esc で取り消し。", true},
		{"修正する回答を選んで Enter。Esc でキャンセル。", false},
	}
	for _, tt := range tests {
		if got := len(violations(g, tt.text)) > 0; got != tt.bad {
			t.Errorf("%q: violation %v, want %v", tt.text, got, tt.bad)
		}
	}
}

// halfWidthInJapanese returns the half-width punctuation a Japanese text
// uses where Japanese writing takes the full-width form: brackets, a colon
// ending a label, a question mark after Japanese. Code spans (`…`) and
// placeholders ({{…}}) are not prose and are left out. A text with no
// Japanese in it (a bare "{{.Key}} {{.Desc}}") is not checked.
func halfWidthInJapanese(text string) []string {
	return halfWidth(text, false)
}

// halfWidth is halfWidthInJapanese; with placeholdersJapanese, a text
// whose only Japanese is what its placeholders will hold (a screen's
// "{{.When}}: {{.Plan}}", drawn as "1時間以内: …") is checked too.
func halfWidth(text string, placeholdersJapanese bool) []string {
	prose := codeOrPlaceholder.ReplaceAllString(text, "\x00")
	if !placeholdersJapanese && !japaneseChar.MatchString(prose) {
		return nil
	}
	var found []string
	for _, bad := range []struct {
		re   *regexp.Regexp
		what string
	}{
		{regexp.MustCompile(`[()]`), "half-width bracket (use （）)"},
		{regexp.MustCompile(`: `), `": " (use ：)`},
		{regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}）」]:($|\n)`), `":" ending a label (use ：)`},
		{regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}）」]\?`), `"?" after Japanese (use ？)`},
	} {
		if bad.re.MatchString(prose) {
			found = append(found, bad.what)
		}
	}
	return found
}

var (
	codeOrPlaceholder = regexp.MustCompile("`[^`]*`|{{[^}]*}}")
	japaneseChar      = regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}]`)
)

// Japanese text is punctuated as Japanese: no half-width brackets, colons
// or question marks inside it (issue 16: "(24時間365日（障害受付窓口）)").
// The screen's messages (tui.*) are held to it even when all their
// Japanese comes through placeholders: a label and what follows it, an
// aside in brackets.
func TestJapanesePunctuation(t *testing.T) {
	for id, forms := range messages(t, Japanese) {
		for form, text := range forms {
			if bad := halfWidth(text, strings.HasPrefix(id, "tui.")); len(bad) > 0 {
				t.Errorf("ja %s (%s): %s: %q", id, form, strings.Join(bad, ", "), text)
			}
		}
	}
	for _, tc := range []struct {
		text string
		bad  bool
	}{
		{"メモ（任意）：", false},
		{"メモ (任意):", true},
		{"終了しますか?", true},
		{"再開：`shodo resume {{.ID}}`", false},
		{"{{.Key}} {{.Desc}}: {{.Why}}", false},
		{"期限 {{.Due}}: 対応", true},
	} {
		if got := len(halfWidthInJapanese(tc.text)) > 0; got != tc.bad {
			t.Errorf("halfWidthInJapanese(%q) flags %v, want %v", tc.text, got, tc.bad)
		}
	}
}

// The shipped Japanese runbooks and drills name the app's ideas with the
// app's words (runbook_forbid in glossary.toml): a responder reads the
// runbook's text and the app's side by side on one screen.
func TestGlossaryShippedRunbooks(t *testing.T) {
	g := readGlossary(t)
	files, err := filepath.Glob("../../runbooks/*-ja.toml")
	if err != nil {
		t.Fatal(err)
	}
	drills, err := filepath.Glob("../../runbooks/drills/*-ja.toml")
	if err != nil {
		t.Fatal(err)
	}
	fragments, err := filepath.Glob("../../runbooks/regulations/*-ja.toml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(append(files, drills...), fragments...)
	if len(files) < 4 {
		t.Fatalf("found %d Japanese runbooks and drills; the glob is wrong", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(src), "\n") {
			for _, term := range g.Term {
				for _, bad := range term.RunbookForbid {
					if strings.Contains(line, bad) {
						t.Errorf("%s:%d: %s (use %s): %s", f, n+1, bad, term.Ja, line)
					}
				}
			}
		}
	}
}

// The Japanese regulation fragments (runbooks/regulations/*-ja.toml) are
// punctuated as Japanese where a responder reads them: titles, scopes,
// hints, labels. Their comments and their source lines, which quote the
// articles as the law writes them ("GDPR Art. 33(1)"), are left out.
func TestJapaneseRegulationFragmentsPunctuation(t *testing.T) {
	files, err := filepath.Glob("../../runbooks/regulations/*-ja.toml")
	if err != nil || len(files) < 2 {
		t.Fatalf("found %d Japanese regulation fragments (%v); the glob is wrong", len(files), err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "source =") {
				continue
			}
			if bad := halfWidthInJapanese(line); len(bad) > 0 {
				t.Errorf("%s:%d: %s: %s", f, n+1, strings.Join(bad, ", "), line)
			}
		}
	}
}
