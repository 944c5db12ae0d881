package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// tabLine is the line of the screen that names the panes.
func tabLine(t *testing.T, h *harness) string {
	t.Helper()
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, h.m.tx.T("tui.pane.timeline")) && strings.Contains(l, h.m.tx.T("tui.pane.triage")) {
			return l
		}
	}
	t.Fatalf("no tab bar on the screen:\n%s", h.screen())
	return ""
}

// At 80×24 on the Triage pane a responder sees that duties run: how many,
// and which is due first, with its due time (issue 16).
func TestTabBarShowsRunningDuties(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			rb := englishRB(t)
			if lang == i18n.Japanese {
				rb = japaneseRB(t)
			}
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, lang, clock, 80, 24)
			tx := h.m.tx
			if tab := tabLine(t, h); strings.Contains(tab, tx.T("tui.pane.duties-running", "Count", 0)) {
				t.Fatalf("before any duty starts the tab bar counts running duties: %q", tab)
			}

			h.key("enter") // the service is down: the first duties start
			running := 0
			var first *incident.Duty
			for _, d := range h.m.listedDuties() {
				if d.Status == incident.StatusRunning {
					running++
					if first == nil {
						first = d
					}
				}
			}
			if running == 0 {
				t.Fatal("the first answer started no duty; the test needs one")
			}
			tab := tabLine(t, h)
			if want := tx.T("tui.pane.duties-running", "Count", running); !strings.Contains(tab, want) {
				t.Errorf("tab bar %q lacks the running count %q", tab, want)
			}
			if due := h.m.stamp(first.Due); !strings.Contains(tab, due) {
				t.Errorf("tab bar %q lacks the next due time %q", tab, due)
			}
			if head := []rune(dutyTitle(first.Spec))[:3]; !strings.Contains(tab, string(head)) {
				t.Errorf("tab bar %q lacks the start of the next duty's title %q", tab, string(head))
			}
			if w := width(tab); w > 80 {
				t.Errorf("tab bar is %d cells wide at 80 columns: %q", w, tab)
			}

			// Once one is overdue, the count says so too, and the line
			// still fits.
			clock.Advance(45 * time.Minute)
			h.fireTicks()
			tab = tabLine(t, h)
			if want := tx.T("tui.pane.duties-overdue", "Count", running, "Overdue", h.m.overdueCount()); !strings.Contains(tab, want) {
				t.Errorf("tab bar %q lacks %q", tab, want)
			}
			if !strings.Contains(tab, h.m.stamp(first.Due)) {
				t.Errorf("tab bar %q lost the next due time", tab)
			}
		})
	}
}

// An answer that starts duties says how many and which is due first, in
// each language's words; one that starts none says only that it was
// recorded.
func TestAnswerAnnouncesStartedDuties(t *testing.T) {
	for _, tc := range []struct {
		lang           string
		started, first string // printf formats of the count, and of the first duty's title
		recordedAnswer string
		startedWord    string
		answerLabel    string
	}{
		{i18n.English, "%d duties started, next: ", "next: %s due in ", "Recorded: answer: ", "started", ". Recorded: answer: "},
		{i18n.Japanese, "対応義務が %d 件発生", "次の期限は「%s」（残り ", "記録しました：回答：", "発生", "。記録しました：回答："},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			rb := englishRB(t)
			if tc.lang == i18n.Japanese {
				rb = japaneseRB(t)
			}
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 80, 24)

			running := func() map[string]bool {
				ids := map[string]bool{}
				for _, d := range h.state().Duties {
					if d.Status == incident.StatusRunning {
						ids[d.ID] = true
					}
				}
				return ids
			}
			h.pick("2") // ransom note
			before := running()
			h.pick("3") // no personal data: starts nothing
			if len(running()) != len(before) {
				t.Fatalf("the second answer started duties; the test needs one that starts none")
			}
			if got := h.m.flash.text; !strings.HasPrefix(got, tc.recordedAnswer) || strings.Contains(got, tc.startedWord) {
				t.Errorf("an answer that starts nothing reads %q", got)
			}

			h.pick("1") // files encrypted: ransomware
			var started []*incident.Duty
			for _, d := range h.m.listedDuties() {
				if d.Status == incident.StatusRunning && !before[d.ID] {
					started = append(started, d)
				}
			}
			if len(started) < 2 {
				t.Fatalf("the verdict started %d duties; the test needs several", len(started))
			}
			got := h.m.flash.text
			if !strings.HasPrefix(got, fmt.Sprintf(tc.started, len(started))) {
				t.Errorf("flash %q does not lead with the duties started", got)
			}
			for _, want := range []string{tc.answerLabel, fmt.Sprintf(tc.started, len(started)), fmt.Sprintf(tc.first, dutyTitle(started[0].Spec))} {
				if !strings.Contains(got, want) {
					t.Errorf("flash %q lacks %q", got, want)
				}
			}
			h.require(fmt.Sprintf(tc.started, len(started)))
		})
	}
}

// At 80 columns the header never cuts the verdict's kind and rank: a
// verdict title too long for the line is what gets cut (issue 16).
func TestHeaderKeepsVerdictKindAndRank(t *testing.T) {
	for _, tc := range []struct {
		lang, kind string
	}{
		{i18n.English, "[SECURITY INCIDENT, rank A]"},
		{i18n.Japanese, "[セキュリティインシデント、ランク A]"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			rb := englishRB(t)
			if tc.lang == i18n.Japanese {
				rb = japaneseRB(t)
			}
			long := strings.Repeat("personal data of every customer and partner, ", 3)
			for _, v := range rb.Verdicts {
				if v.ID == "ransomware" {
					v.Title += ": " + long
				}
			}
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 80, 24)
			h.pick("2") // ransom note
			h.pick("3") // no personal data
			h.pick("1") // files encrypted: ransomware
			header := h.m.headerLines(80)
			text := stripANSI(strings.Join(header, "\n"))
			if !strings.Contains(text, tc.kind) {
				t.Errorf("header lacks %q whole:\n%s", tc.kind, text)
			}
			if !strings.Contains(text, ellipsis) {
				t.Errorf("header does not cut the long verdict title:\n%s", text)
			}
			for _, l := range header {
				if w := width(l); w > 80 {
					t.Errorf("header line is %d cells wide: %q", w, stripANSI(l))
				}
			}
			requireFrame(t, "incident_long_verdict_"+tc.lang+"_80x24", h.m.View().Content)
		})
	}
}

// A Japanese title is followed by the runbook's id in full-width brackets.
func TestHeaderRunbookIDBrackets(t *testing.T) {
	for _, tc := range []struct {
		lang, want string
	}{
		{i18n.English, "  (service-failure)"},
		{i18n.Japanese, "  （service-failure-ja）"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			rb := englishRB(t)
			if tc.lang == i18n.Japanese {
				rb = japaneseRB(t)
			}
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 120, 40)
			h.m.inc.st.Name = "Orders down"
			if got := stripANSI(h.m.headerLines(120)[0]); !strings.HasSuffix(got, tc.want) {
				t.Errorf("header's first line %q does not end with %q", got, tc.want)
			}
		})
	}
}

// A duty falling overdue rings the terminal bell exactly once, however
// often the screen is drawn afterwards; the next duty to fall overdue
// rings again; Options.Quiet (--no-bell, SHODO_BELL=0) keeps it silent.
func TestOverdueRingsBellOnce(t *testing.T) {
	for _, tc := range []struct {
		name         string
		quiet        bool
		first, later int // bells after the first duty falls overdue, and after the second
	}{
		{"bell on", false, 1, 2},
		{"quiet", true, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
			opt := testOptions(i18n.English, clock).withDefaults()
			opt.Quiet = tc.quiet
			m := newModel(opt, nil, false)
			m.enterIncident(quiet{s}, false, nil, nil, s.State())
			h := startHarness(t, m, clock, 80, 24)
			h.key("enter") // the service is down: the first duties start
			var dues []time.Time
			for _, d := range h.m.listedDuties() {
				if d.Status == incident.StatusRunning && !d.Due.IsZero() {
					dues = append(dues, d.Due)
				}
			}
			if len(dues) < 2 || !dues[0].Before(dues[1]) {
				t.Fatalf("the test needs two duties due one after the other, got %v", dues)
			}

			clock.Set(dues[0].Add(-time.Second))
			h.fireTicks()
			if h.bells != 0 {
				t.Fatalf("the bell rang %d times before any duty was overdue", h.bells)
			}
			clock.Set(dues[0].Add(time.Second))
			h.fireTicks()
			// Redraws, keys and later ticks do not ring it again.
			for range 3 {
				h.send(sizeMsg(80, 24))
				h.key("tab")
				clock.Advance(time.Second)
				h.fireTicks()
			}
			if h.bells != tc.first {
				t.Fatalf("after the first duty fell overdue the bell rang %d times, want %d", h.bells, tc.first)
			}
			clock.Set(dues[1].Add(time.Second))
			h.fireTicks()
			h.fireTicks()
			if h.bells != tc.later {
				t.Fatalf("after the second duty fell overdue the bell rang %d times in all, want %d", h.bells, tc.later)
			}
		})
	}
}

// Opening a screen on an incident whose duties are already overdue does
// not ring: the bell marks a clock running out, not the state found.
func TestBellSilentForOverdueFoundOnOpen(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	must(t, s.Answer("sato", "symptom", "outage"))
	clock.Advance(3 * time.Hour)
	h := newIncidentHarness(t, quiet{s}, i18n.English, clock, 80, 24)
	h.fireTicks()
	if h.m.overdueCount() == 0 {
		t.Fatal("the test needs an overdue duty")
	}
	if h.bells != 0 {
		t.Errorf("the bell rang %d times for duties overdue before the screen opened", h.bells)
	}
}

// When the duties count is long (some counted, a two-digit timeline) the
// tab bar at 80 columns keeps the next duty's title, cut with an
// ellipsis, beside its due time; on the Duties pane at 40 columns, where
// no title fits, the due time still shows (issue 16: "次：T+00:30" with no
// title).
func TestTabBarKeepsNextTitleWhenCrowded(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, tc := range []struct {
			w, h      int
			late      time.Duration
			keys      []string
			wantTitle bool
		}{
			{80, 24, 45 * time.Minute, nil, true},
			{80, 24, 45 * time.Minute, []string{"tab"}, true},
			{80, 24, 45 * time.Minute, []string{"tab", "tab"}, true},
			{40, 12, 0, []string{"tab"}, false},
		} {
			t.Run(fmt.Sprintf("%s_%dx%d_%d", lang, tc.w, tc.h, len(tc.keys)), func(t *testing.T) {
				h := suspectedIncident(t, lang, tc.w, tc.h)
				h.clock.Advance(tc.late)
				h.fireTicks()
				for _, k := range tc.keys {
					h.key(k)
				}
				counted := h.m.tx.T("tui.pane.duties-running", "Count", h.m.runningCount())
				if tc.late > 0 {
					counted = h.m.tx.T("tui.pane.duties-overdue", "Count", h.m.runningCount(), "Overdue", h.m.overdueCount())
				}
				var tab string
				for _, l := range strings.Split(h.screen(), "\n") {
					if strings.Contains(l, counted) {
						tab = l
					}
				}
				if tab == "" {
					t.Fatalf("no line counts the running duties %q:\n%s", counted, h.screen())
				}
				var next *incident.Duty
				for _, d := range h.m.listedDuties() {
					if d.Status == incident.StatusRunning {
						next = d
						break
					}
				}
				due := h.m.stamp(next.Due)
				around := strings.SplitN(h.m.tx.T("tui.tabs.next", "Title", "\x00", "Due", due), "\x00", 2)
				_, after, found := strings.Cut(tab, around[0])
				shown, _, _ := strings.Cut(after, around[1])
				shown = strings.TrimSuffix(shown, ellipsis)
				switch {
				case tc.wantTitle && (!found || shown == "" || !strings.HasPrefix(dutyTitle(next.Spec), shown)):
					t.Errorf("tab bar %q lacks the start of the next duty's title %q", tab, dutyTitle(next.Spec))
				case !tc.wantTitle && !strings.Contains(tab, h.m.tx.T("tui.tabs.next-due", "Due", due)):
					t.Errorf("tab bar %q lacks %q", tab, h.m.tx.T("tui.tabs.next-due", "Due", due))
				}
				if w := width(tab); w > tc.w {
					t.Errorf("tab bar is %d cells wide at %d columns: %q", w, tc.w, tab)
				}
			})
		}
	}
}
