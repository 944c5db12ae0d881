package i18n

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

type glossary struct {
	Term []struct {
		Concept string
		En, Ja  string
		Forbid  []string
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
	}
	for _, tt := range tests {
		if got := len(violations(g, tt.text)) > 0; got != tt.bad {
			t.Errorf("%q: violation %v, want %v", tt.text, got, tt.bad)
		}
	}
}
