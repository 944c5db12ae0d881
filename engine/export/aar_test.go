package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// playDrill runs a scenario headless, keeping its journal, and reads the
// journal back as `shodo export` does.
func playDrill(t *testing.T, sc *drill.Scenario) Input {
	t.Helper()
	res, err := drill.Run(sc, drill.RunOptions{Home: t.TempDir()})
	must(t, err)
	return readInput(t, res.Dir)
}

// shippedLibrary is the runbooks built into shodo and nothing else, walked
// once for every test: scenario runbook ids resolve to them.
var shippedLibrary = sync.OnceValue(func() *library.Catalog {
	return library.New(library.Config{Shipped: runbooks.FS}).Walk()
})

func shippedScenario(t *testing.T, name string) *drill.Scenario {
	t.Helper()
	src, err := fs.ReadFile(runbooks.FS, "drills/"+name)
	must(t, err)
	sc, diags := drill.Parse(name, src, shippedLibrary().Resolver())
	if sc == nil {
		t.Fatal(diags)
	}
	return sc
}

func fixtureScenario(t *testing.T, rel string) *drill.Scenario {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "drills", rel)
	src, err := os.ReadFile(path)
	must(t, err)
	sc, diags := drill.Parse(path, src, shippedLibrary().Resolver())
	if sc == nil {
		t.Fatal(diags)
	}
	return sc
}

// aarGolden compares an after-action report with its golden file under
// testdata/drills/aar (rewritten with -update).
func aarGolden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("..", "..", "testdata", "drills", "aar", name), []byte(got))
}

// Golden after-action reports, in English and Japanese: a drill that went
// mostly well, and one that went wrong in every way a drill can.
func TestAARGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, lang string
		scenario   func(t *testing.T) *drill.Scenario
	}{
		{"vendor-misses-report.en.md", "en", func(t *testing.T) *drill.Scenario { return shippedScenario(t, "vendor-misses-report.toml") }},
		{"vendor-misses-report-ja.ja.md", "ja", func(t *testing.T) *drill.Scenario { return shippedScenario(t, "vendor-misses-report-ja.toml") }},
		{"hw-judged-security.en.md", "en", func(t *testing.T) *drill.Scenario { return fixtureScenario(t, "failing/hw-judged-security.toml") }},
		{"hw-judged-security.ja.md", "ja", func(t *testing.T) *drill.Scenario { return fixtureScenario(t, "failing/hw-judged-security.toml") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := playDrill(t, tc.scenario(t))
			var b bytes.Buffer
			must(t, Write(&b, "aar", in, Options{Lang: tc.lang, Location: jst}))
			aarGolden(t, tc.name, normalise(in, b.String()))
		})
	}
}

// What the report must say about a drill that went wrong, whatever its
// exact layout.
func TestAARContents(t *testing.T) {
	t.Parallel()
	in := playDrill(t, fixtureScenario(t, "failing/hw-judged-security.toml"))
	var b bytes.Buffer
	must(t, AAR(&b, in, Options{Location: jst}))
	out := b.String()
	for _, want := range []string{
		"# After-action report: A hardware fault judged as a security incident",
		"| Participants | player |",
		"| Triage (verdict) | **M** — Performed with major challenges |",
		"false alarm",
		"| T+00:18 | facilitator | **Inject** (phone, Asagi Information Systems): The RAID controller log",
		"OVERDUE: Capture the state before anyone fixes it (was due T+30m).",
		"| First call to the maintenance vendor | T+1h | done at T+1h12m, 12m late (due T+1h); no attempt logged |",
		"| Call the security vendor | T+2h32m | started at T+32m (on a security verdict) though the facts did not call for it |",
		"## Improvement plan",
		"| Verdict | T+45m |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Runbook and scenario text cannot format the page.
	if strings.Contains(out, "*.lock") {
		t.Error("unescaped markup from the scenario")
	}
}

// An incident that is not a drill has no after-action report.
func TestAARRefusesARealIncident(t *testing.T) {
	t.Parallel()
	dir, _ := scriptedIncident(t)
	err := Write(&bytes.Buffer{}, "aar", readInput(t, dir), Options{})
	if !errors.Is(err, incident.ErrNotDrill) {
		t.Errorf("AAR of a real incident: %v; want ErrNotDrill", err)
	}
}

// A drill killed mid-write and resumed reports its timeline in scenario
// time throughout: the recovery record, which carries no scenario offset,
// sits where the drill stood.
func TestAARAfterACrash(t *testing.T) {
	t.Parallel()
	sc := shippedScenario(t, "friday-ransomware.toml")
	home := t.TempDir()
	real := testkit.NewClock(start)
	d, err := drill.Start(sc, drill.StartOptions{Home: home, Actor: "fac", Real: real.Now, Paused: true})
	must(t, err)
	must(t, d.JumpTo(14*time.Minute))
	must(t, d.Session().Answer("sato", "symptom", "ransom"))
	dir := d.Session().Dir()
	must(t, d.Detach())
	f, err := os.OpenFile(filepath.Join(dir, journal.JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":99,"id":"torn",`)
	must(t, err)
	must(t, f.Close())
	real.Set(start.Add(2 * time.Hour))
	d, err = drill.Resume(dir, drill.ResumeOptions{Home: home, Real: real.Now})
	must(t, err)
	must(t, d.JumpTo(20*time.Minute))
	must(t, d.Session().Answer("sato", "pii-held", "yes"))
	must(t, d.Detach())

	var b bytes.Buffer
	must(t, AAR(&b, readInput(t, dir), Options{Location: jst}))
	_, timeline, _ := strings.Cut(b.String(), "## Timeline")
	timeline, _, _ = strings.Cut(timeline, "\n## ")
	var lines []string
	for _, l := range strings.Split(timeline, "\n") {
		if strings.HasPrefix(l, "| T+") {
			lines = append(lines, l)
		}
	}
	joined := strings.Join(lines, "\n")
	if !strings.Contains(joined, "| T+00:14 | shodo | Journal recovered after a crash") {
		t.Errorf("the recovery is not at T+00:14:\n%s", joined)
	}
	prev := ""
	for _, l := range lines {
		clock := strings.Fields(l)[1]
		if clock < prev && len(clock) == len(prev) {
			t.Errorf("timeline goes back from %s to %s:\n%s", prev, clock, joined)
		}
		prev = clock
	}
}

// The facilitator's clock changes read as short sentences on the AAR's
// timeline, at the scenario time they happened, in either language; the
// facilitator stays the facilitator, whoever resumed the drill.
func TestAARShowsClockChanges(t *testing.T) {
	t.Parallel()
	sc := shippedScenario(t, "friday-ransomware.toml")
	home := t.TempDir()
	real := testkit.NewClock(start)
	d, err := drill.Start(sc, drill.StartOptions{Home: home, Actor: "fac", Real: real.Now, Paused: true, Speed: 60})
	must(t, err)
	must(t, d.Run())
	real.Set(start.Add(10 * time.Second)) // T+10m at 60x
	must(t, d.Pause())
	must(t, d.SetSpeed(120))
	dir := d.Session().Dir()
	must(t, d.Detach())
	d, err = drill.Resume(dir, drill.ResumeOptions{Home: home, Real: real.Now, Actor: "fac2"})
	must(t, err)
	must(t, d.Run())
	must(t, d.Detach())

	in := readInput(t, dir)
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"| T+00:00 | fac | Drill clock running at 60x. |",
			"| T+00:10 | fac | Drill clock paused (speed 60x). |",
			"| T+00:10 | fac | Drill clock paused (speed 120x). |",
			"| T+00:10 | fac2 | Drill clock running at 120x. |",
			"| Participants | — |",
		}},
		{"ja", []string{
			"| T+00:10 | fac | 訓練の時計を一時停止（速度 60倍）。 |",
			"| T+00:10 | fac2 | 訓練の時計が速度 120倍 で進行。 |",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			var b bytes.Buffer
			must(t, AAR(&b, in, Options{Lang: tt.lang, Location: jst}))
			for _, want := range tt.want {
				if !strings.Contains(b.String(), want) {
					t.Errorf("report lacks %q:\n%s", want, b.String())
				}
			}
		})
	}
}

// A drill whose facilitator jumped four hours (] at T+53m, confirmed):
// the deadlines that fell in the jump are scored as skipped, never as the
// team's failures, in the duty tables, the ratings and the plan; a
// deadline missed before the jump stays missed.
func TestAARSkippedByAJump(t *testing.T) {
	t.Parallel()
	sc := fixtureScenario(t, "jump/four-hours.toml")
	real := testkit.NewClock(start)
	d, err := drill.Start(sc, drill.StartOptions{Home: t.TempDir(), Actor: "fac", Real: real.Now, Paused: true})
	must(t, err)
	must(t, d.JumpTo(8*time.Minute))
	must(t, d.Session().DutyDone("sato", "vendor-first-call", "phone", ""))
	must(t, d.JumpTo(53*time.Minute))
	must(t, d.Session().Note("sato", "Waiting for the vendor's report."))
	plan, err := d.PlanJump()
	must(t, err)
	if plan.From != 53*time.Minute || plan.To != 4*time.Hour+53*time.Minute || plan.Skipped() != 4*time.Hour {
		t.Fatalf("plan %v → %v; want T+53m → T+4h53m, 4h", plan.From, plan.To)
	}
	must(t, d.Skip(plan.To))
	must(t, d.JumpTo(5*time.Hour))
	must(t, d.Session().Close("sato", "Disk full on order-db01; cleared by the vendor."))
	in := readInput(t, d.Session().Dir())
	must(t, d.Detach())

	card, err := drill.Score(in.State)
	must(t, err)
	for id, want := range map[string]drill.DutyOutcome{
		"vendor-first-call": drill.DutyMet, "capture-state": drill.DutyMissed, "csirt-heads-up": drill.DutySkipped,
		"customer-notice": drill.DutySkipped, "vendor-first-report": drill.DutySkipped, "vendor-escalation": drill.DutySkipped,
	} {
		if ds, _ := card.Duty(id); ds.Outcome != want {
			t.Errorf("%s scored %q; want %q", id, ds.Outcome, want)
		}
	}
	if r := card.Capability(drill.VendorCoordination).Rating; r != drill.Performed {
		t.Errorf("vendor coordination rated %s; want P (one on time, the rest skipped)", r)
	}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Write(&b, "aar", in, Options{Lang: lang, Location: jst}))
			aarGolden(t, "jump-four-hours."+lang+".md", normalise(in, b.String()))
		})
	}
}

// A record chained onto the journal by hand after the close is left out
// of the state; the postmortem and the after-action report still list it,
// marked on its own row as not applied, never as a fact; the JSON says so
// on the event (not_applied).
func TestRecordAfterCloseMarkedNotApplied(t *testing.T) {
	t.Parallel()
	res, err := drill.Run(shippedScenario(t, "probe-false-alarm.toml"), drill.RunOptions{Home: t.TempDir()})
	must(t, err)
	if st := readInput(t, res.Dir).State; !st.Closed {
		t.Fatal("the drill did not close its incident")
	}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	j, err := journal.Config{Now: func() time.Time { return at }}.Open(res.Dir, func(journal.Record) error { return nil })
	must(t, err)
	_, err = j.Append(journal.Entry{At: at, Actor: "mallory", Type: incident.TypeNoteAdded, Data: []byte(`{"text":"never happened"}`)})
	must(t, err)
	must(t, j.Close())
	in := readInput(t, res.Dir)
	for name, write := range map[string]func(*bytes.Buffer) error{
		"postmortem": func(b *bytes.Buffer) error { return Markdown(b, in, Options{Location: jst}) },
		"aar":        func(b *bytes.Buffer) error { return AAR(b, in, Options{Location: jst}) },
	} {
		var b bytes.Buffer
		must(t, write(&b))
		if !strings.Contains(b.String(), "| mallory | Note: never happened — **not applied**: note.added after the incident was closed (see Integrity) |") {
			t.Errorf("%s: the forged note is not marked not applied:\n%s", name, b.String())
		}
	}
	var b bytes.Buffer
	must(t, JSON(&b, in, Options{Location: jst}))
	var doc struct {
		Events []struct {
			Seq        uint64 `json:"seq"`
			NotApplied string `json:"not_applied"`
		} `json:"events"`
	}
	must(t, json.Unmarshal(b.Bytes(), &doc))
	for i, e := range doc.Events {
		if forged := i == len(doc.Events)-1; (e.NotApplied != "") != forged {
			t.Errorf("JSON event seq %d: not_applied %q (the last, forged, alone should say it)", e.Seq, e.NotApplied)
		}
	}
	if n := len(doc.Events); n == 0 || doc.Events[n-1].NotApplied != "note.added after the incident was closed" {
		t.Errorf("JSON: the forged note's not_applied: %+v", doc.Events)
	}
}
