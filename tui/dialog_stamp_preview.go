package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
)

// stampPreview asks before a milestone is stamped: a stamp may start legal
// clocks and is recorded for good, so the responder first sees its
// description in full and every clock it will start, with its due time,
// as the engine computes them (State.StampPreview) without recording
// anything. Yes records the milestone form's action; going back returns
// to the form with its choice and text.
type stampPreview struct {
	form      *form
	act       action
	heading   string
	body      []string
	top       int // first body line shown when it is taller than the screen
	startsAny bool
}

// newStampPreview previews stamping milestone id, claimed to have
// happened at happened (zero: now).
func newStampPreview(m *Model, f *form, a action, id string, happened time.Time) *stampPreview {
	tx, st := m.tx, m.inc.st
	title, hint := oneLine(id), ""
	if ms := st.Runbook.Milestone(id); ms != nil {
		if t := oneLine(ms.Title); t != "" {
			title = t
		}
		hint = ms.Hint
	}
	// The title goes in the body, where it wraps: a heading is one line.
	p := &stampPreview{form: f, act: a, heading: tx.T("tui.stamp.heading")}
	p.body = append(p.body, tx.T("tui.stamp.title", "Milestone", title))
	if hint != "" {
		p.body = append(p.body, hint, "")
	}
	if !happened.IsZero() {
		p.body = append(p.body, tx.T("tui.stamp.counts-from", "Time", m.stamp(happened)), "")
	}
	started := st.StampPreview(id, m.inc.eng.Now(), happened)
	p.startsAny = len(started) > 0
	// A duty whose law does not apply yet says so, rather than seeming
	// to wait for something else.
	for _, d := range st.StampPreviewNotApplicable(id, m.inc.eng.Now(), happened) {
		p.body = append(p.body, tx.T("tui.stamp.not-applicable", "Duty", dutyTitle(d.Spec), "Date", d.AppliesFrom))
	}
	if len(started) == 0 {
		p.body = append(p.body, tx.T("tui.stamp.starts-none"))
		return p
	}
	p.body = append(p.body, tx.T("tui.stamp.starts", "Count", len(started)))
	for _, d := range started {
		p.body = append(p.body, "- "+m.previewClock(d))
	}
	return p
}

// previewClock is one clock a stamp would start: the duty, its due time
// and how long that leaves, as the Duties pane will show it.
func (m *Model) previewClock(d *incident.Duty) string {
	badge := strings.TrimSpace(ansi.Strip(m.runningBadge(d)))
	if kind, _ := countdown(d, m.figuresAt()); kind == countdownASAP {
		// Not started yet: "as soon as possible", not "asap, 0s so far".
		badge = m.tx.T("tui.start.asap")
	}
	if d.Due.IsZero() {
		return m.tx.T("tui.stamp.clock", "Duty", dutyTitle(d.Spec), "Badge", badge)
	}
	return m.tx.T("tui.stamp.clock-due", "Duty", dutyTitle(d.Spec), "Due", m.stamp(d.Due), "Badge", badge)
}

func (p *stampPreview) title() string { return p.heading }

func (p *stampPreview) keys() []key {
	return []key{
		{keys: []string{"y", "Y", "enter"}, label: "y", help: "tui.keys.stamp-confirm", bar: always,
			off: func(m *Model) string { return m.blocked() },
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.pop()
				return p.form.record(m, p.act)
			}},
		{keys: []string{"pgup", "pgdown"}, label: "pgup/pgdn", help: "tui.keys.scroll-help",
			do: func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
				if up(msg) {
					p.top = max(0, p.top-5)
				} else {
					p.top += 5
				}
				return nil
			}},
		{keys: []string{"n", "N", "esc"}, label: "n/esc", help: "tui.keys.back", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

func (p *stampPreview) update(*Model, tea.KeyPressMsg) tea.Cmd { return nil }

func (p *stampPreview) view(m *Model, w, h int) []string {
	lines := m.bodyLines(p.body, false, "", w)
	if len(lines) <= h {
		p.top = 0
		return lines
	}
	p.top = clamp(p.top, 0, len(lines)-(h-1))
	return append(lines[p.top:p.top+h-1], m.st.subtle.Render(cut(m.tx.T("tui.timeline.entry-more"), w)))
}
