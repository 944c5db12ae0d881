package runbook

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// Severity says whether a diagnostic blocks use of the runbook.
type Severity string

// Severities, from worst.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one problem found in a runbook, at the place to fix it. It
// holds no sentence: Message is a catalogue message and its arguments, put
// into words by whoever shows it (Text), in the reader's language.
type Diagnostic struct {
	Pos
	Severity Severity `json:"severity"`
	// Code names the class of problem (e.g. "unknown-key", "dangling-ref"),
	// stable for tools and tests. Several messages share a class.
	Code    string `json:"code"`
	Message Msg    `json:"-"`
}

// Text formats the diagnostic in c's language as
// "path:line:col: severity: message", the form editors and CI parse.
func (d Diagnostic) Text(c *i18n.Catalog) string {
	sev := msgSeverityError.With().Text(c)
	if d.Severity == Warning {
		sev = msgSeverityWarning.With().Text(c)
	}
	if d.Line == 0 {
		return d.File + ": " + sev + ": " + d.Message.Text(c)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Col, sev, d.Message.Text(c))
}

// String formats the diagnostic in English, for logs and for errors made
// where no catalogue of the reader's language is at hand.
func (d Diagnostic) String() string { return d.Text(english()) }

// MarshalJSON writes the diagnostic with its message in English, for tools
// and logs; a command that knows its reader's language writes Text(c)
// itself.
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.JSON(english()))
}

// DiagnosticJSON is a diagnostic as JSON tools read it: the message in
// words of one language, its catalogue id and the class of problem.
type DiagnosticJSON struct {
	Pos
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	// MessageID is the catalogue id of the message: finer than Code, the
	// same in every language.
	MessageID string `json:"message_id"`
}

// JSON returns the diagnostic as DiagnosticJSON, worded in c's language.
func (d Diagnostic) JSON(c *i18n.Catalog) DiagnosticJSON {
	return DiagnosticJSON{Pos: d.Pos, Severity: d.Severity, Code: d.Code, Message: d.Message.Text(c), MessageID: d.Message.ID}
}

// english is the English catalogue, built once on first use.
var english = sync.OnceValue(func() *i18n.Catalog { return i18n.New(i18n.English) })

// same reports whether two diagnostics say the same thing at the same place.
func (d Diagnostic) same(o Diagnostic) bool {
	return d.Pos == o.Pos && d.Severity == o.Severity && d.Code == o.Code && d.Message.equal(o.Message)
}

// Diagnostics is every problem found in one load or validation.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Count returns the number of errors and warnings.
func (ds Diagnostics) Count() (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Equal reports whether ds and other hold the same diagnostics in the same
// order.
func (ds Diagnostics) Equal(other Diagnostics) bool {
	return slices.EqualFunc(ds, other, Diagnostic.same)
}

// Sort orders diagnostics by file, line and column, errors before warnings
// at the same place, and drops exact duplicates. Diagnostics at the same
// place are ordered by their English text, so that every language lists
// them in one order; only those few are rendered.
func (ds Diagnostics) Sort() Diagnostics {
	place := func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity),
		)
	}
	slices.SortStableFunc(ds, place)
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && place(ds[i], ds[j]) == 0 {
			j++
		}
		if j-i > 1 {
			sortByText(ds[i:j])
		}
		i = j
	}
	return slices.CompactFunc(ds, Diagnostic.same)
}

// sortByText orders diagnostics by their English text.
func sortByText(run []Diagnostic) {
	type keyed struct {
		text string
		d    Diagnostic
	}
	ks := make([]keyed, len(run))
	for k, d := range run {
		ks[k] = keyed{d.Message.Text(english()), d}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return cmp.Compare(a.text, b.text) })
	for k := range ks {
		run[k] = ks[k].d
	}
}

// Message declares one message of the catalogue that diagnostics are made
// of: its id, the class of a diagnostic that says it, and the names of its
// arguments. Each package that reports diagnostics declares its messages in
// one list (see Messages), which the tests walk.
type Message struct {
	ID string
	// Code is the Diagnostic.Code of a diagnostic that says this message;
	// empty for a part of one (a subject, a hint, a reason).
	Code   string
	Params []string
}

// With returns the message with its arguments, not yet in words.
func (m Message) With(args ...Arg) Msg { return Msg{ID: m.ID, Args: args} }

// Check renders m in c with every parameter set to a marker and reports a
// message that c lacks, that leaves out one of m's parameters or that uses
// one m does not declare. Packages test their message lists with it.
func (m Message) Check(c *i18n.Catalog) error {
	if !c.Has(m.ID) {
		return fmt.Errorf("%s: no such message", m.ID)
	}
	args := make([]any, 0, 2*len(m.Params))
	for _, p := range m.Params {
		args = append(args, p, "⟦"+p+"⟧")
	}
	out := c.T(m.ID, args...)
	if strings.Contains(out, "<no value>") {
		return fmt.Errorf("%s in %s uses a placeholder not in %v: %q", m.ID, c.Lang(), m.Params, out)
	}
	for _, p := range m.Params {
		if !strings.Contains(out, "⟦"+p+"⟧") {
			return fmt.Errorf("%s in %s does not use {{.%s}}: %q", m.ID, c.Lang(), p, out)
		}
	}
	return nil
}

// CheckMessages checks declared messages against the catalogue: each is in
// every language with exactly its parameters, and, when section is set
// ("runbook.library"), every message of that section of the English file is
// declared (a message nobody declares is translated for nothing). It returns
// every problem found; the tests of each package that declares messages
// call it.
func CheckMessages(msgs []Message, section string) []error {
	var errs []error
	for _, l := range i18n.Languages() {
		c := i18n.New(l.Code)
		for _, m := range msgs {
			if err := m.Check(c); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if section == "" {
		return errs
	}
	declared := map[string]bool{}
	for _, m := range msgs {
		declared[m.ID] = true
	}
	ids := i18n.New(i18n.English).IDs(section + ".")
	if len(ids) == 0 {
		errs = append(errs, fmt.Errorf("en.toml has no [%s]", section))
	}
	for _, id := range ids {
		if !declared[id] {
			errs = append(errs, fmt.Errorf("en.toml has %s, which no declaration lists", id))
		}
	}
	return errs
}

// Msg is a message with its arguments: what a diagnostic says before it is
// put into words. The zero Msg says nothing (an absent hint).
type Msg struct {
	ID   string
	Args []Arg
}

// Text puts m into words in c's language.
func (m Msg) Text(c *i18n.Catalog) string {
	if m.ID == "" {
		return ""
	}
	if len(m.Args) == 0 {
		return c.T(m.ID)
	}
	pairs := make([]any, 0, 2*len(m.Args))
	for _, a := range m.Args {
		pairs = append(pairs, a.Name, a.words(c))
	}
	return c.T(m.ID, pairs...)
}

func (m Msg) equal(o Msg) bool {
	return m.ID == o.ID && slices.EqualFunc(m.Args, o.Args, Arg.equal)
}

// argKind says how an argument is shown.
type argKind uint8

const (
	argPlain    argKind = iota // as it is: an id, a path, a key, syntax
	argQuoted                  // a value from the file, in Go quotes so nothing hides in it
	argExternal                // words from outside shodo: the TOML decoder's, the system's
	argNumber
	argPart       // another message
	argQuotedList // quoted values, separated
	argPlainList  // plain values, separated
	argOrList     // plain values, "a, b or c"
	argAndList    // plain values, "a and b"
)

// Arg is one named argument of a Msg. Build it with Plain, Quoted,
// External, Number, Part or one of the list constructors.
type Arg struct {
	Name string
	kind argKind
	text string
	num  int
	list []string
	part *Msg
}

// Plain is an argument shown as it is: an id, a file name, a key, syntax.
func Plain(name, s string) Arg { return Arg{Name: name, kind: argPlain, text: s} }

// Quoted is a value taken from the file, shown in Go quotes (escaped, so
// that no control character reaches a terminal).
func Quoted(name, s string) Arg { return Arg{Name: name, kind: argQuoted, text: s} }

// External is text from outside shodo — the TOML decoder's message, the
// operating system's error — shown as it is, in its own language.
func External(name, s string) Arg { return Arg{Name: name, kind: argExternal, text: s} }

// Number is an integer argument.
func Number(name string, n int) Arg { return Arg{Name: name, kind: argNumber, num: n} }

// Part is an argument that is itself a message, put into words in the
// same language.
func Part(name string, m Msg) Arg { return Arg{Name: name, kind: argPart, part: &m} }

// QuotedList is a list of values from the file, each quoted.
func QuotedList(name string, items []string) Arg {
	return Arg{Name: name, kind: argQuotedList, list: items}
}

// PlainList is a list shown as it is, separated.
func PlainList(name string, items []string) Arg {
	return Arg{Name: name, kind: argPlainList, list: items}
}

// OrList is a list of alternatives: "a, b or c".
func OrList(name string, items []string) Arg { return Arg{Name: name, kind: argOrList, list: items} }

// AndList is a list of things that all hold: "a and b".
func AndList(name string, items []string) Arg { return Arg{Name: name, kind: argAndList, list: items} }

func (a Arg) words(c *i18n.Catalog) string {
	switch a.kind {
	case argQuoted:
		return strconv.Quote(a.text)
	case argNumber:
		return strconv.Itoa(a.num)
	case argPart:
		return a.part.Text(c)
	case argQuotedList:
		q := make([]string, len(a.list))
		for i, s := range a.list {
			q[i] = strconv.Quote(s)
		}
		return strings.Join(q, c.T(msgListSeparator.ID))
	case argPlainList:
		return strings.Join(a.list, c.T(msgListSeparator.ID))
	case argOrList, argAndList:
		if len(a.list) < 2 {
			return strings.Join(a.list, "")
		}
		m := msgListOr
		if a.kind == argAndList {
			m = msgListAnd
		}
		init := strings.Join(a.list[:len(a.list)-1], c.T(msgListSeparator.ID))
		return m.With(Plain("Init", init), Plain("Last", a.list[len(a.list)-1])).Text(c)
	}
	return a.text
}

func (a Arg) equal(o Arg) bool {
	if a.Name != o.Name || a.kind != o.kind || a.text != o.text || a.num != o.num || !slices.Equal(a.list, o.list) {
		return false
	}
	if a.part == nil || o.part == nil {
		return a.part == o.part
	}
	return a.part.equal(*o.part)
}

// Values returns the argument's raw values — the runbook's own text, ids,
// file names, outside words — with those of nested parts: what a
// pseudo-locale test allows on a screen.
func (m Msg) Values() []string {
	var out []string
	for _, a := range m.Args {
		switch a.kind {
		case argPart:
			out = append(out, a.part.Values()...)
		case argNumber:
		default:
			out = append(out, a.text)
			out = append(out, a.list...)
		}
	}
	return out
}

// Names returns, for each message id in m and its parts, the names of the
// arguments it was given, for tests that compare them with the declared
// parameters.
func (m Msg) Names() map[string][][]string {
	out := map[string][][]string{}
	var walk func(Msg)
	walk = func(m Msg) {
		if m.ID == "" {
			return
		}
		var names []string
		for _, a := range m.Args {
			names = append(names, a.Name)
			if a.kind == argPart {
				walk(*a.part)
			}
		}
		out[m.ID] = append(out[m.ID], names)
	}
	walk(m)
	return out
}
