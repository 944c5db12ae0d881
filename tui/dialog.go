package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// dialogKind is which dialog is open.
type dialogKind int

const (
	dlgNone dialogKind = iota
	dlgDone
	dlgAttempt
	dlgWaive
	dlgNote
	dlgStamp
	dlgAssign
	dlgClose
	dlgRevise
	dlgMessage
	dlgClosed
)

// choice is one item of a list in a dialog.
type choice struct{ id, label, detail string }

// choiceList is a list to pick one item from.
type choiceList struct {
	title  string
	items  []choice
	cursor int
}

// dialog is the one open dialog: lists to pick from, a text input, or text
// to read. It takes the place of the panes until it is recorded or
// cancelled; while the engine saves it, it stays on screen, so that what
// was typed survives an error.
type dialog struct {
	kind       dialogKind
	title      string
	duty, node string
	lists      []choiceList
	field      int // the focused list, or len(lists) for the input
	hasInput   bool
	inputTitle string
	input      textarea.Model
	multiline  bool
	required   bool
	body       []string // paragraphs to read, sanitised
	copyText   string   // what c copies
	err        string
	saving     bool
	action     func(d *dialog) (action, bool)
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
	ta.CharLimit = 8000
	return ta
}

// restyle follows a change of background.
func (d *dialog) restyle(dark bool) {
	if d.hasInput {
		d.input.SetStyles(inputStyles(dark))
	}
}

// onInput reports whether the text input has the focus.
func (d *dialog) onInput() bool { return d.hasInput && d.field == len(d.lists) }

// fields is how many parts can have the focus.
func (d *dialog) fields() int {
	if d.hasInput {
		return len(d.lists) + 1
	}
	return len(d.lists)
}

// focus moves the focus by delta, wrapping around.
func (d *dialog) focus(delta int) tea.Cmd {
	n := d.fields()
	if n == 0 {
		return nil
	}
	d.field = (d.field + delta + n) % n
	if d.onInput() {
		return d.input.Focus()
	}
	if d.hasInput {
		d.input.Blur()
	}
	return nil
}

// resize fits the text input into a body of w×h cells.
func (d *dialog) resize(w, h int) {
	if !d.hasInput {
		return
	}
	d.input.SetWidth(max(4, w-1))
	if !d.multiline {
		d.input.SetHeight(2)
		return
	}
	used := 3 + len(wrap(d.inputTitle, w)) // title, input title, error, a blank
	for _, l := range d.lists {
		used += 1 + len(l.items)
	}
	d.input.SetHeight(clamp(h-used, 2, 12))
}

// paste sends pasted text to the input.
func (d *dialog) paste(msg tea.PasteMsg) tea.Cmd {
	if d.kind == dlgNone || d.saving || !d.onInput() {
		return nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return cmd
}

// open shows d, sized to the body, with the focus on its first part.
func (m *Model) open(d dialog) tea.Cmd {
	if d.hasInput {
		d.input = newInput(m.dark)
	}
	m.dlg = d
	m.layout()
	if m.dlg.onInput() {
		return m.dlg.input.Focus()
	}
	return nil
}

// meansChoices lists the means a duty accepts, with their contact details.
func (m Model) meansChoices(d *incident.Duty) []choice {
	rb := m.inc.st.Runbook
	var out []choice
	for _, by := range rb.AcceptedMeans(d.Spec) {
		detail := strings.TrimPrefix(meansText(rb, d.Spec, by), oneLine(by))
		out = append(out, choice{id: by, label: oneLine(by), detail: strings.TrimSpace(detail)})
	}
	return out
}

func (m *Model) openDone() tea.Cmd {
	d := m.selectedDuty()
	dlg := dialog{kind: dlgDone, title: m.tx.T("tui.dialog.done-title", "Duty", dutyTitle(d.Spec)), duty: d.ID,
		hasInput: true, inputTitle: m.tx.T("tui.dialog.note-optional")}
	if means := m.meansChoices(d); len(means) > 0 {
		dlg.lists = []choiceList{{title: m.tx.T("tui.dialog.pick-means"), items: means}}
	}
	label := m.tx.T("tui.keys.done") + ": " + dutyTitle(d.Spec)
	dlg.action = func(dl *dialog) (action, bool) {
		means, note, duty := dl.picked(0), strings.TrimSpace(dl.input.Value()), dl.duty
		return action{kind: actDone, label: label, run: func(e engine, actor string) error {
			return e.DutyDone(actor, duty, means, note)
		}}, true
	}
	return m.open(dlg)
}

func (m *Model) openAttempt() tea.Cmd {
	d := m.selectedDuty()
	dlg := dialog{kind: dlgAttempt, title: m.tx.T("tui.dialog.attempt-title", "Duty", dutyTitle(d.Spec)), duty: d.ID,
		hasInput: true, inputTitle: m.tx.T("tui.dialog.outcome-other")}
	means := m.meansChoices(d)
	if len(means) > 0 {
		dlg.lists = append(dlg.lists, choiceList{title: m.tx.T("tui.dialog.pick-means"), items: means})
	}
	var presets []choice
	for _, p := range []string{
		m.tx.T("tui.dialog.outcome-preset.no-answer"), m.tx.T("tui.dialog.outcome-preset.voicemail"),
		m.tx.T("tui.dialog.outcome-preset.busy"), m.tx.T("tui.dialog.outcome-preset.no-reply"),
	} {
		presets = append(presets, choice{id: p, label: p})
	}
	dlg.lists = append(dlg.lists, choiceList{title: m.tx.T("tui.dialog.outcome"), items: presets})
	label := m.tx.T("tui.keys.attempt") + ": " + dutyTitle(d.Spec)
	hasMeans := len(means) > 0
	dlg.action = func(dl *dialog) (action, bool) {
		meansUsed, outcome := "", dl.picked(0)
		if hasMeans {
			meansUsed, outcome = dl.picked(0), dl.picked(1)
		}
		if typed := strings.TrimSpace(dl.input.Value()); typed != "" {
			outcome = typed
		}
		duty := dl.duty
		return action{kind: actAttempt, label: label, run: func(e engine, actor string) error {
			return e.DutyAttempted(actor, duty, meansUsed, outcome)
		}}, true
	}
	return m.open(dlg)
}

func (m *Model) openWaive() tea.Cmd {
	d := m.selectedDuty()
	label := m.tx.T("tui.keys.waive") + ": " + dutyTitle(d.Spec)
	return m.open(dialog{kind: dlgWaive, title: m.tx.T("tui.dialog.waive-title", "Duty", dutyTitle(d.Spec)), duty: d.ID,
		hasInput: true, inputTitle: m.tx.T("tui.dialog.reason-required"), required: true,
		action: func(dl *dialog) (action, bool) {
			duty, reason := dl.duty, strings.TrimSpace(dl.input.Value())
			return action{kind: actWaive, label: label, run: func(e engine, actor string) error {
				return e.Waive(actor, duty, reason)
			}}, true
		}})
}

func (m *Model) openNote() tea.Cmd {
	label := m.tx.T("tui.keys.note")
	return m.open(dialog{kind: dlgNote, title: m.tx.T("tui.dialog.note-title"), hasInput: true, inputTitle: m.tx.T("tui.dialog.note-prompt"),
		required: true, multiline: true,
		action: func(dl *dialog) (action, bool) {
			text := strings.TrimSpace(dl.input.Value())
			return action{kind: actNote, label: label, run: func(e engine, actor string) error {
				return e.Note(actor, text)
			}}, true
		}})
}

// unstamped are the milestones that do not stand yet.
func (m Model) unstamped() []choice {
	st := m.inc.st
	var out []choice
	for _, ms := range st.Runbook.Milestones {
		if _, ok := st.Stamped(ms.ID); !ok {
			title := oneLine(ms.Title)
			if title == "" {
				title = oneLine(ms.ID)
			}
			out = append(out, choice{id: ms.ID, label: title, detail: oneLine(ms.Hint)})
		}
	}
	return out
}

func (m *Model) openStamp() tea.Cmd {
	items := m.unstamped()
	return m.open(dialog{kind: dlgStamp, title: m.tx.T("tui.dialog.stamp-title"),
		lists: []choiceList{{title: m.tx.T("tui.dialog.pick-milestone"), items: items}},
		action: func(dl *dialog) (action, bool) {
			id := dl.picked(0)
			if id == "" {
				return action{}, false
			}
			return action{kind: actStamp, label: m.tx.T("tui.keys.stamp") + ": " + dl.pickedLabel(0), run: func(e engine, actor string) error {
				return e.Stamp(actor, id)
			}}, true
		}})
}

func (m *Model) openAssign() tea.Cmd {
	st := m.inc.st
	var roles []choice
	for _, a := range st.Roles {
		roles = append(roles, choice{id: a.Role, label: oneLine(st.Runbook.ActorTitle(a.Role)),
			detail: m.tx.T("tui.dialog.holder", "Assignee", oneLine(a.Assignee))})
	}
	return m.open(dialog{kind: dlgAssign, title: m.tx.T("tui.dialog.assign-title"),
		lists:    []choiceList{{title: m.tx.T("tui.dialog.pick-role"), items: roles}},
		hasInput: true, inputTitle: m.tx.T("tui.dialog.assignee-prompt"), required: true,
		action: func(dl *dialog) (action, bool) {
			role, who := dl.picked(0), strings.TrimSpace(dl.input.Value())
			return action{kind: actAssign, label: m.tx.T("tui.keys.assign") + ": " + dl.pickedLabel(0) + " -> " + oneLine(who),
				run: func(e engine, actor string) error { return e.Assign(actor, role, who) }}, true
		}})
}

func (m *Model) openClose() tea.Cmd {
	label := m.tx.T("tui.keys.close") + ": " + oneLine(m.inc.st.ID)
	return m.open(dialog{kind: dlgClose, title: m.tx.T("tui.dialog.close-title"), hasInput: true, inputTitle: m.tx.T("tui.dialog.summary-prompt"),
		required: true, multiline: true,
		action: func(dl *dialog) (action, bool) {
			summary := strings.TrimSpace(dl.input.Value())
			return action{kind: actClose, label: label, run: func(e engine, actor string) error {
				return e.Close(actor, summary)
			}}, true
		}})
}

// openRevise asks to confirm going back to node, saying what that undoes.
func (m *Model) openRevise(node string) {
	st, tx := m.inc.st, m.tx
	std := st.Standing()
	from := len(std)
	for i := len(std) - 1; i >= 0; i-- {
		if std[i].Node == node {
			from = i
			break
		}
	}
	if from == len(std) {
		return
	}
	ask, _ := answerText(st.Runbook, std[from])
	body := []string{tx.T("tui.dialog.superseded")}
	stamps := false
	for i, a := range std[from:] {
		q, l := answerText(st.Runbook, a)
		body = append(body, fmt.Sprintf("  %d. %s -> %s", from+i+1, q, l))
		if n := st.Runbook.Node(a.Node); n != nil {
			if o := n.Option(a.Option); o != nil && len(o.Stamp) > 0 {
				stamps = true
			}
		}
	}
	if st.Verdict != nil {
		body = append(body, tx.T("tui.dialog.revise-verdict", "Verdict", oneLine(st.Verdict.Title)))
	}
	if stamps {
		body = append(body, tx.T("tui.dialog.revise-stamps"))
	}
	body = append(body, tx.T("tui.dialog.revise-duties"))
	label := tx.T("tui.keys.revise") + ": " + ask
	m.dlg = dialog{kind: dlgRevise, title: tx.T("tui.dialog.revise-title", "Question", ask), node: node, body: body,
		action: func(dl *dialog) (action, bool) {
			n := dl.node
			return action{kind: actRevise, label: label, run: func(e engine, actor string) error {
				return e.Revise(actor, n)
			}}, true
		}}
}

// openMessage shows the selected duty's message with its placeholders
// filled, and copies it to the clipboard (OSC 52). It stays on screen for
// terminals that ignore OSC 52.
func (m *Model) openMessage() tea.Cmd {
	d := m.selectedDuty()
	msg := m.fillMessage(d)
	m.dlg = dialog{kind: dlgMessage, title: m.tx.T("tui.dialog.message-title", "Duty", dutyTitle(d.Spec)),
		body: []string{m.tx.T("tui.dialog.message-copied"), "", msg}, copyText: msg}
	m.setFlash(flashOK, m.tx.T("tui.status.copied"))
	return tea.SetClipboard(msg)
}

// openClosed offers the export command once the incident is closed.
func (m *Model) openClosed() {
	id := oneLine(m.inc.st.ID)
	cmd := exportCommand(id)
	m.dlg = dialog{kind: dlgClosed, title: m.tx.T("tui.dialog.closed-title", "Incident", id),
		body: []string{m.tx.T("tui.dialog.closed-export"), "", "  " + cmd, "", m.tx.T("tui.copy-fallback")}, copyText: cmd}
}

// exportCommand is the command that exports a closed incident.
func exportCommand(id string) string { return "shodo export " + id + " --format md" }

// picked is the id of the item chosen in list i, or "".
func (d *dialog) picked(i int) string {
	if i >= len(d.lists) || len(d.lists[i].items) == 0 {
		return ""
	}
	l := d.lists[i]
	return l.items[clamp(l.cursor, 0, len(l.items)-1)].id
}

func (d *dialog) pickedLabel(i int) string {
	if i >= len(d.lists) || len(d.lists[i].items) == 0 {
		return ""
	}
	l := d.lists[i]
	return l.items[clamp(l.cursor, 0, len(l.items)-1)].label
}

// dialogKey handles a key while a dialog is open.
func (m *Model) dialogKey(msg tea.KeyPressMsg) tea.Cmd {
	d := &m.dlg
	s := msg.String()
	if s == "ctrl+c" {
		m.confirmQuit = true
		return nil
	}
	if d.saving {
		return nil // the engine has it; its answer closes or reopens the dialog
	}
	switch d.kind {
	case dlgRevise:
		switch s {
		case "y", "Y", "enter":
			return m.submitDialog()
		case "n", "N", "esc", "q":
			m.dlg = dialog{}
		}
		return nil
	case dlgMessage, dlgClosed:
		switch s {
		case "c":
			m.setFlash(flashOK, m.tx.T("tui.status.copied"))
			return tea.SetClipboard(d.copyText)
		case "esc", "enter", "q":
			m.dlg = dialog{}
		}
		return nil
	}
	switch s {
	case "esc":
		m.dlg = dialog{}
		m.layout()
		return nil
	case "tab":
		return d.focus(1)
	case "shift+tab":
		return d.focus(-1)
	case "ctrl+s":
		return m.submitDialog()
	case "enter":
		if d.onInput() && d.multiline {
			break
		}
		if !d.onInput() && d.required && strings.TrimSpace(d.input.Value()) == "" {
			// Chosen from the list; the text is still to write.
			return d.focus(len(d.lists) - d.field)
		}
		return m.submitDialog()
	}
	if !d.onInput() {
		if d.field < len(d.lists) {
			l := &d.lists[d.field]
			switch s {
			case "up", "k":
				l.cursor = clamp(l.cursor-1, 0, len(l.items)-1)
			case "down", "j":
				l.cursor = clamp(l.cursor+1, 0, len(l.items)-1)
			}
		}
		return nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	d.err = ""
	return cmd
}

// submitDialog checks the dialog and sends its action to the engine.
func (m *Model) submitDialog() tea.Cmd {
	d := &m.dlg
	if d.saving || d.action == nil {
		return nil
	}
	if why := m.blocked(); why != "" {
		d.err = why
		return nil
	}
	if d.required && strings.TrimSpace(d.input.Value()) == "" {
		d.err = m.tx.T("tui.dialog.required")
		return nil
	}
	a, ok := d.action(d)
	if !ok {
		return nil
	}
	d.saving, d.err = true, ""
	return m.do(a)
}

// dialogView draws the open dialog in w×h cells.
func (m Model) dialogView(w, h int) []string {
	d, s := m.dlg, m.st
	head := "== " + oneLine(d.title) + " "
	lines := []string{s.title.Render(fit(head+strings.Repeat("=", max(0, w-width(head))), w))}
	inputH := 0
	if d.hasInput {
		inputH = len(wrap(d.inputTitle, w)) + d.input.Height()
	}
	// Lists share what the input, the body and the error leave.
	room := h - 1 - inputH - 1
	for i, l := range d.lists {
		focused := i == d.field
		title := l.title
		if focused {
			title = s.bold.Render(title)
		}
		lines = append(lines, title)
		show := max(1, room/max(1, len(d.lists)-i)-1)
		from := clamp(l.cursor-show+1, 0, max(0, len(l.items)-show))
		for j := from; j < min(len(l.items), from+show); j++ {
			it := l.items[j]
			text := it.label
			if it.detail != "" {
				text += "  " + it.detail
			}
			switch {
			case j == l.cursor && focused:
				lines = append(lines, s.selected.Render(fit("> "+text, w)))
			case j == l.cursor:
				lines = append(lines, s.bold.Render(cut("* "+text, w)))
			default:
				lines = append(lines, cut("  "+text, w))
			}
		}
		room -= 1 + min(len(l.items), show)
	}
	if len(d.lists) > 0 && len(d.lists[0].items) == 0 && d.kind == dlgStamp {
		lines = append(lines, s.subtle.Render(m.tx.T("tui.dialog.all-stamped")))
	}
	if d.hasInput {
		// The prompt says what is required: wrapped, never cut.
		for _, l := range wrap(d.inputTitle, w) {
			if d.onInput() {
				l = s.bold.Render(l)
			}
			lines = append(lines, l)
		}
		lines = append(lines, strings.Split(d.input.View(), "\n")...)
	}
	for _, p := range d.body {
		lines = append(lines, wrap(paragraph(p), w)...)
	}
	switch {
	case d.saving:
		lines = append(lines, s.warn.Render(m.tx.T("tui.dialog.saving")))
	case d.err != "":
		for _, l := range limit(wrap("! "+d.err, w), 3) {
			lines = append(lines, s.alert.Render(l))
		}
	}
	return lines
}

// dialogHelp is the help bar while a dialog is open.
func (m Model) dialogHelp(k keyMap) []binding {
	d := m.dlg
	cancel := k.Cancel
	switch d.kind {
	case dlgRevise:
		no := bind("n/esc", m.tx.T("tui.keys.cancel"), "n")
		c := k.Confirm
		c.why = m.blocked()
		return []binding{c, no}
	case dlgMessage, dlgClosed:
		copyKey := bind("c", m.tx.T("tui.keys.copy"), "c")
		return []binding{copyKey, bind("esc", m.tx.T("tui.keys.cancel"), "esc")}
	}
	submit := k.Submit
	if d.onInput() && d.multiline {
		submit.SetHelp("ctrl+s", m.tx.T("tui.keys.submit"))
	}
	submit.why = m.blocked()
	if d.saving {
		submit.why = m.tx.T("tui.why.saving")
	}
	out := []binding{submit, cancel}
	if d.fields() > 1 {
		out = append(out, k.Field)
	}
	if !d.onInput() && len(d.lists) > 0 {
		out = append(out, bind("up/dn", m.tx.T("tui.keys.choose"), "up"))
	}
	return out
}

// quitView asks to confirm quitting and says that nothing is left to save.
func (m Model) quitView(w int) []string {
	s := m.st
	head := "== " + m.tx.T("tui.dialog.quit-title") + " "
	lines := []string{s.title.Render(fit(head+strings.Repeat("=", max(0, w-width(head))), w)), ""}
	id := ""
	if m.inc.st != nil {
		id = oneLine(m.inc.st.ID)
	}
	lines = append(lines, wrap(m.tx.T("tui.dialog.quit-saved"), w)...)
	lines = append(lines, s.bold.Render(cut("  shodo resume "+id, w)))
	if m.dlg.hasInput && strings.TrimSpace(m.dlg.input.Value()) != "" {
		lines = append(lines, "")
		for _, l := range wrap(m.tx.T("tui.dialog.quit-draft"), w) {
			lines = append(lines, s.alert.Render(l))
		}
	}
	return lines
}
