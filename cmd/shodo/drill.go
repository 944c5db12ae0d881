package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
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
path to a scenario file, or the id of a shipped scenario (the shell completes
them).

The drill opens paused, so that the facilitator can set the scene: space starts
and pauses the clock, + and - change its speed, ] (or J) jumps to the next
inject, f shows the facilitator's notes (never for the players), i every inject
delivered so far. The team works the runbook as in a real incident. Everything
is recorded, with its scenario time, in a journal marked as a drill; close the
incident at the end and write the after-action report with
shodo export INCIDENT --format aar. A drill interrupted by a crash or a quit
continues with shodo resume, paused where it stopped, and no inject is
delivered twice.

` + shippedScenarios(env.shipped),
		Example: `shodo drill friday-ransomware
shodo drill friday-ransomware-ja --speed 120 --actor facilitator
shodo drill ./runbooks/drills/db-outage.toml`,
		Args:              usageArgs(env.exactlyOneScenario),
		ValidArgsFunction: env.completeScenario,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if math.IsNaN(speed) || speed < 0 || speed > drill.MaxSpeed {
				return usagef("--speed %v: use a number above 0 and at most %d (0 keeps the scenario's)", speed, drill.MaxSpeed)
			}
			sc, diags, err := env.resolveScenario(args[0])
			if err != nil {
				printDiagnostics(env.stderr, env.diagnosticsCatalog(cmd, flags.lang.value), diags)
				return err
			}
			opt, err := env.tuiOptions(flags)
			if err != nil {
				return err
			}
			opt.Lang = env.appLang(cmd, opt.Lang, sc.Lang)
			// The drill is opened, and its injects delivered, by the
			// facilitator (drill.FacilitatorActor); the team's actions
			// record the actor at the keyboard, so that the after-action
			// report can tell them apart.
			d, err := drill.Start(sc, drill.StartOptions{Home: opt.Home, Speed: speed, Paused: true})
			if err != nil {
				return err
			}
			return env.runDrill(cmd.Context(), d, opt)
		}),
	}
	flags = addAppFlags(cmd, env)
	cmd.Flags().Float64Var(&speed, "speed", 0, "time compression: 60 plays a scenario minute per real second (default: the scenario's); + and - change it during the drill")
	return cmd
}

// shippedScenarios names the shipped scenarios for the help, the English
// ids with a word for their Japanese twins, wrapped like the rest of it.
func shippedScenarios(shipped fs.FS) string {
	_, ids := drill.Shipped(shipped, "")
	if len(ids) == 0 {
		return "This build ships no scenarios."
	}
	var base []string
	twins := false
	for _, id := range ids {
		if strings.HasSuffix(id, "-ja") && slices.Contains(ids, strings.TrimSuffix(id, "-ja")) {
			twins = true
			continue
		}
		base = append(base, id)
	}
	text := "Shipped scenarios: " + strings.Join(base, ", ") + "."
	if twins {
		text += " Each also comes in Japanese: add -ja to its id."
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > 78 {
			lines = append(lines, line)
			line = ""
		}
		line = strings.TrimSpace(line + " " + word)
	}
	return strings.Join(append(lines, line), "\n")
}

func (env environment) exactlyOneScenario(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		_, ids := drill.Shipped(env.shipped, "")
		return fmt.Errorf("%s needs a SCENARIO: a path to a scenario file or a shipped id (%s)", cmd.Name(), strings.Join(ids, ", "))
	case 1:
		return nil
	}
	return fmt.Errorf("%s takes one SCENARIO, not %d arguments", cmd.Name(), len(args))
}

// resolveScenario loads the scenario a SCENARIO argument names, validated
// against its runbook: a path (it has a separator or ends in .toml) is a
// file, whose runbook reference is relative to it; anything else is the id
// of a shipped scenario. As for runbooks, a bare id always means the shipped
// scenario. An unknown id is a usage error listing the shipped ids.
func (env environment) resolveScenario(arg string) (*drill.Scenario, runbook.Diagnostics, error) {
	opt, err := env.loadOptions()
	if err != nil {
		return nil, nil, err
	}
	if isPathArg(arg) {
		file, err := env.fileArg(arg, "scenario", "shodo test plays a whole directory")
		if err != nil {
			return nil, nil, err
		}
		sc, diags := drill.LoadFile(file, drill.NewResolver(env.shipped, nil, opt))
		if sc == nil {
			return nil, diags, fmt.Errorf("scenario %s has errors; run shodo validate %s", file, file)
		}
		return sc, diags, nil
	}
	if !runbookIDPattern.MatchString(arg) {
		return nil, nil, usagef("%q is neither a scenario file (a path, or a name ending in .toml) nor a scenario id", arg)
	}
	name, ids := drill.Shipped(env.shipped, arg)
	if name == "" {
		return nil, nil, env.unknownScenario(arg, ids)
	}
	sc, diags := drill.LoadFS(env.shipped, name, drill.NewResolver(env.shipped, env.shipped, opt))
	if sc == nil {
		return nil, diags, fmt.Errorf("shipped scenario %s has errors; please report this", arg)
	}
	return sc, diags, nil
}

// unknownScenario explains an id that names no shipped scenario, pointing
// at a local scenario file of that id when there is one.
func (env environment) unknownScenario(id string, ids []string) error {
	if len(ids) == 0 {
		return usagef("this shodo ships no drill scenarios; name a scenario file by its path")
	}
	msg := fmt.Sprintf("no shipped scenario has id %q", id)
	if s := runbook.Suggest(id, ids); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	msg += "; shipped: " + strings.Join(ids, ", ")
	if dirs := env.localDirs(); len(dirs) > 0 {
		for _, name := range runbook.LoadPaths(dirs, runbook.Options{}).Scenarios {
			if sc, _ := drill.LoadFile(name, nil); sc != nil && sc.ID == id {
				msg += fmt.Sprintf("; the local scenario %s has that id: pass its path", env.display(name))
				break
			}
		}
	}
	return usagef("%s", msg)
}

// completeScenario completes a SCENARIO argument: shipped ids with their
// titles, and files when the word looks like a path.
func (env environment) completeScenario(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if isPathArg(toComplete) {
		return nil, cobra.ShellCompDirectiveDefault
	}
	_, ids := drill.Shipped(env.shipped, "")
	var out []cobra.Completion
	for _, id := range ids {
		if !strings.HasPrefix(id, toComplete) {
			continue
		}
		// Parsed without its runbook: only the title is wanted here.
		if sc, _ := drill.LoadFS(env.shipped, drill.ShippedDir+"/"+id+".toml", nil); sc != nil {
			out = append(out, cobra.CompletionWithDesc(id, oneLine(sc.Title)))
			continue
		}
		out = append(out, id)
	}
	return out, cobra.ShellCompDirectiveDefault
}

// runDrill shows the drill until the user quits, then releases it and says
// how to continue: the after-action report once it is closed, shodo resume
// while it is not.
func (env environment) runDrill(ctx context.Context, d *drill.Drill, opt tui.Options) error {
	runErr := tui.RunDrill(ctx, d, opt)
	detachErr := d.Detach()
	st := d.Session().State()
	if st.Closed {
		fmt.Fprintf(env.stderr, "Drill %s is closed. Write the after-action report with: shodo export %s --format aar\n", st.ID, st.ID)
	} else {
		fmt.Fprintf(env.stderr, "Drill %s stays open at %s, paused; everything is saved. Continue with: shodo resume %s\n",
			st.ID, drill.FormatClock(drill.LastOffset(st).Round(time.Second)), st.ID)
	}
	return errors.Join(runErr, detachErr)
}

// resumeSession resumes the incident in dir for `shodo resume`: a drill as
// a drill, on its scenario clock, paused where it stopped; any other
// incident on the real clock.
func (env environment) resumeSession(ctx context.Context, cmd *cobra.Command, dir string, opt tui.Options) error {
	d, err := drill.Resume(dir, drill.ResumeOptions{Home: opt.Home})
	switch {
	case err == nil:
		opt.Lang = env.appLang(cmd, opt.Lang, d.Scenario().Lang)
		return env.runDrill(ctx, d, opt)
	case !errors.Is(err, incident.ErrNotDrill):
		return err
	}
	sess, err := incident.Resume(dir, incident.ResumeOptions{Home: opt.Home})
	if err != nil {
		return err
	}
	opt.Lang = env.appLang(cmd, opt.Lang, sess.State().Runbook.Lang)
	return env.runIncident(ctx, sess, opt)
}
