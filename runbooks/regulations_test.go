package runbooks_test

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/runbooks"
)

// reviewDay is the day the regulation fragments were last reviewed: the
// lint judges their age against it, so this test does not start failing
// a year from now (the shipped files' own validate does, on purpose).
var reviewDay = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

var shipped = sync.OnceValue(func() *library.Catalog {
	return library.New(library.Config{Shipped: runbooks.FS}).Walk()
})

// TestRegulationFragments: every fragment of the library validates on its
// own without a warning, says what it is, cites a source for every duty
// and every milestone kind, and is included by a shipped runbook that
// loads clean.
func TestRegulationFragments(t *testing.T) {
	t.Parallel()
	files, err := fs.Glob(runbooks.FS, "regulations/*.toml")
	if err != nil || len(files) < 8 {
		t.Fatalf("found %d regulation fragments (%v), want one per regime", len(files), err)
	}
	set := runbook.LoadSetFS(runbooks.FS, runbook.Options{Now: reviewDay})
	for _, d := range set.Diagnostics {
		t.Errorf("%s", d)
	}
	includedBy := map[string][]string{}
	for _, rb := range set.Runbooks {
		for _, f := range rb.Fragments {
			includedBy[path.Base(f.Path)] = append(includedBy[path.Base(f.Path)], rb.ID)
			if !strings.HasPrefix(f.Path, "regulations/") {
				continue
			}
			if f.Title == "" || f.Source == "" || f.Reviewed.IsZero() {
				t.Errorf("%s: title %q, source %q, reviewed %v: a regulation fragment says all three", f.Path, f.Title, f.Source, f.Reviewed)
			}
		}
		for _, d := range rb.Duties {
			if d.Fragment != nil && strings.HasPrefix(d.Fragment.Path, "regulations/") && (d.Source == "" || !d.Legal) {
				t.Errorf("%s: duty %s has source %q, legal %v: every clock of the library is legal and cites its source", d.Fragment.Path, d.ID, d.Source, d.Legal)
			}
		}
	}
	for _, f := range files {
		if len(includedBy[path.Base(f)]) == 0 {
			t.Errorf("%s is included by no shipped runbook", f)
		}
	}
	if !slicesContain(set.Fragments, "regulations/circia.toml") {
		t.Errorf("fragments %v lack circia", set.Fragments)
	}
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// playDue plays a scenario of the shipped library (or src, a scenario
// written here against a shipped runbook) and returns each started duty's
// due time, each rolled one's unrolled time under "<id> unrolled", and
// each duty not applicable under "<id> not applicable", at the moment its
// clock would have counted from.
func playDue(t *testing.T, name string, src []byte) map[string]time.Time {
	t.Helper()
	due := map[string]time.Time{}
	for _, d := range playState(t, name, src).Duties {
		switch {
		case d.Status == incident.StatusNotApplicable:
			due[d.ID+" not applicable"] = d.Anchored
		case d.Status != incident.StatusIdle:
			due[d.ID] = d.Due
		}
		if !d.Unrolled.IsZero() {
			due[d.ID+" unrolled"] = d.Unrolled
		}
	}
	return due
}

// playState plays a scenario as playDue does and returns the incident's
// state as read back from its journal.
func playState(t *testing.T, name string, src []byte) *incident.State {
	t.Helper()
	if src == nil {
		var err error
		if src, err = fs.ReadFile(runbooks.FS, "drills/"+name); err != nil {
			t.Fatal(err)
		}
	}
	sc, diags := drill.Parse(name, src, shipped().Resolver())
	if sc == nil {
		t.Fatal(diags)
	}
	res, err := drill.Run(sc, drill.RunOptions{Home: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed() {
		t.Fatalf("%s failed: %+v", name, res.Failures)
	}
	in, err := export.Read(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return in.State
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRegulationDrillsToTheMinute: the shipped drills of the EU and US
// examples, and variants of them, give each legal clock the due time the
// law gives it, to the minute (docs/regulations.md §4, §5).
func TestRegulationDrillsToTheMinute(t *testing.T) {
	t.Parallel()
	us, err := fs.ReadFile(runbooks.FS, "drills/us-sec-thanksgiving.toml")
	if err != nil {
		t.Fatal(err)
	}
	// Classified at 22 h, within the 24 hours of awareness (Friday 20:02):
	// the 24-hour bound is the earlier, Saturday 20:02.
	euEarly := `shodo = 2
id = "eu-early"
title = "Classified within the 24 hours"
runbook = "eu-financial-incident"
start = "2027-01-29T20:00:00+01:00"
[[injects]]
at = "0m"
from = "Monitoring"
channel = "monitoring"
text = "Payments failing."
[expect]
met = ["dora-initial"]
[[steps]]
at = "2m"
answer = "scope/assessing"
[[steps]]
at = "10m"
answer = "personal-data/no"
[[steps]]
at = "15m"
answer = "clients/no"
[[steps]]
at = "16m"
answer = "product/no"
[[steps]]
at = "22h"
stamp = "dora-classified-major"
[[steps]]
at = "23h50m"
done = "dora-initial"
by = "portal"
happened = "23h30m"
`
	// The same determination on Saturday 28 November: Monday 30 to
	// Thursday 3 December.
	usSaturday := strings.NewReplacer(`at = "31h"`, `at = "4d7h"`, `at = "31h10m"`, `at = "4d7h10m"`, `at = "4d"`+"\n", `at = "4d8h"`+"\n").Replace(string(us))
	// The APPI and GDPR clocks of service-failure(-ja), which include the
	// library's fragments: played from a fixed Friday, 25 December 2026,
	// 10:00 in Tokyo. Awareness is stamped at 11:50 (T+1h50m).
	leakAt := func(name string) []byte {
		src, err := fs.ReadFile(runbooks.FS, "drills/"+name)
		if err != nil {
			t.Fatal(err)
		}
		return []byte(strings.Replace(string(src), "\nspeed = 10\n", "\nspeed = 10\nstart = \"2026-12-25T10:00:00+09:00\"\n", 1))
	}
	// The same leak with people in the EU among those affected: the GDPR
	// clock starts at that answer (T+2h5m).
	leakEU := strings.NewReplacer(`"mistake-eu/no"`, `"mistake-eu/yes"`, `"gdpr-33-authority", `, "").Replace(string(leakAt("wrong-attachment-leak.toml")))
	// Ransomware: awareness and the wrongful purpose stamped together on
	// Friday 27 November 2026 at 22:20 in Tokyo (T+20m).
	ransom, err := fs.ReadFile(runbooks.FS, "drills/friday-ransomware.toml")
	if err != nil {
		t.Fatal(err)
	}
	ransomAt := strings.Replace(string(ransom), "\nspeed = 10\n", "\nspeed = 10\nstart = \"2026-11-27T22:00:00+09:00\"\n", 1)
	// The Easter drill one week later: the intermediate report submitted
	// on Friday 2 April, the final report due on Sunday 2 May... is not
	// what these are: each variant moves the submission claim alone.
	easter, err := fs.ReadFile(runbooks.FS, "drills/eu-dora-easter-final.toml")
	if err != nil {
		t.Fatal(err)
	}
	// Submitted on Thursday 1 April 2027 at 09:00 (37 days after the
	// start, summer time): one month later is Saturday 1 May, Labour Day.
	doraSaturday := strings.NewReplacer(`at = "3d1h"`, `at = "37d1h"`, `happened = "3d"`, `happened = "37d"`,
		`at = "35d1h30m"`, `at = "60d"`, `at = "35d2h"`, `at = "60d1h"`).Replace(string(easter))
	doraSaturday = strings.Replace(doraSaturday, `met = ["assemble", "dora-initial", "dora-intermediate", "dora-final"]`, `met = ["assemble", "dora-initial", "dora-final"]`, 1)
	// Submitted on Thursday 25 February at 09:00: one month later is
	// Thursday 25 March, a working day.
	doraWorkingDay := strings.NewReplacer(`at = "3d1h"`, `at = "2d1h"`, `happened = "3d"`, `happened = "2d"`,
		`at = "35d1h30m"`, `at = "30d"`).Replace(string(easter))
	// The CRA drill with awareness claimed at midnight, the first minute
	// of 11 September 2026: every CRA duty it triggers starts.
	cra, err := fs.ReadFile(runbooks.FS, "drills/eu-cra-before-art14.toml")
	if err != nil {
		t.Fatal(err)
	}
	craFrom := strings.NewReplacer(`happened = "3h"`, `happened = "6h"`,
		`not_started = ["cra-vuln-early-warning", "cra-vuln-notification", "cra-inform-users", "gdpr-33-authority"]`, `not_started = ["gdpr-33-authority"]`).Replace(string(cra))
	appiLeak := map[string]string{
		"appi-preliminary": "2026-12-30T11:50:00+09:00", // 5 days (the guidance's outer reading; the target is 3)
		"appi-final":       "2027-01-23T11:50:00+09:00", // 29 days: early under both day-counting readings of 30
	}
	for _, tc := range []struct {
		name string
		file string
		src  []byte
		want map[string]string
	}{
		{"APPI: a leak by mistake, from the awareness stamp", "wrong-attachment-leak.toml", leakAt("wrong-attachment-leak.toml"), appiLeak},
		{"APPI: the same leak in Japanese", "wrong-attachment-leak-ja.toml", leakAt("wrong-attachment-leak-ja.toml"), appiLeak},
		{"GDPR: people in the EU among those affected", "leak-eu.toml", []byte(leakEU), map[string]string{
			"appi-preliminary":  "2026-12-30T11:50:00+09:00",
			"gdpr-33-authority": "2026-12-28T12:05:00+09:00", // 72 h after the EU answer
		}},
		{"APPI: ransomware, 60 days for a wrongful purpose", "friday-ransomware.toml", []byte(ransomAt), map[string]string{
			"appi-preliminary":    "2026-12-02T22:20:00+09:00",
			"appi-final":          "2026-12-26T22:20:00+09:00",
			"appi-final-wrongful": "2027-01-25T22:20:00+09:00", // 59 days, counted from awareness (from = "milestone:appi-aware")
		}},
		{"DORA classified late: 4 h from the classification; chained reports from their submissions", "eu-dora-late-classification.toml", nil, map[string]string{
			"dora-initial":        "2027-01-31T02:00:00+01:00", // 4 h after Saturday 22:00; the 24 h bound (Saturday 20:02) lapsed
			"dora-intermediate":   "2027-02-03T01:30:00+01:00", // 72 h after the submission at 01:30, not the mark at 01:50
			"dora-final":          "2027-03-01T12:00:00+01:00", // one month after 31 January 10:00 is Sunday 28 February (30d would be 2 March): noon of Monday (Art. 5(4))
			"dora-final unrolled": "2027-02-28T10:00:00+01:00",
			"gdpr-33-authority":   "2027-02-01T20:10:00+01:00", // 72 h after Friday 20:10
			"nis2-early-warning":  "2027-01-31T22:00:00+01:00", // 24 h after Saturday 22:00
			"nis2-notification":   "2027-02-02T22:00:00+01:00", // 72 h after Saturday 22:00
			"nis2-final":          "2027-03-02T21:59:00+01:00", // one month after the submission, Tuesday 2 February 21:59
		}},
		{"DORA classified within 24 h: the 24-hour bound is the earlier", "eu-early.toml", []byte(euEarly), map[string]string{
			"dora-initial":      "2027-01-30T20:02:00+01:00",
			"dora-intermediate": "2027-02-02T19:30:00+01:00",
		}},
		{"SEC: determined the day before Thanksgiving", "us-sec-thanksgiving.toml", nil, map[string]string{
			"sec-8k-105": "2026-12-03T00:00:00-05:00", // the end of Wednesday 2 December: 27, 30, 1, 2
		}},
		{"SEC: determined on a Saturday", "us-saturday.toml", []byte(usSaturday), map[string]string{
			"sec-8k-105": "2026-12-04T00:00:00-05:00", // the end of Thursday 3 December: 30, 1, 2, 3
		}},
		{"DORA final report on Good Friday: noon on the Tuesday after Easter", "eu-dora-easter-final.toml", nil, map[string]string{
			"dora-initial":           "2027-02-23T14:00:00+01:00",
			"dora-intermediate":      "2027-02-26T12:30:00+01:00", // 72 h after the initial, marked at 12:30 with no claim
			"dora-final":             "2027-03-30T12:00:00+02:00", // Good Friday, Easter Saturday, Sunday and Monday closed in Germany; summer time
			"dora-final unrolled":    "2027-03-26T09:00:00+01:00", // one month after the submission on Friday 26 February 09:00
			"nis2-early-warning":     "",                          // not stamped: only DORA runs
			"cra-vuln-early-warning": "",
		}},
		{"DORA final report on a Saturday: Monday noon", "eu-dora-saturday.toml", []byte(doraSaturday), map[string]string{
			"dora-final":          "2027-05-03T12:00:00+02:00", // 1 May 2027, a Saturday and Labour Day
			"dora-final unrolled": "2027-05-01T10:00:00+02:00",
		}},
		{"DORA final report one month on a working day: not rolled", "eu-dora-working-day.toml", []byte(doraWorkingDay), map[string]string{
			"dora-final":          "2027-03-25T09:00:00+01:00",
			"dora-final unrolled": "",
		}},
		{"CRA: awareness claimed on 10 September 2026, before Art. 14 applies: no CRA duty", "eu-cra-before-art14.toml", nil, map[string]string{
			"cra-vuln-early-warning not applicable": "2026-09-10T21:00:00+02:00",
			"cra-vuln-notification not applicable":  "2026-09-10T21:00:00+02:00",
			"cra-inform-users not applicable":       "2026-09-10T21:00:00+02:00",
			"cra-vuln-early-warning":                "",
			"cra-vuln-notification":                 "",
		}},
		{"CRA: awareness claimed at 00:00 on 11 September 2026: the CRA duties start", "eu-cra-from-art14.toml", []byte(craFrom), map[string]string{
			"cra-vuln-early-warning":                "2026-09-12T00:00:00+02:00",
			"cra-vuln-notification":                 "2026-09-14T00:00:00+02:00",
			"cra-vuln-early-warning not applicable": "",
		}},
		{"CRA: an exploited vulnerability and a severe incident, every clock from a claimed moment", "eu-cra-exploited.toml", nil, map[string]string{
			"cra-vuln-early-warning":                "2027-01-27T22:50:00+01:00", // 24 h after the awareness claimed at Tuesday 26 January 22:50, not the stamp at 00:40
			"cra-vuln-notification":                 "2027-01-29T22:50:00+01:00", // 72 h after the same claim
			"cra-vuln-final":                        "2027-02-13T18:30:00+01:00", // 14 days after the fix, claimed available Saturday 30 January 18:30 (stamped Monday 1 February 09:15)
			"cra-incident-early-warning":            "2027-01-30T13:10:00+01:00", // 24 h after the forensics call, Friday 29 January 13:10 (stamped 13:30)
			"cra-incident-notification":             "2027-02-01T13:10:00+01:00", // 72 h after the same call
			"cra-incident-final":                    "2027-02-28T23:30:00+01:00", // one month after the submission claimed Sunday 31 January 23:30, clamped to 28 February; 30d would be 2 March, the mark (Monday 08:30) 1 March 08:30
			"cra-incident-final unrolled":           "",                          // a Sunday, but the CRA has no weekend rule (DORA's Art. 5(4) is DORA's alone)
			"cra-vuln-early-warning not applicable": "",                          // 2027: Art. 14 applies
			"cra-incident-final not applicable":     "",
		}},
		{"SEC: the Attorney General's delay, 30 then 30 days across New Year's Day", "us-sec-ag-delay.toml", nil, map[string]string{
			"sec-8k-105": "2027-02-01T00:00:00-05:00", // the end of 2 December, +30 days: the end of 1 January; +30: the end of 31 January
		}},
		{"HIPAA and CIRCIA: PHI discovered before Christmas, an oral law-enforcement delay, a ransom paid on Christmas Eve", "us-hipaa-ransom.toml", nil, map[string]string{
			"hipaa-individuals": "2027-03-18T18:40:00-04:00", // 60 calendar days from discovery (Friday 18 December 18:40, EST) is Tuesday 16 February; the oral statement's 30 days (§164.412(b)) added on: Thursday 18 March, same wall-clock time across the DST change of 14 March
			"hipaa-hhs":         "2027-02-16T18:40:00-05:00", // 60 calendar days from discovery, across 31 December and 31 January; Presidents' Day (15 February) counts like any day; no extension declared on it
			"hipaa-media":       "2027-02-16T18:40:00-05:00", // the same 60 days (from = "milestone:hipaa-discovered"), started by more than 500 New Jersey residents
			"circia-incident":   "2026-12-21T19:00:00-05:00", // 72 hours after the reasonable belief (Friday 19:00): Monday 19:00, the weekend counted
			"circia-ransom":     "2026-12-25T15:00:00-05:00", // 24 hours after the payment claimed at 15:00 on Christmas Eve (stamped at 17:30): Christmas Day, hours do not skip a holiday
			"sec-8k-105":        "",                          // the disclosure committee concluded not material
		}},
		{"NIS2: still handling at the final report's due time", "eu-nis2-ongoing.toml", nil, map[string]string{
			"nis2-early-warning": "2027-01-30T20:02:00+01:00", // 24 h after awareness, Friday 20:02
			"nis2-notification":  "2027-02-01T20:02:00+01:00", // 72 h after awareness
			"nis2-final":         "2027-04-10T12:00:00+02:00", // one month after handling ended (claimed Wednesday 10 March 12:00), summer time
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			due := playDue(t, tc.file, tc.src)
			for duty, want := range tc.want {
				if want == "" {
					if got, ok := due[duty]; ok {
						t.Errorf("%s: %s, want none", duty, got.Format(time.RFC3339))
					}
					continue
				}
				if got := due[duty]; !got.Equal(at(t, want)) {
					t.Errorf("%s due %s, want %s", duty, got.Format(time.RFC3339), want)
				}
			}
		})
	}
}

// TestRolledAndNotApplicableExported: the postmortem and the JSON export
// of the two drills say where a rolled due time fell and that a duty not
// applicable applies from its date, in English and in Japanese; the
// timeline tells both events.
func TestRolledAndNotApplicableExported(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		drill, lang string
		want        []string
	}{
		{"eu-dora-easter-final.toml", "en", []string{
			"2027-03-30 12:00:00 CEST (rolled from 2027-03-26 09:00:00 CET, a closed day)",
			"due 2027-03-30 12:00 (rolled from 2027-03-26 09:00, a closed day, to the next working day)",
			`"unrolled": "2027-03-26T09:00:00+01:00"`,
			"due T+5w2h, rolled from T+31d, a closed day (on the duty", // the after-action report, in scenario time
		}},
		{"eu-dora-easter-final.toml", "ja", []string{"2027-03-30 12:00:00 CEST（本来の期限 2027-03-26 09:00:00 CET は休業日のため繰り延べ）"}},
		{"eu-cra-before-art14.toml", "en", []string{
			"not applicable (applies from 2026-09-11)",
			"Not applicable: ",
			`"applies_from": "2026-09-11"`,
			`"status": "not-applicable"`,
		}},
		{"eu-cra-before-art14.toml", "ja", []string{"適用対象外（2026-09-11 から適用）", "適用対象外："}},
		// CIRCIA's rule is pending: its duties are computed and played, and
		// every export says they are not yet in force.
		{"us-hipaa-ransom.toml", "en", []string{
			"Ransom payment report to CISA (CIRCIA, 24 h; rule pending) (not yet in force)",
			`"pending": true`,
		}},
	} {
		t.Run(tc.drill+"/"+tc.lang, func(t *testing.T) {
			t.Parallel()
			src, err := fs.ReadFile(runbooks.FS, "drills/"+tc.drill)
			if err != nil {
				t.Fatal(err)
			}
			sc, diags := drill.Parse(tc.drill, src, shipped().Resolver())
			if sc == nil {
				t.Fatal(diags)
			}
			res, err := drill.Run(sc, drill.RunOptions{Home: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			in, err := export.Read(res.Dir)
			if err != nil {
				t.Fatal(err)
			}
			var md, js, aar strings.Builder
			opt := export.Options{Lang: tc.lang, Location: berlin}
			if err := export.Markdown(&md, in, opt); err != nil {
				t.Fatal(err)
			}
			if err := export.AAR(&aar, in, opt); err != nil {
				t.Fatal(err)
			}
			if err := export.JSON(&js, in, opt); err != nil {
				t.Fatal(err)
			}
			if gaps := export.ReportGaps(i18n.New(tc.lang), in.State, "cra-vuln-early-warning"); strings.HasPrefix(tc.drill, "eu-cra") && len(gaps) > 0 {
				t.Errorf("a duty not applicable lists its draft's gaps: %+v", gaps)
			}
			for _, want := range tc.want {
				if !strings.Contains(md.String(), want) && !strings.Contains(js.String(), want) && !strings.Contains(aar.String(), want) {
					t.Errorf("no export says %q:\n%s", want, aar.String())
				}
			}
		})
	}
}

// TestRegulationDelaysToTheMinute: the two ways a legal due time moves
// after it started, played in the shipped drills. The SEC 8-K's extensions
// keep who granted them and the due time each replaced, and a third step
// without the extraordinary circumstance Item 1.05(c) names is refused (a
// variant of the drill that scripts it fails on that step); NIS2's final
// report, falling due during handling, was deferred at its own due time
// (Monday 1 March 07:00, one month after the notification's submission),
// and the progress report started at that moment.
func TestRegulationDelaysToTheMinute(t *testing.T) {
	t.Parallel()
	t.Run("SEC Item 1.05(c)", func(t *testing.T) {
		t.Parallel()
		st := playState(t, "us-sec-ag-delay.toml", nil)
		d := st.Duty("sec-8k-105")
		if len(d.Extensions) != 2 {
			t.Fatalf("%d extensions recorded, want 2", len(d.Extensions))
		}
		for i, want := range []struct{ previous, due, granted string }{
			{"2026-12-03T00:00:00-05:00", "2027-01-02T00:00:00-05:00", "2026-12-01T09:00:00-05:00"},
			{"2027-01-02T00:00:00-05:00", "2027-02-01T00:00:00-05:00", ""},
		} {
			x := d.Extensions[i]
			if !x.PreviousDue.Equal(at(t, want.previous)) || !x.Due.Equal(at(t, want.due)) || x.Step != i+1 || x.Reference == "" {
				t.Errorf("extension %d: step %d, %s → %s, ref %q; want %s → %s", i+1, x.Step, x.PreviousDue.Format(time.RFC3339), x.Due.Format(time.RFC3339), x.Reference, want.previous, want.due)
			}
			if want.granted != "" && !x.Granted.Equal(at(t, want.granted)) {
				t.Errorf("extension %d granted %v, want %s", i+1, x.Granted, want.granted)
			}
		}
		if d.Status != incident.StatusDone || d.Late != 0 {
			t.Errorf("8-K %s, late %v: filed on 29 January, before the extended date", d.Status, d.Late)
		}

		src, err := fs.ReadFile(runbooks.FS, "drills/us-sec-ag-delay.toml")
		if err != nil {
			t.Fatal(err)
		}
		third := strings.Replace(string(src), "# Friday 29 January 2027", `[[steps]]
at = "65d2h"
extend = "sec-8k-105"
authority = "US Attorney General (through the FBI)"
reference = "DOJ NSD letter 2027-0128 (public safety)"
length = "60d"

# Friday 29 January 2027`, 1)
		sc, diags := drill.Parse("third.toml", []byte(third), shipped().Resolver())
		if sc == nil {
			t.Fatal(diags)
		}
		res, err := drill.Run(sc, drill.RunOptions{Home: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		refused := false
		for _, f := range res.Failures {
			refused = refused || errors.Is(f.Refusal, incident.ErrExtensionUnaffirmed)
		}
		if res.Passed() || !refused {
			t.Errorf("a third step without the extraordinary circumstance: passed %v, failures %+v; want refused with ErrExtensionUnaffirmed", res.Passed(), res.Failures)
		}
	})
	t.Run("NIS2 Art. 23(4)(e)", func(t *testing.T) {
		t.Parallel()
		st := playState(t, "eu-nis2-ongoing.toml", nil)
		final, progress := st.Duty("nis2-final"), st.Duty("nis2-progress")
		f := final.Deferral
		if f == nil || !f.Due.Equal(at(t, "2027-03-01T07:00:00+01:00")) || !f.Anchored.Equal(at(t, "2027-03-10T12:00:00+01:00")) {
			t.Fatalf("final report's deferral %+v: want deferred at 1 March 07:00, due again from 10 March 12:00", f)
		}
		if !progress.Started.Equal(f.Due) || progress.Status != incident.StatusDone {
			t.Errorf("progress report started %v (%s), want at the final report's due time %v, done", progress.Started, progress.Status, f.Due)
		}
		if final.Status != incident.StatusDone || final.Late != 0 || final.OverdueSeq != 0 {
			t.Errorf("final report %s late %v overdue seq %d: a deferred report is not overdue", final.Status, final.Late, final.OverdueSeq)
		}
	})
}
