package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// timelineView draws the events that fit, newest at the bottom, one line
// each. Only the visible events are turned into text, so the cost of a
// frame does not grow with the length of the incident.
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
	end := len(evs) - back
	start := max(0, end-rows)
	lines := make([]string, 0, h)
	for i := start; i < end; i++ {
		lines = append(lines, m.eventLine(&evs[i], w))
	}
	if back > 0 {
		lines = append(lines, m.st.subtle.Render(cut(fmt.Sprintf(m.tx.NewerBelow, back), w)))
	}
	return lines
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
	head := m.stamp(e.Time) + " " + fit(oneLine(e.Actor), aw) + " "
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

// eventSentence says what an event means, in the UI language, with the
// runbook's own words for questions, answers, duties and milestones. The
// kind says how to stress it: overdue in alert, verdicts and closing bold.
func (m Model) eventSentence(e *incident.Event) (string, flashKind) {
	tx := m.tx
	rb := m.inc.st.Runbook
	switch p := e.Data.(type) {
	case incident.IncidentOpened:
		return fmt.Sprintf(tx.EvOpened, oneLine(p.Title)), flashInfo
	case incident.RoleAssigned:
		return fmt.Sprintf(tx.EvAssigned, oneLine(rb.ActorTitle(p.Role)), oneLine(p.Assignee)), flashInfo
	case incident.TriageAnswered:
		ask, label := answerText(rb, incident.Answer{Node: p.Node, Option: p.Option})
		return fmt.Sprintf(tx.EvAnswered, ask, label), flashInfo
	case incident.TriageRevised:
		ask, _ := answerText(rb, incident.Answer{Node: p.Node})
		return fmt.Sprintf(tx.EvRevised, ask), flashInfo
	case incident.VerdictReached:
		title := p.Title
		if v := rb.Verdict(p.Verdict); v != nil {
			title = v.Title
		}
		words := tx.SecurityNo
		if p.Security {
			words = tx.SecurityYes
		}
		return fmt.Sprintf(tx.EvVerdict, oneLine(title), words), flashOK
	case incident.MilestoneStamped:
		format := tx.EvStamped
		if p.Answer != 0 {
			format = tx.EvStampedBy
		}
		return fmt.Sprintf(format, milestoneTitle(rb, p.Milestone)), flashInfo
	case incident.DutyStarted:
		return fmt.Sprintf(tx.EvStarted, m.dutyName(p.Duty), m.stamp(p.Due)), flashInfo
	case incident.DutyAttempted:
		return fmt.Sprintf(tx.EvAttempted, m.dutyName(p.Duty), m.byText(p.Means), oneLine(p.Outcome)), flashInfo
	case incident.DutyDone:
		text := fmt.Sprintf(tx.EvDone, m.dutyName(p.Duty), m.byText(p.Means))
		if p.Note != "" {
			text += ": " + oneLine(p.Note)
		}
		return text, flashInfo
	case incident.DutyOverdue:
		return fmt.Sprintf(tx.EvOverdue, m.dutyName(p.Duty), m.stamp(p.Due)), flashErr
	case incident.DutyWaived:
		return fmt.Sprintf(tx.EvWaived, m.dutyName(p.Duty), oneLine(p.Reason)), flashInfo
	case incident.DutyCancelled:
		return fmt.Sprintf(tx.EvCancelled, m.dutyName(p.Duty), oneLine(p.Reason)), flashInfo
	case incident.NoteAdded:
		return fmt.Sprintf(tx.EvNote, noteLine(p.Text)), flashInfo
	case incident.InjectDelivered:
		return fmt.Sprintf(tx.EvInject, oneLine(p.From), oneLine(p.Text)), flashInfo
	case incident.JournalRecovered:
		return fmt.Sprintf(tx.EvRecovered, p.Bytes, p.Line, oneLine(p.Quarantine)), flashErr
	case incident.IncidentClosed:
		return fmt.Sprintf(tx.EvClosed, oneLine(p.Summary)), flashOK
	}
	return fmt.Sprintf(tx.EvUnknown, oneLine(e.Type)), flashInfo
}

// noteLine shows a multi-line note on one line, its lines separated by " / ".
func noteLine(s string) string {
	parts := strings.Split(Sanitize(s), "\n")
	for i, p := range parts {
		parts[i] = oneLine(p)
	}
	return strings.Join(parts, " / ")
}

// dutyName is a duty's title, or its id when the runbook does not know it.
func (m Model) dutyName(id string) string {
	if d := m.inc.st.Runbook.Duty(id); d != nil {
		return dutyTitle(d)
	}
	return oneLine(id)
}

// byText is " by phone", or nothing.
func (m Model) byText(means string) string {
	if means == "" {
		return ""
	}
	return fmt.Sprintf(m.tx.By, oneLine(means))
}

// milestoneTitle names a milestone: its title, or its id.
func milestoneTitle(rb *runbook.Runbook, id string) string {
	if ms := rb.Milestone(id); ms != nil && ms.Title != "" {
		return oneLine(ms.Title)
	}
	return oneLine(id)
}

// timelineKey scrolls the timeline; scrolling to the end follows new events
// again.
func (m *Model) timelineKey(msg tea.KeyPressMsg, k keyMap) tea.Cmd {
	n := len(m.inc.st.Events)
	rows := m.timelineRows()
	back := m.inc.tlBack
	switch {
	case k.Up.hit(msg):
		back++
	case k.Down.hit(msg):
		back--
	case k.PageUp.hit(msg):
		back += rows - 1
	case k.PageDown.hit(msg):
		back -= rows - 1
	case k.Top.hit(msg):
		back = n - rows
	case k.Bottom.hit(msg):
		back = 0
	}
	m.inc.tlBack = clamp(back, 0, max(0, n-rows))
	return nil
}
