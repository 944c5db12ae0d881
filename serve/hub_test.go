package serve

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

func loadRunbook(t testing.TB) *runbook.Runbook {
	t.Helper()
	rb, diags := runbook.LoadFile(filepath.Join("..", "testdata", "incident", "clocks.toml"), runbook.Options{})
	if rb == nil {
		t.Fatalf("load runbook:\n%v", diags)
	}
	return rb
}

// Screens on one incident share one session: what one records, the
// others' subscriptions get; the journal is held, naming the server,
// until the last screen leaves; a local resume meanwhile is refused.
func TestHubSharesOneSessionPerIncident(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	clock := testkit.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	hub := NewHub("127.0.0.1:2222")
	a, releaseA, err := hub.Open(loadRunbook(t), incident.OpenOptions{Home: home, Actor: "Sato", Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	b, releaseB, err := hub.Resume(a.Dir(), incident.ResumeOptions{Home: home, Actor: "Tanaka", Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatal("a second screen got a session of its own")
	}
	events, stop := b.Subscribe()
	defer stop()
	if err := a.Note("Sato", "bridge opened"); err != nil {
		t.Fatal(err)
	}
	if ev := <-events; ev.Actor != "Sato" || ev.Type != incident.TypeNoteAdded {
		t.Errorf("the other screen got %s by %s", ev.Type, ev.Actor)
	}

	_, err = incident.Resume(a.Dir(), incident.ResumeOptions{Home: home})
	var le *journal.LockedError
	if !errors.As(err, &le) || le.Holder.Served != "127.0.0.1:2222" || le.Holder.PID != os.Getpid() {
		t.Fatalf("a local resume while served: %v", err)
	}
	must(t, releaseA())
	must(t, releaseA()) // twice is once
	if hub.Holding() != 1 {
		t.Fatalf("the incident was let go with a screen still on it")
	}
	must(t, releaseB())
	if hub.Holding() != 0 {
		t.Fatalf("the incident is still held with no screen on it")
	}
	s, err := incident.Resume(a.Dir(), incident.ResumeOptions{Home: home})
	if err != nil {
		t.Fatalf("resume once the server let go: %v", err)
	}
	must(t, s.Detach())
}

// Two screens asking for the same incident at once get the same session,
// never a lock refusal of one of them.
func TestHubResumesOnceUnderRace(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	hub := NewHub("127.0.0.1:2222")
	s, release, err := hub.Open(loadRunbook(t), incident.OpenOptions{Home: home, Actor: "Sato"})
	if err != nil {
		t.Fatal(err)
	}
	dir := s.Dir()
	must(t, release())
	var wg sync.WaitGroup
	got := make([]*incident.Session, 8)
	releases := make([]func() error, 8)
	for i := range got {
		wg.Go(func() {
			var err error
			got[i], releases[i], err = hub.Resume(dir, incident.ResumeOptions{Home: home})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("screen %d got another session", i)
		}
	}
	for _, r := range releases {
		must(t, r())
	}
	must(t, hub.Close())
}

// Two responders pressing done on one duty at once: one duty.done, and
// the other is told who did it.
func TestSimultaneousDoneRecordsOnce(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	hub := NewHub("127.0.0.1:2222")
	s, release, err := hub.Open(loadRunbook(t), incident.OpenOptions{Home: home, Actor: "Sato"})
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	var duty string
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning {
			duty = d.ID
			break
		}
	}
	if duty == "" {
		t.Fatal("no running duty on opening")
	}
	means := ""
	if acc := s.State().Runbook.AcceptedMeans(s.State().Duty(duty).Spec); len(acc) > 0 {
		means = acc[0]
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, who := range []string{"Sato", "Tanaka"} {
		wg.Go(func() { errs[i] = s.DutyDone(who, duty, means, "") })
	}
	wg.Wait()
	var refused *incident.Refusal
	switch {
	case errs[0] == nil && errors.As(errs[1], &refused):
	case errs[1] == nil && errors.As(errs[0], &refused):
	default:
		t.Fatalf("two dones: %v, %v; want one recorded and one refused", errs[0], errs[1])
	}
	if refused.Reason.ID != "export.refusal.duty-done-by" || s.State().Duty(duty).DoneBy == "" {
		t.Errorf("the loser was told %s", refused.Reason.ID)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The hub gives its sessions the server's fault hook and write fault: a
// note on a full disk tells the presence, and every seat on the incident
// reads it; once the last screen leaves, the hub forgets it, so that a
// screen coming to the incident later is not told of a fault that may be
// over (the next session meets the disk anew).
func TestHubTellsAndForgetsFaults(t *testing.T) {
	t.Parallel()
	var disk testDisk
	presence := NewPresence()
	hub := NewHub("127.0.0.1:2222")
	hub.OnFault, hub.WriteFault = presence.SetFault, disk.write
	s, release, err := hub.Open(loadRunbook(t), incident.OpenOptions{Home: t.TempDir(), Actor: "Sato",
		Clock: testkit.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	seat := presence.Enter(s.Dir(), "Kim", true)
	defer seat.Leave()

	disk.set(syscall.ENOSPC)
	if err := s.Note("Sato", "bridge opened"); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("a note on a full disk: %v", err)
	}
	if f, ok := seat.Fault(); !ok || f.Cause != incident.FaultDiskFull || f.LastSeq != s.State().LastSeq {
		t.Fatalf("the seat reads %+v, %v; want the full disk as of seq %d", f, ok, s.State().LastSeq)
	}
	must(t, release())
	if f, ok := seat.Fault(); ok {
		t.Errorf("the fault outlived the session: %+v", f)
	}
}
