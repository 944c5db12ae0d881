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
		r.errorf(l, sub, "limit", "%q is %d bytes long; text may be at most %d bytes (16 KiB)", key, len(s), MaxTextBytes)
	}
	n := 0
	for _, ru := range s {
		n++
		if what := controlName(ru, kind); what != "" {
			r.errorf(l, sub, "control-char", "%q contains %s (character %d); control characters and escape sequences are not allowed in text, remove it", key, what, n)
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
		if controlName(ru, kind) != "" {
			return false
		}
	}
	return true
}

// controlName describes ru if it must not appear in text of the given kind.
func controlName(ru rune, kind textKind) string {
	switch {
	case ru == '\n' || ru == '\t':
		if kind == blockText {
			return ""
		}
		return fmt.Sprintf("a line break or tab (U+%04X)", ru)
	case ru == 0x1b:
		return "an escape character (U+001B, the start of a terminal escape sequence)"
	case ru < 0x20 || ru == 0x7f:
		return fmt.Sprintf("a control character (U+%04X)", ru)
	case ru >= 0x80 && ru <= 0x9f:
		return fmt.Sprintf("a C1 control character (U+%04X)", ru)
	case ru == 0x061c || ru == 0x200e || ru == 0x200f || ru >= 0x202a && ru <= 0x202e || ru >= 0x2066 && ru <= 0x2069:
		return fmt.Sprintf("a bidirectional control character (U+%04X) that can reorder what is shown", ru)
	}
	return ""
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

// checkID reports, at l.pos(sub), an id that is not valid for what.
func checkID(r *reporter, l loc, sub, what, id string) {
	if what == "runbook" && validRunbookID(id) || what != "runbook" && validID(id) {
		return
	}
	rule := "letters, digits, dashes and underscores"
	if what == "runbook" {
		rule = "lowercase letters, digits and dashes"
	}
	msg := fmt.Sprintf("%s id %q must be %s, at most %d characters", what, id, rule, maxIDLen)
	if s := slug(id); s != "" && s != id {
		msg += fmt.Sprintf(" (e.g. %q)", s)
	}
	r.errorf(l, sub, "bad-id", "%s", msg)
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
