package journal

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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

// canonicalLines are lines as Append writes them, with every optional field
// and awkward but unescaped text.
func canonicalLines(t testing.TB) [][]byte {
	t.Helper()
	prev := chainSeed("INC-TEST")
	var lines [][]byte
	for i, r := range []record{
		{seq: 1, incident: "INC-TEST", actor: "sato", typ: "incident.opened", data: []byte(`{"a":[1,2,{"b":null}],"c":"d"}`)},
		{seq: 2, actor: "", typ: "note.added", data: []byte(`{}`)},
		{seq: 3, actor: "佐藤 花子", typ: "note.added", sim: "17m5s", data: []byte(`{"text":"復旧中 50%"}`)},
		{seq: 18446744073709551615, actor: "a\x7fb", typ: "x", data: []byte(`{"text":"tab\tin data is escaped by json, not here"}`)},
	} {
		r.id = uuid.Must(uuid.NewV7())
		r.at = testStart.Add(time.Duration(i) * time.Minute)
		if !json.Valid(r.data) {
			r.data = []byte(`{}`)
		}
		lines = append(lines, bytes.TrimSuffix(encodeLine(r, prev), []byte("\n")))
	}
	return lines
}

// decodeBoth decodes line with the fast path and with encoding/json, as
// parseLine would; ok says whether the fast path took it.
func decodeBoth(line []byte) (fast, slow wireRecord, ok bool, slowErr error) {
	ok = decodeCanonical(line, &fast)
	slowErr = json.Unmarshal(line, &slow)
	return fast, slow, ok, slowErr
}

func TestDecodeCanonicalTakesWhatAppendWrites(t *testing.T) {
	for _, line := range canonicalLines(t) {
		fast, slow, ok, err := decodeBoth(line)
		if !ok || err != nil {
			t.Fatalf("%s: fast path %v, json %v", line, ok, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s:\nfast %+v\njson %+v", line, fast, slow)
		}
	}
}

// Anything but the exact canonical form goes to encoding/json.
func TestDecodeCanonicalLeavesTheRestToJSON(t *testing.T) {
	line := string(canonicalLines(t)[0])
	for name, edit := range map[string]func(string) string{
		"space after brace": func(s string) string { return strings.Replace(s, `{"seq"`, `{ "seq"`, 1) },
		"leading zero":      func(s string) string { return strings.Replace(s, `"seq":1`, `"seq":01`, 1) },
		"seq as string":     func(s string) string { return strings.Replace(s, `"seq":1`, `"seq":"1"`, 1) },
		"seq too big":       func(s string) string { return strings.Replace(s, `"seq":1`, `"seq":18446744073709551616`, 1) },
		"seq with exponent": func(s string) string { return strings.Replace(s, `"seq":1`, `"seq":1e0`, 1) },
		"escaped actor":     func(s string) string { return strings.Replace(s, `"actor":"sato"`, `"actor":"s\u0061to"`, 1) },
		"upper-case key":    func(s string) string { return strings.Replace(s, `"type"`, `"Type"`, 1) },
		"fields reordered": func(s string) string {
			return strings.Replace(s, `"actor":"sato","type":"incident.opened"`, `"type":"incident.opened","actor":"sato"`, 1)
		},
		"extra field": func(s string) string { return strings.Replace(s, `,"data":`, `,"x":1,"data":`, 1) },
		"data not an object": func(s string) string {
			return s[:strings.Index(s, `"data":`)] + `"data":[1],"h"` + s[strings.LastIndex(s, `:"`):]
		},
		"two values in data": func(s string) string { return strings.Replace(s, `"c":"d"}`, `"c":"d"},"e":{}`, 1) },
		"space after data":   func(s string) string { return strings.Replace(s, `"c":"d"}`, `"c":"d"} `, 1) },
	} {
		t.Run(name, func(t *testing.T) {
			var w wireRecord
			if decodeCanonical([]byte(edit(line)), &w) {
				t.Errorf("the fast path took %s", edit(line))
			}
		})
	}
}

// FuzzDecodeCanonical: whatever the fast path accepts, encoding/json
// accepts too and decodes to the same record. The fuzzer writes the part
// before the hash; the hash suffix, which parseLine checks before
// decoding, is appended.
func FuzzDecodeCanonical(f *testing.F) {
	for _, line := range canonicalLines(f) {
		f.Add(line[:len(line)-hashSuffixLen])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		line := append(bytes.Clone(body), hashPrefix+strings.Repeat("0a", sha256Size)+hashEnd...)
		if !utf8.Valid(line) {
			return // parseLine refuses it before decoding
		}
		fast, slow, ok, err := decodeBoth(line)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("fast path took %q, which encoding/json refuses: %v", line, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q:\nfast %+v\njson %+v", line, fast, slow)
		}
	})
}

// sha256Size is sha256.Size, for building hash suffixes.
const sha256Size = 32
