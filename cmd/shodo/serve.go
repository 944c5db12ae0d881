package main

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/watch"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/serve"
	"github.com/shodo-dev/shodo/tui"
)

func newServeCmd(env environment) *cobra.Command {
	var (
		listen, responders string
		idle               time.Duration
		maxSessions        int
	)
	cmd := &cobra.Command{
		Use:   "serve --responders FILE",
		Short: "Serve shodo over SSH to every responder in a responders file",
		Long: `Serve runs an SSH server that gives every responder listed in the
responders file shodo's screens with plain ssh: several people work one
incident at once, each recorded under their own name, and what one records
shows on every screen once it is on disk.

Public keys are the only way in: a key not in the file is refused with a
line saying whom to ask (the file's contact). The host key is generated once
under the configuration directory (mode 0600); its fingerprint is printed at
start for responders to check. The server listens on this machine only
unless --listen names another interface.

A responder's ssh command opens a screen directly:

  ssh -t -p 2222 HOST                   the home screen
  ssh -t -p 2222 HOST run RUNBOOK       a new incident
  ssh -t -p 2222 HOST resume INCIDENT   an open incident, shared with everyone on it
  ssh -t -p 2222 HOST watch INCIDENT    read-only
  ssh -t -p 2222 HOST drill SCENARIO    a drill: a facilitator starts it, players join it

Every screen of an incident shows who is on it, in which role, on which
pane; T takes a runbook role or hands yours over, as the responders file's
roles allow, and the header names the incident commander. A responder with
the role "facilitator" runs drills: their screen has the notes, injects and
clock keys; players never see the facilitator's notes.

Observers (observer = true) only watch. Runbooks and incidents are named by
id, never by path. An incident a screen is on is held by the server: a local
shodo resume is told to connect with ssh, shodo watch still works.

docs/serve.md shows a responders file, a systemd unit, and how to restrict
who can reach the server.`,
		Example: `shodo serve --responders /etc/shodo/responders.toml
shodo serve --listen 10.0.0.5:2222 --responders responders.toml --idle 15m`,
		Args: usageArgs(noArgs),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			if responders == "" {
				return usage("cli.serve.no-responders")
			}
			tx := env.words()
			rs, err := serve.LoadResponders(responders, tx)
			if err != nil {
				fmt.Fprintln(env.stderr, visible(err.Error()))
				return errFindings
			}
			conf, err := env.configDir()
			if err != nil {
				return err
			}
			keyPath := filepath.Join(conf, serve.HostKeyFile)
			signer, created, err := serve.HostKey(keyPath)
			if err != nil {
				return err
			}
			opt, err := env.tuiOptions(&appFlags{})
			if err != nil {
				return err
			}
			l, err := net.Listen("tcp", listen)
			if err != nil {
				return err
			}
			addr := l.Addr().String()
			hub := serve.NewHub(addr)
			// Every screen on an incident is told, from its seat, when
			// the incident's journal stops taking records (a full disk).
			presence := serve.NewPresence()
			hub.OnFault = presence.SetFault
			hub.WriteFault = journalWriteFault(env.getenv)
			drills := serve.NewDrills()
			drills.OnFault = presence.SetFault
			hostname, _ := os.Hostname()
			srv, err := serve.New(serve.Config{
				Responders: rs, HostKey: signer, Idle: idle, MaxSessions: maxSessions,
				Lang: env.langCode(), Host: hostname, Log: env.stderr,
				Screen: env.serveScreen(served{hub: hub, drills: drills, presence: presence, responders: rs}, opt),
			})
			if err != nil {
				_ = l.Close()
				return err
			}
			host, port := tui.ServedAt(addr)
			if created {
				fmt.Fprintln(env.stderr, tx.T("cli.serve.new-host-key"))
			}
			fmt.Fprintf(env.stderr, "%s\n%s\n%s\n  ssh -t -p %s %s\n", tx.T("cli.serve.listening", "Addr", addr, "N", len(rs.All()), "File", visible(responders)),
				tx.T("cli.serve.host-key", "Fingerprint", serve.Fingerprint(signer.PublicKey()), "File", visible(keyPath)),
				tx.T("cli.serve.connect"), port, host)
			if reachableFromOthers(addr) {
				fmt.Fprintln(env.stderr, tx.T("cli.serve.not-local", "Addr", addr))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() {
				<-ctx.Done()
				_ = srv.Close()
			}()
			err = srv.Serve(l)
			err = errors.Join(err, hub.Close(), drills.Close())
			fmt.Fprintln(env.stderr, tx.T("cli.serve.stopped"))
			return err
		}),
	}
	cmd.Flags().StringVar(&listen, "listen", serve.DefaultListen, "address to listen on; another interface than this machine's must be named explicitly")
	cmd.Flags().StringVar(&responders, "responders", "", "the responders file: who may connect, with which SSH keys (required)")
	cmd.Flags().DurationVar(&idle, "idle", serve.DefaultIdle, "disconnect a session after this long without a key")
	cmd.Flags().IntVar(&maxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions one responder may have open at once")
	return cmd
}

// reachableFromOthers reports whether a server listening on addr (as the
// listener gives it: host and port) can be reached from other machines:
// anything but a loopback address, every interface ("[::]:2222",
// "0.0.0.0:2222") included.
func reachableFromOthers(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return true
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// served is what shodo serve shares among its screens: the incidents,
// the drills facilitators run, who is on which, and the responders file
// that says who may hold which role.
type served struct {
	hub        *serve.Hub
	drills     *serve.Drills
	presence   *serve.Presence
	responders *serve.Responders
}

// serveScreen makes the screen a responder's ssh command asks for: the
// home screen, an incident shared through the hub, a watch, or a drill
// (a facilitator's, shared with its players). Every screen records the
// responder's name from the responders file; an observer's is read-only.
// Its errors are already worded, in the responder's language.
func (env environment) serveScreen(sv served, base tui.Options) func(serve.Request) (serve.Screen, error) {
	hub := sv.hub
	return func(req serve.Request) (serve.Screen, error) {
		r, tx := req.Responder, req.Tx
		opt := base
		opt.Actor = r.Name
		opt.Lang = cmp.Or(r.Lang, base.Lang)
		opt.Words = tx
		opt.Getenv = req.Getenv
		opt.Incidents = hub
		opt.Presence = seats{sv.presence}
		opt.Roster = sv.responders
		opt.Remote = true
		opt.Input, opt.Output = nil, nil
		fail := func(err error) (serve.Screen, error) { return serve.Screen{}, errors.New(describe(tx, err)) }

		if len(req.Args) == 0 {
			if r.Observer {
				dir, err := env.onlyIncidentToWatch(opt.Home, tx)
				if err != nil {
					return serve.Screen{}, err
				}
				return watchScreen(dir, opt)
			}
			return sharedScreen(tui.NewHomeModel(opt), nil), nil
		}
		verb := req.Args[0]
		usageOf := map[string]string{"run": "run RUNBOOK", "resume": "resume INCIDENT", "watch": "watch INCIDENT", "drill": "drill SCENARIO"}
		if _, ok := usageOf[verb]; !ok {
			return serve.Screen{}, errors.New(tx.T("serve.command.unknown", "Command", visible(strings.Join(req.Args, " "))))
		}
		if len(req.Args) != 2 {
			return serve.Screen{}, errors.New(tx.T("serve.command.usage", "Command", verb, "Usage", usageOf[verb]))
		}
		arg := req.Args[1]
		// A remote responder names what the server's library and home
		// hold, never a file of the server's: a path would let anyone with
		// a key read the server's files as runbooks.
		if library.IsPath(arg) || strings.ContainsAny(arg, `/\`) {
			return serve.Screen{}, errors.New(tx.T("serve.command.path", "Arg", visible(arg)))
		}
		if r.Observer && (verb == "run" || verb == "drill") {
			return serve.Screen{}, errors.New(tx.T("serve.command.observer", "Name", visible(r.Name)))
		}
		switch verb {
		case "run":
			rb, _, err := env.resolveRunbook(arg)
			if err != nil {
				return fail(err)
			}
			sess, release, err := hub.Open(rb, incident.OpenOptions{Home: opt.Home, Actor: opt.Actor, Sealer: opt.Sealer})
			if sess == nil {
				return fail(err)
			}
			return sharedScreen(tui.NewSharedIncidentModel(sess, release, opt), release), nil
		case "drill":
			sc, _, err := env.resolveScenario(arg)
			if err != nil {
				return fail(err)
			}
			if !r.Facilitates() {
				// A player plays the drill a facilitator runs, and never
				// sees the facilitator's notes.
				d, release, ok := sv.drills.Join(sc.ID)
				if !ok {
					return serve.Screen{}, errors.New(tx.T("serve.command.no-drill", "Scenario", visible(sc.ID)))
				}
				return drillScreen(tui.NewDrillPlayerModel(d, opt), release), nil
			}
			d, release, err := sv.drills.Run(sc.ID, func() (*drill.Drill, error) {
				return continueOrStartDrill(sc, opt, sv.presence.SetFault)
			})
			if d == nil {
				return fail(err)
			}
			return drillScreen(tui.NewDrillModel(d, opt), release), nil
		}
		dir, err := env.findIncident(arg)
		if err != nil {
			return fail(err)
		}
		if verb == "watch" || r.Observer {
			return watchScreen(dir, opt)
		}
		sess, release, err := hub.Resume(dir, incident.ResumeOptions{Home: opt.Home, Actor: opt.Actor, Sealer: opt.Sealer})
		if sess == nil {
			return fail(err)
		}
		return sharedScreen(tui.NewSharedIncidentModel(sess, release, opt), release), nil
	}
}

// sharedScreen runs m and, once it ends, gives up what it holds: the
// final model's incident, and release when the screen was opened on one
// (in case the program ended without a final model).
func sharedScreen(m tui.Model, release func() error) serve.Screen {
	return serve.Screen{Model: m, Done: func(final tea.Model) {
		if fm, ok := final.(tui.Model); ok {
			_ = fm.Release()
		}
		if release != nil {
			_ = release()
		}
	}}
}

// drillScreen runs m, a screen of a drill shared through serve.Drills,
// and gives up its share once it ends.
func drillScreen(m tui.Model, release func() error) serve.Screen {
	return serve.Screen{Model: m, Done: func(final tea.Model) {
		if fm, ok := final.(tui.Model); ok {
			_ = fm.Release()
		}
		_ = release()
	}}
}

// seats gives the screens their seats in the server's presence.
type seats struct{ p *serve.Presence }

func (s seats) Enter(dir, person string, observer bool) tui.Seat {
	return seat{s.p.Enter(dir, person, observer)}
}

// seat is a serve.Seat in the words of the terminal app.
type seat struct{ *serve.Seat }

func (s seat) Present() []tui.Present {
	here := s.Seat.Present()
	out := make([]tui.Present, len(here))
	for i, h := range here {
		out[i] = tui.Present{Name: h.Name, Pane: h.Pane, Observer: h.Observer}
	}
	return out
}

// watchScreen is the read-only screen over the incident in dir, as shodo
// watch shows it.
func watchScreen(dir string, opt tui.Options) (serve.Screen, error) {
	w, err := watch.Open(dir)
	if err != nil {
		return serve.Screen{}, errors.New(describe(i18n.New(opt.Lang), err))
	}
	trig := watch.NewTrigger(w.Dir(), 0)
	return serve.Screen{Model: tui.NewWatchModel(w, trig, opt), Done: func(tea.Model) {
		_ = trig.Close()
		_ = w.Close()
	}}, nil
}

// onlyIncidentToWatch is the incident an observer who named none watches:
// the only open one.
func (env environment) onlyIncidentToWatch(home string, tx *i18n.Catalog) (string, error) {
	open, err := openIncidents(home)
	if err != nil {
		return "", errors.New(describe(tx, err))
	}
	switch len(open) {
	case 0:
		return "", errors.New(tx.T("serve.command.none-open"))
	case 1:
		return open[0].Dir, nil
	}
	ids := make([]string, len(open))
	for i, s := range open {
		ids[i] = visible(s.ID)
	}
	return "", errors.New(tx.T("serve.command.pick", "ID", ids[0], "Incidents", strings.Join(ids, ", ")))
}

// servedRefusal is what a local writer is told about an incident that
// shodo serve holds: connect with ssh, and the command that does, to print
// on a line of its own.
func servedRefusal(c *i18n.Catalog, id, served string, pid int) (lead, command string) {
	host, port := tui.ServedAt(served)
	return c.T("cli.locked.served", "ID", id, "Addr", served, "PID", strconv.Itoa(pid)),
		"ssh -t -p " + port + " " + host + " resume " + id
}

// continueOrStartDrill gives a facilitator the newest open drill of sc in
// the server's home — the one every screen left (a network blip takes
// them all) — paused where it stopped, or starts a new one, paused, when
// none is open. told hears when its journal stops and starts taking
// records (Presence.SetFault).
func continueOrStartDrill(sc *drill.Scenario, opt tui.Options, told incident.FaultHook) (*drill.Drill, error) {
	open, _, err := incident.ListRecent(opt.Home, 0, time.Time{})
	if err == nil {
		for _, s := range open {
			if s.Drill == sc.ID && !s.Closed && s.Err == nil {
				return drill.Resume(s.Dir, drill.ResumeOptions{Home: opt.Home, Actor: opt.Actor, Real: opt.Now, Sealer: opt.Sealer, OnFault: told})
			}
		}
	}
	return drill.Start(sc, drill.StartOptions{Home: opt.Home, Actor: opt.Actor, Real: opt.Now, Paused: true, Sealer: opt.Sealer, OnFault: told})
}
