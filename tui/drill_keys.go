package tui

import (
	"cmp"

	tea "charm.land/bubbletea/v2"
)

// The facilitator's keys in a drill, declared once (see key): the page
// keys while the notes or the injects have the screen, then the clock's,
// the pages' and the banner's. The incident screen asks them first.

func onPage(m *Model) bool  { return m.inc.drill.view != drillPanes }
func running(m *Model) bool { return !m.inc.st.Closed }

// clockWhy is why the clock's keys do not apply: they write to the journal
// now, so they are blocked as every command is (closed, journal not
// saving, a command being saved).
func (m *Model) clockWhy() string { return m.blocked() }

func (m *Model) fasterWhy() string {
	if _, ok := nextSpeed(m.drillSpeeds(), m.inc.drill.ctl.Clock().Speed(), true); !ok {
		return m.orBlocked(m.tx.T("tui.why.fastest"))
	}
	return m.blocked()
}

func (m *Model) slowerWhy() string {
	if _, ok := nextSpeed(m.drillSpeeds(), m.inc.drill.ctl.Clock().Speed(), false); !ok {
		return m.orBlocked(m.tx.T("tui.why.slowest"))
	}
	return m.blocked()
}

func drillKeys() []key {
	const group = "tui.help.drill"
	return []key{
		{keys: []string{"up", "k", "down", "j"}, label: "up/dn", help: "tui.keys.move", bar: onPage, when: onPage,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.scrollPage(msg, 1) }},
		{keys: []string{"pgup", "pgdown"}, label: "pgup/pgdn", help: "tui.keys.page", when: onPage,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.scrollPage(msg, max(1, m.geometry().bodyH-1)) }},
		{keys: []string{"home", "g"}, help: "tui.keys.ends", when: onPage,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.inc.drill.scroll = 0; return nil }},
		{keys: []string{"esc"}, help: "tui.keys.back", bar: onPage, when: onPage, do: (*Model).closePage},

		{keys: []string{"space"}, help: "tui.keys.pause", group: group, bar: running, off: (*Model).clockWhy, facilitator: true,
			alt: altHelp{"tui.keys.resume", func(m *Model) bool { return m.inc.drill.ctl.Clock().Paused() }},
			do:  func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.togglePause() }},
		{keys: []string{"+", "-"}, label: "+/-", help: "tui.keys.speed", bar: running, facilitator: true,
			off: func(m *Model) string {
				if m.fasterWhy() != "" && m.slowerWhy() != "" {
					return cmp.Or(m.blocked(), m.fasterWhy())
				}
				return ""
			}},
		{keys: []string{"+", "="}, help: "tui.keys.faster", group: group, off: (*Model).fasterWhy, facilitator: true,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.changeSpeed(true) }},
		{keys: []string{"-", "_"}, help: "tui.keys.slower", group: group, off: (*Model).slowerWhy, facilitator: true,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.changeSpeed(false) }},
		{keys: []string{"]", "J"}, help: "tui.keys.jump", group: group, bar: running, facilitator: true,
			off: func(m *Model) string {
				if len(m.pendingInjects()) == 0 {
					return m.orBlocked(m.tx.T("tui.why.no-injects"))
				}
				return m.blocked()
			},
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.confirmJump() }},
		{keys: []string{"f"}, help: "tui.keys.notes", group: group, bar: always, facilitator: true,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.openPage(drillNotes) }},
		{keys: []string{"i"}, help: "tui.keys.injects", group: group, bar: always,
			off: func(m *Model) string {
				if len(m.inc.st.Injects) == 0 {
					return m.tx.T("tui.why.no-inject-yet")
				}
				return ""
			},
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.openPage(drillInjects) }},
		{keys: []string{"esc"}, help: "tui.keys.hide", group: group,
			bar:  func(m *Model) bool { return m.inc.drill.notice > 0 && !onPage(m) },
			when: func(m *Model) bool { return m.inc.drill.notice > 0 && !onPage(m) && !m.inc.revising },
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.inc.drill.notice = 0
				m.layout()
				return nil
			}},
	}
}

// drillBar is the facilitator's line of the help bar; on a page, with the
// way out and quit, since the page has the screen.
func (m *Model) drillBar() []key {
	keys := m.barKeys(m.drillKeymap())
	if onPage(m) {
		for _, k := range m.keymap.incident {
			if k.help == "tui.keys.quit-saved" {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// scrollPage scrolls the page by step lines, up or down.
func (m *Model) scrollPage(msg tea.KeyPressMsg, step int) tea.Cmd {
	d := &m.inc.drill
	if up(msg) {
		d.scroll = max(0, d.scroll-step)
	} else {
		d.scroll += step
	}
	return nil
}

// openPage shows the notes or the injects page; its own key again closes
// it. The injects page shows the banner's inject too, so the banner goes.
func (m *Model) openPage(v drillView) tea.Cmd {
	d := &m.inc.drill
	if v == drillNotes && d.player {
		return nil // never on a player's screen, whatever asked
	}
	if d.view == v {
		return m.closePage(tea.KeyPressMsg{})
	}
	d.view, d.scroll = v, 0
	if v == drillInjects {
		d.notice = 0
		m.layout()
	}
	return nil
}

// closePage goes back to the panes.
func (m *Model) closePage(tea.KeyPressMsg) tea.Cmd {
	m.inc.drill.view, m.inc.drill.scroll = drillPanes, 0
	return nil
}
