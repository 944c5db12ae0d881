package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/serve"
)

func newManCmd(env environment) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print shodo's manual page (roff), for man -l",
		Long: `Man prints the manual page of shodo and every command in roff, the format man
reads: every command's help, the flags, the environment variables shodo reads,
its exit statuses and the files it writes.`,
		Example: `shodo man | man -l -
shodo man > ~/.local/share/man/man1/shodo.1`,
		Args: usageArgs(noArgs),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			if err := writeManPage(env.stdout, cmd.Root()); err != nil {
				return say("cli.err.write", "Error", err)
			}
			return nil
		}),
	}
}

// The manual page's own sections, which no command's help holds: the
// environment, exit statuses and files. Each is a list of tag and text.
var (
	manEnvironment = [][2]string{
		{"SHODO_HOME", "Where incidents are kept, in incidents/ below it. Default: $XDG_STATE_HOME/shodo, else ~/.local/state/shodo."},
		{"SHODO_ACTOR", "Your name, recorded on every event and signed under copied messages, when --actor is not given. Default: name in config.toml (see FILES), else the login name."},
		{library.EnvDirs, "Directories of the team's runbooks and drill scenarios, separated like PATH; they come before ./runbooks and the shipped runbooks."},
		{envHideExamples, "Set to 1 to leave the shipped runbooks and drills off the home screen."},
		{envBell, "Set to 0 to keep the terminal bell silent when a duty falls overdue, as --no-bell does. Default: it rings once per duty."},
		{envSigningKey, "The SSH agent key (a public key, its file, or its fingerprint) to seal heads with, as --key does."},
		{envAllowedSigners, "The allowed_signers file verify checks signed heads against, as --allowed-signers does."},
		{envAgent, "The SSH agent that signs heads; without one, shodo signs with a key of its own in its configuration directory."},
		{"LC_ALL, LC_MESSAGES, LANG", "The language of shodo's own words when --lang is not given: ja_JP.UTF-8 means Japanese; anything else English."},
		{"TZ", "The time zone of the local times shodo shows and exports."},
		{"NO_COLOR", "Set to anything but empty to turn colour off, in the app and in help and errors."},
		{envNow, "An RFC 3339 time to use as now, for reproducible tests and drills."},
		{"XDG_CONFIG_HOME, XDG_STATE_HOME, HOME", "Where the configuration directory (shodo/ below XDG_CONFIG_HOME, else ~/.config/shodo) and the default SHODO_HOME are."},
	}
	manExitStatus = [][2]string{
		{"0", "Success; for validate and test, no error (warnings only, unless --strict)."},
		{"1", "Findings or failure: a runbook with errors, a drill scenario that fails, an incident that exists but cannot be opened (a broken journal, another writer), nothing to resume."},
		{"2", "Usage: an unknown command or flag, a missing or surplus argument, a value a flag does not take, an argument that names no runbook, scenario or incident."},
		{"verify", "0 intact, 1 tampered or unreadable as a journal, 2 a torn last line from a crash, 3 a file it cannot read or a usage error, 4 intact but reopened after the signed head given with --head."},
	}
	manFiles = [][2]string{
		{"$SHODO_HOME/incidents/ID/" + journal.JournalFile, "An incident's journal: one JSON record a line, hash-chained, fsynced before the screen shows a step as recorded."},
		{"$SHODO_HOME/incidents/ID/" + journal.HeadFile, "The signed head of a sealed journal (shodo seal, and every close)."},
		{"$SHODO_HOME/incidents/ID/timeline.quarantine-N.jsonl", "The bytes of a last line torn by a crash, kept when the journal is next opened."},
		{"$SHODO_HOME/incidents/ID/" + incident.SummaryFile + ", $SHODO_HOME/" + incident.IndexDir + "/", "What list and the home screen show, rebuilt from the journals whenever they do not match."},
		{"./runbooks", "The working directory's runbooks and drill scenarios, after $SHODO_RUNBOOKS."},
		{"~/.config/shodo/" + configFile, "Settings: name = \"Your Name\" is the name recorded on every event and signed under copied messages, unless --actor or SHODO_ACTOR gives another. With none of them, the first start of the app (shodo, run, resume, drill) asks for the name, the login name filled in, and enter saves it here (created 0600); esc uses the login name that once and asks again next time."},
		{"~/.config/shodo/" + fallbackKeyFile, "The signing key of a responder without an SSH agent."},
		{"~/.config/shodo/" + allowedSignersFile, "The keys verify trusts, in ssh-keygen's allowed_signers format."},
		{"~/.config/shodo/" + serve.HostKeyFile, "The host key of shodo serve, generated on its first start (mode 0600)."},
	}
)

// writeManPage writes the manual page of root and its commands in roff
// (man(7)): one roff paragraph for each paragraph of the help, indented
// blocks (tables, examples) kept as they are, and every flag with its
// short and long names.
func writeManPage(w io.Writer, root *cobra.Command) error {
	// Cobra adds --help and --version when a command runs; the manual
	// lists them whichever command runs.
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag()
	var b strings.Builder
	name := root.Name()
	fmt.Fprintf(&b, ".TH %s 1 \"\" %s \"%s manual\"\n", strings.ToUpper(name), roffQuote(name+" "+version()), name)
	b.WriteString(".SH NAME\n")
	fmt.Fprintf(&b, "%s \\- %s\n", name, roffText(strings.ToLower(root.Short[:1])+root.Short[1:]))
	b.WriteString(".SH SYNOPSIS\n")
	fmt.Fprintf(&b, ".B %s\n[\\fICOMMAND\\fR] [\\fIFLAGS\\fR]\n", name)
	b.WriteString(".SH DESCRIPTION\n")
	writeRoffParagraphs(&b, root.Long)
	if root.HasAvailableLocalFlags() {
		b.WriteString(".SH OPTIONS\n")
		writeRoffFlags(&b, root.LocalNonPersistentFlags())
	}
	if root.HasAvailablePersistentFlags() {
		b.WriteString(".SH GLOBAL OPTIONS\nEvery command takes these, and \\fB\\-h\\fR, \\fB\\-\\-help\\fR.\n")
		writeRoffFlags(&b, root.PersistentFlags())
	}
	b.WriteString(".SH COMMANDS\n")
	for _, c := range manCommands(root) {
		fmt.Fprintf(&b, ".SS %s\n", roffQuote(c.UseLine()))
		writeRoffParagraphs(&b, c.Long)
		if c.Long == "" {
			writeRoffParagraphs(&b, c.Short)
		}
		if flags := c.LocalNonPersistentFlags(); flags.HasAvailableFlags() {
			b.WriteString(".PP\nOptions:\n")
			writeRoffFlags(&b, flags)
		}
		if c.Example != "" {
			b.WriteString(".PP\nExamples:\n")
			writeRoffBlock(&b, c.Example)
		}
	}
	for _, section := range []struct {
		title string
		items [][2]string
	}{{"ENVIRONMENT", manEnvironment}, {"EXIT STATUS", manExitStatus}, {"FILES", manFiles}} {
		fmt.Fprintf(&b, ".SH %s\n", roffQuote(section.title))
		for _, it := range section.items {
			fmt.Fprintf(&b, ".TP\n\\fB%s\\fR\n%s\n", roffText(it[0]), roffText(it[1]))
		}
	}
	b.WriteString(".SH SEE ALSO\n")
	fmt.Fprintf(&b, "%s\n", roffText("README.md and docs/ in shodo's source: the runbook format (docs/runbook-format.md), incidents and exports (docs/incidents.md), drills (docs/drills.md), keys (docs/keys.md), shodo serve (docs/serve.md)."))
	_, err := io.WriteString(w, b.String())
	return err
}

// manCommands lists the commands the manual describes, depth first in
// help's order: every available command but help itself.
func manCommands(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		if !sub.IsAvailableCommand() || sub.Name() == "help" {
			continue
		}
		out = append(out, sub)
		if sub.Name() != "completion" { // one paragraph per shell is for its --help
			out = append(out, manCommands(sub)...)
		}
	}
	return out
}

// writeRoffParagraphs writes text's paragraphs (separated by blank lines)
// as roff paragraphs, which man fills to the reader's width; a paragraph
// whose lines are indented (a table of formats, a list) is kept as it is.
func writeRoffParagraphs(b *strings.Builder, text string) {
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		if strings.HasPrefix(para, "  ") {
			writeRoffBlock(b, para)
			continue
		}
		b.WriteString(".PP\n")
		for _, line := range strings.Split(para, "\n") {
			b.WriteString(roffText(strings.TrimSpace(line)) + "\n")
		}
	}
}

// writeRoffBlock writes lines unfilled, indented, as they are.
func writeRoffBlock(b *strings.Builder, text string) {
	b.WriteString(".PP\n.RS 4\n.nf\n")
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString(roffText(line) + "\n")
	}
	b.WriteString(".fi\n.RE\n")
}

// writeRoffFlags writes each visible flag as a tagged paragraph: "-o,
// --output FILE" then its usage and default.
func writeRoffFlags(b *strings.Builder, flags *pflag.FlagSet) {
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		tag := `\fB\-\-` + roffText(f.Name) + `\fR`
		if f.Shorthand != "" {
			tag = `\fB\-` + roffText(f.Shorthand) + `\fR, ` + tag
		}
		varName, usage := pflag.UnquoteUsage(f)
		if varName != "" {
			tag += ` \fI` + roffText(varName) + `\fR`
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" && f.DefValue != "0" {
			usage += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(b, ".TP\n%s\n%s\n", tag, roffText(usage))
	})
}

// roffText escapes text for a roff line: a backslash is \e, a hyphen is
// \- (so that man does not break or turn it into a dash), and a line
// starting with a dot or a quote, which roff takes for a request, starts
// with \& instead.
func roffText(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffQuote is roffText as one argument of a request, in double quotes.
func roffQuote(s string) string {
	return `"` + strings.ReplaceAll(roffText(s), `"`, `\(dq`) + `"`
}
