package journal

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxLineBytes bounds one journal line. Append refuses longer entries and
// verification rejects longer lines, so reading an untrusted file never
// buffers more than this. The first event of an incident embeds the runbook
// source, which is far smaller.
const MaxLineBytes = 16 << 20

// chainDomain separates the journal's seed hash from any other use of
// SHA-256 over an incident id.
const chainDomain = "shodo journal v1\x00"

// hashPrefix and hashEnd frame the hash at the end of every line:
// `,"h":"` + 64 lowercase hex digits + `"}`.
const (
	hashPrefix    = `,"h":"`
	hashEnd       = `"}`
	hashSuffixLen = len(hashPrefix) + 2*sha256.Size + len(hashEnd)
)

// chainSeed is the "previous hash" of seq 1.
func chainSeed(incident string) [sha256.Size]byte {
	return sha256.Sum256([]byte(chainDomain + incident))
}

// chainHash is h = SHA-256(prev ‖ body).
func chainHash(prev [sha256.Size]byte, body []byte) [sha256.Size]byte {
	d := sha256.New()
	d.Write(prev[:])
	d.Write(body)
	var out [sha256.Size]byte
	d.Sum(out[:0])
	return out
}

// record is the fully resolved content of one line before encoding.
type record struct {
	seq      uint64
	id       uuid.UUID
	at       time.Time
	actor    string
	typ      string
	incident string
	sim      string
	data     []byte // compact JSON object
}

// encodeLine renders r as one journal line ending in "\n", chained to prev.
func encodeLine(r record, prev [sha256.Size]byte) []byte {
	buf := make([]byte, 0, 160+len(r.actor)+len(r.typ)+len(r.incident)+len(r.sim)+len(r.data)+hashSuffixLen)
	buf = append(buf, `{"seq":`...)
	buf = strconv.AppendUint(buf, r.seq, 10)
	buf = append(buf, `,"id":"`...)
	buf = append(buf, r.id.String()...)
	buf = append(buf, `","at":"`...)
	buf = r.at.AppendFormat(buf, time.RFC3339Nano)
	buf = append(buf, `","actor":`...)
	buf = appendJSONString(buf, r.actor)
	buf = append(buf, `,"type":`...)
	buf = appendJSONString(buf, r.typ)
	if r.incident != "" {
		buf = append(buf, `,"incident":`...)
		buf = appendJSONString(buf, r.incident)
	}
	if r.sim != "" {
		buf = append(buf, `,"sim":`...)
		buf = appendJSONString(buf, r.sim)
	}
	buf = append(buf, `,"data":`...)
	buf = append(buf, r.data...)
	h := chainHash(prev, buf)
	buf = append(buf, hashPrefix...)
	buf = hex.AppendEncode(buf, h[:])
	buf = append(buf, hashEnd...)
	return append(buf, '\n')
}

// appendJSONString appends s as a JSON string. Callers have checked that s
// is valid UTF-8, so encoding cannot alter it.
func appendJSONString(buf []byte, s string) []byte {
	b, err := json.Marshal(s)
	if err != nil { // unreachable for a string; keep the line valid regardless
		return append(buf, `""`...)
	}
	return append(buf, b...)
}

// wireRecord is one line as decoded for verification.
type wireRecord struct {
	Seq      *uint64         `json:"seq"`
	ID       string          `json:"id"`
	At       string          `json:"at"`
	Actor    *string         `json:"actor"`
	Type     string          `json:"type"`
	Incident string          `json:"incident"`
	Sim      string          `json:"sim"`
	Data     json.RawMessage `json:"data"`
	H        string          `json:"h"`
}

// lineError is why one line fails verification.
type lineError struct {
	kind Kind
	// why says what exactly is wrong as a code, and args are its named
	// parameters (name/value pairs): the edge words them (message
	// export.break-detail.<why>). detail says the same in English, for
	// logs, JSON and readers without a catalogue.
	why    string
	args   []any
	detail string
}

// broken describes a line that fails: kind, the code of what is wrong, its
// English, and the named parameters the English was written from.
func broken(kind Kind, why, detail string, args ...any) *lineError {
	return &lineError{kind: kind, why: why, args: args, detail: detail}
}

func badJSON(why, detail string, args ...any) *lineError {
	return broken(KindBadJSON, why, detail, args...)
}

// parseLine verifies one line (without its newline) as record wantSeq chained
// to prev, and decodes it. Checks run from the cheapest structural ones to the
// hash, so a line is blamed for the first thing wrong with it.
func parseLine(line []byte, wantSeq uint64, prev [sha256.Size]byte) (Record, [sha256.Size]byte, *lineError) {
	var zero [sha256.Size]byte
	if len(line) <= hashSuffixLen || !bytes.HasSuffix(line, []byte(hashEnd)) ||
		string(line[len(line)-hashSuffixLen:len(line)-hashSuffixLen+len(hashPrefix)]) != hashPrefix {
		return Record{}, zero, badJSON("no-hash", `line does not end in ,"h":"<64 hex digits>"}`)
	}
	body := line[:len(line)-hashSuffixLen]
	stored := line[len(line)-hashSuffixLen+len(hashPrefix) : len(line)-len(hashEnd)]
	if !isLowerHex(stored) {
		return Record{}, zero, badJSON("hash-not-hex", "hash is not 64 lowercase hex digits")
	}
	if !utf8.Valid(line) {
		return Record{}, zero, badJSON("not-utf8", "line is not valid UTF-8")
	}
	var w wireRecord
	if !decodeCanonical(line, &w) {
		if err := json.Unmarshal(line, &w); err != nil {
			return Record{}, zero, badJSON("not-json", err.Error(), "Err", err.Error())
		}
	}
	if w.H != string(stored) {
		return Record{}, zero, badJSON("h-not-last", `"h" is not the last field`)
	}
	if w.Seq == nil {
		return Record{}, zero, badJSON("missing-seq", "missing seq")
	}
	id, err := uuid.Parse(w.ID)
	// uuid.Parse also takes braces, URNs, no hyphens and upper case; only
	// the canonical form (36 characters, lower case) is what Append writes.
	if err != nil || id.Version() != 7 || id.Variant() != uuid.RFC4122 || len(w.ID) != 36 || strings.ContainsAny(w.ID, "ABCDEF") {
		return Record{}, zero, badJSON("bad-id", fmt.Sprintf("id %q is not a UUIDv7", w.ID), "ID", w.ID)
	}
	at, err := time.Parse(time.RFC3339Nano, w.At)
	if err != nil {
		return Record{}, zero, badJSON("bad-at", fmt.Sprintf("at: %v", err), "At", w.At)
	}
	if w.Actor == nil {
		return Record{}, zero, badJSON("missing-actor", "missing actor")
	}
	if w.Type == "" {
		return Record{}, zero, badJSON("missing-type", "missing type")
	}
	if len(w.Data) == 0 || w.Data[0] != '{' {
		return Record{}, zero, badJSON("data-not-object", "data is not a JSON object")
	}
	if *w.Seq != wantSeq {
		return Record{}, zero, broken(KindBadSeq, "wrong-seq", fmt.Sprintf("has seq %d, want %d", *w.Seq, wantSeq), "Has", *w.Seq, "Want", wantSeq)
	}
	switch {
	case wantSeq == 1 && w.Incident == "":
		return Record{}, zero, badJSON("no-incident", "first record names no incident")
	case wantSeq == 1:
		if err := checkIncidentID(w.Incident); err != nil {
			return Record{}, zero, badJSON("bad-incident", err.Error(), "Incident", w.Incident)
		}
		prev = chainSeed(w.Incident)
	case w.Incident != "":
		return Record{}, zero, badJSON("incident-not-first", fmt.Sprintf("incident set on seq %d; only seq 1 names it", wantSeq), "Seq", wantSeq)
	}
	h := chainHash(prev, body)
	var hexHash [2 * sha256.Size]byte // on the stack: verification allocates nothing for the hash
	hex.Encode(hexHash[:], h[:])
	if string(hexHash[:]) != string(stored) {
		return Record{}, zero, broken(KindBadHash, "chain", "hash does not match the chain")
	}
	return Record{
		Seq:      wantSeq,
		ID:       w.ID,
		At:       at,
		Actor:    *w.Actor,
		Type:     w.Type,
		Incident: w.Incident,
		Sim:      w.Sim,
		Data:     w.Data,
		Hash:     w.H,
	}, h, nil
}

// lowerHexSet has bit c-'0' set for each lowercase hex digit c: '0'–'9'
// are bits 0–9 and 'a'–'f' bits 49–54.
const lowerHexSet = 0x3ff | 0x3f<<('a'-'0')

// isLowerHex reports whether b is all lowercase hex digits. It tests a bit
// set instead of two ranges: with digits and letters in random order, the
// range tests' branches mispredicted on every other byte (3% of a replay).
func isLowerHex(b []byte) bool {
	for _, c := range b {
		if d := c - '0'; d >= 64 || lowerHexSet>>d&1 == 0 {
			return false
		}
	}
	return true
}

// checkIncidentID keeps ids printable, so that they are safe in the head's
// line-based signed message and in error text.
func checkIncidentID(id string) error {
	if id == "" || len(id) > 256 {
		return fmt.Errorf("incident id must be 1 to 256 bytes, got %d", len(id))
	}
	if !utf8.ValidString(id) {
		return errors.New("incident id is not valid UTF-8")
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return fmt.Errorf("incident id %q contains a control character", id)
		}
	}
	return nil
}

// scanResult is what one pass over a journal found.
type scanResult struct {
	records  int
	lastSeq  uint64
	lastHash [sha256.Size]byte
	lastAt   time.Time // time of the last good record
	incident string
	end      int64 // offset just after the last good record
	size     int64 // bytes read in all
	lines    int   // lines read in all, counting an unterminated tail
	brk      *Break
}

// scan reads a journal from r, verifying each line and passing good records
// to visit until the first break; after it, lines are only counted.
func scan(r io.Reader, visit func(Record) error) (scanResult, error) {
	var res scanResult
	lr := lineReader{r: bufio.NewReaderSize(r, 16<<10)}
	for {
		ln, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return res, fmt.Errorf("read line %d: %w", res.lines+1, err)
		}
		res.lines++
		res.size += ln.n
		if res.brk != nil {
			res.brk.Follow++
			continue
		}
		want := res.lastSeq + 1
		var (
			rec Record
			h   [sha256.Size]byte
			le  *lineError
		)
		switch {
		case !ln.complete:
			le = broken(KindTornTail, "no-newline", fmt.Sprintf("last %d bytes end without a newline", ln.n), "Count", ln.n)
		case ln.tooLong:
			le = badJSON("too-long", fmt.Sprintf("line is longer than %d bytes", MaxLineBytes), "Max", MaxLineBytes)
		default:
			rec, h, le = parseLine(ln.bytes[:len(ln.bytes)-1], want, res.lastHash)
		}
		if le != nil {
			res.brk = &Break{Line: res.lines, Seq: want, Kind: le.kind, Why: le.why, Args: le.args, Detail: le.detail, Offset: res.end}
			continue
		}
		res.records++
		res.lastSeq = rec.Seq
		res.lastHash = h
		res.lastAt = rec.At
		res.end += ln.n
		if rec.Seq == 1 {
			res.incident = rec.Incident
		}
		if visit != nil {
			if err := visit(rec); err != nil {
				return res, err
			}
		}
	}
	if res.lines == 0 {
		res.brk = &Break{Line: 1, Seq: 1, Kind: KindTornTail, Why: "empty", Detail: "journal is empty"}
	}
	return res, nil
}

// rawLine is one line as read: its bytes (valid until the next read) unless
// it is too long to keep, its full length, and whether a newline ended it.
type rawLine struct {
	bytes    []byte
	n        int64
	complete bool
	tooLong  bool
}

type lineReader struct {
	r   *bufio.Reader
	buf []byte
}

// next returns the next line, or io.EOF when no bytes remain. A line longer
// than MaxLineBytes is consumed but not kept.
func (lr *lineReader) next() (rawLine, error) {
	chunk, err := lr.r.ReadSlice('\n')
	if err == nil {
		return rawLine{bytes: chunk, n: int64(len(chunk)), complete: true}, nil
	}
	var ln rawLine
	lr.buf = lr.buf[:0]
	for {
		ln.n += int64(len(chunk))
		if !ln.tooLong {
			if len(lr.buf)+len(chunk) > MaxLineBytes+1 {
				ln.tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == nil:
			ln.complete = true
			ln.bytes = lr.buf
			return ln, nil
		case errors.Is(err, bufio.ErrBufferFull):
			chunk, err = lr.r.ReadSlice('\n')
		case errors.Is(err, io.EOF):
			if ln.n == 0 {
				return rawLine{}, io.EOF
			}
			ln.bytes = lr.buf
			return ln, nil
		default:
			return rawLine{}, err
		}
	}
}
