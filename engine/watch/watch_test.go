package watch

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

var start = time.Date(2026, 12, 2, 3, 0, 0, 0, time.FixedZone("JST", 9*60*60))

func openIncident(t *testing.T, clock *testkit.Clock) *incident.Session {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "Sato", Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func types(st *incident.State) []string {
	var out []string
	for _, e := range st.Events {
		out = append(out, e.Type)
	}
	return out
}

// TestWatcherSeesWhatTheWriterRecords: every command the writer records
// reaches the watcher's state, in order, and the state equals the
// writer's; the watcher names the writer while it holds the incident, and
// no one once it let go.
func TestWatcherSeesWhatTheWriterRecords(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(start)
	s := openIncident(t, clock)
	w, err := Open(s.Dir())
	must(t, err)
	defer w.Close()

	if got, want := types(w.State()), types(s.State()); !slices.Equal(got, want) {
		t.Fatalf("watcher opened on %v, writer has %v", got, want)
	}
	h, writing := w.Writer()
	if !writing || h.Actor != "Sato" || h.PID != os.Getpid() {
		t.Errorf("Writer() = %+v, %v; want Sato in this process", h, writing)
	}

	steps := []func() error{
		func() error { return s.Answer("Suzuki", "symptom", "ransom") },
		func() error { return s.Note("Suzuki", "bridge opened") },
		func() error { return s.DutyDone("Sato", "vendor-first-call", "phone", "ACME isolating") },
	}
	for i, step := range steps {
		clock.Advance(time.Minute)
		before := w.State().LastSeq
		must(t, step())
		n, err := w.Follow()
		must(t, err)
		got, want := w.State(), s.State()
		if n == 0 || got.LastSeq != want.LastSeq || !slices.Equal(types(got), types(want)) {
			t.Fatalf("step %d: watcher read %d records, is at seq %d %v; writer at %d %v", i, n, got.LastSeq, types(got), want.LastSeq, types(want))
		}
		if got.LastSeq <= before {
			t.Fatalf("step %d: the watcher did not move from seq %d", i, before)
		}
	}
	if got := w.State(); len(got.Standing()) != 1 || len(got.Notes) != 1 || got.Duty("vendor-first-call").Status != incident.StatusDone {
		t.Errorf("the watcher's state misses what was recorded: answers %v, notes %v", got.Standing(), got.Notes)
	}
	if n, err := w.Follow(); n != 0 || err != nil {
		t.Errorf("Follow with nothing new = %d, %v", n, err)
	}

	must(t, s.Detach())
	if h, writing := w.Writer(); writing && runtimeListsLocks() {
		t.Errorf("Writer() after the writer let go = %+v, true", h)
	}
}

// runtimeListsLocks reports whether this system tells a live lock from a
// holder file left behind (Linux's /proc/locks).
func runtimeListsLocks() bool {
	_, err := os.Stat("/proc/locks")
	return err == nil
}

// TestWatcherSurvivesACrashAndResume: the writer dies mid-append, the
// watcher shows what was recorded and waits; the incident is resumed and
// the watcher reads the repair and what follows.
func TestWatcherSurvivesACrashAndResume(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(start)
	s := openIncident(t, clock)
	dir := s.Dir()
	w, err := Open(dir)
	must(t, err)
	defer w.Close()
	must(t, s.Note("Sato", "before the crash"))
	must(t, s.Detach())

	f, err := os.OpenFile(filepath.Join(dir, journal.JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":99,"id":"torn","at":"2026-12-`)
	must(t, err)
	must(t, f.Close())
	_, err = w.Follow()
	must(t, err)
	if got := w.State().Notes; len(got) != 1 {
		t.Fatalf("notes before the resume: %v", got)
	}

	clock.Advance(time.Minute)
	s, err = incident.Resume(dir, incident.ResumeOptions{Clock: clock, Actor: "Tanaka"})
	must(t, err)
	defer s.Detach()
	must(t, s.Note("Tanaka", "after the resume"))
	_, err = w.Follow()
	must(t, err)
	st := w.State()
	if !slices.Contains(types(st), journal.RecoveredType) || len(st.Notes) != 2 || st.Notes[1].Text != "after the resume" {
		t.Errorf("after the resume the watcher has %v, notes %v", types(st), st.Notes)
	}
	if h, writing := w.Writer(); !writing || h.Actor != "Tanaka" {
		t.Errorf("Writer() after the resume = %+v, %v; want Tanaka", h, writing)
	}
}

// TestWatcherNowInADrill: a watched drill's time is the scenario time of
// its last record, not the wall clock; an incident's is the wall clock.
func TestWatcherNowInADrill(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(start)
	s := openIncident(t, clock)
	w, err := Open(s.Dir())
	must(t, err)
	defer w.Close()
	wall := start.Add(5 * time.Hour)
	if got := w.Now(wall); !got.Equal(wall) {
		t.Errorf("an incident's Now = %v, want the wall clock %v", got, wall)
	}
	w.st.Drill = &incident.DrillInfo{Scenario: "x"}
	last := w.st.Events[len(w.st.Events)-1].Time
	if got := w.Now(wall); !got.Equal(last) {
		t.Errorf("a drill's Now = %v, want its last record's time %v", got, last)
	}
}

func TestWatcherRefusesWhatIsNotAJournal(t *testing.T) {
	t.Parallel()
	_, err := Open(t.TempDir())
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open of an empty directory: %v", err)
	}
}

// TestTriggerWakesOnAChange: a write in the incident directory wakes a
// waiting watcher at once (the poll is an hour: only the notification can
// wake it), and Close wakes a Wait in progress.
func TestTriggerWakesOnAChange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	trig := NewTrigger(dir, time.Hour)
	woke := make(chan error, 1)
	go func() { woke <- trig.Wait() }()
	must(t, os.WriteFile(filepath.Join(dir, journal.JournalFile), []byte("x\n"), 0o600))
	if !hasNotify() {
		must(t, trig.Close())
		if err := <-woke; !errors.Is(err, ErrTriggerClosed) {
			t.Errorf("Wait after Close = %v", err)
		}
		return
	}
	select {
	case err := <-woke:
		must(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("a write in the directory did not wake Wait")
	}
	// The write may have left another wake-up pending (a create and a
	// write are two notifications): once closed, Wait says so all the same.
	must(t, trig.Close())
	if err := trig.Wait(); !errors.Is(err, ErrTriggerClosed) {
		t.Errorf("Wait after Close = %v", err)
	}

	// Close wakes a Wait that is blocked: on a directory where nothing
	// changes, only Close can end it.
	idle := NewTrigger(t.TempDir(), time.Hour)
	go func() { woke <- idle.Wait() }()
	must(t, idle.Close())
	select {
	case err := <-woke:
		if !errors.Is(err, ErrTriggerClosed) {
			t.Errorf("Wait ended by Close = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not wake Wait")
	}
}
