package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/sshsig"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/textwrap"
)

// Exit codes of `shodo verify`, which tells a crash artefact apart from
// tampering.
const (
	verifyOK        = 0
	verifyIntegrity = 1
	verifyTornTail  = 2
	verifyIO        = 3
	// verifyOutdated: the head given with --head (a ticket's copy)
	// sealed the incident closed, and it was reopened after: the journal
	// is intact, the copy no longer covers it.
	verifyOutdated = 4
)

// home returns shodo's state directory ($SHODO_HOME, else the XDG state
// directory).
func (env environment) home() (string, error) {
	h, err := incident.Home(env.getenv)
	if err != nil {
		return "", say("cli.err.home", "Error", err)
	}
	return h, nil
}

// findIncident resolves an INCIDENT argument: a directory, a journal path,
// or an incident id (or unique prefix) under the shodo home.
func (env environment) findIncident(arg string) (string, error) {
	home, err := env.home()
	if err != nil {
		return "", err
	}
	dir, err := incident.Find(home, arg)
	switch {
	case err == nil:
		return dir, nil
	case errors.Is(err, incident.ErrNotFound) && fileExists(arg):
		return "", usage("cli.incident.no-journal", "Path", arg, "File", journal.JournalFile)
	case errors.Is(err, incident.ErrNotFound):
		return "", usage("cli.incident.not-found", "Arg", fmt.Sprintf("%q", arg), "Dir", incident.IncidentsDir(home))
	case errors.Is(err, incident.ErrAmbiguous):
		var ids []string
		sums, _ := incident.List(home)
		for _, s := range sums {
			if len(s.ID) >= len(arg) && strings.EqualFold(s.ID[:len(arg)], arg) {
				ids = append(ids, s.ID)
			}
		}
		c := env.words()
		return "", usage("cli.incident.ambiguous", "Arg", fmt.Sprintf("%q", arg), "IDs", strings.Join(ids, c.T("runbook.list.separator")))
	}
	return "", usageError{err: err}
}

// completeIncidents offers the ids of the incidents under the home.
func (env environment) completeIncidents(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	home, err := env.home()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	sums, _ := incident.List(home)
	var ids []string
	for _, s := range sums {
		if s.ID != "" {
			ids = append(ids, s.ID+"\t"+oneLine(s.Title))
		}
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

func newVerifyCmd(env environment) *cobra.Command {
	var headPath, allowedPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify INCIDENT",
		Short: "Check an incident's journal: hash chain, sequence, signed head and who sealed it",
		Long: `Verify reads an incident's journal without changing it (it works while the
incident is open elsewhere) and checks every line: its JSON, its sequence number
and its link in the SHA-256 hash chain. With a signed head — the local
timeline.head when there is one, or the copy you kept with --head — it also
checks the signature and that the journal still ends where the head says: a
journal cut short passes the chain alone but not its head. --head also takes
the paragraph shodo seal printed for the ticket: the journal must then hold the
record and chain hash it names, and the local timeline.head is checked beside it.

It always says whether a head was checked, which key signed it and whether
that key is allowed: by --allowed-signers FILE, else $SHODO_ALLOWED_SIGNERS,
else allowed_signers in shodo's config directory (~/.config/shodo) when there
is one, in the format git and ssh-keygen -Y use. A head signed by a key the
file does not allow fails.

It also checks the incident's life: a closed incident's journal ends at its
close (only a reopen may follow it), and a closed incident has a signed head
that seals its last close (a reopen and close appended by hand fail with
close-not-sealed); it always says whether a head was checked.

It prints "OK records=N head=…" or the first break as
"FAIL line L seq S: kind", with the number of records after it.

Exit codes: 0 ok, 1 integrity failure (or a signer not allowed), 2 only a torn
last line (what a crash leaves; shodo repairs it on resume), 3 I/O or usage
error, 4 the head given with --head sealed the incident closed and it was
reopened since (the copy is outdated; the reopen is shown).`,
		Example: `# Check an incident by id
shodo verify INC-20261125-7F3A

# Check it against the head kept off this machine, and who may seal
shodo verify INC-20261125-7F3A --head ticket-head.json --allowed-signers team_signers`,
		Args:              usageArgs(exactlyOneIncident),
		ValidArgsFunction: env.completeIncidents,
		RunE: func(cmd *cobra.Command, args []string) error {
			c := env.words()
			fail := func(err error) error {
				fmt.Fprintf(env.stderr, "shodo verify: %s\n", describe(c, err))
				return exitError{code: verifyIO}
			}
			dir, err := env.findIncident(args[0])
			if err != nil {
				return fail(err)
			}
			signers, allowedFile, err := env.allowedSigners(allowedPath)
			if err != nil {
				return fail(say("cli.verify.allowed-signers", "Path", visible(allowedFile), "Error", err))
			}
			opt := journal.VerifyOptions{Signers: signers}
			var hc headCheck
			if headPath != "" {
				head, pin, err := readHeadArg(env.path(headPath))
				if err != nil {
					return fail(say("cli.verify.head-file", "Path", visible(headPath), "Error", err))
				}
				opt.Head, hc.Ticket, hc.File = head, pin, headPath
			}
			// A ticket's paragraph carries no signature: the incident's own
			// timeline.head is checked beside it (signature, and that it
			// seals the close), and the paragraph is the anchor kept off
			// this machine.
			if local := filepath.Join(dir, journal.HeadFile); opt.Head == nil && fileExists(local) {
				opt.HeadPath = local
				if hc.File == "" {
					hc.File = local
				}
			}
			var fold folder
			var pinned string
			opt.Visit = func(r journal.Record) error {
				if hc.Ticket != nil && r.Seq == hc.Ticket.Seq {
					pinned = r.Hash
				}
				return fold.visit(r)
			}
			rep, err := journal.Verify(dir, opt)
			if err != nil {
				return fail(err)
			}
			hc.Checked = rep.Sealed != nil && rep.OK()
			hc.Signer = env.checkSigner(rep, allowedFile)
			switch {
			case hc.Ticket != nil:
				hc.TicketOK = pinned == hc.Ticket.Hash
				if !hc.TicketOK && rep.Break == nil {
					rep.Break = &journal.Break{Seq: hc.Ticket.Seq, Kind: journal.KindHeadMismatch, Why: "ticket-mismatch", Args: []any{"Seq", hc.Ticket.Seq, "Hash", hc.Ticket.Hash}, Follow: max(0, int(rep.LastSeq)-int(hc.Ticket.Seq)),
						Detail: fmt.Sprintf("the ticket's paragraph pins seq %d with hash %s, which the journal does not hold", hc.Ticket.Seq, hc.Ticket.Hash)}
				}
			case hc.File == "" && fold.closed():
				hc.NoHead = "closed-no-head"
			case hc.File == "":
				hc.NoHead = "no-head"
			}
			problems := fold.problems(rep)
			anchor := incident.Anchor{Ticket: opt.Head != nil}
			if hc.Ticket != nil {
				anchor.PinSeq = hc.Ticket.Seq
			}
			life := fold.life(rep, anchor)
			if life.Break != nil {
				rep.Break = life.Break
			}
			if asJSON {
				enc := json.NewEncoder(env.stdout)
				enc.SetIndent("", "  ")
				v := verifyJSON(c, rep, problems)
				v.HeadCheck = hc
				if err := enc.Encode(v); err != nil {
					return exitError{code: verifyIO}
				}
			} else {
				// The first line is for scripts: OK records=… or FAIL line …,
				// as documented; the lines under it are for people.
				fmt.Fprintln(env.stdout, rep.String())
				if b := rep.Break; b != nil {
					fmt.Fprintf(env.stdout, "  %s\n", visible(breakWords(c, *b)))
					if d := breakDetail(c, *b); d != "" {
						fmt.Fprintf(env.stdout, "  %s\n", visible(d))
					}
				}
				if rep.Sealed != nil && rep.OK() {
					fmt.Fprintf(env.stdout, "  %s\n", c.T("cli.verify.head-checked", "Seq", rep.Sealed.Seq, "At", rep.Sealed.At.Format(time.RFC3339)))
				}
				if r := life.Reopen; r != nil && rep.OK() {
					fmt.Fprintf(env.stdout, "  %s\n", visible(c.T("cli.verify.reopened-after-local-head", "Sealed", rep.Sealed.Seq, "Actor", r.Actor, "At", r.Time.Format(time.RFC3339), "Reason", oneLine(r.Reason))))
				}
				printHeadCheck(env.stdout, c, hc)
				printProblems(env.stdout, c, problems)
			}
			switch {
			case rep.OK():
				return nil
			case rep.Break.Kind == journal.KindTornTail && rep.Recoverable():
				return exitError{code: verifyTornTail}
			case rep.Break.Kind == incident.KindReopenedAfterHead:
				return exitError{code: verifyOutdated}
			default:
				return exitError{code: verifyIntegrity}
			}
		},
	}
	cmd.Flags().StringVar(&headPath, "head", "", "check against this head file, or the paragraph shodo seal printed for the ticket (default: the incident's timeline.head, if any)")
	cmd.Flags().StringVar(&allowedPath, "allowed-signers", "", "keys allowed to seal, in allowed_signers format (default $SHODO_ALLOWED_SIGNERS, else allowed_signers in the config directory if present)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	// Usage errors of verify exit 3, as documented above.
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		c := env.words()
		fmt.Fprintf(env.stderr, "shodo verify: %s\n%s\n", describe(c, flagError(err)), c.T("cli.try-help", "Command", "'shodo verify --help'"))
		return exitError{code: verifyIO}
	})
	return cmd
}

// verifyReport is the JSON shape of `shodo verify --json`.
type verifyReport struct {
	Version int           `json:"version"` // jsonVersion
	OK      bool          `json:"ok"`
	Path    string        `json:"path"`
	Records int           `json:"records"`
	LastSeq uint64        `json:"last_seq"`
	Head    string        `json:"head"`
	Break   *verifyBreak  `json:"break,omitempty"`
	Sealed  *journal.Head `json:"sealed,omitempty"`
	Summary string        `json:"summary"`
	// Problems are the events that do not fit the runbook (none: absent).
	Problems []verifyProblem `json:"problems,omitempty"`
	// HeadCheck says whether a head was checked, which key signed it and
	// whether that key is allowed.
	HeadCheck headCheck `json:"head_check"`
}

// verifyBreak is the first break, as `shodo verify --json` writes it.
type verifyBreak struct {
	Line   int          `json:"line"`
	Seq    uint64       `json:"seq"`
	Kind   journal.Kind `json:"kind"`
	Detail string       `json:"detail,omitempty"`
	Follow int          `json:"records_following"`
}

// verifyProblem is an event that does not fit the incident's runbook, as
// `shodo verify --json` writes it: the code is stable, the words are in
// the chosen language.
type verifyProblem struct {
	Seq     uint64 `json:"seq"`
	Code    string `json:"code"`
	Problem string `json:"problem"`
}

func verifyJSON(c *i18n.Catalog, r journal.Report, ps []incident.Problem) verifyReport {
	v := verifyReport{Version: jsonVersion, OK: r.OK(), Path: r.Path, Records: r.Records, LastSeq: r.LastSeq, Head: r.Head, Sealed: r.Sealed, Summary: r.String()}
	if r.Sealed != nil {
		sealed := *r.Sealed
		sealed.At = sealed.At.Local() // in TZ, as every output writes times
		v.Sealed = &sealed
	}
	if b := r.Break; b != nil {
		v.Break = &verifyBreak{Line: b.Line, Seq: b.Seq, Kind: b.Kind, Detail: b.Detail, Follow: b.Follow}
	}
	for _, p := range ps {
		v.Problems = append(v.Problems, verifyProblem{Seq: p.Seq, Code: strings.TrimPrefix(p.Say.ID, "export.problem."), Problem: export.Say(c, p.Say)})
	}
	return v
}

// folder collects the events verify reads, to fold them once the chain is
// known to hold: a journal can verify and still record events its runbook
// has no place for (an answer to a node the runbook lacks), which the
// incident's state leaves out and verify must not hide.
type folder struct {
	events []incident.Event
	bad    bool // a record is not an event: nothing to fold
}

func (f *folder) visit(r journal.Record) error {
	if f.bad {
		return nil
	}
	ev, err := incident.DecodeRecord(r)
	if err != nil {
		f.bad = true
		return nil
	}
	f.events = append(f.events, ev)
	return nil
}

// problems folds what was read when the chain holds (or only its torn last
// line is missing, as export reads it); a journal that does not replay at
// all has no problems to list beyond what verify says of it.
func (f *folder) problems(rep journal.Report) []incident.Problem {
	if f.bad || !(rep.OK() || rep.Recoverable() && rep.Break.Kind == journal.KindTornTail) {
		return nil
	}
	st, err := incident.Replay(f.events)
	if err != nil {
		return nil
	}
	return st.Problems
}

// life checks the incident's life when the chain holds: nothing but a
// reopen after a close, a head for a closed incident, and whether a ticket's
// head (ticket: given with --head) was outdated by a reopen.
func (f *folder) life(rep journal.Report, anchor incident.Anchor) incident.LifeCheck {
	if f.bad || !rep.OK() || len(f.events) == 0 {
		return incident.LifeCheck{}
	}
	return incident.CheckLife(f.events, rep, anchor)
}

// maxProblemLines is how many problems verify lists before counting the
// rest: a journal from elsewhere can hold thousands.
const maxProblemLines = 10

// printProblems lists the events that do not fit the runbook, under
// verify's first line (which stays as it is for scripts).
func printProblems(w io.Writer, c *i18n.Catalog, ps []incident.Problem) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s\n", c.T("cli.verify.problems", "Count", len(ps)))
	for _, p := range ps[:min(len(ps), maxProblemLines)] {
		fmt.Fprintf(w, "    %s\n", visible(export.Problem(c, p)))
	}
	if more := len(ps) - maxProblemLines; more > 0 {
		fmt.Fprintf(w, "    %s\n", c.T("cli.verify.problems-more", "Count", more))
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func newExportCmd(env environment) *cobra.Command {
	format := newChoiceFlag("md", export.Formats()...)
	// Eighteen regimes would widen help's flag column past any terminal:
	// help names the value and the long text lists them.
	regime := newChoiceFlag("", export.Regimes()...)
	regime.kind = "REGIME"
	var out string
	var force, noBOM bool
	cmd := &cobra.Command{
		Use:   "export INCIDENT",
		Short: "Write an incident as a postmortem, after-action report, JSON, CSV, Timesketch, custody manifest or report draft",
		Long: `Export reads an incident's journal (read-only, verifying it as it goes) and
writes it for people or tools:

  md          a postmortem draft: summary, impact, verdict, triage path, duties
              with a Mermaid gantt chart, the timeline, notes, lessons learned
              and action items, and the journal head hash
  json        events with the state derived from them
  csv         the timeline, one event per row, UTF-8 with a byte order mark
              (so that Excel reads Japanese text right; --no-bom leaves it out)
  timesketch  JSONL that Timesketch imports as is
  aar         for a drill: an after-action report and improvement plan, scored
              against the runbook's deadlines (see docs/drills.md)
  custody     the evidence custody manifest (Markdown): every artefact with its
              SHA-256 and chain of custody, and the journal head it was made
              from, to print, sign and hand over with the evidence
  report      a draft of a regulator's report (--regime names which), in the
              structure the law lists, filled from the journal's report
              fields, milestones and submissions; every item still empty is
              listed first. A draft, not legal advice: check it with counsel
  report-json the same draft as JSON, for tools that fill the authority's form

` + regimeList() + `

It writes to stdout, or to a new file with -o (an existing file is kept unless
--force) and then says on stderr where it wrote. Times are in the local time zone (set TZ to change it).`,
		Example: `shodo export INC-20261125-7F3A > postmortem.md
shodo export INC-20261125-7F3A --format timesketch -o inc.jsonl
shodo export INC-20261125-7F3A --lang ja
shodo export INC-20261125-9B2C --format aar > after-action.md
shodo export INC-20261125-7F3A --format custody -o custody.md
shodo export INC-20261125-7F3A --format report --regime appi-preliminary --lang ja
shodo export INC-20261125-7F3A --format report-json --regime gdpr-33`,
		Args:              usageArgs(exactlyOneIncident),
		ValidArgsFunction: env.completeIncidents,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			dir, err := env.findIncident(args[0])
			if err != nil {
				return err
			}
			drafting := format.value == "report" || format.value == "report-json"
			switch {
			case drafting && regime.value == "":
				return usage("cli.export.no-regime", "Format", format.value, "Regimes", strings.Join(export.Regimes(), ", "))
			case !drafting && regime.value != "":
				return usage("cli.export.regime-format", "Format", format.value)
			}
			in, err := export.Read(dir)
			if err != nil {
				return err
			}
			if ps := in.State.Problems; len(ps) > 0 {
				// On stderr, whatever the format: records after the close
				// or edited in by hand are exported, and a person is told
				// that they are not facts of the incident.
				c := env.words()
				fmt.Fprintln(env.stderr, visible(c.T("cli.export.not-applied", "Incident", in.State.ID, "Count", len(ps), "First", export.Problem(c, ps[0]))))
			}
			opt := export.Options{Lang: env.langCode(), Location: time.Local, NoBOM: noBOM, Regime: regime.value}
			if drafting {
				// Before any file is made: a runbook without the regime
				// gets the error alone, not an empty file.
				if err := export.Write(io.Discard, format.value, in, opt); err != nil {
					return env.regimeMissing(err)
				}
			}
			if out == "" {
				return export.Write(env.stdout, format.value, in, opt)
			}
			path, err := filepath.Abs(env.path(out))
			if err != nil {
				return say("cli.export.write", "Path", out, "Error", err)
			}
			var written countingWriter
			if err := writeNewFile(path, force, func(w io.Writer) error {
				written.w = w
				return export.Write(&written, format.value, in, opt)
			}); err != nil {
				return err
			}
			// On stderr, so that a script that pipes stdout reads nothing
			// new; a person sees where the file went.
			fmt.Fprintln(env.stderr, visible(env.words().T("cli.export.wrote", "Path", path, "Format", format.value, "Count", written.n)))
			return nil
		}),
	}
	addChoiceFlag(cmd, format, "format", "output format")
	addChoiceFlag(cmd, regime, "regime", "report and report-json: the regulator's report to draft")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite the output file if it exists")
	cmd.Flags().BoolVar(&noBOM, "no-bom", false, "csv: leave out the UTF-8 byte order mark, for tools that take it as text")
	return cmd
}

// regimeList is export's help line on the regimes, wrapped at 80 columns
// between names, never inside one: a name's hyphens are non-breaking
// (U+2011) while it wraps.
func regimeList() string {
	text := "Regimes (--regime): " + strings.ReplaceAll(strings.Join(export.Regimes(), ", "), "-", "\u2011") + "."
	return strings.ReplaceAll(strings.Join(textwrap.Lines(text, 80), "\n"), "\u2011", "-")
}

// regimeMissing words a report draft's refusal for a runbook without the
// regime's duties: which runbooks shodo can find that include them.
func (env environment) regimeMissing(err error) error {
	missing, ok := errors.AsType[*export.RegimeMissingError](err)
	if !ok {
		return err
	}
	var includers []string
	if lib, lerr := env.library(); lerr == nil {
		for _, r := range lib.Walk().Runbooks() {
			if r.Shadowed {
				continue
			}
			for _, id := range missing.Duties {
				if r.Duty(id) != nil {
					includers = append(includers, r.ID)
					break
				}
			}
		}
	}
	duties := strings.Join(missing.Duties, " / ")
	if len(includers) == 0 {
		return say("cli.export.regime-missing-none", "Regime", missing.Regime, "Runbook", missing.Runbook, "Duties", duties, "Fragment", missing.Fragment)
	}
	return say("cli.export.regime-missing", "Regime", missing.Regime, "Runbook", missing.Runbook, "Duties", duties, "Fragment", missing.Fragment,
		"Includers", strings.Join(includers, ", "))
}

// countingWriter counts what it passes on to w.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeNewFile writes through a temporary file renamed into place, so a
// failed export never leaves half a document, and refuses to replace an
// existing file unless force.
func writeNewFile(path string, force bool, write func(io.Writer) error) error {
	if !force && fileExists(path) {
		return say("cli.export.exists", "Path", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".shodo-export-*")
	if err != nil {
		return say("cli.export.write", "Path", path, "Error", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return say("cli.export.write", "Path", path, "Error", err)
	}
	if err := tmp.Close(); err != nil {
		return say("cli.export.write", "Path", path, "Error", err)
	}
	if !force {
		// Link fails if the name appeared meanwhile; rename would replace it.
		if err := os.Link(tmp.Name(), path); err != nil {
			return say("cli.export.write", "Path", path, "Error", err)
		}
		return nil
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return say("cli.export.write", "Path", path, "Error", err)
	}
	return nil
}

func newSealCmd(env environment) *cobra.Command {
	var out, keySpec string
	var force bool
	cmd := &cobra.Command{
		Use:   "seal INCIDENT",
		Short: "Sign the journal's current head with your SSH key and print it for the ticket",
		Long: `Seal writes timeline.head — the incident id, the last record's sequence number
and hash, signed with your SSH key — and prints a paragraph to paste into the
ticket: a copy kept off this machine is what makes a journal cut short or
rewritten detectable later (shodo verify --head). Closing an incident seals it
too.

The key is your SSH agent's ($SSH_AUTH_SOCK): its first ed25519 key, else its
first key, unless --key or $SHODO_SIGNING_KEY names one by SHA256 fingerprint,
public key or public key file (as git's user.signingkey does). Only when no
agent answers is a key of your own under shodo's config directory used
(~/.config/shodo/signing_ed25519, created on first use). Which key signed is
said on stderr. Teams list the keys that may seal in an allowed_signers file
for shodo verify.

With -o FILE the head is also written to FILE and only the paragraph is
printed; without it the head follows the paragraph.`,
		Example: `shodo seal INC-20261125-7F3A -o INC-20261125-7F3A.head
shodo seal INC-20261125-7F3A --key ~/.ssh/id_ed25519.pub`,
		Args:              usageArgs(exactlyOneIncident),
		ValidArgsFunction: env.completeIncidents,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			dir, err := env.findIncident(args[0])
			if err != nil {
				return err
			}
			key, err := env.chooseSealingKey(keySpec)
			if err != nil {
				return err
			}
			j, err := journal.Open(dir, nil)
			if err != nil {
				return errors.Join(err, key.release())
			}
			head, sealErr := j.Seal(key.signer)
			if err := errors.Join(sealErr, j.Close(), key.release()); err != nil {
				return err
			}
			c := env.words()
			fmt.Fprintln(env.stderr, env.sealedKeyNote(c, key))
			if out == "" {
				printHead(env.stdout, c, dir, head)
				return nil
			}
			raw, err := os.ReadFile(filepath.Join(dir, journal.HeadFile))
			if err != nil {
				return err
			}
			if err := writeNewFile(env.path(out), force, func(w io.Writer) error { _, err := w.Write(raw); return err }); err != nil {
				return err
			}
			printParagraph(env.stdout, c, head)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "also write the head to this file, and print only the paragraph for the ticket")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite the output file if it exists")
	cmd.Flags().StringVar(&keySpec, "key", "", "the agent key to sign with: SHA256 fingerprint, public key, or public key file (default $SHODO_SIGNING_KEY, else the agent's first ed25519 key)")
	return cmd
}

// printHead writes a signed head for a person to paste into the ticket:
// the paragraph in c's language, then the head file itself, which
// `shodo verify --head` reads back.
func printHead(w io.Writer, c *i18n.Catalog, dir string, head journal.Head) {
	printParagraph(w, c, head)
	if raw, err := os.ReadFile(filepath.Join(dir, journal.HeadFile)); err == nil {
		fmt.Fprintf(w, "\n%s\n%s", visible(c.T("cli.head.save", "ID", head.Incident)), raw)
	}
}

// printParagraph writes the paragraph for the ticket, which `shodo verify
// --head` also reads back (by its seq and hash, in any language).
func printParagraph(w io.Writer, c *i18n.Catalog, head journal.Head) {
	fmt.Fprintln(w, visible(c.T("cli.head.sealed",
		"ID", head.Incident, "At", head.At.Format(time.RFC3339), "Count", int(head.Seq), "Seq", head.Seq, "Hash", head.Hash, "Key", headKey(c, head))))
}

// headKey names the key that signed head: its SSH fingerprint, or the
// hex ed25519 key of a first-format head.
func headKey(c *i18n.Catalog, head journal.Head) string {
	if head.Signer != "" {
		if pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(head.Signer)); err == nil {
			fp := sshsig.Fingerprint(pub)
			if comment := oneLine(head.SignerComment()); comment != "" {
				fp += " (" + comment + ")"
			}
			return c.T("cli.head.ssh-key", "Fingerprint", fp)
		}
	}
	return c.T("cli.head.ed25519-key", "Key", head.PublicKey)
}

// breakWords says a journal's first break for a person: where, what, and
// how many records follow it.
func breakWords(c *i18n.Catalog, b journal.Break) string {
	return export.Describe(c, &incident.BrokenJournal{Break: b})
}

// breakDetail says what exactly breaks a journal in the reader's language:
// the journal gives a code and its parameters, or, for a break that is
// another error's text, only that text (as written).
func breakDetail(c *i18n.Catalog, b journal.Break) string {
	if id := "export.break-detail." + b.Why; b.Why != "" && c.Has(id) {
		return c.T(id, b.Args...)
	}
	return b.Detail
}
