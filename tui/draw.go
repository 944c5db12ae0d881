package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/internal/i18n"
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

// wrap breaks sanitised plain text into lines of at most w cells. Latin
// text breaks at spaces; Japanese text, which has none, may break between
// any two wide characters, except before closing punctuation and small kana
// ("、", "。", "」", "っ") and after opening brackets ("「", "（"), the basic
// line-breaking rules (kinsoku) a Japanese reader expects. A word longer
// than a line is cut where it must. Existing line breaks stay.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, w)...)
	}
	return out
}

// cluster is one grapheme cluster and the cells it takes.
type cluster struct {
	text  string
	width int
}

func (c cluster) space() bool { return c.text == " " }

// Characters a Japanese line must not start with, or end with.
const (
	noLineStart = "、。，．・：；？！ー）」』】〕〉》ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;!?)]}%"
	noLineEnd   = "（「『【〔〈《([{"
)

// breakBefore reports whether a line may end just before cur[i].
func breakBefore(cur []cluster, i int) bool {
	if i <= 0 || i > len(cur) {
		return false
	}
	prev := cur[i-1]
	if prev.space() {
		return true
	}
	if i == len(cur) {
		return false
	}
	next := cur[i]
	if next.space() {
		return true
	}
	if prev.width < 2 && next.width < 2 {
		return false // inside a Latin word
	}
	return !strings.Contains(noLineStart, next.text) && !strings.Contains(noLineEnd, prev.text)
}

func wrapLine(s string, w int) []string {
	if s == "" {
		return []string{""}
	}
	var lines []string
	var cur []cluster
	curW := 0
	emit := func(upto int) {
		line := cur[:upto]
		for len(line) > 0 && line[len(line)-1].space() {
			line = line[:len(line)-1]
		}
		var b strings.Builder
		for _, c := range line {
			b.WriteString(c.text)
		}
		lines = append(lines, b.String())
		rest := cur[upto:]
		for len(rest) > 0 && rest[0].space() {
			rest = rest[1:]
		}
		cur = append([]cluster(nil), rest...)
		curW = 0
		for _, c := range cur {
			curW += c.width
		}
	}
	for s != "" {
		text, cw := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		s = s[len(text):]
		c := cluster{text: text, width: cw}
		if c.space() && len(cur) == 0 && len(lines) > 0 {
			continue // no line starts with the space it broke at
		}
		if curW+cw > w && len(cur) > 0 {
			// Break at the last place allowed, counting the place just
			// before c; with none, cut the word where it reaches the edge.
			cur = append(cur, c)
			at := -1
			for i := len(cur) - 1; i > 0; i-- {
				if breakBefore(cur, i) {
					at = i
					break
				}
			}
			cur = cur[:len(cur)-1]
			if at <= 0 {
				at = len(cur)
			}
			if at > len(cur) {
				at = len(cur)
			}
			emit(at)
			if c.space() && len(cur) == 0 {
				continue
			}
		}
		cur = append(cur, c)
		curW += cw
	}
	if len(cur) > 0 || len(lines) == 0 {
		emit(len(cur))
	}
	for i, l := range lines {
		lines[i] = cut(l, w) // a guard: only a cluster wider than w is cut
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
