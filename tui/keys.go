package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// binding is a key binding that may not apply now, with the reason the user
// sees (lazygit's disabled bindings): the help bar shows it, and pressing
// the key says it instead of doing nothing.
type binding struct {
	key.Binding
	why string // why it does not apply now; "" when it does
}

// hit reports whether msg is one of b's keys, whether or not b applies now.
func (b binding) hit(msg tea.KeyPressMsg) bool {
	for _, k := range b.Keys() {
		if msg.String() == k {
			return true
		}
	}
	return false
}

// on reports whether b applies now.
func (b binding) on() bool { return b.why == "" }

// keyMap is every key of the app, one struct for both screens and the
// dialogs (soft-serve, crush). Which keys apply, and why not, is worked out
// from the state each time it is asked for.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom binding
	NextPane, PrevPane                      binding
	Answer, Pick, Revise                    binding
	Done, Attempt, Waive, Copy              binding
	Stamp, Note, Assign, Close              binding
	Open                                    binding
	Submit, Cancel, Field, Confirm          binding
	Help, Quit                              binding
	// A drill's facilitator keys. Speed stands for Faster and Slower in
	// the help bar.
	Pause, Faster, Slower, Speed, Jump binding
	Notes, Injects, HideInject         binding
}

func bind(k, desc string, keys ...string) binding {
	return binding{Binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))}
}

// newKeyMap returns the bindings with their help in the UI language. The
// arrows are written "up/dn": arrow glyphs are East Asian Ambiguous.
func newKeyMap(tx *i18n.Catalog) keyMap {
	return keyMap{
		Up:       bind("up/dn", tx.T("tui.keys.move"), "up", "k"),
		Down:     bind("up/dn", tx.T("tui.keys.move"), "down", "j"),
		PageUp:   bind("pgup/pgdn", tx.T("tui.keys.page"), "pgup"),
		PageDown: bind("pgup/pgdn", tx.T("tui.keys.page"), "pgdown"),
		Top:      bind("home/end", tx.T("tui.keys.ends"), "home", "g"),
		Bottom:   bind("home/end", tx.T("tui.keys.ends"), "end", "G"),
		NextPane: bind("tab", tx.T("tui.keys.pane"), "tab"),
		PrevPane: bind("shift+tab", tx.T("tui.keys.pane"), "shift+tab"),
		Answer:   bind("enter", tx.T("tui.keys.answer"), "enter"),
		Pick:     bind("1-9", tx.T("tui.keys.answer"), "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Revise:   bind("r", tx.T("tui.keys.revise"), "r"),
		Done:     bind("d", tx.T("tui.keys.done"), "d"),
		Attempt:  bind("a", tx.T("tui.keys.attempt"), "a"),
		Waive:    bind("w", tx.T("tui.keys.waive"), "w"),
		Copy:     bind("c", tx.T("tui.keys.copy"), "c"),
		Stamp:    bind("m", tx.T("tui.keys.stamp"), "m"),
		Note:     bind("n", tx.T("tui.keys.note"), "n"),
		Assign:   bind("o", tx.T("tui.keys.assign"), "o"),
		Close:    bind("x", tx.T("tui.keys.close"), "x"),
		Open:     bind("enter", tx.T("tui.keys.open"), "enter"),
		Submit:   bind("enter", tx.T("tui.keys.submit"), "enter", "ctrl+s"),
		Cancel:   bind("esc", tx.T("tui.keys.cancel"), "esc"),
		Field:    bind("tab", tx.T("tui.keys.field"), "tab", "shift+tab"),
		Confirm:  bind("y", tx.T("tui.keys.confirm"), "y", "enter"),
		Help:     bind("?", tx.T("tui.keys.help"), "?"),
		Quit:     bind("q", tx.T("tui.keys.quit-saved"), "q", "ctrl+c"),

		Pause:      bind("space", tx.T("tui.keys.pause"), "space"),
		Faster:     bind("+", tx.T("tui.keys.faster"), "+", "="),
		Slower:     bind("-", tx.T("tui.keys.slower"), "-", "_"),
		Speed:      bind("+/-", tx.T("tui.keys.speed"), "+", "-"),
		Jump:       bind("]", tx.T("tui.keys.jump"), "]", "J"),
		Notes:      bind("f", tx.T("tui.keys.notes"), "f"),
		Injects:    bind("i", tx.T("tui.keys.injects"), "i"),
		HideInject: bind("esc", tx.T("tui.keys.hide"), "esc"),
	}
}

// keys works out which bindings apply on the incident screen now.
func (m Model) keys() keyMap {
	k := newKeyMap(m.tx)
	if m.screen != screenIncident || m.inc.st == nil {
		k.Quit.SetHelp("q", m.tx.T("tui.keys.quit"))
		return k
	}
	st := m.inc.st
	blocked := m.blocked()
	orBlocked := func(why string) string {
		if blocked != "" {
			return blocked
		}
		return why
	}
	switch {
	case st.Verdict != nil:
		k.Answer.why = orBlocked(m.tx.T("tui.why.verdict"))
	case st.Runbook.Node(st.Node) == nil:
		k.Answer.why = orBlocked(m.tx.T("tui.why.nothing"))
	default:
		k.Answer.why = blocked
	}
	k.Pick.why = k.Answer.why
	if len(st.Standing()) == 0 {
		k.Revise.why = orBlocked(m.tx.T("tui.why.no-answers"))
	} else {
		k.Revise.why = blocked
	}

	d := m.selectedDuty()
	dutyWhy := blocked
	switch {
	case d == nil:
		dutyWhy = orBlocked(m.tx.T("tui.why.no-duty"))
	case d.Status != incident.StatusRunning:
		dutyWhy = orBlocked(m.tx.T("tui.why.not-running"))
	}
	k.Done.why, k.Attempt.why, k.Waive.why = dutyWhy, dutyWhy, dutyWhy
	switch {
	case d == nil:
		k.Copy.why = m.tx.T("tui.why.no-duty")
	case d.Spec.Message == "":
		k.Copy.why = m.tx.T("tui.why.no-message")
	}

	k.Stamp.why = blocked
	if blocked == "" {
		if len(st.Runbook.Milestones) == 0 {
			k.Stamp.why = m.tx.T("tui.why.nothing")
		} else if len(m.unstamped()) == 0 {
			k.Stamp.why = m.tx.T("tui.why.all-stamped")
		}
	}
	k.Note.why = blocked
	k.Assign.why = blocked
	if blocked == "" && len(st.Roles) == 0 {
		k.Assign.why = m.tx.T("tui.why.no-roles")
	}
	k.Close.why = blocked
	if st.Verdict == nil {
		k.Close.why = orBlocked(m.tx.T("tui.why.no-verdict"))
	}
	if m.inc.drill.on() {
		m.drillKeys(&k)
	}
	return k
}

// ShortHelp returns the bindings that matter where the focus is, for
// bubbles' help.KeyMap.
func (k keyMap) ShortHelp() []key.Binding {
	return bindings(k.Up, k.NextPane, k.Help, k.Quit)
}

// FullHelp returns every binding in groups, for bubbles' help.KeyMap.
func (k keyMap) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, g := range k.groups() {
		out = append(out, bindings(g...))
	}
	return out
}

func bindings(bs ...binding) []key.Binding {
	out := make([]key.Binding, len(bs))
	for i, b := range bs {
		out[i] = b.Binding
	}
	return out
}

// groups are the incident screen's bindings for the full help, in the
// order of tx.HelpGroups.
func (k keyMap) groups() [][]binding {
	return [][]binding{
		{k.Up, k.PageUp, k.Top, k.NextPane},
		{k.Answer, k.Pick, k.Revise},
		{k.Done, k.Attempt, k.Waive, k.Copy},
		{k.Stamp, k.Note, k.Assign, k.Close},
		{k.Help, k.Quit},
	}
}

// drillGroup is the facilitator's keys for the full help of a drill.
func (k keyMap) drillGroup() []binding {
	return []binding{k.Pause, k.Faster, k.Slower, k.Jump, k.Notes, k.Injects, k.HideInject}
}

// shortHelp is what the help bar offers now: the keys of the focused pane
// or dialog, then those of the incident, then help and quit.
func (m Model) shortHelp() []binding {
	k := m.keys()
	switch {
	case m.screen == screenHome:
		return []binding{k.Up, k.Open, k.Help, k.Quit}
	case m.confirmQuit:
		no := bind("n", m.tx.T("tui.keys.cancel"), "n")
		return []binding{k.Confirm, no}
	case m.fullHelp:
		return []binding{k.Help, k.Quit}
	case m.dlg.kind != dlgNone:
		return m.dialogHelp(k)
	}
	var out []binding
	switch m.inc.focus {
	case paneTriage:
		if m.inc.revising {
			choose := bind("enter", m.tx.T("tui.keys.choose"), "enter")
			choose.why = k.Revise.why
			return []binding{k.Up, choose, k.Cancel}
		}
		out = []binding{k.Up, k.Answer, k.Revise}
	case paneDuties:
		out = []binding{k.Up, k.Done, k.Attempt, k.Waive, k.Copy}
	default:
		out = []binding{k.Up, k.PageUp, k.Top}
	}
	return append(out, k.NextPane, k.Note, k.Stamp, k.Assign, k.Close, k.Help, k.Quit)
}

// helpItem draws one binding; one that does not apply is faint and in
// parentheses with its reason, so that the difference is not colour alone.
func (m Model) helpItem(b binding) string {
	h := b.Help()
	if b.on() {
		return m.st.key.Render(h.Key) + " " + h.Desc
	}
	return m.st.keyOff.Render("(" + m.tx.T("tui.help.disabled", "Key", h.Key, "Desc", h.Desc, "Why", b.why) + ")")
}

// helpLines lays the help bar out in at most two lines of w cells: items
// that apply first, then the others with their reasons, as many as fit. A
// drill adds a line of the facilitator's keys above them, so that the
// players' keys keep their place.
func (m Model) helpLines(w int) []string {
	var drillLine []string
	if m.screen == screenIncident && m.inc.drill.on() && !m.confirmQuit && !m.fullHelp && m.dlg.kind == dlgNone {
		drillLine = m.layoutHelp(m.drillHelp(m.keys()), w, 1, true)
	}
	if m.inc.drill.on() && m.inc.drill.view != drillPanes && !m.confirmQuit && !m.fullHelp {
		// The page has the screen: the panes' keys do not apply, and the
		// page's own get their room.
		return m.layoutHelp(m.drillHelp(m.keys()), w, 2, true)
	}
	maxLines := 2
	if w >= wideWidth || m.height < 16 {
		maxLines = 1
	}
	return append(drillLine, m.layoutHelp(m.shortHelp(), w, maxLines, false)...)
}

// layoutHelp lays items out in at most maxLines lines of w cells, those
// that apply first unless keepOrder (the facilitator's few keys keep their
// places, so that a key that stops applying does not move the others).
func (m Model) layoutHelp(items []binding, w, maxLines int, keepOrder bool) []string {
	var on, off []string
	for _, b := range items {
		if b.on() || keepOrder {
			on = append(on, m.helpItem(b))
		} else {
			off = append(off, m.helpItem(b))
		}
	}
	const sep = "  "
	var lines []string
	var cur strings.Builder
	for _, it := range append(on, off...) {
		iw := width(it)
		if cur.Len() > 0 && width(cur.String())+len(sep)+iw > w {
			lines = append(lines, cur.String())
			cur.Reset()
			if len(lines) == maxLines {
				break
			}
		}
		if cur.Len() > 0 {
			cur.WriteString(sep)
		}
		cur.WriteString(cut(it, w))
	}
	if cur.Len() > 0 && len(lines) < maxLines {
		lines = append(lines, cur.String())
	}
	return lines
}

// fullHelpView lists every key in groups, each with what it does or why it
// does not apply now; in two columns when the list is taller than the pane.
func (m Model) fullHelpView(w, h int) []string {
	k := m.keys()
	var lines []string
	if m.screen == screenHome {
		for _, b := range []binding{k.Up, k.Open, k.Help, k.Quit} {
			lines = append(lines, m.fullHelpLine(b))
		}
		return lines
	}
	groups, titles := k.groups(), []string{m.tx.T("tui.help.group.move"), m.tx.T("tui.help.group.triage"), m.tx.T("tui.help.group.duties"), m.tx.T("tui.help.group.incident"), m.tx.T("tui.help.group.app")}
	if m.inc.drill.on() {
		groups = append([][]binding{k.drillGroup()}, groups...)
		titles = append([]string{m.tx.T("tui.help.drill")}, titles...)
	}
	for i, g := range groups {
		lines = append(lines, m.st.title.Render(titles[i]))
		for _, b := range g {
			lines = append(lines, "  "+m.fullHelpLine(b))
		}
	}
	if len(lines) <= h || w < 60 {
		return lines
	}
	half := (len(lines) + 1) / 2
	cw := (w - 2) / 2
	return beside("  ", frame(lines[:half], cw, half), frame(lines[half:], cw, half))
}

func (m Model) fullHelpLine(b binding) string {
	h := b.Help()
	line := m.st.key.Render(fit(h.Key, 10)) + " " + h.Desc
	if !b.on() {
		line = m.st.keyOff.Render(fit(h.Key, 10) + " " + h.Desc + ": " + b.why)
	}
	return line
}
