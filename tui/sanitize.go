package tui

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes text from outside (runbooks, journals, names typed by other
// people) safe to draw. It is an allow-list: it removes escape sequences
// whole (CSI, OSC such as clipboard writes and window titles, DCS, SOS, PM,
// APC, in their 7-bit and 8-bit forms), and drops C0 controls except "\n" and
// "\t", DEL, C1 controls (U+0080–U+009F) and the bidirectional controls that
// can reorder what a reader sees (U+061C, U+200E, U+200F, U+202A–U+202E,
// U+2066–U+2069). Invalid UTF-8 becomes U+FFFD.
//
// ansi.Strip is not enough: it keeps BEL, BS, CR and 8-bit CSI.
func Sanitize(s string) string {
	if clean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(rs, i)
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(rs, i+1)
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // OSC, DCS, SOS, PM, APC
			i = skipString(rs, i+1)
		case dropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean reports whether s needs no change, so that the common case costs
// one pass and no allocation.
func clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if dropped(r) || (r >= 0x80 && r <= 0x9f) {
			return false
		}
		i += size
	}
	return true
}

// dropped reports whether r is a control character that is never drawn.
func dropped(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// skipEscape returns the index of the last rune of the escape sequence
// that starts with the ESC at rs[i].
func skipEscape(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return i
	}
	switch rs[i+1] {
	case '[':
		return skipCSI(rs, i+2)
	case ']', 'P', 'X', '^', '_':
		return skipString(rs, i+2)
	}
	// ESC, intermediates (0x20–0x2F), then one final character.
	j := i + 1
	for j < len(rs) && rs[j] >= 0x20 && rs[j] <= 0x2f {
		j++
	}
	if j < len(rs) && rs[j] >= 0x30 && rs[j] <= 0x7e {
		return j
	}
	// Not a sequence: drop the ESC alone and keep what follows.
	return i
}

// skipCSI returns the index of the final byte of a control sequence whose
// parameters start at rs[j], or the last index when it never ends.
func skipCSI(rs []rune, j int) int {
	for ; j < len(rs); j++ {
		if rs[j] >= 0x40 && rs[j] <= 0x7e {
			return j
		}
		if rs[j] < 0x20 || rs[j] > 0x7e {
			// A control sequence holds only ASCII: anything else ends it
			// without a final byte; keep that character.
			return j - 1
		}
	}
	return len(rs) - 1
}

// skipString returns the index of the terminator (BEL, ESC \ or ST) of a
// control string whose body starts at rs[j], or the last index when it never
// ends: an unterminated string hides the rest, which is harmless.
func skipString(rs []rune, j int) int {
	for ; j < len(rs); j++ {
		switch rs[j] {
		case 0x07, 0x9c:
			return j
		case 0x1b:
			if j+1 < len(rs) && rs[j+1] == '\\' {
				return j + 1
			}
			return j
		}
	}
	return len(rs) - 1
}

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
