package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// server is a `shodo serve` process under test.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  strings.Builder
	addr string
	// hostKey is the fingerprint the server printed: every client checks
	// the key it is shown against it.
	hostKey string
}

var (
	listeningRE   = regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`)
	fingerprintRE = regexp.MustCompile(`Host key (SHA256:\S+)`)
)

// startServer runs bin serve with args and waits for it to listen.
func startServer(t *testing.T, bin string, env []string, args ...string) *server {
	t.Helper()
	s := &server{t: t, cmd: exec.Command(bin, append([]string{"serve"}, args...)...)}
	s.cmd.Env = env
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.cmd.Process.Kill(); _ = s.cmd.Wait() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := sync.Once{}
		for sc.Scan() {
			s.mu.Lock()
			s.log.WriteString(sc.Text() + "\n")
			if m := fingerprintRE.FindStringSubmatch(sc.Text()); m != nil {
				s.hostKey = m[1]
				once.Do(func() { close(ready) })
			}
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				s.addr = m[1]
			}
			s.mu.Unlock()
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatalf("shodo serve did not start:\n%s", s.logText())
	}
	return s
}

func (s *server) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// dial connects with signer, checking the host key against the printed
// fingerprint; banner collects what the server says before refusing.
func (s *server) dial(signer gossh.Signer, banner *strings.Builder) (*gossh.Client, error) {
	return gossh.Dial("tcp", s.addr, &gossh.ClientConfig{
		User: "anyone",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if got := gossh.FingerprintSHA256(key); got != s.hostKey {
				return fmt.Errorf("host key %s, the server printed %s", got, s.hostKey)
			}
			return nil
		},
		BannerCallback: func(msg string) error {
			if banner != nil {
				banner.WriteString(msg)
			}
			return nil
		},
		Timeout: 10 * time.Second,
	})
}

// sshScreen is one responder's ssh session in a pseudo-terminal, drawn
// into a terminal emulator.
type sshScreen struct {
	t    *testing.T
	sess *gossh.Session
	in   io.WriteCloser
	em   *vt.SafeEmulator
}

// connect opens a session of signer's responder that runs command (empty:
// none) in a w×h terminal.
func (s *server) connect(signer gossh.Signer, w, h int, command string) *sshScreen {
	s.t.Helper()
	c, err := s.dial(signer, nil)
	if err != nil {
		s.t.Fatalf("connect: %v\n%s", err, s.logText())
	}
	sess, err := c.NewSession()
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { _ = sess.Close(); _ = c.Close() })
	// Keys typed as the screen changes would be held back by the app's
	// guard; the shodotest binary reads the guard from the session.
	_ = sess.Setenv("SHODO_TEST_ANSWER_GUARD", "0s")
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		s.t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	sc := &sshScreen{t: s.t, sess: sess, in: in, em: vt.NewSafeEmulator(w, h)}
	go func() { _, _ = io.Copy(sc.em, out) }()
	go func() { _, _ = io.Copy(in, sc.em) }() // the emulator's answers to the app's queries
	if command == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(command)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	return sc
}

func (s *sshScreen) text() string { return ansi.Strip(s.em.Render()) }

// waitFor polls the screen until it shows every one of want: it waits for
// output, never for a clock.
func (s *sshScreen) waitFor(want ...string) string {
	s.t.Helper()
	return pollScreen(s.t, s.text, 20*time.Second, want...)
}

func (s *sshScreen) press(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(s.in, k); err != nil {
			s.t.Fatalf("type %q: %v", k, err)
		}
	}
}

// pressUntil presses key until the screen shows want.
func (s *sshScreen) pressUntil(key, want string) {
	s.t.Helper()
	for range 20 {
		s.press(key)
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(s.text(), want) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	s.t.Fatalf("screen never showed %q after pressing %q; it shows:\n%s", want, key, s.text())
}

// responderKey makes a key pair and its authorized_keys line.
func responderKey(t *testing.T, comment string) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + comment
}

// threeResponders writes dir/responders.toml for the served tests: Sato
// (English, may take the IC role), Tanaka (Japanese) and Suzuki (an
// observer), with whom a stranger is to ask; it returns their keys and the
// file's path.
func threeResponders(t *testing.T, dir string) (sato, tanaka, suzuki gossh.Signer, path string) {
	t.Helper()
	sato, satoLine := responderKey(t, "sato@laptop")
	tanaka, tanakaLine := responderKey(t, "tanaka@desk")
	suzuki, suzukiLine := responderKey(t, "suzuki@tablet")
	path = filepath.Join(dir, "responders.toml")
	if err := os.WriteFile(path, []byte(`contact = "Sato, IT systems, ext. 1234"

[[responders]]
name = "Sato"
keys = ["`+satoLine+`"]
roles = ["ic"]

[[responders]]
name = "Tanaka"
keys = ["`+tanakaLine+`"]
lang = "ja"

[[responders]]
name = "Suzuki"
keys = ["`+suzukiLine+`"]
observer = true
`), 0o600); err != nil {
		t.Fatal(err)
	}
	return sato, tanaka, suzuki, path
}

// journalRecords reads every record of the one journal under home.
func journalRecords(t *testing.T, home string) []struct{ Actor, Type string } {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(home, "incidents", "*", "timeline.jsonl"))
	if len(paths) != 1 {
		t.Fatalf("want one journal under %s, found %v", home, paths)
	}
	raw, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	var out []struct{ Actor, Type string }
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var r struct {
			Actor string `json:"actor"`
			Type  string `json:"type"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("journal line %q: %v", line, err)
		}
		out = append(out, struct{ Actor, Type string }{r.Actor, r.Type})
	}
	return out
}

// The acceptance run of shodo serve, on the real binary: a
// commander, an on-call engineer (in Japanese) and an observer connect
// with ssh in pseudo-terminals; what on-call answers shows on the
// commander's screen; the observer cannot record; both press done on one
// duty at once and one duty.done is recorded, the other told who did it;
// every record names its responder; an unknown key is refused with whom
// to ask; a bare ssh opens the home screen; a local resume is sent to ssh,
// and a local watch follows the served incident; the server killed -9
// with five sessions attached and restarted has lost nothing
// acknowledged, and the commander and on-call reconnect to the same state.
func TestServeThreeResponders(t *testing.T) {
	bin, err := buildShodoTest()
	if err != nil {
		t.Fatalf("build shodo -tags shodotest: %v", err)
	}
	dir := t.TempDir()
	shodoHome := filepath.Join(dir, "shodo")
	env := []string{"HOME=" + dir, "SHODO_HOME=" + shodoHome, "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH")}
	sato, tanaka, suzuki, responders := threeResponders(t, dir)
	stranger, _ := responderKey(t, "who@where")
	srv := startServer(t, bin, env, "--listen", "127.0.0.1:0", "--responders", responders)
	if info, err := os.Stat(filepath.Join(dir, ".config", "shodo", "serve_host_ed25519_key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v %v", info, err)
	}

	// An unknown key is refused, with whom to ask.
	var banner strings.Builder
	if _, err := srv.dial(stranger, &banner); err == nil {
		t.Fatal("an unknown key got in")
	}
	if !strings.Contains(banner.String(), "is not in shodo serve's responders file. Ask Sato, IT systems, ext. 1234 to add it.") {
		t.Errorf("the refused key was told %q", banner.String())
	}
	// A client without a terminal is told why, and let go.
	c, err := srv.dial(sato, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := c.NewSession()
	out, _ := plain.CombinedOutput("run service-failure")
	if !strings.Contains(string(out), "this connection has no terminal: connect with ssh -t") {
		t.Errorf("a session without a pty was told %q", out)
	}
	c.Close()

	// No command: the home screen, as the responder named in the file.
	home := srv.connect(sato, 100, 30, "")
	home.waitFor("shodo: the first moves", "you are Sato", "service-failure")
	home.press("q")

	commander := srv.connect(sato, 100, 30, "run service-failure")
	id := incidentID.FindString(commander.waitFor("What was reported first?", "LIVE"))
	if id == "" {
		t.Fatalf("no incident id:\n%s", commander.text())
	}
	oncall := srv.connect(tanaka, 100, 30, "resume "+id)
	oncall.waitFor("What was reported first?", "経過")
	observer := srv.connect(suzuki, 100, 30, "")
	observer.waitFor("WATCHING", "shodo serve on "+srv.addr)

	// A local resume is sent to ssh; a local watch still works (below).
	local := exec.Command(bin, "resume", id)
	local.Env = env
	stderr, _ := local.CombinedOutput()
	_, port, _ := net.SplitHostPort(srv.addr)
	for _, want := range []string{"is served by shodo serve on " + srv.addr, "  ssh -t -p " + port + " 127.0.0.1 resume " + id, "  shodo watch " + id} {
		if !strings.Contains(string(stderr), want) {
			t.Errorf("the local resume does not say %q:\n%s", want, stderr)
		}
	}

	localWatch := startScreenWith(t, bin, append(env, "TERM=xterm-256color"), 100, 30, "watch", id)
	localWatch.waitFor("WATCHING", "shodo serve on "+srv.addr)

	// On-call answers; the commander sees it, and so does the local watch.
	oncall.pressUntil("1", "> 1. ")
	oncall.press("\r")
	commander.waitFor("Was anything changed shortly before it started?", "Timeline (6)")
	localWatch.waitFor("Was anything changed shortly before it started?", "Timeline (6)")

	// The observer cannot record.
	observer.press("\t")
	observer.pressUntil("d", "read-only: watching (the writer records)")

	// Both press done on the first duty at once.
	for _, s := range []*sshScreen{commander, oncall} {
		s.press("\t")
	}
	commander.pressUntil("d", "Mark done:")
	oncall.pressUntil("d", "完了にする：")
	var wg sync.WaitGroup
	for _, s := range []*sshScreen{commander, oncall} {
		wg.Go(func() { _, _ = io.WriteString(s.in, "\r") })
	}
	wg.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for {
		a, b := commander.text(), oncall.text()
		if strings.Contains(a, "Recorded: done") && strings.Contains(b, "Sato さんが完了を記録済みです") ||
			strings.Contains(b, "記録しました：完了") && strings.Contains(a, "was done by Tanaka") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no winner and told loser:\n%s\n----\n%s", a, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	recs := journalRecords(t, shodoHome)
	dones, answered := 0, ""
	for _, r := range recs {
		switch r.Type {
		case "duty.done":
			dones++
		case "triage.answered":
			answered = r.Actor
		}
	}
	if dones != 1 || answered != "Tanaka" || recs[0].Actor != "Sato" {
		t.Fatalf("journal: %d duty.done, answer by %q, opened by %q; want 1, Tanaka, Sato", dones, answered, recs[0].Actor)
	}
	for _, r := range recs {
		if r.Actor == "Suzuki" {
			t.Errorf("the observer recorded %s", r.Type)
		}
	}

	// Killed -9 with five sessions attached (Sato and Tanaka each on a
	// second screen too) and started again: nothing acknowledged is lost,
	// and the commander and on-call reconnect to the same state.
	timeline := regexp.MustCompile(`Timeline \(\d+\)`).FindString(commander.text())
	if timeline == "" {
		t.Fatalf("no timeline count:\n%s", commander.text())
	}
	jaTimeline := "タイムライン（" + strings.TrimSuffix(strings.TrimPrefix(timeline, "Timeline ("), ")") + "）"
	srv.connect(sato, 100, 30, "resume "+id).waitFor(timeline)
	srv.connect(tanaka, 100, 30, "resume "+id).waitFor(jaTimeline)
	_ = srv.cmd.Process.Signal(syscall.SIGKILL)
	_ = srv.cmd.Wait()
	again := startServer(t, bin, env, "--listen", srv.addr, "--responders", responders)
	if again.hostKey != srv.hostKey {
		t.Errorf("the host key changed across a restart: %s, was %s", again.hostKey, srv.hostKey)
	}
	back := again.connect(sato, 100, 30, "resume "+id)
	back.waitFor("Was anything changed shortly before it started?", timeline)
	again.connect(tanaka, 100, 30, "resume "+id).waitFor(jaTimeline)
	after := journalRecords(t, shodoHome)
	if len(after) < len(recs) {
		t.Fatalf("records after the restart: %d, were %d", len(after), len(recs))
	}
	for i := range recs {
		if after[i] != recs[i] {
			t.Fatalf("record %d is %v after the restart, was %v", i+1, after[i], recs[i])
		}
	}
}

// The server refuses to start on a responders file that lists a key twice,
// saying where.
func TestServeRefusesABadRespondersFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, line := responderKey(t, "sato@laptop")
	path := filepath.Join(dir, "responders.toml")
	src := "[[responders]]\nname = \"Sato\"\nkeys = [\"" + line + "\"]\n[[responders]]\nname = \"Tanaka\"\nkeys = [\"" + line + "\"]\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	env, _ := testEnv(t)
	r := shell(t, env, "serve", "--responders", path)
	if r.code != exitFindings || !strings.Contains(r.stderr, path+":6:22: this key is listed twice, for Sato and again for Tanaka") {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
	r = shell(t, env, "serve")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--responders FILE") {
		t.Errorf("without --responders: exit %d:\n%s", r.code, r.stderr)
	}
}
