package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/sshsig"
)

// Kind classifies a break in a journal.
type Kind string

// Kinds of break, as Verify reports them.
const (
	// KindBadHash: the line parses but its hash does not continue the chain.
	KindBadHash Kind = "bad-hash"
	// KindBadSeq: the line's seq is not the previous seq + 1 (a line was
	// deleted, duplicated or moved).
	KindBadSeq Kind = "bad-seq"
	// KindBadJSON: the line is not a well-formed record: not JSON, not UTF-8,
	// a field missing or malformed, or the hash suffix out of shape.
	KindBadJSON Kind = "bad-json"
	// KindTornTail: the last line ends without a newline, as a write cut
	// short by a crash leaves it (or the file is empty).
	KindTornTail Kind = "torn-tail"
	// KindHeadMismatch: the journal does not hold the record the head
	// seals: records were cut from the end, or rewritten and re-chained.
	KindHeadMismatch Kind = "head-mismatch"
	// KindBadSignature: the head is malformed or its signature does not
	// verify.
	KindBadSignature Kind = "bad-signature"
	// KindUnknownSigner: the head's signature verifies, but the key that
	// made it is not in the allowed signers it was checked against.
	KindUnknownSigner Kind = "unknown-signer"
)

// Break locates the first place a journal fails verification.
type Break struct {
	// Line is the 1-based line number; 0 means the head itself.
	Line int
	// Seq is the seq expected on that line.
	Seq  uint64
	Kind Kind
	// Why says what exactly is wrong as a code, and Args are its named
	// parameters (name/value pairs): the edge words it in the reader's
	// language (message export.break-detail.<Why>). Empty for a break whose
	// detail is another error's text.
	Why  string
	Args []any
	// Detail says what exactly is wrong, in English: for logs, JSON, and
	// readers without a catalogue.
	Detail string
	// Follow counts the lines after the broken one.
	Follow int
	// Offset is the byte offset where the broken line starts; it is set for
	// breaks found in the journal itself, not for head-mismatch or
	// bad-signature.
	Offset int64
}

// String reads "line L seq S: kind (K records follow)", or "head: kind".
func (b Break) String() string {
	if b.Line == 0 {
		return fmt.Sprintf("head: %s", b.Kind)
	}
	return fmt.Sprintf("line %d seq %d: %s (%d records follow)", b.Line, b.Seq, b.Kind, b.Follow)
}

// VerifyOptions adds checks against a signed head to Verify.
type VerifyOptions struct {
	// HeadPath names a timeline.head to check the journal against.
	HeadPath string
	// Head is an already parsed head; it takes precedence over HeadPath.
	Head *Head
	// Visit, when set, receives every record that verified, in order, so a
	// reader (an export) can replay a journal read-only in the same pass.
	// Records after the first break are not visited.
	Visit func(Record) error
	// Signers, when set, are the keys allowed to seal (an allowed_signers
	// file): a head signed by any other key fails with KindUnknownSigner.
	// Without it, any validly signed head is accepted and the Report says
	// the signer was not checked: the signature then proves integrity since
	// sealing, not who sealed.
	Signers *sshsig.AllowedSigners
}

// SignerCheck says what is known of the key that signed a head.
type SignerCheck string

// The outcomes of checking a head's signer.
const (
	// SignerNotChecked: no allowed signers were given.
	SignerNotChecked SignerCheck = "not-checked"
	// SignerAllowed: the key is in the allowed signers.
	SignerAllowed SignerCheck = "allowed"
	// SignerNotAllowed: the key is not in the allowed signers.
	SignerNotAllowed SignerCheck = "not-allowed"
)

// Report is the outcome of Verify.
type Report struct {
	Path     string // the journal file checked
	Incident string // from seq 1, when it verified
	Records  int    // records verified before the first break
	LastSeq  uint64 // seq of the last verified record
	Head     string // hash of the last verified record, hex
	// Break is the first problem found, nil when the journal verified.
	Break *Break
	// Sealed is the head checked against, when one was given.
	Sealed *Head
	// Signer is the key whose signature on the head verified; nil when no
	// head was checked or its signature failed.
	Signer ssh.PublicKey
	// SignerCheck says whether Signer was checked against allowed signers,
	// and Principal names it when it was allowed.
	SignerCheck SignerCheck
	Principal   string
	// Backwards counts the verified records whose time is earlier than the
	// record's before (the clock stepped back while they were written), and
	// FirstBackwards holds the first few. They are warnings, not breaks: the
	// chain still proves the order the records were written in, and that
	// order is the truth; only the times they carry contradict it. shodo
	// itself keeps recorded times in order (and records clock.stepped), so
	// they come from older builds or other writers.
	Backwards      int
	FirstBackwards []Backward
}

// Backward is a record whose time is earlier than the one before it.
type Backward struct {
	Seq      uint64
	At       time.Time // the record's time
	Previous time.Time // the time of the record before
}

// maxBackwards is how many Backward records a Report keeps.
const maxBackwards = 10

// OK reports whether the journal (and head, when given) verified.
func (r Report) OK() bool { return r.Break == nil }

// Recoverable reports whether the only problem is one that Open repairs by
// quarantining the final line: a torn, malformed or mis-hashed last line
// after at least one good record, with no head contradicting it. The CLI
// reports a torn tail alone (Kind KindTornTail) as a crash artefact.
func (r Report) Recoverable() bool {
	b := r.Break
	return b != nil && b.Line > 0 && b.Follow == 0 && r.Records > 0 &&
		(b.Kind == KindTornTail || b.Kind == KindBadJSON || b.Kind == KindBadHash)
}

// Unsealed counts the verified records after the sealed one: appended after
// Seal, so vouched for by the chain but not the signature.
func (r Report) Unsealed() int {
	if r.Sealed == nil || r.LastSeq <= r.Sealed.Seq {
		return 0
	}
	return int(r.LastSeq - r.Sealed.Seq)
}

// String reads "OK records=N head=<hex>" (with " sealed=S", and
// " unsealed=M" when records follow the sealed one, if a head was checked) or
// "FAIL line L seq S: kind (K records follow)". A journal whose times go
// backwards somewhere verifies; " backwards=B" then counts the records
// concerned.
func (r Report) String() string {
	if r.Break != nil {
		return "FAIL " + r.Break.String()
	}
	s := fmt.Sprintf("OK records=%d head=%s", r.Records, r.Head)
	if r.Sealed != nil {
		s += fmt.Sprintf(" sealed=%d", r.Sealed.Seq)
		if n := r.Unsealed(); n > 0 {
			s += fmt.Sprintf(" unsealed=%d", n)
		}
	}
	if r.Backwards > 0 {
		s += fmt.Sprintf(" backwards=%d", r.Backwards)
	}
	return s
}

// Verify checks the journal at path (a timeline.jsonl, or an incident
// directory holding one) without locking or changing anything, and so can
// run while the incident is open (a record being appended at that very
// moment may then show as a torn tail). The error is non-nil only when a file
// cannot be read or opt.Visit fails; integrity failures are in the Report.
//
// With a head, Verify also checks its signature and that the journal holds
// exactly the record it seals. Breaks are reported in reading order, the head
// first: an unauthentic head makes the rest moot, and a journal shorter than
// its head is reported as head-mismatch even when its last line is torn.
func Verify(path string, opt VerifyOptions) (Report, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, JournalFile)
	}
	rep := Report{Path: path}

	var head *Head
	var sigBreak *Break
	switch {
	case opt.Head != nil:
		h := *opt.Head
		head = &h
	case opt.HeadPath != "":
		raw, err := readHeadFile(opt.HeadPath, filepath.Dir(path))
		if err != nil {
			return rep, fmt.Errorf("verify %s: read head: %w", path, err)
		}
		h, err := parseHead(raw)
		if err != nil {
			sigBreak = headBreakOf(&Break{Kind: KindBadSignature}, err)
		} else {
			head = &h
		}
	}
	if head != nil {
		rep.Sealed = head
		signer, err := head.check()
		switch {
		case err != nil:
			sigBreak = headBreakOf(&Break{Seq: head.Seq, Kind: KindBadSignature}, err)
		case opt.Signers == nil:
			rep.Signer, rep.SignerCheck = signer, SignerNotChecked
		default:
			rep.Signer = signer
			if who, ok := opt.Signers.Allowed(signer, sshsig.Namespace, head.At); ok {
				rep.SignerCheck, rep.Principal = SignerAllowed, who
			} else {
				rep.SignerCheck = SignerNotAllowed
				sigBreak = &Break{Seq: head.Seq, Kind: KindUnknownSigner,
					Why: "unknown-signer", Args: []any{"Type", signer.Type(), "Fingerprint", sshsig.Fingerprint(signer)},
					Detail: fmt.Sprintf("the head is signed by %s %s, which the allowed signers do not list", signer.Type(), sshsig.Fingerprint(signer))}
			}
		}
	}

	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return rep, fmt.Errorf("verify: %w", err)
	}
	defer f.Close()
	var sealedHash string
	var previous time.Time
	res, err := scan(f, func(r Record) error {
		if head != nil && r.Seq == head.Seq {
			sealedHash = r.Hash
		}
		if r.At.Before(previous) {
			rep.Backwards++
			if len(rep.FirstBackwards) < maxBackwards {
				rep.FirstBackwards = append(rep.FirstBackwards, Backward{Seq: r.Seq, At: r.At, Previous: previous})
			}
		}
		previous = r.At
		if opt.Visit != nil {
			return opt.Visit(r)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", path, err)
	}
	rep.Incident = res.incident
	rep.Records = res.records
	rep.LastSeq = res.lastSeq
	if res.records > 0 {
		rep.Head = fmt.Sprintf("%x", res.lastHash)
	}
	rep.Break = res.brk

	switch {
	case sigBreak != nil:
		rep.Break = sigBreak
	case head != nil:
		if b := headBreak(*head, res, sealedHash); b != nil {
			rep.Break = b
		}
	}
	return rep, nil
}

// headBreakOf fills b's detail from a head's failed check.
func headBreakOf(b *Break, err error) *Break {
	b.Detail = err.Error()
	var he *headError
	if errors.As(err, &he) {
		b.Why, b.Args = he.why, he.args
	}
	return b
}

// headBreak compares a journal scan with the head that claims to seal it,
// returning a head-mismatch break when it comes before the journal's own.
func headBreak(h Head, res scanResult, sealedHash string) *Break {
	var b *Break
	switch {
	case res.incident != "" && res.incident != h.Incident:
		b = &Break{Line: 1, Seq: 1, Why: "head-other-incident", Args: []any{"Sealed", h.Incident, "Journal", res.incident}, Detail: fmt.Sprintf("head seals incident %q, journal is %q", h.Incident, res.incident)}
	case h.Seq == 0:
		b = &Break{Line: 1, Seq: 1, Why: "head-no-record", Detail: "head seals no record"}
	case sealedHash == "":
		b = &Break{Line: res.records + 1, Seq: res.lastSeq + 1,
			Why: "head-beyond", Args: []any{"Sealed", h.Seq, "Last", res.lastSeq},
			Detail: fmt.Sprintf("head seals seq %d, journal verifies only to seq %d", h.Seq, res.lastSeq)}
	case sealedHash != h.Hash:
		b = &Break{Line: int(h.Seq), Seq: h.Seq,
			Why: "head-other-hash", Args: []any{"Seq", h.Seq, "Hash", sealedHash, "Sealed", h.Hash},
			Detail: fmt.Sprintf("seq %d has hash %s, head seals %s", h.Seq, sealedHash, h.Hash)}
	default:
		return nil
	}
	// The journal's own break is more precise, except that a torn tail must
	// not hide records cut before it: the head proves they existed.
	if j := res.brk; j != nil && (j.Line < b.Line || j.Line == b.Line && j.Kind != KindTornTail) {
		return nil
	}
	b.Kind = KindHeadMismatch
	b.Follow = max(res.lines-b.Line, 0)
	return b
}
