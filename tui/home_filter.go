package tui

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// The home screen's filter: `/` and a few letters narrow the lists to the
// rows whose id, title, runbook or verdict contain them, so that an
// archive of thousands of incidents stays usable. While it is being typed
// (typing), letters go into it; enter keeps it and gives the keys back to
// the lists; esc clears it.

// filtering reports whether the filter is being typed.
func filtering(m *Model) bool { return notConfirming(m) && m.home.typing }

// browsing is the home screen's lists with the keys theirs.
func browsing(m *Model) bool { return notConfirming(m) && !m.home.typing }

// filtered reports whether a filter narrows the lists (typed or kept).
func filtered(m *Model) bool { return notConfirming(m) && (m.home.typing || m.home.filter != "") }

// filterKey starts typing the filter.
func filterKey() key {
	return key{keys: []string{"/"}, help: "tui.keys.filter", bar: browsing, when: browsing,
		do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.home.typing = true; return m.wantAll() }}
}

// filterKeys are the keys of the filter while it is typed or kept,
// declared first among the home screen's so that its enter and esc win.
func filterKeys() []key {
	return []key{
		{keys: []string{"enter"}, help: "tui.keys.filter-done", bar: filtering, when: filtering,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.home.typing = false; return nil }},
		{keys: []string{"backspace"}, help: "tui.keys.filter-erase", when: filtering,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				r := []rune(m.home.filter)
				m.setFilter(string(r[:max(0, len(r)-1)]))
				return nil
			}},
		{keys: []string{"esc"}, help: "tui.keys.filter-clear", bar: filtered, when: filtered,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.home.typing = false
				m.setFilter("")
				return nil
			}},
	}
}

// typeFilter adds the text of a key press to the filter being typed; it
// reports false for a key that is not text (arrows, ctrl+…), which then
// goes to the keys.
func (m *Model) typeFilter(msg tea.KeyPressMsg) bool {
	if !filtering(m) || msg.Text == "" || msg.Mod&^tea.ModShift != 0 {
		return false
	}
	m.setFilter(m.home.filter + printableOnly(msg.Text))
	return true
}

// pasteFilter puts pasted text into the filter being typed, on one line.
func (m *Model) pasteFilter(msg tea.PasteMsg) bool {
	if !filtering(m) {
		return false
	}
	m.setFilter(m.home.filter + printableOnly(strings.Join(strings.Fields(msg.Content), " ")))
	return true
}

// printableOnly drops control and invisible characters from typed text.
func printableOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, oneLine(s))
}

// setFilter changes the filter and keeps the cursor on a row.
func (m *Model) setFilter(q string) {
	m.home.filter = q
	m.home.cursor = clamp(m.home.cursor, 0, max(0, m.home.itemCount()-1))
}

// matcher reports whether the fields of a row contain the filter, case
// not mattering; everything matches an empty filter.
func (h homeState) matcher() func(fields ...string) bool {
	q := strings.ToLower(strings.TrimSpace(h.filter))
	return func(fields ...string) bool {
		if q == "" {
			return true
		}
		for _, f := range fields {
			if strings.Contains(strings.ToLower(f), q) {
				return true
			}
		}
		return false
	}
}

// summaryMatcher is matcher for an incident's row: it looks in the
// incident's id, title, runbook, verdict and drill. Without a filter it
// keeps every row without looking, and with one it builds nothing per
// row: thousands of rows are matched for every frame.
func (h homeState) summaryMatcher() func(*incident.Summary) bool {
	q := strings.ToLower(strings.TrimSpace(h.filter))
	if q == "" {
		return func(*incident.Summary) bool { return true }
	}
	return func(s *incident.Summary) bool {
		for _, f := range [...]string{s.ID, s.Name, s.Title, s.Runbook, s.Verdict, s.VerdictTitle, s.Drill} {
			if strings.Contains(strings.ToLower(f), q) {
				return true
			}
		}
		return false
	}
}
