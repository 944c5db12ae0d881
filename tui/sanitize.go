package tui

import (
	"strings"

	"github.com/shodo-dev/shodo/internal/textsafe"
)

// Sanitize makes text from outside (runbooks, journals, names typed by other
// people) safe to draw: textsafe.Terminal, the sanitiser every output path
// of shodo shares. Escape sequences (CSI, OSC such as clipboard writes,
// window titles and hyperlinks, DCS, SOS, PM, APC, 7- and 8-bit) and other
// C0 and C1 controls are removed; characters that hide or reorder text
// (bidi controls, zero-width characters, tags, line separators) are shown
// as <U+XXXX>, never dropped silently; a byte that is not UTF-8 as <0xFF>.
func Sanitize(s string) string { return textsafe.Terminal(s) }

// oneLine sanitises s and flattens it to one line: line breaks and tabs
// become spaces, runs of ASCII spaces one space. Ideographic spaces stay:
// they are part of how Japanese text is written.
func oneLine(s string) string {
	s = Sanitize(s)
	if !strings.ContainsAny(s, "\n\t") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == '\n' || r == '\t' || r == ' ' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// paragraph sanitises block text for wrapping: tabs become spaces; line
// breaks stay.
func paragraph(s string) string {
	return strings.ReplaceAll(Sanitize(s), "\t", "  ")
}
