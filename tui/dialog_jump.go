package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
)

// jumpDialog asks the facilitator to confirm a jump to the next inject,
// saying what it skips: the span of scenario time never played, the
// injects it delivers, and the deadlines that fall in between (which the
// score then counts as skipped, not as the team's). Confirmed, the drill
// records the jump (drill.jumped) before anything it delivers.
type jumpDialog struct {
	heading string
	plan    drill.JumpPlan
}

func newJumpDialog(m *Model, plan drill.JumpPlan) *jumpDialog {
	return &jumpDialog{heading: m.tx.T("tui.drill.jump-title", "To", drill.FormatClock(plan.To)), plan: plan}
}

func (d *jumpDialog) title() string { return d.heading }

func (d *jumpDialog) keys() []key {
	return []key{
		{keys: []string{"y", "Y", "enter"}, label: "y", help: "tui.keys.confirm", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.pop()
				return m.skipTo(d.plan.To)
			}},
		{keys: []string{"n", "N", "esc"}, label: "n", help: "tui.keys.cancel", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

func (d *jumpDialog) update(*Model, tea.KeyPressMsg) tea.Cmd { return nil }

func (d *jumpDialog) view(m *Model, w, h int) []string {
	s, p := m.st, d.plan
	lines := []string{""}
	lines = append(lines, wrap(m.tx.T("tui.drill.jump-span", "From", drill.FormatClock(p.From), "To", drill.FormatClock(p.To),
		"Span", runbookSpan(m.tx, p.Skipped())), w)...)
	lines = append(lines, "", s.bold.Render(cut(m.tx.T("tui.drill.jump-injects", "Count", len(p.Injects)), w)))
	for _, in := range p.Injects {
		lines = append(lines, cut("  "+m.injectHead(in.At, in.Channel, in.From), w))
	}
	lines = append(lines, "")
	if len(p.Deadlines) == 0 {
		lines = append(lines, s.subtle.Render(cut(m.tx.T("tui.drill.jump-no-deadlines"), w)))
		return limit(lines, h)
	}
	lines = append(lines, s.bold.Render(cut(m.tx.T("tui.drill.jump-deadlines", "Count", len(p.Deadlines)), w)))
	// Leave room for the note under the list.
	shown := p.Deadlines
	if room := h - len(lines) - 3; len(shown) > room {
		shown = shown[:max(0, room-1)]
	}
	for _, dl := range shown {
		title := dl.Duty
		if du := m.inc.st.Duty(dl.Duty); du != nil && du.Spec != nil {
			title = dutyTitle(du.Spec)
		}
		lines = append(lines, cut("  "+drill.FormatClock(dl.Due)+"  "+title, w))
	}
	if more := len(p.Deadlines) - len(shown); more > 0 {
		lines = append(lines, s.subtle.Render(cut("  "+m.tx.T("tui.drill.jump-more", "Count", more), w)))
	}
	lines = append(lines, "")
	for _, l := range wrap(m.tx.T("tui.drill.jump-skipped"), w) {
		lines = append(lines, s.warn.Render(l))
	}
	return limit(lines, h)
}
