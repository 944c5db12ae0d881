package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// refusals gives a session every command it must refuse, and returns what
// it said, by the name of the case.
func refusals(t *testing.T) (names []string, errs []error) {
	t.Helper()
	rb := shippedRunbook(t, "service-failure.toml")
	home := t.TempDir()
	clock := testkit.NewClock(start)
	open := func(drillInfo *incident.DrillInfo) *incident.Session {
		s, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock, Drill: drillInfo})
		if s != nil {
			t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
		}
		must(t, err)
		return s
	}
	s := open(nil)
	add := func(name string, err error) {
		if err == nil {
			t.Fatalf("%s: the session did not refuse it", name)
		}
		names, errs = append(names, name), append(errs, err)
	}
	add("unknown node", s.Answer("sato", "nope", "x"))
	add("unknown option", s.Answer("sato", "symptom", "nope"))
	add("not the current node", s.Answer("sato", "pii-held", "yes"))
	add("revise an unknown node", s.Revise("sato", "nope"))
	add("revise an unanswered node", s.Revise("sato", "pii-held"))
	add("unknown milestone", s.Stamp("sato", "nope"))
	must(t, s.Stamp("sato", "appi-aware"))
	add("stamped twice", s.Stamp("sato", "appi-aware"))
	add("unknown duty", s.DutyDone("sato", "nope", "phone", ""))
	add("duty not running", s.DutyDone("sato", "call-security-vendor", "phone", ""))
	add("means not accepted", s.DutyDone("sato", "vendor-first-call", "carrier\npigeon", ""))
	add("no outcome", s.DutyAttempted("sato", "vendor-first-call", "phone", ""))
	add("no reason", s.Waive("sato", "vendor-first-call", ""))
	add("waive an unknown duty", s.Waive("sato", "nope", "x"))
	add("no note", s.Note("sato", ""))
	add("no actor", s.Note("", "x"))
	add("unknown role", s.Assign("sato", "nope", "Yamada"))
	add("no assignee", s.Assign("sato", "ic", ""))
	onlyIC := func(person, role string) bool { return person == "sato" && role == "ic" }
	add("take a role the responders file does not give", s.TakeRole("kim", "ic", onlyIC))
	add("hand over a role not held", s.HandOverRole("sato", "ic", "tanaka", nil))
	must(t, s.TakeRole("sato", "ic", onlyIC))
	add("hand over a role someone else holds", s.HandOverRole("tanaka", "ic", "sato", nil))
	add("take a role already held", s.TakeRole("sato", "ic", onlyIC))
	add("hand over to no one", s.HandOverRole("sato", "ic", "", onlyIC))
	add("hand over to someone not allowed", s.HandOverRole("sato", "ic", "kim", onlyIC))
	add("inject outside a drill", s.Inject("sato", incident.InjectDelivered{Text: "x"}))
	add("clock outside a drill", s.DrillClock("sato", true, 60))
	for _, a := range [][2]string{{"symptom", "outage"}, {"recent-change", "right-after"}, {"rollback", "restored"}, {"change-authorized", "approved"}} {
		must(t, s.Answer("sato", a[0], a[1]))
	}
	add("answer after the verdict", s.Answer("sato", "symptom", "outage"))
	add("no summary", s.Close("sato", ""))
	add("close held by duties", s.Close("sato", "done"))
	add("hand over without an owner", s.HandOver("sato", "capture-state", "", "OPS-1"))
	add("reopen an open incident", s.Reopen("sato", "x"))
	must(t, s.Resolve("sato", time.Time{}))
	add("resolved twice", s.Resolve("sato", time.Time{}))
	waiveRest(t, s, "sato", "test")
	must(t, s.Close("sato", "done"))
	add("closed", s.Note("sato", "x"))

	d := open(&incident.DrillInfo{Scenario: "x", Title: "x", Speed: 60})
	add("no inject text", d.Inject("sato", incident.InjectDelivered{}))
	add("bad speed", d.DrillClock("sato", false, -1.5))
	must(t, d.Detach())
	add("detached", d.Note("sato", "x"))

	// A duty's checklist and approval (format version 2), on an incident
	// of their own so that the cases above keep their records.
	v := open(nil)
	add("done before its approval", v.DutyDone("sato", "customer-notice", "web", ""))
	add("approve a duty that needs none", v.Approve("sato", "capture-state"))
	must(t, v.Approve("sato", "customer-notice"))
	add("approved twice", v.Approve("sato", "customer-notice"))
	must(t, v.DutyDone("sato", "vendor-first-call", "phone", ""))
	add("done by someone else first", v.DutyDone("tanaka", "vendor-first-call", "phone", ""))
	add("tick an item the duty does not have", v.TickItem("sato", "vendor-first-report", "nope"))
	add("done with required items unticked", v.DutyDone("sato", "vendor-first-report", "email", ""))
	must(t, v.TickItem("sato", "vendor-first-report", "checked"))
	add("ticked twice", v.TickItem("sato", "vendor-first-report", "checked"))
	add("untick an unticked item", v.UntickItem("sato", "vendor-first-report", "next"))
	// Report fields (format version 2): the preliminary report to the PPC.
	must(t, v.Stamp("sato", "appi-aware"))
	add("fill a field the duty does not have", v.SetField("sato", "appi-preliminary", "nope", []string{"x"}))
	add("fill a number with words", v.SetField("sato", "appi-preliminary", "appi-people", []string{"about two hundred"}))
	add("fill one-value field with two", v.SetField("sato", "appi-preliminary", "appi-summary", []string{"one", "two"}))
	must(t, v.Detach())
	// A report with required fields, on the fixture that has one (the
	// shipped preliminary report requires none: it carries what is known).
	withFields, diags := runbook.LoadFile(filepath.Join("..", "..", "testdata", "incident", "fields.toml"), runbook.Options{})
	if withFields == nil {
		t.Fatal(diags)
	}
	f, err := incident.Open(withFields, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock})
	must(t, err)
	must(t, f.Answer("sato", "symptom", "leak"))
	add("done with required fields empty", f.DutyDone("sato", "ppc-preliminary", "form", ""))
	must(t, f.Detach())

	// The evidence register, on an incident of its own.
	e := open(nil)
	_, err = e.RegisterEvidence("sato", incident.NewEvidence{What: "Seized laptop", Where: "Locker B"})
	must(t, err)
	register := func(n incident.NewEvidence) error { _, err := e.RegisterEvidence("sato", n); return err }
	add("evidence without what", register(incident.NewEvidence{Where: "Locker B"}))
	add("evidence without where", register(incident.NewEvidence{What: "Memory image"}))
	add("evidence hash cut short", register(incident.NewEvidence{What: "Memory image", Where: "Locker B", SHA256: "9f86d081884c7d65"}))
	add("evidence of a negative size", register(incident.NewEvidence{What: "Memory image", Where: "Locker B", Size: -1}))
	add("evidence of an entry the runbook does not list", register(incident.NewEvidence{What: "Memory image", Where: "Locker B", Expected: "nope"}))
	add("transfer of unknown evidence", e.TransferEvidence("sato", incident.Transfer{Evidence: "E9", To: "Mori", How: "by hand", Why: "police"}))
	add("transfer by someone not holding it", e.TransferEvidence("sato", incident.Transfer{Evidence: "E1", From: "Yamada", To: "Mori", How: "by hand", Why: "police"}))
	add("transfer to its holder", e.TransferEvidence("sato", incident.Transfer{Evidence: "E1", To: "sato", How: "by hand", Why: "police"}))
	add("transfer without how", e.TransferEvidence("sato", incident.Transfer{Evidence: "E1", To: "Mori", Why: "police"}))
	add("check of evidence without a hash", e.CheckEvidence("sato", "E1", strings.Repeat("ab", 32)))
	must(t, e.Detach())
	return names, errs
}

// A refusal in English reads exactly as its error always did, in Japanese
// and the pseudo-locale it is in the catalogue's words, and its sentinel
// still matches.
func TestRefusalsInWords(t *testing.T) {
	t.Parallel()
	names, errs := refusals(t)
	en, ja, xa := i18n.New(i18n.English), i18n.New(i18n.Japanese), i18n.New(i18n.Pseudo)
	var b strings.Builder
	for i, err := range errs {
		var r *incident.Refusal
		if !errors.As(err, &r) || r.Err == nil || !errors.Is(err, r.Err) || r.Command.ID == "" {
			t.Errorf("%s: %v is not a named refusal with its sentinel: %#v", names[i], err, r)
			continue
		}
		if got := Describe(en, err); got != err.Error() {
			t.Errorf("%s: in English\n got %s\nwant %s", names[i], got, err.Error())
		}
		jaText, xaText := Describe(ja, err), Describe(xa, err)
		for _, s := range []string{jaText, xaText} {
			if mark := unfilled(s); mark != "" {
				t.Errorf("%s: %q shows %s", names[i], s, mark)
			}
		}
		if leaks := testkit.EnglishLeaks(xaText, paramWords(r.Command, r.Reason)...); len(leaks) > 0 {
			t.Errorf("%s: pseudo-locale %q leaks %v", names[i], xaText, leaks)
		}
		b.WriteString(names[i] + "\n  " + err.Error() + "\n  " + jaText + "\n")
	}
	testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", "refusals.txt"), []byte(b.String()))
	if got := Describe(en, os.ErrPermission); got != os.ErrPermission.Error() {
		t.Errorf("another error: %q", got)
	}
	if got := Describe(en, nil); got != "" {
		t.Errorf("no error: %q", got)
	}
}

// paramWords are the ASCII words of sentences' parameters: ids and values
// that are rightly shown as they are in every language.
func paramWords(ss ...incident.Sentence) []string {
	var out []string
	for _, s := range ss {
		for _, a := range s.Args {
			if a.Kind == incident.ArgWord {
				continue // a message of the catalogue: its words are checked too
			}
			v := a.Text
			if a.Kind == incident.ArgQuoted {
				v = strconv.Quote(v)
			}
			out = append(out, regexp.MustCompile(`[A-Za-z]+`).FindAllString(v, -1)...)
		}
	}
	return out
}

// Every way a drill falls short has words; in English they are the words
// shodo test has always printed.
func TestFailuresInWords(t *testing.T) {
	t.Parallel()
	card := &drill.Scorecard{End: 2 * time.Hour,
		Verdict: drill.VerdictScore{Expected: "x", Reached: "x", Outcome: drill.VerdictCorrect, At: 52 * time.Minute, Within: 45 * time.Minute, Late: 7 * time.Minute},
		Duties: []drill.DutyScore{
			{ID: "a", Expected: true, Outcome: drill.DutyMissed, Due: time.Hour},
			{ID: "b", Expected: true, Outcome: drill.DutyPending, Due: 72 * time.Hour},
			{ID: "c", Expected: true, Outcome: drill.DutyWaived, Reason: "not\nneeded"},
			{ID: "d", Expected: true, Outcome: drill.DutyCancelled, Reason: "trigger withdrawn"},
			{ID: "e", Expected: true, Outcome: drill.DutyCancelled, CancelCode: incident.CancelTriggerWithdrawn, Trigger: "security"},
			{ID: "f", Expected: true, Outcome: drill.DutyNotStarted},
			{ID: "g", Expected: true, Outcome: drill.DutyLate, Late: 12 * time.Minute, Due: time.Hour},
			{ID: "h", Expected: true, Outcome: drill.DutyMet},
			{ID: "i", Unwanted: true, Outcome: drill.DutyMet, Trigger: "security", Started: 32 * time.Minute},
		}}
	failures := card.Failures()
	for _, v := range []drill.VerdictScore{
		{Expected: "x", Outcome: drill.VerdictNone},
		{Expected: "ransomware", Reached: "hardware-capacity", Outcome: drill.VerdictMissedSecurity, At: 30 * time.Minute},
		{Expected: "hardware-capacity", Reached: "unexplained", Outcome: drill.VerdictFalseAlarm, At: 32 * time.Minute},
	} {
		failures = append(failures, (&drill.Scorecard{End: 3 * time.Hour, Verdict: v}).Failures()...)
	}
	_, errs := refusals(t)
	failures = append(failures, drill.Failure{
		Say:     incident.Sentence{ID: "export.test.step-refused", Args: []incident.Arg{incident.Number("Step", 2), incident.Code("At", "T+10m")}},
		Refusal: errs[2],
	})
	want := []string{
		"verdict x reached at T+52m, 7m later than verdict_within 45m",
		"duty a missed: due T+1h, not done by T+2h",
		"duty b not done by the end of the drill at T+2h (due T+3d)",
		"duty c was waived (not needed) but expect.met lists it",
		"duty d was cancelled (trigger withdrawn) but expect.met lists it",
		"duty e was cancelled (its trigger security was withdrawn by a triage revision) but expect.met lists it",
		"duty f never started but expect.met lists it",
		"duty g done late by 12m (due T+1h)",
		"duty i was started (trigger security at T+32m) but expect.not_started lists it",
		"expected verdict x, but no verdict was reached by T+3h",
		"expected verdict ransomware, got hardware-capacity at T+30m: a security incident judged not security",
		"expected verdict hardware-capacity, got unexplained at T+32m",
		`step 2 at T+10m: answer pii-held/yes: node is not the current triage question: the current node is "symptom"`,
	}
	en, ja, xa := i18n.New(i18n.English), i18n.New(i18n.Japanese), i18n.New(i18n.Pseudo)
	if len(failures) != len(want) {
		t.Fatalf("%d failures, want %d", len(failures), len(want))
	}
	var b strings.Builder
	for i, f := range failures {
		if got := Failure(en, f); got != want[i] {
			t.Errorf("in English\n got %s\nwant %s", got, want[i])
		}
		jaText, xaText := Failure(ja, f), Failure(xa, f)
		for _, s := range []string{jaText, xaText} {
			if mark := unfilled(s); mark != "" {
				t.Errorf("%q shows %s", s, mark)
			}
		}
		allow := paramWords(f.Say)
		var r *incident.Refusal
		if errors.As(f.Refusal, &r) {
			allow = append(allow, paramWords(r.Command, r.Reason)...)
		}
		if leaks := testkit.EnglishLeaks(xaText, allow...); len(leaks) > 0 {
			t.Errorf("pseudo-locale %q leaks %v", xaText, leaks)
		}
		b.WriteString(jaText + "\n")
	}
	testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", "failures.ja.txt"), []byte(b.String()))
	if got, want := Failures(en, failures[:2]), want[0]+"; "+want[1]; got != want {
		t.Errorf("joined:\n got %s\nwant %s", got, want)
	}
}

// An event the fold could not apply is told with its seq, in every
// language.
func TestProblemsInWords(t *testing.T) {
	t.Parallel()
	rb := shippedRunbook(t, "service-failure.toml")
	opened, _ := incident.KindOf(incident.TypeIncidentOpened)
	at := start.Add(time.Minute)
	st := incident.Fold(rb, []incident.Event{
		{Seq: 1, At: start, Actor: "sato", Type: incident.TypeIncidentOpened, Data: opened.Example()},
		{Seq: 2, At: at, Actor: "sato", Type: incident.TypeDutyDone, Data: incident.DutyDone{Duty: "call-security-vendor"}},
		{Seq: 3, At: at, Actor: "sato", Type: incident.TypeMilestoneStamped, Data: incident.MilestoneStamped{Milestone: "nope"}},
	})
	if len(st.Problems) != 2 {
		t.Fatalf("problems %+v", st.Problems)
	}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{i18n.English, []string{`seq 2: duty.done on duty "call-security-vendor" while idle`, `seq 3: unknown milestone "nope"`}},
		{i18n.Japanese, []string{`seq 2：対応義務 "call-security-vendor" が未開始の状態で duty.done`, `seq 3：マイルストーン "nope" はありません`}},
	} {
		c := i18n.New(tc.lang)
		for i, p := range st.Problems {
			if got := Problem(c, p); got != tc.want[i] {
				t.Errorf("%s:\n got %s\nwant %s", tc.lang, got, tc.want[i])
			}
		}
	}
	for _, p := range st.Problems {
		got := Problem(i18n.New(i18n.Pseudo), p)
		if leaks := testkit.EnglishLeaks(got, paramWords(p.Say)...); len(leaks) > 0 || unfilled(got) != "" {
			t.Errorf("pseudo-locale %q leaks %v", got, leaks)
		}
	}
}

// Every message the engine names — a command, a refusal, a problem, a
// drill's failure — is in the catalogue, found by reading the engine's
// source for the names it passes, so a new one cannot ship without words.
func TestEveryEngineMessageHasWords(t *testing.T) {
	t.Parallel()
	calls := map[string]*regexp.Regexp{
		"export.command": regexp.MustCompile(`asked\([^()]*(?:\([^()]*\)[^()]*)*?,\s*"([a-z-]+)"`),
		"export.refusal": regexp.MustCompile(`refuse\(Err\w+, .*?, "([a-z-]+)"(?:,|\))`),
		"export.problem": regexp.MustCompile(`s\.problem\(e, "([a-z-]+)"`),
		"export.test":    regexp.MustCompile(`failure\("([a-z-]+)"`),
		"export.drill":   regexp.MustCompile(`&toldError\{"[^"]*", "([a-z-]+)"\}`),
	}
	found := map[string]int{}
	var ids []string
	for _, dir := range []string{"../incident", "../drill"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		must(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			must(t, err)
			for group, re := range calls {
				for _, m := range re.FindAllStringSubmatch(string(src), -1) {
					found[group]++
					ids = append(ids, group+"."+m[1])
				}
			}
			for _, m := range regexp.MustCompile(`refuseRequired\("([a-z]+)"\)`).FindAllStringSubmatch(string(src), -1) {
				ids = append(ids, "export.refusal.required-"+m[1])
			}
		}
	}
	for group, n := range map[string]int{"export.command": 11, "export.refusal": 15, "export.problem": 17, "export.test": 13, "export.drill": 2} {
		if found[group] < n {
			t.Errorf("found %d names of %s in the source, want at least %d: the patterns no longer match the code", found[group], group, n)
		}
	}
	for _, s := range incidentStatuses() {
		ids = append(ids, "export.refusal.status."+s)
	}
	for _, l := range i18n.Languages() {
		c := i18n.New(l.Code)
		for _, id := range ids {
			if !c.Has(id) {
				t.Errorf("%s: no message %s", l.Code, id)
			}
		}
	}
}

// incidentStatuses are the duty states a refusal or a problem names.
func incidentStatuses() []string {
	return []string{string(incident.StatusIdle), string(incident.StatusRunning), string(incident.StatusDone), string(incident.StatusWaived), string(incident.StatusCancelled)}
}

// A journal the home cannot read to its end says where and how it breaks,
// in every language; every kind of break has its words.
func TestBrokenJournalInWords(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	s, err := incident.Open(shippedRunbook(t, "service-failure.toml"), incident.OpenOptions{Home: home, Actor: "sato", Clock: testkit.NewClock(start)})
	must(t, err)
	must(t, s.Note("sato", "first"))
	must(t, s.Note("sato", "second"))
	must(t, s.Detach())
	path := filepath.Join(s.Dir(), journal.JournalFile)
	src, err := os.ReadFile(path)
	must(t, err)
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), `"first"`, `"fist"`, 1)), 0o600))
	sums, err := incident.List(home)
	must(t, err)
	var broken *incident.BrokenJournal
	if len(sums) != 1 || !errors.As(sums[0].Err, &broken) {
		t.Fatalf("summaries %+v; want one broken journal", sums)
	}
	line := broken.Break.Line
	for _, tc := range []struct{ lang, want string }{
		{i18n.English, fmt.Sprintf("journal breaks at line %d (seq %d): its hash does not continue the chain; 1 record follows", line, line)},
		{i18n.Japanese, fmt.Sprintf("ジャーナルの %d 行目（seq %d）で検証に失敗：ハッシュがチェーンに続いていません。後続 1 件", line, line)},
	} {
		if got := Describe(i18n.New(tc.lang), sums[0].Err); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.lang, got, tc.want)
		}
	}
	if got, want := sums[0].Err.Error(), fmt.Sprintf("journal breaks at line %d seq %d: bad-hash (1 records follow)", line, line); got != want {
		t.Errorf("for logs: %q, want %q", got, want)
	}
	kinds := []journal.Kind{journal.KindBadHash, journal.KindBadSeq, journal.KindBadJSON, journal.KindTornTail,
		journal.KindHeadMismatch, journal.KindBadSignature, journal.KindUnknownSigner}
	for _, l := range i18n.Languages() {
		c := i18n.New(l.Code)
		for _, k := range kinds {
			for _, b := range []journal.Break{{Kind: k}, {Line: 3, Seq: 3, Kind: k, Follow: 2}} {
				got := Describe(c, &incident.BrokenJournal{Break: b})
				if mark := unfilled(got); mark != "" {
					t.Errorf("%s %s: %q shows %s", l.Code, k, got, mark)
				}
				if l.Code == i18n.Pseudo {
					if leaks := testkit.EnglishLeaks(got); len(leaks) > 0 {
						t.Errorf("pseudo-locale %q leaks %v", got, leaks)
					}
				}
			}
		}
	}
}

// A drill's controller refusing a jump says why in words; in English, as
// its error always did.
func TestDrillErrorsInWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err    error
		en, ja string
	}{
		{drill.ErrNoMoreInjects, "no inject left to deliver", "まだ付与していない状況はもうありません"},
		{drill.ErrBackwards, "scenario time cannot go back", "シナリオの時刻は戻せません"},
	} {
		wrapped := fmt.Errorf("drill friday: %w", tc.err)
		if !errors.Is(wrapped, tc.err) {
			t.Errorf("%v: errors.Is no longer finds the sentinel", tc.err)
		}
		if got := Describe(i18n.New(i18n.English), wrapped); got != tc.en || tc.err.Error() != tc.en {
			t.Errorf("English: %q (error %q), want %q", got, tc.err.Error(), tc.en)
		}
		if got := Describe(i18n.New(i18n.Japanese), wrapped); got != tc.ja {
			t.Errorf("Japanese: %q, want %q", got, tc.ja)
		}
		if leaks := testkit.EnglishLeaks(Describe(i18n.New(i18n.Pseudo), wrapped)); len(leaks) > 0 {
			t.Errorf("pseudo-locale leaks %v", leaks)
		}
	}
}

// A document says which events of its journal did not fit, the first ten
// and how many more, in the integrity section; a journal without such
// events gets no such row.
func TestDocumentsListProblems(t *testing.T) {
	t.Parallel()
	rb := shippedRunbook(t, "service-failure.toml")
	opened, _ := incident.KindOf(incident.TypeIncidentOpened)
	events := []incident.Event{{Seq: 1, At: start, Actor: "sato", Type: incident.TypeIncidentOpened, Data: opened.Example()}}
	for i := range 12 {
		events = append(events, incident.Event{Seq: uint64(i + 2), At: start, Actor: "sato", Type: incident.TypeMilestoneStamped,
			Data: incident.MilestoneStamped{Milestone: fmt.Sprintf("m%d|x", i)}})
	}
	in := Input{State: incident.Fold(rb, events), Records: len(events), Head: "abc"}
	for _, tc := range []struct{ lang, want string }{
		{i18n.English, `| Events that did not fit (12) | seq 2: unknown milestone "m0\|x"; seq 3: unknown milestone "m1\|x"; `},
		{i18n.Japanese, `| 適用できなかったイベント（12 件） | seq 2：マイルストーン "m0\|x" はありません；`},
	} {
		var b strings.Builder
		must(t, Write(&b, "md", in, Options{Lang: tc.lang}))
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s: the postmortem lacks %q:\n%s", tc.lang, tc.want, b.String())
		}
		if more := Problem(i18n.New(tc.lang), in.State.Problems[maxProblems]); strings.Contains(b.String(), more) {
			t.Errorf("%s: the eleventh problem is listed", tc.lang)
		}
	}
	var b strings.Builder
	must(t, Write(&b, "md", in, Options{Lang: i18n.English}))
	if !strings.Contains(b.String(), `seq 11: unknown milestone "m9\|x"; and 2 more |`) {
		t.Errorf("no count of the rest:\n%s", b.String())
	}
	in.State = incident.Fold(rb, events[:1])
	b.Reset()
	must(t, Write(&b, "md", in, Options{Lang: i18n.English}))
	if strings.Contains(b.String(), "did not fit") {
		t.Errorf("a journal that fits lists problems:\n%s", b.String())
	}
}

// A span reads in the units of the document's language: the ja postmortem
// said "期間 2m" (issue 16); an English span is Span's, unchanged.
func TestSpanIn(t *testing.T) {
	t.Parallel()
	en, ja := i18n.New(i18n.English), i18n.New(i18n.Japanese)
	for _, tc := range []struct {
		span   time.Duration
		en, ja string
	}{
		{2 * time.Minute, "2m", "2分"},
		{3*time.Hour + 10*time.Minute, "3h10m", "3時間10分"},
		{20 * 24 * time.Hour, "20d0h", "20日0時間"},
		{45 * time.Second, "45s", "45秒"},
	} {
		if got := SpanIn(en, tc.span); got != tc.en || got != Span(tc.span) {
			t.Errorf("SpanIn(en, %v) = %q, want %q (Span's)", tc.span, got, tc.en)
		}
		if got := SpanIn(ja, tc.span); got != tc.ja {
			t.Errorf("SpanIn(ja, %v) = %q, want %q", tc.span, got, tc.ja)
		}
	}
	if got := unitWords(ja, "2w"); got != "2週間" {
		t.Errorf("unitWords(ja, 2w) = %q, want 2週間", got)
	}
}

// An extension's length is said in the reader's units where it is days,
// hours and minutes, and kept as written where it is months or business
// days (issue 16: "30d 延長" in a Japanese duty view).
func TestLengthWords(t *testing.T) {
	t.Parallel()
	ja, en := i18n.New(i18n.Japanese), i18n.New(i18n.English)
	for _, tc := range []struct{ in, ja, en string }{
		{"30d", "30日", "30d"},
		{"1d12h", "1日12時間", "1d12h"},
		{"1mo", "1mo", "1mo"},
		{"4bd", "4bd", "4bd"},
		{"", "", ""},
		{"d30", "d30", "d30"},
	} {
		if got := LengthWords(ja, tc.in); got != tc.ja {
			t.Errorf("ja %q: %q, want %q", tc.in, got, tc.ja)
		}
		if got := LengthWords(en, tc.in); got != tc.en {
			t.Errorf("en %q: %q, want %q", tc.in, got, tc.en)
		}
	}
}
