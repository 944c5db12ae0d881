package incident

import (
	"errors"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// openExtensions opens an incident on testdata/incident/extensions.toml,
// journaled on disk so that checkReplay can read it back.
func openExtensions(t *testing.T, clock Clock) *Session {
	t.Helper()
	s, err := Open(loadFixture(t, "extensions.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

func days(n string) runbook.Duration {
	d, err := runbook.ParseDuration(n)
	if err != nil {
		panic(err)
	}
	return d
}

// SEC Item 1.05(c): the 8-K determined material on the Wednesday before
// Thanksgiving 2026 is due at the end of Wednesday 2 December (New York);
// the Attorney General's first 30 days move it to the end of 1 January
// 2027, the second to the end of 31 January; a third step is refused
// without the extraordinary circumstance, granted with it (60 days, across
// the change to summer time), and a fourth refused. Each refusal names its
// error; replay gives the live due times.
func TestExtensionSteps(t *testing.T) {
	t.Parallel()
	ny, _ := time.LoadLocation("America/New_York")
	start := time.Date(2026, 11, 25, 10, 0, 0, 0, ny)
	clock := testkit.NewClock(start)
	s := openExtensions(t, clock)
	must(t, s.Stamp("alice", "material"))
	due := func() time.Time { return s.State().Duty("file-8k").Due }
	if want := time.Date(2026, 12, 3, 0, 0, 0, 0, ny); !due().Equal(want) {
		t.Fatalf("8-K due %v, want %v", due(), want)
	}
	ag := Grant{Authority: "US Attorney General", Reference: "DOJ letter 1", Length: days("30d")}

	wantErr(t, s.ExtendDuty("alice", "file-8k", Grant{Step: 2, Authority: "US Attorney General", Length: days("30d")}), ErrExtensionOrder)
	wantErr(t, s.ExtendDuty("alice", "file-8k", Grant{Authority: "US Attorney General", Length: days("31d")}), ErrExtensionTooLong)
	wantErr(t, s.ExtendDuty("alice", "file-8k", Grant{Length: days("30d")}), ErrRequired)
	wantErr(t, s.ExtendDuty("alice", "progress", ag), ErrDutyNotRunning)

	clock.Advance(48 * time.Hour)
	must(t, s.ExtendDuty("alice", "file-8k", ag))
	if want := time.Date(2027, 1, 2, 0, 0, 0, 0, ny); !due().Equal(want) {
		t.Fatalf("after step 1 due %v, want %v", due(), want)
	}
	wantErr(t, s.ExtendDuty("alice", "file-8k", Grant{Step: 1, Authority: "US Attorney General", Length: days("30d")}), ErrExtensionOrder)
	must(t, s.ExtendDuty("alice", "file-8k", ag))
	if want := time.Date(2027, 2, 1, 0, 0, 0, 0, ny); !due().Equal(want) {
		t.Fatalf("after step 2 due %v, want %v", due(), want)
	}
	third := Grant{Authority: "US Attorney General", Reference: "DOJ letter 3", Length: days("60d")}
	wantErr(t, s.ExtendDuty("alice", "file-8k", third), ErrExtensionUnaffirmed)
	third.Affirmed = true
	must(t, s.ExtendDuty("alice", "file-8k", third))
	if want := time.Date(2027, 4, 2, 0, 0, 0, 0, ny); !due().Equal(want) {
		t.Fatalf("after step 3 due %v, want %v (60 calendar days, summer time kept on the clock face)", due(), want)
	}
	wantErr(t, s.ExtendDuty("alice", "file-8k", ag), ErrExtensionsUsed)
	d := s.State().Duty("file-8k")
	if len(d.Extensions) != 3 || d.Extensions[2].Step != 3 || !d.Extensions[2].Affirmed || d.Extensions[0].Reference != "DOJ letter 1" {
		t.Errorf("extensions = %+v", d.Extensions)
	}
	var r *Refusal
	if err := s.ExtendDuty("alice", "file-8k", ag); !errors.As(err, &r) || r.Reason.ID != "export.refusal.extension-used" {
		t.Errorf("refusal %v", err)
	}
	checkReplay(t, s)
}

// HIPAA 164.412: the oral statement is an optional step, so a written
// statement may come first, for the period it specifies (no bound); the
// oral one cannot follow it: no step is left.
func TestExtensionOptionalStep(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openExtensions(t, clock)
	before := s.State().Duty("notify-people").Due
	must(t, s.ExtendDuty("alice", "notify-people", Grant{Step: 2, Authority: "FBI field office", Length: days("90d")}))
	if got, want := s.State().Duty("notify-people").Due, before.AddDate(0, 0, 90); !got.Equal(want) {
		t.Errorf("due %v, want %v", got, want)
	}
	wantErr(t, s.ExtendDuty("alice", "notify-people", Grant{Step: 1, Authority: "FBI", Length: days("30d")}), ErrExtensionsUsed)
	wantErr(t, s.ExtendDuty("alice", "final", Grant{Authority: "x", Length: days("1d")}), ErrNoExtension)
}

// An extension recorded after the duty came overdue keeps that overdue in
// its record, and the duty comes overdue again at its new due time.
func TestExtensionAfterOverdue(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openExtensions(t, clock)
	must(t, s.Stamp("alice", "material"))
	first := s.State().Duty("file-8k").Due
	clock.Set(first.Add(time.Hour))
	must(t, s.Tick())
	if !s.State().Duty("file-8k").Overdue {
		t.Fatal("not overdue after its due time")
	}
	must(t, s.ExtendDuty("alice", "file-8k", Grant{Authority: "US Attorney General", Length: days("30d"), Granted: first.Add(-time.Hour)}))
	d := s.State().Duty("file-8k")
	if d.Overdue || !d.Extensions[0].WasOverdue || !d.Extensions[0].Granted.Equal(first.Add(-time.Hour)) {
		t.Fatalf("after the extension: overdue %v, record %+v", d.Overdue, d.Extensions[0])
	}
	clock.Set(d.Due.Add(time.Minute))
	must(t, s.Tick())
	if !s.State().Duty("file-8k").Overdue {
		t.Error("not overdue after the new due time")
	}
	overdues := 0
	for _, e := range s.State().Events {
		if e.Type == TypeDutyOverdue {
			overdues++
		}
	}
	if overdues != 2 {
		t.Errorf("%d overdue events, want 2 (the first stays recorded)", overdues)
	}
	checkReplay(t, s)
}

// NIS2 Art. 23(4)(e): the final report falls due while the incident is
// still being handled: it is deferred (not overdue), the progress report
// starts at that due time, and once the handling ends (claimed earlier
// than stamped) the final report is due one month from its end. Handled
// before the due time, the final report keeps its clock and no progress
// report starts.
func TestFinalReportWhileOngoing(t *testing.T) {
	t.Parallel()
	t.Run("ongoing at the due time", func(t *testing.T) {
		t.Parallel()
		clock := testkit.NewClock(t0)
		s := openExtensions(t, clock)
		due := s.State().Duty("final").Due
		if want := t0.AddDate(0, 1, 0); !due.Equal(want) {
			t.Fatalf("final due %v, want %v", due, want)
		}
		clock.Set(due.Add(time.Second))
		must(t, s.Tick())
		st := s.State()
		final, progress := st.Duty("final"), st.Duty("progress")
		if final.Overdue || final.Deferral == nil || !final.Deferral.Waiting() || !final.Due.IsZero() {
			t.Fatalf("final: overdue %v, deferral %+v, due %v", final.Overdue, final.Deferral, final.Due)
		}
		if progress.Status != StatusRunning || !progress.Started.Equal(due) || !progress.ASAP {
			t.Fatalf("progress %s started %v asap %v, want running from %v", progress.Status, progress.Started, progress.ASAP, due)
		}
		clock.Advance(10 * 24 * time.Hour)
		must(t, s.Tick())
		if s.State().Duty("final").Overdue {
			t.Fatal("a deferred final report came overdue")
		}
		handled := due.Add(7 * 24 * time.Hour)
		must(t, s.StampAt("alice", "handled", handled))
		final = s.State().Duty("final")
		if want := handled.AddDate(0, 1, 0); !final.Due.Equal(want) || final.Deferral.Waiting() || !final.Deferral.Anchored.Equal(handled) {
			t.Fatalf("final due %v (deferral %+v), want %v", final.Due, final.Deferral, want)
		}
		clock.Set(final.Due.Add(time.Second))
		must(t, s.Tick())
		if !s.State().Duty("final").Overdue {
			t.Error("not overdue after the new due time")
		}
		checkReplay(t, s)
	})
	t.Run("handled before the due time", func(t *testing.T) {
		t.Parallel()
		clock := testkit.NewClock(t0)
		s := openExtensions(t, clock)
		due := s.State().Duty("final").Due
		clock.Advance(24 * time.Hour)
		must(t, s.Stamp("alice", "handled"))
		clock.Set(due.Add(time.Second))
		must(t, s.Tick())
		st := s.State()
		if !st.Duty("final").Overdue || st.Duty("final").Deferral != nil || st.Duty("progress").Status != StatusIdle {
			t.Errorf("final overdue %v deferral %+v, progress %s", st.Duty("final").Overdue, st.Duty("final").Deferral, st.Duty("progress").Status)
		}
		checkReplay(t, s)
	})
	// The deferral was recorded at the due time, but handling is stamped
	// later with a claimed end before that due time: the incident was not
	// ongoing then, so the final report stays due at its first limit (and
	// is overdue), and the progress report it started is withdrawn.
	t.Run("handled before the due time, stamped after it", func(t *testing.T) {
		t.Parallel()
		clock := testkit.NewClock(t0)
		s := openExtensions(t, clock)
		due := s.State().Duty("final").Due
		clock.Set(due.Add(48 * time.Hour))
		must(t, s.Tick())
		if st := s.State(); !st.Duty("final").Deferral.Waiting() || st.Duty("progress").Status != StatusRunning {
			t.Fatalf("not deferred: %+v, progress %s", st.Duty("final").Deferral, st.Duty("progress").Status)
		}
		must(t, s.StampAt("alice", "handled", due.Add(-7*24*time.Hour)))
		must(t, s.Tick())
		st := s.State()
		final := st.Duty("final")
		if !final.Due.Equal(due) || !final.Overdue {
			t.Errorf("final due %v overdue %v, want due %v and overdue", final.Due, final.Overdue, due)
		}
		if p := st.Duty("progress"); p.Status != StatusWithdrawn {
			t.Errorf("progress report %s, want withdrawn", p.Status)
		}
		checkReplay(t, s)
	})
}
