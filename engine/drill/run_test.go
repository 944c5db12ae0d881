package drill

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/runbooks"
)

func runScenario(t testing.TB, sc *Scenario) *Result {
	t.Helper()
	res, err := Run(sc, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Every shipped scenario passes: its scripted team meets what it expects.
func TestShippedScenariosPass(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(runbooks.FS, "drills/*.toml")
	must(t, err)
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			res := runScenario(t, shippedScenario(t, filepath.Base(name)))
			if !res.Passed() {
				t.Fatalf("failures: %q", brief(res.Failures))
			}
			if res.Card.Verdict.Outcome != VerdictCorrect && res.Card.Ending.Outcome != EndingCorrect || !res.Card.Closed {
				t.Errorf("verdict %+v ending %+v closed %v", res.Card.Verdict, res.Card.Ending, res.Card.Closed)
			}
			if _, err := os.Stat(res.Dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the temporary incident %s was left behind", res.Dir)
			}
		})
	}
}

// What each shipped scenario exists to show, checked on its scorecard.
func TestShippedScenariosShowTheirPoint(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"", "-ja"} {
		t.Run("friday-ransomware"+lang, func(t *testing.T) {
			t.Parallel()
			card := runScenario(t, shippedScenario(t, "friday-ransomware"+lang+".toml")).Card
			for _, c := range card.Capabilities {
				if c.Rating != Performed {
					t.Errorf("%s rated %s; everything goes to plan in this one", c.Capability, c.Rating)
				}
			}
		})
		t.Run("hw-looks-like-attack"+lang, func(t *testing.T) {
			t.Parallel()
			card := runScenario(t, shippedScenario(t, "hw-looks-like-attack"+lang+".toml")).Card
			if card.Verdict.Security {
				t.Error("the hardware fault was judged a security incident")
			}
			for _, id := range []string{"call-security-vendor", "preserve-evidence", "report-management"} {
				if _, started := card.Duty(id); started {
					t.Errorf("%s started", id)
				}
			}
			if c := card.Capability(SecurityEscalation); c.Rating != Performed || c.Met != 2 {
				t.Errorf("security escalation %+v; want telling the CSIRT twice, on time", c)
			}
		})
		t.Run("vendor-misses-report"+lang, func(t *testing.T) {
			t.Parallel()
			card := runScenario(t, shippedScenario(t, "vendor-misses-report"+lang+".toml")).Card
			report, _ := card.Duty("vendor-first-report")
			esc, _ := card.Duty("vendor-escalation")
			if report.Outcome != DutyLate || report.Due != 4*time.Hour+10*time.Minute || report.Late != 75*time.Minute {
				t.Errorf("first report %+v; want due T+4h10m, 1h15m late", report)
			}
			// The escalation's clock runs from the moment the report fell due.
			if esc.Trigger != "overdue:vendor-first-report" || esc.Started != report.Due || esc.Due != report.Due+30*time.Minute || esc.Outcome != DutyMet {
				t.Errorf("escalation %+v", esc)
			}
			if c := card.Capability(VendorCoordination); c.Rating != SomeChallenges {
				t.Errorf("vendor coordination %+v; want S for the late report", c)
			}
		})
		t.Run("wrong-attachment-leak"+lang, func(t *testing.T) {
			t.Parallel()
			card := runScenario(t, shippedScenario(t, "wrong-attachment-leak"+lang+".toml")).Card
			ppc, _ := card.Duty("appi-preliminary")
			aware := time.Hour + 50*time.Minute
			// The APPI clock started at the awareness stamp, not at opening:
			// filed at T+3d1h it is within the 3-day target (and the 5-day
			// limit), though three days from the opening would have missed
			// the target by an hour.
			if ppc.Trigger != "milestone:appi-aware" || ppc.Started != aware || ppc.Due != 5*24*time.Hour+aware || ppc.Outcome != DutyMet {
				t.Errorf("appi-preliminary %+v", ppc)
			}
			if ppc.Done <= 72*time.Hour {
				t.Errorf("the scenario no longer shows the point: filed at %v", ppc.Done)
			}
			if v := card.Verdict; !slices.Equal(v.Withdrawn, []string{"change-error"}) || card.Capability(Triage).Rating != SomeChallenges {
				t.Errorf("verdict %+v triage %s; want the change-error verdict revised away, rated S", v, card.Capability(Triage).Rating)
			}
			if c := card.Capability(SecurityEscalation); c.Handled != 1 {
				t.Errorf("security escalation %+v; want the waived security vendor counted as handled", c)
			}
		})
		t.Run("jvn-rank-a"+lang, func(t *testing.T) {
			t.Parallel()
			card := runScenario(t, shippedScenario(t, "jvn-rank-a"+lang+".toml")).Card
			fix, _ := card.Duty("fix-a")
			if fix.Due != time.Hour+15*time.Minute+72*time.Hour || fix.Outcome != DutyMet {
				t.Errorf("fix-a %+v; want 3 days from the rank A verdict, met", fix)
			}
			if card.Verdict.Reached != "rank-a" || card.Capability(RegulatoryNotification).Rating != NotExercised {
				t.Errorf("verdict %s, regulatory %s", card.Verdict.Reached, card.Capability(RegulatoryNotification).Rating)
			}
		})
	}
}

// The deliberately failing scenarios fail, for these reasons.
func TestFailingScenarios(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"hw-judged-security.toml", []string{
			"wrong-verdict Expected=hardware-capacity Reached=unexplained At=T+32m",
			"late Duty=vendor-first-call Late=12m Due=T+1h",
			"unwanted Duty=call-security-vendor Trigger=security Started=T+32m",
		}},
		{"ransomware-judged-hardware.toml", []string{
			"missed-security Expected=ransomware Reached=hardware-capacity At=T+30m",
			"not-started Duty=call-security-vendor",
			"missed Duty=capture-state Due=T+30m End=T+40m",
		}},
		{"script-out-of-date.toml", []string{
			`step-refused Step=2 At=T+10m Refusal=answer what-happened/encrypted: node is not the current triage question: the current node is "pii-held"`,
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			res := runScenario(t, loadFixture(t, filepath.Join("failing", tc.file)))
			if got := brief(res.Failures); !slices.Equal(got, tc.want) {
				t.Errorf("failures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if res.Passed() {
				t.Error("passed")
			}
		})
	}
	card := runScenario(t, loadFixture(t, "failing/ransomware-judged-hardware.toml")).Card
	if card.Verdict.Outcome != VerdictMissedSecurity || card.Capability(Triage).Rating != Unable {
		t.Errorf("missed security incident scored %s, triage %s; want the worst", card.Verdict.Outcome, card.Capability(Triage).Rating)
	}
}

// With a home, the run's incident stays, as a verified drill journal that
// replays to the same scorecard.
func TestRunKeepsTheIncident(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	sc := shippedScenario(t, "vendor-misses-report.toml")
	res, err := Run(sc, RunOptions{Home: home, Player: "bot"})
	must(t, err)
	if filepath.Dir(res.Dir) != incident.IncidentsDir(home) {
		t.Fatalf("incident in %s", res.Dir)
	}
	rep, err := journal.Verify(res.Dir, journal.VerifyOptions{HeadPath: filepath.Join(res.Dir, journal.HeadFile)})
	if err != nil || !rep.OK() {
		t.Fatalf("journal: %v %v", rep, err)
	}
	st, err := replay(res.Dir)
	must(t, err)
	card, err := Score(st)
	must(t, err)
	if !reflect.DeepEqual(card.Verdict, res.Card.Verdict) || !reflect.DeepEqual(card.Duties, res.Card.Duties) || !reflect.DeepEqual(card.Capabilities, res.Card.Capabilities) {
		t.Errorf("rescored %+v; want %+v", card.Verdict, res.Card.Verdict)
	}
	// The headless journal reads as if played in real time from DefaultOpened.
	first, last := st.Events[0], st.Events[len(st.Events)-1]
	if !first.At.Equal(DefaultOpened()) || !last.At.Equal(DefaultOpened().Add(6*time.Hour)) || last.Sim != "6h0m0s" {
		t.Errorf("first at %v, last at %v sim %s", first.At, last.At, last.Sim)
	}
	if !slices.Contains(st.Actors, "sato") || !slices.Contains(st.Actors, FacilitatorActor) {
		t.Errorf("actors %v", st.Actors)
	}
}

func TestRunUsesTheDefaultPlayer(t *testing.T) {
	t.Parallel()
	sc := loadFixture(t, "failing/hw-judged-security.toml")
	home := t.TempDir()
	res, err := Run(sc, RunOptions{Home: home})
	must(t, err)
	st, err := replay(res.Dir)
	must(t, err)
	if !slices.Equal(st.Actors, []string{FacilitatorActor, DefaultPlayer}) {
		t.Errorf("actors %v", st.Actors)
	}
}

// The pause and resume steps play through the session: a clock paused for
// hours keeps its remainder, so the duty done after it is on time.
func TestPauseAndResumeSteps(t *testing.T) {
	t.Parallel()
	sc := parseScenario(t, `shodo = 1
id = "paused-call"
title = "The vendor asks us to wait"
runbook = "service-failure"
speed = 60

[[injects]]
at = "0m"
text = "ALERT order-db01: disk I/O latency above 4,000 ms."

[expect]
met = ["vendor-first-call"]

[[steps]]
at = "20m"
pause = "vendor-first-call"
reason = "the vendor's desk opens at nine"

[[steps]]
at = "3h"
resume = "vendor-first-call"

[[steps]]
at = "3h30m"
done = "vendor-first-call"
by = "phone"
`)
	res := runScenario(t, sc)
	if !res.Passed() {
		t.Fatalf("failures: %v", brief(res.Failures))
	}
	i := slices.IndexFunc(res.Card.Duties, func(d DutyScore) bool { return d.ID == "vendor-first-call" })
	if i < 0 {
		t.Fatal("vendor-first-call not scored")
	}
	if ds := res.Card.Duties[i]; ds.Outcome != DutyMet || ds.Due != 3*time.Hour+40*time.Minute {
		t.Fatalf("vendor-first-call: %+v", ds)
	}
	if _, diags := Parse("inline.toml", []byte(`shodo = 1
id = "x"
title = "x"
runbook = "service-failure"
[[injects]]
at = "0m"
text = "x"
[[steps]]
at = "1m"
pause = "vendor-first-call"
`), shippedResolver()); !strings.Contains(fmt.Sprint(diags), `has no "reason"`) {
		t.Errorf("a pause without a reason: %v", diags)
	}
}

// A scenario's start is its T+0, so business-day clocks play the same in
// every run; a stamp step's happened claims an earlier moment, and the
// clocks it starts count from it; pause and resume steps stop and restart
// a duty's clock with the step's reason.
func TestRunClockKeys(t *testing.T) {
	t.Parallel()
	sc := parseScenario(t, `shodo = 1
id = "clock-keys"
title = "Clock keys"
runbook = "service-failure"
start = "2026-12-25T18:00:00+09:00"

[[injects]]
at = "0m"
text = "ALERT"

[[steps]]
at = "20m"
stamp = "appi-aware"
happened = "5m"

[[steps]]
at = "25m"
pause = "customer-notice"
reason = "Waiting for the customer's reply"

[[steps]]
at = "40m"
resume = "customer-notice"
`)
	want := time.Date(2026, 12, 25, 18, 0, 0, 0, time.FixedZone("", 9*60*60))
	if !sc.Start.Equal(want) {
		t.Fatalf("start %v; want %v", sc.Start, want)
	}
	res, err := Run(sc, RunOptions{Home: t.TempDir()})
	must(t, err)
	st, err := replay(res.Dir)
	must(t, err)
	if !st.Opened.Equal(want) {
		t.Errorf("opened %v; want the scenario's start %v", st.Opened, want)
	}
	dpo := st.Duty("inform-dpo") // within 1h of appi-aware
	if dpo == nil || !dpo.Due.Equal(want.Add(5*time.Minute+time.Hour)) {
		t.Errorf("inform-dpo due %v; want an hour after the claimed T+5m", dpo.Due)
	}
	notice := st.Duty("customer-notice") // within 2h of opening, paused for 15m
	if notice == nil || notice.Paused || !notice.Due.Equal(want.Add(2*time.Hour+15*time.Minute)) {
		t.Errorf("customer-notice paused %v due %v; want running, due T+2h15m", notice.Paused, notice.Due)
	}
	var reason string
	for _, ev := range st.Events {
		if p, ok := ev.Data.(incident.DutyPaused); ok {
			reason = p.Reason
		}
	}
	if reason != "Waiting for the customer's reply" {
		t.Errorf("pause reason %q", reason)
	}
	// Without start, a headless run begins at DefaultOpened as before.
	plain := parseScenario(t, strings.Replace(sc.Source, "start = \"2026-12-25T18:00:00+09:00\"\n", "", 1))
	if !plain.Start.IsZero() {
		t.Fatalf("start %v without the key", plain.Start)
	}
}
