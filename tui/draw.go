package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/textwrap"
)

// ellipsis marks text cut to fit. It is ASCII on purpose: "…" is East Asian
// Ambiguous and takes two cells in some Japanese terminal setups, which
// would push every cut line one cell past the edge.
const ellipsis = "..."

// width is the number of terminal cells s takes; escape sequences take none.
// Plain printable ASCII, most of every frame in English, is counted without
// grapheme segmentation.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || c < 0x20 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// cut shortens s (which may carry styling) to at most w cells, marking the
// cut with an ellipsis when there is room for one.
func cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	tail := ellipsis
	if w <= len(ellipsis)+1 {
		tail = ""
	}
	return ansi.Truncate(s, w, tail)
}

// fit cuts s to w cells and pads it with spaces to exactly w cells, so that
// blocks can be put side by side. A wide character that would straddle the
// edge is dropped and replaced by padding.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		s = cut(s, w)
		sw = width(s)
	}
	if pad := w - sw; pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// wrap breaks sanitised plain text into lines of at most w cells, the one
// way every text of the app is broken into lines: Unicode line breaking
// with the Japanese rules of where a line may not start or end, list items
// hung under their text (see textwrap.Lines). Existing line breaks stay.
func wrap(s string, w int) []string {
	return guard(textwrap.Lines(s, w), w)
}

// hang wraps text beside label: the first line starts with label, the
// others are indented under the text's first character.
func hang(label, text string, w int) []string {
	return guard(textwrap.Hanging(label, text, w), w)
}

// guard cuts a line wider than w: only a character wider than the whole
// line is, or one the terminal measures wider than Unicode says.
func guard(lines []string, w int) []string {
	for i, l := range lines {
		lines[i] = cut(l, w)
	}
	return lines
}

// block is a rectangle of text: every line exactly the same width.
type block []string

// frame makes lines into a block of exactly w×h cells: longer lines are cut,
// shorter ones padded, missing lines blank, extra lines dropped.
func frame(lines []string, w, h int) block {
	if h <= 0 || w <= 0 {
		return nil
	}
	out := make(block, h)
	for i := range out {
		if i < len(lines) {
			out[i] = fit(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return out
}

// beside puts blocks next to each other, separated by sep; all must have
// the same height.
func beside(sep string, blocks ...block) block {
	if len(blocks) == 0 {
		return nil
	}
	out := make(block, len(blocks[0]))
	for i := range out {
		var b strings.Builder
		for j, bl := range blocks {
			if j > 0 {
				b.WriteString(sep)
			}
			if i < len(bl) {
				b.WriteString(bl[i])
			}
		}
		out[i] = b.String()
	}
	return out
}

// rule is a horizontal line of w cells with an optional title. ASCII again:
// box-drawing characters are East Asian Ambiguous.
func rule(title string, w int) string {
	if w <= 0 {
		return ""
	}
	if title == "" {
		return strings.Repeat("-", w)
	}
	head := "-- " + title + " "
	return fit(head+strings.Repeat("-", max(0, w-width(head))), w)
}

// labelPrefix is an action's name as the head of its label ("Waive: ",
// "対応不要："): the separator is the language's own.
func labelPrefix(tx *i18n.Catalog, id string) string {
	return tx.T("tui.label-prefix", "Action", tx.T(id))
}

// sentences joins two sentences as the language does: with a space in
// English, and with none after a Japanese 。.
func sentences(tx *i18n.Catalog, first, second string) string {
	return tx.T("tui.dialog.two-sentences", "First", first, "Second", second)
}
