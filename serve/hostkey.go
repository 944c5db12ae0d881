package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the host key's name under shodo's configuration
// directory.
const HostKeyFile = "serve_host_ed25519_key"

// ErrHostKeyExposed is returned for a host key that others than its owner
// can read: whoever reads it can pose as the server, as OpenSSH refuses.
var ErrHostKeyExposed = errors.New("host key is readable by others")

// HostKey returns the server's host key at path, generating an Ed25519 key
// there (mode 0600, its directory 0700) the first time: responders check
// its fingerprint once and their ssh remembers it. created says it was
// made now.
func HostKey(path string) (signer gossh.Signer, created bool, err error) {
	raw, err := readHostKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		raw, err = newHostKey(path)
		created = err == nil
	}
	if err != nil {
		return nil, false, err
	}
	signer, err = gossh.ParsePrivateKey(raw)
	if err != nil {
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, created, nil
}

// Fingerprint is the SHA256 fingerprint of a key as ssh prints it.
func Fingerprint(key gossh.PublicKey) string { return gossh.FingerprintSHA256(key) }

func readHostKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("host key %s: not a regular file", path)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s is %04o; chmod 600 %s", ErrHostKeyExposed, path, info.Mode().Perm(), path)
	}
	raw, err := readBounded(f, 64<<10)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return raw, nil
}

// newHostKey writes a new key to path, never over an existing file.
func newHostKey(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "shodo serve")
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	raw := pem.EncodeToMemory(block)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, err = f.Write(raw)
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return raw, nil
}
