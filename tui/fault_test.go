package tui

import (
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// diskSwitch is a journal write fault a test turns on and off
// (incident.OpenOptions.WriteFault): a full disk without one to fill.
type diskSwitch struct {
	mu  sync.Mutex
	err error
}

func (d *diskSwitch) set(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.err = err
}

func (d *diskSwitch) write() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// openOnDisk opens a fixed incident whose journal writes through disk
// and whose faults are told to told (nil: to no one).
func openOnDisk(t testing.TB, lang string, clock *testkit.Clock, disk *diskSwitch, told incident.FaultHook) *incident.Session {
	t.Helper()
	rb := englishRB(t)
	if lang == i18n.Japanese {
		rb = japaneseRB(t)
	}
	s, err := incident.Open(rb, incident.OpenOptions{
		Home: t.TempDir(), Actor: "sato", Clock: clock, ID: openID, UUID: "019a0000-0000-7000-8000-000000000000",
		WriteFault: disk.write, OnFault: told,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

// The banner of a journal that takes no record, at 80×24 in English and
// Japanese, on a screen of its own and on a served one: a note typed on a
// full disk is not recorded, the refusal gives the banner's reason, the
// banner says since when nothing is recorded and whom to tell, and the
// dialog keeps the text. Once the disk has room, the same ctrl+s records
// it, the banner goes and the screen says, once, that it records again.
func TestFaultBanner(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		for _, served := range []bool{false, true} {
			name := lang + "_local_80x24"
			if served {
				name = lang + "_served_80x24"
			}
			t.Run(name, func(t *testing.T) {
				tx := i18n.New(lang)
				clock := testkit.NewClock(t0)
				var disk diskSwitch
				s := openOnDisk(t, lang, clock, &disk, nil)
				opt := testOptions(lang, clock)
				opt.Remote = served
				m := newModel(opt.withDefaults(), nil, false)
				m.enterIncident(quiet{s}, false, nil, nil, s.State())
				h := startHarness(t, m, clock, 80, 24)
				before := s.State().LastSeq

				disk.set(syscall.ENOSPC)
				h.key("n")
				h.typeText("bridge opened")
				h.key("ctrl+s")
				if s.State().LastSeq != before {
					t.Fatal("a note was recorded on a full disk")
				}
				cause := tx.T("tui.fault.cause.disk-full")
				h.require(strings.TrimSuffix(tx.T("tui.status.not-recorded", "Action", tx.T("tui.keys.note"), "Error", ""), ": "), "no space left on device", "bridge opened")
				if !strings.Contains(strings.Join(h.m.faultLines(80), ""), cause) {
					t.Fatalf("no banner:\n%s", h.screen())
				}
				for i, l := range strings.Split(h.screen(), "\n") {
					if w := ansi.StringWidth(l); w > 80 {
						t.Errorf("line %d is %d cells wide: %q", i, w, l)
					}
				}
				requireFrame(t, "fault_"+name, h.m.View().Content)

				disk.set(nil)
				h.key("ctrl+s")
				if s.State().LastSeq == before {
					t.Fatal("the note was not recorded once the disk had room")
				}
				if h.m.inc.fault != nil {
					t.Errorf("the banner stayed after a record:\n%s", h.screen())
				}
				h.require(tx.T("tui.fault.recovered"))
			})
		}
	}
}

// Screens served on one incident: one responder's note meets a full disk,
// and every screen shows the banner, the others from their seats, without
// acting; another's done is refused with the same reason, and nothing is
// recorded; once the disk has room, a record clears every banner, and
// each screen says once that the journal records again.
func TestFaultReachesEveryServedScreen(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	var disk diskSwitch
	p := &testPresence{}
	s := openOnDisk(t, i18n.English, clock, &disk, p.setFault)
	var hs []*harness
	for _, who := range [][2]string{{"Sato", i18n.English}, {"Tanaka", i18n.Japanese}, {"Kim", i18n.English}} {
		opt := testOptions(who[1], clock)
		opt.Actor, opt.Presence, opt.Remote = who[0], p, true
		hs = append(hs, startHarness(t, NewSharedIncidentModel(s, func() error { return nil }, opt), clock, 100, 30))
	}
	sato, tanaka, kim := hs[0], hs[1], hs[2]
	en, ja := i18n.New(i18n.English), i18n.New(i18n.Japanese)
	before := s.State().LastSeq

	disk.set(syscall.ENOSPC)
	sato.key("n")
	sato.typeText("bridge opened")
	sato.key("ctrl+s")
	for _, h := range hs {
		catchUp(h)
	}
	sato.require(en.T("tui.fault.cause.disk-full"), "no space left on device")
	kim.require(en.T("tui.fault.cause.disk-full"), "no space left on device")
	tanaka.require(ja.T("tui.fault.cause.disk-full"))
	tanaka.refuse("bridge opened")

	// Tanaka's done is refused with the banner's reason.
	tanaka.focusDuty("vendor-first-call")
	tanaka.key("d")
	tanaka.key("ctrl+s")
	tanaka.require(ja.T("tui.fault.on-server", "Why", ja.T("tui.fault.cause.disk-full")))
	if got := s.State().LastSeq; got != before {
		t.Fatalf("recorded on a full disk: seq %d, want %d", got, before)
	}

	// The disk has room again: Kim's note is the record that ends it.
	disk.set(nil)
	kim.key("n")
	kim.typeText("disk cleaned up")
	kim.key("ctrl+s")
	for _, h := range hs {
		catchUp(h)
	}
	for i, h := range hs {
		if h.m.inc.fault != nil {
			t.Errorf("screen %d still shows the banner:\n%s", i, h.screen())
		}
	}
	kim.require(en.T("tui.fault.recovered"))
	sato.require(en.T("tui.fault.recovered"))
	tanaka.require(ja.T("tui.fault.recovered"))
	if ev := s.State().Events; ev[len(ev)-1].Actor != "Kim" {
		t.Errorf("the last record is %s's, want Kim's", ev[len(ev)-1].Actor)
	}
}

// A poisoned journal on a served screen says whom to tell and how the
// incident is resumed there (a local shodo resume is refused while the
// server holds it), in English and Japanese, within 80×24.
func TestPoisonedJournalServed(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tx := i18n.New(lang)
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
			opt := testOptions(lang, clock)
			opt.Remote = true
			m := newModel(opt.withDefaults(), nil, false)
			poison := fmt.Errorf("note: record note.added: append: %w: fsync of seq 6 failed: %w", journal.ErrPoisoned, syscall.EIO)
			m.enterIncident(failing{engine: quiet{s}, err: poison}, false, nil, nil, s.State())
			h := startHarness(t, m, clock, 80, 24)
			h.key("n")
			h.typeText("Called the vendor twice")
			h.key("ctrl+s")
			if banner, want := squeeze(ansi.Strip(strings.Join(h.m.bannerLines(80), ""))), squeeze(tx.T("tui.header.poisoned-served", "Incident", openID)); banner != want {
				t.Errorf("the banner says %q, want %q", banner, want)
			}
			h.refuse("shodo resume " + openID)
			for i, l := range strings.Split(h.screen(), "\n") {
				if w := ansi.StringWidth(l); w > 80 {
					t.Errorf("line %d is %d cells wide: %q", i, w, l)
				}
			}
		})
	}
}

// A screen whose state lags the journal when it meets the fault (another
// screen's record, fsynced before the disk filled, not yet arrived) keeps
// its banner when that record arrives: the fault is dated by the
// sequencer's account, not by the screen's last record.
func TestFaultBannerOutlivesALaggingRecord(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	var disk diskSwitch
	s := openOnDisk(t, i18n.English, clock, &disk, nil)
	opt := testOptions(i18n.English, clock)
	opt.Remote = true
	h := startHarness(t, NewSharedIncidentModel(s, func() error { return nil }, opt), clock, 100, 30)
	lagging := s.State()
	if err := s.Note("Kim", "bridge opened"); err != nil { // another screen's record, on disk
		t.Fatal(err)
	}
	disk.set(syscall.ENOSPC)
	err := s.Note("Sato", "vendor called")
	if _, ok := incident.FaultOf(err); !ok {
		t.Fatalf("append on a full disk: %v", err)
	}
	h.m.inc.st = lagging // the screen has not drawn Kim's record yet
	h.m.noteFault(err)
	h.m.applyState(s.State()) // Kim's record arrives: written before the fault
	if h.m.inc.fault == nil {
		t.Fatalf("a record written before the fault cleared the banner:\n%s", h.screen())
	}
	h.refuse(i18n.New(i18n.English).T("tui.fault.recovered"))
}
