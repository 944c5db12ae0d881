package main

import (
	"strings"

	"github.com/shodo-dev/shodo/internal/textsafe"
)

// visible is the CLI's guard for what shodo prints from disk — file names,
// ids, titles, the words of errors that carry them: textsafe.Visible, so a
// character that would act on the terminal or hide from the reader is
// written as its code point in angle brackets, <U+001B> for ESC, <U+202E>
// for a right-to-left override, and a byte that is not UTF-8 as <0xFF>.
// Nothing is dropped, so a file named with an escape sequence can still be
// found from what was printed. Text without such characters is returned
// unchanged. Journal text that is not a name goes through textsafe.Terminal
// first (see journalText).
func visible(s string) string { return textsafe.Visible(s) }

// journalText is text from a journal or its embedded runbook printed on a
// terminal: escape sequences removed, invisible characters shown.
func journalText(s string) string { return textsafe.Terminal(s) }

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
