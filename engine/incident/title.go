package incident

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/shodo-dev/shodo/internal/textsafe"
)

// MaxTitle is the most characters an incident's title may have: a title
// names the incident on one line of a list, not its story (that is what
// notes are for).
const MaxTitle = 200

// CheckTitle refuses a title that cannot be shown as written on one line:
// one with control characters (newlines, tabs and escapes included; they
// would move a terminal's cursor or break a list's row), bidirectional
// format controls (they reorder what is shown), other invisible characters
// (zero-width space, BOM, line separator: shown as nothing, or as a break),
// or invalid UTF-8, or one
// longer than MaxTitle characters. A title is refused rather than
// cleaned: what is stored is what was typed, or nothing. An empty title
// is fine (none given).
func CheckTitle(title string) error {
	if !utf8.ValidString(title) {
		return refuse(ErrBadTitle, ErrBadTitle.Error()+": not valid UTF-8", "title-utf8")
	}
	for i, r := range title {
		if unicode.IsControl(r) || hidden(r) {
			return refuse(ErrBadTitle, fmt.Sprintf("%v: control character %U at byte %d", ErrBadTitle, r, i),
				"title-control", Code("Char", fmt.Sprintf("%U", r)), Number("Position", float64(utf8.RuneCountInString(title[:i])+1)))
		}
	}
	if n := utf8.RuneCountInString(title); n > MaxTitle {
		return refuse(ErrBadTitle, fmt.Sprintf("%v: %d characters, at most %d", ErrBadTitle, n, MaxTitle),
			"title-long", Number("Length", float64(n)), Number("Max", MaxTitle))
	}
	return nil
}

// hidden reports a character that hides or reorders text without being a
// control (textsafe.Invisible: bidi controls, zero-width space, word
// joiner, BOM, tag characters, line and paragraph separators…), except
// the zero-width joiner and non-joiner, which emoji and several scripts
// need to be written at all.
func hidden(r rune) bool {
	return textsafe.Invisible(r) && r != zeroWidthJoiner && r != zeroWidthNonJoiner
}

const (
	zeroWidthNonJoiner = 0x200C
	zeroWidthJoiner    = 0x200D
)
