package incident

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/sshsig"
)

// TestSealerOption: the head of a closed incident is signed by the Sealer
// its caller chose, asked only when sealing and released after, and no key
// is made beside the journals.
func TestSealerOption(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	var asked, released int
	sealer := SealerFunc(func() (ssh.Signer, func() error, error) {
		asked++
		return sshsig.WithComment(key, "sato@laptop"), func() error { released++; return nil }, nil
	})
	home := t.TempDir()
	s, err := Open(shippedRunbook(t), OpenOptions{Home: home, Actor: "sato", Sealer: sealer})
	if err != nil {
		t.Fatal(err)
	}
	if asked != 0 {
		t.Errorf("the sealer was asked %d times before closing", asked)
	}
	for _, d := range s.State().Duties {
		if d.Status == StatusRunning {
			must(t, s.HandOver("sato", d.ID, "Operations", "OPS-1"))
		}
	}
	if err := s.Close("sato", "done"); err != nil {
		t.Fatal(err)
	}
	if asked != 1 || released != 1 {
		t.Errorf("asked %d, released %d; want 1, 1", asked, released)
	}
	h, err := journal.ReadHead(filepath.Join(s.Dir(), journal.HeadFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(ssh.MarshalAuthorizedKey(key.PublicKey())); h.Signer+"\n" != want[:len(want)-1]+" sato@laptop\n" || h.SignerComment() != "sato@laptop" {
		t.Errorf("head signer %q; want the sealer's key with its comment", h.Signer)
	}
	if _, err := os.Stat(filepath.Join(home, "keys")); err == nil {
		t.Error("a key was made in the home although a sealer was given")
	}
}
