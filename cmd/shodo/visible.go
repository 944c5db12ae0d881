package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// visible is the one guard at the CLI's edge for what shodo prints from
// disk — file names, ids, titles, the words of errors that carry them: a
// character that would act on the terminal or hide from the reader is
// written as its code point in angle brackets, <U+001B> for ESC, <U+202E>
// for a right-to-left override, and a byte that is not UTF-8 as <0xFF>.
// That covers C0 controls but "\n" and "\t", DEL, C1 controls, format
// characters (bidi controls, zero-width space and joiners, the BOM, tag
// characters) and the line and paragraph separators. Nothing is dropped, so
// a file named with an escape sequence can still be found from what was
// printed. Text without such characters is returned unchanged.
func visible(s string) string {
	i := strings.IndexFunc(s, hidden)
	if i < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "<0x%02X>", s[0])
		case hidden(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// hidden reports a rune that visible spells out.
func hidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// oneLine is visible for one cell or line: line breaks and tabs become a
// space, so a title cannot break a table or a line that scripts read.
func oneLine(s string) string {
	return visible(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, s))
}
