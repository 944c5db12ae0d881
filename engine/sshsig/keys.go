package sshsig

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// The errors of AgentSigners that an edge words in its reader's language;
// any other is the agent's socket failing, wrapped with its path.
var (
	// ErrNoAgent: no socket was given (SSH_AUTH_SOCK is not set).
	ErrNoAgent = errors.New("no SSH agent (SSH_AUTH_SOCK is not set)")
	// ErrAgentEmpty: the agent answered, holding no key (ssh-add adds one).
	ErrAgentEmpty = errors.New("the SSH agent holds no key (ssh-add adds one)")
)

// AgentSigners returns the keys of the SSH agent listening on socket (the
// value of SSH_AUTH_SOCK, which the caller reads), and the function that
// closes the connection. An agent with no key is an error: there is nothing
// to sign with.
func AgentSigners(socket string) ([]ssh.Signer, func() error, error) {
	if socket == "" {
		return nil, nil, ErrNoAgent
	}
	conn, err := net.DialTimeout("unix", socket, 2*time.Second)
	if err != nil {
		return nil, nil, fmt.Errorf("SSH agent at %s: %w", socket, err)
	}
	signers, err := agent.NewClient(conn).Signers()
	if err == nil && len(signers) == 0 {
		err = ErrAgentEmpty
	}
	if err != nil {
		_ = conn.Close()
		return nil, nil, fmt.Errorf("SSH agent at %s: %w", socket, err)
	}
	return signers, conn.Close, nil
}

// maxKeyBytes bounds a key file read from disk.
const maxKeyBytes = 64 << 10

// LoadOrCreateKey returns the ed25519 key in the OpenSSH private key file at
// path, creating it (0600, in a 0700 directory) the first time. It is the
// signing key of a responder with no SSH agent; keep it outside the
// incidents' directory, so that whoever can edit a journal cannot also
// re-sign it. A key file that others can read, a link or anything but a
// regular file is refused, as ssh refuses such keys.
func LoadOrCreateKey(path, comment string) (ssh.Signer, error) {
	signer, err := loadKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return signer, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	// The key is written whole to a temporary file and linked into place,
	// so that a process loading it at the same moment never reads a file
	// created but not yet written; the first link wins, and a loser loads
	// the winner's key.
	f, err := os.CreateTemp(filepath.Dir(path), ".seal-key-*")
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = f.Chmod(0o600)
	if err == nil {
		err = pem.Encode(f, block)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return loadKey(path) // another process made it first
		}
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return loadKey(path)
}

func loadKey(path string) (ssh.Signer, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("signing key %s is a symbolic link; keep the key itself there", path)
		}
		return nil, fmt.Errorf("signing key: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("signing key %s is not a regular file", path)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("signing key %s is accessible by others (mode %o); chmod 600 it", path, st.Mode().Perm())
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxKeyBytes))
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	signer, err := ssh.ParsePrivateKey(raw)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	return signer, nil
}

// LoadKey reads the OpenSSH private key file at path as LoadOrCreateKey
// does, but never creates one: for looking a key up without side effects.
func LoadKey(path string) (ssh.Signer, error) { return loadKey(path) }

// commented is a signer that carries its key's comment, as an agent's keys
// do and a key parsed from a file does not.
type commented struct {
	ssh.Signer
	comment string
}

// WithComment returns signer carrying comment (see Comment).
func WithComment(signer ssh.Signer, comment string) ssh.Signer {
	return commented{Signer: signer, comment: comment}
}

// Comment returns the comment of signer's key: the one an SSH agent holds
// it with (what ssh-add -l shows), or the one given to WithComment; empty
// when there is none.
func Comment(signer ssh.Signer) string {
	switch s := signer.(type) {
	case commented:
		return s.comment
	}
	if k, ok := signer.PublicKey().(*agent.Key); ok {
		return k.Comment
	}
	return ""
}
