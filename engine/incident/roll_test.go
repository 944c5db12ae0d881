package incident

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestRolledDueTime: a due time that falls on a closed day of the duty's
// German calendar is recorded at noon of the next working day, with the
// time it fell on kept in duty.started; one on a working day is recorded
// as it falls. The replay gives the same state.
func TestRolledDueTime(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	rb := loadFixture(t, "roll.toml")
	for _, tc := range []struct {
		name          string
		submitted     time.Time
		due, unrolled time.Time
	}{
		{"one month after Sunday 31 January falls on Sunday 28 February: Monday noon", time.Date(2027, 1, 31, 10, 0, 0, 0, berlin),
			time.Date(2027, 3, 1, 12, 0, 0, 0, berlin), time.Date(2027, 2, 28, 10, 0, 0, 0, berlin)},
		{"one month after Saturday 3 April falls on a Monday: as it falls", time.Date(2027, 4, 3, 10, 0, 0, 0, berlin),
			time.Date(2027, 5, 3, 10, 0, 0, 0, berlin), time.Time{}},
		{"one month after 3 September 2026 falls on Saturday 3 October, German Unity Day: Monday noon", time.Date(2026, 9, 3, 16, 0, 0, 0, berlin),
			time.Date(2026, 10, 5, 12, 0, 0, 0, berlin), time.Date(2026, 10, 3, 16, 0, 0, 0, berlin)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(tc.submitted.Add(time.Hour))
			opt := OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock}
			s, err := Open(rb, opt)
			must(t, err)
			t.Cleanup(func() { _ = s.Detach() })
			must(t, s.StampAt("alice", "submitted", tc.submitted))
			d := s.State().Duty("final")
			if d.Status != StatusRunning || !d.Due.Equal(tc.due) || !d.Unrolled.Equal(tc.unrolled) {
				t.Fatalf("final %s due %s unrolled %s; want due %s unrolled %s", d.Status, d.Due.Format(time.RFC3339), d.Unrolled.Format(time.RFC3339),
					tc.due.Format(time.RFC3339), tc.unrolled.Format(time.RFC3339))
			}
			checkReplay(t, s)
		})
	}
}

// TestNotApplicableBeforeItsDate: a duty whose clock would count from a
// moment before its applies_from, in its calendar's zone, is recorded not
// applicable, once, and never starts; from that date on it starts. The
// day is Berlin's: 22:30 UTC on 10 September is already the 11th there.
// The stamp's preview (StampPreview, StampPreviewNotApplicable) says so
// before it is recorded.
func TestNotApplicableBeforeItsDate(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "roll.toml")
	for _, tc := range []struct {
		name       string
		aware      time.Time
		applicable bool
	}{
		{"aware on 10 September 2026 in Berlin: not applicable", time.Date(2026, 9, 10, 21, 0, 0, 0, time.UTC), false},
		{"aware at 00:30 on 11 September in Berlin (22:30 UTC on the 10th): applies", time.Date(2026, 9, 10, 22, 30, 0, 0, time.UTC), true},
		{"aware in December 2026: applies", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
			s, err := Open(rb, OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
			must(t, err)
			t.Cleanup(func() { _ = s.Detach() })
			// The stamp's preview says the same before it is recorded.
			preview, previewNA := s.State().StampPreview("aware", clock.Now(), tc.aware), s.State().StampPreviewNotApplicable("aware", clock.Now(), tc.aware)
			if tc.applicable != (len(preview) == 1 && len(previewNA) == 0) || !tc.applicable && (len(previewNA) != 1 || previewNA[0].AppliesFrom != "2026-09-11") {
				t.Errorf("preview: %d clocks start, %d not applicable", len(preview), len(previewNA))
			}
			must(t, s.StampAt("alice", "aware", tc.aware))
			st := s.State()
			d := st.Duty("early-warning")
			if tc.applicable {
				if d.Status != StatusRunning || !d.Due.Equal(tc.aware.Add(24*time.Hour)) {
					t.Fatalf("early warning %s due %v; want running, due 24 h after awareness", d.Status, d.Due)
				}
				return
			}
			if d.Status != StatusNotApplicable || d.AppliesFrom != "2026-09-11" || !d.Anchored.Equal(tc.aware) || !d.Due.IsZero() {
				t.Fatalf("early warning %s applies from %q anchored %v due %v; want not applicable from 2026-09-11", d.Status, d.AppliesFrom, d.Anchored, d.Due)
			}
			n := 0
			for _, e := range st.Events {
				if e.Type == TypeDutyNotApplicable {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d duty.not-applicable events, want one", n)
			}
			wantErr(t, s.DutyDone("alice", "early-warning", "portal", ""), ErrDutyNotRunning)
			checkReplay(t, s)
		})
	}
}

// TestPausedRolledDutyForgetsWhereItFell: a pause moves a rolled due time
// on, and the duty no longer says where the old one fell.
func TestPausedRolledDutyForgetsWhereItFell(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	rb := loadFixture(t, "roll.toml")
	clock := testkit.NewClock(time.Date(2027, 1, 31, 12, 0, 0, 0, berlin))
	s, err := Open(rb, OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	must(t, s.StampAt("alice", "submitted", time.Date(2027, 1, 31, 10, 0, 0, 0, berlin)))
	if d := s.State().Duty("audit-memo"); d.Unrolled.IsZero() {
		t.Fatalf("memo due %v was not rolled", d.Due)
	}
	must(t, s.PauseDuty("alice", "audit-memo", "waiting for the auditors"))
	clock.Advance(time.Hour)
	must(t, s.ResumeDuty("alice", "audit-memo", "they answered"))
	d := s.State().Duty("audit-memo")
	if !d.Unrolled.IsZero() || !d.Due.Equal(time.Date(2027, 3, 1, 13, 0, 0, 0, berlin)) {
		t.Errorf("after the pause: due %v, unrolled %v; want an hour later and no unrolled", d.Due, d.Unrolled)
	}
	checkReplay(t, s)
}

// An extension moves a rolled due time: the duty no longer says it was
// rolled from the closed day (the screen and the exports show Unrolled),
// live and on replay.
func TestExtensionForgetsTheRoll(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	submitted := time.Date(2027, 1, 31, 10, 0, 0, 0, berlin)
	clock := testkit.NewClock(submitted.Add(time.Hour))
	s, err := Open(loadFixture(t, "roll.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	must(t, s.StampAt("alice", "submitted", submitted))
	if d := s.State().Duty("final"); d.Unrolled.IsZero() {
		t.Fatalf("not rolled: due %v", d.Due)
	}
	must(t, s.ExtendDuty("alice", "final", Grant{Authority: "Competent authority", Length: days("10d")}))
	d := s.State().Duty("final")
	if want := time.Date(2027, 3, 11, 12, 0, 0, 0, berlin); !d.Due.Equal(want) || !d.Unrolled.IsZero() {
		t.Errorf("extended: due %v, unrolled %v; want due %v and no roll", d.Due, d.Unrolled, want)
	}
	checkReplay(t, s)
}
