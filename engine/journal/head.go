package journal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// headFormat names the head file format and starts the signed message.
const headFormat = "shodo journal head v1"

// Head is a signed statement that a journal held record Seq with hash Hash
// when it was sealed. It is stored as timeline.head.
type Head struct {
	Format    string    `json:"format"` // "shodo journal head v1"
	Incident  string    `json:"incident"`
	Seq       uint64    `json:"seq"`        // last record sealed
	Hash      string    `json:"h"`          // its hash, lowercase hex
	At        time.Time `json:"at"`         // when it was sealed
	PublicKey string    `json:"public_key"` // ed25519, hex
	Signature string    `json:"signature"`  // ed25519 over Message(), hex
}

// Message returns the canonical bytes the signature covers (see the package
// documentation).
func (h Head) Message() []byte {
	var b bytes.Buffer
	b.WriteString(headFormat + "\n")
	b.WriteString("incident " + h.Incident + "\n")
	b.WriteString("seq " + strconv.FormatUint(h.Seq, 10) + "\n")
	b.WriteString("h " + h.Hash + "\n")
	b.WriteString("at " + h.At.Format(time.RFC3339Nano) + "\n")
	return b.Bytes()
}

// String is a paragraph a person can paste into a ticket to pin the journal
// as it was when sealed.
func (h Head) String() string {
	return fmt.Sprintf("Incident %s: journal sealed at %s after %d records. "+
		"The last record (seq %d) has SHA-256 chain hash %s. "+
		"Signed with ed25519 public key %s; signature %s. "+
		"Anyone can check a copy of the incident against this with `shodo verify`.",
		h.Incident, h.At.Format(time.RFC3339), h.Seq, h.Seq, h.Hash, h.PublicKey, h.Signature)
}

// check verifies the head's shape and signature, and that it is signed by
// want when want is set.
func (h Head) check(want ed25519.PublicKey) error {
	if h.Format != headFormat {
		return fmt.Errorf("head format is %q, want %q", h.Format, headFormat)
	}
	if err := checkIncidentID(h.Incident); err != nil {
		return fmt.Errorf("head: %w", err)
	}
	if len(h.Hash) != 2*32 || !isLowerHex([]byte(h.Hash)) {
		return errors.New("head hash is not 64 lowercase hex digits")
	}
	pub, err := hex.DecodeString(h.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return errors.New("head public key is not a hex ed25519 key")
	}
	sig, err := hex.DecodeString(h.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("head signature is not a hex ed25519 signature")
	}
	if want != nil && !bytes.Equal(pub, want) {
		return fmt.Errorf("head is signed by key %s, expected %s", h.PublicKey, hex.EncodeToString(want))
	}
	if !ed25519.Verify(pub, h.Message(), sig) {
		return errors.New("head signature does not verify")
	}
	return nil
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
		return Head{}, fmt.Errorf("head is larger than %d bytes", maxHeadBytes)
	}
	var h Head
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return Head{}, fmt.Errorf("head is not valid: %w", err)
	}
	return h, nil
}

// Seal signs the journal's current end with key and writes it to
// timeline.head atomically (temp file, fsync, rename, directory fsync),
// replacing any earlier head. Records appended later are not covered until
// the next Seal. The time comes from the journal's clock.
func (j *Journal) Seal(key ed25519.PrivateKey) (Head, error) {
	return j.SealAt(key, j.now())
}

// SealAt is Seal with an explicit sealing time.
func (j *Journal) SealAt(key ed25519.PrivateKey, at time.Time) (Head, error) {
	if len(key) != ed25519.PrivateKeySize {
		return Head{}, errors.New("seal journal: not an ed25519 private key")
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case j.closed:
		return Head{}, fmt.Errorf("seal %s: %w", j.path, ErrClosed)
	case j.poison != nil:
		return Head{}, fmt.Errorf("seal %s: %w", j.path, j.poison)
	}
	h := Head{
		Format:    headFormat,
		Incident:  j.incident,
		Seq:       j.seq,
		Hash:      hex.EncodeToString(j.hash[:]),
		At:        at.Round(0),
		PublicKey: hex.EncodeToString(key.Public().(ed25519.PublicKey)),
	}
	h.Signature = hex.EncodeToString(ed25519.Sign(key, h.Message()))
	raw, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return Head{}, fmt.Errorf("seal %s: %w", j.path, err)
	}
	if err := writeAtomic(j.dir, HeadFile, append(raw, '\n')); err != nil {
		return Head{}, fmt.Errorf("seal %s: %w", j.path, err)
	}
	return h, nil
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

// KeyFile is the name of the installation's journal signing key under
// home/keys/.
const KeyFile = "journal-ed25519.pem"

// LoadOrCreateKey returns the installation's ed25519 journal signing key,
// stored as PKCS #8 PEM in home/keys/journal-ed25519.pem (0600, in a 0700
// directory). The first call creates it; two processes racing to create it
// end up with the same key. A key file readable by group or others is
// refused, as ssh refuses such keys.
func LoadOrCreateKey(home string) (ed25519.PrivateKey, error) {
	dir := filepath.Join(home, "keys")
	path := filepath.Join(dir, KeyFile)
	key, err := loadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create key directory: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate journal key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("encode journal key: %w", err)
	}
	f, err := os.CreateTemp(dir, ".key-*.tmp") // created 0600
	if err != nil {
		return nil, fmt.Errorf("create journal key: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("write journal key: %w", err)
	}
	// Link, unlike rename, never replaces: whoever links first wins and
	// everyone loads the winner's key.
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("install journal key: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	return loadKey(path)
}

func loadKey(path string) (ed25519.PrivateKey, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load journal key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("load journal key: %s is accessible by others (mode %o); chmod 600 it", path, fi.Mode().Perm())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load journal key: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("load journal key %s: no PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("load journal key %s: %w", path, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("load journal key %s: not an ed25519 key", path)
	}
	return priv, nil
}
