package drill

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/runbooks"
)

// Triage: every boundary of the rules in docs/drills.md.
func TestRateTriage(t *testing.T) {
	t.Parallel()
	within := 45 * time.Minute
	correct := func(late time.Duration, withdrawn ...string) VerdictScore {
		return VerdictScore{Expected: "ransomware", Reached: "ransomware", Outcome: VerdictCorrect, Within: within, Late: late, Withdrawn: withdrawn}
	}
	for _, tc := range []struct {
		name     string
		v        VerdictScore
		answered bool
		want     Rating
	}{
		{"nothing expected, nothing answered", VerdictScore{Outcome: VerdictNone}, false, NotExercised},
		{"answered, no expectation, no verdict", VerdictScore{Outcome: VerdictNone}, true, Unable},
		{"expected a verdict, none reached", VerdictScore{Expected: "ransomware", Outcome: VerdictNone}, false, Unable},
		{"security incident judged not security", VerdictScore{Expected: "ransomware", Reached: "hardware-capacity", Outcome: VerdictMissedSecurity}, true, Unable},
		{"wrong verdict of the same kind", VerdictScore{Expected: "ransomware", Reached: "malware", Outcome: VerdictWrong}, true, MajorChallenges},
		{"false alarm", VerdictScore{Expected: "hardware-capacity", Reached: "unexplained", Outcome: VerdictFalseAlarm}, true, MajorChallenges},
		{"right, later than twice the target", correct(within + time.Nanosecond), true, MajorChallenges},
		{"right, exactly twice the target", correct(within), true, SomeChallenges},
		{"right, a moment late", correct(time.Nanosecond), true, SomeChallenges},
		{"right, on the target to the second", correct(0), true, Performed},
		{"right and on time, after a wrong verdict was revised", correct(0, "change-error"), true, SomeChallenges},
		{"right, late, after a wrong verdict", correct(time.Minute, "change-error"), true, SomeChallenges},
		{"right with no target", VerdictScore{Expected: "x", Reached: "x", Outcome: VerdictCorrect}, true, Performed},
		{"a verdict where none was expected", VerdictScore{Reached: "x", Outcome: VerdictUnscored}, true, Performed},
		{"no expectation, later than twice the target", VerdictScore{Reached: "x", Outcome: VerdictUnscored, Within: within, Late: within + time.Second}, true, MajorChallenges},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := rateTriage(tc.v, tc.answered); got != tc.want {
				t.Errorf("rateTriage = %s; want %s", got, tc.want)
			}
		})
	}
}

// Duty-rated capabilities: every boundary.
func TestRateDuties(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		met, late, missed, handled int
		want                       Rating
	}{
		{0, 0, 0, 0, NotExercised},
		{1, 0, 0, 0, Performed},
		{0, 0, 0, 1, Performed}, // a recorded decision to waive
		{5, 0, 0, 2, Performed},
		{1, 1, 0, 0, SomeChallenges},
		{0, 1, 0, 0, SomeChallenges},
		{0, 3, 0, 1, SomeChallenges},
		{1, 0, 1, 0, MajorChallenges},
		{0, 1, 1, 0, MajorChallenges},
		{0, 0, 1, 1, MajorChallenges},
		{1, 0, 9, 0, MajorChallenges},
		{0, 0, 1, 0, Unable},
		{0, 0, 4, 0, Unable},
	} {
		if got := rateDuties(tc.met, tc.late, tc.missed, tc.handled); got != tc.want {
			t.Errorf("rateDuties(met %d, late %d, missed %d, handled %d) = %s; want %s", tc.met, tc.late, tc.missed, tc.handled, got, tc.want)
		}
	}
}

// Documentation: every boundary.
func TestRateChecks(t *testing.T) {
	t.Parallel()
	checks := func(passed ...bool) []Check {
		out := make([]Check, len(passed))
		for i, p := range passed {
			out[i] = Check{CheckName("c"), p}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		checks []Check
		want   Rating
	}{
		{"none applied", nil, NotExercised},
		{"all passed", checks(true, true), Performed},
		{"all four passed", checks(true, true, true, true), Performed},
		{"one of two failed", checks(false, true), SomeChallenges},
		{"one of four failed", checks(true, false, true, true), SomeChallenges},
		{"two of three failed", checks(false, false, true), MajorChallenges},
		{"three of four failed", checks(false, false, false, true), MajorChallenges},
		{"both failed", checks(false, false), Unable},
		{"all four failed", checks(false, false, false, false), Unable},
	} {
		if got := rateChecks(tc.checks); got != tc.want {
			t.Errorf("%s: rateChecks = %s; want %s", tc.name, got, tc.want)
		}
	}
}

func TestDutyClass(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		outcome  DutyOutcome
		expected bool
		want     dutyClass
	}{
		{DutyMet, true, classMet}, {DutyMet, false, classMet},
		{DutyLate, true, classLate}, {DutyLate, false, classLate},
		{DutyMissed, true, classMissed}, {DutyMissed, false, classMissed},
		{DutyWaived, true, classMissed}, {DutyWaived, false, classHandled},
		{DutyPending, true, classMissed}, {DutyPending, false, classUnrated},
		{DutyCancelled, true, classMissed}, {DutyCancelled, false, classUnrated},
		{DutyNotStarted, true, classMissed}, {DutyNotStarted, false, classUnrated},
	} {
		if got := (DutyScore{Outcome: tc.outcome, Expected: tc.expected}).class(); got != tc.want {
			t.Errorf("%s (expected %v) counts as %d; want %d", tc.outcome, tc.expected, got, tc.want)
		}
	}
}

func TestDutyCapabilities(t *testing.T) {
	t.Parallel()
	load := func(name string) *runbook.Runbook {
		rb, diags := runbook.LoadFS(runbooks.FS, name, runbook.Options{})
		if rb == nil {
			t.Fatal(diags)
		}
		return rb
	}
	v, s, r := VendorCoordination, SecurityEscalation, RegulatoryNotification
	for _, tc := range []struct {
		runbook, duty string
		want          []Capability
	}{
		{"service-failure.toml", "vendor-first-call", []Capability{v}},        // contacts a vendor
		{"service-failure.toml", "vendor-first-report", []Capability{v}},      // the vendor acts
		{"service-failure.toml", "csirt-heads-up", []Capability{s}},           // contacts the CSIRT role
		{"service-failure.toml", "call-security-vendor", []Capability{s}},     // a security vendor
		{"service-failure.toml", "legal-consult", []Capability{s}},            // triggered by security
		{"service-failure.toml", "appi-preliminary", []Capability{r}},         // an authority
		{"service-failure.toml", "police-consult", []Capability{s, r}},        // verdict:ransomware is security; police
		{"service-failure.toml", "ddos-mitigation", []Capability{v, s}},       // the ISP, on a security verdict
		{"service-failure.toml", "capture-state", nil},                        // an action
		{"service-failure.toml", "inform-dpo", nil},                           // an internal role
		{"service-failure.toml", "customer-notice", nil},                      // customers
		{"vulnerability-advisory.toml", "request-fix", []Capability{v, s}},    // vendor, on security
		{"vulnerability-advisory.toml", "report-management", []Capability{s}}, // verdict:possible-compromise
		{"vulnerability-advisory.toml", "record-advisory", nil},
		{"service-failure-ja.toml", "csirt-heads-up", []Capability{s}},
		{"cloud-service-outage.toml", "iaas-case", []Capability{v}}, // a cloud party
	} {
		rb := load(tc.runbook)
		d := rb.Duty(tc.duty)
		if d == nil {
			t.Fatalf("%s has no duty %s", tc.runbook, tc.duty)
		}
		if got := dutyCapabilities(rb, d); !slices.Equal(got, tc.want) {
			t.Errorf("%s %s: %v; want %v", tc.runbook, tc.duty, got, tc.want)
		}
	}
}

// How the verdict compares with the expected one, through real runs.
func TestVerdictOutcomes(t *testing.T) {
	t.Parallel()
	head := "shodo = 1\nid = \"v\"\ntitle = \"v\"\nrunbook = \"service-failure\"\n"
	answers := func(list ...string) string {
		s := ""
		for i, a := range list {
			s += "[[steps]]\nat = \"" + strconv.Itoa(i+1) + "m\"\nanswer = \"" + a + "\"\n"
		}
		return s
	}
	ransomware := answers("symptom/ransom", "pii-held/no", "what-happened/encrypted")
	hardware := answers("symptom/outage", "recent-change/no", "dependency/healthy", "vendor-diagnosis/hardware")
	for _, tc := range []struct {
		name, expect, steps string
		want                VerdictOutcome
		security            bool
	}{
		{"correct", "ransomware", ransomware, VerdictCorrect, true},
		{"wrong, same kind", "ransomware", answers("symptom/ransom", "pii-held/no", "what-happened/malware"), VerdictWrong, true},
		{"false alarm", "hardware-capacity", answers("symptom/outage", "recent-change/no", "dependency/healthy", "vendor-diagnosis/no-cause", "intrusion-signs/none"), VerdictFalseAlarm, true},
		{"missed security", "ransomware", hardware, VerdictMissedSecurity, false},
		{"none", "ransomware", answers("symptom/outage"), VerdictNone, false},
		{"unscored", "", hardware, VerdictUnscored, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := head
			if tc.expect != "" {
				src += "[expect]\nverdict = \"" + tc.expect + "\"\n"
			}
			card := runScenario(t, parseScenario(t, src+tc.steps)).Card
			if card.Verdict.Outcome != tc.want || card.Verdict.Security != tc.security {
				t.Errorf("outcome %s security %v; want %s %v", card.Verdict.Outcome, card.Verdict.Security, tc.want, tc.security)
			}
		})
	}
}

// Every duty outcome and its boundaries, and how they count, in one run.
func TestDutyOutcomes(t *testing.T) {
	t.Parallel()
	sc := parseScenario(t, `shodo = 1
id = "outcomes"
title = "Outcomes"
runbook = "service-failure"

[expect]
met = ["vendor-first-call", "csirt-heads-up", "police-consult"]

[[steps]]
at = "5m"
answer = "symptom/ransom"

[[steps]]
at = "10m"
revise = "symptom"

[[steps]]
at = "10m"
answer = "symptom/outage"

[[steps]]
at = "20m"
waive = "customer-notice"
reason = "Internal system only"

[[steps]]
at = "1h"
done = "vendor-first-call"
by = "phone"

[[steps]]
at = "1h0m1s"
done = "csirt-heads-up"

[[steps]]
at = "1h30m"
stamp = "appi-aware"
`)
	res := runScenario(t, sc)
	card := res.Card
	for _, tc := range []struct {
		duty    string
		outcome DutyOutcome
		late    time.Duration
	}{
		{"vendor-first-call", DutyMet, 0},         // done exactly at its due time
		{"csirt-heads-up", DutyLate, time.Second}, // one second after
		{"capture-state", DutyMissed, 0},          // due T+30m, never done
		{"customer-notice", DutyWaived, 0},
		{"call-security-vendor", DutyCancelled, 0}, // its stamp was revised away
		{"preserve-evidence", DutyCancelled, 0},
		{"vendor-first-report", DutyPending, 0}, // due T+5h, the drill ended at T+1h30m
		{"appi-preliminary", DutyPending, 0},
		{"police-consult", DutyNotStarted, 0}, // expected, never triggered
	} {
		ds, ok := card.Duty(tc.duty)
		if !ok || ds.Outcome != tc.outcome || ds.Late != tc.late {
			t.Errorf("%s: %+v; want %s late %v", tc.duty, ds, tc.outcome, tc.late)
		}
	}
	if ds, _ := card.Duty("customer-notice"); ds.Reason != "Internal system only" {
		t.Errorf("waive reason %q", ds.Reason)
	}
	if ds, _ := card.Duty("call-security-vendor"); ds.CancelCode != incident.CancelTriggerWithdrawn || ds.Trigger == "" {
		t.Error("a cancelled duty says not why")
	}
	// Expected duties come first, in the scenario's order.
	var first []string
	for _, ds := range card.Duties[:3] {
		first = append(first, ds.ID)
	}
	if !slices.Equal(first, sc.Expect.Met) {
		t.Errorf("card starts with %v; want the expected duties", first)
	}
	for _, tc := range []struct {
		c                          Capability
		met, late, missed, handled int
		rating                     Rating
	}{
		{VendorCoordination, 1, 0, 0, 0, Performed}, // the pending first report is not rated
		{SecurityEscalation, 0, 1, 1, 0, MajorChallenges},
		{RegulatoryNotification, 0, 0, 1, 0, Unable}, // police expected, PPC still pending
		{Triage, 0, 0, 0, 0, Unable},                 // answered, never reached a verdict
	} {
		cs := card.Capability(tc.c)
		if cs.Met != tc.met || cs.Late != tc.late || cs.Missed != tc.missed || cs.Handled != tc.handled || cs.Rating != tc.rating {
			t.Errorf("%s: %+v; want %d/%d/%d/%d %s", tc.c, cs, tc.met, tc.late, tc.missed, tc.handled, tc.rating)
		}
	}
	doc := card.Capability(Documentation)
	want := []Check{{CheckNotes, false}, {CheckSummary, false}, {CheckAttempts, false}, {CheckWaiveReasons, true}}
	if !slices.Equal(doc.Checks, want) || doc.Rating != MajorChallenges {
		t.Errorf("documentation %+v; want %v, M", doc, want)
	}
	wantFailures := []string{
		"late Duty=csirt-heads-up Late=1s Due=T+1h",
		"not-started Duty=police-consult",
	}
	if got := brief(res.Failures); !slices.Equal(got, wantFailures) {
		t.Errorf("failures %q; want %q", got, wantFailures)
	}
}

func TestScoreNeedsADrill(t *testing.T) {
	t.Parallel()
	if _, err := Score(nil); !errors.Is(err, incident.ErrNotDrill) {
		t.Errorf("Score(nil) = %v", err)
	}
	rb, _ := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if _, err := Score(incident.NewState(rb)); !errors.Is(err, incident.ErrNotDrill) {
		t.Errorf("Score(not a drill) = %v", err)
	}
}

// Each way an expectation goes unmet has its message and parameters; the
// words are tested in engine/export.
func TestFailureCodes(t *testing.T) {
	t.Parallel()
	card := &Scorecard{End: 2 * time.Hour,
		Verdict: VerdictScore{Expected: "x", Reached: "x", Outcome: VerdictCorrect, At: 52 * time.Minute, Within: 45 * time.Minute, Late: 7 * time.Minute},
		Duties: []DutyScore{
			{ID: "a", Expected: true, Outcome: DutyMissed, Due: time.Hour},
			{ID: "b", Expected: true, Outcome: DutyPending, Due: 72 * time.Hour},
			{ID: "c", Expected: true, Outcome: DutyWaived, Reason: "not\nneeded"},
			{ID: "d", Expected: true, Outcome: DutyCancelled, Reason: "trigger withdrawn"},
			{ID: "e", Expected: true, Outcome: DutyMet},
		}}
	want := []string{
		"verdict-late Reached=x At=T+52m Late=7m Within=45m",
		"missed Duty=a Due=T+1h End=T+2h",
		"pending Duty=b End=T+2h Due=T+3d",
		"waived Duty=c Reason=not\nneeded",
		"cancelled Duty=d Reason=trigger withdrawn",
	}
	if got := brief(card.Failures()); !slices.Equal(got, want) {
		t.Errorf("failures:\n%q\nwant:\n%q", got, want)
	}
	card = &Scorecard{End: 3 * time.Hour, Verdict: VerdictScore{Expected: "x", Outcome: VerdictNone}}
	if got := brief(card.Failures()); !slices.Equal(got, []string{"no-verdict Expected=x End=T+3h"}) {
		t.Errorf("no verdict: %q", got)
	}
}

func TestFormatOffsets(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d                  time.Duration
		span, offset, clok string
	}{
		{0, "0m", "T+0m", "T+00:00"},
		{17*time.Minute + 5*time.Second, "17m5s", "T+17m5s", "T+00:17"},
		{time.Hour, "1h", "T+1h", "T+01:00"},
		{time.Hour + time.Nanosecond, "1h", "T+1h", "T+01:00"},
		{90 * time.Minute, "1h30m", "T+1h30m", "T+01:30"},
		{72 * time.Hour, "3d", "T+3d", "T+72:00"},
		{74*time.Hour + 5*time.Minute, "3d2h5m", "T+3d2h5m", "T+74:05"},
		{7 * 24 * time.Hour, "1w", "T+1w", "T+168:00"},
		{-time.Minute, "1m", "T+1m", "T+00:00"},
	} {
		if got := FormatSpan(tc.d); got != tc.span {
			t.Errorf("FormatSpan(%v) = %q; want %q", tc.d, got, tc.span)
		}
		if got := FormatOffset(tc.d); got != tc.offset {
			t.Errorf("FormatOffset(%v) = %q; want %q", tc.d, got, tc.offset)
		}
		if got := FormatClock(tc.d); got != tc.clok {
			t.Errorf("FormatClock(%v) = %q; want %q", tc.d, got, tc.clok)
		}
	}
}

// A duty with no hard due time is scored for what it is: against its
// target, or (asap) by how long it took; never late or missed.
func TestSoftDeadlinesScored(t *testing.T) {
	t.Parallel()
	opened := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	st := &incident.State{Opened: opened, Runbook: rb}
	sc := &Scenario{}
	sc.Expect.Met = []string{"target", "asap", "open-target", "open-asap"}
	at := func(d time.Duration) time.Time { return opened.Add(d) }
	spec := &runbook.Duty{}
	end := at(10 * time.Hour)
	for _, tc := range []struct {
		d    incident.Duty
		want DutyScore
	}{
		{incident.Duty{ID: "target", Spec: spec, Status: incident.StatusDone, Started: at(time.Hour), Target: at(3 * time.Hour), DoneAt: at(5 * time.Hour)},
			DutyScore{Outcome: DutyMet, NoDue: true, HasTarget: true, Target: 3 * time.Hour, AfterTarget: 2 * time.Hour, Took: 4 * time.Hour}},
		{incident.Duty{ID: "asap", Spec: spec, Status: incident.StatusDone, ASAP: true, Started: at(time.Hour), DoneAt: at(2 * time.Hour)},
			DutyScore{Outcome: DutyMet, NoDue: true, ASAP: true, Took: time.Hour}},
		{incident.Duty{ID: "open-target", Spec: spec, Status: incident.StatusRunning, Started: at(time.Hour), Target: at(4 * time.Hour)},
			DutyScore{Outcome: DutyPending, NoDue: true, HasTarget: true, Target: 4 * time.Hour, AfterTarget: 6 * time.Hour}},
		{incident.Duty{ID: "open-asap", Spec: spec, Status: incident.StatusRunning, ASAP: true, Started: at(time.Hour)},
			DutyScore{Outcome: DutyPending, NoDue: true, ASAP: true}},
	} {
		got := scoreDuty(sc, st, &tc.d, end)
		if got.Outcome != tc.want.Outcome || got.NoDue != tc.want.NoDue || got.HasTarget != tc.want.HasTarget || got.ASAP != tc.want.ASAP ||
			got.Target != tc.want.Target || got.AfterTarget != tc.want.AfterTarget || got.Took != tc.want.Took || got.Due != 0 {
			t.Errorf("%s: got %+v", tc.d.ID, got)
		}
	}
	card := &Scorecard{End: 10 * time.Hour, Duties: []DutyScore{
		scoreDuty(sc, st, &incident.Duty{ID: "open-target", Spec: spec, Status: incident.StatusRunning, Started: at(time.Hour), Target: at(4 * time.Hour)}, end),
		scoreDuty(sc, st, &incident.Duty{ID: "open-asap", Spec: spec, Status: incident.StatusRunning, ASAP: true, Started: at(time.Hour)}, end),
	}}
	want := []string{"pending-target Duty=open-target End=T+10h Target=T+4h", "pending-asap Duty=open-asap End=T+10h"}
	if got := brief(card.Failures()); !slices.Equal(got, want) {
		t.Errorf("failures:\n%q\nwant:\n%q", got, want)
	}
}

// A recurring duty is scored over its occurrences: one missed makes it
// missed; the occurrence its until ended does not count.
func TestRecurringDutyScored(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	opened := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return opened.Add(time.Duration(h) * time.Hour) }
	st := &incident.State{Opened: opened, Runbook: rb}
	spec := &runbook.Duty{}
	d := incident.Duty{ID: "status-update", Spec: spec, Instance: 4, Status: incident.StatusCancelled, CancelCode: incident.CancelUntil,
		Started: at(12), Due: at(16), Occurrences: []incident.Occurrence{
			{Instance: 1, Started: at(0), Due: at(4), Status: incident.StatusDone, DoneAt: at(1)},
			{Instance: 2, Started: at(4), Due: at(8), Status: incident.StatusRunning, Overdue: true},
			{Instance: 3, Started: at(8), Due: at(12), Status: incident.StatusWaived},
		}}
	got := scoreDuty(&Scenario{}, st, &d, at(13))
	if got.Outcome != DutyMissed || got.Occurrences != 4 || got.OccurrencesOnTime != 1 || got.OccurrencesMissed != 1 || got.Due != 8*time.Hour {
		t.Errorf("with one missed: %+v", got)
	}
	d.Occurrences[1] = incident.Occurrence{Instance: 2, Started: at(4), Due: at(8), Status: incident.StatusDone, DoneAt: at(9), Late: time.Hour}
	if got := scoreDuty(&Scenario{}, st, &d, at(13)); got.Outcome != DutyLate || got.Late != time.Hour || got.OccurrencesMissed != 0 {
		t.Errorf("with one late: %+v", got)
	}
	d.Occurrences[1].Late = 0
	if got := scoreDuty(&Scenario{}, st, &d, at(13)); got.Outcome != DutyMet || got.OccurrencesOnTime != 2 {
		t.Errorf("all done or waived in time: %+v", got)
	}
}
