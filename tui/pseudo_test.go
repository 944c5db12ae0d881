package tui

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// The pseudo-locale screen test: every screen, panel and dialog drawn in
// en-XA over the Japanese runbook and drill, so that any run of ASCII
// letters on it is a word that did not come from the catalogue, and any
// pseudo message whose closing bracket is missing was cut.

// pseudoScene is one screen to draw: setup builds it at w×h, and the
// message want (its words up to the first placeholder) is on it, so that a
// scene cannot quietly draw something else.
type pseudoScene struct {
	name  string
	want  string
	setup func(t *testing.T, w, h int) *harness
}

// japaneseSet is the shipped Japanese runbook, its contacts and the
// Japanese friday-ransomware drill: the home screen with nothing English.
func japaneseSet(t testing.TB) fs.FS {
	t.Helper()
	set := fstest.MapFS{}
	for _, name := range []string{"service-failure-ja.toml", "contacts-ja.toml", "regulations/appi-ja.toml", "regulations/gdpr-ja.toml", "drills/friday-ransomware-ja.toml"} {
		b, err := fs.ReadFile(runbooks.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		set[name] = &fstest.MapFile{Data: b}
	}
	return set
}

// pseudoHome is a home with an open and a closed incident on the Japanese
// runbook.
func pseudoHome(t testing.TB) string {
	t.Helper()
	home := t.TempDir()
	old := testkit.NewClock(t0.AddDate(0, 0, -5))
	closed := openFixed(t, home, closedID, japaneseRB(t), old)
	must(t, closed.Answer("sato", "symptom", "outage"))
	must(t, closed.Answer("sato", "recent-change", "right-after"))
	must(t, closed.Answer("sato", "rollback", "restored"))
	must(t, closed.Answer("sato", "change-authorized", "approved"))
	handOverAll(t, closed)
	must(t, closed.Close("sato", "リリースを戻して復旧した。"))
	open := openFixed(t, home, openID, japaneseRB(t), testkit.NewClock(t0))
	must(t, open.Answer("sato", "symptom", "outage"))
	must(t, open.Detach())
	return home
}

func pseudoHomeHarness(t *testing.T, w, h int) *harness {
	clock := testkit.NewClock(t0.Add(10 * time.Minute))
	opt := testOptions(i18n.Pseudo, clock)
	opt.Home, opt.Library = pseudoHome(t), testLibrary(t, japaneseSet(t))
	return startHarness(t, NewHomeModel(opt), clock, w, h)
}

// breakJournal changes one byte inside the second record of the journal
// at path, so that it no longer matches its hash.
func breakJournal(t testing.TB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	second := bytes.IndexByte(b, '\n') + 1
	i := second + bytes.Index(b[second:], []byte(`"sato"`)) + 2
	if i <= second+1 {
		t.Fatalf("no actor in the second record of %s", path)
	}
	b[i] = 'A'
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// pseudoIncident is an incident on the Japanese runbook in en-XA; keys are
// pressed in order once it is drawn.
func pseudoIncident(keys ...string) func(t *testing.T, w, h int) *harness {
	return func(t *testing.T, w, h int) *harness {
		clock := testkit.NewClock(t0)
		s := openFixed(t, t.TempDir(), openID, japaneseRB(t), clock)
		hs := newIncidentHarness(t, quiet{s}, i18n.Pseudo, clock, w, h)
		for _, k := range keys {
			hs.key(k)
		}
		return hs
	}
}

// pseudoTyped is a scene, then text typed and keys pressed.
func pseudoTyped(scene func(t *testing.T, w, h int) *harness, text string, keys ...string) func(t *testing.T, w, h int) *harness {
	return func(t *testing.T, w, h int) *harness {
		hs := scene(t, w, h)
		hs.typeText(text)
		for _, k := range keys {
			hs.key(k)
		}
		return hs
	}
}

// pseudoVerdict is an incident past a security verdict with overdue
// duties, then keys pressed.
func pseudoVerdict(keys ...string) func(t *testing.T, w, h int) *harness {
	return pseudoVerdictThen(nil, keys...)
}

// pseudoVerdictThen is pseudoVerdict with a step on the session (then)
// before the keys.
func pseudoVerdictThen(then func(*testing.T, *incident.Session), keys ...string) func(t *testing.T, w, h int) *harness {
	return func(t *testing.T, w, h int) *harness {
		clock := testkit.NewClock(t0)
		s := openFixed(t, t.TempDir(), openID, japaneseRB(t), clock)
		hs := newIncidentHarness(t, quiet{s}, i18n.Pseudo, clock, w, h)
		hs.pick("2")
		clock.Advance(5 * time.Minute)
		hs.pick("3")
		hs.pick("1")
		clock.Advance(15 * time.Minute)
		must(t, s.DutyDone("sato", "vendor-first-call", "phone", "保守窓口が受け付けた。"))
		must(t, s.DutyAttempted("sato", "call-security-vendor", "phone", "応答なし"))
		clock.Advance(55 * time.Minute)
		hs.fireTicks()
		if then != nil {
			then(t, s)
			hs.send(stateMsg{st: s.State()})
		}
		for _, k := range keys {
			if strings.HasPrefix(k, "duty:") {
				hs.focusDuty(strings.TrimPrefix(k, "duty:"))
				continue
			}
			hs.key(k)
		}
		return hs
	}
}

// pseudoSpawn is the Japanese vulnerability advisory past the verdict
// that opens a linked service-failure-ja incident, then keys pressed.
func pseudoSpawn(keys ...string) func(t *testing.T, w, h int) *harness {
	return func(t *testing.T, w, h int) *harness {
		hs, s, _ := spawnHarness(t, i18n.Pseudo, "vulnerability-advisory-ja.toml", w, h)
		compromised(t, s)
		hs.send(stateMsg{st: s.State()})
		for _, k := range keys {
			hs.key(k)
		}
		return hs
	}
}

// pseudoDrill is the Japanese friday-ransomware drill in en-XA, paused
// after jumping to its second inject, then keys pressed.
func pseudoDrill(keys ...string) func(t *testing.T, w, h int) *harness {
	return func(t *testing.T, w, h int) *harness {
		clock := testkit.NewClock(t0)
		d := openDrillFixed(t, t.TempDir(), drillID, shippedScenario(t, "friday-ransomware-ja"), clock)
		hs := newDrillHarness(t, d, i18n.Pseudo, clock, w, h)
		hs.fireTicks()
		hs.jump()
		hs.jump()
		for _, k := range keys {
			hs.key(k)
		}
		return hs
	}
}

func pseudoScenes() []pseudoScene {
	return []pseudoScene{
		{"home", "tui.home.runbooks", pseudoHomeHarness},
		{"home filter", "tui.home.filter", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("/")
			hs.typeText("障害")
			return hs
		}},
		{"home filter no match", "tui.home.no-match", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("/")
			hs.typeText("該当なし")
			hs.key("enter")
			return hs
		}},
		{"home drill", "tui.home.drill-detail", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("end")
			return hs
		}},
		{"home open", "tui.home.events", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("down")
			return hs
		}},
		{"home closed", "tui.home.export", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("down")
			hs.key("down")
			return hs
		}},
		{"home unreadable", "tui.home.unreadable", func(t *testing.T, w, h int) *harness {
			// A record of the open incident no longer matches its hash:
			// the row says where its journal breaks, in words.
			home := pseudoHome(t)
			breakJournal(t, filepath.Join(home, "incidents", openID, journal.JournalFile))
			clock := testkit.NewClock(t0.Add(10 * time.Minute))
			opt := testOptions(i18n.Pseudo, clock)
			opt.Home, opt.Library = home, testLibrary(t, japaneseSet(t))
			hs := startHarness(t, NewHomeModel(opt), clock, w, h)
			hs.key("down")
			return hs
		}},
		{"start runbook", "tui.start.ask-runbook", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("enter")
			return hs
		}},
		{"start aware since", "tui.start.since-prompt", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("enter")
			hs.typeText("01:00")
			return hs
		}},
		{"start aware since refused", "tui.claim.later-today", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("enter")
			hs.typeText("23:59")
			hs.key("enter")
			return hs
		}},
		{"start drill", "tui.start.ask-drill", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("end")
			hs.key("enter")
			return hs
		}},
		{"home help", "tui.keys.open", func(t *testing.T, w, h int) *harness {
			hs := pseudoHomeHarness(t, w, h)
			hs.key("?")
			return hs
		}},
		{"triage", "tui.triage.hint", pseudoIncident("enter")},
		{"duties", "tui.duty.scope", pseudoVerdict("tab")},
		{"timeline", "tui.pane.timeline", pseudoVerdict("tab", "tab")},
		{"timeline entry", "tui.timeline.entry-recorded", pseudoVerdict("tab", "tab", "up", "enter")},
		{"revising", "tui.triage.revise-choose", pseudoIncident("1", "enter", "2", "enter", "r")},
		{"revise", "tui.dialog.superseded", pseudoIncident("1", "enter", "2", "enter", "r", "up", "enter")},
		{"done", "tui.dialog.pick-means", pseudoVerdict("duty:call-security-vendor", "d")},
		{"attempt", "tui.dialog.outcome-other", pseudoVerdict("duty:call-security-vendor", "a")},
		{"waive", "tui.dialog.reason-required", pseudoVerdict("duty:call-security-vendor", "w")},
		{"waive refused", "tui.dialog.required", pseudoVerdict("duty:call-security-vendor", "w", "enter")},
		{"note", "tui.dialog.note-prompt", pseudoVerdict("n")},
		{"milestone", "tui.dialog.pick-milestone", pseudoVerdict("m")},
		{"milestone preview", "tui.stamp.heading", pseudoVerdict("m", "down", "enter")},
		{"reassign", "tui.dialog.assignee-prompt", pseudoVerdict("o")},
		{"close", "tui.dialog.close-title", pseudoVerdict("x", "enter")},
		{"ending chooser", "tui.ending.title", pseudoIncident("x")},
		{"ending without a verdict", "tui.ending.no-verdict", pseudoIncident("x", "v", "enter")},
		{"false alarm", "tui.ending.reason-prompt", pseudoIncident("x", "enter")},
		{"false alarm refused", "tui.dialog.required", pseudoIncident("x", "enter", "enter")},
		{"no other incident", "tui.ending.no-others", pseudoIncident("x", "u", "enter")},
		{"duplicate", "tui.ending.pick-other", pseudoDuplicate()},
		{"quit", "tui.dialog.quit-draft", func(t *testing.T, w, h int) *harness {
			hs := pseudoVerdict("n")(t, w, h)
			hs.typeText("メモ")
			hs.key("ctrl+c")
			return hs
		}},
		{"option picked", "tui.triage.picked", pseudoIncident("2")},
		{"keys held while saving", "tui.stray.why-saving", func(t *testing.T, w, h int) *harness {
			hs := pseudoVerdict("n")(t, w, h)
			hs.typeText("メモ")
			next, _ := hs.m.Update(keyMsg("ctrl+s")) // the engine has not answered
			hs.m = next.(Model)
			hs.burst("2", "enter")
			return hs
		}},
		{"enter held after an answer", "tui.stray.why-question", func(t *testing.T, w, h int) *harness {
			hs := pseudoIncident()(t, w, h)
			hs.pick("1")
			hs.burst("enter")
			return hs
		}},
		{"keys held after a paste", "tui.stray.why-paste", func(t *testing.T, w, h int) *harness {
			hs := pseudoVerdict()(t, w, h)
			hs.paste("2")
			hs.burst("enter")
			return hs
		}},
		{"paste cut", "tui.stray.pasted-cut", func(t *testing.T, w, h int) *harness {
			hs := pseudoVerdict("n")(t, w, h)
			hs.paste(strings.Repeat("メモ", 5000))
			return hs
		}},
		{"milestone happened at", "tui.dialog.happened-prompt", pseudoVerdict("m", "x")},
		{"milestone claim unread", "tui.claim.malformed", pseudoTyped(pseudoVerdict("m"), "99:99", "enter")},
		{"milestone claim later today", "tui.claim.later-today", pseudoTyped(pseudoVerdict("m"), "23:59", "enter")},
		{"milestone claimed", "tui.claim.stamp", pseudoTyped(pseudoVerdict("m"), "21:00", "enter", "tab", "tab")},
		{"pause", "tui.dialog.pause-note", pseudoVerdict("duty:call-security-vendor", "p")},
		{"paused", "tui.duty.paused-left", pseudoTyped(pseudoVerdict("duty:call-security-vendor", "p"), "返事待ち", "enter")},
		{"resume", "tui.dialog.resume-title", pseudoTyped(pseudoVerdict("duty:call-security-vendor", "p"), "返事待ち", "enter", "p")},
		{"restart", "tui.dialog.restart-note", pseudoVerdict("duty:call-security-vendor", "R")},
		{"restarted", "tui.duty.restarted-mark", pseudoTyped(pseudoVerdict("duty:call-security-vendor", "R"), "契約の再確認", "enter")},
		{"occurrences", "tui.duty.missed", func(t *testing.T, w, h int) *harness {
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, loadRunbook(t, "cloud-service-outage-ja.toml"), clock)
			hs := newIncidentHarness(t, quiet{s}, i18n.Pseudo, clock, w, h)
			clock.Advance(10 * time.Minute)
			must(t, s.DutyDone("sato", "business-notice", "portal", ""))
			clock.Advance(150 * time.Minute) // the first hourly update is missed
			must(t, s.Tick())
			hs.send(stateMsg{st: s.State()})
			hs.fireTicks()
			hs.focusDuty("business-updates")
			return hs
		}},
		{"withdrawn", "tui.duty.withdrawn-rule", func(t *testing.T, w, h int) *harness {
			hs := pseudoVerdict()(t, w, h)
			// A revision of the first answer withdraws the duties the
			// verdict started.
			must(t, hs.m.inc.eng.Revise("sato", "symptom"))
			hs.send(stateMsg{st: hs.m.inc.eng.State()})
			hs.key("tab")
			return hs
		}},
		{"message", "tui.dialog.message-copied", pseudoVerdict("duty:vendor-first-call", "c")},
		{"closed", "tui.dialog.closed-export", func(t *testing.T, w, h int) *harness {
			hs := pseudoVerdictThen(func(t *testing.T, s *incident.Session) { handOverAll(t, s) }, "x", "enter")(t, w, h)
			hs.typeText("まとめ")
			hs.key("ctrl+s")
			return hs
		}},
		{"resolve", "tui.life.resolve-title", pseudoVerdict("s")},
		{"resolve refused", "tui.claim.malformed", pseudoTyped(pseudoVerdict("s"), "きのう", "enter")},
		{"resolved", "tui.life.resolved", pseudoVerdictThen(func(t *testing.T, s *incident.Session) {
			must(t, s.Resolve("sato", time.Time{}))
		}, "tab")},
		{"close walk", "tui.close.legal-open", pseudoVerdictThen(legalLeft, "x", "enter")},
		{"close legal refused", "tui.life.why-legal-hand-over", pseudoVerdictThen(legalLeft, "x", "enter", "h")},
		{"hand over", "tui.life.owner-prompt", pseudoVerdict("x", "enter", "h")},
		{"hand over ticket", "tui.life.ticket-prompt", pseudoTyped(pseudoVerdict("x", "enter", "h"), "運用チーム", "enter")},
		{"close ready", "tui.close.ready", pseudoVerdictThen(handOverJa, "x", "enter")},
		{"handed over", "tui.life.handed-over-mark", pseudoVerdictThen(handOverJa, "duty:call-security-vendor")},
		{"closed read-only", "tui.life.closed-at", pseudoTyped(pseudoVerdictThen(handOverJa, "x", "enter"), "まとめ", "ctrl+s", "esc")},
		{"reopen", "tui.life.reopen-title", pseudoTyped(pseudoVerdictThen(handOverJa, "x", "enter"), "まとめ", "ctrl+s", "esc", "O")},
		{"spawn", "tui.spawn.title", pseudoSpawn("L")},
		{"spawned", "tui.spawn.opened", pseudoSpawn("L", "enter")},
		// The overlay scrolls: the incident's own keys head the second
		// column, half way down (further down, at 80x24, they have
		// scrolled out above).
		{"full help", "tui.help.group.incident", pseudoVerdict(append([]string{"?"}, slices.Repeat([]string{"down"}, 14)...)...)},
		{"disabled key", "tui.why.no-answers", pseudoIncident("r")},
		{"poisoned", "tui.header.not-saving", func(t *testing.T, w, h int) *harness {
			hs := pseudoIncident()(t, w, h)
			hs.m.inc.eng = failing{engine: hs.m.inc.eng, err: fmt.Errorf("append: %w", journal.ErrPoisoned)}
			hs.key("enter")
			return hs
		}},
		{"refused", "export.refusal.not-current", func(t *testing.T, w, h int) *harness {
			// The engine refuses a command (another screen answered
			// first): what was asked and why not, both in words.
			hs := pseudoIncident()(t, w, h)
			s := openFixed(t, t.TempDir(), openID, japaneseRB(t), testkit.NewClock(t0))
			refusal := s.Answer("sato", "rollback", "restored")
			if refusal == nil {
				t.Fatal("the engine answered a question that is not the current one")
			}
			hs.m.inc.eng = failing{engine: hs.m.inc.eng, err: fmt.Errorf("answer: %w", refusal)}
			hs.key("enter")
			return hs
		}},
		{"drill", "tui.drill.inject-tag", pseudoDrill()},
		{"drill running", "tui.drill.speed-set", pseudoDrill("space", "+", "tab")},
		{"drill notes", "tui.notes.title", pseudoDrill("f")},
		{"drill injects", "tui.drill.injects-title", pseudoDrill("i")},
		{"drill help", "tui.help.drill", pseudoDrill("?")},
		{"drill jump", "tui.drill.jump-skipped", pseudoDrill("]")},
		{"drill end", "tui.drill.end", func(t *testing.T, w, h int) *harness {
			hs := pseudoDrill()(t, w, h)
			for range 4 {
				hs.jump()
			}
			return hs
		}},
		{"drill score", "tui.score.title", func(t *testing.T, w, h int) *harness {
			hs := pseudoDrill()(t, w, h)
			for range 4 {
				hs.pick("1")
			}
			hs.key("x")
			hs.key("enter")
			hs.typeText("まとめ")
			hs.key("ctrl+s")
			return hs
		}},
		{"watch", "tui.watch.banner-writer", func(t *testing.T, w, h int) *harness {
			return newWatchHarness(t, i18n.Pseudo, w, h).harness
		}},
		{"watch refused", "tui.watch.why", func(t *testing.T, w, h int) *harness {
			hs := newWatchHarness(t, i18n.Pseudo, w, h).harness
			hs.key("n")
			return hs
		}},
		{"too small", "tui.too-small", func(t *testing.T, w, h int) *harness {
			hs := pseudoIncident()(t, w, h)
			hs.send(sizeMsg(minWidth-1, minHeight))
			return hs
		}},
	}
}

// handOverJa hands every running duty over to an owner named in
// Japanese, with a ticket: what a responder types is shown as written.
func handOverJa(t *testing.T, s *incident.Session) {
	t.Helper()
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning {
			must(t, s.HandOver("sato", d.ID, "運用チーム", "障害票１２"))
		}
	}
}

// legalLeft stamps the suspected leak, which starts the legal duties, and
// hands every other running duty over: the legal ones hold the close.
func legalLeft(t *testing.T, s *incident.Session) {
	t.Helper()
	must(t, s.Stamp("sato", "appi-aware"))
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning && !d.Spec.Legal {
			must(t, s.HandOver("sato", d.ID, "運用チーム", ""))
		}
	}
}

func TestPseudoLocaleScreens(t *testing.T) {
	for _, sc := range pseudoScenes() {
		for _, size := range frameSizes {
			t.Run(fmt.Sprintf("%s_%dx%d", strings.ReplaceAll(sc.name, " ", "_"), size.w, size.h), func(t *testing.T) {
				t.Parallel()
				h := sc.setup(t, size.w, size.h)
				screen := ansi.Strip(h.m.View().Content)
				if want := messageHead(sc.want); !strings.Contains(screen, want) {
					t.Fatalf("the scene does not show %s (%q):\n%s", sc.want, want, screen)
				}
				if leaks := testkit.EnglishLeaks(screen, pseudoAllowed(h)...); len(leaks) > 0 {
					t.Errorf("English on the en-XA screen: %v\n%s", leaks, screen)
				}
				if cuts := cutMessages(screen); len(cuts) > 0 {
					t.Errorf("messages cut short (their ] is missing):\nCUT: %s\n\n%s", strings.Join(cuts, "\nCUT: "), screen)
				}
			})
		}
	}
}

// messageHead is the pseudo-locale text of message id up to its first
// placeholder, at most eight characters: enough to tell it on a screen.
func messageHead(id string) string {
	s := i18n.New(i18n.Pseudo).T(id)
	s, _, _ = strings.Cut(s, "<no value>")
	if r := []rune(s); len(r) > 8 {
		s = string(r[:8])
	}
	return s
}

var asciiWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// timelineRow is the start of a timeline entry: its time (T+ in a drill),
// then the actor.
// A claimed time heads its row with the recorded one beside it
// (tui.claim.stamp): "[21:00:00 (recorded 22:19:00)~~] sato ...".
var timelineRow = regexp.MustCompile(`^(\d\d:\d\d:\d\d|T\+[0-9:]+|\[\d\d:\d\d:\d\d \([^)]*\)~*\]) `)

// pseudoAllowed is what rightly stays ASCII on an en-XA screen: key names,
// the incident id's prefix, the commands a user types (shodo export …),
// what the runbook and the scenario say (shown as written), the actor and
// the temporary home's path. The timeline's sentences come from the export
// package in the screen's language, so they are checked like the app's.
func pseudoAllowed(h *harness) []string {
	allow := append(testkit.KeyNames(), "INC", "shodo", "export", "format", "md", "aar", "resume", "sato", "JST",
		"SHODO", "HOME") // the home screen names $SHODO_HOME beside where incidents are kept
	// Text shown as written may be cut short ("JPCERT/CC" as "JPC..."):
	// every beginning of its words is allowed too.
	add := func(s string) {
		for _, w := range asciiWord.FindAllString(s, -1) {
			for i := 2; i <= len(w); i++ {
				allow = append(allow, w[:i])
			}
		}
	}
	add(h.m.opt.Home)
	if h.m.inc.eng != nil {
		add(h.m.inc.eng.Dir()) // the quit dialog says where the incident is
	}
	if h.m.inc.st != nil {
		if e := h.m.selectedEvent(); e != nil {
			add(e.Hash) // a timeline entry shows its record's hash
		}
	}
	for _, d := range h.m.home.open {
		add(d.Dir)
	}
	for _, d := range h.m.home.closed {
		add(d.Dir)
	}
	st := h.m.inc.st
	if st == nil {
		// The home screen lists the Japanese set, and incidents on its
		// runbook.
		st = &incident.State{Runbook: japaneseRB(h.t)}
		_ = fs.WalkDir(japaneseSet(h.t), ".", func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := fs.ReadFile(japaneseSet(h.t), path)
				add(string(b))
			}
			return nil
		})
	}
	for _, src := range st.Runbook.Sources {
		add(src.Text)
	}
	for _, l := range st.Links {
		add(l.Incident) // a linked incident's id, random when opened here
	}
	if h.m.inc.drill.on() {
		add(h.m.inc.drill.ctl.Scenario().Source)
	}
	return allow
}

// cutMessages returns the lines where a pseudo message was cut: a bracket
// it opened is still open where the text ends in the ellipsis of cut().
// Judged by design, and so not returned: a cut in an indented line (a list
// row, a duty's detail, a full-help entry) or in the narrow column of a
// two-column layout past the pane separator, and the status line's "! "
// message, which is capped at two lines so that the panes keep their
// place. A timeline row (it starts with its time) is one line by design
// until the timeline can expand its selected entry. A cut in a line that
// starts at the left edge — a header, a title, a prompt, a hint — is a
// defect: those have the width and must wrap.
func cutMessages(screen string) []string {
	var cuts []string
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, ">") || strings.HasPrefix(l, "! ") || timelineRow.MatchString(l) {
			continue
		}
		col, _, _ := strings.Cut(l, "|")
		col = strings.TrimRight(col, " ")
		if strings.HasSuffix(col, ellipsis) && depth(col) > 0 {
			cuts = append(cuts, strings.TrimRight(l, " "))
		}
	}
	return cuts
}

// depth is how many brackets l leaves open.
func depth(l string) int {
	d := 0
	for _, r := range l {
		switch r {
		case '[':
			d++
		case ']':
			d = max(0, d-1)
		}
	}
	return d
}

// The leak check itself must catch a word written in code.
func TestPseudoLeakCheckCatches(t *testing.T) {
	h := pseudoIncident()(t, 80, 24)
	if leaks := testkit.EnglishLeaks("[Ţŕîåĝé~~] Duties", pseudoAllowed(h)...); !slices.Contains(leaks, "Duties") {
		t.Errorf("a hard-coded word went through: %v", leaks)
	}
	if cuts := cutMessages("== [Ŕéṽîšé ţĥé åñšŵéŕ ţö...\nnext"); len(cuts) != 1 {
		t.Errorf("a cut title went through: %v", cuts)
	}
	if cuts := cutMessages("[Ŕéṽîšé ţĥé\nåñšŵéŕ~~]\n  > a list row [Ŕéṽîšé..."); len(cuts) != 0 {
		t.Errorf("a wrapped message or a list row counted as cut: %v", cuts)
	}
}

// pseudoDuplicate is the duplicate's dialog: an incident with another in
// its home, x, then u.
func pseudoDuplicate() func(t *testing.T, w, h int) *harness {
	return func(t *testing.T, w, h int) *harness {
		clock := testkit.NewClock(t0)
		home := t.TempDir()
		other := openFixed(t, home, "INC-20261125-0B2C", japaneseRB(t), clock)
		must(t, other.Detach())
		hs := homeHarness(t, home, openFixed(t, home, openID, japaneseRB(t), clock), i18n.Pseudo, clock, w, h)
		hs.key("x")
		hs.key("u")
		hs.key("enter")
		return hs
	}
}
