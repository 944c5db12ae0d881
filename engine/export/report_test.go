package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// loadRegimes loads testdata/incident/regimes.toml with the shipped
// regulation fragments beside it, as a team's runbook includes them.
func loadRegimes(t *testing.T) *runbook.Runbook {
	t.Helper()
	own, err := os.ReadFile(filepath.Join("..", "..", "testdata", "incident", "regimes.toml"))
	must(t, err)
	fsys := fstest.MapFS{"regimes.toml": {Data: own}}
	fragments, err := fs.Glob(runbooks.FS, "regulations/*.toml")
	must(t, err)
	for _, name := range fragments {
		data, err := fs.ReadFile(runbooks.FS, name)
		must(t, err)
		fsys[name] = &fstest.MapFile{Data: data}
	}
	rb, diags := runbook.LoadFS(fsys, "regimes.toml", runbook.Options{})
	if rb == nil || diags.HasErrors() {
		t.Fatal(diags)
	}
	return rb
}

// openRegimes opens an incident on loadRegimes's runbook, as openFixture
// does on a fixture of testdata/incident.
func openRegimes(t *testing.T) (*incident.Session, *testkit.Clock) {
	t.Helper()
	clock := testkit.NewClock(start)
	s, err := incident.Open(loadRegimes(t), incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	return s, clock
}

// regimesIncident plays a breach that every regime's clock starts on: some
// items filled in (one twice, one with several lines), some left empty,
// milestones stamped with and without a claimed time, reports submitted
// with a claimed submission time, and the service resolved.
func regimesIncident(t *testing.T) Input {
	t.Helper()
	s, clock := openRegimes(t)
	at := func(d time.Duration) { clock.Set(start.Add(d)) }
	set := func(duty, field string, values ...string) {
		t.Helper()
		must(t, s.SetField("kato", duty, field, values))
	}
	at(5 * time.Minute)
	must(t, s.Answer("sato", "symptom", "breach"))
	at(30 * time.Minute)
	// Someone in support knew 20 minutes before the stamp.
	must(t, s.StampAt("kato", "appi-aware", start.Add(10*time.Minute)))
	for _, m := range []string{"gdpr-aware", "nis2-aware", "dora-aware", "sec-discovered", "hipaa-discovered", "cra-vuln-aware", "cra-incident-aware"} {
		must(t, s.Stamp("sato", m))
	}
	at(45 * time.Minute)
	set("appi-preliminary", "appi-summary", "Order database copied by an intruder.\nFound by the night shift.")
	set("appi-preliminary", "appi-data-items", "name", "address", "phone")
	set("appi-preliminary", "appi-people", "1,200")
	set("appi-preliminary", "appi-people", "1350")
	set("appi-preliminary", "appi-cause", "Stolen VPN credentials")
	set("gdpr-33-authority", "gdpr-nature", "Confidentiality breach: customer records exfiltrated")
	set("gdpr-33-authority", "gdpr-subjects", "1350")
	set("gdpr-33-authority", "gdpr-contact", "dpo@example.com")
	set("nis2-early-warning", "nis2-malicious", "yes")
	set("nis2-early-warning", "nis2-cross-border", "no")
	set("hipaa-individuals", "hipaa-what-happened", "An intruder copied patient contact records.")
	set("hipaa-individuals", "hipaa-phi-types", "name", "date of birth")
	set("cra-vuln-early-warning", "cra-vuln-member-states", "DE", "FR")
	set("cra-incident-early-warning", "cra-incident-malicious", "yes")
	at(time.Hour)
	must(t, s.Stamp("sato", "dora-classified-major"))
	set("dora-initial", "dora-entity", "Example Bank AG, LEI 529900T8BM49AURSDO55, credit institution")
	set("dora-initial", "dora-description", "Order system data exfiltrated")
	set("dora-initial", "dora-criteria", "clients affected", "data losses")
	set("dora-initial", "dora-bcp", "no")
	at(2 * time.Hour)
	must(t, s.DutyDoneSubmittedAt("sato", "dora-initial", "portal", "", start.Add(110*time.Minute), true))
	must(t, s.DutyDone("sato", "nis2-early-warning", "portal", ""))
	must(t, s.DutyDone("sato", "cra-vuln-early-warning", "portal", ""))
	must(t, s.DutyDone("sato", "cra-incident-early-warning", "portal", ""))
	set("dora-intermediate", "dora-occurred", "2026-11-24 22:00")
	set("dora-intermediate", "dora-incident-type", "cybersecurity-related")
	set("nis2-notification", "nis2-update", "Confirmed: exfiltration via stolen VPN credentials")
	set("nis2-notification", "nis2-assessment", "Severe: order intake stopped for 6 hours")
	set("cra-vuln-notification", "cra-vuln-product", "OrderBox 4.2")
	set("cra-incident-notification", "cra-incident-nature", "Intrusion through the product's VPN gateway")
	at(3 * time.Hour)
	must(t, s.StampAt("kato", "gdpr-high-risk", start.Add(150*time.Minute)))
	must(t, s.Stamp("kato", "sec-material"))
	set("sec-8k-105", "sec-nature", "Unauthorised access to the order system")
	must(t, s.Stamp("sato", "appi-wrongful-purpose"))
	must(t, s.Stamp("sato", "cra-fix-available"))
	// The final report's own items, and the communication's: the rest of
	// each draft is what the earlier report said.
	set("appi-final-wrongful", "appi-wrongful-cause", "Stolen VPN credentials, used from abroad")
	set("appi-final-wrongful", "appi-wrongful-secondary-harm", "Phishing mails to customers seen")
	set("gdpr-34-data-subjects", "gdpr-34-nature", "Someone copied your name and address from our order system.")
	set("cra-vuln-final", "cra-vuln-update", "OrderBox 4.2.1")
	must(t, s.Resolve("sato", start.Add(170*time.Minute)))
	at(26 * time.Hour)
	must(t, s.DutyDoneSubmittedAt("kato", "appi-preliminary", "form", "", start.Add(25*time.Hour), true))
	must(t, s.DutyDone("sato", "nis2-notification", "portal", ""))
	must(t, s.DutyDone("sato", "cra-incident-notification", "portal", ""))
	set("nis2-final", "nis2-description", "Intruder used stolen VPN credentials to copy the order database.")
	set("cra-incident-final", "cra-incident-root-cause", "Credential theft")
	at(50 * time.Hour)
	must(t, s.DutyDone("sato", "dora-intermediate", "portal", ""))
	set("dora-final", "dora-root-causes", "No MFA on the VPN")
	// The Attorney General's first delay (Item 1.05(c)), notified when
	// materiality was determined and recorded later: the draft shows it
	// beside the due time.
	thirty, err := runbook.ParseDuration("30d")
	must(t, err)
	must(t, s.ExtendDuty("sato", "sec-8k-105", incident.Grant{Authority: "US Attorney General", Reference: "DOJ NSD letter 2026-1124",
		Length: thirty, Granted: start.Add(3 * time.Hour)}))
	must(t, s.Detach())
	return readInput(t, s.Dir())
}

// TestReportDrafts: a draft per regime from one scripted incident, in
// English, the APPI drafts in Japanese too, and the JSON variant: each in
// the authority's structure, filled from the journal, with what is still
// empty listed first and the journal head it was made from.
func TestReportDrafts(t *testing.T) {
	t.Parallel()
	in := regimesIncident(t)
	var names []string
	for _, r := range Regimes() {
		names = append(names, "report."+r+".en.md")
	}
	names = append(names, "report.appi-preliminary.ja.md", "report.appi-final.ja.md", "report.gdpr-33.json")
	exportGoldens(t, in, "regimes", names...)
}

// writeReport writes the draft named like a golden file:
// report.<regime>.<lang>.md or report.<regime>.json.
func writeReport(b *bytes.Buffer, in Input, name string) error {
	rest := strings.TrimPrefix(name, "report.")
	if regime, ok := strings.CutSuffix(rest, ".json"); ok {
		return ReportJSON(b, in, Options{Location: jst, Regime: regime})
	}
	rest = strings.TrimSuffix(rest, ".md")
	regime, lang := rest[:strings.LastIndex(rest, ".")], rest[strings.LastIndex(rest, ".")+1:]
	return Report(b, in, Options{Location: jst, Lang: lang, Regime: regime})
}

// What a draft must always say, whatever the regime: that it is a draft,
// the incident, the journal head, and every unconditional empty item both
// in the list at the top and in its place.
func TestReportDraftNamesItsSource(t *testing.T) {
	t.Parallel()
	in := regimesIncident(t)
	for _, name := range Regimes() {
		t.Run(name, func(t *testing.T) {
			for _, lang := range []string{"en", i18n.Japanese} {
				var b bytes.Buffer
				must(t, Report(&b, in, Options{Lang: lang, Regime: name}))
				c := catalogue(lang)
				out := b.String()
				for _, want := range []string{c.T("export.report.banner"), in.State.ID,
					c.T("export.custody.head", "Seq", in.State.LastSeq, "Hash", in.Head), "(UTC+00:00)"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s draft lacks %q", lang, want)
					}
				}
				d, err := newDraft(in.State, name)
				must(t, err)
				for _, it := range d.empty() {
					if n := strings.Count(out, c.T(itemHeading(d.regime, it.item))); n < 2 {
						t.Errorf("%s: empty item %s appears %d times, want the list and its place", lang, it.item.id, n)
					}
				}
				if len(d.empty()) > 0 && !strings.Contains(out, c.T("export.report.empty")) {
					t.Errorf("%s: no item shown as empty", lang)
				}
			}
		})
	}
}

// Every item of every regime is filled from something its fragment
// declares (a field, a milestone, a duty), and has a heading in every
// language: a renamed field in a fragment fails here, not in a draft a
// responder is about to file.
func TestRegimesMatchTheFragments(t *testing.T) {
	t.Parallel()
	rb := loadRegimes(t)
	seen := map[string]bool{}
	for _, r := range regimes() {
		if seen[r.name] {
			t.Errorf("regime %s declared twice", r.name)
		}
		seen[r.name] = true
		items := map[string]bool{}
		for _, id := range r.duties {
			d := rb.Duty(id)
			if d == nil || d.Fragment == nil || path.Base(d.Fragment.Path) != r.fragment {
				t.Errorf("%s: duty %s is not a duty of regulations/%s", r.name, id, r.fragment)
			}
		}
		for _, s := range r.sections {
			for _, it := range s.items {
				if items[it.id] {
					t.Errorf("%s: item %s twice: the JSON's empty list could not tell them apart", r.name, it.id)
				}
				items[it.id] = true
				switch it.from {
				case fromField:
					for _, ref := range append([]string{it.ref}, it.also...) {
						if f, d := rb.Field(ref); f == nil || path.Base(d.Fragment.Path) != r.fragment {
							t.Errorf("%s: item %s: no field %s in regulations/%s", r.name, it.id, ref, r.fragment)
						}
					}
				case fromMilestone:
					if rb.Milestone(it.ref) == nil {
						t.Errorf("%s: item %s: no milestone %s", r.name, it.id, it.ref)
					}
				case fromSubmitted:
					if rb.Duty(it.ref) == nil {
						t.Errorf("%s: item %s: no duty %s", r.name, it.id, it.ref)
					}
				}
				for _, lang := range i18n.Codes() {
					c := catalogue(lang)
					for _, id := range []string{itemHeading(&r, it), "export.report." + r.family + ".s-" + s.id, "export.report.title." + r.name} {
						if !c.Has(id) {
							t.Errorf("%s: no message %s in %s", r.name, id, lang)
						}
					}
				}
			}
		}
	}
}

// A regime nobody named, an unknown one, and one whose duties the
// incident's runbook lacks are refused with an error that says which.
func TestReportRefusals(t *testing.T) {
	t.Parallel()
	s, _ := openFixture(t, "fields.toml")
	must(t, s.Detach())
	in := readInput(t, s.Dir())
	for _, tc := range []struct {
		regime string
		want   error
	}{
		{"", ErrNoRegime},
		{"gdpr33", ErrUnknownRegime},
	} {
		for _, name := range []string{"report", "report-json"} {
			if err := Write(&bytes.Buffer{}, name, in, Options{Regime: tc.regime}); !errors.Is(err, tc.want) {
				t.Errorf("%s --regime %q: %v, want %v", name, tc.regime, err, tc.want)
			}
		}
	}
	err := Write(&bytes.Buffer{}, "report", in, Options{Regime: "appi-final"})
	missing, ok := errors.AsType[*RegimeMissingError](err)
	if !ok || missing.Fragment != "appi.toml" || missing.Runbook != "fields" || len(missing.Duties) != 2 {
		t.Errorf("appi-final on a runbook without it: %#v", err)
	}
}

// Text a responder typed cannot format the draft: a value that looks like
// a heading, a list, a quote, a table row or a rule stays text, and its
// lines stay lines.
func TestReportEscapesHostileValues(t *testing.T) {
	t.Parallel()
	s, clock := openRegimes(t)
	must(t, s.Answer("sato", "symptom", "breach"))
	must(t, s.Stamp("sato", "gdpr-aware"))
	clock.Advance(time.Minute)
	must(t, s.SetField("kato", "gdpr-33-authority", "gdpr-nature", []string{"# Forged heading\n- forged item\n> quote\n| a | b |\n---\n1. first"}))
	must(t, s.SetField("kato", "gdpr-33-authority", "gdpr-subject-categories", []string{"# customers", "| staff |"}))
	must(t, s.Detach())
	in := readInput(t, s.Dir())
	var b bytes.Buffer
	must(t, Report(&b, in, Options{Regime: "gdpr-33"}))
	out := b.String()
	for _, line := range strings.Split(out, "\n") {
		for _, forged := range []string{"# Forged", "- forged", "> quote", "| a", "--- ", "1. first", "- # customers", "- | staff"} {
			if strings.HasPrefix(line, forged) {
				t.Errorf("a value formats the draft: %q", line)
			}
		}
	}
	if n := strings.Count(out, "\n---\n"); n != 1 {
		t.Errorf("%d rules, want the footer's alone", n)
	}
	for _, want := range []string{`\# Forged heading  ` + "\n" + `\- forged item`, `\| a \| b \|`, `- \# customers`, `- \| staff \|`} {
		if !strings.Contains(out, want) {
			t.Errorf("draft lacks %q:\n%s", want, out)
		}
	}
	var js bytes.Buffer
	must(t, ReportJSON(&js, in, Options{Regime: "gdpr-33"}))
	var doc jsonReport
	must(t, json.Unmarshal(js.Bytes(), &doc))
	if got := doc.Sections[1].Items[0].Value; !strings.HasPrefix(got, "# Forged heading\n") {
		t.Errorf("JSON value %q: want the value as typed", got)
	}
}

// The 30-day APPI report, when no wrongful purpose came to light: its
// empty items are its own fields (where they are filled in), and an item
// the preliminary report filled is taken from it.
func TestReportGapsOwnFields(t *testing.T) {
	t.Parallel()
	s, clock := openRegimes(t)
	must(t, s.Answer("sato", "symptom", "breach"))
	must(t, s.Stamp("kato", "appi-aware"))
	clock.Advance(time.Minute)
	must(t, s.SetField("kato", "appi-preliminary", "appi-summary", []string{"Order database copied"}))
	must(t, s.SetField("kato", "appi-final", "appi-final-cause", []string{"Stolen VPN credentials"}))
	must(t, s.Detach())
	in := readInput(t, s.Dir())
	gaps := ReportGaps(catalogue("en"), in.State, "appi-final")
	// Of the nine items, two are filled; the submission of the
	// preliminary report is the one item elsewhere.
	if len(gaps) != 1 || gaps[0].Regime != "appi-final" || gaps[0].Empty != 8 ||
		len(gaps[0].Elsewhere) != 1 || gaps[0].Elsewhere[0] != "When the preliminary report was submitted" {
		t.Errorf("gaps of appi-final: %+v", gaps)
	}
	if gaps := ReportGaps(catalogue("en"), in.State, "appi-final-wrongful"); len(gaps) != 0 {
		t.Errorf("the idle 60-day report has a draft: %+v", gaps)
	}
	d, err := newDraft(in.State, "appi-final")
	must(t, err)
	for _, it := range d.sections[1].items {
		switch {
		case it.item.id == "summary" && (it.owner.ID != "appi-preliminary" || !it.filled):
			t.Errorf("summary: from %s, filled %v; want the preliminary report's", it.owner.ID, it.filled)
		case it.item.id != "summary" && it.owner.ID != "appi-final":
			t.Errorf("%s: from %s; want the final report's own field", it.item.id, it.owner.ID)
		}
	}
}
