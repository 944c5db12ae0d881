// Package sshsig signs and verifies with SSH keys in the format OpenSSH's
// `ssh-keygen -Y sign` writes (PROTOCOL.sshsig), reads allowed_signers files
// as git and OpenSSH do, and finds the key to sign with: the responder's own
// key through the SSH agent, else a local key kept outside the incidents.
//
// shodo signs journal heads with it, so that a head names who sealed it and
// anyone can check it against the team's allowed_signers — with shodo, or
// with ssh-keygen -Y verify.
package sshsig

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Namespace is the signature namespace of journal heads: a signature made
// for another purpose (a git commit, a file) never verifies as a head.
const Namespace = "shodo-journal"

const (
	magic      = "SSHSIG"
	sigVersion = 1
	armorBegin = "-----BEGIN SSH SIGNATURE-----"
	armorEnd   = "-----END SSH SIGNATURE-----"
)

// Errors of Verify.
var (
	// ErrMalformed is a signature that is not an armored SSH signature.
	ErrMalformed = errors.New("not an SSH signature")
	// ErrNamespace is a signature made for another purpose.
	ErrNamespace = errors.New("signature made for another namespace")
	// ErrBadSignature is a well-formed signature that does not verify: the
	// message was changed, or the signature does not belong to it.
	ErrBadSignature = errors.New("signature does not verify")
)

// wrapper is the SSHSIG blob.
type wrapper struct {
	Magic     [6]byte
	Version   uint32
	PublicKey []byte
	Namespace string
	Reserved  string
	HashAlg   string
	Signature []byte
}

// signedData is what the key actually signs.
type signedData struct {
	Magic     [6]byte
	Namespace string
	Reserved  string
	HashAlg   string
	Hash      []byte
}

func digest(alg string, message []byte) ([]byte, error) {
	var h hash.Hash
	switch alg {
	case "sha512":
		h = sha512.New()
	case "sha256":
		h = sha256.New()
	default:
		return nil, fmt.Errorf("%w: unknown hash algorithm %q", ErrMalformed, alg)
	}
	h.Write(message)
	return h.Sum(nil), nil
}

func toSign(namespace, alg string, message []byte) ([]byte, error) {
	sum, err := digest(alg, message)
	if err != nil {
		return nil, err
	}
	sd := signedData{Namespace: namespace, HashAlg: alg, Hash: sum}
	copy(sd.Magic[:], magic)
	return ssh.Marshal(sd), nil
}

// Sign returns the armored signature of message by signer in namespace,
// byte for byte what `ssh-keygen -Y sign -n namespace` writes for the same
// key (ed25519 signatures are deterministic). RSA keys sign with
// rsa-sha2-512, as ssh-keygen does.
func Sign(signer ssh.Signer, namespace string, message []byte) ([]byte, error) {
	data, err := toSign(namespace, "sha512", message)
	if err != nil {
		return nil, err
	}
	var sig *ssh.Signature
	if as, ok := signer.(ssh.AlgorithmSigner); ok && signer.PublicKey().Type() == ssh.KeyAlgoRSA {
		sig, err = as.SignWithAlgorithm(rand.Reader, data, ssh.KeyAlgoRSASHA512)
	} else {
		sig, err = signer.Sign(rand.Reader, data)
	}
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	w := wrapper{Version: sigVersion, PublicKey: signer.PublicKey().Marshal(), Namespace: namespace, HashAlg: "sha512", Signature: ssh.Marshal(sig)}
	copy(w.Magic[:], magic)
	return armor(ssh.Marshal(w)), nil
}

func armor(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b bytes.Buffer
	b.WriteString(armorBegin + "\n")
	for len(enc) > 70 {
		b.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	b.WriteString(enc + "\n" + armorEnd + "\n")
	return b.Bytes()
}

func unarmor(armored []byte) ([]byte, error) {
	s := strings.TrimSpace(strings.ReplaceAll(string(armored), "\r\n", "\n"))
	body, ok := strings.CutPrefix(s, armorBegin)
	if ok {
		body, ok = strings.CutSuffix(body, armorEnd)
	}
	if !ok {
		return nil, fmt.Errorf("%w: no %s … %s block", ErrMalformed, armorBegin, armorEnd)
	}
	blob, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return blob, nil
}

// Verify checks an armored signature of message made in namespace and
// returns the public key that made it. Whether that key may sign is the
// caller's question (AllowedSigners.Allowed).
func Verify(armored []byte, namespace string, message []byte) (ssh.PublicKey, error) {
	blob, err := unarmor(armored)
	if err != nil {
		return nil, err
	}
	var w wrapper
	if err := ssh.Unmarshal(blob, &w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if string(w.Magic[:]) != magic || w.Version != sigVersion {
		return nil, fmt.Errorf("%w: bad preamble or version %d", ErrMalformed, w.Version)
	}
	pub, err := ssh.ParsePublicKey(w.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("%w: public key: %v", ErrMalformed, err)
	}
	if w.Namespace != namespace {
		return nil, fmt.Errorf("%w: %q, want %q", ErrNamespace, w.Namespace, namespace)
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(w.Signature, &sig); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if pub.Type() == ssh.KeyAlgoRSA && sig.Format == ssh.KeyAlgoRSA {
		return nil, fmt.Errorf("%w: RSA signatures with SHA-1 are not accepted", ErrBadSignature)
	}
	data, err := toSign(namespace, w.HashAlg, message)
	if err != nil {
		return nil, err
	}
	if err := pub.Verify(data, &sig); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return pub, nil
}

// Fingerprint returns the key's SHA256 fingerprint as ssh-keygen -l shows
// it: SHA256:….
func Fingerprint(key ssh.PublicKey) string { return ssh.FingerprintSHA256(key) }
