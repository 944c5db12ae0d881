package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/watch"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// handTrigger is a watch.Trigger the test fires by hand: Wait returns at
// once for each fire, so that nothing waits on a clock.
type handTrigger struct{ fired chan struct{} }

func newHandTrigger() *handTrigger { return &handTrigger{fired: make(chan struct{}, 16)} }

func (t *handTrigger) fire() { t.fired <- struct{}{} }

func (t *handTrigger) Wait() error {
	select {
	case <-t.fired:
		return nil
	default:
		return fmt.Errorf("test: Wait with no fire pending would block")
	}
}

func (t *handTrigger) Close() error { return nil }

// watchHarness is the watch screen over an incident a session in this
// test writes.
type watchHarness struct {
	*harness
	writer *incident.Session
	w      *watch.Watcher
	trig   *handTrigger
	arms   *int // how many times the screen set itself to follow
}

func newWatchHarness(t *testing.T, lang string, width, height int) *watchHarness {
	t.Helper()
	clock := testkit.NewClock(t0)
	rb := englishRB(t)
	if lang == i18n.Pseudo || lang == "ja" {
		rb = japaneseRB(t)
	}
	s := openFixed(t, t.TempDir(), openID, rb, clock)
	w, err := watch.Open(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	trig := newHandTrigger()
	m := NewWatchModel(w, trig, testOptions(lang, clock))
	arms := new(int)
	// The screen asks to follow; the test runs the real follow when it
	// fired the trigger (follow).
	m.follow = func(*watch.Watcher, watch.Trigger) tea.Cmd { *arms++; return nil }
	return &watchHarness{harness: startHarness(t, m, clock, width, height), writer: s, w: w, trig: trig, arms: arms}
}

// follow fires the trigger and lets the screen read what it gained, as the
// program does when the journal changes.
func (h *watchHarness) follow() {
	h.t.Helper()
	h.trig.fire()
	h.run(followCmd(h.w, h.trig))
}

// TestWatchScreenFollowsTheWriter: the screen shows what the writer
// records as the trigger fires, names the writer and then its absence,
// refuses every action with the reason, and quits without asking.
func TestWatchScreenFollowsTheWriter(t *testing.T) {
	for _, lang := range []string{i18n.English, "ja"} {
		for _, size := range frameSizes {
			t.Run(fmt.Sprintf("%s_%dx%d", lang, size.w, size.h), func(t *testing.T) {
				t.Parallel()
				h := newWatchHarness(t, lang, size.w, size.h)
				tx := h.m.tx
				checkFrame(t, "watch", h.m.View(), size.w, size.h)
				pid := strconv.Itoa(os.Getpid())
				if scr := h.screen(); !strings.Contains(scr, "sato") || !strings.Contains(scr, pid) || !strings.Contains(scr, tx.T("tui.header.watching")) {
					t.Fatalf("the screen does not name the writer sato, pid %s, as watched:\n%s", pid, scr)
				}
				if *h.arms != 1 {
					t.Fatalf("the screen set itself to follow %d times on opening, want 1", *h.arms)
				}

				// The writer records; the screen shows it once the trigger
				// fires, and follows on.
				h.clock.Advance(time.Minute)
				must(t, h.writer.Note("sato", "bridge opened"))
				must(t, h.writer.Answer("suzuki", "symptom", "ransom"))
				h.follow()
				if *h.arms != 2 {
					t.Errorf("after a change the screen set itself to follow %d times, want 2", *h.arms)
				}
				if got, want := h.m.inc.st.LastSeq, h.writer.State().LastSeq; got != want {
					t.Fatalf("the screen is at seq %d, the writer at %d", got, want)
				}
				h.key("tab")
				h.key("tab")
				if scr := h.screen(); !strings.Contains(scr, "bridge opened") {
					t.Errorf("the note is not on the timeline:\n%s", scr)
				}
				h.key("tab")

				// Every action is refused, with the reason, and nothing is
				// recorded.
				before := h.writer.State().LastSeq
				for _, k := range []string{"enter", "r", "n", "m", "o", "x", "tab", "d", "a", "w", "p", "R", "h"} {
					h.key(k)
					if len(h.m.dialogs) > 0 {
						t.Fatalf("%s opened a dialog on a watched incident:\n%s", k, h.screen())
					}
				}
				h.key("n")
				if scr := h.screen(); !strings.Contains(squeeze(scr), squeeze(tx.T("tui.watch.why"))) {
					t.Errorf("n does not say why it does not apply:\n%s", scr)
				}
				if got := h.writer.State().LastSeq; got != before {
					t.Errorf("a watched screen recorded something: seq %d, was %d", got, before)
				}
				checkFrame(t, "watch", h.m.View(), size.w, size.h)

				// The writer lets go: the screen says no one writes, and
				// how to continue.
				must(t, h.writer.Detach())
				h.follow()
				if scr := h.screen(); !strings.Contains(squeeze(scr), squeeze(tx.T("tui.watch.banner-no-writer"))) || !strings.Contains(scr, "  shodo resume "+openID) {
					t.Errorf("the screen does not say that no one writes:\n%s", h.screen())
				}

				h.key("q")
				if !h.quit || len(h.m.dialogs) > 0 {
					t.Errorf("q on a watched incident: quit %v, dialogs %d", h.quit, len(h.m.dialogs))
				}
			})
		}
	}
}

// TestWatchScreenStopsOnADamagedJournal: a journal damaged under the
// watcher stops the following with the reason; what was shown stays.
func TestWatchScreenStopsOnADamagedJournal(t *testing.T) {
	t.Parallel()
	h := newWatchHarness(t, i18n.English, 80, 24)
	seq := h.m.inc.st.LastSeq
	f, err := os.OpenFile(filepath.Join(h.writer.Dir(), journal.JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = f.WriteString("{\"seq\":99}\n{\"seq\":100}\n")
	must(t, err)
	must(t, f.Close())
	h.follow()
	if *h.arms != 1 {
		t.Errorf("the screen followed on after the journal broke (%d arms)", *h.arms)
	}
	scr := strings.Join(strings.Fields(h.screen()), " ")
	if !strings.Contains(scr, "stopped following") || !strings.Contains(scr, "no longer following") {
		t.Errorf("the screen does not say it stopped:\n%s", h.screen())
	}
	if h.m.inc.st.LastSeq != seq {
		t.Errorf("the screen moved to seq %d on a broken journal", h.m.inc.st.LastSeq)
	}
	checkFrame(t, "watch stopped", h.m.View(), 80, 24)
}

// squeeze drops every space and line break, so that a message can be
// found in a frame however it was wrapped.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// TestWatchScreenFitsEverySize: the read-only line (three lines when no
// one writes) keeps every frame within the terminal, in both languages.
func TestWatchScreenFitsEverySize(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{i18n.English, "ja"} {
		h := newWatchHarness(t, lang, 80, 24)
		must(t, h.writer.Detach())
		h.follow()
		for _, w := range layoutWidths {
			for _, ht := range layoutHeights {
				h.send(sizeMsg(w, ht))
				checkFrame(t, "watch, no writer, "+lang, h.m.View(), w, ht)
			}
		}
	}
}

// A watch screen in another process hears nothing from a writer on a full
// disk (it can write nothing to tell it): the screen looks at the disk
// itself as it follows, says that nothing can be recorded and since when,
// and says no more once the disk has room.
func TestWatchScreenSeesAFullDisk(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			h := newWatchHarness(t, lang, 80, 24)
			tx := h.m.tx
			full := tx.T("tui.fault.cause.disk-full")
			h.send(followedMsg{st: h.w.State(), writer: journal.Holder{Actor: "sato", PID: os.Getpid()}, writing: true, disk: incident.FaultDiskFull})
			h.require(full, h.m.stamp(h.writer.State().Events[len(h.writer.State().Events)-1].At))
			checkFrame(t, "watch", h.m.View(), 80, 24)
			h.send(followedMsg{st: h.w.State(), writer: journal.Holder{Actor: "sato", PID: os.Getpid()}, writing: true})
			h.refuse(full)
		})
	}
}
