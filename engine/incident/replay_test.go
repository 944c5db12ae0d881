package incident

import (
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// propertyRunbooks are the shipped runbooks and this package's fixtures.
func propertyRunbooks(t *testing.T) []*runbook.Runbook {
	t.Helper()
	set := runbook.LoadPaths([]string{"../../runbooks", fixtureDir}, runbook.Options{})
	if set.Diagnostics.HasErrors() {
		// A runbook being edited elsewhere is that package's failure; test
		// the ones that load.
		t.Logf("some runbooks do not load:\n%v", set.Diagnostics)
	}
	if len(set.Runbooks) < 2 {
		t.Fatalf("found %d runbooks; want the shipped ones and the fixtures", len(set.Runbooks))
	}
	return set.Runbooks
}

// validationErrors are what a command may refuse with; anything else from
// a random but well-formed command is a bug.
var validationErrors = []error{
	ErrClosed, ErrUnknownNode, ErrUnknownOption, ErrNotCurrent, ErrNotAnswered, ErrUnknownMilestone,
	ErrAlreadyStamped, ErrUnknownDuty, ErrUnknownMeans, ErrDutyNotRunning, ErrUnknownRole, ErrRequired, ErrNotDrill,
	ErrBadSpeed, ErrDutyPaused, ErrDutyNotPaused, ErrCloseBlocked, ErrAlreadyResolved,
	ErrUnknownItem, ErrItemTicked, ErrItemNotTicked, ErrItemsUnticked, ErrNoApproval, ErrAlreadyApproved, ErrNotApproved,
	ErrUnknownField, ErrFieldValue, ErrFieldsEmpty,
	ErrNoRecipients, ErrUnknownRecipient, ErrRecipientClosed, ErrRecipientsOpen, ErrRecipientsUnknown,
	ErrLegalClock, ErrDutyOverdue, ErrNothingPicked, ErrOutOfRange, ErrNotMulti, ErrNotNumber,
}

// Replaying the journal on disk gives exactly the state the live session
// built, whatever the commands: a property test over random command
// sequences, with detaches and resumes in between.
func TestReplayEqualsLive(t *testing.T) {
	t.Parallel()
	seeds, steps := 4, 60
	if testing.Short() {
		seeds, steps = 1, 40
	}
	for _, rb := range propertyRunbooks(t) {
		for seed := range seeds {
			t.Run(fmt.Sprintf("%s/seed%d", rb.ID, seed), func(t *testing.T) {
				t.Parallel()
				runRandom(t, rb, int64(seed), steps)
			})
		}
	}
}

func runRandom(t *testing.T, rb *runbook.Runbook, seed int64, steps int) {
	rnd := rand.New(rand.NewSource(seed))
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock})
	must(t, err)
	defer func() { _ = s.Detach() }()
	actors := []string{"alice", "bob", "山田"}
	pick := func(xs []string) string { return xs[rnd.Intn(len(xs))] }
	var log []string
	for step := range steps {
		st := s.State()
		clock.Advance([]time.Duration{0, time.Second, time.Minute, 10 * time.Minute, time.Hour, 5 * time.Hour, 30 * time.Hour}[rnd.Intn(7)])
		actor := pick(actors)
		duty := func() string {
			var running []string
			for _, d := range st.Duties {
				if d.Status == StatusRunning {
					running = append(running, d.ID)
				}
			}
			if len(running) > 0 && rnd.Intn(4) > 0 {
				return pick(running)
			}
			if rnd.Intn(10) == 0 {
				return "no-such-duty"
			}
			return st.Duties[rnd.Intn(len(st.Duties))].ID
		}
		means := func(id string) string {
			opts := []string{"", "fax"}
			if d := st.Duty(id); d != nil {
				opts = append(opts, rb.AcceptedMeans(d.Spec)...)
				opts = append(opts, rb.AcceptedMeans(d.Spec)...)
			}
			return pick(opts)
		}
		var err error
		var what string
		switch op := rnd.Intn(20); {
		case op < 6: // answer, mostly the current node
			node := st.Node
			if node == "" || rnd.Intn(8) == 0 {
				node = rb.Triage.Nodes[rnd.Intn(len(rb.Triage.Nodes))].ID
			}
			n := st.ix.nodes[node]
			switch {
			case n.IsNumber():
				x := []float64{-1, 0, 999, 1000, 5000.5}[rnd.Intn(5)]
				what, err = fmt.Sprintf("answer %s/%v", node, x), s.AnswerNumber(actor, node, x)
			case n.Multi:
				var picked []string
				for _, o := range n.Options {
					if rnd.Intn(2) == 0 {
						picked = append(picked, o.ID)
					}
				}
				what, err = fmt.Sprintf("answer %s/%v", node, picked), s.AnswerMany(actor, node, picked)
			default:
				opt := n.Options[rnd.Intn(len(n.Options))].ID
				what, err = "answer "+node+"/"+opt, s.Answer(actor, node, opt)
			}
		case op < 8:
			node := rb.Triage.Nodes[rnd.Intn(len(rb.Triage.Nodes))].ID
			if standing := st.Standing(); len(standing) > 0 && rnd.Intn(3) > 0 {
				node = standing[rnd.Intn(len(standing))].Node
			}
			what, err = "revise "+node, s.Revise(actor, node)
		case op < 9 && len(rb.Milestones) > 0:
			m := rb.Milestones[rnd.Intn(len(rb.Milestones))].ID
			what, err = "stamp "+m, s.Stamp(actor, m)
		case op < 12:
			id := duty()
			m := means(id)
			what, err = "done "+id+" by "+m, s.DutyDone(actor, id, m, "")
		case op < 13:
			id := duty()
			m := means(id)
			what, err = "attempt "+id+" by "+m, s.DutyAttempted(actor, id, m, pick([]string{"", "no answer"}))
		case op < 14:
			id := duty()
			what, err = "waive "+id, s.Waive(actor, id, pick([]string{"", "not needed"}))
		case op < 15 && rnd.Intn(5) == 0: // refused: these incidents are no drills
			what, err = "drill clock", s.DrillClock(actor, rnd.Intn(2) == 0, 60)
		case op < 15:
			what, err = "note", s.Note(actor, pick([]string{"", "checked the logs", "ベンダーに電話"}))
		case op < 16 && len(rb.Roles) > 0:
			r := rb.Roles[rnd.Intn(len(rb.Roles))].ID
			what, err = "assign "+r, s.Assign(actor, r, pick([]string{"", "Dana", "佐藤"}))
		case op < 17 && rnd.Intn(2) == 0:
			id := duty()
			switch rnd.Intn(9) {
			case 5, 6: // a checklist item or a report field, often one the duty has
				if d := st.Duty(id); d != nil && len(d.Spec.Fields) > 0 && rnd.Intn(2) == 0 {
					f := d.Spec.Fields[rnd.Intn(len(d.Spec.Fields))]
					values := [][]string{nil, {"12"}, {"1,200"}, {"web notice"}, {"yes"}, {"2026-11-25 08:30"}, {"name", "address"}, {"氏名"}}
					what, err = "fill "+id+"/"+f.ID, s.SetField(actor, id, f.ID, values[rnd.Intn(len(values))])
					break
				}
				item := "no-such-item"
				if d := st.Duty(id); d != nil && len(d.Spec.Items) > 0 && rnd.Intn(4) > 0 {
					item = d.Spec.Items[rnd.Intn(len(d.Spec.Items))].ID
				}
				if rnd.Intn(3) == 0 {
					what, err = "untick "+id+"/"+item, s.UntickItem(actor, id, item)
				} else {
					what, err = "tick "+id+"/"+item, s.TickItem(actor, id, item)
				}
			case 7:
				// A recipient of a duty with several: reached, tried or
				// waived, often one the duty has.
				if d := st.Duty(id); d != nil && d.Spec.HasRecipients() && rnd.Intn(4) > 0 {
					r := pick(append(st.Recipients(d), "no-such-recipient"))
					m := pick(append([]string{"", "fax"}, rb.RecipientMeans(d.Spec, r)...))
					switch rnd.Intn(4) {
					case 0:
						what, err = "waive "+id+"/"+r, s.WaiveRecipient(actor, id, r, pick([]string{"", "not affected"}))
					case 1:
						what, err = "attempt "+id+"/"+r, s.AttemptRecipient(actor, id, r, m, pick([]string{"", "no answer"}))
					default:
						what, err = "reach "+id+"/"+r+" by "+m, s.ReachRecipient(actor, id, r, m, pick([]string{"", "case 42"}))
					}
					break
				}
				what, err = "approve "+id, s.Approve(actor, id)
			case 8:
				m := means(id)
				what, err = "done unticked "+id+" by "+m, s.DutyDoneUnticked(actor, id, m, "")
			case 3:
				what, err = "hand over "+id, s.HandOver(actor, id, pick([]string{"", "Ops on-call"}), pick([]string{"", "OPS-1"}))
			case 4:
				what, err = "resolve", s.Resolve(actor, time.Time{})
			case 0:
				what, err = "pause "+id, s.PauseDuty(actor, id, pick([]string{"", "waiting for the customer"}))
			case 1:
				what, err = "resume "+id, s.ResumeDuty(actor, id, "")
			default:
				what, err = "restart "+id, s.RestartDuty(actor, id, pick([]string{"", "the regulator asked"}))
			}
		case op < 18:
			what, err = "tick", s.Tick()
		case op < 19: // detach and resume: the resumed state is the journal's
			what = "detach+resume"
			live := s.State()
			var replayed *State
			replayed, s = replayDir(t, s)
			if got, want := digest(t, replayed), digest(t, live); got != want {
				t.Fatalf("step %d: resumed state differs from the journal: %s", step, firstDiff(got, want))
			}
		case step > steps*3/4 && rnd.Intn(3) == 0:
			what, err = "close", s.Close(actor, "done")
		default:
			what, err = "tick", s.Tick()
		}
		log = append(log, what)
		if err != nil && !slices.ContainsFunc(validationErrors, func(e error) bool { return errors.Is(err, e) }) {
			t.Fatalf("step %d (%s): unexpected error %v\nlog: %q", step, what, err, log)
		}
		checkInvariants(t, s.State(), clock.Now(), log)
	}
	live := s.State()
	got, r := replayDir(t, s)
	s = r
	if a, b := digest(t, got), digest(t, live); a != b {
		t.Fatalf("replay differs from the live state: %s\nlog: %q", firstDiff(a, b), log)
	}
}

// replayDir detaches s, folds its journal from disk, and resumes it.
func replayDir(t *testing.T, s *Session) (*State, *Session) {
	t.Helper()
	must(t, s.Detach())
	var events []Event
	j, err := journal.Open(s.Dir(), func(r journal.Record) error {
		ev, err := DecodeRecord(r)
		events = append(events, ev)
		return err
	})
	must(t, err)
	must(t, j.Close())
	st, err := Replay(events)
	must(t, err)
	if len(st.Problems) > 0 {
		t.Fatalf("the session wrote events its own fold rejects: %+v", st.Problems)
	}
	r, err := Resume(s.Dir(), ResumeOptions{Clock: s.clock})
	must(t, err)
	return st, r
}

// checkInvariants asserts what must hold after every command.
func checkInvariants(t *testing.T, st *State, now time.Time, log []string) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\nlog: %q", append(args, log)...)
	}
	// A close keeps its promises: nothing undecided at the close, and
	// nothing recorded after it.
	if st.Closed {
		if b := st.CloseBlockers(); len(b) > 0 && st.Drill == nil {
			fail("closed with duties undecided: %+v", b)
		}
		if st.LastSeq != st.ClosedSeq {
			fail("closed at seq %d, journal ends at %d", st.ClosedSeq, st.LastSeq)
		}
	}
	starts, cancels, occurrence := map[string]int{}, map[string]int{}, map[string]int{}
	for _, e := range st.Events {
		switch p := e.Data.(type) {
		case DutyStarted:
			// Each occurrence of a recurring duty starts once, in order.
			if p.Instance > 1 {
				if p.Instance != occurrence[p.Duty]+1 {
					fail("duty %s occurrence %d started after %d", p.Duty, p.Instance, occurrence[p.Duty])
				}
				occurrence[p.Duty] = p.Instance
				continue
			}
			occurrence[p.Duty] = p.Instance
			starts[p.Duty]++
		case DutyCancelled:
			if p.Code == CancelUntil {
				continue // a recurring duty's until held
			}
			cancels[p.Duty]++
		}
	}
	for _, d := range st.Duties {
		// A duty starts once: a revision withdraws it, and it returns with
		// the clock it had (this build writes no duty.cancelled).
		if starts[d.ID] > 1 || cancels[d.ID] > 0 {
			fail("duty %s started %d times, cancelled %d times", d.ID, starts[d.ID], cancels[d.ID])
		}
		if st.Closed {
			continue
		}
		if d.Status == StatusRunning && !d.Paused && !d.Due.IsZero() && now.After(d.Due) && !d.Overdue {
			fail("duty %s due %v is not recorded overdue at %v", d.ID, d.Due, now)
		}
		// The clock counts from the trigger, or from an anchor (from,
		// not_after) that may have happened before it.
		from := d.Started
		for _, t := range []time.Time{d.Anchored, d.Bound} {
			if !t.IsZero() && t.Before(from) {
				from = t
			}
		}
		if d.Status == StatusRunning && !d.Due.IsZero() && d.Due.Before(from) {
			fail("duty %s due %v before its clock's first anchor %v", d.ID, d.Due, from)
		}
		// (A trigger of a condition's unless keeps a duty from
		// starting and from coming back.)
		excluded := st.excluded(d.Spec)
		if d.Status == StatusWithdrawn && triggerStands(st, d) && !excluded {
			fail("duty %s is withdrawn though a trigger stands", d.ID)
		}
		// Every running duty has a standing trigger; every idle or
		// cancelled one has none.
		_, _, _, ok := st.earliestTrigger(d.Spec)
		if d.Status == StatusRunning && !ok {
			fail("duty %s runs without a standing trigger", d.ID)
		}
		// (A recurring duty ended by its until, or never started because
		// until held first, keeps a standing trigger.)
		_, _, until := st.stands(d.Spec.Until)
		if (d.Status == StatusIdle || d.Status == StatusCancelled) && ok && !until && !excluded {
			fail("duty %s is %s though a trigger stands", d.ID, d.Status)
		}
	}
	if st.Verdict != nil && st.Node != "" {
		fail("verdict %s with current node %q", st.Verdict.ID, st.Node)
	}
	if len(st.Problems) > 0 {
		fail("problems: %+v", st.Problems)
	}
}

// triggerStands reports whether a trigger of d stands in st.
func triggerStands(st *State, d Duty) bool {
	_, _, _, ok := st.earliestTrigger(d.Spec)
	return ok
}
