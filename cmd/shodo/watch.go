package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/watch"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/textwrap"
	"github.com/shodo-dev/shodo/tui"
)

func newWatchCmd(env environment) *cobra.Command {
	return &cobra.Command{
		Use:   "watch [INCIDENT]",
		Short: "Follow an incident live, read-only, while another shodo records it",
		Long: `Watch shows an incident as another shodo on this machine records it: the same
screen as resume, updated as each record lands on disk, with every action
disabled and a line naming who writes it (their actor and process). Each
record is verified against the journal's hash chain as it arrives; a line
still being written is waited for. Watch never takes the incident's lock and
never writes, so any number of people can watch while one responder drives,
and it carries on when the writer quits, crashes or resumes.

Without INCIDENT it watches the only open incident. q quits.`,
		Example: `shodo watch
shodo watch INC-20261125-7F3A`,
		Args:              usageArgs(atMostOneIncident),
		ValidArgsFunction: env.completeIncidents,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opt, err := env.tuiOptions(&appFlags{})
			if err != nil {
				return err
			}
			dir, err := env.incidentArg(opt.Home, "watch", args)
			if err != nil {
				return err
			}
			if !env.interactive {
				return usage("cli.watch.no-terminal")
			}
			w, err := watch.Open(dir)
			if err != nil {
				return err
			}
			defer w.Close()
			st := w.State()
			opt.Lang = env.appLang(cmd, opt.Lang, st.Runbook.Lang)
			runErr := tui.RunWatch(cmd.Context(), w, watch.NewTrigger(w.Dir(), 0), opt)
			fmt.Fprintln(env.stderr, visible(i18n.New(opt.Lang).T("cli.watch.left", "ID", st.ID)))
			return runErr
		}),
	}
}

// refuseSecondWriter turns the refusal of an incident another process
// holds into what the person can do about it: who writes it, the command
// that watches it, and its journal, each command and path on a line of
// its own (printed here, not in the error box, which would break a long
// path mid-word). Any other error is returned as it is.
func (env environment) refuseSecondWriter(err error, dir string) error {
	var le *journal.LockedError
	if !errors.As(err, &le) {
		return err
	}
	c := env.words()
	h := le.Holder
	id := cmp.Or(le.Incident, filepath.Base(dir))
	var held string
	if h.PID > 0 {
		since := "?"
		if !h.Since.IsZero() {
			since = h.Since.Local().Format("2006-01-02 15:04:05 MST")
		}
		held = c.T("cli.locked.held-by", "ID", id, "PID", strconv.Itoa(h.PID), "User", cmp.Or(h.User, "?"),
			"Host", cmp.Or(h.Host, "?"), "Since", since, "Actor", cmp.Or(h.Actor, h.User, "?"), "LockFile", journal.LockFile)
	} else {
		held = c.T("cli.locked.held", "ID", id, "LockFile", journal.LockFile)
	}
	prose := func(s string) string { return wrapProse(s, env.stderrWidth()) }
	if h.Served != "" {
		// The server holds it: connect to it; watching still works.
		lead, command := servedRefusal(c, id, h.Served, h.PID)
		fmt.Fprintf(env.stderr, "%s\n  %s\n\n%s\n  shodo watch %s\n", prose("shodo: "+visible(lead)), visible(command), prose(c.T("cli.locked.watch")), visible(id))
		return errFindings
	}
	fmt.Fprintf(env.stderr, "%s\n\n%s\n  shodo watch %s\n\n%s\n  %s\n",
		prose("shodo: "+visible(held)), prose(c.T("cli.locked.watch")), visible(id), prose(c.T("cli.locked.journal")),
		visible(filepath.Join(dir, journal.JournalFile)))
	return errFindings
}

// wrapProse breaks text where a line may break (textwrap: at spaces, and
// in Japanese between words, never before 、。 or after （) to fit width
// cells; 0 leaves it whole. Commands and paths are printed on
// lines of their own and never go through it: a terminal may fold a path
// longer than the screen, but shodo never cuts one.
func wrapProse(text string, width int) string {
	if width <= 0 {
		return text
	}
	return strings.Join(textwrap.Lines(text, width), "\n")
}

// stderrWidth is the width of the terminal stderr writes to, or 0 when it
// is not a terminal (a log keeps each message on one line).
func (env environment) stderrWidth() int {
	f, ok := env.stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	w, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return w
}
