package journal

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testKey is a fixed signing key.
func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
}

func TestLoadOrCreateKey(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	k1, err := LoadOrCreateKey(home)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOrCreateKey(home)
	if err != nil {
		t.Fatal(err)
	}
	if !k1.Equal(k2) {
		t.Error("second LoadOrCreateKey returned another key")
	}
	path := filepath.Join(home, "keys", KeyFile)
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %o, want %o", p, fi.Mode().Perm(), want)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("keys directory holds %d files, want 1", len(entries))
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKey(home); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("LoadOrCreateKey with a world-readable key = %v, want a refusal", err)
	}
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
	if err := read.check(testKey().Public().(ed25519.PublicKey)); err != nil {
		t.Errorf("head read back does not verify: %v", err)
	}
	wantMsg := "shodo journal head v1\nincident INC-TEST\nseq 3\nh " + h.Hash + "\nat 2026-11-01T11:00:00.123456789+09:00\n"
	if string(h.Message()) != wantMsg {
		t.Errorf("signed message =\n%q\nwant\n%q", h.Message(), wantMsg)
	}
	s := h.String()
	for _, want := range []string{"INC-TEST", "3 records", h.Hash, h.PublicKey, h.Signature, "shodo verify"} {
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
	if b, _ := os.ReadFile(filepath.Join(dir, HeadFile)); json.Unmarshal(b, &raw) != nil || raw["format"] != "shodo journal head v1" {
		t.Errorf("head file is not the documented JSON: %s", b)
	}
}
