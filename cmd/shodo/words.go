package main

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// The CLI's own sentences — its messages, its errors, the words of
// `shodo list` — are in the catalogue under [cli], and are put into words
// in the one language i18n.Decide picks from the root's --lang and the
// locale. What scripts read stays as it is in every language: ids, paths,
// RFC 3339 times, JSON, the ok/FAIL marks, file:line:col: prefixes and
// severity codes.

// english is the catalogue an error's Error method speaks: logs and tests
// read English.
var english = sync.OnceValue(func() *i18n.Catalog { return i18n.New(i18n.English) })

// spoken is an error the CLI words in the reader's language.
type spoken interface {
	error
	in(c *i18n.Catalog) string
}

// said is an error the CLI words through the catalogue: a message id and
// its named arguments, as i18n.Catalog.T takes them. An argument that is an
// error is described in the reader's language too, and is what said wraps.
type said struct {
	id   string
	args []any
}

// say returns the error that the catalogue message id says with args.
func say(id string, args ...any) error { return said{id: id, args: args} }

// Error says the error in English.
func (s said) Error() string { return s.in(english()) }

// in says the error in c's language.
func (s said) in(c *i18n.Catalog) string {
	args := slices.Clone(s.args)
	for i := 1; i < len(args); i += 2 {
		if err, ok := args[i].(error); ok {
			args[i] = describe(c, err)
		}
	}
	return c.T(s.id, args...)
}

// Unwrap returns the errors among the arguments, so that errors.Is and
// errors.As see through a sentence to its cause.
func (s said) Unwrap() []error {
	var errs []error
	for i := 1; i < len(s.args); i += 2 {
		if err, ok := s.args[i].(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// describe says err in c's language: the CLI's own sentences, then the
// library's and the runbook loader's errors (their Msg), then what
// export.Describe words — the session's refusals, a broken journal — and
// any other error in the English of its Error method.
func describe(c *i18n.Catalog, err error) string {
	if s, ok := errors.AsType[spoken](err); ok {
		return visible(s.in(c))
	}
	if m, ok := errors.AsType[interface {
		error
		Msg() runbook.Msg
	}](err); ok {
		return visible(m.Msg().Text(c))
	}
	if command, parent, ok := unknownCommand(err); ok {
		return visible(c.T("cli.unknown.command", "Command", command, "Parent", parent))
	}
	return visible(export.Describe(c, err))
}

// cobraUnknownCommand is the sentence cobra says a subcommand it does not
// have with (cobra.NoArgs on the root, Command.Find), in words of its own
// that no hook of ours can reach (https://github.com/spf13/cobra/pull/2266).
// The root checks its own arguments, so cobra adds no suggestion; a
// sentence with one stays in cobra's English. Compiled when an error is
// read, not at every start.
const cobraUnknownCommand = `^unknown command ("(?:[^"\\]|\\.)*") for ("(?:[^"\\]|\\.)*")$`

// unknownCommand reads the quoted command and its parent out of cobra's
// complaint about an unknown subcommand.
func unknownCommand(err error) (command, parent string, ok bool) {
	m := regexp.MustCompile(cobraUnknownCommand).FindStringSubmatch(err.Error())
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// newLangFlag makes the root's persistent --lang: the language of shodo's
// own words for every command. Empty when not given, so that the locale
// decides.
func newLangFlag() *choiceFlag { return newChoiceFlag("", i18n.Codes()...) }

// addLangFlag defines --lang on root for it and every command under it.
func addLangFlag(root *cobra.Command, lang *choiceFlag) {
	root.PersistentFlags().Var(lang, "lang", "language of shodo's own words (default from LC_ALL, LC_MESSAGES, LANG); runbook text is shown as written, and ids, paths and machine output stay as they are")
	_ = root.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions(lang.choices, cobra.ShellCompDirectiveNoFileComp))
}

// langCode is the language i18n.Decide picks from --lang and the locale.
func (env environment) langCode() string {
	flag := ""
	if env.lang != nil {
		flag = env.lang.value
	}
	// The flag's value was checked when it was set: Decide cannot fail.
	code, err := i18n.Decide(flag, env.getenv)
	if err != nil {
		return i18n.English
	}
	return code
}

// words is the catalogue of the reader's language.
func (env environment) words() *i18n.Catalog { return i18n.New(env.langCode()) }

// quoteOr writes `"a"`, `"a" or "b"`, `"a", "b" or "c"` in c's language.
func quoteOr(c *i18n.Catalog, ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	if len(q) == 1 {
		return q[0]
	}
	return c.T("runbook.list.or", "Init", strings.Join(q[:len(q)-1], c.T("runbook.list.separator")), "Last", q[len(q)-1])
}

// wantChoices is a choice flag's complaint about a value it does not take:
// "want en or ja", with the choice it looks like a typo of, if any.
type wantChoices struct {
	choices []string
	near    string
}

func (w wantChoices) Error() string { return w.in(english()) }

func (w wantChoices) in(c *i18n.Catalog) string {
	last := len(w.choices) - 1
	choices := w.choices[0]
	if last > 0 {
		choices = c.T("runbook.list.or", "Init", strings.Join(w.choices[:last], c.T("runbook.list.separator")), "Last", w.choices[last])
	}
	text := c.T("cli.flag.want", "Choices", choices)
	if w.near != "" {
		text += c.T("cli.unknown.did-you-mean", "Suggestions", fmt.Sprintf("%q", w.near))
	}
	return text
}

// flagError words the flag parser's errors (github.com/spf13/pflag) in
// the reader's language; their English is pflag's own.
func flagError(err error) error {
	if e, ok := errors.AsType[*pflag.InvalidValueError](err); ok {
		return say("cli.flag.invalid", "Value", fmt.Sprintf("%q", e.GetValue()), "Flag", fmt.Sprintf("%q", flagName(e.GetFlag())), "Error", e.Unwrap())
	}
	if e, ok := errors.AsType[*pflag.ValueRequiredError](err); ok {
		if short := e.GetSpecifiedShortnames(); short != "" {
			return say("cli.flag.needs-value-short", "Flag", fmt.Sprintf("%q", rune(e.GetSpecifiedName()[0])), "Given", "-"+short)
		}
		return say("cli.flag.needs-value", "Flag", "--"+e.GetSpecifiedName())
	}
	if e, ok := errors.AsType[*pflag.NotExistError](err); ok {
		if short := e.GetSpecifiedShortnames(); short != "" {
			return say("cli.flag.unknown-short", "Flag", fmt.Sprintf("%q", rune(e.GetSpecifiedName()[0])), "Given", "-"+short)
		}
		return say("cli.flag.unknown", "Flag", "--"+e.GetSpecifiedName())
	}
	if e, ok := errors.AsType[*pflag.InvalidSyntaxError](err); ok {
		return say("cli.flag.bad-syntax", "Flag", e.GetSpecifiedFlag())
	}
	return err
}

// flagName writes a flag as pflag's messages do: "-o, --output" or "--lang".
func flagName(f *pflag.Flag) string {
	if f.Shorthand != "" && f.ShorthandDeprecated == "" {
		return "-" + f.Shorthand + ", --" + f.Name
	}
	return "--" + f.Name
}
