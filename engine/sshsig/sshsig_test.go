package sshsig

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// testSeed derives the ed25519 test key that signed testdata/: a test key,
// not a secret.
func testSeed() []byte {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(i*7 + 1)
	}
	return seed
}

func testSigner(t *testing.T) ssh.Signer {
	t.Helper()
	s, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(testSeed()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// shodo's signatures are OpenSSH's: the same bytes as ssh-keygen -Y sign,
// and ssh-keygen's signature verifies here.
func TestInteroperatesWithSSHKeygen(t *testing.T) {
	message, want := read(t, "head-message.txt"), read(t, "head-message.txt.sig")
	got, err := Sign(testSigner(t), Namespace, message)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Sign differs from ssh-keygen -Y sign:\n%s\nwant\n%s", got, want)
	}
	key, err := Verify(want, Namespace, message)
	if err != nil {
		t.Fatalf("Verify of ssh-keygen's signature: %v", err)
	}
	if fp := Fingerprint(key); fp != "SHA256:Oj6qy21b159SmsomDYYbbr1C6vm/aklxCj3yEzcjUYs" {
		t.Errorf("fingerprint %s, want the one ssh-keygen printed", fp)
	}
	allowed, err := ParseAllowedSigners(bytes.NewReader(read(t, "allowed_signers")))
	if err != nil {
		t.Fatal(err)
	}
	if who, ok := allowed.Allowed(key, Namespace, time.Now()); !ok || who != "sato@example.jp" {
		t.Errorf("Allowed = %q, %v", who, ok)
	}
}

func TestVerifyRefuses(t *testing.T) {
	message, sig := read(t, "head-message.txt"), read(t, "head-message.txt.sig")
	other, err := Sign(testSigner(t), "git", message)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		sig     []byte
		message []byte
		want    error
	}{
		{"a changed message", sig, bytes.Replace(message, []byte("seq 42"), []byte("seq 41"), 1), ErrBadSignature},
		{"another namespace", other, message, ErrNamespace},
		{"JSON instead of a signature", []byte(`{"format":"shodo-head-1"}`), message, ErrMalformed},
		{"a cut signature", sig[:len(sig)/2], message, ErrMalformed},
		{"bad base64", []byte(armorBegin + "\n!!!!\n" + armorEnd + "\n"), message, ErrMalformed},
		{"garbage inside the armour", armor([]byte("SSHSIG\x00\x00\x00\x01junk")), message, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Verify(tt.sig, Namespace, tt.message); !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// Every key type an agent commonly holds signs and verifies.
func TestKeyTypes(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for name, key := range map[string]any{"rsa": rsaKey, "ecdsa": ecKey, "ed25519": ed25519.NewKeyFromSeed(testSeed())} {
		t.Run(name, func(t *testing.T) {
			signer, err := ssh.NewSignerFromKey(key)
			if err != nil {
				t.Fatal(err)
			}
			sig, err := Sign(signer, Namespace, []byte("m"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Verify(sig, Namespace, []byte("m"))
			if err != nil || !bytes.Equal(got.Marshal(), signer.PublicKey().Marshal()) {
				t.Errorf("Verify = %v, %v", got, err)
			}
			if name == "rsa" && !strings.Contains(string(mustUnarmor(t, sig)), ssh.KeyAlgoRSASHA512) {
				t.Error("an RSA key signed without rsa-sha2-512")
			}
		})
	}
}

func mustUnarmor(t *testing.T, sig []byte) []byte {
	t.Helper()
	blob, err := unarmor(sig)
	if err != nil {
		t.Fatal(err)
	}
	return blob
}

// The responder's key signs through the SSH agent, as ssh-keygen -Y sign
// does; the private key never leaves the agent.
func TestAgentSigns(t *testing.T) {
	keyring := agent.NewKeyring()
	if err := keyring.Add(agent.AddedKey{PrivateKey: ed25519.NewKeyFromSeed(testSeed()), Comment: "sato@laptop"}); err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(t.TempDir(), "agent.sock")
	l, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { _ = agent.ServeAgent(keyring, c); c.Close() }()
		}
	}()
	signers, closeAgent, err := AgentSigners(socket)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAgent()
	if len(signers) != 1 {
		t.Fatalf("%d signers, want 1", len(signers))
	}
	message, want := read(t, "head-message.txt"), read(t, "head-message.txt.sig")
	got, err := Sign(signers[0], Namespace, message)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("agent signature differs from ssh-keygen's (%v)", err)
	}

	empty := filepath.Join(t.TempDir(), "none.sock")
	if _, _, err := AgentSigners(empty); err == nil {
		t.Error("a missing agent socket gave signers")
	}
	if _, _, err := AgentSigners(""); err == nil || !strings.Contains(err.Error(), "SSH_AUTH_SOCK") {
		t.Errorf("no socket: %v", err)
	}
}

func TestAllowedSigners(t *testing.T) {
	pub := testSigner(t).PublicKey()
	key := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		file  string
		who   string
		ok    bool
		error string
	}{
		{"plain", "sato@example.jp " + key + " sato@laptop\n", "sato@example.jp", true, ""},
		{"comments and blank lines", "# team\n\n  sato@example.jp " + key + "\n", "sato@example.jp", true, ""},
		{"several principals", "sato@example.jp,ic@example.jp " + key + "\n", "sato@example.jp", true, ""},
		{"namespace allowed", `sato@example.jp namespaces="git,shodo-*" ` + key + "\n", "sato@example.jp", true, ""},
		{"namespace not allowed", `sato@example.jp namespaces="git,file" ` + key + "\n", "", false, ""},
		{"valid now", `sato@example.jp valid-after="20260101",valid-before="20270101" ` + key + "\n", "sato@example.jp", true, ""},
		{"expired", `sato@example.jp valid-before="20261201" ` + key + "\n", "", false, ""},
		{"not yet valid", `sato@example.jp valid-after="202612020400Z" ` + key + "\n", "", false, ""},
		{"another key", "ito@example.jp ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEkIbSGQi1tBmOq6e7BP5sV8OKoZg1pUCa3/ARbDOXNk\n", "", false, ""},
		{"cert-authority", "*@example.jp cert-authority " + key + "\n", "", false, "line 1: cert-authority"},
		{"unknown option", "sato@example.jp trust=yes " + key + "\n", "", false, `line 1: unknown option "trust"`},
		{"no key", "# x\nsato@example.jp\n", "", false, "line 2: no public key"},
		{"bad date", `sato@example.jp valid-after="yesterday" ` + key + "\n", "", false, "line 1: valid-after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAllowedSigners(strings.NewReader(tt.file))
			if tt.error != "" {
				if err == nil || !strings.Contains(err.Error(), tt.error) {
					t.Fatalf("err = %v, want %q", err, tt.error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			who, ok := a.Allowed(pub, Namespace, at)
			if who != tt.who || ok != tt.ok {
				t.Errorf("Allowed = %q, %v; want %q, %v", who, ok, tt.who, tt.ok)
			}
		})
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config", "shodo", "seal_ed25519")
	a, err := LoadOrCreateKey(path, "shodo seal key")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v), want 0600", st.Mode(), err)
	}
	b, err := LoadOrCreateKey(path, "")
	if err != nil || !bytes.Equal(a.PublicKey().Marshal(), b.PublicKey().Marshal()) {
		t.Fatalf("second load gave another key (%v)", err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKey(path, ""); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a group-readable key: %v", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKey(link, ""); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a linked key: %v", err)
	}
}
