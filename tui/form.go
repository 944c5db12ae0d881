package tui

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// choice is one item of a list in a form.
type choice struct{ id, label, detail string }

// text is how a list row reads: the label, then its description.
func (c choice) text() string {
	if c.detail == "" {
		return c.label
	}
	return c.label + "  " + c.detail
}

// choiceList is a list to pick one item from.
type choiceList struct {
	title  string
	items  []choice
	cursor int
}

// form is what the dialogs that record something share: lists to pick
// from and a text input, sent to the engine as one action. While the
// engine saves it, it stays on screen, so that what was typed survives an
// error. Each dialog that is a form is a type of its own file that embeds
// it (done, attempt, waive, note, milestone, reassign, close).
type form struct {
	heading    string
	lists      []choiceList
	field      int // the focused list, or len(lists) for the input
	hasInput   bool
	inputTitle string
	input      textarea.Model
	multiline  bool
	// hint, when set, is the form's first line: how its text records
	// (a text of several lines, where enter is a new line).
	hint     string
	required bool
	empty    string // said under the first list when it has no item
	err      string
	cut      string // says that pasted or typed text did not all fit; kept until it does
	saving   bool
	action   func(f *form) (action, bool)
	// echo, when set, says under the text field what the text will be
	// taken as, before enter ("counts from 2026-12-02 01:30, 11h ago");
	// "" says nothing.
	echo func(text string) string
	// unless says why the form cannot record now, when that is not
	// Model.blocked (a reopen records on a closed incident).
	unless func(m *Model) string
	// confirm, when set, is a dialog that shows what the action will do
	// and asks first (a milestone's clocks): its yes calls record.
	confirm func(m *Model, f *form, a action) dialog
}

// newForm returns a form with a text input styled for the background.
func newForm(dark bool, f form) *form {
	if f.hasInput {
		f.input = newInput(dark)
	}
	return &f
}

// inputStyles are the text input's styles: no blinking (a blink is a tick
// command, and a static cursor is easier on a slow SSH link), no coloured
// cursor line.
func inputStyles(dark bool) textarea.Styles {
	s := textarea.DefaultStyles(dark)
	s.Cursor.Blink = false
	plain := lipgloss.NewStyle()
	s.Focused.CursorLine = plain
	s.Focused.Base = plain
	s.Blurred.Base = plain
	return s
}

func newInput(dark bool) textarea.Model {
	ta := textarea.New()
	// The default prompt is a heavy bar, which is East Asian Ambiguous.
	ta.Prompt = "| "
	ta.ShowLineNumbers = false
	ta.SetStyles(inputStyles(dark))
	ta.CharLimit = textLimit
	return ta
}

// textLimit is how much a dialog's text field holds, in the text input's
// own measure (cells, newlines counted): far below what one journal line
// holds (journal.MaxLineBytes, 16 MiB), but a note is read on a screen,
// and a text input redrawn on every key must stay quick. What does not fit
// is said, never cut silently.
const textLimit = 8000

func (f *form) title() string { return f.heading }

// formOf is the form itself, for what every form dialog shares.
func (f *form) formOf() *form { return f }

// start focuses the text input when the form starts on it.
func (f *form) start() tea.Cmd {
	if f.onInput() {
		return f.input.Focus()
	}
	return nil
}

func (f *form) restyle(dark bool) {
	if f.hasInput {
		f.input.SetStyles(inputStyles(dark))
	}
}

func (f *form) submitting() bool  { return f.saving }
func (f *form) failed(why string) { f.saving, f.err = false, why }
func (f *form) refused(why string) {
	if !f.saving {
		f.err = why
	}
}
func (f *form) draft() bool { return f.hasInput && strings.TrimSpace(f.input.Value()) != "" }

// onInput reports whether the text input has the focus.
func (f *form) onInput() bool { return f.hasInput && f.field == len(f.lists) }

// fields is how many parts can have the focus.
func (f *form) fields() int {
	if f.hasInput {
		return len(f.lists) + 1
	}
	return len(f.lists)
}

// focus moves the focus by delta, wrapping around.
func (f *form) focus(delta int) tea.Cmd {
	n := f.fields()
	if n == 0 {
		return nil
	}
	f.field = (f.field + delta + n) % n
	if f.onInput() {
		return f.input.Focus()
	}
	if f.hasInput {
		f.input.Blur()
	}
	return nil
}

// resize fits the text input into a body of w×h cells.
func (f *form) resize(w, h int) {
	if !f.hasInput {
		return
	}
	f.input.SetWidth(max(4, w-1))
	if !f.multiline {
		f.input.SetHeight(2)
		return
	}
	used := 3 + len(wrap(f.hint, w)) + len(wrap(f.inputTitle, w)) + len(limit(wrap(f.cut, w), 2)) // the title, the hint, the input title, the error, a blank, what did not fit
	for _, l := range f.lists {
		used += 1 + len(l.items)
	}
	f.input.SetHeight(clamp(h-used, 2, 12))
}

// paste puts pasted text into the text field, giving it the focus: a
// paste is text, whatever it holds (newlines, escape sequences, an early
// end-of-paste marker), and never a key. A form without a text field does
// not take it.
func (f *form) paste(m *Model, msg tea.PasteMsg) (tea.Cmd, bool) {
	if !f.hasInput {
		return nil, false
	}
	return f.insert(m, msg.Content), true
}

// typeText takes text that came as keys (the tail of a paste) into the
// text field; a newline only into a text of several lines, where it is
// one.
func (f *form) typeText(m *Model, text string) bool {
	if !f.hasInput || (text == "\n" && !f.multiline) {
		return false
	}
	f.insert(m, text)
	return true
}

// insert puts text into the text field at its cursor, focused, with
// escape sequences and controls removed (Sanitize), and says so when not
// all of it fits.
func (f *form) insert(m *Model, text string) tea.Cmd {
	cmd := f.focus(len(f.lists) - f.field)
	text = Sanitize(text)
	if !f.multiline {
		text = strings.ReplaceAll(text, "\n", " ")
	}
	before := utf8.RuneCountInString(f.input.Value())
	f.input.InsertString(text)
	kept := utf8.RuneCountInString(f.input.Value()) - before
	if total := utf8.RuneCountInString(text); kept < total {
		f.cut = m.tx.T("tui.stray.pasted-cut", "Kept", kept, "Total", total, "Limit", textLimit)
		m.layout()
	}
	f.err = ""
	return cmd
}

// picked is the id of the item chosen in list i, or "".
func (f *form) picked(i int) string {
	if i >= len(f.lists) || len(f.lists[i].items) == 0 {
		return ""
	}
	l := f.lists[i]
	return l.items[clamp(l.cursor, 0, len(l.items)-1)].id
}

func (f *form) pickedLabel(i int) string {
	if i >= len(f.lists) || len(f.lists[i].items) == 0 {
		return ""
	}
	l := f.lists[i]
	return l.items[clamp(l.cursor, 0, len(l.items)-1)].label
}

// text is what was typed, trimmed.
func (f *form) text() string { return strings.TrimSpace(f.input.Value()) }

// keys are a form's keys: record, cancel, the next field, and choosing in
// a list. Enter records, except in a text of several lines, where it
// starts a new line and ctrl+s records.
func (f *form) keys() []key {
	idle := func(*Model) bool { return !f.saving }
	submit := key{keys: []string{"enter", "ctrl+s"}, help: "tui.keys.submit", bar: always,
		off: func(m *Model) string {
			if f.saving {
				return m.tx.T("tui.why.saving")
			}
			if f.unless != nil {
				return f.unless(m)
			}
			return m.blocked()
		},
		do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
			if msg.String() == "enter" && !f.onInput() && f.required && f.text() == "" {
				// Chosen from the list; the text is still to write.
				return f.focus(len(f.lists) - f.field)
			}
			return f.submit(m)
		}}
	if f.onInput() && f.multiline {
		submit.keys, submit.label = []string{"ctrl+s"}, "ctrl+s"
	}
	return []key{
		submit,
		{keys: []string{"esc"}, help: "tui.keys.cancel", bar: always, when: idle,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
		{keys: []string{"tab", "shift+tab"}, label: "tab", help: "tui.keys.field", when: idle,
			bar: func(*Model) bool { return f.fields() > 1 },
			do: func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
				if up(msg) {
					return f.focus(-1)
				}
				return f.focus(1)
			}},
		{keys: f.listKeys(), label: "up/dn", help: "tui.keys.choose",
			bar:  func(*Model) bool { return !f.onInput() && len(f.lists) > 0 },
			when: func(*Model) bool { return !f.saving && !f.onInput() && f.field < len(f.lists) },
			do: func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
				l := &f.lists[f.field]
				step := 1
				if up(msg) {
					step = -1
				}
				l.cursor = clamp(l.cursor+step, 0, len(l.items)-1)
				return nil
			}},
	}
}

// listKeys choose in a list. In a form with a text field, letters are
// text (see update), so only the arrows choose: j and k would change the
// choice while someone types a note.
func (f *form) listKeys() []string {
	if f.hasInput {
		return []string{"up", "down"}
	}
	return []string{"up", "k", "down", "j"}
}

// update types into the text input. Text typed while a list has the focus
// goes to the text field, which takes the focus; a form without one says
// that it took nothing. Text that does not fit is said, not dropped
// silently.
func (f *form) update(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if f.saving {
		return nil
	}
	var focus tea.Cmd
	if !f.onInput() {
		if msg.Text == "" {
			return nil
		}
		if !f.hasInput {
			f.err = m.tx.T("tui.stray.no-field")
			return nil
		}
		focus = f.focus(len(f.lists) - f.field)
	}
	if f.multiline && f.onInput() && msg.String() == "enter" && f.onEmptyLastLine() {
		// Enter on an empty last line records, as ctrl+s does: the
		// one rule every text of several lines follows (see the hint).
		return f.recordTyped(m)
	}
	if msg.Text != "" && f.input.Length() >= textLimit {
		f.cut = m.tx.T("tui.stray.full", "Limit", textLimit)
		return focus
	}
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	f.err = ""
	if f.cut != "" && f.input.Length() < textLimit {
		f.cut = ""
	}
	return tea.Batch(focus, cmd)
}

// onEmptyLastLine reports whether the cursor is on the last line of the
// text, that line is blank, and something was written above it.
func (f *form) onEmptyLastLine() bool {
	lines := strings.Split(f.input.Value(), "\n")
	return len(lines) > 1 && f.input.Line() == len(lines)-1 && strings.TrimSpace(lines[len(lines)-1]) == "" && f.text() != ""
}

// recordTyped acts on enter on an empty last line as the open dialog's
// ctrl+s does (the form's record, the close dialog's close), refusals
// included, the blank line dropped first.
func (f *form) recordTyped(m *Model) tea.Cmd {
	d := m.dialog()
	if d == nil {
		return nil
	}
	f.input.SetValue(strings.TrimRight(f.input.Value(), " \n"))
	cmd, _ := m.press(d.keys(), tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	return cmd
}

// submit checks the form and sends its action to the engine.
func (f *form) submit(m *Model) tea.Cmd {
	if f.saving || f.action == nil {
		return nil
	}
	if f.required && f.text() == "" {
		f.err = m.tx.T("tui.dialog.required")
		return nil
	}
	a, ok := f.action(f)
	if !ok {
		return nil
	}
	if f.confirm != nil {
		return m.push(f.confirm(m, f, a))
	}
	return f.record(m, a)
}

// record sends the form's action to the engine; the form stays, saving,
// until the engine answers.
func (f *form) record(m *Model, a action) tea.Cmd {
	f.saving, f.err = true, ""
	return m.do(a)
}

// view draws the lists, the input, and the saving mark or the error.
func (f *form) view(m *Model, w, h int) []string {
	s := m.st
	var lines []string
	for _, l := range wrap(f.hint, w) {
		lines = append(lines, s.subtle.Render(l))
	}
	inputH := len(lines)
	if f.hasInput {
		inputH += len(wrap(f.inputTitle, w)) + f.input.Height()
	}
	// What goes under the input (its echo or the cut notice, the error,
	// the saving notice) is drawn whole: the lists share what it leaves,
	// so that a long list of milestones never pushes the reason a claim
	// was refused off an 80x24 screen.
	var under []string
	if f.hasInput {
		if f.echo != nil && f.err == "" {
			under = append(under, limit(wrap(f.echo(f.text()), w), 2)...)
		}
		under = append(under, limit(wrap(f.cut, w), 2)...)
	}
	tail := m.bodyLines(nil, f.saving, f.err, w)
	room := h - inputH - max(1, len(under)+len(tail))
	for i, l := range f.lists {
		focused := i == f.field
		title := l.title
		if focused {
			title = s.bold.Render(title)
		}
		lines = append(lines, title)
		show := max(1, room/max(1, len(f.lists)-i)-1)
		// The item under the cursor reads whole, its description
		// wrapped under its text (six lines at most), in rows the
		// others give up; the others are cut to a row each.
		marker := "* "
		if focused {
			marker = "> "
		}
		var chosen []string
		if len(l.items) > 0 {
			chosen = limit(hang(marker, l.items[clamp(l.cursor, 0, len(l.items)-1)].text(), w), min(6, show))
		}
		rows := max(1, show-max(0, len(chosen)-1))
		from := clamp(l.cursor-rows+1, 0, max(0, len(l.items)-rows))
		for j := from; j < min(len(l.items), from+rows); j++ {
			switch {
			case j == l.cursor && focused:
				for _, c := range chosen {
					lines = append(lines, s.selected.Render(fit(c, w)))
				}
			case j == l.cursor:
				for _, c := range chosen {
					lines = append(lines, s.bold.Render(c))
				}
			default:
				lines = append(lines, cut("  "+l.items[j].text(), w))
			}
		}
		room -= 1 + min(len(l.items), rows) + max(0, len(chosen)-1)
	}
	if len(f.lists) > 0 && len(f.lists[0].items) == 0 && f.empty != "" {
		lines = append(lines, s.subtle.Render(f.empty))
	}
	if f.hasInput {
		// The prompt says what is required: wrapped, never cut.
		for _, l := range wrap(f.inputTitle, w) {
			if f.onInput() {
				l = s.bold.Render(l)
			}
			lines = append(lines, l)
		}
		lines = append(lines, strings.Split(f.input.View(), "\n")...)
		if f.echo != nil && f.err == "" {
			for _, l := range limit(wrap(f.echo(f.text()), w), 2) {
				lines = append(lines, s.subtle.Render(l))
			}
		}
		for _, l := range limit(wrap(f.cut, w), 2) {
			lines = append(lines, s.warn.Render(l))
		}
	}
	return append(lines, tail...)
}
