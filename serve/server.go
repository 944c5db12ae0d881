// Package serve is shodo's SSH server: it serves the terminal app to every
// responder listed in a responders file, who connects with plain ssh, and
// shares one incident.Session per incident among their screens (Hub). It
// knows SSH and sessions; what each command opens is the caller's (Config.Screen).
package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// DefaultListen is where shodo serve listens unless told otherwise: this
// machine only. Another interface must be named explicitly.
const DefaultListen = "127.0.0.1:2222"

// DefaultIdle is how long a session may go without a key before it is
// disconnected.
const DefaultIdle = 30 * time.Minute

// DefaultMaxSessions is how many sessions one responder may have open at
// once: enough for a laptop and a phone and a few panes, few enough that
// a looping script cannot eat the server.
const DefaultMaxSessions = 10

// handshakeTimeout bounds the SSH handshake and authentication: a
// connection that stalls there is dropped.
const handshakeTimeout = 30 * time.Second

// responderExt is the permissions extension that carries the responder's
// name from authentication to the session: the name comes from the
// responders file, never from anything the client sends.
const responderExt = "shodo-responder"

// Config is what a Server needs.
type Config struct {
	// Responders is the only way in.
	Responders *Responders
	// HostKey is the server's identity (HostKey).
	HostKey gossh.Signer
	// Idle disconnects a session after this long without a key; 0 means
	// DefaultIdle.
	Idle time.Duration
	// MaxSessions bounds one responder's sessions at once; 0 means
	// DefaultMaxSessions.
	MaxSessions int
	// MaxInput is how many bytes of input a session takes in a second;
	// what is over it is dropped. 0 means DefaultMaxInput.
	MaxInput int
	// Lang is the language of what the server says before it knows who
	// connected (a refused key) and of its log.
	Lang string
	// Host names this machine in the line a refused key gets.
	Host string
	// Screen makes the screen a responder's command opens. Its error is
	// shown to them, one line, in their language (Request.Tx).
	Screen func(Request) (Screen, error)
	// Now is the clock of the idle timeout; nil means time.Now.
	Now func() time.Time
	// Log receives one line per connection, refusal and disconnection,
	// already worded; nil logs nothing.
	Log io.Writer
}

// Request is one SSH session's ask: who, which command, in which terminal.
type Request struct {
	Responder *Responder
	// Args is the command the client sent (`ssh host run db-outage`),
	// split into words; empty for the home screen.
	Args []string
	// Tx speaks the responder's language; the server shares it among
	// sessions (a screen may use it too: tui.Options.Words).
	Tx *i18n.Catalog
	// Getenv reads the client's environment (TERM, NO_COLOR, LANG); the
	// server's own environment is none of the session's business.
	Getenv func(string) string
}

// Screen is the program a session runs.
type Screen struct {
	Model tea.Model
	// Done is called once the program has ended, with its final model:
	// the screen releases what it holds (its share of an incident).
	Done func(final tea.Model)
}

// Server serves the app over SSH.
type Server struct {
	cfg Config
	tx  *i18n.Catalog
	ssh *ssh.Server

	mu       sync.Mutex
	sessions map[string]int // open sessions by responder name
	// words holds one catalogue per language for every session (a
	// catalogue is read-only once loaded, and a megabyte).
	words map[string]*i18n.Catalog
}

// New returns a server for cfg; Serve starts it.
func New(cfg Config) (*Server, error) {
	if cfg.Responders == nil || cfg.HostKey == nil || cfg.Screen == nil {
		return nil, errors.New("serve: responders, host key and screen are required")
	}
	if cfg.Idle <= 0 {
		cfg.Idle = DefaultIdle
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxInput <= 0 {
		cfg.MaxInput = DefaultMaxInput
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	s := &Server{cfg: cfg, tx: i18n.New(cfg.Lang), sessions: map[string]int{}, words: map[string]*i18n.Catalog{}}
	s.ssh = &ssh.Server{
		Handler:     s.handle,
		HostSigners: []ssh.Signer{cfg.HostKey},
		// Public keys only: no password, no keyboard-interactive.
		ServerConfigCallback: func(ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{PublicKeyCallback: s.authenticate}
		},
		// A client that connects and never completes the handshake is
		// dropped; an idle session is the handler's to end (it counts
		// keys, not the screen's own redraws).
		HandshakeTimeout: handshakeTimeout,
		// Sessions only, set here rather than taken from the library's
		// package-level defaults: no port forwarding, no global requests,
		// no subsystems (sftp, scp).
		ChannelHandlers:   map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler},
		RequestHandlers:   map[string]ssh.RequestHandler{},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{},
	}
	return s, nil
}

// Serve accepts connections on l until Close.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server and ends every session.
func (s *Server) Close() error { return s.ssh.Close() }

// authenticate admits a key of the responders file and names its
// responder; any other key is refused with a line saying whom to ask (an
// authentication banner, which ssh prints).
func (s *Server) authenticate(conn gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
	r, ok := s.cfg.Responders.Lookup(key)
	if !ok {
		fp := Fingerprint(key)
		s.logf("serve.log.refused", "Fingerprint", fp, "Addr", conn.RemoteAddr().String())
		var line string
		if c := s.cfg.Responders.Contact; c != "" {
			line = s.tx.T("serve.unknown-key", "Fingerprint", fp, "Contact", c)
		} else {
			line = s.tx.T("serve.unknown-key-host", "Fingerprint", fp, "Host", s.cfg.Host)
		}
		return nil, &gossh.BannerError{Err: errors.New("unknown key"), Message: line + "\r\n"}
	}
	return &gossh.Permissions{Extensions: map[string]string{responderExt: r.Name}}, nil
}

// responder is who authenticated on this session's connection.
func (s *Server) responder(ctx ssh.Context) (*Responder, bool) {
	p := ctx.Permissions()
	if p == nil || p.Permissions == nil {
		return nil, false
	}
	name, ok := p.Extensions[responderExt]
	if !ok {
		return nil, false
	}
	for _, r := range s.cfg.Responders.All() {
		if r.Name == name {
			return r, true
		}
	}
	return nil, false
}

// handle runs one SSH session: checks it, makes its screen, runs it.
func (s *Server) handle(sess ssh.Session) {
	defer func() {
		// A bug in one session ends that session, never the server and
		// the incidents it holds.
		if r := recover(); r != nil {
			s.logf("serve.log.panic", "Error", fmt.Sprint(r))
			_ = sess.Exit(1)
		}
	}()
	r, ok := s.responder(sess.Context())
	if !ok {
		_ = sess.Exit(1)
		return
	}
	tx := s.catalog(cmp.Or(r.Lang, s.cfg.Lang))
	if _, _, hasPty := sess.Pty(); !hasPty {
		s.say(sess, tx.T("serve.no-pty"))
		_ = sess.Exit(1)
		return
	}
	if !s.take(r.Name) {
		s.say(sess, tx.T("serve.too-many", "Name", r.Name, "Count", s.cfg.MaxSessions))
		_ = sess.Exit(1)
		return
	}
	defer s.leave(r.Name)
	env := environ(sess)
	req := Request{Responder: r, Args: sess.Command(), Tx: tx, Getenv: env}
	screen, err := s.cfg.Screen(req)
	if err != nil {
		s.say(sess, err.Error())
		_ = sess.Exit(1)
		return
	}
	s.logf("serve.log.connected", "Name", r.Name, "Addr", sess.RemoteAddr().String(), "Command", strings.Join(req.Args, " "))
	idled := s.run(sess, screen)
	s.logf("serve.log.left", "Name", r.Name, "Addr", sess.RemoteAddr().String())
	if idled {
		s.say(sess, tx.T("serve.idle", "Idle", s.cfg.Idle.String()))
	}
	_ = sess.Exit(0)
}

// run runs screen on the session until it quits, the client goes or the
// session falls idle, which it reports.
func (s *Server) run(sess ssh.Session, screen Screen) (idled bool) {
	_, windows, _ := sess.Pty()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	in := &activity{r: sess, now: s.cfg.Now, limit: s.cfg.MaxInput}
	in.touch()
	opts := append(bubbletea.MakeOptions(sess), tea.WithContext(ctx), tea.WithInput(in))
	p := tea.NewProgram(screen.Model, opts...)
	var idle atomic.Bool
	go func() {
		tick := time.NewTicker(min(s.cfg.Idle/4, time.Minute))
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case w := <-windows:
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			case <-tick.C:
				if in.idleFor(s.cfg.Idle) {
					idle.Store(true)
					cancel()
					return
				}
			}
		}
	}()
	final, _ := p.Run()
	p.Kill()
	if screen.Done != nil {
		screen.Done(final)
	}
	return idle.Load()
}

// catalog is the shared catalogue of lang.
func (s *Server) catalog(lang string) *i18n.Catalog {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.words[lang]; ok {
		return c
	}
	c := i18n.New(lang)
	s.words[lang] = c
	return c
}

// take counts a session of name, refusing one over the limit.
func (s *Server) take(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessions[name] >= s.cfg.MaxSessions {
		return false
	}
	s.sessions[name]++
	return true
}

func (s *Server) leave(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[name]--
	if s.sessions[name] <= 0 {
		delete(s.sessions, name)
	}
}

// Sessions reports how many sessions are open now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.sessions {
		n += c
	}
	return n
}

// say writes one line to the client's terminal, before or after its
// screen (a pty wants CR LF).
func (s *Server) say(sess ssh.Session, line string) {
	_, _ = io.WriteString(sess.Stderr(), strings.ReplaceAll(line, "\n", "\r\n")+"\r\n")
}

func (s *Server) logf(id string, args ...any) {
	fmt.Fprintln(s.cfg.Log, s.tx.T(id, args...))
}

// environ reads the client's environment and its terminal type.
func environ(sess ssh.Session) func(string) string {
	vars := map[string]string{}
	for _, kv := range sess.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	if pty, _, ok := sess.Pty(); ok && pty.Term != "" {
		vars["TERM"] = pty.Term
	}
	return func(k string) string { return vars[k] }
}

// DefaultMaxInput bounds what a session takes in a second: far beyond
// a person typing, and a pasted note of some 2,700 Japanese characters,
// it keeps a client that floods its session (a megabyte of keys at once,
// each of which costs the screen a redraw) from holding a CPU for
// minutes. Input over it is dropped.
const DefaultMaxInput = 8 << 10

// activity is the session's input, and when a key last came through it.
type activity struct {
	r     io.Reader
	now   func() time.Time
	limit int          // bytes a second
	last  atomic.Int64 // unix nanoseconds
	// window and taken count the input of the current second (Read is
	// called from one goroutine, the program's input reader).
	window time.Time
	taken  int
}

func (a *activity) Read(p []byte) (int, error) {
	for {
		n, err := a.r.Read(p)
		if n > 0 {
			a.touch()
			n = a.admit(n)
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// admit is how much of n bytes just read the session takes.
func (a *activity) admit(n int) int {
	now := a.now()
	if now.Sub(a.window) >= time.Second {
		a.window, a.taken = now, 0
	}
	n = min(n, a.limit-a.taken)
	a.taken += n
	return n
}

func (a *activity) touch() { a.last.Store(a.now().UnixNano()) }

// idleFor reports whether no input came for limit.
func (a *activity) idleFor(limit time.Duration) bool {
	return a.now().Sub(time.Unix(0, a.last.Load())) >= limit
}
