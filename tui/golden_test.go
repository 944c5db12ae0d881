package tui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// requireFrame compares an ANSI-stripped frame with its golden file under
// testdata/tui/ at the top of the repository (-update rewrites it).
func requireFrame(t *testing.T, name, frame string) {
	t.Helper()
	testkit.Golden(t, "../testdata/tui/"+name+".golden", []byte(maskTempDirs(ansi.Strip(frame))))
}

// maskTempDirs replaces each line that names a test's temporary directory
// (the home screen's "Incidents are kept in /tmp/TestGoldenHome…/001/…",
// whose length varies from run to run) with a mark as wide as the line,
// so that golden frames do not depend on it. TestHomeSaysWhereIncidentsAreKept
// checks what the line says.
func maskTempDirs(frame string) string {
	temp := filepath.Join(os.TempDir(), "Test")
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		if strings.Contains(l, temp) {
			lines[i] = fit("<a test's temporary directory>", width(l))
		}
	}
	return strings.Join(lines, "\n")
}

var frameSizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// Incident ids of the golden frames.
const (
	openID   = "INC-20261125-0A1B"
	closedID = "INC-20261120-77C2"
)

// shippedSet is the shipped service-failure runbooks, English and
// Japanese, with their contacts and the friday-ransomware drills: a fixed
// set, so that the home screen's frame does not change when another
// runbook ships.
func shippedSet(t testing.TB) fs.FS {
	t.Helper()
	set := fstest.MapFS{}
	for _, name := range []string{"service-failure.toml", "contacts.toml", "service-failure-ja.toml", "contacts-ja.toml",
		"regulations/appi.toml", "regulations/appi-ja.toml", "regulations/gdpr.toml", "regulations/gdpr-ja.toml",
		"drills/friday-ransomware.toml", "drills/friday-ransomware-ja.toml"} {
		b, err := fs.ReadFile(runbooks.FS, name)
		if err != nil {
			// Until the Japanese runbook ships, its fixture stands in.
			b, err = fs.ReadFile(osDir(fixtureDir), name)
		}
		if err != nil {
			t.Fatal(err)
		}
		set[name] = &fstest.MapFile{Data: b}
	}
	return set
}

// homeWithIncidents makes a shodo home holding one open incident (one
// answer given) and one closed incident from five days before.
func homeWithIncidents(t testing.TB) string {
	t.Helper()
	home := t.TempDir()
	old := testkit.NewClock(t0.AddDate(0, 0, -5).Add(-11 * time.Hour))
	closed := openFixed(t, home, closedID, englishRB(t), old)
	old.Advance(3 * time.Hour)
	must(t, closed.Answer("sato", "symptom", "outage"))
	must(t, closed.Answer("sato", "recent-change", "right-after"))
	must(t, closed.Answer("sato", "rollback", "restored"))
	must(t, closed.Answer("sato", "change-authorized", "approved"))
	handOverAll(t, closed)
	must(t, closed.Close("sato", "Rolled back the 20:00 release; service restored."))

	clock := testkit.NewClock(t0)
	open := openFixed(t, home, openID, englishRB(t), clock)
	must(t, open.Answer("sato", "symptom", "outage"))
	must(t, open.Detach())
	return home
}

// handOverAll hands every running duty over, so that a test incident may
// close: a close is refused while a duty is undecided.
func handOverAll(t testing.TB, s *incident.Session) {
	t.Helper()
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning {
			must(t, s.HandOver("sato", d.ID, "Operations", "OPS-1"))
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestGoldenHome(t *testing.T) {
	home := homeWithIncidents(t)
	shipped := shippedSet(t)
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, size := range frameSizes {
			t.Run(fmt.Sprintf("%s_%dx%d", lang, size.w, size.h), func(t *testing.T) {
				clock := testkit.NewClock(t0.Add(10 * time.Minute))
				opt := testOptions(lang, clock)
				opt.Home, opt.Library = home, testLibrary(t, shipped)
				h := startHarness(t, NewHomeModel(opt), clock, size.w, size.h)
				requireFrame(t, fmt.Sprintf("home_%s_%dx%d", lang, size.w, size.h), h.m.View().Content)
			})
		}
	}
}

// Starting is deliberate: enter on a runbook or a scenario shows what it
// will start and asks (issue 11, item 5). The cursor starts on the
// runbook in the screen's language.
func TestGoldenStartConfirmation(t *testing.T) {
	home := homeWithIncidents(t)
	shipped := shippedSet(t)
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, size := range frameSizes {
			name := fmt.Sprintf("%s_%dx%d", lang, size.w, size.h)
			start := func(t *testing.T) *harness {
				clock := testkit.NewClock(t0.Add(10 * time.Minute))
				opt := testOptions(lang, clock)
				opt.Home, opt.Library = home, testLibrary(t, shipped)
				return startHarness(t, NewHomeModel(opt), clock, size.w, size.h)
			}
			t.Run("runbook_"+name, func(t *testing.T) {
				h := start(t)
				h.key("enter")
				requireFrame(t, "home_start_runbook_"+name, h.m.View().Content)
			})
			t.Run("drill_"+name, func(t *testing.T) {
				h := start(t)
				h.key("end")
				h.key("up") // the scenario in the screen's language
				h.key("enter")
				requireFrame(t, "home_start_drill_"+name, h.m.View().Content)
			})
		}
	}
}

// verdictIncident walks an incident to a security verdict with one duty
// done on time, then lets 75 minutes pass so that several duties are
// overdue, and returns it with its clock.
func verdictIncident(t testing.TB, lang string) (*harness, *testkit.Clock) {
	t.Helper()
	rb := englishRB(t)
	if lang == i18n.Japanese {
		rb = japaneseRB(t)
	}
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, rb, clock)
	h := newIncidentHarness(t, quiet{s}, lang, clock, 80, 24)
	h.pick("2") // ransom note
	clock.Advance(5 * time.Minute)
	h.pick("3") // no personal data
	h.pick("1") // files encrypted: ransomware
	clock.Advance(15 * time.Minute)
	must(t, s.DutyDone("sato", "vendor-first-call", "phone", "Hotline took it; engineer Kimura calls back."))
	clock.Advance(55 * time.Minute)
	h.fireTicks()
	return h, clock
}

func TestGoldenIncident(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, size := range frameSizes {
			name := fmt.Sprintf("%s_%dx%d", lang, size.w, size.h)
			t.Run("triage_"+name, func(t *testing.T) {
				rb := englishRB(t)
				if lang == i18n.Japanese {
					rb = japaneseRB(t)
				}
				clock := testkit.NewClock(t0)
				s := openFixed(t, t.TempDir(), openID, rb, clock)
				h := newIncidentHarness(t, quiet{s}, lang, clock, size.w, size.h)
				h.key("enter") // the service is down
				clock.Advance(45 * time.Minute)
				h.fireTicks()
				requireFrame(t, "incident_triage_"+name, h.m.View().Content)
			})
			t.Run("verdict_"+name, func(t *testing.T) {
				h, _ := verdictIncident(t, lang)
				h.send(sizeMsg(size.w, size.h))
				if size.w < wideWidth {
					h.key("tab") // the duties tab, where the overdue ones are
				}
				requireFrame(t, "incident_verdict_"+name, h.m.View().Content)
			})
		}
	}
}

// TestGoldenDrill: the drill screen, paused after jumping to the inject at
// T+00:12 (the banner, the [PAUSED] marker, scenario times on the
// timeline), and the facilitator's notes.
func TestGoldenDrill(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, size := range frameSizes {
			name := fmt.Sprintf("%s_%dx%d", lang, size.w, size.h)
			t.Run(name, func(t *testing.T) {
				h, _, _ := friday(t, lang, size.w, size.h)
				h.jump()
				h.jump()
				requireFrame(t, "drill_"+name, h.m.View().Content)
			})
		}
		t.Run("notes_"+lang, func(t *testing.T) {
			h, _, _ := friday(t, lang, 80, 24)
			h.jump()
			h.jump()
			h.key("f")
			requireFrame(t, "drill_notes_"+lang+"_80x24", h.m.View().Content)
		})
	}
}
