package serve

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// The host key is made once, 0600, and the same key is read back after;
// a key others can read is refused, as OpenSSH refuses one.
func TestHostKeyIsGeneratedOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shodo", HostKeyFile)
	first, created, err := HostKey(path)
	if err != nil || !created {
		t.Fatalf("first HostKey: created %v, %v", created, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, %v; want 0600", info.Mode().Perm(), err)
	}
	again, created, err := HostKey(path)
	if err != nil || created {
		t.Fatalf("second HostKey: created %v, %v", created, err)
	}
	if Fingerprint(first.PublicKey()) != Fingerprint(again.PublicKey()) {
		t.Error("the host key changed between two starts")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := HostKey(path); !errors.Is(err, ErrHostKeyExposed) {
		t.Errorf("a world-readable host key: %v, want ErrHostKeyExposed", err)
	}
}
