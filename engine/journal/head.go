package journal

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/sshsig"
)

// Head formats. The format names the file's shape and starts the signed
// message. v1 heads are signed with an installation's ed25519 key and say
// nothing of who sealed; v2 heads are SSH signatures (PROTOCOL.sshsig, as
// ssh-keygen -Y sign makes them) by the sealer's own key, which a team's
// allowed_signers file can vouch for. Both verify; Seal writes v2.
const (
	headFormatV1 = "shodo journal head v1"
	headFormatV2 = "shodo journal head v2"
)

// Head is a signed statement that a journal held record Seq with hash Hash
// when it was sealed. It is stored as timeline.head.
type Head struct {
	Format   string    `json:"format"` // "shodo journal head v2" (or v1)
	Incident string    `json:"incident"`
	Seq      uint64    `json:"seq"` // last record sealed
	Hash     string    `json:"h"`   // its hash, lowercase hex
	At       time.Time `json:"at"`  // when it was sealed
	// Signer is the sealer's public key as an authorized_keys line (v2).
	Signer string `json:"signer,omitempty"`
	// PublicKey is the ed25519 key in hex (v1).
	PublicKey string `json:"public_key,omitempty"`
	// Signature is an armored SSH signature over Message() in the
	// sshsig.Namespace namespace (v2), or a hex ed25519 signature (v1).
	Signature string `json:"signature"`
}

// Message returns the canonical bytes the signature covers (see the package
// documentation).
func (h Head) Message() []byte {
	var b bytes.Buffer
	b.WriteString(h.Format + "\n")
	b.WriteString("incident " + h.Incident + "\n")
	b.WriteString("seq " + strconv.FormatUint(h.Seq, 10) + "\n")
	b.WriteString("h " + h.Hash + "\n")
	b.WriteString("at " + h.At.Format(time.RFC3339Nano) + "\n")
	return b.Bytes()
}

// String is a paragraph a person can paste into a ticket to pin the journal
// as it was when sealed.
func (h Head) String() string {
	key := "ed25519 public key " + h.PublicKey
	if pub, err := h.signerKey(); err == nil && h.Format == headFormatV2 {
		key = "SSH key " + sshsig.Fingerprint(pub)
	}
	return fmt.Sprintf("Incident %s: journal sealed at %s after %d records. "+
		"The last record (seq %d) has SHA-256 chain hash %s. "+
		"Signed with %s. "+
		"Anyone can check a copy of the incident against this with `shodo verify`.",
		h.Incident, h.At.Format(time.RFC3339), h.Seq, h.Seq, h.Hash, key)
}

// signerKey returns the key the head says signed it.
func (h Head) signerKey() (ssh.PublicKey, error) {
	switch h.Format {
	case headFormatV1:
		pub, err := hex.DecodeString(h.PublicKey)
		if err != nil || len(pub) != ed25519.PublicKeySize {
			return nil, headErr("public-key", "head public key is not a hex ed25519 key")
		}
		return ssh.NewPublicKey(ed25519.PublicKey(pub))
	case headFormatV2:
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(h.Signer))
		if err != nil {
			return nil, headErr("signer", fmt.Sprintf("head signer is not an SSH public key: %v", err))
		}
		return pub, nil
	}
	return nil, headErr("format", fmt.Sprintf("head format is %q, want %q or %q", h.Format, headFormatV2, headFormatV1), "Format", h.Format)
}

// check verifies the head's shape and signature and returns the key that
// signed it.
func (h Head) check() (ssh.PublicKey, error) {
	pub, err := h.signerKey()
	if err != nil {
		return nil, err
	}
	if err := checkIncidentID(h.Incident); err != nil {
		return nil, headErr("incident", fmt.Sprintf("head: %v", err), "Incident", h.Incident)
	}
	if len(h.Hash) != 2*32 || !isLowerHex([]byte(h.Hash)) {
		return nil, headErr("hash", "head hash is not 64 lowercase hex digits")
	}
	if h.Format == headFormatV1 {
		sig, err := hex.DecodeString(h.Signature)
		if err != nil || len(sig) != ed25519.SignatureSize {
			return nil, headErr("signature-form", "head signature is not a hex ed25519 signature")
		}
		raw, _ := hex.DecodeString(h.PublicKey)
		if !ed25519.Verify(ed25519.PublicKey(raw), h.Message(), sig) {
			return nil, headErr("signature", "head signature does not verify")
		}
		return pub, nil
	}
	signer, err := sshsig.Verify([]byte(h.Signature), sshsig.Namespace, h.Message())
	if err != nil {
		return nil, headErr("signature", fmt.Sprintf("head signature: %v", err))
	}
	if !bytes.Equal(signer.Marshal(), pub.Marshal()) {
		return nil, headErr("signer-mismatch", fmt.Sprintf("head names signer %s but was signed by %s", sshsig.Fingerprint(pub), sshsig.Fingerprint(signer)), "Named", sshsig.Fingerprint(pub), "Signed", sshsig.Fingerprint(signer))
	}
	return pub, nil
}

// headError is why a head fails its check: a code (why, worded by the
// edge as export.break-detail.head-<why>) with named parameters, and the
// same in English.
type headError struct {
	why  string
	args []any
	msg  string
}

func (e *headError) Error() string { return e.msg }

func headErr(why, msg string, args ...any) error {
	return &headError{why: "head-" + why, args: args, msg: msg}
}

// ReadHead reads and parses a timeline.head, without checking its signature
// (Verify does).
func ReadHead(path string) (Head, error) {
	raw, err := readHeadFile(path, filepath.Dir(path))
	if err != nil {
		return Head{}, fmt.Errorf("read head: %w", err)
	}
	h, err := parseHead(raw)
	if err != nil {
		return Head{}, fmt.Errorf("read head %s: %w", path, err)
	}
	return h, nil
}

// readHeadFile reads a head file. One inside the incident directory dir
// must be a regular file (no link out of the directory, no FIFO to hang
// on); one elsewhere is the user's own choice, a ticket copy, read as
// given. Either is read up to maxHeadBytes and one byte more, so that
// parseHead can refuse an oversized one.
func readHeadFile(path, dir string) ([]byte, error) {
	var f *os.File
	var err error
	if filepath.Clean(filepath.Dir(path)) == filepath.Clean(dir) {
		f, err = openRegular(path, os.O_RDONLY, 0)
	} else {
		f, err = os.Open(path)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxHeadBytes+1))
}

// maxHeadBytes bounds an untrusted head file.
const maxHeadBytes = 64 << 10

func parseHead(raw []byte) (Head, error) {
	if len(raw) > maxHeadBytes {
		return Head{}, headErr("too-large", fmt.Sprintf("head is larger than %d bytes", maxHeadBytes), "Max", maxHeadBytes)
	}
	var h Head
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return Head{}, headErr("not-json", fmt.Sprintf("head is not valid: %v", err), "Err", err.Error())
	}
	return h, nil
}

// Seal signs the journal's current end with signer (an SSH key: the
// sealer's own through the agent, or a local key) and writes it to
// timeline.head atomically (temp file, fsync, rename, directory fsync),
// replacing any earlier head. Records appended later are not covered until
// the next Seal. The time comes from the journal's clock.
func (j *Journal) Seal(signer ssh.Signer) (Head, error) {
	return j.SealAt(signer, j.now())
}

// SealAt is Seal with an explicit sealing time.
func (j *Journal) SealAt(signer ssh.Signer, at time.Time) (Head, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case j.closed:
		return Head{}, fmt.Errorf("seal %s: %w", j.path, ErrClosed)
	case j.poison != nil:
		return Head{}, fmt.Errorf("seal %s: %w", j.path, j.poison)
	}
	h := Head{
		Format:   headFormatV2,
		Incident: j.incident,
		Seq:      j.seq,
		Hash:     hex.EncodeToString(j.hash[:]),
		At:       at.Round(0),
		Signer:   signerLine(signer),
	}
	sig, err := sshsig.Sign(signer, sshsig.Namespace, h.Message())
	if err != nil {
		return Head{}, fmt.Errorf("seal %s: %w", j.path, err)
	}
	h.Signature = string(sig)
	raw, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return Head{}, fmt.Errorf("seal %s: %w", j.path, err)
	}
	if err := writeAtomic(j.dir, HeadFile, append(raw, '\n')); err != nil {
		return Head{}, fmt.Errorf("seal %s: %w", j.path, err)
	}
	return h, nil
}

// signerLine is signer's public key as an authorized_keys line, with the
// key's comment (sshsig.Comment) when it has one, on one line: it names the
// key for a reader. The comment is not signed; the key is, and verify names
// a key by its fingerprint first.
func signerLine(signer ssh.Signer) string {
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey())))
	if c := strings.Join(strings.Fields(sshsig.Comment(signer)), " "); c != "" {
		line += " " + c
	}
	return line
}

// SignerComment is the comment of the key named in a v2 head, as the
// sealer's agent or key file gave it; empty when there is none. It is
// not covered by the signature: a name to show beside the fingerprint,
// never a proof.
func (h Head) SignerComment() string {
	if h.Format != headFormatV2 {
		return ""
	}
	_, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(h.Signer))
	if err != nil {
		return ""
	}
	return comment
}

// writeAtomic replaces dir/name with data so that a crash leaves either the
// old file or the new one, never a mix.
func writeAtomic(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}
