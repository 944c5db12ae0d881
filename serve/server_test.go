package serve

import (
	"cmp"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/tui"
)

// testServer is a Server on a random localhost port whose every session
// opens the incident screen of one shared incident.
type testServer struct {
	t      testing.TB
	srv    *Server
	hub    *Hub
	addr   string
	dir    string // the incident's directory
	hostFP string
	home   string
	clock  *testkit.Clock
}

// respKey is a responder's key pair, and the language of their screens
// (empty: the server's).
type respKey struct {
	signer gossh.Signer
	line   string
	lang   string
}

func newResponderKey(t testing.TB, comment string) respKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return respKey{signer: s, line: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + comment}
}

func startTestServer(t testing.TB, cfg Config, keys ...respKey) *testServer {
	t.Helper()
	return startTestServerWith(t, cfg, testScreens{}, keys...)
}

// testScreens is how a test server's sessions get their screens.
type testScreens struct {
	// make makes each session's screen; nil: the shared incident screen
	// of ts.dir.
	make func(ts *testServer, r Request) (Screen, error)
	// onFault is the hub's OnFault.
	onFault incident.FaultHook
}

// startTestServerWith is startTestServer with screens of the test's.
func startTestServerWith(t testing.TB, cfg Config, screens testScreens, keys ...respKey) *testServer {
	t.Helper()
	var src strings.Builder
	for i, k := range keys {
		fmt.Fprintf(&src, "[[responders]]\nname = \"R%d\"\nkeys = [%q]\n", i+1, k.line)
		if k.lang != "" {
			fmt.Fprintf(&src, "lang = %q\n", k.lang)
		}
	}
	rs, err := ParseResponders("responders.toml", []byte(src.String()), i18n.New(i18n.English))
	if err != nil {
		t.Fatal(err)
	}
	host, _, err := HostKey(filepath.Join(t.TempDir(), HostKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, addr: l.Addr().String(), hub: NewHub(l.Addr().String()), hostFP: Fingerprint(host.PublicKey())}
	ts.hub.OnFault = screens.onFault
	home := t.TempDir()
	clock := testkit.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	s, release, err := ts.hub.Open(loadRunbook(t), incident.OpenOptions{Home: home, Actor: "R1", Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ts.dir, ts.home, ts.clock = s.Dir(), home, clock
	must(t, release())
	cfg.Responders, cfg.HostKey = rs, host
	cfg.Screen = func(r Request) (Screen, error) {
		if screens.make != nil {
			return screens.make(ts, r)
		}
		sess, release, err := ts.hub.Resume(ts.dir, incident.ResumeOptions{Home: home, Clock: clock})
		if err != nil {
			return Screen{}, err
		}
		opt := tui.Options{Actor: r.Responder.Name, Lang: cmp.Or(r.Tx.Lang(), i18n.English), Now: clock.Now, Getenv: r.Getenv, Words: r.Tx}
		return Screen{Model: tui.NewSharedIncidentModel(sess, release, opt), Done: func(tea.Model) {
			_ = release()
		}}, nil
	}
	ts.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ts.srv.Serve(l) }()
	t.Cleanup(func() { _ = ts.srv.Close(); _ = ts.hub.Close() })
	return ts
}

func (ts *testServer) dial(k respKey, banner *strings.Builder) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: "x",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(k.signer)},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if Fingerprint(key) != ts.hostFP {
				return errors.New("wrong host key")
			}
			return nil
		},
		BannerCallback: func(m string) error {
			if banner != nil {
				banner.WriteString(m)
			}
			return nil
		},
		Timeout: 10 * time.Second,
	})
}

// term is one client session in a pseudo-terminal drawn into an emulator.
type term struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	em     *vt.SafeEmulator // nil unless emulated
	wrote  firstWrite       // when output first came after a mark
	drawn  <-chan struct{}  // closed by the session's first output
	out    strings.Builder  // everything received on stderr
	mu     sync.Mutex
	done   chan struct{} // closed when the session's stderr ends
}

func (ts *testServer) open(k respKey, w, h int) *term { return ts.openWith(k, w, h, true) }

// openWith opens a session; without an emulator (emulate false) its
// output is only timed, so that a benchmark weighs the server, not the
// test's terminals.
func (ts *testServer) openWith(k respKey, w, h int, emulate bool) *term {
	ts.t.Helper()
	c, err := ts.dial(k, nil)
	if err != nil {
		ts.t.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		ts.t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		ts.t.Fatal(err)
	}
	tm := &term{t: ts.t, client: c, sess: s, done: make(chan struct{})}
	tm.in, _ = s.StdinPipe()
	// Marked before the shell starts: a first frame that comes before
	// openWith returns is not missed.
	tm.drawn = tm.wrote.mark()
	stdout, _ := s.StdoutPipe()
	stderr, _ := s.StderrPipe()
	if emulate {
		tm.em = vt.NewSafeEmulator(w, h)
		go func() { _, _ = io.Copy(io.MultiWriter(tm.em, &tm.wrote), stdout) }()
		go func() { _, _ = io.Copy(tm.in, tm.em) }()
	} else {
		go func() { _, _ = io.Copy(&tm.wrote, stdout) }()
	}
	go func() {
		b, _ := io.ReadAll(stderr)
		tm.mu.Lock()
		tm.out.Write(b)
		tm.mu.Unlock()
		close(tm.done)
	}()
	if err := s.Shell(); err != nil {
		ts.t.Fatal(err)
	}
	ts.t.Cleanup(func() { _ = s.Close(); _ = c.Close() })
	return tm
}

func (tm *term) text() string { return ansi.Strip(tm.em.Render()) }

// pressUntil presses key until the screen shows want: a key the app's
// guard held back (typed as the screen changed) is pressed again, as a
// person would once they read the screen.
func (tm *term) pressUntil(key, want string) {
	tm.t.Helper()
	for range 50 {
		_, _ = io.WriteString(tm.in, key)
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(tm.text(), want) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	tm.t.Fatalf("screen never showed %q after pressing %q:\n%s", want, key, tm.text())
}

// stderr is what the server said on the session's stderr.
func (tm *term) stderr() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

func (tm *term) ended() bool {
	select {
	case <-tm.done:
		return true
	default:
		return false
	}
}

// waitFor polls the screen until it shows want; it waits for output,
// never for a clock.
func (tm *term) waitFor(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(tm.text(), want) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q:\n%s", want, tm.text())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitUntil polls cond with a deadline.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A 10×5 window shows the too-small notice, and the screen once it grows.
func TestTinyWindowThenResize(t *testing.T) {
	t.Parallel()
	k := newResponderKey(t, "a@b")
	ts := startTestServer(t, Config{}, k)
	tm := ts.open(k, 10, 5)
	tm.waitFor("small")
	must(t, tm.sess.WindowChange(30, 100))
	tm.em.Resize(100, 30)
	tm.waitFor("What was reported?")
}

// 1 MB of input at once neither kills the session nor the server: the
// screen still answers, and another responder still gets in.
func TestMegabyteOfInput(t *testing.T) {
	t.Parallel()
	a, b := newResponderKey(t, "a@b"), newResponderKey(t, "c@d")
	// A small limit keeps the test quick: each key the screen takes
	// costs it a redraw (TestInputFloodIsCut checks the default's cut).
	ts := startTestServer(t, Config{MaxInput: 512}, a, b)
	tm := ts.open(a, 100, 30)
	tm.waitFor("What was reported?")
	flood := strings.Repeat("z", 1<<20)
	if _, err := io.WriteString(tm.in, flood); err != nil {
		t.Fatalf("write 1 MB: %v", err)
	}
	other := ts.open(b, 100, 30)
	other.waitFor("What was reported?")
	// The flooded screen catches up and still takes keys.
	tm.pressUntil("n", "Add a note")
}

// 50 connections at once from one key: the first MaxSessions get a
// screen, the rest are told why not; none brings the server down.
func TestFiftyConnectionsFromOneKey(t *testing.T) {
	t.Parallel()
	k := newResponderKey(t, "a@b")
	ts := startTestServer(t, Config{MaxSessions: 5}, k)
	var wg sync.WaitGroup
	terms := make([]*term, 50)
	for i := range terms {
		wg.Go(func() { terms[i] = ts.open(k, 80, 24) })
	}
	wg.Wait()
	ended := func() (n int) {
		for _, tm := range terms {
			if tm.ended() {
				n++
			}
		}
		return n
	}
	waitUntil(t, "45 sessions refused", func() bool { return ended() == 45 })
	for _, tm := range terms {
		if tm.ended() && !strings.Contains(tm.stderr(), "R1 already has 5 sessions open on this server: close one first") {
			t.Errorf("a refused session was told %q", tm.stderr())
		}
	}
	if n := ts.srv.Sessions(); n != 5 {
		t.Fatalf("%d sessions open, want 5", n)
	}
}

// A session killed in the middle of a dialog records nothing of it,
// gives up its share of the incident, and the next responder finds the
// same state.
func TestSessionKilledMidDialog(t *testing.T) {
	t.Parallel()
	a, b := newResponderKey(t, "a@b"), newResponderKey(t, "c@d")
	ts := startTestServer(t, Config{}, a, b)
	tm := ts.open(a, 100, 30)
	tm.waitFor("What was reported?")
	waitUntil(t, "the hub holds the incident", func() bool { return ts.hub.Holding() == 1 })
	tm.pressUntil("n", "Add a note")
	_, _ = io.WriteString(tm.in, "half a sentence")
	tm.waitFor("half a sentence")
	_ = tm.client.Close() // the connection drops
	waitUntil(t, "the share is given up", func() bool { return ts.hub.Holding() == 0 && ts.srv.Sessions() == 0 })

	other := ts.open(b, 100, 30)
	other.waitFor("What was reported?")
	if _, err := incident.Resume(ts.dir, incident.ResumeOptions{}); err == nil {
		t.Fatal("the incident was not held while the second screen is on it")
	}
	for _, ev := range mustState(t, ts).Events {
		if ev.Type == incident.TypeNoteAdded {
			t.Fatalf("a note from the dropped dialog was recorded")
		}
	}
}

func mustState(t *testing.T, ts *testServer) *incident.State {
	t.Helper()
	s, release, err := ts.hub.Resume(ts.dir, incident.ResumeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	return s.State()
}

// A session is idle once no key came for the limit; the screen's own
// output does not count.
func TestIdleCountsKeysOnly(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	a := &activity{r: strings.NewReader("k"), now: clock.Now, limit: DefaultMaxInput}
	a.touch()
	clock.Advance(29 * time.Minute)
	if a.idleFor(30 * time.Minute) {
		t.Fatal("idle after 29 minutes of 30")
	}
	if _, err := a.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(29 * time.Minute)
	if a.idleFor(30 * time.Minute) {
		t.Fatal("a key did not count as activity")
	}
	clock.Advance(time.Minute)
	if !a.idleFor(30 * time.Minute) {
		t.Fatal("not idle after 30 minutes without a key")
	}
}

// A flood is cut to DefaultMaxInput in its second, the rest dropped;
// the next second takes input again.
func TestInputFloodIsCut(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	// The flood arrives in 4 KiB reads within one second; a second after
	// it, a key.
	var reads []scriptedRead
	for range (1 << 20) / 4096 {
		reads = append(reads, scriptedRead{data: strings.Repeat("z", 4096)})
	}
	reads = append(reads, scriptedRead{data: "n", before: func() { clock.Advance(time.Second) }})
	a := &activity{r: &script{reads: reads}, now: clock.Now, limit: DefaultMaxInput}
	var got strings.Builder
	_, err := io.Copy(&got, a)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat("z", DefaultMaxInput) + "n"
	if got.String() != want {
		t.Fatalf("took %d bytes of the flood, want %d then the key", got.Len(), DefaultMaxInput)
	}
}

// firstWrite records when output first came after the last mark.
type firstWrite struct {
	mu    sync.Mutex
	first time.Time
	wake  chan struct{}
}

func (f *firstWrite) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.first.IsZero() && f.wake != nil {
		f.first = time.Now()
		close(f.wake)
	}
	return len(p), nil
}

// mark forgets what came before and returns the channel closed by the
// next output.
func (f *firstWrite) mark() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.first, f.wake = time.Time{}, make(chan struct{})
	return f.wake
}

func (f *firstWrite) at() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.first
}

// script is a reader that returns its reads one by one, running each
// one's before first.
type script struct{ reads []scriptedRead }

type scriptedRead struct {
	data   string
	before func()
}

func (s *script) Read(p []byte) (int, error) {
	if len(s.reads) == 0 {
		return 0, io.EOF
	}
	r := s.reads[0]
	s.reads = s.reads[1:]
	if r.before != nil {
		r.before()
	}
	return copy(p, r.data), nil
}

// The responders file is the only way in: a password or
// keyboard-interactive answer gets no one in, not even with a listed
// responder's name, and a key not in the file is refused before any screen.
func TestOnlyListedKeysGetIn(t *testing.T) {
	t.Parallel()
	sato := newResponderKey(t, "sato@laptop")
	ts := startTestServer(t, Config{}, sato)
	answered := 0
	for name, auth := range map[string]gossh.AuthMethod{
		"password": gossh.Password("R1"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
			answered++
			return make([]string, len(questions)), nil
		}),
		"unknown key": gossh.PublicKeys(newResponderKey(t, "who@where").signer),
	} {
		c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
			User: "R1", Auth: []gossh.AuthMethod{auth},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
		})
		if err == nil {
			c.Close()
			t.Errorf("%s got in", name)
		}
	}
	if answered > 0 {
		t.Error("the server asked keyboard-interactive questions")
	}
	c, err := ts.dial(sato, nil)
	if err != nil {
		t.Fatalf("the listed key was refused: %v", err)
	}
	c.Close()
}
