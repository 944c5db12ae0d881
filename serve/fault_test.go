package serve

import (
	"cmp"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/watch"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/tui"
)

// testDisk is a journal write fault the test turns on and off
// (incident.ResumeOptions.WriteFault): a full disk without one to fill.
type testDisk struct {
	mu  sync.Mutex
	err error
}

func (d *testDisk) set(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.err = err
}

func (d *testDisk) write() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// The disk fills while three people are on one served incident: Sato
// (English) and Tanaka (Japanese) share it, Kim watches it read-only.
// Sato's note meets the full disk: every screen shows the banner, Kim's
// and Tanaka's without acting; Tanaka's done is refused with the same
// reason, and nothing is recorded. Then the disk has room: Sato's note,
// still in its dialog, records, and every banner clears, each screen
// saying once that the journal records again. The hub tells the presence
// (Hub.OnFault = Presence.SetFault), as shodo serve wires them.
func TestDiskFullTellsEveryScreen(t *testing.T) {
	t.Parallel()
	sato, tanaka, kim := newResponderKey(t, "sato@laptop"), newResponderKey(t, "tanaka@laptop"), newResponderKey(t, "kim@tablet")
	tanaka.lang = i18n.Japanese
	var disk testDisk
	presence := NewPresence()
	ts := startTestServerWith(t, Config{}, testScreens{onFault: presence.SetFault, make: func(ts *testServer, r Request) (Screen, error) {
		opt := tui.Options{Actor: r.Responder.Name, Lang: cmp.Or(r.Tx.Lang(), i18n.English), Now: ts.clock.Now, Getenv: r.Getenv,
			Words: r.Tx, Presence: testSeats{presence}, Remote: true}
		if r.Responder.Name == "R3" { // Kim only watches, as an observer does
			w, err := watch.Open(ts.dir)
			if err != nil {
				return Screen{}, err
			}
			trig := watch.NewTrigger(w.Dir(), 0)
			return Screen{Model: tui.NewWatchModel(w, trig, opt), Done: func(tea.Model) { _ = trig.Close() }}, nil
		}
		sess, release, err := ts.hub.Resume(ts.dir, incident.ResumeOptions{Home: ts.home, Clock: ts.clock,
			WriteFault: disk.write})
		if err != nil {
			return Screen{}, err
		}
		return Screen{Model: tui.NewSharedIncidentModel(sess, release, opt), Done: func(final tea.Model) {
			if fm, ok := final.(tui.Model); ok {
				_ = fm.Release()
			}
			_ = release()
		}}, nil
	}}, sato, tanaka, kim)
	en, ja := i18n.New(i18n.English), i18n.New(i18n.Japanese)
	a, b, c := ts.open(sato, 100, 30), ts.open(tanaka, 80, 24), ts.open(kim, 100, 30)
	a.waitFor("What was reported?")
	b.waitFor("What was reported?")
	c.waitFor(en.T("tui.header.watching"))
	before := mustState(t, ts).LastSeq

	disk.set(syscall.ENOSPC)
	a.pressUntil("n", en.T("tui.dialog.note-title"))
	_, _ = io.WriteString(a.in, "bridge opened")
	a.waitFor("bridge opened")
	_, _ = io.WriteString(a.in, "\x13") // ctrl+s
	enFull, jaFull := en.T("tui.fault.cause.disk-full"), ja.T("tui.fault.cause.disk-full")
	a.waitFor("NOT RECORDED on the server: " + enFull)
	c.waitFor("NOT RECORDED on the server: " + enFull) // the watcher did nothing
	b.waitFor(jaFull)                                  // nor did Tanaka

	// Tanaka's done is refused with the banner's reason; nothing is
	// recorded, by anyone.
	b.pressUntil("\t", "["+ja.T("tui.pane.duties"))
	b.pressUntil("d", "完了にする：")
	_, _ = io.WriteString(b.in, "\r")
	b.waitFor("記録されていません：")
	b.waitFor(ja.T("tui.fault.on-server", "Why", jaFull))
	if got := mustState(t, ts).LastSeq; got != before {
		t.Fatalf("recorded on a full disk: seq %d, want %d", got, before)
	}

	// The disk has room: Sato's note, kept in its dialog, records.
	disk.set(nil)
	_, _ = io.WriteString(a.in, "\x13")
	a.waitFor(en.T("tui.fault.recovered"))
	b.waitFor(ja.T("tui.fault.recovered"))
	c.waitFor(en.T("tui.fault.recovered"))
	for name, tm := range map[string]*term{"Sato": a, "Kim": c} {
		waitUntil(t, name+"'s banner to clear", func() bool { return !strings.Contains(tm.text(), "NOT RECORDED on the server") })
	}
	waitUntil(t, "Tanaka's banner to clear", func() bool { return !strings.Contains(b.text(), "サーバーで未記録") })
	st := mustState(t, ts)
	if last := st.Events[len(st.Events)-1]; last.Type != incident.TypeNoteAdded || last.Actor != "R1" || st.LastSeq != before+1 {
		t.Errorf("after the disk had room: seq %d (want %d), last %s by %s; want Sato's note alone", st.LastSeq, before+1, last.Type, last.Actor)
	}
}

// testSeats gives the test's screens seats in a Presence, as shodo
// serve's command does.
type testSeats struct{ p *Presence }

func (s testSeats) Enter(dir, person string, observer bool) tui.Seat {
	return testSeat{s.p.Enter(dir, person, observer)}
}

// testSeat is a Seat in the words of the terminal app.
type testSeat struct{ *Seat }

func (s testSeat) Present() []tui.Present {
	var out []tui.Present
	for _, h := range s.Seat.Present() {
		out = append(out, tui.Present{Name: h.Name, Pane: h.Pane, Observer: h.Observer})
	}
	return out
}
