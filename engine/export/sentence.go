// Package export turns an incident's journal into documents for people and
// tools: a Markdown postmortem, an after-action report, JSON, CSV and
// Timesketch JSONL. It reads incident state and events only; it never
// writes to a journal. It is an edge: every word it writes comes from the
// message catalogue (internal/i18n, sections [export] and [aar]).
package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/textsafe"
)

// catalogues holds one message catalogue per language, each built on first
// use: building one parses the message files, far too slow for every line
// of a timeline. The map is filled here and never changed.
var catalogues = func() map[string]func() *i18n.Catalog {
	m := map[string]func() *i18n.Catalog{}
	for _, l := range i18n.Languages() {
		m[l.Code] = sync.OnceValue(func() *i18n.Catalog { return i18n.New(l.Code) })
	}
	return m
}()

// catalogue returns the catalogue of lang, English for a code shodo does
// not speak.
func catalogue(lang string) *i18n.Catalog {
	if f, ok := catalogues[lang]; ok {
		return f()
	}
	return catalogues[i18n.English]()
}

// Sentence describes one event as a readable sentence in c's language,
// using the runbook's titles where it has them, with the times it mentions
// (due times) written by formatTime. The TUI's timeline and every export
// use it, so they read alike.
func Sentence(c *i18n.Catalog, st *incident.State, ev incident.Event, formatTime func(time.Time) string) string {
	return words{c: c, rb: st.Runbook, formatTime: formatTime}.sentence(incident.SentenceOf(ev))
}

// SentenceWith is Sentence in the language with code lang.
func SentenceWith(st *incident.State, ev incident.Event, lang string, formatTime func(time.Time) string) string {
	return Sentence(catalogue(lang), st, ev, formatTime)
}

// SentenceLines is SentenceWith for one entry read in full (the TUI's
// expanded timeline entry): a multi-line text, a hand-over note, keeps its
// line breaks instead of showing them as " / ".
func SentenceLines(st *incident.State, ev incident.Event, lang string, formatTime func(time.Time) string) string {
	return words{c: catalogue(lang), rb: st.Runbook, formatTime: formatTime, keepLines: true}.sentence(incident.SentenceOf(ev))
}

// dateTimeIn writes times as a document does: date and minute, in loc.
func dateTimeIn(loc *time.Location) func(time.Time) string {
	return func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
}

// words writes the engine's codes and parameters in one language.
type words struct {
	c          *i18n.Catalog
	rb         *runbook.Runbook
	formatTime func(time.Time) string
	// escape, when set, is applied to every parameter that holds text (the
	// after-action report's Markdown).
	escape func(string) string
	// keepLines keeps the line breaks of a multi-line text (ArgLines), for
	// a sentence read on its own rather than as one line of a list.
	keepLines bool
	// compiled, when not nil, keeps each message as its literal parts, for
	// a document that writes thousands of sentences (see compile).
	compiled map[string]*compiledMessage
}

// sentence fills the message of s with its parameters.
func (w words) sentence(s incident.Sentence) string {
	return w.message(s.ID, s)
}

// message fills the message id with the parameters of s: a document may
// tell an event in its own words, with the parameters of its sentence.
func (w words) message(id string, s incident.Sentence) string {
	if w.compiled != nil && !counted(s) {
		m, ok := w.compiled[id]
		if !ok {
			m = compile(w.c, id, s)
			w.compiled[id] = m
		}
		if m != nil && m.fits(s) {
			return m.fill(w, s)
		}
	}
	args := make([]any, 0, 2*len(s.Args))
	for _, a := range s.Args {
		args = append(args, a.Name, w.arg(a))
	}
	return w.c.T(id, args...)
}

// counted reports whether a sentence has a count, which chooses among its
// message's plural forms.
func counted(s incident.Sentence) bool {
	return slices.ContainsFunc(s.Args, func(a incident.Arg) bool { return a.Kind == incident.ArgCount })
}

// compiledMessage is a message cut at its placeholders: literal text and,
// between each two, the index of the argument that fills the gap.
type compiledMessage struct {
	names   []string // the argument names it was compiled with, in order
	literal []string // len(gaps)+1 literal runs
	gaps    []int
}

// compile cuts message id at its placeholders, by filling it with markers
// twice and keeping it only when both fills agree on every literal: a
// message whose text depends on its values (a condition in its template)
// is not compiled and goes through the catalogue each time. Filling the
// literal runs by concatenation is what keeps a 100,000-event export as
// fast as before the catalogue.
func compile(c *i18n.Catalog, id string, s incident.Sentence) *compiledMessage {
	cut := func(open, close string) *compiledMessage {
		args := make([]any, 0, 2*len(s.Args))
		for i, a := range s.Args {
			args = append(args, a.Name, open+strconv.Itoa(i)+close)
		}
		out := c.T(id, args...)
		m := &compiledMessage{}
		for {
			i := strings.Index(out, open)
			if i < 0 {
				break
			}
			j := strings.Index(out[i+len(open):], close)
			if j < 0 {
				return nil
			}
			n, err := strconv.Atoi(out[i+len(open) : i+len(open)+j])
			if err != nil || n < 0 || n >= len(s.Args) {
				return nil
			}
			m.literal = append(m.literal, out[:i])
			m.gaps = append(m.gaps, n)
			out = out[i+len(open)+j+len(close):]
		}
		m.literal = append(m.literal, out)
		return m
	}
	a, b := cut("\x00", "\x00"), cut("\x01<", ">\x01")
	if a == nil || b == nil || !slices.Equal(a.literal, b.literal) || !slices.Equal(a.gaps, b.gaps) ||
		strings.Contains(strings.Join(a.literal, ""), "«") {
		return nil
	}
	for _, arg := range s.Args {
		a.names = append(a.names, arg.Name)
	}
	return a
}

// fits reports whether s has the arguments, in the order, that m was
// compiled with: a message id always comes with the same ones.
func (m *compiledMessage) fits(s incident.Sentence) bool {
	if len(s.Args) != len(m.names) {
		return false
	}
	for i, a := range s.Args {
		if a.Name != m.names[i] {
			return false
		}
	}
	return true
}

// fill writes the message with the arguments of s in its gaps.
func (m *compiledMessage) fill(w words, s incident.Sentence) string {
	var b strings.Builder
	for i, lit := range m.literal {
		b.WriteString(lit)
		if i < len(m.gaps) {
			b.WriteString(w.text(s.Args[m.gaps[i]]))
		}
	}
	return b.String()
}

// arg is the value of a message's argument: its count, or its text.
func (w words) arg(a incident.Arg) any {
	if a.Kind == incident.ArgCount {
		return a.Count
	}
	return w.text(a)
}

// text writes an argument in words.
func (w words) text(a incident.Arg) string {
	var s string
	switch a.Kind {
	case incident.ArgCount:
		s = strconv.FormatInt(a.Count, 10)
	case incident.ArgText, incident.ArgCode:
		s = a.Text
	case incident.ArgQuoted:
		s = strconv.Quote(a.Text)
	case incident.ArgLine:
		s = oneLine(a.Text)
	case incident.ArgLines:
		s = linesOnOne(a.Text)
		if w.keepLines {
			s = linesKept(a.Text)
		}
	case incident.ArgDuty:
		s = dutyTitle(w.rb, a.Text)
	case incident.ArgRole:
		s = roleTitle(w.rb, a.Text)
	case incident.ArgMilestone:
		s = milestoneTitle(w.rb, a.Text)
	case incident.ArgQuestion:
		s = a.Text
		if n := w.rb.Node(a.Text); n != nil {
			s = n.Ask
		}
	case incident.ArgAnswer:
		s = w.answerLabels(a.Of, a.AnswerIDs())
	case incident.ArgNumberAnswer:
		s = w.numberAnswer(a.Of, a.Number)
	case incident.ArgVerdict:
		s = a.Of
		if v := w.rb.Verdict(a.Text); v != nil {
			s = v.Title
		}
		if s == "" {
			s = a.Text
		}
	case incident.ArgRank:
		s = a.Text
		if r := w.rb.Rank(a.Text); r != nil && r.Title != "" {
			s = r.Title
		}
	case incident.ArgTrigger:
		s = w.trigger(a.Text)
	case incident.ArgMeans:
		// A means is one of the channel words ("phone", "portal") when
		// it is one, in the reader's language; else the runbook's own.
		s = channelName(w.c, a.Text)
		if s == "" {
			s = w.c.T("export.word.no-means")
		}
	case incident.ArgChannel:
		s = channelName(w.c, a.Text)
	case incident.ArgTime:
		s = w.formatTime(a.Time)
	case incident.ArgNumber:
		s = strconv.FormatFloat(a.Number, 'f', -1, 64)
	case incident.ArgSpan:
		s = SpanIn(w.c, a.Span)
	case incident.ArgWord:
		s = w.c.T(a.Text)
	case incident.ArgItems:
		s = w.items(a)
	case incident.ArgFields:
		s = w.fields(a)
	case incident.ArgFieldValue:
		s = w.fieldValue(a)
	case incident.ArgRecipients:
		s = w.recipients(a)
	}
	if w.escape != nil {
		s = w.escape(s)
	}
	return s
}

// trigger writes a duty's trigger in words, with the runbook's titles: "the
// milestone "Became aware of a possible leak"". A trigger this build cannot
// read is shown as written.
func (w words) trigger(s string) string {
	t, err := runbook.ParseTrigger(s)
	if err != nil {
		return s
	}
	switch t.Kind {
	case runbook.TriggerVerdict:
		if t.Arg == "" {
			return w.c.T("export.trigger.verdict")
		}
		title := t.Arg
		if v := w.rb.Verdict(t.Arg); v != nil && v.Title != "" {
			title = v.Title
		}
		return w.c.T("export.trigger.verdict-id", "Verdict", title)
	case runbook.TriggerRank:
		title := t.Arg
		if r := w.rb.Rank(t.Arg); r != nil && r.Title != "" {
			title = r.Title
		}
		return w.c.T("export.trigger.rank", "Rank", title)
	case runbook.TriggerMilestone:
		return w.c.T("export.trigger.milestone", "Milestone", milestoneTitle(w.rb, t.Arg))
	case runbook.TriggerDone:
		return w.c.T("export.trigger.done", "Duty", dutyTitle(w.rb, t.Arg))
	case runbook.TriggerOverdue:
		return w.c.T("export.trigger.overdue", "Duty", dutyTitle(w.rb, t.Arg))
	case runbook.TriggerClosed:
		return w.c.T("export.trigger.closed", "Duty", dutyTitle(w.rb, t.Arg))
	case runbook.TriggerAnswer:
		node, option := t.AnswerOf()
		ask, label := node, option
		if n := w.rb.Node(node); n != nil {
			ask = n.Ask
			if o := n.Option(option); o != nil {
				label = o.Label
			}
		}
		return w.c.T("export.trigger.answer", "Node", ask, "Option", label)
	}
	// opened, security, not-security: their id is their kind.
	return coded(w.c, "export.trigger", t.Kind)
}

// dutyReason says why a duty was waived or cancelled: the reason a person
// gave, or the words of the engine's reason code.
func (w words) dutyReason(d *incident.Duty) string {
	if d.Status == incident.StatusCancelled && d.CancelCode == incident.CancelTriggerWithdrawn || d.Status == incident.StatusWithdrawn {
		return w.c.T("export.cancel-reason.trigger-withdrawn", "Trigger", w.trigger(d.Trigger))
	}
	if d.Status == incident.StatusCancelled && d.CancelCode == incident.CancelUntil {
		return w.c.T("export.cancel-reason.until-holds", "Until", w.trigger(d.Spec.Until.String()))
	}
	return d.Reason
}

// oneLine folds text onto one line for tables and timelines, with escape
// sequences removed and invisible characters shown (textsafe.OneLine).
func oneLine(s string) string { return textsafe.OneLine(s) }

// ChannelName is an inject channel ("phone", "email", …) in the language
// with code lang; a channel shodo does not know is kept as written.
func ChannelName(channel, lang string) string {
	return channelName(catalogue(lang), channel)
}

func channelName(c *i18n.Catalog, channel string) string {
	if id := "export.channel." + channel; channel != "" && c.Has(id) {
		return c.T(id)
	}
	return channel
}

// linesKept is a multi-line text with each line made one clean line and
// its blank lines dropped, as linesOnOne, but still on lines of their own.
func linesKept(s string) string { return strings.Join(cleanLines(s), "\n") }

// linesOnOne keeps the line breaks of a multi-line note visible on one
// line, as " / ".
func linesOnOne(s string) string { return strings.Join(cleanLines(s), " / ") }

// cleanLines are the lines of s, each made one clean line, blank ones
// dropped.
func cleanLines(s string) []string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = oneLine(l); l != "" {
			parts = append(parts, l)
		}
	}
	return parts
}

func dutyTitle(rb *runbook.Runbook, id string) string {
	if d := rb.Duty(id); d != nil && d.Title != "" {
		return d.Title
	}
	return id
}

func roleTitle(rb *runbook.Runbook, id string) string {
	if r := rb.Role(id); r != nil && r.Title != "" {
		return r.Title
	}
	return id
}

func milestoneTitle(rb *runbook.Runbook, id string) string {
	if m := rb.Milestone(id); m != nil && m.Title != "" {
		return m.Title
	}
	return id
}

// Span writes a duration for people: "45m", "2h05m", "3d4h".
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	s := (d - m*time.Minute) / time.Second
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	default:
		return fmt.Sprintf("%ds", s)
	}
}

// LengthWords is an extension's length as the runbook wrote it ("30d",
// "1d12h") in c's units ("30日", "1日12時間"); a length in other units
// ("1mo", "4bd") stays as written.
func LengthWords(c *i18n.Catalog, length string) string {
	if !plainLength(length) {
		return length
	}
	return unitWords(c, length)
}

// plainLength reports whether s is numbers each followed by one of the
// units w, d, h, m, s: "30d", "1d12h" (not "1mo", "4bd").
func plainLength(s string) bool {
	digits := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			digits = true
		case digits && strings.IndexByte("wdhms", ch) >= 0 && (i+1 == len(s) || s[i+1] >= '0' && s[i+1] <= '9'):
			digits = false
		default:
			return false
		}
	}
	return s != "" && !digits
}

// SpanIn is Span in the units of c's language: "1h05m" in English,
// "1時間05分" in Japanese (issue 16: "期間 2m" in a Japanese postmortem).
func SpanIn(c *i18n.Catalog, d time.Duration) string { return unitWords(c, Span(d)) }

// unitWords puts the units of a span written as Span or drill.FormatSpan
// writes it ("19d23h", "2w", "45m") into c's language; an English span
// comes back as it is.
func unitWords(c *i18n.Catalog, span string) string {
	return strings.NewReplacer("w", c.T("common.unit.week"), "d", c.T("common.unit.day"), "h", c.T("common.unit.hour"),
		"m", c.T("common.unit.minute"), "s", c.T("common.unit.second")).Replace(span)
}

// coded returns the message that words a code of the engine: the message
// group's id, a dot, and the code ("aar.outcome" and "missed-security").
// The tests check that every code the engine has a message in each group.
func coded(c *i18n.Catalog, group, code string) string {
	return c.T(group + "." + code)
}

// items writes checklist items of a duty by their texts, in the reader's
// list; an item the runbook does not have is shown by its id.
// fields writes report field ids of a duty by their labels, as items are
// written by their texts.
func (w words) fields(a incident.Arg) string {
	ids := a.ItemIDs()
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = id
		if d := w.rb.Duty(a.Of); d != nil {
			if f := d.Field(id); f != nil {
				labels[i] = oneLine(f.Label)
			}
		}
	}
	return strings.Join(labels, w.c.T("runbook.list.separator"))
}

// fieldValue writes a report field's value as its kind reads: a time as
// the export writes times, yes or no in the reader's language; a value of
// a field the runbook does not have, as recorded.
func (w words) fieldValue(a incident.Arg) string {
	duty, id, _ := strings.Cut(a.Of, "/")
	var f *runbook.Field
	if d := w.rb.Duty(duty); d != nil {
		f = d.Field(id)
	}
	if f == nil {
		return oneLine(a.Text)
	}
	return fieldValueText(w.c, f, incident.FieldValue{Value: a.Text}, w.formatTime)
}

func (w words) items(a incident.Arg) string {
	ids := a.ItemIDs()
	texts := make([]string, len(ids))
	for i, id := range ids {
		texts[i] = id
		if d := w.rb.Duty(a.Of); d != nil {
			if it := d.Item(id); it != nil {
				texts[i] = oneLine(it.Text)
			}
		}
	}
	return strings.Join(texts, w.c.T("runbook.list.separator"))
}

// recipients tells recipients of a duty: a role or party by its title,
// an entry of a for_each field as written, in the reader's list form.
func (w words) recipients(a incident.Arg) string {
	ids := a.RecipientIDs()
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = oneLine(w.rb.ActorTitle(id))
	}
	return strings.Join(names, w.c.T("runbook.list.separator"))
}

// answerLabels tells the options picked on a node by their labels (their
// ids when the runbook does not know them), in the reader's list form.
func (w words) answerLabels(node string, ids []string) string {
	labels := make([]string, len(ids))
	n := w.rb.Node(node)
	for i, id := range ids {
		labels[i] = id
		if n != nil {
			if o := n.Option(id); o != nil {
				labels[i] = o.Label
			}
		}
	}
	return strings.Join(labels, w.c.T("runbook.list.separator"))
}

// numberAnswer tells a number given to a number node with the node's unit.
func (w words) numberAnswer(node string, x float64) string {
	num := runbook.GroupedNumber(x)
	if n := w.rb.Node(node); n != nil && n.Unit != "" {
		return w.c.T("export.word.number-unit", "Number", num, "Unit", oneLine(n.Unit))
	}
	return num
}
