package drill

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/runbooks"
)

// Every shipped scenario validates without a warning, comes in English and
// Japanese on the matching runbooks, and the two versions script the same
// steps at the same times. A scenario whose runbook ships in English only
// (the examples of the regulation library) has no Japanese version to
// play.
func TestShippedScenariosValidate(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(runbooks.FS, "drills/*.toml")
	must(t, err)
	if len(names) < 10 {
		t.Fatalf("%d shipped scenarios; want at least 10 (5 in two languages)", len(names))
	}
	byID := map[string]*Scenario{}
	for _, name := range names {
		src, err := fs.ReadFile(runbooks.FS, name)
		must(t, err)
		sc, diags := Parse(name, src, shippedResolver())
		if sc == nil || len(diags) > 0 {
			t.Errorf("%s: %v", name, diags)
			continue
		}
		if want := strings.TrimSuffix(filepath.Base(name), ".toml"); sc.ID != want {
			t.Errorf("%s has id %q; name the file after its id", name, sc.ID)
		}
		if len(sc.Objectives) == 0 || sc.Summary == "" || len(sc.Injects) == 0 || sc.Expect.Verdict == "" && sc.Expect.Ending == "" || sc.Lang == "" {
			t.Errorf("%s lacks objectives, a summary, injects, an expected verdict or ending, or lang", name)
		}
		byID[sc.ID] = sc
	}
	for id, en := range byID {
		if strings.HasSuffix(id, "-ja") {
			continue
		}
		if _, err := fs.Stat(runbooks.FS, en.RunbookRef+"-ja.toml"); err != nil {
			continue
		}
		ja, ok := byID[id+"-ja"]
		if !ok {
			t.Errorf("%s has no Japanese version %s-ja", id, id)
			continue
		}
		if ja.RunbookRef != en.RunbookRef+"-ja" || ja.Lang != "ja" || en.Lang != "en" {
			t.Errorf("%s runs on %s (%s), %s on %s (%s)", id, en.RunbookRef, en.Lang, ja.ID, ja.RunbookRef, ja.Lang)
		}
		if len(en.Steps) != len(ja.Steps) || len(en.Injects) != len(ja.Injects) {
			t.Errorf("%s and %s differ in length", id, ja.ID)
			continue
		}
		for i := range en.Steps {
			a, b := en.Steps[i], ja.Steps[i]
			if a.At != b.At || a.Describe() != b.Describe() || a.By != b.By {
				t.Errorf("%s step %d: %s at %v vs %s at %v", id, i+1, a.Describe(), a.At, b.Describe(), b.At)
			}
		}
		for i := range en.Injects {
			if en.Injects[i].At != ja.Injects[i].At || en.Injects[i].Channel != ja.Injects[i].Channel {
				t.Errorf("%s inject %d differs in time or channel", id, i+1)
			}
		}
		if strings.Join(en.Expect.Met, ",") != strings.Join(ja.Expect.Met, ",") || en.Expect.Verdict != ja.Expect.Verdict ||
			strings.Join(en.Expect.NotStarted, ",") != strings.Join(ja.Expect.NotStarted, ",") || en.Expect.VerdictWithin != ja.Expect.VerdictWithin {
			t.Errorf("%s and %s expect different things", id, ja.ID)
		}
	}
}

func TestParseReadsEveryField(t *testing.T) {
	t.Parallel()
	sc := parseScenario(t, `shodo = 1
id = "every-field"
title = "Every field"
runbook = "service-failure"
summary = "A summary."
speed = 30
lang = "en"
objectives = ["One", "Two"]

[[injects]]
at = "1h30m"
from = "ACME"
channel = "phone"
text = "Two"
facilitator = "Watch for this."

[[injects]]
at = "0m"
text = "One"

[expect]
verdict = "ransomware"
verdict_within = "45m"
met = ["vendor-first-call"]
not_started = "csirt-all-clear"

[[steps]]
at = "0"
answer = "symptom/ransom"
actor = "sato"

[[steps]]
at = "1m"
done = "vendor-first-call"
by = "email"
note = "Mail sent."

[[steps]]
at = "2m"
attempt = "call-security-vendor"
by = "phone"
outcome = "No answer"

[[steps]]
at = "3m"
waive = "customer-notice"
reason = "Nobody outside affected"

[[steps]]
at = "4m"
stamp = "appi-aware"

[[steps]]
at = "5m"
note = "Line one\nline two"

[[steps]]
at = "6m"
revise = "symptom"

[[steps]]
at = "1d"
close = "Done."
`)
	if sc.ID != "every-field" || sc.Speed != 30 || sc.Lang != "en" || len(sc.Objectives) != 2 || sc.Summary != "A summary." || sc.Runbook == nil || sc.Runbook.ID != "service-failure" {
		t.Errorf("header: %+v", sc)
	}
	if in := sc.Injects[0]; in.At != 90*time.Minute || in.AtText != "1h30m" || in.From != "ACME" || in.Channel != "phone" || in.Facilitator != "Watch for this." || in.Index != 0 {
		t.Errorf("inject: %+v", in)
	}
	if x := sc.Expect; x.Verdict != "ransomware" || x.VerdictWithin != 45*time.Minute || x.VerdictWithinText != "45m" || len(x.Met) != 1 || len(x.NotStarted) != 1 {
		t.Errorf("expect: %+v", x)
	}
	want := []Step{
		{At: 0, AtText: "0", Action: ActionAnswer, Node: "symptom", Option: "ransom", Actor: "sato"},
		{At: time.Minute, AtText: "1m", Action: ActionDone, Duty: "vendor-first-call", By: "email", Note: "Mail sent."},
		{At: 2 * time.Minute, AtText: "2m", Action: ActionAttempt, Duty: "call-security-vendor", By: "phone", Outcome: "No answer"},
		{At: 3 * time.Minute, AtText: "3m", Action: ActionWaive, Duty: "customer-notice", Reason: "Nobody outside affected"},
		{At: 4 * time.Minute, AtText: "4m", Action: ActionStamp, Milestone: "appi-aware"},
		{At: 5 * time.Minute, AtText: "5m", Action: ActionNote, Note: "Line one\nline two"},
		{At: 6 * time.Minute, AtText: "6m", Action: ActionRevise, Node: "symptom"},
		{At: 24 * time.Hour, AtText: "1d", Action: ActionClose, Summary: "Done."},
	}
	if len(sc.Steps) != len(want) {
		t.Fatalf("%d steps; want %d", len(sc.Steps), len(want))
	}
	for i, w := range want {
		got := sc.Steps[i]
		got.Pos = runbook.Pos{}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("step %d = %+v; want %+v", i+1, got, w)
		}
	}
	if sc.Steps[0].Pos.Line == 0 || sc.Injects[0].Pos.Line == 0 {
		t.Error("positions not recorded")
	}
}

func TestParseDefaultsAndWarnings(t *testing.T) {
	t.Parallel()
	src := `shodo = 1
id = "minimal"
title = "Minimal"
runbook = "service-failure"

[[injects]]
at = "0m"
text = "x"
channel = "carrier-pigeon"
`
	sc, diags := Parse("minimal.toml", []byte(src), shippedResolver())
	if sc == nil {
		t.Fatal(diags)
	}
	if sc.Speed != 1 {
		t.Errorf("default speed %v; want 1 (real time)", sc.Speed)
	}
	if len(diags) != 1 || diags[0].Severity != runbook.Warning || !strings.Contains(diags[0].String(), `unknown channel "carrier-pigeon"`) {
		t.Errorf("diagnostics %v; want one warning about the channel", diags)
	}
	// Without a resolver, references go unchecked and nothing is resolved.
	sc, diags = Parse("x.toml", []byte(`shodo = 1
id = "x"
title = "x"
runbook = "nowhere"
[[steps]]
at = "1m"
answer = "no/such"
`), nil)
	if sc == nil || sc.Runbook != nil || diags.HasErrors() {
		t.Errorf("nil resolver: %v %v", sc, diags)
	}
}

func TestStepDescribe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		step Step
		want string
	}{
		{Step{Action: ActionAnswer, Node: "symptom", Option: "outage"}, "answer symptom/outage"},
		{Step{Action: ActionDone, Duty: "d"}, "done d"},
		{Step{Action: ActionAttempt, Duty: "d"}, "attempt d"},
		{Step{Action: ActionWaive, Duty: "d"}, "waive d"},
		{Step{Action: ActionStamp, Milestone: "m"}, "stamp m"},
		{Step{Action: ActionRevise, Node: "n"}, "revise n"},
		{Step{Action: ActionNote, Note: "x"}, "note"},
		{Step{Action: ActionClose, Summary: "x"}, "close"},
		{Step{Action: ActionRegister, Register: incident.NewEvidence{Expected: "memory-image", What: "Memory image"}}, "register memory-image"},
		{Step{Action: ActionRegister, Register: incident.NewEvidence{What: "Seized laptop"}}, "register"},
		{Step{Action: ActionTransfer, Transfer: incident.Transfer{Evidence: "E1", To: "Mori"}}, "transfer E1"},
		{Step{Action: ActionCheck, Check: incident.Recheck{Evidence: "E2", Missing: true}}, "check E2"},
		{Step{Action: ActionTake, Role: "ic"}, "take ic"},
		{Step{Action: ActionHandOver, Role: "ic", Receiver: "Tanaka"}, "hand_over ic"},
		{Step{Action: ActionReach, Duty: "tell-authorities", Recipient: "BaFin (DE)"}, "reach tell-authorities/BaFin (DE)"},
	} {
		if got := tc.step.Describe(); got != tc.want {
			t.Errorf("Describe() = %q; want %q", got, tc.want)
		}
	}
}

// The step actions are the event registry's: each scriptable event type
// has its action constant and a player that gives it to a session.
func TestActionsComeFromTheRegistry(t *testing.T) {
	t.Parallel()
	want := []Action{ActionTake, ActionHandOver, ActionAnswer, ActionRevise, ActionStamp, ActionAttempt, ActionDone, ActionTick, ActionUntick, ActionApprove, ActionReach, ActionFill, ActionRegister, ActionTransfer, ActionCheck, ActionWaive, ActionReopen, ActionRestart, ActionPause, ActionResume, ActionExtend, ActionNote, ActionClose}
	got := Actions()
	if !slices.Equal(got, want) {
		t.Errorf("Actions() = %v; want %v (a new scriptable event needs its Action constant and player)", got, want)
	}
	for _, a := range got {
		if players[a] == nil {
			t.Errorf("action %q has no player", a)
		}
	}
	if len(players) != len(got) {
		t.Errorf("%d players for %d actions", len(players), len(got))
	}
}
