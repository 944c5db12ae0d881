package textsafe

import (
	"regexp"
	"strings"
	"testing"
)

// hostileMarkdown is what people type into a close summary, a verdict
// summary, a note or a title, and what a crafted journal holds: every way
// a line of CommonMark or GFM starts a block, and every way inline text
// becomes a link, HTML or a table row.
var hostileMarkdown = []string{
	"# Root cause", "###### six", "#no space is text", "---", "***", "___", "- - -", "===",
	"Line one\n===", "Line one\n---", "- item", "+ item", "* item", "1. first", "2) second",
	"123456789. long", "> quoted", "    indented code", "\tcode", "```sh\nrm -rf /\n```", "~~~\nfenced\n~~~",
	"<div>html</div>", "<!-- hidden -->", "<script>alert(1)</script>", "[ref]: https://evil.example",
	"[click](https://evil.example)", "![img](https://evil.example/x.png)", "| a | b |\n|---|---|\n| c | d |",
	"https://evil.example/path?q=1", "see www.evil.example now", "mail soc@vendor.example.jp today",
	"<https://evil.example>", "mailto:ceo@corp.example", "Visit HTTPS://EVIL.EXAMPLE.", "(https://evil.example/a_(b))",
	"詳細は https://example.jp/をご覧ください", "- [ ] task", "[^1]: footnote", "term\n: definition",
	"~~struck~~ is inline only", "1.5 hours is text", "2026-11-25 is a date", "#1 is not a heading? it is",
	"ok\n\n# after a blank line", "\u3000# full-width space first", "\\# already escaped", "a\u2028# forged line",
}

// blockStart matches a line that starts a CommonMark or GFM block other
// than a paragraph (spec 0.31, sections 4 and 5, and GFM's tables): the
// structural check the export's Markdown is held to, since no CommonMark
// parser is among shodo's dependencies.
var blockStart = []struct {
	name string
	re   *regexp.Regexp
}{
	{"ATX heading", regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]|$)`)},
	{"thematic break or setext underline", regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){2,}|(?:_[ \t]*){3,}|=+[ \t]*)$`)},
	{"bullet list item", regexp.MustCompile(`^ {0,3}[-+*](?:[ \t]|$)`)},
	{"ordered list item", regexp.MustCompile(`^ {0,3}\d{1,9}[.)](?:[ \t]|$)`)},
	{"block quote", regexp.MustCompile(`^ {0,3}>`)},
	{"code fence", regexp.MustCompile("^ {0,3}(?:```|~~~)")},
	{"indented code", regexp.MustCompile(`^(?: {4}|\t)`)},
	{"HTML block", regexp.MustCompile(`^ {0,3}<`)},
	{"link reference definition", regexp.MustCompile(`^ {0,3}\[`)},
}

// inlineLive matches what makes inline text live: HTML or an autolink in
// angle brackets, a link or an image, an unescaped pipe (a table cell),
// and a bare URL or address outside a code span.
var inlineLive = []struct {
	name string
	re   *regexp.Regexp
}{
	{"raw HTML or autolink", regexp.MustCompile(`<`)},
	{"link or image", regexp.MustCompile(`(?:^|[^\\])\[`)},
	{"table cell", regexp.MustCompile(`(?:^|[^\\])\|`)},
	{"bare URL", regexp.MustCompile(`(?i)(?:https?://|www\.|mailto:|@[a-z0-9-]+\.)`)},
}

// withoutCodeSpans drops the code spans of a line, whose text is literal:
// from an unescaped backquote to the next.
func withoutCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			b.WriteString(line[i:min(i+2, len(line))])
			i++
		case '`':
			if end := strings.IndexByte(line[i+1:], '`'); end >= 0 {
				i += 1 + end
				continue
			}
			b.WriteByte('`')
		default:
			b.WriteByte(line[i])
		}
	}
	return b.String()
}

// TestMarkdownBlockStartsNoBlock renders the hostile corpus and checks
// each line as a CommonMark parser would read it: no line starts a block,
// nothing inline becomes HTML, a link or a cell, and the reader still sees
// every character that was written.
func TestMarkdownBlockStartsNoBlock(t *testing.T) {
	for _, in := range hostileMarkdown {
		out := MarkdownBlock(in)
		for _, line := range strings.Split(out, "\n") {
			for _, b := range blockStart {
				if b.re.MatchString(line) {
					t.Errorf("MarkdownBlock(%q): line %q starts a %s", in, line, b.name)
				}
			}
			for _, l := range inlineLive {
				if l.re.MatchString(withoutCodeSpans(line)) {
					t.Errorf("MarkdownBlock(%q): line %q makes a %s", in, line, l.name)
				}
			}
		}
		if got, want := rendered(out), readable(in); got != want {
			t.Errorf("MarkdownBlock(%q) reads %q; want %q", in, got, want)
		}
	}
}

// TestMarkdownCellLinksNothing: in a table cell or after a list marker,
// text is inline only; a URL is code there too.
func TestMarkdownCellLinksNothing(t *testing.T) {
	for _, in := range hostileMarkdown {
		out := Markdown(in)
		for _, l := range inlineLive {
			if l.re.MatchString(withoutCodeSpans(out)) {
				t.Errorf("Markdown(%q) = %q makes a %s", in, out, l.name)
			}
		}
	}
	for in, want := range map[string]string{
		"see https://example.com/a_b.":   "see `https://example.com/a_b`.",
		"(https://example.com/a_(b))":    "(`https://example.com/a_(b)`)",
		"詳細は https://example.jp/をご覧ください": "詳細は `https://example.jp/`をご覧ください",
		"soc@vendor.example.jp, now":     "`soc@vendor.example.jp`, now",
		"sato@laptop":                    "sato@laptop",
		"10:00 www":                      "10:00 www",
	} {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q; want %q", in, got, want)
		}
	}
}

// rendered is what a reader sees of escaped Markdown: backslash escapes
// resolved, code spans (from an unescaped backquote to the next) shown
// as their text, and the two entities resolved.
func rendered(md string) string {
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		switch c := md[i]; {
		case c == '\\' && i+1 < len(md) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", md[i+1]) >= 0:
			b.WriteByte(md[i+1])
			i++
		case c == '`':
			end := strings.IndexByte(md[i+1:], '`')
			if end < 0 {
				b.WriteByte(c)
				continue
			}
			b.WriteString(md[i+1 : i+1+end])
			i += 1 + end
		default:
			b.WriteByte(c)
		}
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">").Replace(b.String())
}

// readable is the text MarkdownBlock is given, line by line as it keeps
// it: each line on one line, its ends trimmed.
func readable(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = OneLine(l)
	}
	return strings.Join(lines, "\n")
}
