// Package textsafe is the one sanitiser for text shodo did not write —
// runbooks, journals (the chain has no secret: anyone can craft one),
// names typed by other people, file names — with one function per edge it
// reaches:
//
//   - Visible, for names and paths the CLI prints: every control and
//     invisible character is written as its code point, <U+001B>; nothing
//     is dropped, so what was printed can still be found.
//   - Terminal, for journal and runbook text drawn on a terminal: escape
//     sequences (CSI, OSC such as OSC 52 clipboard writes and OSC 8
//     hyperlinks, DCS, SOS, PM, APC, 7- and 8-bit) and the other C0 and C1
//     controls are removed; characters that hide or reorder text (bidi
//     controls, zero-width characters, tags, the BOM, line and paragraph
//     separators: Unicode's format characters, Cf) are shown as <U+XXXX>,
//     never silently kept or dropped.
//   - Markdown and MarkdownBlock, for Markdown files: Terminal, then the
//     markup that could format the page, hide text or forge a table row
//     escaped, bare URLs written as code, and no line starting a block.
//   - CSV, for spreadsheet cells: Terminal, and no cell can start a
//     formula.
//   - JSON, for JSON and JSON Lines output: every invisible character left
//     in the encoded bytes is written as a \u escape, which any JSON reader
//     decodes back; message fields take Terminal first.
//
// Text with nothing to change is returned as it is, without allocating.
package textsafe

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Invisible reports a character that hides or reorders text without being
// a control: Unicode's format characters (bidi controls and isolates,
// zero-width space and joiners, the BOM, tag characters, soft hyphen…) and
// the line and paragraph separators, which many renderers take as line
// breaks.
func Invisible(r rune) bool {
	return r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r)
}

// control reports a C0 control other than "\n" and "\t", DEL, or a C1
// control.
func control(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r)
}

// Visible writes every control character but "\n" and "\t", and every
// invisible one, as its code point in angle brackets (<U+001B>, <U+202E>),
// and a byte that is not UTF-8 as <0xFF>. Nothing is dropped.
func Visible(s string) string {
	if !needs(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "<0x%02X>", s[0])
		case control(r) || Invisible(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// needs reports whether s holds invalid UTF-8, a control character other
// than "\n" and "\t", or an invisible one: one pass over ASCII bytes, runes
// decoded only above it.
func needs(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || control(r) || Invisible(r) {
			return true
		}
		i += n
	}
	return false
}

// Terminal makes text safe to draw on a terminal: escape sequences are
// removed whole, other C0 controls but "\n" and "\t", DEL and C1 controls
// are removed, and invisible characters (Invisible) and bytes that are not
// UTF-8 are shown as <U+XXXX> and <0xXX>. ansi.Strip is not enough: it
// keeps BEL, BS, CR and 8-bit CSI.
func Terminal(s string) string {
	if !needs(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "<0x%02X>", s[i])
		case r == 0x1b: // ESC
			n = escapeLen(s[i:])
		case r == 0x9b: // 8-bit CSI
			n += csiLen(s[i+n:])
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // DCS, SOS, OSC, PM, APC
			n += stringLen(s[i+n:])
		case control(r):
		case Invisible(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// escapeLen is the length of the escape sequence at the start of s (which
// begins with ESC): a CSI, a control string, or ESC with intermediates and
// a final byte; an ESC that starts none of them is one byte long.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringLen(s[2:])
	}
	j := 1
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
		return j + 1
	}
	return 1
}

// csiLen is the length of a control sequence's parameters and final byte
// at the start of s. A control sequence holds only ASCII: anything else
// ends it without a final byte, and is kept.
func csiLen(s string) int {
	for j := 0; j < len(s); j++ {
		switch c := s[j]; {
		case c >= 0x40 && c <= 0x7e:
			return j + 1
		case c < 0x20 || c > 0x7e:
			return j
		}
	}
	return len(s)
}

// stringLen is the length of a control string's body and terminator (BEL,
// ESC \ or ST) at the start of s; an unterminated string runs to the end,
// which hides the rest: harmless, and no worse than what a terminal does.
func stringLen(s string) int {
	for j := 0; j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		switch {
		case r == 0x07 || r == 0x9c:
			return j + n
		case r == 0x1b:
			if j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
			return j
		}
		j += n
	}
	return len(s)
}

// OneLine is Terminal for one line or cell: every run of white space
// (line breaks, tabs, Unicode spaces) becomes one space, and the ends are
// trimmed. The separators a renderer might break lines at (U+2028, U+2029)
// are shown by Terminal first, not silently taken as spaces.
func OneLine(s string) string {
	return strings.Join(strings.Fields(Terminal(s)), " ")
}

// markdownEscaper escapes what could format a Markdown page or break a
// table: pipes end a cell, brackets make links, < starts HTML (comments
// that hide text included), and emphasis, code and headings change what a
// reader sees.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`)

// Markdown makes text safe for one Markdown table cell or inline run: one
// line (a line break would end the row and let the text forge the next),
// terminal-safe, its markup escaped, and every bare URL or e-mail address
// written as code, which no renderer turns into a link (GFM's autolink
// extension links "www.…", "https://…" and "name@host.tld" in plain text).
func Markdown(s string) string {
	s = OneLine(s)
	var links [][]int
	if mayLink(s) {
		links = markdownLink().FindAllStringIndex(s, -1)
	}
	if links == nil {
		return markdownEscaper.Replace(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 4*len(links))
	last := 0
	for _, l := range links {
		url := trimLinkEnd(s[l[0]:l[1]])
		b.WriteString(markdownEscaper.Replace(s[last:l[0]]))
		// A URL holds no backquote (markdownLink stops at one), so one
		// backquote on each side makes a code span of it.
		b.WriteString("`" + url + "`")
		last = l[0] + len(url)
	}
	b.WriteString(markdownEscaper.Replace(s[last:]))
	return b.String()
}

// markdownLink finds what GFM's autolink extension would make a link: a
// URL with a scheme, "www.", or an e-mail address, running over printable
// ASCII but for what ends a table cell, starts HTML or closes a code span
// (| < > `); text after it in another script (a Japanese sentence that
// goes on without a space) is not part of it.
var markdownLink = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:(?:https?|ftp)://|mailto:|xmpp:|www\.)[!-;=?-_a-{}~]+|[a-z0-9.+_-]+@[a-z0-9_-]+(?:\.[a-z0-9_-]+)+`)
})

// mayLink reports whether s could hold what markdownLink finds, without
// running the expression over every cell of a 100,000-event timeline.
func mayLink(s string) bool {
	if strings.Contains(s, "://") || strings.Contains(s, "@") {
		return true
	}
	for i := strings.IndexByte(s, ':'); i >= 0; {
		if before := strings.ToLower(s[max(0, i-6):i]); strings.HasSuffix(before, "mailto") || strings.HasSuffix(before, "xmpp") {
			return true
		}
		next := strings.IndexByte(s[i+1:], ':')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	for i := strings.IndexByte(s, '.'); i >= 0; {
		if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
			return true
		}
		next := strings.IndexByte(s[i+1:], '.')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// trimLinkEnd leaves out the punctuation that ends a sentence rather than
// a URL ("see https://example.com/."), and a closing parenthesis that has
// no opening one inside it, as GFM does.
func trimLinkEnd(url string) string {
	for {
		trimmed := strings.TrimRight(url, `.,:;!?'"*_~`)
		if strings.HasSuffix(trimmed, ")") && strings.Count(trimmed, "(") < strings.Count(trimmed, ")") {
			trimmed = trimmed[:len(trimmed)-1]
		}
		if trimmed == url {
			return url
		}
		url = trimmed
	}
}

// MarkdownBlock is Markdown for several lines, kept as lines (a blank
// line still separates paragraphs), where no line can start a block: a
// heading (#), a rule or a setext underline (---, ===), a list item (-, +,
// "1." or "1)"), a fence (~~~); the others (*, _, >, <, `, |, [, four
// spaces) are escaped or trimmed by Markdown already.
func MarkdownBlock(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = escapeBlockStart(Markdown(l))
	}
	return strings.Join(lines, "\n")
}

// escapeBlockStart puts a backslash before the character that would make
// a line start a block. CommonMark lets a backslash escape any ASCII
// punctuation, and the reader sees the character alone.
func escapeBlockStart(line string) string {
	if line == "" {
		return line
	}
	switch line[0] {
	case '#', '-', '+', '=', '~':
		return `\` + line
	}
	digits := 0
	for digits < len(line) && line[digits] >= '0' && line[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(line) && (line[digits] == '.' || line[digits] == ')') {
		return line[:digits] + `\` + line[digits:]
	}
	return line
}

// CSV makes text safe for one spreadsheet cell: terminal-safe, and unable
// to start a formula. A cell whose first character other than spaces is
// = + - @ (or their full-width forms, which some spreadsheets also read),
// a tab or a carriage return gets a leading apostrophe, which spreadsheets
// take as "text".
func CSV(s string) string {
	s = Terminal(s)
	t := strings.TrimLeft(s, " \u3000")
	if t == "" {
		return s
	}
	switch r, _ := utf8.DecodeRuneInString(t); r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}

// JSON writes every invisible character, DEL and C1 control left in
// encoded JSON as a \u escape (two, a surrogate pair, above U+FFFF), so that
// the file shows them and holds no raw control byte, while any JSON reader
// decodes the same text. encoding/json already escapes C0 controls and
// U+2028/U+2029 in strings, and has made invalid UTF-8 U+FFFD; the white
// space between its tokens ("\n", " ") is left alone. In valid JSON the
// characters escaped here can only be inside strings, where the escape
// means the same.
func JSON(encoded []byte) []byte {
	if jsonClean(encoded) {
		return encoded
	}
	var b bytes.Buffer
	b.Grow(len(encoded) + 16)
	for i := 0; i < len(encoded); {
		r, n := utf8.DecodeRune(encoded[i:])
		switch {
		case !jsonEscaped(r):
			b.Write(encoded[i : i+n])
		case r > 0xffff:
			r1, r2 := utf16Pair(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.Bytes()
}

// jsonClean reports whether encoded holds nothing JSON escapes: one pass
// that decodes only bytes from DEL up (everything below is ASCII that
// stays), since exports are mostly ASCII and run to many megabytes.
func jsonClean(encoded []byte) bool {
	for i := 0; i < len(encoded); {
		c := encoded[i]
		if c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRune(encoded[i:])
		if jsonEscaped(r) {
			return false
		}
		i += n
	}
	return true
}

// jsonEscaped reports a rune JSON writes as an escape: an invisible
// character, DEL or a C1 control (encoding/json leaves them raw).
func jsonEscaped(r rune) bool {
	return r == 0x7f || r >= 0x80 && r <= 0x9f || Invisible(r)
}

// utf16Pair is r's UTF-16 surrogate pair.
func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}
