package incident

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The evidence register and its chain of custody: every artefact the team
// keeps (a memory image, a disk image's hash, an export of the firewall
// logs) is registered with what it is, where it is kept, its SHA-256 and
// size, who collected it and when; every hand-over or copy is a custody
// event, and a hash re-verified later is recorded with whether it matched.
// All of it sits in the incident's hash chain, so the custody manifest an
// export writes can be checked against the journal head it names.

// Event types of the evidence register.
const (
	TypeEvidenceRegistered  = "evidence.registered"
	TypeEvidenceTransferred = "evidence.transferred"
	TypeEvidenceChecked     = "evidence.checked"
)

// EvidenceRegistered adds an artefact to the register. The event's actor is
// who recorded it; Collector who collected it.
type EvidenceRegistered struct {
	// ID is assigned by the engine, E1, E2, … in the order registered.
	ID string `json:"id"`
	// Expected is the id of the runbook's evidence entry the artefact
	// answers (`evidence = [{ id = "memory-image", … }]`); empty for one
	// the runbook did not list.
	Expected string `json:"expected,omitempty"`
	What     string `json:"what"`
	Where    string `json:"where"`
	// SHA256 is the artefact's hash as 64 lower-case hex digits; empty
	// when it has none yet (a seized laptop before imaging).
	SHA256 string `json:"sha256,omitempty"`
	// Size is its size in bytes; zero when not known.
	Size      int64  `json:"size,omitempty"`
	Collector string `json:"collector"`
	// Collected is when it was collected, as claimed by whoever registered
	// it; zero when it is the moment of the record.
	Collected time.Time `json:"collected,omitzero"`
}

// EvidenceTransferred hands an artefact from one holder to another, or,
// with Copy, gives another a copy while From keeps theirs. The event's
// actor is who recorded it.
type EvidenceTransferred struct {
	Evidence string `json:"evidence"`
	From     string `json:"from"`
	To       string `json:"to"`
	How      string `json:"how"` // "in person, sealed bag 17", "the vendor's upload portal"
	Why      string `json:"why"`
	// Where is where it is kept after the transfer; empty when unchanged.
	Where string `json:"where,omitempty"`
	Copy  bool   `json:"copy,omitempty"`
}

// EvidenceChecked records a hash of the artefact computed again, and
// whether it matched the one registered; or, with Missing, that nothing
// was found where it was looked for.
type EvidenceChecked struct {
	Evidence string `json:"evidence"`
	// SHA256 is the hash computed; empty when Missing.
	SHA256 string `json:"sha256,omitempty"`
	Match  bool   `json:"match"`
	// Missing records that there was nothing to hash where the artefact
	// is recorded as kept: a file deleted, moved or never copied there.
	// Absent from journals written before it existed.
	Missing bool `json:"missing,omitempty"`
	// Where is the place that was hashed or looked in (the file the TUI
	// re-hashes: where the artefact is kept); empty when not said.
	Where string `json:"where,omitempty"`
}

// EventType implements Payload.
func (EvidenceRegistered) EventType() string { return TypeEvidenceRegistered }

// EventType implements Payload.
func (EvidenceTransferred) EventType() string { return TypeEvidenceTransferred }

// EventType implements Payload.
func (EvidenceChecked) EventType() string { return TypeEvidenceChecked }

// Artefact is one registered piece of evidence and its custody so far.
type Artefact struct {
	EvidenceRegistered
	Seq   uint64
	Time  time.Time
	Actor string // who recorded it
	// Kept is where it is kept now: Where as registered, then the place
	// the latest transfer named.
	Kept string
	// Holders are who hold it now (the original or a copy), in the order
	// they came to; the collector at first.
	Holders []string
	// Custody is every transfer and copy, in order.
	Custody []Custody
	// Checks are the hashes computed again, in order.
	Checks []Check
}

// CollectedAt is when the artefact was collected: the claimed time, or
// the time of the record.
func (a *Artefact) CollectedAt() time.Time {
	if !a.Collected.IsZero() {
		return a.Collected
	}
	return a.Time
}

// Holds reports whether who holds the artefact (or a copy of it) now.
func (a *Artefact) Holds(who string) bool { return slices.Contains(a.Holders, who) }

// Custody is one transfer or copy of an artefact as recorded.
type Custody struct {
	EvidenceTransferred
	Seq   uint64
	Time  time.Time
	Actor string
}

// Check is one hash computed again as recorded.
type Check struct {
	EvidenceChecked
	Seq   uint64
	Time  time.Time
	Actor string
}

// Failed reports whether the check found something wrong: a hash that
// does not match, or nothing where the artefact is kept.
func (c Check) Failed() bool { return c.Missing || !c.Match }

// LastCheck returns the artefact's latest check, and false when it was
// never checked.
func (a *Artefact) LastCheck() (Check, bool) {
	if len(a.Checks) == 0 {
		return Check{}, false
	}
	return a.Checks[len(a.Checks)-1], true
}

// ExpectedStatus is one entry of the runbook's evidence checklist that
// applies to the incident, with the artefacts registered against it.
type ExpectedStatus struct {
	ID       string
	What     string
	Required bool
	Duty     string // the duty that lists it; empty for the runbook's own
	// Artefacts are the ids of the artefacts registered against it; none
	// while it is missing.
	Artefacts []string
}

// Missing reports whether nothing was registered against the entry.
func (x ExpectedStatus) Missing() bool { return len(x.Artefacts) == 0 }

// Artefact returns the registered artefact with the id, or nil.
func (s *State) Artefact(id string) *Artefact {
	for i := range s.Evidence {
		if s.Evidence[i].ID == id {
			return &s.Evidence[i]
		}
	}
	return nil
}

// ExpectedEvidence returns the runbook's evidence entries that apply now,
// in runbook order: the runbook's own, and a duty's once the duty has
// started (and not been withdrawn), each with what was registered against
// it. An entry something was registered against applies in any case.
func (s *State) ExpectedEvidence() []ExpectedStatus {
	var out []ExpectedStatus
	for _, x := range s.Runbook.ExpectedEvidence() {
		st := ExpectedStatus{ID: x.ID, What: x.What, Required: x.Required, Duty: x.Duty}
		for _, a := range s.Evidence {
			if a.Expected == x.ID {
				st.Artefacts = append(st.Artefacts, a.ID)
			}
		}
		if x.Duty != "" && st.Missing() && !dutyCollects(s.Duty(x.Duty)) {
			continue
		}
		out = append(out, st)
	}
	return out
}

// dutyCollects reports whether a duty's evidence list applies: it started
// and no revision or ending took it back.
func dutyCollects(d *Duty) bool {
	if d == nil {
		return false
	}
	switch d.Status {
	case StatusRunning, StatusDone, StatusWaived:
		return true
	}
	return false
}

func (s *State) foldEvidenceRegistered(e Event, p EvidenceRegistered) {
	if s.Artefact(p.ID) != nil {
		s.problem(e, "evidence-twice", Code("Evidence", p.ID))
		return
	}
	s.Evidence = append(s.Evidence, Artefact{EvidenceRegistered: p, Seq: e.Seq, Time: e.Time, Actor: e.Actor, Kept: p.Where, Holders: []string{p.Collector}})
}

func (s *State) foldEvidenceTransferred(e Event, p EvidenceTransferred) {
	a := s.Artefact(p.Evidence)
	if a == nil {
		s.problem(e, "unknown-evidence", Code("Type", e.Type), Quoted("Evidence", p.Evidence))
		return
	}
	// New slices every time: a snapshot taken before shares the old ones.
	holders := make([]string, 0, len(a.Holders)+1)
	for _, h := range a.Holders {
		if h != p.From || p.Copy {
			holders = append(holders, h)
		}
	}
	if !slices.Contains(holders, p.To) {
		holders = append(holders, p.To)
	}
	a.Holders = holders
	// A copy's place is its custody record's; the original stays put.
	if p.Where != "" && !p.Copy {
		a.Kept = p.Where
	}
	a.Custody = append(slices.Clip(a.Custody), Custody{EvidenceTransferred: p, Seq: e.Seq, Time: e.Time, Actor: e.Actor})
}

func (s *State) foldEvidenceChecked(e Event, p EvidenceChecked) {
	a := s.Artefact(p.Evidence)
	if a == nil {
		s.problem(e, "unknown-evidence", Code("Type", e.Type), Quoted("Evidence", p.Evidence))
		return
	}
	a.Checks = append(slices.Clip(a.Checks), Check{EvidenceChecked: p, Seq: e.Seq, Time: e.Time, Actor: e.Actor})
}

// NewEvidence is an artefact as a person registers it.
type NewEvidence struct {
	// Expected names the runbook's evidence entry it answers; empty for
	// one the runbook did not list.
	Expected string
	What     string
	Where    string
	// SHA256 is 64 hex digits in either case (spaces around are trimmed);
	// empty when there is no hash yet.
	SHA256 string
	// Size in bytes; zero when not known.
	Size int64
	// Collector is who collected it; the actor when empty.
	Collector string
	// Collected is when it was collected, as claimed; zero for now.
	Collected time.Time
}

// ParseSHA256 returns s as a SHA-256 in hex as the journal keeps it: 64
// hex digits, lower case, spaces around trimmed. Anything else is
// ErrBadHash.
func ParseSHA256(s string) (string, error) {
	h := strings.ToLower(strings.TrimSpace(s))
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		return "", refuseBadHash(s)
	}
	return h, nil
}

// refuseBadHash refuses a hash that is not 64 hex digits, saying how many
// characters it has: a hash cut short by a copy and paste shows at once.
func refuseBadHash(s string) *Refusal {
	n := len([]rune(strings.TrimSpace(s)))
	return refuse(ErrBadHash, fmt.Sprintf("%v: %q has %d characters", ErrBadHash, s, n), "bad-hash", Quoted("Hash", s), Number("Length", float64(n)))
}

// RegisterEvidence adds an artefact to the incident's evidence register
// and returns the id it was given (E1, E2, …). What and Where are
// required; a hash that is not 64 hex digits (ErrBadHash), a negative
// size, an evidence entry the runbook does not list
// (ErrUnknownExpected) and a claimed time after now are refused.
func (s *Session) RegisterEvidence(actor string, n NewEvidence) (string, error) {
	var id string
	err := s.command(asked("register evidence", "register-evidence"), actor, func(st *State) (Payload, error) {
		if strings.TrimSpace(n.What) == "" {
			return nil, refuseRequired("what")
		}
		if strings.TrimSpace(n.Where) == "" {
			return nil, refuseRequired("where")
		}
		hash := ""
		if strings.TrimSpace(n.SHA256) != "" {
			h, err := ParseSHA256(n.SHA256)
			if err != nil {
				return nil, err
			}
			hash = h
		}
		if n.Size < 0 {
			return nil, refuse(ErrBadSize, fmt.Sprintf("%v: %d", ErrBadSize, n.Size), "bad-size", Number("Size", float64(n.Size)))
		}
		if n.Expected != "" && st.Runbook.ExpectedEvidenceByID(n.Expected) == nil {
			var known []string
			for _, x := range st.Runbook.ExpectedEvidence() {
				known = append(known, x.ID)
			}
			return nil, refuse(ErrUnknownExpected, fmt.Sprintf("%v %q; the runbook lists %v", ErrUnknownExpected, n.Expected, known), "unknown-expected", Quoted("Expected", n.Expected), Code("Known", listed(known)))
		}
		if err := s.checkClaim(n.Collected); err != nil {
			return nil, err
		}
		collector := strings.TrimSpace(n.Collector)
		if collector == "" {
			collector = actor
		}
		id = nextEvidenceID(st)
		return EvidenceRegistered{ID: id, Expected: n.Expected, What: strings.TrimSpace(n.What), Where: strings.TrimSpace(n.Where), SHA256: hash, Size: n.Size,
			Collector: collector, Collected: claimed(n.Collected)}, nil
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// nextEvidenceID is the id the next artefact gets: one more than the
// highest E<n> registered.
func nextEvidenceID(st *State) string {
	highest := 0
	for _, a := range st.Evidence {
		if n, err := strconv.Atoi(strings.TrimPrefix(a.ID, "E")); err == nil && n > highest {
			highest = n
		}
	}
	return "E" + strconv.Itoa(highest+1)
}

// Transfer is a hand-over or copy of an artefact as a person records it.
type Transfer struct {
	Evidence string
	// From must hold the artefact now; when empty and it has exactly one
	// holder, that holder.
	From string
	To   string
	How  string
	Why  string
	// Where is where it is kept afterwards; empty when unchanged.
	Where string
	// Copy gives To a copy and leaves From theirs.
	Copy bool
}

// TransferEvidence records a transfer or copy of a registered artefact.
// An unknown artefact (ErrUnknownEvidence), a From who does not hold it
// (ErrNotHolder) and a transfer to its own holder (ErrSameHolder) are
// refused; To, How and Why are required.
func (s *Session) TransferEvidence(actor string, t Transfer) error {
	return s.command(asked("transfer "+t.Evidence, "transfer-evidence", Code("Evidence", t.Evidence)), actor, func(st *State) (Payload, error) {
		a, err := artefact(st, t.Evidence)
		if err != nil {
			return nil, err
		}
		from, to := strings.TrimSpace(t.From), strings.TrimSpace(t.To)
		if from == "" && len(a.Holders) == 1 {
			from = a.Holders[0]
		}
		switch {
		case from == "":
			return nil, refuseRequired("from")
		case to == "":
			return nil, refuseRequired("to")
		case strings.TrimSpace(t.How) == "":
			return nil, refuseRequired("how")
		case strings.TrimSpace(t.Why) == "":
			return nil, refuseRequired("why")
		}
		if !a.Holds(from) {
			return nil, refuse(ErrNotHolder, fmt.Sprintf("%v: %s does not hold %s; it is held by %s", ErrNotHolder, from, a.ID, strings.Join(a.Holders, ", ")), "not-holder",
				Text("From", from), Code("Evidence", a.ID), Text("Holders", strings.Join(a.Holders, ", ")))
		}
		if from == to || a.Holds(to) {
			return nil, refuse(ErrSameHolder, fmt.Sprintf("%v: %s already holds %s", ErrSameHolder, to, a.ID), "same-holder", Text("To", to), Code("Evidence", a.ID))
		}
		return EvidenceTransferred{Evidence: a.ID, From: from, To: to, How: strings.TrimSpace(t.How), Why: strings.TrimSpace(t.Why), Where: strings.TrimSpace(t.Where), Copy: t.Copy}, nil
	})
}

// CheckEvidence records a hash of a registered artefact computed again and
// whether it matches the one registered. A mismatch is recorded (it is
// what the chain of custody exists to show), not refused; an artefact
// registered without a hash is (ErrNoHash).
func (s *Session) CheckEvidence(actor, evidence, sha256 string) error {
	return s.RecheckEvidence(actor, Recheck{Evidence: evidence, SHA256: sha256})
}

// Recheck is an artefact looked for again, as a person (or the TUI, which
// re-hashes the file where it is kept) reports it.
type Recheck struct {
	Evidence string
	// Where is the place hashed or looked in; empty when not said.
	Where string
	// SHA256 is the hash computed, 64 hex digits; ignored when Missing.
	SHA256 string
	// Missing says nothing was found at Where to hash.
	Missing bool
}

// RecheckEvidence records an artefact checked again: the hash computed and
// whether it matches the one registered, or that it was missing. A
// mismatch or a missing artefact is recorded, not refused: it is what the
// chain of custody exists to show. A hash that is not 64 hex digits
// (ErrBadHash) is refused, and so is a hash for an artefact registered
// without one (ErrNoHash): there is nothing to compare it with.
func (s *Session) RecheckEvidence(actor string, r Recheck) error {
	return s.command(asked("check the hash of "+r.Evidence, "check-evidence", Code("Evidence", r.Evidence)), actor, func(st *State) (Payload, error) {
		a, err := artefact(st, r.Evidence)
		if err != nil {
			return nil, err
		}
		where := strings.TrimSpace(r.Where)
		if r.Missing {
			return EvidenceChecked{Evidence: a.ID, Missing: true, Where: where}, nil
		}
		h, err := ParseSHA256(r.SHA256)
		if err != nil {
			return nil, err
		}
		if a.SHA256 == "" {
			return nil, refuse(ErrNoHash, fmt.Sprintf("%v: %s", ErrNoHash, a.ID), "no-hash", Code("Evidence", a.ID))
		}
		return EvidenceChecked{Evidence: a.ID, SHA256: h, Match: h == a.SHA256, Where: where}, nil
	})
}

func artefact(st *State, id string) (*Artefact, error) {
	if a := st.Artefact(id); a != nil {
		return a, nil
	}
	known := make([]string, len(st.Evidence))
	for i, a := range st.Evidence {
		known[i] = a.ID
	}
	return nil, refuse(ErrUnknownEvidence, fmt.Sprintf("%v %q; the register has %v", ErrUnknownEvidence, id, known), "unknown-evidence", Quoted("Evidence", id), Code("Known", listed(known)))
}

func sentenceEvidenceRegistered(p EvidenceRegistered) Sentence {
	name := "evidence-registered"
	args := []Arg{Code("ID", p.ID), Line("What", p.What), Line("Where", p.Where), Text("Collector", p.Collector)}
	switch {
	case p.SHA256 != "" && p.Size > 0:
		name += "-hash-size"
		args = append(args, Code("SHA256", p.SHA256), Number("Size", float64(p.Size)))
	case p.SHA256 != "":
		name += "-hash"
		args = append(args, Code("SHA256", p.SHA256))
	}
	if !p.Collected.IsZero() {
		name += "-collected"
		args = append(args, Time("Collected", p.Collected))
	}
	return Say(name, args...)
}

func sentenceEvidenceTransferred(p EvidenceTransferred) Sentence {
	name := "evidence-transferred"
	if p.Copy {
		name = "evidence-copied"
	}
	args := []Arg{Code("ID", p.Evidence), Text("From", p.From), Text("To", p.To), Line("How", p.How), Line("Why", p.Why)}
	if p.Where != "" {
		name += "-where"
		args = append(args, Line("Where", p.Where))
	}
	return Say(name, args...)
}

func sentenceEvidenceChecked(p EvidenceChecked) Sentence {
	name, args := "evidence-mismatch", []Arg{Code("ID", p.Evidence)}
	switch {
	case p.Missing:
		name = "evidence-missing"
	case p.Match:
		name = "evidence-checked"
	}
	if !p.Missing {
		args = append(args, Code("SHA256", p.SHA256))
	}
	if p.Where != "" {
		name, args = name+"-where", append(args, Line("Where", p.Where))
	}
	return Say(name, args...)
}

// Refusals of the evidence register's commands.
var (
	// ErrBadHash is returned for a SHA-256 that is not 64 hex digits.
	ErrBadHash = errors.New("SHA-256 must be 64 hex digits")
	// ErrBadSize is returned for a negative size.
	ErrBadSize = errors.New("size must be zero or more bytes")
	// ErrUnknownExpected names an evidence entry the runbook does not list.
	ErrUnknownExpected = errors.New("unknown expected evidence")
	// ErrUnknownEvidence names an artefact the register does not hold.
	ErrUnknownEvidence = errors.New("unknown evidence")
	// ErrNotHolder is returned by TransferEvidence when the artefact is
	// handed over by someone who does not hold it.
	ErrNotHolder = errors.New("evidence is not held by the giver")
	// ErrSameHolder is returned by TransferEvidence when the receiver
	// already holds the artefact.
	ErrSameHolder = errors.New("evidence is already held by the receiver")
	// ErrNoHash is returned by CheckEvidence for an artefact registered
	// without a hash: there is nothing to check against.
	ErrNoHash = errors.New("evidence has no registered hash")
)
