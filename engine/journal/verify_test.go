package journal

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/sshsig"
)

// lineOf is the 1-based line holding byte p (a newline belongs to the line
// it ends).
func lineOf(data []byte, p int) int { return 1 + bytes.Count(data[:p], []byte("\n")) }

func TestVerifyDetectsEveryBitFlip(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 4)
	full := readJournal(t, dir)
	path := filepath.Join(memTempDir(t), JournalFile)
	if err := os.WriteFile(path, full, 0o600); err != nil {
		t.Fatal(err)
	}
	// Flip in place and back: rewriting the whole file each time would make
	// the test slow with syscalls.
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for p := range full {
		for bit := range 8 {
			if _, err := f.WriteAt([]byte{full[p] ^ 1<<bit}, int64(p)); err != nil {
				t.Fatal(err)
			}
			rep := mustVerify(t, path, VerifyOptions{})
			if rep.OK() {
				t.Fatalf("flip of bit %d at byte %d (%q) not detected", bit, p, full[p])
			}
			if want := lineOf(full, p); rep.Break.Line != want || rep.Records != want-1 {
				t.Errorf("flip of bit %d at byte %d (%q): %v, want a break at line %d", bit, p, full[p], rep, want)
			}
		}
		if _, err := f.WriteAt(full[p:p+1], int64(p)); err != nil {
			t.Fatal(err)
		}
	}
	if rep := mustVerify(t, path, VerifyOptions{}); !rep.OK() {
		t.Fatalf("journal restored after the flips does not verify: %v", rep)
	}
}

func TestVerifyLocatesDeletedAndSwappedLines(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 5)
	lines := splitLines(readJournal(t, dir))
	without := func(i int) []byte {
		return bytes.Join(append(append([][]byte{}, lines[:i]...), lines[i+1:]...), nil)
	}
	swapped := func(i int) []byte {
		ls := append([][]byte{}, lines...)
		ls[i], ls[i+1] = ls[i+1], ls[i]
		return bytes.Join(ls, nil)
	}
	tests := []struct {
		name   string
		data   []byte
		line   int
		kind   Kind
		follow int
	}{
		{"delete line 1", without(0), 1, KindBadSeq, 3},
		{"delete line 2", without(1), 2, KindBadSeq, 2},
		{"delete line 3", without(2), 3, KindBadSeq, 1},
		{"delete line 4", without(3), 4, KindBadSeq, 0},
		{"swap lines 1 and 2", swapped(0), 1, KindBadSeq, 4},
		{"swap lines 2 and 3", swapped(1), 2, KindBadSeq, 3},
		{"swap lines 4 and 5", swapped(3), 4, KindBadSeq, 1},
		{"line 3 repeated", bytes.Join([][]byte{lines[0], lines[1], lines[2], lines[2], lines[3], lines[4]}, nil), 4, KindBadSeq, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), JournalFile)
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			rep := mustVerify(t, path, VerifyOptions{})
			if rep.OK() || rep.Break.Line != tt.line || rep.Break.Seq != uint64(tt.line) || rep.Break.Kind != tt.kind || rep.Break.Follow != tt.follow {
				t.Errorf("Verify = %v, want line %d seq %d %s (%d follow)", rep, tt.line, tt.line, tt.kind, tt.follow)
			}
			if rep.Recoverable() {
				t.Error("a deleted or moved line is reported as recoverable")
			}
		})
	}
}

// rechain rewrites the journal's hashes from line `from` on, as a forger
// without the signing key can.
func rechain(t *testing.T, data []byte, from int, edit func([]byte) []byte) []byte {
	t.Helper()
	lines := splitLines(data)
	var out []byte
	var prev [32]byte
	for i, l := range lines {
		body := l[:len(l)-1-hashSuffixLen]
		if i == 0 {
			prev = chainSeed("INC-TEST")
		}
		if i+1 >= from {
			if i+1 == from {
				body = edit(append([]byte{}, body...))
			}
			h := chainHash(prev, body)
			l = append(append(append([]byte{}, body...), hashPrefix+hex.EncodeToString(h[:])+hashEnd...), '\n')
		}
		prev = chainHash(prev, body)
		out = append(out, l...)
	}
	return out
}

func TestVerifyAgainstHead(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 5)
	j, err := testConfig(6).Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	head, err := j.Seal(testKey())
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	full := readJournal(t, dir)
	headPath := filepath.Join(dir, HeadFile)
	headRaw, _ := os.ReadFile(headPath)
	lines := splitLines(full)
	other, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	allowed := func(signers ...ssh.Signer) *sshsig.AllowedSigners {
		var a sshsig.AllowedSigners
		for i, s := range signers {
			a = append(a, sshsig.AllowedSigner{Line: i + 1, Principals: []string{"sealer@example.jp"}, Key: s.PublicKey()})
		}
		return &a
	}

	tamperHead := func(edit func(*Head)) []byte {
		h := head
		edit(&h)
		b, _ := json.Marshal(h)
		return b
	}
	resigned := func(edit func(*Head)) []byte { // a valid signature by another key
		h := head
		edit(&h)
		h.Signer = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(other.PublicKey())))
		sig, err := sshsig.Sign(other, sshsig.Namespace, h.Message())
		if err != nil {
			t.Fatal(err)
		}
		h.Signature = string(sig)
		b, _ := json.Marshal(h)
		return b
	}
	extra, _ := buildJournal(t, 7) // same ids and data: the first 5 lines are the sealed ones
	tests := []struct {
		name       string
		journal    []byte
		head       []byte
		signers    *sshsig.AllowedSigners
		aloneOK    bool
		want       string // Report.String() with the head
		wantDetail string
	}{
		{"intact", full, headRaw, nil, true, "OK records=5 head=" + head.Hash + " sealed=5", ""},
		{"intact, allowed signer", full, headRaw, allowed(testKey()), true, "OK records=5 head=" + head.Hash + " sealed=5", ""},
		{"appended after seal", readJournal(t, extra), headRaw, nil, true, "sealed=5 unsealed=2", ""},
		{"last two records cut", bytes.Join(lines[:3], nil), headRaw, nil, true, "FAIL line 4 seq 4: head-mismatch (0 records follow)", "seals seq 5"},
		{"cut and torn", append(bytes.Join(lines[:3], nil), lines[3][:10]...), headRaw, nil, false, "FAIL line 4 seq 4: head-mismatch (0 records follow)", "seals seq 5"},
		{"rewritten and rechained", rechain(t, full, 3, func(b []byte) []byte { return bytes.Replace(b, []byte("step 2"), []byte("step X"), 1) }),
			headRaw, nil, true, "FAIL line 5 seq 5: head-mismatch (0 records follow)", "head seals"},
		{"bit flip before the sealed record", bytes.Replace(full, []byte("step 1"), []byte("step 3"), 1), headRaw, nil, false, "FAIL line 2 seq 2: bad-hash (3 records follow)", ""},
		{"head seq lowered to match a cut", bytes.Join(lines[:3], nil), tamperHead(func(h *Head) { h.Seq = 3 }), nil, true, "FAIL head: bad-signature", "does not verify"},
		{"head hash edited", full, tamperHead(func(h *Head) { h.Hash = strings.Repeat("0", 64) }), nil, true, "FAIL head: bad-signature", "does not verify"},
		{"head time edited", full, tamperHead(func(h *Head) { h.At = h.At.Add(1) }), nil, true, "FAIL head: bad-signature", "does not verify"},
		{"head signature edited", full, tamperHead(func(h *Head) { h.Signature = strings.Replace(h.Signature, "AAAA", "AAAB", 1) }), nil, true, "FAIL head: bad-signature", "head signature"},
		{"head signer swapped", full, tamperHead(func(h *Head) { h.Signer = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(other.PublicKey()))) }), nil, true, "FAIL head: bad-signature", "was signed by"},
		{"head re-signed by another key", bytes.Join(lines[:3], nil), resigned(func(h *Head) { h.Seq = 3; h.Hash = "" }), allowed(testKey()), true, "FAIL head: bad-signature", "hash is not"},
		{"another key, not an allowed signer", full, resigned(func(*Head) {}), allowed(testKey()), true, "FAIL head: unknown-signer", "SHA256:"},
		{"another key, allowed too", full, resigned(func(*Head) {}), allowed(testKey(), other), true, "OK records=5", ""},
		{"another key, no expected key", full, resigned(func(*Head) {}), nil, true, "OK records=5", ""},
		{"head for another incident", full, resigned(func(h *Head) { h.Incident = "INC-OTHER" }), nil, true, "FAIL line 1 seq 1: head-mismatch (4 records follow)", "INC-OTHER"},
		{"head not JSON", full, []byte("{"), nil, true, "FAIL head: bad-signature", "not valid"},
		{"head with unknown field", full, []byte(`{"format":"shodo journal head v2","extra":1}`), nil, true, "FAIL head: bad-signature", "unknown field"},
		{"head of an unknown format", full, tamperHead(func(h *Head) { h.Format = "shodo journal head v9" }), nil, true, "FAIL head: bad-signature", "head format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := t.TempDir()
			path := filepath.Join(d, JournalFile)
			hp := filepath.Join(d, HeadFile)
			if err := os.WriteFile(path, tt.journal, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(hp, tt.head, 0o600); err != nil {
				t.Fatal(err)
			}
			if alone := mustVerify(t, path, VerifyOptions{}); alone.OK() != tt.aloneOK {
				t.Errorf("Verify alone = %v, want OK=%v", alone, tt.aloneOK)
			}
			rep := mustVerify(t, path, VerifyOptions{HeadPath: hp, Signers: tt.signers})
			if !strings.Contains(rep.String(), tt.want) {
				t.Errorf("Verify with head = %q, want %q", rep, tt.want)
			}
			if rep.Break != nil && !strings.Contains(rep.Break.Detail, tt.wantDetail) {
				t.Errorf("break detail = %q, want %q", rep.Break.Detail, tt.wantDetail)
			}
			if rep.OK() && (rep.Signer == nil || (tt.signers != nil) != (rep.SignerCheck == SignerAllowed)) {
				t.Errorf("a verified head reports signer %v, check %s", rep.Signer, rep.SignerCheck)
			}
			if rep.Break != nil && (rep.Break.Kind == KindHeadMismatch || rep.Break.Kind == KindBadSignature) && rep.Recoverable() {
				t.Error("a head failure is reported as recoverable")
			}
		})
	}

	t.Run("parsed head", func(t *testing.T) {
		t.Parallel()
		rep := mustVerify(t, dir, VerifyOptions{Head: &head})
		if !rep.OK() || rep.Sealed == nil || rep.Sealed.Seq != 5 {
			t.Errorf("Verify with a parsed head = %v", rep)
		}
	})
	t.Run("missing head file", func(t *testing.T) {
		t.Parallel()
		if _, err := Verify(dir, VerifyOptions{HeadPath: filepath.Join(t.TempDir(), "nope")}); err == nil {
			t.Error("Verify with a missing head file did not fail")
		}
	})
}

func TestReportString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rep  Report
		want string
	}{
		{Report{Records: 3, Head: "abc"}, "OK records=3 head=abc"},
		{Report{Break: &Break{Line: 4, Seq: 4, Kind: KindBadHash, Follow: 2}}, "FAIL line 4 seq 4: bad-hash (2 records follow)"},
		{Report{Break: &Break{Kind: KindBadSignature}}, "FAIL head: bad-signature"},
	}
	for _, tt := range tests {
		if got := tt.rep.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestVerifyDoesNotTouchTheJournal(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 2)
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	path := filepath.Join(dir, JournalFile)
	torn := append(readJournal(t, dir), `{"seq":3`...)
	if err := os.WriteFile(path, torn, 0o600); err != nil {
		t.Fatal(err)
	}
	// Verify works while the incident is open (no lock) and repairs nothing.
	rep := mustVerify(t, path, VerifyOptions{})
	if rep.Break == nil || rep.Break.Kind != KindTornTail || !rep.Recoverable() {
		t.Errorf("Verify = %v, want a recoverable torn tail", rep)
	}
	if after := readJournal(t, dir); !bytes.Equal(after, torn) {
		t.Error("Verify changed the journal")
	}
}

func TestVerifyVisitsVerifiedRecords(t *testing.T) {
	t.Parallel()
	dir, want := buildJournal(t, 4)
	path := filepath.Join(dir, JournalFile)
	lines := splitLines(readJournal(t, dir))
	broken := bytes.Join([][]byte{lines[0], lines[1], lines[3]}, nil) // seq 3 missing
	if err := os.WriteFile(path, broken, 0o600); err != nil {
		t.Fatal(err)
	}
	var got []Record
	rep, err := Verify(path, VerifyOptions{Visit: func(r Record) error {
		got = append(got, r)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || len(got) != 2 || !sameRecord(got[0], want[0]) || !sameRecord(got[1], want[1]) {
		t.Errorf("Verify = %v visiting %d records, want the 2 before the break", rep, len(got))
	}
	stop := errors.New("stop")
	if _, err := Verify(path, VerifyOptions{Visit: func(Record) error { return stop }}); !errors.Is(err, stop) {
		t.Errorf("Verify with a failing Visit = %v, want its error", err)
	}
}

// A journal whose times go back (a clock stepped back under an older
// writer) verifies, with a warning that counts and locates the records.
func TestVerifyWarnsOfTimesGoingBack(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "INC-TEST")
	j, _, err := testConfig(1).Create(dir, "INC-TEST", entry(0))
	if err != nil {
		t.Fatal(err)
	}
	for i, at := range []time.Duration{time.Hour, -time.Hour, 2 * time.Hour, time.Minute} {
		e := entry(i + 1)
		e.At = testStart.Add(at)
		if _, err := j.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(dir, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Backwards != 2 || len(rep.FirstBackwards) != 2 {
		t.Fatalf("report %s, backwards %d %+v", rep, rep.Backwards, rep.FirstBackwards)
	}
	if b := rep.FirstBackwards[0]; b.Seq != 3 || !b.At.Equal(testStart.Add(-time.Hour)) || !b.Previous.Equal(testStart.Add(time.Hour)) {
		t.Errorf("first backward %+v", b)
	}
	if !strings.HasSuffix(rep.String(), " backwards=2") {
		t.Errorf("String() = %q", rep.String())
	}
	ordered, _ := buildJournal(t, 4)
	if rep, _ := Verify(ordered, VerifyOptions{}); rep.Backwards != 0 || strings.Contains(rep.String(), "backwards") {
		t.Errorf("an ordered journal: %s", rep)
	}
}
