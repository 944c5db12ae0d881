package tui

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// jst is the zone of every test clock, so that frames show the same local
// times on any machine.
var jst = time.FixedZone("JST", 9*3600)

// t0 opens most test incidents: a Wednesday night in Tokyo.
var t0 = time.Date(2026, 11, 25, 21, 4, 0, 0, jst)

// fixtureDir holds the Japanese runbook used until the shipped one exists.
const fixtureDir = "../testdata/tui/runbooks"

// loadRunbook loads a shipped runbook (runbooks.FS), or the fixture of the
// same name in testdata/tui/runbooks while the shipped one does not exist.
func loadRunbook(t testing.TB, name string) *runbook.Runbook {
	t.Helper()
	if _, err := fs.Stat(runbooks.FS, name); err == nil {
		rb, diags := runbook.LoadFS(runbooks.FS, name, runbook.Options{})
		if rb == nil {
			t.Fatalf("load shipped %s:\n%v", name, diags)
		}
		return rb
	}
	rb, diags := runbook.LoadFile(filepath.Join(fixtureDir, name), runbook.Options{})
	if rb == nil {
		t.Fatalf("load fixture %s:\n%v", name, diags)
	}
	return rb
}

func englishRB(t testing.TB) *runbook.Runbook  { return loadRunbook(t, "service-failure.toml") }
func japaneseRB(t testing.TB) *runbook.Runbook { return loadRunbook(t, "service-failure-ja.toml") }

// openFixed opens an incident with fixed ids, so that frames are stable.
// The session uses clock.
func openFixed(t testing.TB, home, id string, rb *runbook.Runbook, clock *testkit.Clock) *incident.Session {
	t.Helper()
	s, err := incident.Open(rb, incident.OpenOptions{
		Home: home, Actor: "sato", Clock: clock,
		ID: id, UUID: "019a0000-0000-7000-8000-000000000000",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Detach() })
	return s
}

// quiet wraps an engine without a subscription: the tests drive every
// command to its end synchronously, and a listen command would block.
type quiet struct{ engine }

// Session is the session quiet wraps, for what needs the session itself
// (a linked incident's LinkBoth, spawn.go).
func (q quiet) Session() *incident.Session { return sessionOf(q.engine) }

func (quiet) Subscribe() (<-chan incident.Event, func()) { return nil, func() {} }

// failing wraps an engine whose journal fails: every command returns err
// (wrapping journal.ErrPoisoned, say) and records nothing.
type failing struct {
	engine
	err error
}

func (f failing) fail() error                                           { return f.err }
func (f failing) Answer(string, string, string) error                   { return f.fail() }
func (f failing) Revise(string, string) error                           { return f.fail() }
func (f failing) StampAt(string, string, time.Time) error               { return f.fail() }
func (f failing) PauseDuty(string, string, string) error                { return f.fail() }
func (f failing) ResumeDuty(string, string, string) error               { return f.fail() }
func (f failing) RestartDuty(string, string, string) error              { return f.fail() }
func (f failing) DutyDone(string, string, string, string) error         { return f.fail() }
func (f failing) DutyDoneUnticked(string, string, string, string) error { return f.fail() }
func (f failing) DutyDoneSubmittedAt(string, string, string, string, time.Time, bool) error {
	return f.fail()
}
func (f failing) TickItem(string, string, string) error   { return f.fail() }
func (f failing) UntickItem(string, string, string) error { return f.fail() }
func (f failing) Approve(string, string) error            { return f.fail() }
func (f failing) RegisterEvidence(string, incident.NewEvidence) (string, error) {
	return "", f.fail()
}
func (f failing) TransferEvidence(string, incident.Transfer) error   { return f.fail() }
func (f failing) RecheckEvidence(string, incident.Recheck) error     { return f.fail() }
func (f failing) DutyAttempted(string, string, string, string) error { return f.fail() }
func (f failing) ReachRecipient(string, string, string, string, string) error {
	return f.fail()
}
func (f failing) WaiveRecipient(string, string, string, string) error { return f.fail() }
func (f failing) AttemptRecipient(string, string, string, string, string) error {
	return f.fail()
}
func (f failing) Waive(string, string, string) error       { return f.fail() }
func (f failing) Note(string, string) error                { return f.fail() }
func (f failing) Assign(string, string, string) error      { return f.fail() }
func (f failing) Close(string, string) error               { return f.fail() }
func (f failing) End(string, string, string, string) error { return f.fail() }
func (f failing) Tick() error                              { return f.fail() }
func (failing) Subscribe() (<-chan incident.Event, func()) { return nil, func() {} }

// scheduledMsg stands for a tea.Tick: the test decides when it fires.
type scheduledMsg struct {
	after time.Duration
	msg   tea.Msg
}

// harness drives a Model the way a tea.Program would, without a terminal
// and without sleeping.
type harness struct {
	t     testing.TB
	m     Model
	clock *testkit.Clock
	// keys is the clock of the key guard: key and typeText advance it by
	// a person's pause before each key (keyPause), burst and paste do
	// not. The incident's clock does not move with keys.
	keys      *testkit.Clock
	scheduled []scheduledMsg
	clipboard []string
	quit      bool
	bells     int // terminal bells the program printed
}

// testOptions are the options of every test model.
func testOptions(lang string, clock *testkit.Clock) Options {
	return Options{
		Lang:   lang,
		Actor:  "sato",
		Now:    clock.Now,
		Getenv: func(string) string { return "" },
	}
}

// newIncidentHarness shows the incident screen over e at w×h.
func newIncidentHarness(t testing.TB, e engine, lang string, clock *testkit.Clock, w, h int) *harness {
	t.Helper()
	opt := testOptions(lang, clock).withDefaults()
	m := newModel(opt, nil, false)
	m.enterIncident(e, false, nil, nil, e.State())
	return startHarness(t, m, clock, w, h)
}

func startHarness(t testing.TB, m Model, clock *testkit.Clock, w, h int) *harness {
	t.Helper()
	m.after = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return scheduledMsg{after: d, msg: fn(clock.Now())} }
	}
	m.listen = poll
	m.await = pollSeat
	keys := testkit.NewClock(t0)
	m.keyNow = keys.Now
	hs := &harness{t: t, m: m, clock: clock, keys: keys}
	hs.run(m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// send feeds msg to Update and runs the commands it returns to the end.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

// run executes cmd and everything it leads to; ticks are kept for the
// test to fire, clipboard writes and quitting are recorded.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case scheduledMsg:
			h.scheduled = append(h.scheduled, msg)
		case tea.QuitMsg:
			h.quit = true
		case tea.RawMsg:
			if msg.Msg == bel {
				h.bells++
			}
		default:
			if v := reflect.ValueOf(msg); v.Kind() == reflect.String && strings.Contains(reflect.TypeOf(msg).String(), "Clipboard") {
				h.clipboard = append(h.clipboard, v.String())
				continue
			}
			if reflect.TypeOf(msg).PkgPath() != reflect.TypeOf(h.m).PkgPath() && !isTeaMsgWeHandle(msg) {
				continue // a terminal request (background colour …): no terminal here
			}
			next, more := h.m.Update(msg)
			h.m = next.(Model)
			queue = append(queue, more)
		}
	}
}

func isTeaMsgWeHandle(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.WindowSizeMsg, tea.BackgroundColorMsg, tea.KeyPressMsg, tea.PasteMsg, tea.PasteStartMsg, tea.PasteEndMsg:
		return true
	}
	return false
}

// fire delivers the scheduled messages of the given type (tick or wake)
// whose time has come on the clock, as the program would.
func (h *harness) fireTicks() {
	h.t.Helper()
	pending := h.scheduled
	h.scheduled = nil
	for _, s := range pending {
		if tm, ok := s.msg.(tickMsg); ok {
			tm.at = h.m.screenNow() // as tickCmd reads it: the session's steady time
			h.send(tm)
			continue
		}
		h.send(s.msg)
	}
}

// keyPause is how long a person takes before a deliberate key, on the
// key guard's clock: longer than the guard.
const keyPause = time.Second

// key presses a key as a person does, having read the screen: "enter",
// "down", "ctrl+s", or a printable character.
func (h *harness) key(k string) {
	h.t.Helper()
	h.keys.Advance(keyPause)
	h.send(keyMsg(k))
}

// pick answers the current question with option d: the digit goes to it,
// enter answers.
func (h *harness) pick(d string) {
	h.t.Helper()
	h.key(d)
	h.key("enter")
}

// burst sends keys with no pause between them and after the last message
// (type-ahead, the tail of a paste): the key guard's clock stands still.
func (h *harness) burst(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// paste pastes text as the terminal delivers it, with no pause.
func (h *harness) paste(text string) {
	h.t.Helper()
	h.send(tea.PasteStartMsg{})
	h.send(tea.PasteMsg{Content: text})
	h.send(tea.PasteEndMsg{})
}

// typeText types text into whatever has the focus, after a person's pause.
func (h *harness) typeText(s string) {
	h.t.Helper()
	h.keys.Advance(keyPause)
	for _, r := range s {
		if r == '\n' {
			h.send(keyMsg("enter"))
			continue
		}
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is the current frame without styling.
func stripANSI(s string) string { return ansi.Strip(s) }

func (h *harness) screen() string {
	return ansi.Strip(h.m.View().Content)
}

// state is what the engine holds now.
func (h *harness) state() *incident.State { return h.m.inc.eng.State() }

// lastEvent is the type of the newest event in the engine.
func (h *harness) lastEvent() incident.Event {
	st := h.state()
	return st.Events[len(st.Events)-1]
}

// eventsOf counts the events of a type.
func eventsOf(st *incident.State, typ string) int {
	n := 0
	for _, e := range st.Events {
		if e.Type == typ {
			n++
		}
	}
	return n
}

// require fails unless the screen contains every want.
func (h *harness) require(want ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			h.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

// refuse fails if the screen contains any of bad.
func (h *harness) refuse(bad ...string) {
	h.t.Helper()
	s := h.screen()
	for _, b := range bad {
		if strings.Contains(s, b) {
			h.t.Fatalf("screen shows %q:\n%s", b, s)
		}
	}
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// osDir reads a directory of the repository as an fs.FS.
func osDir(dir string) fs.FS { return os.DirFS(dir) }

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// startHarnessNoInit is startHarness without Init's commands: Init listens
// to the subscription, which would block the synchronous harness.
func startHarnessNoInit(t testing.TB, m Model, clock *testkit.Clock, w, h int) *harness {
	t.Helper()
	m.after = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return scheduledMsg{after: d, msg: fn(clock.Now())} }
	}
	m.listen = poll
	keys := testkit.NewClock(t0)
	m.keyNow = keys.Now
	hs := &harness{t: t, m: m, clock: clock, keys: keys}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// dutyDue is a running duty started at start and due within d.
func dutyDue(start time.Time, d time.Duration) incident.Duty {
	return incident.Duty{ID: "x", Status: incident.StatusRunning, Started: start, Due: start.Add(d)}
}

// poll is listen for the synchronous harness: it takes the events that are
// already there and never waits. With none, it returns no message, and the
// loop of listening stops until the test polls again.
func poll(e engine, events <-chan incident.Event) tea.Cmd {
	if events == nil {
		return nil
	}
	return func() tea.Msg {
		got := false
		for {
			select {
			case _, ok := <-events:
				if !ok {
					if got {
						return stateMsg{st: e.State()}
					}
					return subClosedMsg{}
				}
				got = true
				continue
			default:
			}
			if got {
				return stateMsg{st: e.State()}
			}
			return nil
		}
	}
}

// testLibrary is a library of the shipped runbooks in shipped and the
// local directories dirs, highest precedence first (as $SHODO_RUNBOOKS
// lists them), run from an empty working directory.
func testLibrary(t testing.TB, shipped fs.FS, dirs ...string) *library.Library {
	t.Helper()
	abs := make([]string, len(dirs))
	for i, d := range dirs {
		var err error
		if abs[i], err = filepath.Abs(d); err != nil {
			t.Fatal(err)
		}
	}
	return library.New(library.Config{Shipped: shipped, Dirs: strings.Join(abs, string(os.PathListSeparator)), WorkDir: t.TempDir()})
}

// topIs reports whether the top dialog is a T.
func topIs[T dialog](h *harness) bool {
	_, ok := h.m.dialog().(T)
	return ok
}

// form is the form of the top dialog, failing when it has none.
func (h *harness) form() *form {
	h.t.Helper()
	f, ok := h.m.dialog().(interface{ formOf() *form })
	if !ok {
		h.t.Fatalf("the top dialog (%T) is not a form", h.m.dialog())
	}
	return f.formOf()
}

// pollSeat is awaitPresence without the wait: a change already signalled,
// or nothing (the test sends presenceMsg when another screen moves).
func pollSeat(s Seat) tea.Cmd {
	return func() tea.Msg {
		select {
		case _, ok := <-s.Changed():
			if ok {
				return presenceMsg{}
			}
		default:
		}
		return nil
	}
}
