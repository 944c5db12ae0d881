package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// dialog is one dialog over the incident screen (after crush's dialog
// interface): a title, its own keys declared once (see key), what it does
// with a key it does not declare (typed text), and its body. It takes the
// place of the panes until it is done. The screen holds a stack of them:
// the top one has the keyboard, and the quit confirmation stacks over a
// dialog with typed text, which going back shows again.
type dialog interface {
	// title is the dialog's title, in words, sanitised.
	title() string
	// keys are the dialog's keys, in the help bar's order.
	keys() []key
	// update takes a key that none of keys took.
	update(m *Model, msg tea.KeyPressMsg) tea.Cmd
	// view draws the body under the title in w×h cells.
	view(m *Model, w, h int) []string
}

// Optional parts of a dialog.
type (
	// submitter is a dialog whose action the engine may be saving: while
	// it saves, the dialog stays, so that what was typed survives an error.
	submitter interface {
		submitting() bool
		// failed reopens the dialog with the engine's reason.
		failed(why string)
	}
	// drafter is a dialog that may hold typed text not yet recorded.
	drafter interface{ draft() bool }
	// sizer is a dialog with a text input to fit to the body.
	sizer interface{ resize(w, h int) }
	// restyler follows a change of background.
	restyler interface{ restyle(dark bool) }
	// paster takes pasted text into its text field; took is false when
	// it has none, and the paste is refused in words.
	paster interface {
		paste(m *Model, msg tea.PasteMsg) (cmd tea.Cmd, took bool)
	}
	// typer takes text that is not a key (the rest of a paste cut short
	// by an early end-of-paste marker) into its text field; false when it
	// has none.
	typer interface {
		typeText(m *Model, text string) bool
	}
	// starter has work to start when it opens (focusing its input).
	starter interface{ start() tea.Cmd }
	// refuser shows a key's refusal in its own error line rather than in
	// the status line.
	refuser interface{ refused(why string) }
)

// dialog returns the top dialog, or nil.
func (m *Model) dialog() dialog {
	if len(m.dialogs) == 0 {
		return nil
	}
	return m.dialogs[len(m.dialogs)-1]
}

// push opens d over whatever is open, sized to the body, its text input
// focused when that is what it starts on.
func (m *Model) push(d dialog) tea.Cmd {
	m.dialogs = append(m.dialogs, d)
	m.layout()
	if f, ok := d.(starter); ok {
		return f.start()
	}
	return nil
}

// pop closes the top dialog. The keys that follow at once do not act on
// what it revealed (see keyGuard).
func (m *Model) pop() {
	if len(m.dialogs) > 0 {
		m.dialogs = m.dialogs[:len(m.dialogs)-1]
		m.guard(false)
	}
	m.layout()
}

// quitting reports whether the quit confirmation is open.
func (m *Model) quitting() bool {
	_, ok := m.dialog().(*quitDialog)
	return ok
}

// hasDraft reports whether an open dialog holds typed text not recorded.
func (m *Model) hasDraft() bool {
	for _, d := range m.dialogs {
		if dr, ok := d.(drafter); ok && dr.draft() {
			return true
		}
	}
	return false
}

// saved takes the engine's answer for the dialog that is saving, if one
// is: it closes once recorded, and shows why not otherwise.
func (m *Model) saved(err error, why string) {
	for i := len(m.dialogs) - 1; i >= 0; i-- {
		s, ok := m.dialogs[i].(submitter)
		if !ok || !s.submitting() {
			continue
		}
		if err != nil {
			s.failed(why)
			return
		}
		m.dialogs = append(m.dialogs[:i], m.dialogs[i+1:]...)
		m.guard(false)
		m.layout()
		return
	}
}

// dialogView draws the top dialog in w×h: its title as a rule, then its
// body.
func (m *Model) dialogView(d dialog, w, h int) []string {
	head := "== " + oneLine(d.title()) + " "
	lines := []string{m.st.title.Render(fit(head+strings.Repeat("=", max(0, w-width(head))), w))}
	return append(lines, d.view(m, w, h-1)...)
}

// bodyLines draw paragraphs to read, then the saving mark (with the keys
// typed meanwhile that were not taken) or an error.
func (m *Model) bodyLines(body []string, saving bool, err string, w int) []string {
	var lines []string
	for _, p := range body {
		lines = append(lines, wrap(paragraph(p), w)...)
	}
	switch {
	case saving:
		lines = append(lines, m.st.warn.Render(m.tx.T("tui.dialog.saving")))
		if m.stray.held != "" {
			for _, l := range limit(wrap(m.stray.held, w), 2) {
				lines = append(lines, m.st.warn.Render(l))
			}
		}
	case err != "":
		for _, l := range limit(wrap("! "+err, w), 3) {
			lines = append(lines, m.st.alert.Render(l))
		}
	}
	return lines
}

// exportCommand is the command that exports a closed incident.
func exportCommand(id string) string { return "shodo export " + id + " --format md" }
