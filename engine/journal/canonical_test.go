package journal

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// Verification accepts a record id only in the form Append writes it:
// uuid.Parse alone would also take upper case, braces, URNs and no hyphens.
func TestParseLineRejectsNonCanonicalIDs(t *testing.T) {
	id := uuid.Must(uuid.NewV7())
	canonical := id.String()
	prev := chainSeed("INC-TEST")
	// lineWithID is a record whose id is written as s, correctly chained,
	// so that only the id can be wrong with it.
	lineWithID := func(s string) []byte {
		e := benchEntry(1)
		line := encodeLine(record{seq: 1, id: id, at: e.At, actor: e.Actor, typ: e.Type, incident: "INC-TEST", data: e.Data}, prev)
		body := bytes.Replace(line[:len(line)-1-hashSuffixLen], []byte(canonical), []byte(s), 1)
		h := chainHash(chainSeed("INC-TEST"), body)
		return append(append(append(body, hashPrefix...), hex.EncodeToString(h[:])...), hashEnd...)
	}
	for _, tc := range []struct {
		name string
		id   string
		ok   bool
	}{
		{"canonical", canonical, true},
		{"upper case", strings.ToUpper(canonical), false},
		{"braces", "{" + canonical + "}", false},
		{"urn", "urn:uuid:" + canonical, false},
		{"no hyphens", strings.ReplaceAll(canonical, "-", ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, le := parseLine(lineWithID(tc.id), 1, prev)
			if tc.ok && le != nil {
				t.Fatalf("rejected: %s: %s", le.kind, le.detail)
			}
			if !tc.ok && (le == nil || le.kind != KindBadJSON || !strings.Contains(le.detail, "is not a UUIDv7")) {
				t.Fatalf("parseLine = %+v, want bad-json: not a UUIDv7", le)
			}
		})
	}
}

func TestIsLowerHex(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
		if got := isLowerHex([]byte{byte(c)}); got != want {
			t.Errorf("isLowerHex(%q) = %v, want %v", rune(c), got, want)
		}
	}
	if !isLowerHex([]byte("0123456789abcdef")) || isLowerHex([]byte("0123456789abcdeF")) {
		t.Errorf("isLowerHex is wrong on a whole string")
	}
}
