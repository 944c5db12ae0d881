package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestProgram runs the incident screen in a real tea.Program: answer,
// quit with the confirmation, and the alternate screen is left.
func TestProgram(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	m := NewIncidentModel(s, testOptions(i18n.English, clock))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "What was reported first?")
	tm.Send(keyMsg("1"))
	tm.Send(keyMsg("enter"))
	waitFor(t, tm, "Recorded: answer")
	tm.Send(keyMsg("q"))
	waitFor(t, tm, "Nothing to save")
	tm.Send(keyMsg("y"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	must(t, final.Release())
	if n := eventsOf(s.State(), incident.TypeTriageAnswered); n != 1 {
		t.Fatalf("%d answers recorded", n)
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// TestPanicIsContained: a bug that panics inside Update ends the program
// with a short message and ErrInternal, the terminal restored (alternate
// screen left), instead of a stack trace over a broken terminal.
func TestPanicIsContained(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	m := NewIncidentModel(s, testOptions(i18n.English, clock))
	t.Cleanup(func() { _ = m.Release() })
	// A state without a runbook makes applyState dereference nil.
	m.listen = func(engine, <-chan incident.Event) tea.Cmd {
		return func() tea.Msg { return stateMsg{st: &incident.State{LastSeq: 1 << 40}} }
	}
	in, inW := io.Pipe()
	t.Cleanup(func() { _ = inW.Close() })
	var out bytes.Buffer
	opt := testOptions(i18n.English, clock)
	opt.Input, opt.Output = in, &out
	err := run(context.Background(), opt, m)
	if !errors.Is(err, ErrInternal) {
		t.Fatalf("run returned %v, want ErrInternal", err)
	}
	if strings.Contains(err.Error(), "goroutine") {
		t.Fatalf("the error carries a stack trace: %v", err)
	}
	o := out.String()
	if enter, leave := strings.LastIndex(o, "\x1b[?1049h"), strings.LastIndex(o, "\x1b[?1049l"); enter < 0 || leave < enter {
		t.Fatalf("the alternate screen was not left: %q", o)
	}
	if !strings.Contains(o[strings.LastIndex(o, "\x1b[?1049l"):], "\x1b[?25h") {
		t.Fatalf("the cursor was not shown again: %q", o)
	}
}

// TestPanicInUpdate: the recovered panic leaves a model that says what
// happened and quits.
func TestPanicInUpdate(t *testing.T) {
	h, _, _ := newEnglish(t, 80, 24)
	next, cmd := h.m.Update(stateMsg{st: &incident.State{LastSeq: 1 << 40}})
	m := next.(Model)
	if m.crash == "" || cmd == nil {
		t.Fatal("the panic was not recovered into a crash and a quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("the command after a panic is not Quit")
	}
	if v := stripANSI(m.View().Content); !strings.Contains(v, "internal error") || !strings.Contains(v, "shodo resume") {
		t.Fatalf("view after a panic:\n%s", v)
	}
}

// TestPanicInView: a panic while drawing shows a short notice in place of
// the frame, and the next key quits with the error.
func TestPanicInView(t *testing.T) {
	h, _, _ := newEnglish(t, 80, 24)
	h.m.inc.st = &incident.State{} // no runbook: drawing it dereferences nil
	v := h.m.View()
	checkFrame(t, "view panic", v, 80, 24)
	if s := stripANSI(v.Content); !strings.Contains(s, "internal error") || !strings.Contains(s, "Press any key to quit") {
		t.Fatalf("view after a panic:\n%s", s)
	}
	h.key("j")
	if !h.quit || h.m.crash == "" {
		t.Fatal("a key after a view panic did not quit with the error")
	}
}

// TestDrillProgram runs the drill screen in a real tea.Program, subscribed
// to its session: the first inject arrives, a jump delivers the next, and
// quitting leaves the drill to resume.
func TestDrillProgram(t *testing.T) {
	clock := testkit.NewClock(t0)
	d := openDrillFixed(t, t.TempDir(), drillID, shippedScenario(t, "friday-ransomware"), clock)
	m := NewDrillModel(d, testOptions(i18n.English, clock))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "ALERT order-db01")
	tm.Send(keyMsg("]"))
	waitFor(t, tm, "Jump to T+00:04?")
	tm.Send(keyMsg("y"))
	waitFor(t, tm, "Jumped to T+00:04.")
	// The confirmation just closed: a key at once would be held back
	// (keyGuard). The drill is paused, so real time moving is harmless.
	clock.Advance(time.Second)
	tm.Send(keyMsg("q"))
	waitFor(t, tm, "Nothing to save")
	tm.Send(keyMsg("y"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	must(t, final.Release())
	if n := len(d.Session().State().Injects); n != 2 {
		t.Fatalf("%d injects delivered, want 2", n)
	}
}

// The whole program, with real ticks over the fake clock: a paused duty's
// countdown stays frozen while the clock runs two hours on and the other
// duties fall overdue around it.
func TestProgramPausedCountdownStaysFrozen(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
	m := NewIncidentModel(s, testOptions(i18n.English, clock))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "What was reported first?")
	tm.Send(keyMsg("tab"))
	waitFor(t, tm, "First call to the maintenance vendor")
	tm.Send(keyMsg("down")) // the duties are listed by due time: the vendor's is below the 30m one
	tm.Send(keyMsg("p"))
	waitFor(t, tm, "Pause the clock: First call to the maintenance vendor")
	tm.Type("Waiting for the vendor")
	tm.Send(keyMsg("enter"))
	waitFor(t, tm, "PAUSED, 1h00m left")
	clock.Advance(2 * time.Hour)
	// The next tick catches up with the clock: the 30-minute duty is
	// recorded overdue (the screen redraws only the cells that changed, so
	// the journal says it).
	teatest.WaitFor(t, tm.Output(), func([]byte) bool { return s.State().Duty("capture-state").Overdue },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	tm.Send(keyMsg("q"))
	waitFor(t, tm, "Nothing to save")
	tm.Send(keyMsg("y"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	must(t, final.Release())
	final.dialogs = nil // the quit confirmation: the screen under it
	screen := ansi.Strip(final.View().Content)
	if !regexp.MustCompile(`First call to the maintenance vendor +PAUSED, 1h00m left`).MatchString(screen) || !strings.Contains(screen, "OVERDUE +1h30m") {
		t.Fatalf("the paused countdown moved:\n%s", screen)
	}
	if d := s.State().Duty("vendor-first-call"); !d.Paused || d.Overdue {
		t.Fatalf("vendor-first-call: paused %v, overdue %v", d.Paused, d.Overdue)
	}
}
