package textsafe

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile are the attacks of issue 12 M4, one per entry.
var hostile = map[string]string{
	"osc52 clipboard":   "a\x1b]52;c;cm0gLXJmIH4=\x07b",
	"osc52 st":          "a\x1b]52;c;cm0=\x1b\\b",
	"clear screen":      "a\x1b[2J\x1b[Hb",
	"osc8 hyperlink":    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"8-bit csi":         "a\u009b2Jb",
	"8-bit osc":         "a\u009d0;title\u009cb",
	"bidi override":     "invoice\u202Etxt.exe",
	"bidi isolate":      "a\u2066b\u2069c",
	"zero width":        "ad\u200bmin\u200d",
	"tag characters":    "ok\U000E0041\U000E0042",
	"line separator":    "a\u2028b\u2029c",
	"bom":               "\ufeffstart",
	"nul bel bs cr del": "a\x00b\x07c\x08d\re\x7ff",
	"c1":                "a\u0085b",
	"bad utf8":          "a\xffb",
	"lone esc":          "a\x1bb",
	"unterminated osc":  "a\x1b]0;never ends",
}

// TestTerminal: no control byte is left, and every invisible character
// is shown as its code point.
func TestTerminal(t *testing.T) {
	for name, in := range hostile {
		t.Run(name, func(t *testing.T) {
			got := Terminal(in)
			checkSafe(t, got)
			for _, r := range in {
				if Invisible(r) && !strings.Contains(got, codePoint(r)) {
					t.Errorf("Terminal(%q) = %q hides %s", in, got, codePoint(r))
				}
			}
		})
	}
	for in, want := range map[string]string{
		"a\x1b[2J\x1b[Hb":                       "ab",
		"a\x1b]52;c;cm0=\x07b":                  "ab",
		"invoice\u202Etxt.exe":                  "invoice<U+202E>txt.exe",
		"a\x00b\x07c\x08d\re\x7ff":              "abcdef",
		"a\xffb":                                "a<0xFF>b",
		"line\nand\ttab":                        "line\nand\ttab",
		"日本語のテキスト":                              "日本語のテキスト",
		"a\x1bb":                                "a", // ESC b is a sequence
		"a\x1b":                                 "a",
		"\U000E0041":                            "<U+E0041>",
		"\x1b]8;;http://x\x1b\\l\x1b]8;;\x1b\\": "l",
	} {
		if got := Terminal(in); got != want {
			t.Errorf("Terminal(%q) = %q; want %q", in, got, want)
		}
	}
	if s := "plain text, 日本語"; Terminal(s) != s || testing.AllocsPerRun(10, func() { Terminal(s) }) != 0 {
		t.Error("clean text is copied")
	}
}

func codePoint(r rune) string { return fmt.Sprintf("<U+%04X>", r) }

// checkSafe fails on any control character but "\n" and "\t", any
// invisible character, and invalid UTF-8.
func checkSafe(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("invalid UTF-8 left: %q", s)
	}
	for _, r := range s {
		if control(r) || Invisible(r) {
			t.Errorf("%U left in %q", r, s)
		}
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"a\x1b[2Jb":    "a<U+001B>[2Jb",
		"x\u202Ey":     "x<U+202E>y",
		"a\xffb":       "a<0xFF>b",
		"keep\n\ttabs": "keep\n\ttabs",
	} {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q; want %q", in, got, want)
		}
	}
	for _, in := range hostile {
		checkSafe(t, Visible(in))
	}
}

// TestMarkdown: a cell cannot end its row, forge another, hide text in a
// comment or make a link.
func TestMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":                   `a\|b`,
		"row\n| forged | row |": `row \| forged \| row \|`,
		"a\u2028| forged |":     `a&lt;U+2028&gt;\| forged \|`,
		"<!-- hidden -->":       "&lt;!-- hidden --&gt;",
		"[click](https://evil)": "\\[click\\](`https://evil`)",
		"**bold** `code`":       "\\*\\*bold\\*\\* \\`code\\`",
		"a\x1b]52;c;eA==\x07b":  "ab",
		"zero\u200bwidth":       "zero&lt;U+200B&gt;width",
	} {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q; want %q", in, got, want)
		}
	}
	if got := MarkdownBlock("one\n| two |"); got != "one\n\\| two \\|" {
		t.Errorf("MarkdownBlock = %q", got)
	}
}

// TestCSV: no cell can start a formula, leading spaces or not.
func TestCSV(t *testing.T) {
	for _, in := range []string{"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =HYPERLINK(\"x\")", "　=1", "＝1", "\x1b[2J=1", "\u200b=1"} {
		got := CSV(in)
		checkSafe(t, strings.ReplaceAll(got, "\t", ""))
		if first := strings.TrimLeft(got, " \u3000"); first == "" || strings.ContainsRune("=+-@\t\r＝＋－＠", []rune(first)[0]) {
			t.Errorf("CSV(%q) = %q can start a formula", in, got)
		}
	}
	for _, in := range []string{"plain", "", "  spaced", "日本語"} {
		if got := CSV(in); got != in {
			t.Errorf("CSV(%q) = %q; want it unchanged", in, got)
		}
	}
}

// TestJSON: invisible characters are escaped in the bytes and decode back.
func TestJSON(t *testing.T) {
	in := map[string]string{"m": "a\u202Eb\u200b\U000E0041\u2028c\x7fd\u009be\x1bf"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got := JSON(raw)
	checkSafe(t, string(got))
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["m"] != in["m"] {
		t.Errorf("JSON(%s) = %s decodes to %q, %v", raw, got, back["m"], err)
	}
	clean := []byte(`{"m":"日本語"}`)
	if got := JSON(clean); string(got) != string(clean) {
		t.Errorf("clean JSON changed: %s", got)
	}
}
