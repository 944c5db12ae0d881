package incident

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

func TestCommandValidation(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	tests := []struct {
		name  string
		setup func(*Session) error
		cmd   func(*Session) error
		want  error
	}{
		{"answer: unknown node", nil, func(s *Session) error { return s.Answer("a", "nope", "down") }, ErrUnknownNode},
		{"answer: unknown option", nil, func(s *Session) error { return s.Answer("a", "symptom", "nope") }, ErrUnknownOption},
		{"answer: not the current node", nil, func(s *Session) error { return s.Answer("a", "cause", "hw") }, ErrNotCurrent},
		{"answer: after the verdict", answer("symptom", "ransom"), func(s *Session) error { return s.Answer("a", "symptom", "down") }, ErrNotCurrent},
		{"answer: no actor", nil, func(s *Session) error { return s.Answer("", "symptom", "down") }, ErrRequired},
		{"revise: unknown node", nil, func(s *Session) error { return s.Revise("a", "nope") }, ErrUnknownNode},
		{"revise: unanswered node", answer("symptom", "down"), func(s *Session) error { return s.Revise("a", "cause") }, ErrNotAnswered},
		{"revise: superseded answer", func(s *Session) error {
			return errors.Join(s.Answer("a", "symptom", "down"), s.Answer("a", "cause", "hw"), s.Revise("a", "symptom"))
		}, func(s *Session) error { return s.Revise("a", "cause") }, ErrNotAnswered},
		{"stamp: unknown milestone", nil, func(s *Session) error { return s.Stamp("a", "nope") }, ErrUnknownMilestone},
		{"stamp: already stamped", stamp("contained"), func(s *Session) error { return s.Stamp("a", "contained") }, ErrAlreadyStamped},
		{"stamp: stamped by an answer", answer("symptom", "ransom"), func(s *Session) error { return s.Stamp("a", "pii") }, ErrAlreadyStamped},
		{"done: unknown duty", nil, func(s *Session) error { return s.DutyDone("a", "nope", "phone", "") }, ErrUnknownDuty},
		{"done: means not accepted", nil, func(s *Session) error { return s.DutyDone("a", "first-call", "fax", "") }, ErrUnknownMeans},
		{"done: no means where some are required", nil, func(s *Session) error { return s.DutyDone("a", "first-call", "", "") }, ErrUnknownMeans},
		{"done: means of the contacted party only", answer("symptom", "ransom"), func(s *Session) error { return s.DutyDone("a", "ransom", "email", "") }, ErrUnknownMeans},
		{"done: not started", nil, func(s *Session) error { return s.DutyDone("a", "report", "", "") }, ErrDutyNotRunning},
		{"done: twice", done("first-call", "phone"), func(s *Session) error { return s.DutyDone("a", "first-call", "phone", "") }, ErrDutyNotRunning},
		{"attempted: unknown duty", nil, func(s *Session) error { return s.DutyAttempted("a", "nope", "phone", "no answer") }, ErrUnknownDuty},
		{"attempted: means not accepted", nil, func(s *Session) error { return s.DutyAttempted("a", "first-call", "fax", "no answer") }, ErrUnknownMeans},
		{"attempted: no outcome", nil, func(s *Session) error { return s.DutyAttempted("a", "first-call", "phone", "") }, ErrRequired},
		{"attempted: not running", nil, func(s *Session) error { return s.DutyAttempted("a", "security", "", "no answer") }, ErrDutyNotRunning},
		{"waive: unknown duty", nil, func(s *Session) error { return s.Waive("a", "nope", "why") }, ErrUnknownDuty},
		{"waive: no reason", nil, func(s *Session) error { return s.Waive("a", "first-call", "") }, ErrRequired},
		{"waive: done", done("first-call", "phone"), func(s *Session) error { return s.Waive("a", "first-call", "why") }, ErrDutyNotRunning},
		{"waive: twice", waive("security"), func(s *Session) error { return s.Waive("a", "security", "why") }, ErrDutyNotRunning},
		{"note: empty", nil, func(s *Session) error { return s.Note("a", "") }, ErrRequired},
		{"assign: unknown role", nil, func(s *Session) error { return s.Assign("a", "nope", "bob") }, ErrUnknownRole},
		{"assign: nobody", nil, func(s *Session) error { return s.Assign("a", "ic", "") }, ErrRequired},
		{"inject: not a drill", nil, func(s *Session) error { return s.Inject("a", InjectDelivered{Text: "x"}) }, ErrNotDrill},
		{"drill clock: not a drill", nil, func(s *Session) error { return s.DrillClock("a", true, 60) }, ErrNotDrill},
		{"close: no summary", nil, func(s *Session) error { return s.Close("a", "") }, ErrRequired},
		{"close: no actor", nil, func(s *Session) error { return s.Close("", "done") }, ErrRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
			if tt.setup != nil {
				must(t, tt.setup(s))
			}
			before := digest(t, s.State())
			wantErr(t, tt.cmd(s), tt.want)
			if after := digest(t, s.State()); after != before {
				t.Fatalf("a refused command changed the state: %s", firstDiff(after, before))
			}
		})
	}
}

func answer(node, option string) func(*Session) error {
	return func(s *Session) error { return s.Answer("a", node, option) }
}

func stamp(m string) func(*Session) error { return func(s *Session) error { return s.Stamp("a", m) } }

func done(duty, means string) func(*Session) error {
	return func(s *Session) error { return s.DutyDone("a", duty, means, "") }
}

func waive(duty string) func(*Session) error {
	return func(s *Session) error { return s.Waive("a", duty, "not needed") }
}

func TestEveryCommandRefusedWhenClosed(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	mj := &memJournal{}
	s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0), Drill: &DrillInfo{Scenario: "x"}}, mj)
	must(t, s.Close("alice", "false alarm"))
	if mj.sealed != 1 || !mj.closed {
		t.Fatalf("close sealed %d times, journal closed %v; want sealed once and closed", mj.sealed, mj.closed)
	}
	cmds := map[string]func() error{
		"answer":    func() error { return s.Answer("a", "symptom", "down") },
		"revise":    func() error { return s.Revise("a", "symptom") },
		"stamp":     func() error { return s.Stamp("a", "pii") },
		"done":      func() error { return s.DutyDone("a", "first-call", "phone", "") },
		"attempted": func() error { return s.DutyAttempted("a", "first-call", "phone", "busy") },
		"waive":     func() error { return s.Waive("a", "first-call", "why") },
		"note":      func() error { return s.Note("a", "hello") },
		"assign":    func() error { return s.Assign("a", "ic", "bob") },
		"inject":    func() error { return s.Inject("a", InjectDelivered{Text: "x"}) },
		"clock":     func() error { return s.DrillClock("a", true, 60) },
		"close":     func() error { return s.Close("a", "again") },
	}
	for name, cmd := range cmds {
		t.Run(name, func(t *testing.T) {
			wantErr(t, cmd(), ErrClosed)
		})
	}
	if err := s.Tick(); err != nil {
		t.Errorf("tick on a closed incident: %v", err)
	}
	st := s.State()
	if !st.Closed || st.Summary != "false alarm" || st.ClosedBy != "alice" {
		t.Errorf("closed=%v summary=%q by %q", st.Closed, st.Summary, st.ClosedBy)
	}
}

func TestAnswerReachesVerdict(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
	before := s.State().LastSeq
	must(t, s.Answer("bob", "symptom", "ransom"))
	st := s.State()
	want := []string{
		"triage.answered symptom/ransom",
		"milestone.stamped pii",
		"verdict.reached ransomware",
		"duty.started any-verdict on verdict",
		"duty.started security on security",
		"duty.started ransom on verdict:ransomware",
		"duty.started rank-a on rank:A",
		"duty.started pii-report on milestone:pii",
	}
	if got := types(st, before); !slices.Equal(got, want) {
		t.Fatalf("events:\n%q\nwant\n%q", got, want)
	}
	v := st.Verdict
	if v == nil || v.ID != "ransomware" || !v.Security || v.Rank != "A" || v.Title != "Ransomware" || v.Actor != "bob" {
		t.Fatalf("verdict %+v", v)
	}
	if st.Node != "" {
		t.Errorf("current node %q after the verdict; want none", st.Node)
	}
	for _, e := range st.Events[before:] {
		if e.Actor != "bob" {
			t.Errorf("%s by %q; consequences of bob's answer should be his", e.Type, e.Actor)
		}
	}
	if !slices.Equal(st.Actors, []string{"alice", "bob"}) {
		t.Errorf("actors %v", st.Actors)
	}
}

func TestReviseWithdrawsExactlyTheRightDuties(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	tests := []struct {
		name   string
		before func(s *Session, clock *testkit.Clock)
		revise string
		want   map[string]DutyStatus
	}{
		{
			name: "leak revised to its node",
			before: func(s *Session, clock *testkit.Clock) {
				must(t, s.Answer("a", "symptom", "down"))
				must(t, s.Answer("a", "cause", "leak"))      // stamps pii; security, any-verdict, pii-report
				must(t, s.DutyDone("a", "security", "", "")) // done stays done
				must(t, s.Stamp("a", "contained"))           // by hand: not on the path
				must(t, s.Waive("a", "any-verdict", "covered elsewhere"))
			},
			revise: "cause",
			want: map[string]DutyStatus{
				"first-call": StatusRunning, "security": StatusDone, "any-verdict": StatusWaived,
				"pii-report": StatusWithdrawn, "after-containment": StatusRunning, "ordinary": StatusIdle,
			},
		},
		{
			name: "a trigger off the path keeps a duty running",
			before: func(s *Session, clock *testkit.Clock) {
				must(t, s.Stamp("a", "pii")) // by hand, before triage
				must(t, s.Answer("a", "symptom", "down"))
				must(t, s.Answer("a", "cause", "leak"))
			},
			revise: "symptom",
			want: map[string]DutyStatus{
				"pii-report": StatusRunning, "security": StatusWithdrawn, "any-verdict": StatusWithdrawn,
			},
		},
		{
			name: "an escalation of a withdrawn duty is withdrawn too",
			before: func(s *Session, clock *testkit.Clock) {
				must(t, s.Answer("a", "symptom", "ransom"))
				clock.Advance(61 * time.Minute) // security (1h) overdue, security-escalate starts
				must(t, s.Tick())
				must(t, s.DutyDone("a", "first-call", "phone", "")) // done:first-call is no path trigger
			},
			revise: "symptom",
			want: map[string]DutyStatus{
				"security": StatusWithdrawn, "security-escalate": StatusWithdrawn, "rank-a": StatusWithdrawn,
				"ransom": StatusWithdrawn, "pii-report": StatusWithdrawn, "report": StatusRunning, "first-call": StatusDone,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			mj := &memJournal{}
			s := openMem(t, rb, OpenOptions{Clock: clock}, mj)
			tt.before(s, clock)
			pre := s.State()
			must(t, s.Revise("a", tt.revise))
			st := s.State()
			for id, want := range tt.want {
				if got := st.Duty(id).Status; got != want {
					t.Errorf("%s is %s; want %s", id, got, want)
				}
			}
			// Exactly the duties that were running and are not wanted
			// running now got a duty.withdrawn, each once.
			for _, d := range pre.Duties {
				n := countType(st, TypeDutyWithdrawn, d.ID)
				wantN := 0
				if d.Status == StatusRunning && st.Duty(d.ID).Status == StatusWithdrawn {
					wantN = 1
				}
				if n != wantN {
					t.Errorf("%s: %d duty.withdrawn events; want %d", d.ID, n, wantN)
				}
			}
			if st.Verdict != nil || st.Node != tt.revise {
				t.Errorf("after revising: verdict %+v, node %q", st.Verdict, st.Node)
			}
			if got := digest(t, Fold(rb, mj.events(t))); got != digest(t, st) {
				t.Errorf("replay differs: %s", firstDiff(got, digest(t, st)))
			}
		})
	}
}

func TestReviseMarksPathAndWithdrawsStamps(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
	// A cycle: symptom is answered twice; revising it goes back to the latest.
	for _, a := range [][2]string{{"symptom", "down"}, {"cause", "again"}, {"symptom", "down"}, {"cause", "leak"}} {
		must(t, s.Answer("a", a[0], a[1]))
	}
	must(t, s.Revise("a", "symptom"))
	st := s.State()
	var marks []bool
	for _, a := range st.Path {
		marks = append(marks, a.Superseded)
	}
	if !slices.Equal(marks, []bool{false, false, true, true}) {
		t.Fatalf("superseded marks %v; want the last two", marks)
	}
	revised := st.Events[len(st.Events)-1].Seq
	for _, a := range st.Path[2:] {
		if a.RevisedBy == 0 || a.RevisedBy > revised {
			t.Errorf("answer %d revised by %d", a.Seq, a.RevisedBy)
		}
	}
	if _, ok := st.Stamped("pii"); ok {
		t.Error("pii still stamped after its answer was superseded")
	}
	if len(st.Milestones) != 1 || !st.Milestones[0].Withdrawn {
		t.Errorf("milestones %+v; want one, withdrawn", st.Milestones)
	}
	if got := len(st.Standing()); got != 2 {
		t.Errorf("%d standing answers; want 2", got)
	}
	// Answering the same option again stamps afresh.
	must(t, s.Answer("a", "symptom", "ransom"))
	if _, ok := s.State().Stamped("pii"); !ok {
		t.Error("pii not stamped again")
	}
}

func TestPoisonedJournalLeavesStateUnchanged(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	// Opening appends incident.opened and first-call's start: 2 records.
	// Answering symptom/ransom appends 8. Fail each of them in turn.
	for fail := 2; fail < 10; fail++ {
		mj := &memJournal{failAfter: fail}
		clock := testkit.NewClock(t0)
		s := openMem(t, rb, OpenOptions{Clock: clock}, mj)
		before := s.State()
		err := s.Answer("alice", "symptom", "ransom")
		if !errors.Is(err, journal.ErrPoisoned) {
			t.Fatalf("fail after %d: %v; want ErrPoisoned (%d records)", fail, err, len(mj.records))
		}
		st := s.State()
		if st.LastSeq != uint64(fail) {
			t.Fatalf("fail after %d: state at seq %d; want the last acknowledged, %d", fail, st.LastSeq, fail)
		}
		if got, want := digest(t, st), digest(t, Fold(rb, mj.events(t))); got != want {
			t.Fatalf("fail after %d: state is not the fold of what was acknowledged: %s", fail, firstDiff(got, want))
		}
		if fail == 2 {
			if digest(t, st) != digest(t, before) {
				t.Fatal("a command whose first event failed changed the state")
			}
		}
		// Every later command fails the same way and changes nothing.
		wantErr(t, s.Note("alice", "still here?"), journal.ErrPoisoned)
		clock.Advance(2 * time.Hour) // first-call is overdue: Tick has work
		wantErr(t, s.Tick(), journal.ErrPoisoned)
		if s.State().LastSeq != st.LastSeq {
			t.Fatal("state moved on a poisoned journal")
		}
	}
}

// A crash between an answer and its consequences: resuming finishes them,
// with the clocks running from when the triggers happened.
func TestResumeFinishesInterruptedConsequences(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock})
	must(t, err)
	dir := s.Dir()
	must(t, s.Detach())

	// Write the answer alone, as a process killed right after it would.
	j, err := journal.Open(dir, nil)
	must(t, err)
	clock.Advance(5 * time.Minute)
	data, err := encodePayload(TriageAnswered{Node: "symptom", Option: "ransom", Verdict: "ransomware"})
	must(t, err)
	_, err = j.Append(journal.Entry{At: clock.Now(), Actor: "alice", Type: TypeTriageAnswered, Data: data})
	must(t, err)
	must(t, j.Close())

	clock.Advance(20 * time.Minute)
	r, err := Resume(dir, ResumeOptions{Clock: clock})
	must(t, err)
	defer r.Detach()
	st := r.State()
	if st.Verdict == nil || st.Verdict.ID != "ransomware" {
		t.Fatalf("verdict %+v after resume", st.Verdict)
	}
	sec := st.Duty("security")
	if sec.Status != StatusRunning || !sec.Started.Equal(t0.Add(25*time.Minute)) {
		t.Fatalf("security %s from %v", sec.Status, sec.Started)
	}
	// The stamp happened on resume (its time is when it was recorded), and
	// the pii-report clock runs from it.
	if p := st.Duty("pii-report"); !p.Started.Equal(st.Events[len(st.Events)-1].Time) && p.Status != StatusRunning {
		t.Errorf("pii-report %s from %v", p.Status, p.Started)
	}
	for _, e := range st.Events[3:] {
		if e.Actor != SystemActor {
			t.Errorf("%s recorded on resume by %q; want %q", e.Type, e.Actor, SystemActor)
		}
	}
}

func TestResumeAfterDetach(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock})
	must(t, err)
	must(t, s.Answer("alice", "symptom", "down"))
	must(t, s.Assign("alice", "scribe", "Carol"))
	must(t, s.Note("alice", "ログを保全した"))
	live := s.State()
	if want := filepath.Join(home, "incidents", live.ID); s.Dir() != want {
		t.Fatalf("incident in %s; want %s", s.Dir(), want)
	}
	// While attached, the incident is locked.
	if _, err := Resume(s.Dir(), ResumeOptions{Clock: clock}); !errors.Is(err, journal.ErrLocked) {
		t.Fatalf("resume while attached: %v; want ErrLocked", err)
	}
	must(t, s.Detach())
	must(t, s.Detach()) // twice is harmless
	wantErr(t, s.Note("alice", "after detach"), ErrDetached)

	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	defer r.Detach()
	if got, want := digest(t, r.State()), digest(t, live); got != want {
		t.Fatalf("resumed state differs: %s", firstDiff(got, want))
	}
	clock.Advance(time.Minute)
	must(t, r.Answer("bob", "cause", "hw"))
	st := r.State()
	if first := st.Events[len(live.Events)]; first.Seq != live.LastSeq+1 {
		t.Fatalf("resumed session appended seq %d; want %d", first.Seq, live.LastSeq+1)
	}
	if st.Verdict == nil || st.Verdict.ID != "hardware" || st.Role("scribe").Assignee != "Carol" {
		t.Fatalf("after resume: verdict %+v scribe %+v", st.Verdict, st.Role("scribe"))
	}
}

func TestCloseSealsAndResumesClosed(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock})
	must(t, err)
	events, cancel := s.Subscribe()
	defer cancel()
	waiveAll(t, s, "alice")
	must(t, s.Close("alice", "Vendor replaced a disk."))
	var last Event
	for e := range events { // closed by Close
		last = e
	}
	if last.Type != TypeIncidentClosed {
		t.Fatalf("last event to subscribers %s; want %s", last.Type, TypeIncidentClosed)
	}
	head, err := journal.ReadHead(filepath.Join(s.Dir(), journal.HeadFile))
	must(t, err)
	if head.Seq != s.State().LastSeq {
		t.Fatalf("head seals seq %d; want %d", head.Seq, s.State().LastSeq)
	}
	if _, err := os.Stat(filepath.Join(home, "keys", "seal_ed25519")); err != nil {
		t.Fatalf("no key under home: %v", err)
	}
	rep, err := journal.Verify(s.Dir(), journal.VerifyOptions{HeadPath: filepath.Join(s.Dir(), journal.HeadFile)})
	must(t, err)
	if !rep.OK() {
		t.Fatalf("verify: %v", rep)
	}

	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	defer r.Detach()
	if !r.State().Closed {
		t.Fatal("resumed incident is not closed")
	}
	wantErr(t, r.Note("alice", "late"), ErrClosed)
}

func TestDrillTime(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	home := t.TempDir()
	sim := testkit.NewClock(time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC)) // Friday night, in the scenario
	wall := testkit.NewClock(t0)
	drill := &DrillInfo{Scenario: "friday", Title: "Friday night", Speed: 60}
	s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: sim, Wall: wall, Drill: drill})
	must(t, err)
	sim.Advance(17*time.Minute + 5*time.Second)
	wall.Advance(17 * time.Second)
	must(t, s.Inject(SystemActor, InjectDelivered{Index: 0, At: "17m", From: "ACME", Text: "Files renamed *.lock"}))
	must(t, s.Answer("alice", "symptom", "ransom"))
	st := s.State()
	last := st.Events[len(st.Events)-1]
	if last.Sim != "17m5s" || !last.At.Equal(wall.Now()) || !last.Time.Equal(sim.Now()) {
		t.Fatalf("event sim=%q at=%v time=%v; want sim 17m5s, at the wall time, time the scenario time", last.Sim, last.At, last.Time)
	}
	if d := st.Duty("security"); !d.Started.Equal(sim.Now()) || !d.Due.Equal(sim.Now().Add(time.Hour)) {
		t.Errorf("security from %v due %v; want scenario times", d.Started, d.Due)
	}
	if len(st.Injects) != 1 || st.Injects[0].Text != "Files renamed *.lock" || st.Drill.Scenario != "friday" {
		t.Errorf("injects %+v drill %+v", st.Injects, st.Drill)
	}
	must(t, s.Detach())
	r, err := Resume(s.Dir(), ResumeOptions{Clock: sim, Wall: wall})
	must(t, err)
	defer r.Detach()
	if got, want := digest(t, r.State()), digest(t, st); got != want {
		t.Fatalf("replayed drill differs: %s", firstDiff(got, want))
	}
}

func TestSubscribe(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
	a, cancelA := s.Subscribe()
	b, cancelB := s.Subscribe()
	must(t, s.Answer("alice", "symptom", "down"))
	for name, ch := range map[string]<-chan Event{"a": a, "b": b} {
		e := <-ch
		if e.Type != TypeTriageAnswered || e.Time.IsZero() {
			t.Errorf("subscriber %s got %s at %v", name, e.Type, e.Time)
		}
	}
	cancelA()
	cancelA() // twice is harmless
	if _, ok := <-a; ok {
		t.Error("channel open after cancel")
	}
	// b falls far behind: the session does not wait, and b keeps the newest.
	for i := range 3 * SubscriberBuffer {
		must(t, s.Note("alice", "note "+string(rune('a'+i%26))))
	}
	want := s.State().LastSeq
	var got []uint64
	for len(b) > 0 {
		got = append(got, (<-b).Seq)
	}
	if len(got) != SubscriberBuffer || got[len(got)-1] != want || !slices.IsSorted(got) {
		t.Fatalf("lagging subscriber got %d events ending at seq %d; want %d ending at %d, in order", len(got), got[len(got)-1], SubscriberBuffer, want)
	}
	must(t, s.Detach())
	if _, ok := <-b; ok {
		t.Error("channel open after detach")
	}
	cancelB()
	if c, _ := s.Subscribe(); c != nil {
		if _, ok := <-c; ok {
			t.Error("subscribing to a detached session gives an open channel")
		}
	}
}

func TestStateSnapshotIsKept(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
	must(t, s.Answer("a", "symptom", "down"))
	must(t, s.Answer("a", "cause", "leak"))
	must(t, s.DutyAttempted("a", "first-call", "phone", "busy"))
	snap := s.State()
	before := digest(t, snap)
	must(t, s.DutyAttempted("a", "first-call", "phone", "busy again"))
	must(t, s.Revise("a", "symptom"))
	must(t, s.Note("a", "n"))
	must(t, s.Assign("a", "ic", "Bob"))
	if after := digest(t, snap); after != before {
		t.Fatalf("snapshot changed: %s", firstDiff(after, before))
	}
}

func TestOpenValidation(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	bare := *rb
	bare.Sources = nil
	tests := []struct {
		name string
		rb   func() (*Session, error)
		want error
	}{
		{"no actor", func() (*Session, error) { return Open(rb, OpenOptions{Home: t.TempDir()}) }, ErrRequired},
		{"no home", func() (*Session, error) { return Open(rb, OpenOptions{Actor: "a"}) }, ErrRequired},
		{"no sources", func() (*Session, error) { return Open(&bare, OpenOptions{Home: t.TempDir(), Actor: "a"}) }, ErrNoSources},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.rb()
			wantErr(t, err, tt.want)
		})
	}
}

func TestResumeRecoversTornTail(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	clock := testkit.NewClock(t0)
	s, err := Open(rb, OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: clock})
	must(t, err)
	must(t, s.Note("alice", "before the crash"))
	live := s.State()
	must(t, s.Detach())
	f, err := os.OpenFile(filepath.Join(s.Dir(), journal.JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":4,"id":"01`) // a line cut short by kill -9
	must(t, err)
	must(t, f.Close())

	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	defer r.Detach()
	st := r.State()
	last := st.Events[len(st.Events)-1]
	rec, ok := last.Data.(JournalRecovered)
	if !ok || last.Actor != SystemActor || rec.Quarantine == "" || rec.Bytes == 0 || last.Seq != live.LastSeq+1 {
		t.Fatalf("last event %s by %s: %+v; want journal.recovered at seq %d", last.Type, last.Actor, last.Data, live.LastSeq+1)
	}
	if len(st.Problems) != 0 || len(st.Notes) != 1 {
		t.Fatalf("problems %+v, notes %+v", st.Problems, st.Notes)
	}
}

// Several views drive and watch one session at once (run with -race).
func TestConcurrentCommands(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	clock := testkit.NewClock(t0)
	mj := &memJournal{}
	s := openMem(t, rb, OpenOptions{Clock: clock}, mj)
	events, cancel := s.Subscribe()
	defer cancel()
	const writers, notes = 4, 25
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range notes {
				if err := s.Note(fmt.Sprintf("writer%d", w), fmt.Sprintf("note %d", i)); err != nil {
					t.Error(err) // not Fatal: this is not the test's goroutine
					return
				}
				_ = s.State()
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			clock.Advance(10 * time.Minute)
			if err := s.Tick(); err != nil {
				t.Error(err)
				return
			}
			_, _ = s.NextDue()
		}
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var last uint64
		for e := range events {
			if e.Seq <= last {
				t.Errorf("subscriber got seq %d after %d", e.Seq, last)
			}
			last = e.Seq
		}
	}()
	wg.Wait()
	st := s.State()
	if len(st.Notes) != writers*notes {
		t.Fatalf("%d notes; want %d", len(st.Notes), writers*notes)
	}
	if got, want := digest(t, Fold(rb, mj.events(t))), digest(t, st); got != want {
		t.Fatalf("replay differs: %s", firstDiff(got, want))
	}
	must(t, s.Detach())
	<-done
}

func TestOpenOnFailingJournal(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	mj := &memJournal{failAfter: 1} // the opening is recorded, first-call's start is not
	s, err := open(rb, OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: testkit.NewClock(t0)}, func(_, _ string, first journal.Entry) (appender, journal.Record, error) {
		r, err := mj.Append(first)
		return mj, r, err
	})
	if s != nil || !errors.Is(err, journal.ErrPoisoned) || !mj.closed {
		t.Fatalf("open = %v, %v (journal closed %v); want no session, ErrPoisoned, the journal released", s, err, mj.closed)
	}
}

// A fixed id and uuid are used as given, and a taken id is refused rather
// than replaced by a random one.
func TestOpenWithFixedIDs(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	home := t.TempDir()
	opt := OpenOptions{Home: home, Actor: "sato", Clock: testkit.NewClock(time.Date(2026, 11, 25, 21, 4, 0, 0, time.UTC)),
		ID: "INC-20261125-0A1B", UUID: "019a0000-0000-7000-8000-000000000000"}
	s, err := Open(rb, opt)
	if err != nil {
		t.Fatal(err)
	}
	st := s.State()
	if st.ID != opt.ID || st.UUID != opt.UUID {
		t.Errorf("opened %s / %s, want %s / %s", st.ID, st.UUID, opt.ID, opt.UUID)
	}
	if err := s.Detach(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(rb, opt); !errors.Is(err, os.ErrExist) {
		t.Errorf("opening a taken id: err = %v, want fs.ErrExist", err)
	}
}
