package incident

import (
	"path/filepath"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/sshsig"
)

// Sealer gives the key that signs an incident's head when the incident is
// closed (or resumed closed with its head behind). The caller chooses it —
// the responder's key in the SSH agent, or a key kept outside the
// incidents' home — so the engine never goes looking for agents or keys
// itself. It is asked only when a head is signed, so an incident that is
// never closed never needs a key.
type Sealer interface {
	// SealKey returns the key to sign with and a function that releases
	// it (an agent connection) once the head is written.
	SealKey() (signer ssh.Signer, release func() error, err error)
}

// SealerFunc adapts a function to Sealer.
type SealerFunc func() (ssh.Signer, func() error, error)

// SealKey calls f.
func (f SealerFunc) SealKey() (ssh.Signer, func() error, error) { return f() }

// LocalSealer is the installation key under home, home/keys/seal_ed25519
// (LocalSealKey): the sealer of a Session given none, as every head was
// sealed before the responder's own key was used. A key beside the
// journals proves little (whoever can edit a journal can re-seal it); the
// CLI passes the responder's key instead.
func LocalSealer(home string) Sealer {
	return SealerFunc(func() (ssh.Signer, func() error, error) {
		key, err := LocalSealKey(home)
		if err != nil {
			return nil, nil, err
		}
		return key, func() error { return nil }, nil
	})
}

// LocalSealKey returns the installation's own SSH signing key for heads,
// home/keys/seal_ed25519, creating it on first use. Journals sealed with it
// keep verifying; new heads are signed by the Sealer the caller passes.
func LocalSealKey(home string) (ssh.Signer, error) {
	return sshsig.LoadOrCreateKey(filepath.Join(home, "keys", "seal_ed25519"), "shodo seal key")
}
