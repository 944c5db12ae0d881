package tui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// bel is the terminal bell: most terminals beep or flash, and many mark
// the tab or window, so a responder in another window hears that a legal
// clock ran out.
const bel = "\a"

// ringOverdue rings the terminal bell once when a running duty falls
// overdue: once per duty (per occurrence of a recurring one), however
// often the screen is drawn afterwards, and never for what was already
// overdue when the screen opened. Nil when nothing newly fell overdue or
// the bell is off (Options.Quiet).
func (m *Model) ringOverdue() tea.Cmd {
	if m.screen != screenIncident || m.inc.st == nil {
		return nil
	}
	seeding := m.inc.rung == nil
	if seeding {
		m.inc.rung = map[string]bool{}
	}
	at := m.figuresAt()
	rang := false
	for i := range m.inc.st.Duties {
		d := &m.inc.st.Duties[i]
		if d.Status != incident.StatusRunning {
			continue
		}
		if k, _ := countdown(d, at); k != countdownOver {
			continue
		}
		key := d.ID + "#" + strconv.Itoa(d.Instance)
		if !m.inc.rung[key] {
			m.inc.rung[key] = true
			rang = true
		}
	}
	if !rang || seeding || m.opt.Quiet {
		return nil
	}
	return tea.Raw(bel)
}
