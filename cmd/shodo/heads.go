package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/engine/sshsig"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// ticketPin is what the paragraph shodo seal prints for the ticket pins:
// the journal held record Seq with chain hash Hash. It carries no
// signature: the ticket system's copy is what vouches for it.
type ticketPin struct {
	Incident string `json:"incident,omitempty"`
	Seq      uint64 `json:"seq"`
	Hash     string `json:"h"`
	// Key is the fingerprint the paragraph says signed the head.
	Key string `json:"key,omitempty"`
}

// The parts of a sealed paragraph that do not depend on its language:
// "seq N", the 64-hex chain hash, the key's fingerprint.
var (
	pinSeq  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bseq (\d{1,19})\b`) })
	pinHash = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b[0-9a-f]{64}\b`) })
	pinKey  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`SHA256:[A-Za-z0-9+/]{43}`) })
)

// errNotHead is returned for a --head file that is neither.
var errNotHead = errors.New("neither a head file (JSON) nor the paragraph shodo seal prints")

// readHeadArg reads what --head names: a head file, or the paragraph shodo
// seal printed for the ticket (in any language), or the whole output of
// `shodo seal > FILE`, which holds both (the head is then used).
func readHeadArg(path string) (*journal.Head, *ticketPin, error) {
	// Read as runbooks are: without blocking on a FIFO, regular files only.
	raw, err := runbook.ReadRegular(path)
	if err != nil {
		return nil, nil, err
	}
	if len(raw) > 64<<10 {
		return nil, nil, fmt.Errorf("%s: larger than 64 KiB: %w", path, errNotHead)
	}
	if i := jsonStart(raw); i >= 0 {
		var h journal.Head
		dec := json.NewDecoder(bytes.NewReader(raw[i:]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&h); err != nil {
			return nil, nil, fmt.Errorf("%s: the head's JSON: %w", path, err)
		}
		return &h, nil, nil
	}
	text := string(raw)
	seq, hash := pinSeq().FindStringSubmatch(text), pinHash().FindAllString(text, -1)
	if seq == nil || len(hash) != 1 {
		return nil, nil, fmt.Errorf("%s: %w", path, errNotHead)
	}
	n, err := strconv.ParseUint(seq[1], 10, 64)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, errNotHead)
	}
	return nil, &ticketPin{Seq: n, Hash: hash[0], Key: pinKey().FindString(text)}, nil
}

// jsonStart is where a head's JSON object starts in raw: at its beginning,
// or on the first line that is only "{" (the output of shodo seal).
func jsonStart(raw []byte) int {
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return len(raw) - len(t)
	}
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '\n')
		line := raw[i:]
		if j >= 0 {
			line = raw[i : i+j]
		}
		if string(bytes.TrimSpace(line)) == "{" {
			return i
		}
		if j < 0 {
			break
		}
		i += j + 1
	}
	return -1
}

// allowedSigners reads the allowed_signers file verify checks heads
// against: --allowed-signers, else $SHODO_ALLOWED_SIGNERS, else
// allowed_signers in the config directory when there is one. It returns
// the file read ("" for none).
func (env environment) allowedSigners(flag string) (*sshsig.AllowedSigners, string, error) {
	path := flag
	if path == "" {
		path = env.getenv(envAllowedSigners)
	}
	if path == "" {
		dir, err := env.configDir()
		if err != nil {
			return nil, "", nil
		}
		path = filepath.Join(dir, allowedSignersFile)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, "", nil
		}
	}
	raw, err := readSmall(path)
	if err != nil {
		return nil, path, err
	}
	a, err := sshsig.ParseAllowedSigners(bytes.NewReader(raw))
	if err != nil {
		return nil, path, fmt.Errorf("%s: %w", path, err)
	}
	return &a, path, nil
}

// headCheck is what verify says of heads and who sealed them, always.
type headCheck struct {
	// Checked is true when a signed head was checked; File is the head
	// file read (empty for none).
	Checked bool   `json:"checked"`
	File    string `json:"file,omitempty"`
	// NoHead says why none was: "no-head" (the incident has no
	// timeline.head), "closed-no-head" (it is closed, so it had one).
	NoHead string `json:"no_head,omitempty"`
	// Signer is the key that signed it, when the signature verified.
	Signer *signerCheck `json:"signer,omitempty"`
	// Ticket is the paragraph checked with --head, when one was.
	Ticket *ticketPin `json:"ticket,omitempty"`
	// TicketOK says whether the journal holds the record it pins.
	TicketOK bool `json:"ticket_ok,omitempty"`
}

// signerCheck is the key that sealed a head and whether it may.
type signerCheck struct {
	Type        string `json:"type"`
	Fingerprint string `json:"fingerprint"`
	// Comment is the key's comment as the head gives it (not signed).
	Comment string `json:"comment,omitempty"`
	// Check is journal.SignerCheck: allowed, not-allowed or not-checked.
	Check     journal.SignerCheck `json:"check"`
	Principal string              `json:"principal,omitempty"`
	// AllowedSigners is the file checked against.
	AllowedSigners string `json:"allowed_signers,omitempty"`
	// LocalSealKey is set when the key is the installation key heads were
	// sealed with before responders' own keys (home/keys/seal_ed25519).
	LocalSealKey bool `json:"local_seal_key,omitempty"`
}

// checkSigner describes who sealed the head of rep.
func (env environment) checkSigner(rep journal.Report, allowedFile string) *signerCheck {
	if rep.Signer == nil {
		return nil
	}
	s := &signerCheck{Type: rep.Signer.Type(), Fingerprint: sshsig.Fingerprint(rep.Signer), Check: rep.SignerCheck, Principal: rep.Principal, AllowedSigners: allowedFile}
	if rep.Sealed != nil {
		s.Comment = rep.Sealed.SignerComment()
	}
	if home, err := env.home(); err == nil {
		if key, err := sshsig.LoadKey(filepath.Join(home, "keys", "seal_ed25519")); err == nil {
			s.LocalSealKey = bytes.Equal(key.PublicKey().Marshal(), rep.Signer.Marshal())
		}
	}
	return s
}

// printHeadCheck says, under verify's first line, whether a head was
// checked, which key signed it, and whether that key is allowed.
func printHeadCheck(w io.Writer, c *i18n.Catalog, hc headCheck) {
	switch {
	case hc.Ticket != nil && hc.TicketOK:
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.ticket-ok", "Seq", hc.Ticket.Seq, "Hash", hc.Ticket.Hash))
	case hc.Ticket != nil:
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.ticket-mismatch", "Seq", hc.Ticket.Seq, "Hash", hc.Ticket.Hash))
	case hc.NoHead == "closed-no-head":
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.no-head-closed", "File", journal.HeadFile))
	case hc.NoHead != "":
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.no-head", "File", journal.HeadFile))
	case !hc.Checked:
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.head-not-checked"))
	}
	s := hc.Signer
	if s == nil {
		return
	}
	key := keyWords(s)
	if s.LocalSealKey {
		key = c.T("cli.verify.local-seal-key", "Key", key)
	}
	fmt.Fprintf(w, "  %s\n", c.T("cli.verify.signed-by", "Key", key))
	switch s.Check {
	case journal.SignerAllowed:
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.signer-allowed", "Principal", oneLine(s.Principal), "File", visible(s.AllowedSigners)))
	case journal.SignerNotAllowed:
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.signer-not-allowed", "Key", key, "File", visible(s.AllowedSigners)))
	default:
		fmt.Fprintf(w, "  %s\n", c.T("cli.verify.signer-not-checked", "Var", "$"+envAllowedSigners, "File", allowedSignersFile))
	}
}

// keyWords names a head's key: type, fingerprint and, in parentheses, the
// comment it came with.
func keyWords(s *signerCheck) string {
	name := s.Type + " " + s.Fingerprint
	if c := oneLine(s.Comment); c != "" {
		name += " (" + c + ")"
	}
	return name
}

// closedIncident reports whether the events verify read close the
// incident.
func (f *folder) closed() bool {
	if f.bad || len(f.events) == 0 {
		return false
	}
	st, err := incident.Replay(f.events)
	return err == nil && st.Closed
}

// sealedKeyNote says where the key that sealed head came from: the
// fallback key under the config directory, or the SSH agent.
func (env environment) sealedKeyNote(c *i18n.Catalog, k sealingKey) string {
	name := keyName(k.signer.PublicKey(), sshsig.Comment(k.signer))
	if k.source == keyFromFallback {
		return c.T("cli.seal.with-fallback", "Key", name, "Path", visible(k.path), "Why", agentWhy(c, k.noAgent, k.agentPath))
	}
	return c.T("cli.seal.with-agent", "Key", name, "Count", k.agentKeys, "Flag", "--key", "Var", "$"+envSigningKey)
}
