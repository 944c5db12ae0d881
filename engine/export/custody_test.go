package export

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// evidenceIncident plays the evidence register on
// testdata/incident/evidence.toml: a memory image collected before it was
// registered (a claimed time), handed to the security vendor, copied to
// legal, hashed again twice (a match, then a mismatch); firewall logs
// without a hash, later missing from their share; the EDR export never
// collected.
func evidenceIncident(t *testing.T) Input {
	t.Helper()
	s, clock := openFixture(t, "evidence.toml")
	must(t, s.Answer("sato", "symptom", "ransom"))
	clock.Advance(30 * time.Minute)
	hash := strings.Repeat("9f", 32)
	_, err := s.RegisterEvidence("sato", incident.NewEvidence{Expected: "memory-image", What: "Memory image of fs01", Where: "Evidence locker B, bag 17",
		SHA256: hash, Size: 17179869184, Collector: "Kondo (Asagi)", Collected: start.Add(20 * time.Minute)})
	must(t, err)
	clock.Advance(5 * time.Minute)
	_, err = s.RegisterEvidence("kato", incident.NewEvidence{Expected: "firewall-logs", What: "Firewall logs | last 7 days", Where: "Share //evidence/fw"})
	must(t, err)
	clock.Advance(time.Hour)
	must(t, s.TransferEvidence("sato", incident.Transfer{Evidence: "E1", To: "Kazamidori Security", How: "in person, sealed bag 17", Why: "forensic analysis", Where: "Kazamidori lab safe 2"}))
	clock.Advance(time.Hour)
	must(t, s.TransferEvidence("sato", incident.Transfer{Evidence: "E1", From: "Kazamidori Security", To: "Legal (Mori)", How: "encrypted disk", Why: "for the police", Copy: true}))
	must(t, s.CheckEvidence("mori", "E1", hash))
	clock.Advance(24 * time.Hour)
	must(t, s.CheckEvidence("mori", "E1", strings.Repeat("00", 32)))
	// The logs looked for where they are kept, and gone.
	must(t, s.RecheckEvidence("kato", incident.Recheck{Evidence: "E2", Where: "Share //evidence/fw", Missing: true}))
	must(t, s.Detach())
	return readInput(t, s.Dir())
}

// The custody manifest lists each artefact with its hash and every
// hand-over, copy and re-check (with the seq that records it) and names
// the journal head it was made from; the postmortem and the JSON carry the
// same in a section of their own, and the CSV the events.
func TestExportsCarryEvidenceAndCustody(t *testing.T) {
	t.Parallel()
	in := evidenceIncident(t)
	for _, tc := range []struct {
		name   string
		golden string
		format string
		lang   string
	}{
		{"custody manifest in English", "evidence.custody.en.md", "custody", i18n.English},
		{"custody manifest in Japanese", "evidence.custody.ja.md", "custody", i18n.Japanese},
		{"postmortem in English", "evidence.postmortem.en.md", "md", i18n.English},
		{"postmortem in Japanese", "evidence.postmortem.ja.md", "md", i18n.Japanese},
		{"JSON", "evidence.json", "json", i18n.English},
		{"CSV", "evidence.csv", "csv", i18n.English},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Write(&b, tc.format, in, Options{Location: jst, Lang: tc.lang}))
			testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", tc.golden), []byte(normalise(in, b.String())))
		})
	}
	var b bytes.Buffer
	must(t, Custody(&b, in, Options{}))
	for _, want := range []string{"seq " + itoa(in.State.LastSeq) + ", `" + in.Head + "`", "`" + strings.Repeat("9f", 32) + "`", "Firewall logs \\| last 7 days", "EDR export — missing", "DOES NOT MATCH", "looked for by kato: MISSING, nothing found (at Share //evidence/fw)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the manifest does not say %q", want)
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// The manifest and the postmortem's evidence section, in the pseudo-locale,
// hold no English word that is not the responders' own.
func TestPseudoLocaleCustody(t *testing.T) {
	t.Parallel()
	in := evidenceIncident(t)
	allow := allowedWords(t, in.State)
	for _, format := range []string{"custody", "md"} {
		var b bytes.Buffer
		must(t, Write(&b, format, in, Options{Lang: i18n.Pseudo, Location: jst}))
		leaks(t, format, b.String(), allow)
	}
}
