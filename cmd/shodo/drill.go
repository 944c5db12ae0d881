package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/tui"
)

func newDrillCmd(env environment) *cobra.Command {
	var flags *appFlags
	var speed float64
	cmd := &cobra.Command{
		Use:   "drill SCENARIO",
		Short: "Run a tabletop drill in the terminal app: injects on a simulated clock",
		Long: `Drill opens a tabletop exercise: an incident on the scenario's runbook whose
clock is simulated, with the scenario's injects (the calls, alerts and emails
the facilitator reads out) delivered at their scenario times. SCENARIO is a
path to a scenario file, or a scenario id that shodo list shows (the shell
completes them): a team's own, in $SHODO_RUNBOOKS or ./runbooks, or one built
into shodo.

The drill opens paused, so that the facilitator can set the scene: space starts
and pauses the clock, + and - change its speed, ] (or J) jumps to the next
inject, f shows the facilitator's notes (never for the players), i every inject
delivered so far. The team works the runbook as in a real incident. Everything
is recorded, with its scenario time, in a journal marked as a drill; close the
incident at the end and write the after-action report with
shodo export INCIDENT --format aar. A drill interrupted by a crash or a quit
continues with shodo resume, paused where it stopped, and no inject is
delivered twice.

Without a terminal (a pipe, a script, CI) drill refuses before opening
anything: shodo test SCENARIO plays a drill headless, from its scripted steps.`,
		Example: `shodo drill friday-ransomware
shodo drill friday-ransomware-ja --speed 120 --actor facilitator
shodo drill ./runbooks/drills/db-outage.toml`,
		Args:              usageArgs(env.exactlyOneScenario),
		ValidArgsFunction: env.completeScenario,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if math.IsNaN(speed) || speed != 0 && (speed < drill.MinSpeed || speed > drill.MaxSpeed) {
				return usage("cli.drill.bad-speed", "Speed", fmt.Sprint(speed), "Min", drill.MinSpeed, "Max", drill.MaxSpeed)
			}
			sc, diags, err := env.resolveScenario(args[0])
			if err != nil {
				printDiagnostics(env.stderr, env.words(), diags)
				return err
			}
			opt, err := env.tuiOptions(flags)
			if err != nil {
				return err
			}
			opt.Lang = env.appLang(cmd, opt.Lang, sc.Lang)
			if !env.interactive {
				// Refused before the drill opens, as shodo run is: a
				// drill nobody can see would be left open, its clock
				// paused, for nothing.
				return usage("cli.drill.no-terminal")
			}
			if err := env.askName(cmd.Context(), flags.actor, &opt); err != nil {
				return err
			}
			// The drill is opened, and its injects delivered, by the
			// facilitator (drill.FacilitatorActor); the team's actions
			// record the actor at the keyboard, so that the after-action
			// report can tell them apart.
			d, err := drill.Start(sc, drill.StartOptions{Home: opt.Home, Speed: speed, Paused: true, Sealer: opt.Sealer})
			if err != nil {
				return err
			}
			return env.runDrill(cmd.Context(), d, opt)
		}),
	}
	flags = addAppFlags(cmd)
	cmd.Flags().Float64Var(&speed, "speed", 0, "time compression: 60 plays a scenario minute per real second (default: the scenario's); + and - change it during the drill")
	return cmd
}

func (env environment) exactlyOneScenario(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return say("cli.args.no-scenario", "Command", cmd.Name())
	case 1:
		return nil
	}
	return say("cli.args.scenarios", "Command", cmd.Name(), "Count", len(args))
}

// runDrill shows the drill until the user quits, then releases it and says
// how to continue: the after-action report once it is closed, shodo resume
// while it is not.
func (env environment) runDrill(ctx context.Context, d *drill.Drill, opt tui.Options) error {
	runErr := tui.RunDrill(ctx, d, opt)
	detachErr := d.Detach()
	st := d.Session().State()
	c := i18n.New(opt.Lang)
	if st.Closed {
		fmt.Fprintln(env.stderr, visible(c.T("cli.drill.closed", "ID", st.ID, "Dir", d.Session().Dir())))
		if note := env.sealedWith(c, opt.Sealer); note != "" {
			fmt.Fprintln(env.stderr, note)
		}
	} else {
		fmt.Fprintln(env.stderr, visible(c.T("cli.drill.stays-open", "ID", st.ID, "Dir", d.Session().Dir(), "At", drill.FormatClock(drill.LastOffset(st).Round(time.Second)))))
	}
	return errors.Join(runErr, detachErr)
}

// resumeSession resumes the incident in dir for `shodo resume`: a drill as
// a drill, on its scenario clock, paused where it stopped; any other
// incident on the real clock.
func (env environment) resumeSession(ctx context.Context, cmd *cobra.Command, dir string, opt tui.Options) error {
	d, err := drill.Resume(dir, drill.ResumeOptions{Home: opt.Home, Sealer: opt.Sealer})
	switch {
	case err == nil:
		opt.Lang = env.appLang(cmd, opt.Lang, d.Scenario().Lang)
		return env.runDrill(ctx, d, opt)
	case !errors.Is(err, incident.ErrNotDrill):
		return err
	}
	sess, err := incident.Resume(dir, incident.ResumeOptions{Home: opt.Home, Sealer: opt.Sealer, Actor: opt.Actor})
	if err != nil {
		return err
	}
	opt.Lang = env.appLang(cmd, opt.Lang, sess.State().Runbook.Lang)
	return env.runIncident(ctx, sess, opt)
}
