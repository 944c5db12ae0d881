package journal

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/sshsig"
)

// testKey is a fixed signing key (a test key, not a secret).
func testKey() ssh.Signer {
	s, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize)))
	if err != nil {
		panic(err)
	}
	return s
}

func TestSealWritesASignedHead(t *testing.T) {
	t.Parallel()
	dir, recs := buildJournal(t, 3)
	j, err := testConfig(5).Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	h, err := j.Seal(testKey())
	if err != nil {
		t.Fatal(err)
	}
	if h.Incident != "INC-TEST" || h.Seq != 3 || h.Hash != recs[2].Hash || !h.At.Equal(testStart.Add(time.Hour)) {
		t.Errorf("head = %+v", h)
	}
	read, err := ReadHead(filepath.Join(dir, HeadFile))
	if err != nil {
		t.Fatal(err)
	}
	if read.Message() == nil || !bytes.Equal(read.Message(), h.Message()) || read.Signature != h.Signature {
		t.Errorf("head read back differs:\n%+v\n%+v", read, h)
	}
	if key, err := read.check(); err != nil || !bytes.Equal(key.Marshal(), testKey().PublicKey().Marshal()) {
		t.Errorf("head read back does not verify as signed by the test key: %v", err)
	}
	wantMsg := "shodo journal head v2\nincident INC-TEST\nseq 3\nh " + h.Hash + "\nat 2026-11-01T11:00:00.123456789+09:00\n"
	if string(h.Message()) != wantMsg {
		t.Errorf("signed message =\n%q\nwant\n%q", h.Message(), wantMsg)
	}
	s := h.String()
	for _, want := range []string{"INC-TEST", "3 records", h.Hash, sshsig.Fingerprint(testKey().PublicKey()), "shodo verify"} {
		if !strings.Contains(s, want) {
			t.Errorf("Head.String() = %q, missing %q", s, want)
		}
	}
	if strings.Contains(s, "\n") {
		t.Errorf("Head.String() is not one paragraph: %q", s)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("incident directory holds %d files after Seal, want journal, lock and head", len(entries))
	}
	var raw map[string]any
	if b, _ := os.ReadFile(filepath.Join(dir, HeadFile)); json.Unmarshal(b, &raw) != nil || raw["format"] != "shodo journal head v2" || raw["signer"] == nil {
		t.Errorf("head file is not the documented JSON: %s", b)
	}
}

// A v1 head, as shodo wrote them before SSH signatures, still verifies and
// names its ed25519 key.
func TestV1HeadStillVerifies(t *testing.T) {
	t.Parallel()
	dir, recs := buildJournal(t, 2)
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	h := Head{Format: headFormatV1, Incident: "INC-TEST", Seq: 2, Hash: recs[1].Hash, At: testStart,
		PublicKey: hex.EncodeToString(key.Public().(ed25519.PublicKey))}
	h.Signature = hex.EncodeToString(ed25519.Sign(key, h.Message()))
	rep := mustVerify(t, dir, VerifyOptions{Head: &h})
	if !rep.OK() || rep.Signer == nil || rep.SignerCheck != SignerNotChecked {
		t.Errorf("v1 head: %v, signer %v, %s", rep, rep.Signer, rep.SignerCheck)
	}
	if !strings.Contains(h.String(), "ed25519 public key "+h.PublicKey) {
		t.Errorf("v1 head paragraph: %s", h)
	}
}
