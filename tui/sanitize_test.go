package tui

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/shodo-dev/shodo/internal/textsafe"
)

// hostile are strings a runbook or journal from someone else might carry.
var hostile = map[string]string{
	"osc52 clipboard write":  "call \x1b]52;c;cm0gLXJmIH4=\x07now",
	"osc52 with ST":          "call \x1b]52;c;cm0gLXJmIH4=\x1b\\now",
	"window title":           "\x1b]0;you have been pwned\x07title",
	"window title 8-bit OSC": "\u009d2;pwned\u009ctitle",
	"csi colour and clear":   "\x1b[31m\x1b[2Jred",
	"8-bit csi":              "\u009b2Jcleared",
	"cursor move":            "a\x1b[10;10Hb",
	"dcs":                    "x\x1bPq#0;2;0;0;0#1~~\x1b\\y",
	"apc":                    "x\x1b_Gpayload\x1b\\y",
	"bell backspace cr":      "over\rwrite\b\a!",
	"bidi override":          "invoice \u202egpj.exe\u202c",
	"bidi isolates":          "\u2066a\u2069\u2067b\u2069\u2068c\u2069",
	"arabic letter mark":     "x\u061cy\u200ez\u200fw",
	"del and nul":            "a\x7fb\x00c",
	"invalid utf-8":          "a\xffb",
	"unterminated osc":       "safe \x1b]52;c;AAAA",
	"lone esc":               "a\x1bb",
}

func TestSanitize(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"plain", "Service failure: call +81-3-0000-2200", "Service failure: call +81-3-0000-2200"},
		{"japanese", "保守ベンダーへの第一報\n\t範囲", "保守ベンダーへの第一報\n\t範囲"},
		{"osc52 clipboard write", hostile["osc52 clipboard write"], "call now"},
		{"osc52 with ST", hostile["osc52 with ST"], "call now"},
		{"window title", hostile["window title"], "title"},
		{"window title 8-bit OSC", hostile["window title 8-bit OSC"], "title"},
		{"csi colour and clear", hostile["csi colour and clear"], "red"},
		{"8-bit csi", hostile["8-bit csi"], "cleared"},
		{"cursor move", hostile["cursor move"], "ab"},
		{"dcs", hostile["dcs"], "xy"},
		{"apc", hostile["apc"], "xy"},
		{"bell backspace cr", hostile["bell backspace cr"], "overwrite!"},
		{"bidi override", hostile["bidi override"], "invoice <U+202E>gpj.exe<U+202C>"},
		{"bidi isolates", hostile["bidi isolates"], "<U+2066>a<U+2069><U+2067>b<U+2069><U+2068>c<U+2069>"},
		{"arabic letter mark", hostile["arabic letter mark"], "x<U+061C>y<U+200E>z<U+200F>w"},
		{"del and nul", hostile["del and nul"], "abc"},
		{"invalid utf-8", hostile["invalid utf-8"], "a<0xFF>b"},
		{"unterminated osc", hostile["unterminated osc"], "safe "},
		{"lone esc", hostile["lone esc"], "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sanitize(tc.in); got != tc.want {
				t.Fatalf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"a\nb\tc   d":       "a b c d",
		"  padded  ":        "padded",
		"全角　スペース\nは残す":      "全角　スペース は残す",
		"\x1b]0;t\x07title": "title",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// drawable reports the first character of s that must never reach the
// terminal, or -1.
func drawable(s string, allowNewline bool) rune {
	for _, r := range s {
		if r == '\n' && allowNewline {
			continue
		}
		if hiddenRune(r) || r == '\n' || r == '\t' {
			return r
		}
	}
	return -1
}

// hiddenRune reports a rune that must never reach the terminal as it is:
// a control but "\n" and "\t", or an invisible character (those are
// shown as <U+XXXX> instead).
func hiddenRune(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r) || textsafe.Invisible(r)
}

func FuzzSanitize(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Sanitize(s)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		for _, r := range got {
			if r == '\n' || r == '\t' {
				continue
			}
			if hiddenRune(r) {
				t.Fatalf("Sanitize(%q) kept %U", s, r)
			}
		}
		if Sanitize(got) != got {
			t.Fatalf("Sanitize is not idempotent on %q", s)
		}
		if strings.ContainsAny(oneLine(s), "\n\t") {
			t.Fatalf("oneLine(%q) kept a line break", s)
		}
	})
}

func TestSanitizeCleanTextIsNotCopied(t *testing.T) {
	s := "Service failure, 障害"
	if allocs := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); allocs != 0 {
		t.Fatalf("clean text allocates %v times", allocs)
	}
}
