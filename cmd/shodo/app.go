package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/claimed"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/tui"
)

// appFlags are the flags of the commands that start the terminal app
// (their language is the root's --lang).
type appFlags struct {
	actor string
	// key picks the SSH key that seals an incident closed in the app.
	key string
	// noBell keeps the terminal bell silent when a duty falls overdue.
	noBell bool
}

func addAppFlags(cmd *cobra.Command) *appFlags {
	f := &appFlags{}
	cmd.Flags().StringVar(&f.actor, "actor", "", "who is at this keyboard, recorded on every event and signed under copied messages (default $SHODO_ACTOR, else name in config.toml in the configuration directory, else your login name)")
	cmd.Flags().StringVar(&f.key, "key", "", "the SSH agent key that seals an incident you close: SHA256 fingerprint, public key or its file (default $SHODO_SIGNING_KEY, else the agent's first ed25519 key; see shodo seal --help)")
	cmd.Flags().BoolVar(&f.noBell, "no-bell", false, "do not ring the terminal bell when a duty falls overdue (by default it rings once per duty; $SHODO_BELL=0 does the same)")
	return f
}

// tuiOptions builds the app's options from the environment and flags.
func (env environment) tuiOptions(f *appFlags) (tui.Options, error) {
	home, err := env.home()
	if err != nil {
		return tui.Options{}, err
	}
	lib, err := env.library()
	if err != nil {
		return tui.Options{}, err
	}
	hide, err := env.hideExamples()
	if err != nil {
		return tui.Options{}, err
	}
	bell, err := env.bell()
	if err != nil {
		return tui.Options{}, err
	}
	actor, err := env.responder(f.actor)
	if err != nil {
		return tui.Options{}, err
	}
	return tui.Options{
		Lang:         env.langCode(),
		Actor:        actor,
		Home:         home,
		Library:      lib,
		HideExamples: hide,
		Sealer:       env.sealer(f.key),
		Quiet:        f.noBell || !bell,
		Getenv:       env.getenv,
	}, nil
}

// hideExamples reads $SHODO_HIDE_EXAMPLES: set to 1 (or true), the home
// screen offers only the team's own runbooks and drills, not the shipped
// examples.
func (env environment) hideExamples() (bool, error) {
	s := env.getenv(envHideExamples)
	if s == "" {
		return false, nil
	}
	hide, err := strconv.ParseBool(s)
	if err != nil {
		return false, usage("cli.err.hide-examples", "Var", envHideExamples, "Value", fmt.Sprintf("%q", s))
	}
	return hide, nil
}

// bell reads $SHODO_BELL: unset or 1 (true), the app rings the terminal
// bell once when a duty falls overdue; 0 (false) keeps it silent.
func (env environment) bell() (bool, error) {
	s := env.getenv(envBell)
	if s == "" {
		return true, nil
	}
	on, err := strconv.ParseBool(s)
	if err != nil {
		return true, usage("cli.err.bell", "Var", envBell, "Value", fmt.Sprintf("%q", s))
	}
	return on, nil
}

// runHome is `shodo` with no command: the home screen.
func runHome(ctx context.Context, env environment, f *appFlags) error {
	opt, err := env.tuiOptions(f)
	if err != nil {
		return err
	}
	if err := env.askName(ctx, f.actor, &opt); err != nil {
		return err
	}
	runErr := tui.RunHome(ctx, opt)
	env.printLeftOpen(i18n.New(opt.Lang), opt.Home)
	return runErr
}

// printLeftOpen says, on leaving the home screen, what stays open and how
// to continue, as run and resume do on leaving an incident, and where the
// incidents are kept.
func (env environment) printLeftOpen(c *i18n.Catalog, home string) {
	dir := incident.IncidentsDir(home)
	open, err := openIncidents(home)
	if err != nil {
		return // the home screen has said what it could not read
	}
	switch len(open) {
	case 0:
		fmt.Fprintln(env.stderr, visible(c.T("cli.home.none-open", "Dir", dir)))
	case 1:
		fmt.Fprintln(env.stderr, visible(c.T("cli.home.one-open", "ID", open[0].ID, "Dir", dir)))
	default:
		now, err := env.now()
		if err != nil {
			now = time.Now()
		}
		fmt.Fprintln(env.stderr, visible(c.T("cli.home.several-open", "Count", len(open), "Dir", dir, "Incidents", resumeChoices(c, open, now))))
	}
}

func newRunCmd(env environment) *cobra.Command {
	var flags *appFlags
	var since, title string
	var noTUI bool
	cmd := &cobra.Command{
		Use:   "run RUNBOOK",
		Short: "Start an incident on a runbook and open it in the terminal app",
		Long: `Run opens a new incident on RUNBOOK (a path, or a runbook id that shodo list
shows) and shows it: the triage question to answer, the duties whose clocks are
running, and the timeline. Every step is written to disk (fsynced) before the
screen shows it as recorded, so closing the terminal loses nothing: continue
with shodo resume.

--since says when the incident really began, when the team became aware
before opening shodo: the clocks of the duties that start on opening count
from it, and both it and the time of opening are recorded. It takes
2026-12-02T01:30:00+09:00 (RFC 3339), "2026-12-02 01:30" or 01:30 (local time;
a bare time is today's), or "2h ago", "90m ago", -2h.

--title names the incident ("Checkout fails for every card"): one line, shown in
the header, on the home screen, in shodo list and resume, and in every export. A
title with a control character (a newline, a tab, an escape, a bidirectional
control) is refused, never cleaned: what is stored is what was typed.

Without a terminal (a pipe, a script, cron) run refuses before creating
anything, unless told --no-tui: then it opens the incident, prints what it
started (its id and directory, the duties started and when each is due) and
exits, leaving the incident open for shodo resume.`,
		Example: `shodo run service-failure
shodo run service-failure-ja --actor sato
shodo run service-failure --since "2h ago"
shodo run service-failure --since "2026-12-02 01:30"
shodo run service-failure --title "Checkout fails for every card"
shodo run service-failure --no-tui --title "Opened by the monitoring hook"
shodo run ./runbooks/db-outage.toml`,
		Args:              usageArgs(exactlyOneRunbook),
		ValidArgsFunction: env.completeRunbook,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			title = strings.TrimSpace(title)
			if err := incident.CheckTitle(title); err != nil {
				return usage("cli.run.bad-title", "Error", err)
			}
			rb, diags, err := env.resolveRunbook(args[0])
			if err != nil {
				printDiagnostics(env.stderr, env.words(), diags)
				return err
			}
			opt, err := env.tuiOptions(flags)
			if err != nil {
				return err
			}
			opt.Lang = env.appLang(cmd, opt.Lang, rb.Lang)
			began, err := sinceFlag(since, time.Now())
			if err != nil {
				return err
			}
			if !noTUI && !env.interactive {
				// Refused before anything is created: an incident opened
				// where no one can see it starts clocks no one watches.
				return usage("cli.run.no-terminal")
			}
			if !noTUI {
				// Asked before the incident opens: its opening records the name.
				if err := env.askName(cmd.Context(), flags.actor, &opt); err != nil {
					return err
				}
			}
			sess, err := incident.Open(rb, incident.OpenOptions{Home: opt.Home, Actor: opt.Actor, Since: began, Title: title, Clock: env.incidentClock(), Sealer: opt.Sealer})
			if err != nil {
				return err
			}
			if noTUI {
				return env.printStarted(sess, i18n.New(opt.Lang))
			}
			if st := sess.State(); !st.Happened.IsZero() {
				// Said before the app takes the screen, and left above it
				// afterwards: what was claimed, and when it was recorded.
				c := i18n.New(opt.Lang)
				fmt.Fprintln(env.stderr, visible(c.T("cli.since.opened", "ID", st.ID,
					"Claimed", st.Happened.Format(time.RFC3339), "Recorded", st.Opened.Format(time.RFC3339))))
			}
			return env.runIncident(cmd.Context(), sess, opt)
		}),
	}
	flags = addAppFlags(cmd)
	cmd.Flags().StringVar(&title, "title", "", "the incident's title, one line (shown in lists, the header and exports)")
	cmd.Flags().BoolVar(&noTUI, "no-tui", false, "open the incident, print what it started and exit, without the terminal app (for scripts)")
	cmd.Flags().StringVar(&since, "since", "", `when the incident really began, if before now: RFC 3339, "2026-12-02 01:30", 01:30 (today), "2h ago" or -2h`)
	return cmd
}

// sinceFlag reads --since at now (internal/claimed): the zero time when it
// is empty; a usage error, saying the forms it takes, when it cannot be
// read or is in the future.
func sinceFlag(text string, now time.Time) (time.Time, error) {
	began, err := claimed.Parse(text, now)
	var refused *claimed.Error
	if !errors.As(err, &refused) {
		return began, err
	}
	switch refused.Code {
	case claimed.CodeLater:
		return time.Time{}, usage("cli.since.later", "Text", fmt.Sprintf("%q", refused.Text),
			"Time", refused.Time.Format(time.RFC3339), "Now", refused.Now.Format(time.RFC3339))
	case claimed.CodeLaterToday:
		return time.Time{}, usage("cli.since.later-today", "Text", fmt.Sprintf("%q", refused.Text),
			"Example", fmt.Sprintf("%q", refused.Date+" "+refused.Text))
	case claimed.CodeTooOld:
		return time.Time{}, usage("cli.since.too-old", "Text", fmt.Sprintf("%q", refused.Text),
			"Time", refused.Time.Format(time.RFC3339), "Days", claimed.MaxAgoDays)
	}
	return time.Time{}, usage("cli.since.malformed", "Text", fmt.Sprintf("%q", refused.Text))
}

func newResumeCmd(env environment) *cobra.Command {
	var flags *appFlags
	cmd := &cobra.Command{
		Use:   "resume [INCIDENT]",
		Short: "Reopen an incident where it was left (the only open one by default)",
		Long: `Resume replays an incident's journal and shows it again, exactly as it was:
the path answered, the verdict, every duty's clock. A last line torn by a crash
is kept in a quarantine file and noted on the timeline; nothing acknowledged is
lost. Without INCIDENT it resumes the only open incident. A drill resumes as a
drill, paused at the scenario time it stopped at, and no inject is delivered
twice.`,
		Example: `shodo resume
shodo resume INC-20261125-7F3A`,
		Args:              usageArgs(atMostOneIncident),
		ValidArgsFunction: env.completeIncidents,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opt, err := env.tuiOptions(flags)
			if err != nil {
				return err
			}
			dir, err := env.incidentArg(opt.Home, "resume", args)
			if err != nil {
				return err
			}
			if err := env.askName(cmd.Context(), flags.actor, &opt); err != nil {
				return err
			}
			return env.refuseSecondWriter(env.resumeSession(cmd.Context(), cmd, dir, opt), dir)
		}),
	}
	flags = addAppFlags(cmd)
	return cmd
}

// runIncident shows sess until the user quits, then releases it and says
// how to continue.
func (env environment) runIncident(ctx context.Context, sess *incident.Session, opt tui.Options) error {
	runErr := tui.RunIncident(ctx, sess, opt)
	detachErr := sess.Detach()
	st := sess.State()
	if st.Closed {
		// The screen may have reopened it after the close, in a session
		// of its own (a close releases this one): the journal says.
		if in, err := export.Read(sess.Dir()); err == nil {
			st = in.State
		}
	}
	c := i18n.New(opt.Lang)
	if st.Closed {
		fmt.Fprintln(env.stderr, visible(c.T("cli.incident.closed", "ID", st.ID, "Dir", sess.Dir())))
		// The signed head, for the ticket: a copy off this machine is what
		// makes a journal cut short detectable later.
		if head, err := journal.ReadHead(filepath.Join(sess.Dir(), journal.HeadFile)); err == nil {
			fmt.Fprintf(env.stderr, "\n%s\n", c.T("cli.head.paste"))
			printHead(env.stderr, c, sess.Dir(), head)
		}
		if note := env.sealedWith(c, opt.Sealer); note != "" {
			fmt.Fprintln(env.stderr, note)
		}
	} else {
		fmt.Fprintln(env.stderr, visible(c.T("cli.incident.stays-open", "ID", st.ID, "Dir", sess.Dir())))
	}
	return errors.Join(runErr, detachErr)
}

// onlyOpenIncident finds the incident `shodo resume` and `shodo watch`
// (command) take by default: the only one not closed. With several, it
// lists them (drills marked) so that the next command can name one.
func (env environment) onlyOpenIncident(home, command string) (string, error) {
	open, err := openIncidents(home)
	if err != nil {
		return "", err
	}
	switch len(open) {
	case 0:
		// Nothing is wrong with the command line: there is nothing to
		// resume or watch (exit 1, without a pointer to the help).
		return "", say("cli."+command+".none-open", "Dir", incident.IncidentsDir(home))
	case 1:
		return open[0].Dir, nil
	}
	now, err := env.now()
	if err != nil {
		return "", err
	}
	return "", usage("cli."+command+".several-open", "Count", len(open), "Incidents", resumeChoices(env.words(), open, now), "ID", open[0].ID)
}

// openIncidents lists the incidents of home that are not closed and can be
// read, newest first. No closed incident is summarised, and the index's
// archive is not read (incident.ListRecent): a resume costs the same in an
// archive of ten thousand as in one of ten.
func openIncidents(home string) ([]incident.Summary, error) {
	sums, _, err := incident.ListRecent(home, 0, time.Time{})
	if err != nil {
		return nil, err
	}
	var open []incident.Summary
	for _, s := range sums {
		if s.Phase != incident.PhaseClosed && s.Err == nil {
			open = append(open, s)
		}
	}
	return open, nil
}

// incidentArg is the incident directory a command (resume, watch) names in
// args, or the only open incident when it names none.
func (env environment) incidentArg(home, command string, args []string) (string, error) {
	if len(args) == 1 {
		return env.findIncident(args[0])
	}
	return env.onlyOpenIncident(home, command)
}

// appLang is the language of the app's own words around a runbook or
// scenario: --lang when given, else the locale's when it names a language,
// else the content's own, so that a Japanese runbook or drill on a machine
// in the C locale is not framed in English.
func (env environment) appLang(cmd *cobra.Command, lang, contentLang string) string {
	speaks := slices.ContainsFunc(i18n.Languages(), func(l i18n.Language) bool { return l.Selectable && l.Code == contentLang })
	if cmd.Flags().Changed("lang") || !speaks {
		return lang
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := env.getenv(name)
		if v == "" {
			continue
		}
		if base, _, _ := strings.Cut(v, "."); base != "C" && base != "POSIX" {
			return lang // the locale decided
		}
		break
	}
	return contentLang
}

// incidentClock is the clock of an incident the CLI opens: the system
// clock, or the fixed time of $SHODO_NOW when it is set (tests, and
// reproducible output of run --no-tui).
func (env environment) incidentClock() incident.Clock {
	if env.getenv(envNow) == "" {
		return nil
	}
	now, err := env.now()
	if err != nil {
		return nil
	}
	return incident.ClockFunc(func() time.Time { return now })
}

// printStarted says what run --no-tui started, on stdout: the incident
// and its directory, each duty that started and when it is due, and how to
// continue. The incident is left open, detached, for shodo resume.
func (env environment) printStarted(sess *incident.Session, c *i18n.Catalog) error {
	st := sess.State()
	detachErr := sess.Detach()
	w := env.stdout
	name := export.Named(c, st.Name, st.Runbook.Title, st.Drill != nil)
	fmt.Fprintln(w, visible(c.T("cli.run.started", "ID", st.ID, "Title", oneLine(name), "Runbook", st.Runbook.ID)))
	fmt.Fprintln(w, visible(c.T("cli.run.dir", "Dir", sess.Dir())))
	var started []*incident.Duty
	for i := range st.Duties {
		if d := &st.Duties[i]; d.Status == incident.StatusRunning {
			started = append(started, d)
		}
	}
	// Soonest first, as a person acts on them; those without a deadline
	// last.
	slices.SortStableFunc(started, func(a, b *incident.Duty) int {
		switch {
		case a.Due.IsZero() || b.Due.IsZero():
			return cmp.Compare(boolInt(a.Due.IsZero()), boolInt(b.Due.IsZero()))
		}
		return a.Due.Compare(b.Due)
	})
	fmt.Fprintln(w, c.T("cli.run.duties", "Count", len(started)))
	for _, d := range started {
		due := c.T("cli.run.no-due")
		if !d.Due.IsZero() {
			due = d.Due.Format(time.RFC3339)
		}
		fmt.Fprintln(w, visible(c.T("cli.run.duty", "Due", due, "Duty", oneLine(cmp.Or(d.Spec.Title, d.ID)),
			"Who", oneLine(st.Runbook.ActorTitle(d.Spec.Who)))))
	}
	fmt.Fprintln(w, visible(c.T("cli.run.continue", "ID", st.ID)))
	return detachErr
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
