package tui

import (
	"cmp"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Injects: what is still to come, delivering what is due, the banner the
// facilitator reads aloud when one arrives, and the page of every inject
// delivered so far.

// pendingInjects are the injects not yet delivered, in delivery order (by
// time, then as written), worked out from the snapshot so that Update needs
// nothing but the state.
func (m Model) pendingInjects() []drill.Inject {
	sc := m.inc.drill.ctl.Scenario()
	delivered := map[int]bool{}
	for _, in := range m.inc.st.Injects {
		delivered[in.Index] = true
	}
	var out []drill.Inject
	for _, in := range sc.Injects {
		if !delivered[in.Index] {
			out = append(out, in)
		}
	}
	slices.SortStableFunc(out, func(a, b drill.Inject) int { return cmp.Compare(a.At, b.At) })
	return out
}

// drillDue delivers what is due at the real time the command runs, and
// records overdue duties, off the UI goroutine.
func drillDue(ctl drillControl, e engine, real func() time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		_, err := ctl.Due(real())
		return tickedMsg{err: err, st: e.State()}
	})
}

// noticeInjects takes note of injects that arrived in the latest snapshot:
// the newest goes to the banner, to be read aloud.
func (m *Model) noticeInjects() {
	d := &m.inc.drill
	if !d.on() {
		return
	}
	n := len(m.inc.st.Injects)
	if n > d.seen {
		d.notice, d.fresh = n, n-d.seen
		d.seen = n
		if d.view != drillPanes {
			// The banner waits for the page to close: say it came.
			in := m.inc.st.Injects[n-1]
			m.setFlash(flashOK, m.tx.T("tui.drill.inject-arrived", "Inject", m.injectHead(m.offsetOf(in.Time), in.Channel, in.From)))
		}
		m.layout() // the banner takes room from the body
	}
	d.seen = n
}

// channelName is an inject's channel in the UI language.
func channelName(tx *i18n.Catalog, ch string) string {
	return oneLine(export.ChannelName(ch, tx.Lang()))
}

// injectHead is an inject's first line: when, by what channel, from whom.
func (m Model) injectHead(at time.Duration, channel, from string) string {
	parts := []string{drill.FormatClock(at)}
	if channel != "" {
		parts = append(parts, channelName(m.tx, channel))
	}
	if from != "" {
		parts = append(parts, m.tx.T("tui.drill.inject-from", "Sender", oneLine(from)))
	}
	return strings.Join(parts, "  ")
}

// noticeLines draw the inject just delivered, for the facilitator to read
// aloud: a marked first line, then its text, as much as the height allows.
func (m Model) noticeLines(w int) []string {
	d := m.inc.drill
	if !d.on() || d.notice <= 0 || d.notice > len(m.inc.st.Injects) || d.view != drillPanes {
		return nil
	}
	in := m.inc.st.Injects[d.notice-1]
	head := m.st.live.Render(" "+m.tx.T("tui.drill.inject-tag")+" ") + " " + m.st.bold.Render(m.injectHead(m.offsetOf(in.Time), in.Channel, in.From))
	text := wrap(paragraph(in.Text), max(1, w-2))
	maxText := clamp((m.height-16)/2, 1, 6)
	hint := ""
	switch {
	case d.fresh > 1:
		hint = m.tx.T("tui.drill.inject-more", "Count", d.fresh-1)
	case len(text) > maxText:
		hint = m.tx.T("tui.drill.inject-read-all")
	}
	if hint != "" {
		head += "  " + m.st.subtle.Render(hint)
	}
	lines := []string{cut(head, w)}
	for _, l := range limit(text, maxText) {
		lines = append(lines, cut("  "+l, w))
	}
	return lines
}

// drillEndLines say, once the last inject is delivered and until the drill
// closes, what is left to play — the duties still running and the next
// deadline — and how to close and score it, instead of silence.
func (m Model) drillEndLines(w int) []string {
	d := m.inc.drill
	st := m.inc.st
	if !d.on() || st == nil || st.Closed || d.view != drillPanes || len(st.Injects) == 0 || len(m.pendingInjects()) > 0 {
		return nil
	}
	running := 0
	var next *incident.Duty
	for i := range st.Duties {
		du := &st.Duties[i]
		if du.Status != incident.StatusRunning {
			continue
		}
		running++
		if du.Due.IsZero() || du.Paused || !du.Due.After(m.now) {
			// No deadline ahead: none at all, paused, or passed (the
			// header counts the overdue).
			continue
		}
		if next == nil || du.Due.Before(next.Due) {
			next = du
		}
	}
	var left string
	switch {
	case running == 0:
		left = m.tx.T("tui.drill.end-none-running")
	case next == nil:
		left = m.tx.T("tui.drill.end-running-no-due", "Count", running)
	default:
		left = m.tx.T("tui.drill.end-running", "Count", running, "Due", m.offsetText(next.Due), "Duty", dutyTitle(next.Spec))
	}
	how := m.tx.T("tui.drill.end-close", "Incident", oneLine(st.ID))
	if why := m.closeWhy(); why != "" {
		how = m.tx.T("tui.drill.end-close-when", "Why", why, "Incident", oneLine(st.ID))
	}
	text := m.tx.T("tui.drill.end", "Left", left, "How", how)
	var lines []string
	for _, l := range limit(wrap(text, max(1, w)), 3) {
		lines = append(lines, m.st.warn.Render(l))
	}
	return lines
}

// injectsLines are the injects delivered so far, newest first, in full.
func (m Model) injectsLines(w int) []string {
	st := m.inc.st
	if len(st.Injects) == 0 {
		return []string{m.st.subtle.Render(m.tx.T("tui.drill.injects-none"))}
	}
	var lines []string
	for i := len(st.Injects) - 1; i >= 0; i-- {
		in := st.Injects[i]
		lines = append(lines, m.st.bold.Render(cut(m.injectHead(m.offsetOf(in.Time), in.Channel, in.From), w)))
		for _, l := range wrap(paragraph(in.Text), max(1, w-2)) {
			lines = append(lines, "  "+l)
		}
		lines = append(lines, "")
	}
	return lines
}
