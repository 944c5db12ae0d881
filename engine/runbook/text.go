package runbook

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// textKind says which characters a text value may hold.
type textKind int

const (
	lineText  textKind = iota // titles, labels, questions, references: one line
	blockText                 // hints, scopes, summaries, messages: newlines and tabs allowed
)

const maxIDLen = 64

// checkText reports a value that is too long or carries characters that
// could rewrite a responder's terminal (escape sequences, C0/C1 controls,
// DEL) or reorder what they read (bidi controls). Runbooks come from other
// people; the UI sanitises too, but an author should hear about it first.
// Problems are reported at l.pos(sub): the caller passes its table and the
// key rather than the key's own location, whose path would be built for
// every value but needed only for the rare one that has a problem.
func checkText(r *reporter, l loc, sub, key, s string, kind textKind) {
	if len(s) > MaxTextBytes {
		r.fail(l, sub, msgTextTooLong, Quoted("Key", key), Number("Size", len(s)), Number("Max", MaxTextBytes))
	}
	n := 0
	for _, ru := range s {
		n++
		if isControl(ru, kind) {
			r.fail(l, sub, msgControlChar, Quoted("Key", key), Part("Char", controlName(ru)), Number("N", n))
			return
		}
	}
}

// textClean reports whether checkText would find nothing in s, without
// building anything: callers check a value first and name its place only
// when it has a problem.
func textClean(s string, kind textKind) bool {
	if len(s) > MaxTextBytes {
		return false
	}
	for _, ru := range s {
		if ru >= 0x20 && ru < 0x7f {
			continue // printable ASCII: never a problem
		}
		if isControl(ru, kind) {
			return false
		}
	}
	return true
}

// isControl reports whether ru must not appear in text of the given kind.
func isControl(ru rune, kind textKind) bool {
	switch {
	case ru == '\n' || ru == '\t':
		return kind != blockText
	case ru < 0x20 || ru == 0x7f, ru >= 0x80 && ru <= 0x9f:
		return true
	}
	return isBidiControl(ru)
}

func isBidiControl(ru rune) bool {
	return ru == 0x061c || ru == 0x200e || ru == 0x200f || ru >= 0x202a && ru <= 0x202e || ru >= 0x2066 && ru <= 0x2069
}

// controlName describes ru, a character isControl refuses.
func controlName(ru rune) Msg {
	code := fmt.Sprintf("U+%04X", ru)
	switch {
	case ru == '\n' || ru == '\t':
		return msgCharLineBreak.With(Plain("Code", code))
	case ru == 0x1b:
		return msgCharEscape.With()
	case ru < 0x20 || ru == 0x7f:
		return msgCharControl.With(Plain("Code", code))
	case ru >= 0x80 && ru <= 0x9f:
		return msgCharC1.With(Plain("Code", code))
	}
	return msgCharBidi.With(Plain("Code", code))
}

// validID reports whether id can name something in a runbook: ASCII
// letters, digits, "-" and "_", starting with a letter or digit, so that it
// can be written in triggers ("rank:A") and answers ("node/option"). Runbook
// ids are stricter (see validRunbookID): they are typed on command lines.
func validID(id string) bool {
	if id == "" || len(id) > maxIDLen || id[0] == '-' || id[0] == '_' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !isBareKeyByte(id[i]) {
			return false
		}
	}
	return true
}

// validRunbookID reports whether id is a lowercase slug: [a-z0-9][a-z0-9-]*.
func validRunbookID(id string) bool {
	if !validID(id) {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c >= 'A' && c <= 'Z' || c == '_' {
			return false
		}
	}
	return true
}

// checkID reports, at l.pos(sub), an id that is not valid for a kind of
// thing (role, duty, node, …).
func checkID(r *reporter, l loc, sub string, kind Message, id string) {
	if !validID(id) {
		r.fail(l, sub, msgBadID, Part("Kind", kind.With()), Quoted("ID", id), Number("Max", maxIDLen), Part("Hint", slugHint(id)))
	}
}

// checkRunbookID reports, at l.pos(sub), a runbook id that is not a slug.
func checkRunbookID(r *reporter, l loc, sub string, id string) {
	if !validRunbookID(id) {
		r.fail(l, sub, msgBadRunbookID, Quoted("ID", id), Number("Max", maxIDLen), Part("Hint", slugHint(id)))
	}
}

// slugHint suggests an id for text that is not one: ` (e.g. "change")`.
func slugHint(id string) Msg {
	if s := slug(id); s != "" && s != id {
		return msgHintExample.With(Quoted("Example", s))
	}
	return Msg{}
}

// slug suggests an id for text that is not one.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, ru := range strings.ToLower(s) {
		switch {
		case ru >= 'a' && ru <= 'z' || ru >= '0' && ru <= '9':
			b.WriteRune(ru)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > maxIDLen {
		out = out[:maxIDLen]
	}
	return out
}

// suggest returns the candidate closest to s, if it is close enough to be
// a likely typo.
func suggest(s string, candidates []string) string {
	if near := Suggestions(s, candidates); len(near) > 0 {
		return near[0]
	}
	return ""
}

// Suggestions returns the candidates close enough to s to be likely typos
// of it, nearest first (alphabetically among equals): the "did you mean"
// of diagnostics and of unknown ids on the command line. It is empty when
// s is itself a candidate.
func Suggestions(s string, candidates []string) []string {
	type near struct {
		c    string
		dist int
	}
	limit := max(1, min(3, utf8.RuneCountInString(s)/3))
	var found []near
	for _, c := range candidates {
		d := editDistance(s, c)
		if d == 0 {
			return nil
		}
		if d <= limit && !slices.ContainsFunc(found, func(n near) bool { return n.c == c }) {
			found = append(found, near{c, d})
		}
	}
	slices.SortFunc(found, func(a, b near) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.c, b.c)
	})
	out := make([]string, len(found))
	for i, n := range found {
		out[i] = n.c
	}
	return out
}

// editDistance is the Levenshtein distance over runes, with adjacent
// transpositions counted as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
