package journal

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// decodeCanonical decodes a line in exactly the form encodeLine writes it —
// fields in order, no whitespace, strings without escapes or control
// characters, seq without leading zeros — into w, and reports whether it
// could. Every line Append writes has that form, so replay takes this path;
// anything else (an edited or foreign file) is left to encoding/json, which
// decides whether it is valid. On a line it accepts it yields what
// encoding/json would (see FuzzDecodeCanonical), so verification accepts and
// rejects exactly what it did before.
//
// It exists for speed: encoding/json's reflection took half of a replay,
// which must stay within twice a plain json.Unmarshal of the same lines
// while also hashing, decoding each payload and folding. The data object is
// still checked with json.Valid; its decoding is the caller's.
//
// line must already have passed parseLine's suffix check (it ends in
// `,"h":"<64 lowercase hex digits>"}`) and be valid UTF-8.
func decodeCanonical(line []byte, w *wireRecord) bool {
	c := canonical{b: line[:len(line)-hashSuffixLen]}
	if !c.literal(`{"seq":`) {
		return false
	}
	seq, ok := c.uint()
	if !ok || !c.literal(`,"id":`) {
		return false
	}
	var actor string
	if w.ID, ok = c.str(); !ok || !c.literal(`,"at":`) {
		return false
	}
	if w.At, ok = c.str(); !ok || !c.literal(`,"actor":`) {
		return false
	}
	if actor, ok = c.str(); !ok || !c.literal(`,"type":`) {
		return false
	}
	if w.Type, ok = c.str(); !ok {
		return false
	}
	if c.literal(`,"incident":`) {
		if w.Incident, ok = c.str(); !ok {
			return false
		}
	}
	if c.literal(`,"sim":`) {
		if w.Sim, ok = c.str(); !ok {
			return false
		}
	}
	if !c.literal(`,"data":`) {
		return false
	}
	// The data object runs to the hash suffix. It must be one JSON object
	// and nothing else: `{"a":1},"x":2` is not one value, so json.Valid
	// refuses it and encoding/json decides.
	data := c.b[c.i:]
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' || !json.Valid(data) {
		return false
	}
	w.Seq, w.Actor = &seq, &actor
	// A copy, as json.RawMessage makes: the line's buffer is reused.
	w.Data = bytes.Clone(data)
	w.H = string(line[len(line)-hashSuffixLen+len(hashPrefix) : len(line)-len(hashEnd)])
	return true
}

// canonical reads a canonical line from the front.
type canonical struct {
	b []byte
	i int
}

// literal consumes s if the line continues with it.
func (c *canonical) literal(s string) bool {
	if !bytes.HasPrefix(c.b[c.i:], []byte(s)) {
		return false
	}
	c.i += len(s)
	return true
}

// uint reads a JSON number that is a uint64 written without sign, fraction,
// exponent or leading zeros.
func (c *canonical) uint() (uint64, bool) {
	start := c.i
	for c.i < len(c.b) && c.b[c.i] >= '0' && c.b[c.i] <= '9' {
		c.i++
	}
	digits := c.b[start:c.i]
	if len(digits) == 0 || len(digits) > 1 && digits[0] == '0' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(digits), 10, 64)
	return n, err == nil
}

// str reads a JSON string with no escapes and no control characters, whose
// value is then its bytes.
func (c *canonical) str() (string, bool) {
	if c.i >= len(c.b) || c.b[c.i] != '"' {
		return "", false
	}
	start := c.i + 1
	for j := start; j < len(c.b); j++ {
		switch b := c.b[j]; {
		case b == '"':
			c.i = j + 1
			return string(c.b[start:j]), true
		case b == '\\' || b < 0x20:
			return "", false
		}
	}
	return "", false
}
