package incident

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// openEvidence opens an incident on testdata/incident/evidence.toml: the
// runbook asks for a timeline export in every incident, and a ransomware
// verdict starts a duty that asks for a memory image, firewall logs and an
// EDR export.
func openEvidence(t *testing.T, clock Clock) *Session {
	t.Helper()
	s, err := Open(loadFixture(t, "evidence.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

var (
	hashA = strings.Repeat("ab", 32)
	hashB = strings.Repeat("cd", 32)
)

// What the responder sees in the register follows what was registered: the
// runbook's own entry at once, a duty's once the duty starts, each missing
// until an artefact answers it.
func TestExpectedEvidenceFollowsTheIncident(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openEvidence(t, clock)
	if got := expectedIDs(s.State()); !slices.Equal(got, []string{"timeline-export"}) {
		t.Errorf("before the verdict the register expects %v, want only the runbook's own [timeline-export]", got)
	}
	must(t, s.Answer("alice", "symptom", "ransom"))
	if got, want := expectedIDs(s.State()), []string{"timeline-export", "memory-image", "firewall-logs", "edr-export"}; !slices.Equal(got, want) {
		t.Errorf("after the ransomware verdict the register expects %v, want %v", got, want)
	}
	id, err := s.RegisterEvidence("bob", NewEvidence{Expected: "memory-image", What: "Memory image of order-db01", Where: "Locker B, bag 17", SHA256: hashA, Size: 1 << 34})
	must(t, err)
	for _, x := range s.State().ExpectedEvidence() {
		if x.Missing() != (x.ID != "memory-image") {
			t.Errorf("%s: missing %v after %s was registered against memory-image", x.ID, x.Missing(), id)
		}
		if x.ID == "memory-image" && !slices.Equal(x.Artefacts, []string{"E1"}) {
			t.Errorf("memory-image is answered by %v, want [E1]", x.Artefacts)
		}
	}
}

func expectedIDs(st *State) []string {
	var out []string
	for _, x := range st.ExpectedEvidence() {
		out = append(out, x.ID)
	}
	return out
}

// An artefact is registered with an id the engine gives, its hash kept in
// lower case; each hand-over moves it, each copy adds a holder; a hash
// computed again is recorded with whether it matched. A resumed session
// reads the same register from the journal.
func TestEvidenceCustodyChain(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openEvidence(t, clock)
	clock.Advance(10 * time.Minute)
	collected := t0.Add(2 * time.Minute)
	id, err := s.RegisterEvidence("alice", NewEvidence{What: "Memory image of order-db01", Where: "Locker B, bag 17",
		SHA256: "  " + strings.ToUpper(hashA) + "\n", Size: 17179869184, Collector: "Kondo (Asagi)", Collected: collected})
	must(t, err)
	id2, err := s.RegisterEvidence("alice", NewEvidence{What: "Seized laptop", Where: "Locker B, bag 18"})
	must(t, err)
	if id != "E1" || id2 != "E2" {
		t.Fatalf("ids %s, %s; want E1, E2", id, id2)
	}
	clock.Advance(time.Hour)
	must(t, s.TransferEvidence("alice", Transfer{Evidence: "E1", To: "Kazamidori Security", How: "in person, sealed", Why: "forensic analysis", Where: "Kazamidori lab safe 2"}))
	must(t, s.TransferEvidence("bob", Transfer{Evidence: "E1", From: "Kazamidori Security", To: "Legal (Mori)", How: "encrypted disk", Why: "for the police", Where: "Law office", Copy: true}))
	must(t, s.CheckEvidence("carol", "E1", hashA))
	must(t, s.CheckEvidence("carol", "E1", hashB))
	// Where the TUI looks: the file where it is kept, hashed again or gone.
	must(t, s.RecheckEvidence("carol", Recheck{Evidence: "E1", Where: " /evidence/e1.img ", SHA256: hashA}))
	must(t, s.RecheckEvidence("carol", Recheck{Evidence: "E1", Where: "/evidence/e1.img", Missing: true}))
	// A seized laptop has no hash, but can still be found missing.
	must(t, s.RecheckEvidence("carol", Recheck{Evidence: "E2", Where: "Locker B, bag 18", Missing: true}))

	a := s.State().Artefact("E1")
	if a.SHA256 != hashA || a.Size != 17179869184 || a.Collector != "Kondo (Asagi)" || !a.CollectedAt().Equal(collected) || a.Actor != "alice" {
		t.Errorf("E1 registered as %+v", a.EvidenceRegistered)
	}
	if want := []string{"Kazamidori Security", "Legal (Mori)"}; !slices.Equal(a.Holders, want) {
		t.Errorf("E1 is held by %v, want %v", a.Holders, want)
	}
	if a.Kept != "Kazamidori lab safe 2" || a.Where != "Locker B, bag 17" {
		t.Errorf("E1 is kept at %q (registered at %q): a transfer moves it, a copy does not", a.Kept, a.Where)
	}
	if len(a.Custody) != 2 || a.Custody[0].From != "Kondo (Asagi)" || !a.Custody[1].Copy || a.Custody[1].Actor != "bob" {
		t.Errorf("custody %+v", a.Custody)
	}
	if len(a.Checks) != 4 || !a.Checks[0].Match || a.Checks[1].Match || !a.Checks[1].Failed() || a.Checks[0].Failed() {
		t.Errorf("checks %+v, want a match then a mismatch", a.Checks)
	}
	if k := a.Checks[2]; !k.Match || k.Missing || k.Where != "/evidence/e1.img" || k.Failed() {
		t.Errorf("check at a place %+v, want a match at /evidence/e1.img", k)
	}
	if k, ok := a.LastCheck(); !ok || !k.Missing || k.Match || k.SHA256 != "" || !k.Failed() {
		t.Errorf("last check %+v, want missing", k)
	}
	if k, _ := s.State().Artefact("E2").LastCheck(); !k.Missing {
		t.Errorf("E2's check %+v, want missing", k)
	}
	if e2 := s.State().Artefact("E2"); e2.CollectedAt() != e2.Time || e2.Collector != "alice" {
		t.Errorf("E2 without a claimed time or collector: collected %v by %q, want the record's time and actor", e2.CollectedAt(), e2.Collector)
	}

	before := s.State()
	must(t, s.Detach())
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock, Actor: "alice"})
	must(t, err)
	t.Cleanup(func() { _ = r.Detach() })
	if !reflect.DeepEqual(r.State().Evidence, before.Evidence) {
		t.Errorf("resumed register differs:\n%+v\nwant\n%+v", r.State().Evidence, before.Evidence)
	}
}

// Each refusal names what is wrong; nothing refused reaches the journal.
func TestEvidenceRefusals(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openEvidence(t, clock)
	_, err := s.RegisterEvidence("alice", NewEvidence{What: "Seized laptop", Where: "Locker B", Collector: "Kondo"})
	must(t, err)
	register := func(n NewEvidence) func() error {
		return func() error { _, err := s.RegisterEvidence("alice", n); return err }
	}
	ok := NewEvidence{What: "Memory image", Where: "Locker B"}
	with := func(f func(*NewEvidence)) NewEvidence { n := ok; f(&n); return n }
	for _, tc := range []struct {
		name string
		want error
		do   func() error
	}{
		{"a hash one digit short", ErrBadHash, register(with(func(n *NewEvidence) { n.SHA256 = hashA[:63] }))},
		{"a hash one digit long", ErrBadHash, register(with(func(n *NewEvidence) { n.SHA256 = hashA + "0" }))},
		{"a hash with a letter past f", ErrBadHash, register(with(func(n *NewEvidence) { n.SHA256 = "g" + hashA[1:] }))},
		{"an MD5 instead", ErrBadHash, register(with(func(n *NewEvidence) { n.SHA256 = strings.Repeat("a", 32) }))},
		{"a negative size", ErrBadSize, register(with(func(n *NewEvidence) { n.Size = -1 }))},
		{"an entry the runbook does not list", ErrUnknownExpected, register(with(func(n *NewEvidence) { n.Expected = "memory-imgae" }))},
		{"no what", ErrRequired, register(with(func(n *NewEvidence) { n.What = " " }))},
		{"no where", ErrRequired, register(with(func(n *NewEvidence) { n.Where = "" }))},
		{"collected after now", ErrClaimedLater, register(with(func(n *NewEvidence) { n.Collected = t0.Add(time.Hour) }))},
		{"transfer of an unknown artefact", ErrUnknownEvidence, func() error {
			return s.TransferEvidence("alice", Transfer{Evidence: "E9", To: "Mori", How: "hand", Why: "police"})
		}},
		{"transfer by someone not holding it", ErrNotHolder, func() error {
			return s.TransferEvidence("alice", Transfer{Evidence: "E1", From: "Yamada", To: "Mori", How: "hand", Why: "police"})
		}},
		{"transfer to its holder", ErrSameHolder, func() error {
			return s.TransferEvidence("alice", Transfer{Evidence: "E1", To: "Kondo", How: "hand", Why: "police"})
		}},
		{"transfer without a reason", ErrRequired, func() error {
			return s.TransferEvidence("alice", Transfer{Evidence: "E1", To: "Mori", How: "hand"})
		}},
		{"check of an unknown artefact", ErrUnknownEvidence, func() error { return s.CheckEvidence("alice", "E7", hashA) }},
		{"check with a bad hash", ErrBadHash, func() error { return s.CheckEvidence("alice", "E1", "abc") }},
		{"check of an artefact without a hash", ErrNoHash, func() error { return s.CheckEvidence("alice", "E1", hashA) }},
		{"check of an unknown artefact found missing", ErrUnknownEvidence, func() error {
			return s.RecheckEvidence("alice", Recheck{Evidence: "E7", Missing: true})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seq := s.State().LastSeq
			err := tc.do()
			if !errors.Is(err, tc.want) {
				t.Fatalf("%v, want %v", err, tc.want)
			}
			var r *Refusal
			if !errors.As(err, &r) {
				t.Errorf("%v is not a Refusal the edges can put into words", err)
			}
			if s.State().LastSeq != seq {
				t.Errorf("a refused command was journaled")
			}
		})
	}
}

func TestParseSHA256(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{hashA, hashA, true},
		{strings.ToUpper(hashA), hashA, true},
		{" \t" + hashA + "\r\n", hashA, true},
		{"", "", false},
		{hashA[:63], "", false},
		{hashA + "a", "", false},
		{"0x" + hashA[:62], "", false},
		{strings.Repeat("é", 32), "", false},
		{hashA[:32] + " " + hashA[33:], "", false},
	} {
		got, err := ParseSHA256(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSHA256(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrBadHash) {
			t.Errorf("ParseSHA256(%q): %v is not ErrBadHash", tc.in, err)
		}
	}
}
