package incident

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// openFields opens an incident on testdata/incident/fields.toml and
// reaches the verdict that starts the preliminary report to the PPC,
// whose fields are of every kind.
func openFields(t *testing.T, clock Clock) *Session {
	t.Helper()
	s, err := Open(loadFixture(t, "fields.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	must(t, s.Answer("alice", "symptom", "leak"))
	return s
}

// Each kind reads what a person writes into its one form, and refuses
// what it cannot take with a reason of its own.
func TestSetFieldKinds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field  string
		values []string
		value  string   // as recorded; "" with list for a list
		list   []string // a list's entries as recorded
		err    string   // the refusal's message, when refused
	}{
		{field: "summary", values: []string{"  A web server leaked the customer list.  "}, value: "A web server leaked the customer list."},
		{field: "records", values: []string{"1,200"}, value: "1200"},
		{field: "records", values: []string{"3.50"}, value: "3.5"},
		{field: "records", values: []string{"about a thousand"}, err: "export.refusal.field-not-number"},
		{field: "found", values: []string{"2026-11-25 08:30"}, value: "2026-11-25T08:30:00+09:00"},
		{field: "found", values: []string{"2026-11-28 10:00"}, value: "2026-11-28T10:00:00+09:00"},
		{field: "found", values: []string{"last tuesday"}, err: "export.refusal.field-not-date"},
		{field: "items", values: []string{"name", " ", "address"}, list: []string{"name", "address"}},
		{field: "channel", values: []string{"web notice"}, value: "web notice"},
		{field: "channel", values: []string{"fax"}, err: "export.refusal.field-not-option"},
		{field: "encrypted", values: []string{"No"}, value: "false"},
		{field: "encrypted", values: []string{"yes"}, value: "true"},
		{field: "encrypted", values: []string{"maybe"}, err: "export.refusal.field-not-bool"},
		{field: "summary", values: []string{"one", "two"}, err: "export.refusal.field-one-value"},
		{field: "nope", values: []string{"x"}, err: "export.refusal.unknown-field"},
	} {
		t.Run(tc.field+" "+tc.value+tc.err, func(t *testing.T) {
			t.Parallel()
			s := openFields(t, testkit.NewClock(t0))
			err := s.SetField("bob", "ppc-preliminary", tc.field, tc.values)
			if tc.err != "" {
				var r *Refusal
				if !errors.As(err, &r) || r.Reason.ID != tc.err {
					t.Fatalf("got %v, want the refusal %s", err, tc.err)
				}
				if len(s.State().Duty("ppc-preliminary").Values) != 0 {
					t.Errorf("a refused value was recorded")
				}
				return
			}
			must(t, err)
			v := s.State().Duty("ppc-preliminary").FieldValue(tc.field)
			if v.Value != tc.value || !slices.Equal(v.Values, tc.list) || v.Actor != "bob" || v.Seq == 0 {
				t.Errorf("recorded %+v, want value %q list %q by bob", v, tc.value, tc.list)
			}
		})
	}
}

// A later set replaces the value and an empty one clears it; both are on
// the journal with who and when, and the state is the journal's after a
// resume. Any duty finds a field by its id alone.
func TestSetFieldReplacesAndClears(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFields(t, clock)
	must(t, s.SetField("bob", "ppc-preliminary", "records", []string{"1200"}))
	clock.Advance(10 * time.Minute)
	must(t, s.SetField("carol", "ppc-preliminary", "records", []string{"1350"}))
	v, owner := s.State().Field("records")
	if v.Value != "1350" || v.Actor != "carol" || !v.Time.Equal(t0.Add(10*time.Minute)) || owner == nil || owner.ID != "ppc-preliminary" {
		t.Errorf("after a second set: %+v of %v, want 1350 by carol at +10m", v, owner)
	}
	must(t, s.SetField("carol", "ppc-preliminary", "summary", []string{"leak"}))
	must(t, s.SetField("carol", "ppc-preliminary", "summary", nil))
	if v := s.State().Duty("ppc-preliminary").FieldValue("summary"); v.Filled() || v.Seq == 0 {
		t.Errorf("cleared field: %+v, want empty with the clearing recorded", v)
	}
	replayed, _ := replayDir(t, s)
	if got := replayed.Duty("ppc-preliminary").FieldValue("records"); got.Value != "1350" || got.Actor != "carol" {
		t.Errorf("replayed: %+v", got)
	}
	if v, d := s.State().Field("nope"); v.Filled() || d != nil {
		t.Errorf("an unknown field: %+v of %v", v, d)
	}
}

// A duty with required fields empty is done as one with required items
// unticked: refused until the person confirms, and then the journal names
// the fields left; filled, it is done without asking.
func TestDoneWithFieldsEmpty(t *testing.T) {
	t.Parallel()
	s := openFields(t, testkit.NewClock(t0))
	must(t, s.SetField("bob", "ppc-preliminary", "summary", []string{"A web server leaked the customer list."}))
	if err := s.DutyDone("bob", "ppc-preliminary", "form", ""); !errors.Is(err, ErrFieldsEmpty) {
		t.Fatalf("done with records empty: %v, want ErrFieldsEmpty", err)
	}
	must(t, s.DutyDoneUnticked("bob", "ppc-preliminary", "form", "the count follows in the final report"))
	st := s.State()
	last := st.Events[len(st.Events)-1].Data.(DutyDone)
	if !slices.Equal(last.Empty, []string{"records"}) || len(last.Unticked) != 0 {
		t.Errorf("duty.done names %v empty and %v unticked, want [records] and none", last.Empty, last.Unticked)
	}
	if s := SentenceOf(st.Events[len(st.Events)-1]); s.ID != "export.event.duty-done-empty-note" {
		t.Errorf("told as %s", s.ID)
	}

	filled := openFields(t, testkit.NewClock(t0))
	must(t, filled.SetField("bob", "ppc-preliminary", "summary", []string{"leak"}))
	must(t, filled.SetField("bob", "ppc-preliminary", "records", []string{"12"}))
	must(t, filled.DutyDone("bob", "ppc-preliminary", "form", ""))
	if d := filled.State().Duty("ppc-preliminary"); d.Status != StatusDone || len(d.EmptyFields()) != 0 {
		t.Errorf("filled duty: %s, empty %v", d.Status, d.EmptyFields())
	}
}

// A field set after its duty was done corrects the report that went out:
// the event says so and keeps the value it replaces, the state keeps the
// earlier values, and a resumed incident reads the same. A waived duty
// takes no value, and a closed incident takes no correction.
func TestCorrectionAfterDone(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFields(t, clock)
	must(t, s.SetField("bob", "ppc-preliminary", "summary", []string{"A web server leaked the customer list."}))
	must(t, s.SetField("bob", "ppc-preliminary", "records", []string{"1200"}))
	must(t, s.DutyDone("bob", "ppc-preliminary", "form", ""))
	clock.Advance(2 * time.Hour)
	must(t, s.SetField("carol", "ppc-preliminary", "records", []string{"1,350"}))
	must(t, s.SetField("carol", "ppc-preliminary", "items", []string{"names", "emails"}))

	st := s.State()
	for i, want := range []struct {
		p  FieldSet
		id string
	}{
		{FieldSet{Duty: "ppc-preliminary", Field: "records", Value: "1350", Correction: true, Was: "1200"}, "export.event.field-corrected"},
		{FieldSet{Duty: "ppc-preliminary", Field: "items", Values: []string{"names", "emails"}, Correction: true}, "export.event.field-corrected-was-empty"},
	} {
		ev := st.Events[len(st.Events)-2+i]
		if got, _ := ev.Data.(FieldSet); !reflectEqual(got, want.p) {
			t.Errorf("event %d: %+v, want %+v", i, got, want.p)
		}
		if id := SentenceOf(ev).ID; id != want.id {
			t.Errorf("event %d told as %s, want %s", i, id, want.id)
		}
	}
	d := st.Duty("ppc-preliminary")
	v := d.FieldValue("records")
	if d.Status != StatusDone || v.Value != "1350" || !v.Corrected || v.Actor != "carol" || len(v.Earlier) != 1 || v.Earlier[0].Value != "1200" || v.Earlier[0].Actor != "bob" || v.Earlier[0].Corrected {
		t.Errorf("records after the correction: %s, %+v", d.Status, v)
	}
	if v := d.FieldValue("summary"); v.Corrected || len(v.Earlier) != 0 {
		t.Errorf("an uncorrected field: %+v", v)
	}
	// Clearing after done is a correction too.
	must(t, s.SetField("carol", "ppc-preliminary", "items", nil))
	if id := SentenceOf(s.State().Events[len(s.State().Events)-1]).ID; id != "export.event.field-correction-cleared" {
		t.Errorf("a cleared correction told as %s", id)
	}

	waived := openFields(t, testkit.NewClock(t0))
	must(t, waived.Waive("bob", "ppc-preliminary", "reported by the group's DPO"))
	if err := waived.SetField("bob", "ppc-preliminary", "records", []string{"1"}); !errors.Is(err, ErrDutyNotRunning) {
		t.Errorf("fill on a waived duty: %v, want ErrDutyNotRunning", err)
	}

	must(t, s.Waive("alice", "notify-people", "the PPC advised waiting for the count"))
	must(t, s.Close("alice", "Reported and corrected."))
	n := len(s.State().Events)
	if err := s.SetField("carol", "ppc-preliminary", "records", []string{"1400"}); !errors.Is(err, ErrClosed) {
		t.Errorf("a correction on a closed incident: %v, want ErrClosed", err)
	}
	if len(s.State().Events) != n {
		t.Error("a refused correction was recorded")
	}
	replayed, _ := replayDir(t, s)
	if got := replayed.Duty("ppc-preliminary").FieldValue("records"); !reflectEqual(got, v) {
		t.Errorf("replayed: %+v, want %+v", got, v)
	}
}

func reflectEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

// A snapshot taken before a field is set again keeps the value it saw:
// shodo serve hands each screen a snapshot to read while the session
// goes on recording.
func TestSnapshotKeepsItsFieldValue(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openFields(t, clock)
	must(t, s.SetField("bob", "ppc-preliminary", "records", []string{"1200"}))
	snap := s.State()
	must(t, s.SetField("carol", "ppc-preliminary", "records", []string{"1350"}))
	if v := snap.Duty("ppc-preliminary").FieldValue("records"); v.Value != "1200" || v.Actor != "bob" {
		t.Errorf("the earlier snapshot now reads %+v, want 1200 by bob", v)
	}
	if v := s.State().Duty("ppc-preliminary").FieldValue("records"); v.Value != "1350" {
		t.Errorf("the session reads %+v, want 1350", v)
	}
}
