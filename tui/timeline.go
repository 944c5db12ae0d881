package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
)

// timelineView draws the events that fit, newest at the bottom, one line
// each. The cursor is tlBack events up from the newest; the view ends at
// the cursor (or fills the pane from the first event), so the selected
// entry is always in sight. While the pane has the focus, a "> " column
// marks the cursor, so that it does not depend on colour. Only the visible
// events are turned into text, so the cost of a frame does not grow with
// the length of the incident.
func (m Model) timelineView(w, h int) []string {
	if h <= 0 {
		return nil
	}
	evs := m.inc.st.Events
	back := clamp(m.inc.tlBack, 0, max(0, len(evs)-1))
	rows := h
	if back > 0 {
		rows-- // the last line says how many newer events are below
	}
	cursor := len(evs) - 1 - back
	end := clamp(cursor+1, min(len(evs), rows), len(evs))
	start := max(0, end-rows)
	focused := m.inc.focus == paneTimeline
	lines := make([]string, 0, h)
	for i := start; i < end; i++ {
		if !focused {
			lines = append(lines, m.eventLine(&evs[i], w))
			continue
		}
		if i == cursor {
			lines = append(lines, m.st.selected.Render(fit("> "+ansi.Strip(m.eventLine(&evs[i], w-2)), w)))
			continue
		}
		lines = append(lines, "  "+m.eventLine(&evs[i], w-2))
	}
	if back > 0 {
		lines = append(lines, m.st.subtle.Render(cut(m.tx.T("tui.timeline.newer-below", "Count", back), w)))
	}
	return lines
}

// selectedEvent is the timeline entry under the cursor, or nil when there
// is none.
func (m Model) selectedEvent() *incident.Event {
	evs := m.inc.st.Events
	if len(evs) == 0 {
		return nil
	}
	return &evs[len(evs)-1-clamp(m.inc.tlBack, 0, len(evs)-1)]
}

// timelineRows is how many events the timeline shows at the current size.
func (m Model) timelineRows() int {
	g := m.geometry()
	if g.wide {
		return max(1, g.timelineH-1)
	}
	return max(1, g.bodyH)
}

// eventLine is one event: local time, actor, and a sentence.
func (m Model) eventLine(e *incident.Event, w int) string {
	aw := clamp(w/6, 6, 12)
	at := m.stamp(e.Time)
	if c := claimedOf(e); !c.IsZero() {
		// What was claimed first, as the clocks count from it; when it
		// was recorded beside it.
		at = m.claimedStamp(c, e.Time)
	}
	head := at + " " + fit(oneLine(e.Actor), aw) + " "
	text, kind := m.eventSentence(e)
	line := cut(head+text, w)
	switch kind {
	case flashErr:
		return m.st.alert.Render(line)
	case flashOK:
		return m.st.bold.Render(line)
	}
	return line
}

// claimedOf is when the event says its moment really came, if someone
// claimed a time earlier than the record (the opening with --since or the
// start dialog's field, a milestone with its "happened at"); zero
// otherwise.
func claimedOf(e *incident.Event) time.Time {
	switch p := e.Data.(type) {
	case incident.IncidentOpened:
		return p.Happened
	case incident.MilestoneStamped:
		return p.Happened
	}
	return time.Time{}
}

// eventSentence says what an event means, in the UI language, with the
// runbook's own words for questions, answers, duties and milestones: the
// same sentence the exports write (export.SentenceWith), with times the
// way this screen shows them. The kind says how to stress it, from the
// event's tone in the engine's registry: what went wrong (overdue,
// recovery) in alert, turning points (the verdict, closing) bold.
func (m Model) eventSentence(e *incident.Event) (string, flashKind) {
	text := noteLine(export.SentenceWith(m.inc.st, *e, m.opt.Lang, m.stamp))
	switch incident.ToneOf(*e) {
	case incident.ToneAlert:
		return text, flashErr
	case incident.ToneMark:
		return text, flashOK
	}
	return text, flashInfo
}

// noteLine shows a multi-line note on one line, its lines separated by " / ".
func noteLine(s string) string {
	parts := strings.Split(Sanitize(s), "\n")
	for i, p := range parts {
		parts[i] = oneLine(p)
	}
	return strings.Join(parts, " / ")
}
