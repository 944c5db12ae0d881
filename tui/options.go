package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// EnvHideExamples is the environment variable that, set to 1, hides the
// shipped examples (Options.HideExamples): cmd/shodo reads it, and the home
// screen names it when a list is empty because of it.
const EnvHideExamples = "SHODO_HIDE_EXAMPLES"

// EnvBell is the environment variable that, set to 0, keeps the terminal
// bell silent when a duty falls overdue (Options.Quiet).
const EnvBell = "SHODO_BELL"

// Options configure the app. The zero value works for everything but
// RunHome, which needs Home (and runbooks to offer).
type Options struct {
	// Lang is the language of the app's own words, a code of
	// i18n.Languages (cmd decides it with i18n.Decide); empty means the
	// locale's, by i18n.Decide too, and a code shodo does not speak means
	// English. Runbook text is shown as written.
	Lang string
	// Actor is who sits at this keyboard; every event records it. Empty
	// means DefaultActor(Getenv).
	Actor string
	// Now is the clock for countdowns and for incidents opened from the
	// home screen; nil means time.Now. Tests pass a fake clock and never
	// sleep. In a drill it is the real clock the drill's SimClock reads
	// (drill.StartOptions.Real): countdowns then follow the scenario clock,
	// and Now says when, in real time, to wake for it.
	Now func() time.Time
	// Home is shodo's state directory (incident.Home): the home screen lists
	// its incidents and opens new ones under it.
	Home string
	// Library is where the home screen finds the runbooks and drill
	// scenarios it offers: the team's own first, then the shipped
	// examples. Nil offers none.
	Library *library.Library
	// HideExamples leaves the shipped runbooks and scenarios off the home
	// screen ($SHODO_HIDE_EXAMPLES, EnvHideExamples), so that a team sees
	// only its own.
	HideExamples bool
	// Sealer signs the head of an incident or drill closed in the app
	// (incident.OpenOptions.Sealer); nil means the installation key under
	// Home.
	Sealer incident.Sealer
	// Quiet keeps the terminal bell silent when a duty falls overdue
	// (--no-bell, or $SHODO_BELL=0: EnvBell).
	Quiet bool
	// Getenv reads NO_COLOR and the defaults above; nil means os.Getenv.
	Getenv func(string) string
	// Incidents opens and resumes the incidents the screen works on when
	// set: shodo serve shares one session per incident among its screens.
	// Nil means the app opens them itself and holds each while its screen
	// is open.
	Incidents Incidents
	// Presence, when set, is who else is on the incident the screen is
	// on (shodo serve): the screen says which pane it shows, and a line
	// under the header names everyone on it, their role and their pane.
	Presence Presence
	// Roster, when set, is who may hold which runbook role (shodo serve:
	// the responders file): taking or handing over a role to anyone else
	// is refused. Nil lets anyone take any role.
	Roster Roster
	// Remote says the screen is served over SSH (shodo serve): its
	// terminal is not on this machine, so it never reads a file by the
	// name a responder types (those are the server's files), and a drill
	// is joined with the drill command, where the server tells the
	// facilitator from the players, never opened from the home screen.
	Remote bool
	// Words is the catalogue of Lang when the caller has one to share:
	// shodo serve loads one per language for all its screens instead of
	// one per screen (a megabyte each). Nil, or one of another language,
	// means the app loads its own.
	Words *i18n.Catalog
	// Input and Output replace the terminal; nil means the process's own.
	Input  io.Reader
	Output io.Writer
}

// Incidents gives screens their incidents (Options.Incidents). Each call
// returns the screen's release, called once when the screen leaves the
// incident; the session itself belongs to the Incidents.
type Incidents interface {
	Open(rb *runbook.Runbook, opt incident.OpenOptions) (*incident.Session, func() error, error)
	Resume(dir string, opt incident.ResumeOptions) (*incident.Session, func() error, error)
}

// Roster says who may hold which runbook role (Options.Roster).
// *serve.Responders satisfies it.
type Roster interface {
	// People are the people who may hold a role, in the roster's order.
	People() []string
	// Roles are the runbook roles person may hold.
	Roles(person string) []string
}

// openIncident opens an incident on rb, through o.Incidents when set.
func (o Options) openIncident(rb *runbook.Runbook, oo incident.OpenOptions) (*incident.Session, func() error, error) {
	if o.Incidents != nil {
		return o.Incidents.Open(rb, oo)
	}
	s, err := incident.Open(rb, oo)
	return s, nil, err
}

// resumeIncident resumes the incident in dir, through o.Incidents when set.
func (o Options) resumeIncident(dir string, ro incident.ResumeOptions) (*incident.Session, func() error, error) {
	if o.Incidents != nil {
		return o.Incidents.Resume(dir, ro)
	}
	s, err := incident.Resume(dir, ro)
	return s, nil, err
}

// withDefaults fills the explicit defaults: the one place the package reads
// the real clock and the process environment.
func (o Options) withDefaults() Options {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if lang, err := i18n.Decide(o.Lang, o.Getenv); err == nil {
		o.Lang = lang
	} else {
		o.Lang = i18n.English
	}
	if o.Actor = CleanActor(o.Actor); o.Actor == "" {
		o.Actor = DefaultActor(o.Getenv)
	}
	return o
}

// CleanActor is how a name given for the person at the keyboard (--actor,
// $SHODO_ACTOR) is recorded: one line, terminal-safe (escape sequences
// removed, invisible characters shown as <U+XXXX>), so that every later
// reader of the journal gets the same harmless name.
func CleanActor(name string) string { return oneLine(name) }

// DefaultActor names the person at the keyboard when no --actor is given:
// $SHODO_ACTOR, else the login name ($USER, $LOGNAME, $USERNAME), else
// "on-call". getenv is os.Getenv in production.
func DefaultActor(getenv func(string) string) string {
	for _, name := range []string{"SHODO_ACTOR", "USER", "LOGNAME", "USERNAME"} {
		if v := CleanActor(getenv(name)); v != "" {
			return v
		}
	}
	return "on-call"
}

// ErrInternal is wrapped by RunHome and RunIncident when the interface hit
// a bug (a recovered panic). The terminal is restored first, and nothing
// recorded is lost: the journal holds every acknowledged event.
var ErrInternal = errors.New("internal error in the terminal interface")

// NewHomeModel returns the home screen: runbooks to start an incident from,
// open incidents to resume, closed ones to export. Run it with
// tea.NewProgram(m, ProgramOptions(ctx, opt)...); after the program ends,
// call Release on the final model to detach an incident it opened.
func NewHomeModel(opt Options) Model {
	return newModel(opt.withDefaults(), nil, false)
}

// NewIncidentModel returns the incident screen over sess. The caller keeps
// ownership of sess: detach it after the program ends.
func NewIncidentModel(sess *incident.Session, opt Options) Model {
	return newModel(opt.withDefaults(), sess, false)
}

// NewSharedIncidentModel returns the incident screen over a session other
// screens share (shodo serve): every command records opt.Actor, and what
// the others record shows as it lands. Release, after the program ends,
// calls release, the screen's share; the session stays with the others.
func NewSharedIncidentModel(sess *incident.Session, release func() error, opt Options) Model {
	m := newModel(opt.withDefaults(), nil, false)
	m.home = homeState{}
	events, stop := sess.Subscribe()
	m.enterIncident(held(sess, release), true, events, stop, sess.State())
	return m
}

// ProgramOptions are the tea.Program options the app expects: the context,
// and the input and output of opt when set.
func ProgramOptions(ctx context.Context, opt Options) []tea.ProgramOption {
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if opt.Input != nil {
		opts = append(opts, tea.WithInput(opt.Input))
	}
	if opt.Output != nil {
		opts = append(opts, tea.WithOutput(opt.Output))
	}
	return opts
}

// RunHome runs the home screen until the user quits. An incident opened or
// resumed from it is detached (its lock released) before RunHome returns;
// it stays open for `shodo resume`.
func RunHome(ctx context.Context, opt Options) error {
	return run(ctx, opt, NewHomeModel(opt))
}

// RunIncident runs the incident screen over sess until the user quits. It
// does not detach sess: the caller does, when it is done with it.
func RunIncident(ctx context.Context, sess *incident.Session, opt Options) error {
	if sess == nil {
		return errors.New("run incident screen: no session")
	}
	return run(ctx, opt, NewIncidentModel(sess, opt))
}

func run(ctx context.Context, opt Options, m Model) error {
	final, err := tea.NewProgram(m, ProgramOptions(ctx, opt)...).Run()
	fm, ok := final.(Model)
	var relErr error
	if ok {
		relErr = fm.Release()
	}
	switch {
	case ok && fm.crash != "":
		return fmt.Errorf("%w: %s", ErrInternal, fm.crash)
	case ok && fm.viewCrash.get() != "":
		return fmt.Errorf("%w: %s", ErrInternal, fm.viewCrash.get())
	case errors.Is(err, tea.ErrProgramPanic):
		return fmt.Errorf("%w: %w", ErrInternal, err)
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("terminal interface: %w", ctx.Err())
	case err != nil:
		return fmt.Errorf("terminal interface: %w", err)
	}
	if relErr != nil {
		return fmt.Errorf("terminal interface: %w", relErr)
	}
	return nil
}
