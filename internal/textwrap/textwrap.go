// Package textwrap breaks plain text into lines that fit a width in
// terminal cells: where Unicode line breaking (UAX #14) allows a break,
// tailored by the Japanese rules of where a line may not start or end
// (禁則処理), with continuation lines hung under the first line's text.
//
// It is the one line breaker of shodo: the terminal app and any text
// export that wraps call it, so a runbook's sentence breaks the same way
// on every screen. It knows no styling: callers pass sanitised text.
package textwrap

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Lines breaks s into lines of at most width cells (an East Asian wide
// character takes two). The line breaks in s stay. Each paragraph's
// continuation lines are indented under its text: past its own leading
// spaces and a list marker ("- ", "* ", "• ", "・", "1. ").
//
// A line breaks where UAX #14 allows it, never before closing punctuation,
// small kana or a prolonged sound mark (、。）」ー・ッ！？), never after an
// opening bracket (（「『【), and never between a digit and the ideograph
// next to it ("第7条", "72時間"). Among the allowed places near the end of
// a line it prefers one after punctuation or a space, or where the script
// changes (アカウント・|通信), to one inside a word. A word longer than a
// line is cut where it reaches the edge, and only then. The spaces a line
// breaks at are dropped; nothing else is lost or reordered. A single
// character wider than width stands alone on its line. width <= 0 gives
// no lines.
func Lines(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		indent := markerWidth(para)
		out = append(out, breakParagraph(para, width, indent, indent)...)
	}
	return out
}

// Hanging breaks text into lines of at most width cells, the first one
// starting with label and every other line indented by label's width, so
// that the text reads as a column beside its label or bullet:
//
//	Due: call the vendor's support
//	     desk within one hour
//
// A line break in text starts a new line at the same indent. A label
// wider than half the width gives up the indent: the text then uses every
// cell of the continuation lines.
func Hanging(label, text string, width int) []string {
	if width <= 0 {
		return nil
	}
	indent := uniseg.StringWidth(label)
	if indent > width/2 {
		indent = 0
	}
	pad := strings.Repeat(" ", indent)
	var out []string
	for i, para := range strings.Split(text, "\n") {
		head := pad
		if i == 0 {
			head = label
		}
		lines := breakParagraph(head+para, width, uniseg.StringWidth(head), indent)
		out = append(out, lines...)
	}
	return out
}

// Width is the number of cells s takes on a terminal, as Lines counts them.
func Width(s string) int {
	return uniseg.StringWidth(s)
}

// markerWidth is the width of a paragraph's leading spaces and list
// marker: the indent its continuation lines take.
func markerWidth(s string) int {
	rest := strings.TrimLeft(s, " ")
	lead := len(s) - len(rest)
	// "・ " before "・": the longer marker wins.
	for _, m := range []string{"- ", "* ", "• ", "・ ", "・"} {
		if strings.HasPrefix(rest, m) && len(rest) > len(m) {
			return lead + uniseg.StringWidth(m)
		}
	}
	// "1. ", "12) ": a number and its mark, then a space.
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits <= 3 && len(rest) > digits+2 && (rest[digits] == '.' || rest[digits] == ')') && rest[digits+1] == ' ' {
		return lead + digits + 2
	}
	return lead
}

// unit is one grapheme cluster of a paragraph.
type unit struct {
	text  string
	width int
	// breakAfter: a line may end after this cluster.
	breakAfter bool
	space      bool
}

// noStart holds what no line may start with (行頭禁則): closing brackets and
// punctuation, iteration marks, small kana and the prolonged sound mark,
// and their ASCII cousins. UAX #14 already forbids most of them; the list
// makes the rule explicit and covers the full-width forms it allows.
const noStart = "、。，．・：；？！‼⁇⁈⁉ー―‐〜～…‥）」』】〕〉》〙〗〟’”ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ゠ｧｨｩｪｫｯｬｭｮｰ｡､｣,.:;!?)]}%"

// afterPunctuation holds what a line ends well after: the end of a
// clause or a bracket, a dash or a slash.
const afterPunctuation = "、。，．・：；？！‼）」』】〕〉》,.:;!?)]}/／-"

// noEnd holds what no line may end with (行末禁則): opening brackets.
const noEnd = "（「『【〔〈《〘〖〝‘“([{｢"

// breakParagraph breaks s (no "\n") into lines of at most width cells. The
// first line's first skip cells are fixed (a label or indent the caller
// put there) and never a place to break; continuation lines start with
// indent spaces.
func breakParagraph(s string, width, skip, indent int) []string {
	if s == "" {
		return []string{""}
	}
	units := segment(s)
	// No break inside the label a caller put before the text, nor inside
	// a paragraph's own leading spaces and list marker.
	fixed := 0 // units in the skip
	for w := 0; fixed < len(units) && w < skip; fixed++ {
		w += units[fixed].width
		units[fixed].breakAfter = false
	}
	if width-indent < min(8, width) {
		indent = 0 // too narrow to hang: the text needs the cells
	}
	pad := strings.Repeat(" ", indent)
	var lines []string
	start, first := 0, true
	for start < len(units) {
		room := width
		if !first {
			room = width - indent
		}
		floor := start + 1
		if first {
			floor = max(floor, fixed)
		}
		end := lineEnd(units, start, room, floor)
		var b strings.Builder
		if !first {
			b.WriteString(pad)
		}
		last := end
		for last > start && units[last-1].space {
			last-- // the spaces a line breaks at are dropped
		}
		for _, u := range units[start:last] {
			b.WriteString(u.text)
		}
		lines = append(lines, b.String())
		start, first = end, false
		for start < len(units) && units[start].space {
			start++ // and the spaces after them, if any
		}
	}
	if len(lines) == 0 {
		lines = []string{""} // a paragraph of spaces only
	}
	return lines
}

// segment splits s into grapheme clusters, each with its width and whether
// a line may end after it: UAX #14 tailored by the Japanese rules.
func segment(s string) []unit {
	var units []unit
	state := -1
	for s != "" {
		var c string
		var boundaries int
		c, s, boundaries, state = uniseg.StepString(s, state)
		units = append(units, unit{
			text:       c,
			width:      boundaries >> uniseg.ShiftWidth,
			breakAfter: boundaries&uniseg.MaskLine != uniseg.LineDontBreak,
			space:      c == " ",
		})
	}
	keepURLsWhole(units)
	for i := 0; i+1 < len(units); i++ {
		cur, next := units[i], units[i+1]
		if !cur.breakAfter {
			continue
		}
		switch {
		case cur.space:
			// UAX #14 breaks after a run of spaces: that stands.
		case next.space:
			units[i].breakAfter = false // break after the spaces instead
		case oneOf(noStart, next.text), oneOf(noEnd, cur.text):
			units[i].breakAfter = false
		case numberWord(units, i):
			units[i].breakAfter = false
		case cur.text == "/" && i > 0 && script(units[i-1].text) == latin && script(next.text) == latin:
			units[i].breakAfter = false // "up/dn", "and/or" are one word
		}
	}
	return units
}

// keepURLsWhole takes the breaks out of every URL (http:// or https://
// up to the next space): a responder copies a URL from one line. A URL
// longer than a line is then cut where it reaches the edge.
func keepURLsWhole(units []unit) {
	for i := 0; i < len(units); i++ {
		if !urlAt(units, i) {
			continue
		}
		for ; i+1 < len(units) && !units[i+1].space; i++ {
			units[i].breakAfter = false
		}
	}
}

// urlAt reports whether a URL starts at units[i].
func urlAt(units []unit, i int) bool {
	if i > 0 && !units[i-1].space && script(units[i-1].text) == latin {
		return false // "xhttp://" is not a URL's start
	}
	var b strings.Builder
	for j := i; j < len(units) && j < i+8; j++ {
		b.WriteString(units[j].text)
	}
	s := b.String()
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// oneOf reports whether cluster c is one of the characters of set.
func oneOf(set, c string) bool {
	return c != "" && strings.Contains(set, c) && utf8.RuneCountInString(c) == 1
}

// numberWord reports whether the place after units[i] is inside a number
// and its words: the ideograph before a digit ("第7") and up to two after
// it ("72時間", "3営業"), so "第7条" and "72時間" read as one word.
func numberWord(units []unit, i int) bool {
	cur, next := units[i].text, units[i+1].text
	if isIdeograph(cur) && isDigit(next) {
		return true
	}
	if !isIdeograph(next) {
		return false
	}
	for back := i; back >= 0 && back > i-2; back-- {
		if isDigit(units[back].text) {
			return true
		}
		if !isIdeograph(units[back].text) {
			return false
		}
	}
	return false
}

func isDigit(c string) bool {
	r := firstRune(c)
	return (r >= '0' && r <= '9') || (r >= '０' && r <= '９')
}

func isIdeograph(c string) bool {
	r := firstRune(c)
	return unicode.Is(unicode.Han, r) || r == '々' || r == 'ヶ'
}

func firstRune(c string) rune {
	for _, r := range c {
		return r
	}
	return 0
}

// lineEnd is the index after the last unit of the line that starts at
// units[start] and has room cells: the best allowed break that fits, or,
// with none, as many units as fit. A cut word gives a character or two
// back to keep a closing mark off the next line, never below floor.
func lineEnd(units []unit, start, room, floor int) int {
	type candidate struct{ end, content, quality int }
	var candidates []candidate
	used, fits := 0, start
	for i := start; i < len(units); i++ {
		used += units[i].width
		content := used - trailingSpaceWidth(units, start, i+1)
		if content > room {
			break
		}
		if i+1 == len(units) {
			return len(units) // the rest fits
		}
		fits = i + 1
		if units[i].breakAfter {
			candidates = append(candidates, candidate{i + 1, content, quality(units, i)})
		}
	}
	if len(candidates) == 0 {
		// A word longer than the line: cut it where it reaches the edge,
		// but keep a closing mark off the next line's start if a
		// character or two of the word can go with it.
		for back := 0; back < 2 && fits-1 >= floor && fits < len(units) && oneOf(noStart, units[fits].text); back++ {
			fits--
		}
		return max(fits, start+1)
	}
	// The furthest break wins, unless a better kind of break keeps the
	// line nearly as full.
	best := candidates[len(candidates)-1]
	for i := len(candidates) - 2; i >= 0; i-- {
		c := candidates[i]
		if c.content < room-slack(room) {
			break
		}
		if c.quality > best.quality {
			best = c
		}
	}
	// A katakana word is not split while a break outside one keeps at
	// least half the line: "セキュリティインシデン|ト" reads as two words.
	if best.quality < 0 {
		for i := len(candidates) - 1; i >= 0 && candidates[i].content >= room/2; i-- {
			if candidates[i].quality >= 0 {
				return candidates[i].end
			}
		}
	}
	return best.end
}

func trailingSpaceWidth(units []unit, start, end int) int {
	w := 0
	for i := end - 1; i >= start && units[i].space; i-- {
		w += units[i].width
	}
	return w
}

// slack is how many cells at the end of a line a better break may leave
// empty: a fifth of the line, at most 8.
func slack(room int) int {
	return min(room/5, 8)
}

// quality ranks the break after units[i]: 2 after a space or punctuation,
// 1 where the script changes (kanji and katakana words, a particle before
// a new word), 0 inside a run of one script, -1 inside a katakana word
// (a loanword is one word however long).
func quality(units []unit, i int) int {
	cur, next := units[i], units[i+1]
	if cur.space || oneOf(afterPunctuation, cur.text) {
		return 2
	}
	a, b := script(cur.text), script(next.text)
	switch {
	case a == katakana && b == katakana:
		return -1
	case a == b:
		return 0
	case a == han && b == hiragana:
		return 0 // okurigana: 書|く is inside a word
	default:
		return 1
	}
}

type scriptKind int

const (
	other scriptKind = iota
	han
	hiragana
	katakana
	latin
)

func script(c string) scriptKind {
	r := firstRune(c)
	switch {
	case isIdeograph(c):
		return han
	case unicode.Is(unicode.Hiragana, r):
		return hiragana
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return katakana
	case r < 0x2000:
		return latin
	}
	return other
}
