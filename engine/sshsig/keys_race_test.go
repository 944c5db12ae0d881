package sshsig

import (
	"bytes"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
)

// Processes that close their first incidents at once on a new home each
// load or create the signing key: every one gets the same key, and none
// reads a key file created but not yet written.
func TestLoadOrCreateKeyAtOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "keys", "seal_ed25519")
	const n = 8
	keys := make([]ssh.Signer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateKey(path, "test") })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("loader %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i].PublicKey().Marshal(), keys[0].PublicKey().Marshal()) {
			t.Errorf("loader %d got another key than loader 0", i)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".seal-key-*")); len(m) != 0 {
		t.Errorf("temporary key files left behind: %v", m)
	}
}
