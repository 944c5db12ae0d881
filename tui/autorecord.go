package tui

import (
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
)

// tickFailed takes the outcome of Session.Tick (in a drill, Drill.Due):
// what it could not record — a duty overdue, a consequence — stays on the
// screen, under the header, until a later tick writes it (issue 12, M5).
// It reports whether the tick failed.
func (m *Model) tickFailed(err error) bool {
	was := m.inc.unrecorded != nil
	switch {
	case err == nil:
		m.inc.unrecorded = nil
	case poisoned(err):
		// The poisoned banner says more, and nothing can be retried.
		m.inc.unrecorded = nil
		m.engineFailed(err)
	default:
		// A fault (a full disk) has a banner of its own, for every
		// record; this one still names the duties whose overdue is not
		// written.
		m.noteFault(err)
		m.inc.unrecorded = err
	}
	if was != (m.inc.unrecorded != nil) {
		m.layout()
	}
	return err != nil
}

// maxUnrecordedLines bounds the warning on a small screen.
const maxUnrecordedLines = 3

// unrecordedLines say, in red across the width, that an automatic record
// could not be written: which duties are overdue without a record, why,
// and that it is retried. Not a flash: it stays until a tick succeeds.
func (m Model) unrecordedLines(w int) []string {
	if m.inc.unrecorded == nil || m.inc.st == nil {
		return nil
	}
	why := describeError(m.tx, m.inc.unrecorded)
	var titles []string
	for i := range m.inc.st.Duties {
		d := &m.inc.st.Duties[i]
		if d.Status == incident.StatusRunning && !d.Overdue && !d.Due.IsZero() && m.now.After(d.Due) {
			titles = append(titles, dutyTitle(d.Spec))
		}
	}
	if len(titles) == 0 && m.inc.fault != nil {
		return nil // the fault's banner says it all
	}
	text := m.tx.T("tui.record-failed.any", "Error", why)
	if len(titles) > 0 {
		text = m.tx.T("tui.record-failed.overdue", "Count", len(titles), "Duties", strings.Join(titles, m.tx.T("runbook.list.separator")), "Error", why)
	}
	lines := limit(wrap(text, w), maxUnrecordedLines)
	for i, l := range lines {
		lines[i] = m.st.banner.Render(fit(l, w))
	}
	return lines
}
