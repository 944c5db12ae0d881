package incident

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// openRecipients opens an incident on testdata/incident/recipients.toml
// and reaches the ransomware verdict, which starts the duty owed to the
// police and the insurer and the one owed to every listed authority.
func openRecipients(t *testing.T, clock Clock) *Session {
	t.Helper()
	s, err := Open(loadFixture(t, "recipients.toml"), OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	t.Cleanup(func() { _ = s.Detach() })
	must(t, s.Answer("alice", "symptom", "ransom"))
	return s
}

// refusedAs checks that err is the refusal with the message id.
func refusedAs(t *testing.T, err error, want error, id string) {
	t.Helper()
	var r *Refusal
	if !errors.Is(err, want) || !errors.As(err, &r) || r.Reason.ID != id {
		t.Fatalf("got %v, want the refusal %s", err, id)
	}
}

// Each recipient is reached on its own, with who, when and by what means;
// the duty is not done until the last one is, and then it is, by whoever
// reached the last, in the same act.
func TestRecipientsReachedOneByOne(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openRecipients(t, clock)
	const duty = "tell-police-insurer"

	clock.Advance(10 * time.Minute)
	must(t, s.ReachRecipient("bob", duty, "police", "phone", "case 2026-1125"))
	d := s.State().Duty(duty)
	if d.Status != StatusRunning {
		t.Fatalf("after one of two recipients the duty is %s, want running", d.Status)
	}
	if r := d.Reach("police"); r.Status != ReachReached || r.Actor != "bob" || r.Means != "phone" || r.Note != "case 2026-1125" || !r.Time.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("police: %+v", r)
	}
	if open := s.State().OpenRecipients(d); !slices.Equal(open, []string{"insurer"}) {
		t.Errorf("open recipients %q, want the insurer", open)
	}
	refusedAs(t, s.DutyDone("bob", duty, "phone", ""), ErrRecipientsOpen, "export.refusal.recipients-open")
	refusedAs(t, s.ReachRecipient("bob", duty, "police", "phone", ""), ErrRecipientClosed, "export.refusal.recipient-closed")

	clock.Advance(20 * time.Minute)
	must(t, s.ReachRecipient("carol", duty, "insurer", "email", ""))
	d = s.State().Duty(duty)
	if d.Status != StatusDone || d.DoneBy != "carol" || d.Means != "email" || !d.DoneAt.Equal(t0.Add(30*time.Minute)) {
		t.Errorf("after the last recipient: status %s by %q means %q at %v; want done by carol, email, +30m", d.Status, d.DoneBy, d.Means, d.DoneAt)
	}
	events := s.State().Events
	if got := []string{events[len(events)-2].Type, events[len(events)-1].Type}; !slices.Equal(got, []string{TypeRecipientReached, TypeDutyDone}) {
		t.Errorf("last events %q, want the reach and then the done", got)
	}
}

// What a person may not record is refused with a reason of its own, and
// nothing is written.
func TestRecipientRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		run  func(s *Session) error
		want error
		id   string
	}{
		{"unknown recipient", func(s *Session) error { return s.ReachRecipient("bob", "tell-police-insurer", "press", "phone", "") }, ErrUnknownRecipient, "export.refusal.unknown-recipient"},
		{"means the party lacks", func(s *Session) error { return s.ReachRecipient("bob", "tell-police-insurer", "police", "email", "") }, ErrUnknownMeans, "export.refusal.unknown-means"},
		{"a duty with one contacts", func(s *Session) error { return s.ReachRecipient("bob", "list-authorities", "ic", "", "") }, ErrNoRecipients, "export.refusal.no-recipients"},
		{"waive without a reason", func(s *Session) error { return s.WaiveRecipient("bob", "tell-police-insurer", "insurer", " ") }, ErrRequired, "export.refusal.required-reason"},
		{"attempt without an outcome", func(s *Session) error { return s.AttemptRecipient("bob", "tell-police-insurer", "police", "phone", "") }, ErrRequired, "export.refusal.required-outcome"},
		{"done before the field is filled", func(s *Session) error { return s.DutyDone("bob", "tell-authorities", "email", "") }, ErrRecipientsUnknown, "export.refusal.recipients-unknown"},
		{"a recipient the field does not list", func(s *Session) error { return s.ReachRecipient("bob", "tell-authorities", "BaFin", "email", "") }, ErrUnknownRecipient, "export.refusal.unknown-recipient"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := openRecipients(t, testkit.NewClock(t0))
			before := s.State().LastSeq
			refusedAs(t, tc.run(s), tc.want, tc.id)
			if s.State().LastSeq != before {
				t.Errorf("a refused command wrote %d events", s.State().LastSeq-before)
			}
		})
	}
}

// A recipient waived with a reason counts as closed: the duty is done
// once the others are reached. When every one is waived, nothing was
// reached: the duty waits to be waived itself.
func TestRecipientWaived(t *testing.T) {
	t.Parallel()
	s := openRecipients(t, testkit.NewClock(t0))
	const duty = "tell-police-insurer"
	must(t, s.WaiveRecipient("bob", duty, "insurer", "the policy does not cover this system"))
	if r := s.State().Duty(duty).Reach("insurer"); r.Status != ReachWaived || r.Reason != "the policy does not cover this system" || r.Actor != "bob" {
		t.Errorf("insurer: %+v", r)
	}
	must(t, s.AttemptRecipient("bob", duty, "police", "phone", "busy"))
	if a := s.State().Duty(duty).AttemptsAt("police"); len(a) != 1 || a[0].Outcome != "busy" || a[0].Recipient != "police" {
		t.Errorf("attempts at the police: %+v", a)
	}
	must(t, s.ReachRecipient("bob", duty, "police", "phone", ""))
	if d := s.State().Duty(duty); d.Status != StatusDone {
		t.Errorf("reached one and waived the other: %s, want done", d.Status)
	}

	all := openRecipients(t, testkit.NewClock(t0))
	must(t, all.WaiveRecipient("bob", duty, "insurer", "not covered"))
	must(t, all.WaiveRecipient("bob", duty, "police", "the owner reports it"))
	if d := all.State().Duty(duty); d.Status != StatusRunning {
		t.Errorf("every recipient waived: %s, want still running (the duty is waived on its own)", d.Status)
	}
	must(t, all.Waive("bob", duty, "nobody to tell"))
}

// A for_each duty waits for its field; filling it in gives the recipients,
// each reached on its own. A recipient the field no longer lists stays on
// the record once reached, and the duty is done when the rest are.
func TestForEachRecipients(t *testing.T) {
	t.Parallel()
	s := openRecipients(t, testkit.NewClock(t0))
	const duty = "tell-authorities"
	st := s.State()
	if !st.WaitsForRecipients(st.Duty(duty)) || st.Recipients(st.Duty(duty)) != nil {
		t.Fatalf("before the field is filled the duty should wait: %q", st.Recipients(st.Duty(duty)))
	}
	must(t, s.SetField("bob", "list-authorities", "authorities", []string{"BaFin (DE)", "AMF (FR)"}))
	st = s.State()
	if got := st.Recipients(st.Duty(duty)); !slices.Equal(got, []string{"BaFin (DE)", "AMF (FR)"}) {
		t.Fatalf("recipients %q", got)
	}
	must(t, s.ReachRecipient("bob", duty, "BaFin (DE)", "email", ""))
	must(t, s.SetField("bob", "list-authorities", "authorities", []string{"AMF (FR)", "CSSF (LU)"}))
	st = s.State()
	if got := st.Recipients(st.Duty(duty)); !slices.Equal(got, []string{"AMF (FR)", "CSSF (LU)", "BaFin (DE)"}) {
		t.Errorf("after the field changed: %q, want the new list and BaFin, reached", got)
	}
	must(t, s.ReachRecipient("bob", duty, "AMF (FR)", "email", ""))
	must(t, s.ReachRecipient("carol", duty, "CSSF (LU)", "phone", ""))
	if d := s.State().Duty(duty); d.Status != StatusDone || d.DoneBy != "carol" {
		t.Errorf("every authority reached: %s by %q, want done by carol", d.Status, d.DoneBy)
	}

	// The resumed state is the journal's.
	live := s.State()
	replayed, _ := replayDir(t, s)
	if got, want := digest(t, replayed), digest(t, live); got != want {
		t.Errorf("resumed state differs: %s", firstDiff(got, want))
	}
}
