package i18n

import (
	"strings"
	"unicode/utf8"
)

// The letters of a pseudo-localised string: each ASCII letter becomes a
// look-alike outside ASCII, so a pseudo-locale string keeps no ASCII letter
// and any English word on a pseudo-locale screen came from somewhere other
// than the catalogue.
const (
	plainLetters  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	pseudoLetters = "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
)

func pseudoLetter(r rune) (rune, bool) {
	i := strings.IndexRune(plainLetters, r)
	if i < 0 {
		return r, false
	}
	return []rune(pseudoLetters)[i], true
}

// pseudo turns one English message into its pseudo-locale form: bracketed,
// every letter accented, template actions ({{.Duty}}) kept as they are, and
// lengthened by about 40% so that layouts show where a longer language would
// be cut.
func pseudo(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("[")
	letters := 0
	for len(s) > 0 {
		if strings.HasPrefix(s, "{{") {
			end := strings.Index(s, "}}")
			if end < 0 {
				end = len(s) - 2
			}
			b.WriteString(s[:end+2])
			s = s[end+2:]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		if p, ok := pseudoLetter(r); ok {
			b.WriteRune(p)
			letters++
		} else {
			b.WriteRune(r)
		}
		s = s[size:]
	}
	b.WriteString(strings.Repeat("~", (letters*2+4)/5))
	b.WriteString("]")
	return b.String()
}
