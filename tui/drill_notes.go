package tui

import (
	"strings"

	"github.com/shodo-dev/shodo/engine/drill"
)

// The facilitator's pages: the notes (never for the players) and the frame
// both pages share with the injects page.

// drillPage draws the notes or injects page in w×h, from the scroll line.
func (m Model) drillPage(w, h int) []string {
	var title string
	var body []string
	switch m.inc.drill.view {
	case drillNotes:
		if m.inc.drill.player {
			return nil // openPage never gets here; the notes are never drawn for a player
		}
		title, body = m.tx.T("tui.notes.title"), m.notesLines(w)
	default:
		title, body = m.tx.T("tui.drill.injects-title", "Count", len(m.inc.st.Injects)), m.injectsLines(w)
	}
	head := "== " + title + " "
	style := m.st.title
	if m.inc.drill.view == drillNotes {
		style = m.st.alert
	}
	lines := []string{style.Render(fit(head+strings.Repeat("=", max(0, w-width(head))), w))}
	room := max(1, h-1)
	from := clamp(m.inc.drill.scroll, 0, max(0, len(body)-room))
	end := min(len(body), from+room)
	if end < len(body) && room > 1 {
		end--
		return append(append(lines, body[from:end]...), m.st.subtle.Render(cut(m.tx.T("tui.drill.more-below", "Count", len(body)-end), w)))
	}
	return append(lines, body[from:end]...)
}

// notesLines are the facilitator's notes, what matters during the drill
// first: what to watch for after the last inject, the injects to come with
// their notes, what the scenario expects, its objectives, and the scenario
// itself.
func (m Model) notesLines(w int) []string {
	sc, st, tx, s := m.inc.drill.ctl.Scenario(), m.inc.st, m.tx, m.st
	var lines []string
	add := func(style func(...string) string, text string, indent string) {
		for _, l := range wrap(text, max(1, w-width(indent))) {
			lines = append(lines, style(indent+l))
		}
	}
	// item is a list item with a hanging indent: "  - " then "    ".
	item := func(text string) {
		for i, l := range wrap(text, max(1, w-4)) {
			lead := "    "
			if i == 0 {
				lead = "  - "
			}
			lines = append(lines, lead+l)
		}
	}
	plain := func(s ...string) string { return strings.Join(s, "") }
	if n := len(st.Injects); n > 0 {
		last := st.Injects[n-1]
		if note := injectNote(sc, last.Index); note != "" {
			lines = append(lines, s.title.Render(cut(tx.T("tui.notes.watch", "At", m.offsetText(last.Time)), w)))
			add(plain, paragraph(note), "  ")
			lines = append(lines, "")
		}
	}
	lines = append(lines, s.title.Render(tx.T("tui.notes.coming")))
	pending := m.pendingInjects()
	if len(pending) == 0 {
		add(s.subtle.Render, tx.T("tui.notes.all-delivered"), "  ")
	}
	for _, in := range pending {
		add(s.bold.Render, m.injectHead(in.At, in.Channel, in.From), "  ")
		if in.Facilitator == "" {
			add(s.subtle.Render, tx.T("tui.notes.no-note"), "    ")
			continue
		}
		add(plain, paragraph(in.Facilitator), "    ")
	}
	lines = append(lines, "")
	if v := st.Runbook.Verdict(sc.Expect.Verdict); v != nil {
		kind := tx.T("tui.header.not-security")
		if v.Security {
			kind = tx.T("tui.header.security")
		}
		text := tx.T("tui.notes.expect", "Verdict", oneLine(v.Title)+tx.T("tui.aside-after", "Text", kind))
		if sc.Expect.VerdictWithin > 0 {
			text += tx.T("tui.notes.within", "Within", runbookSpan(tx, sc.Expect.VerdictWithin))
		}
		add(s.bold.Render, text, "")
	} else {
		add(plain, tx.T("tui.notes.no-expect"), "")
	}
	now := tx.T("tui.header.no-verdict")
	if st.Verdict != nil {
		now = tx.T("tui.header.verdict", "Verdict", oneLine(st.Verdict.Title))
	}
	add(plain, now, "  ")
	if n := len(sc.Expect.Met); n > 0 {
		add(plain, tx.T("tui.notes.met", "Count", n), "")
	}
	if len(sc.Expect.NotStarted) > 0 {
		var titles []string
		for _, id := range sc.Expect.NotStarted {
			if d := st.Runbook.Duty(id); d != nil {
				titles = append(titles, dutyTitle(d))
			}
		}
		add(plain, tx.T("tui.notes.not-started", "Duties", strings.Join(titles, tx.T("tui.list-sep"))), "")
	}
	lines = append(lines, "", s.title.Render(tx.T("tui.notes.objectives")))
	if len(sc.Objectives) == 0 {
		add(s.subtle.Render, tx.T("tui.notes.no-objectives"), "  ")
	}
	for _, o := range sc.Objectives {
		item(paragraph(o))
	}
	lines = append(lines, "")
	add(s.bold.Render, tx.T("tui.notes.scenario", "Title", oneLine(sc.Title), "ID", oneLine(sc.ID)), "")
	add(plain, tx.T("tui.notes.runbook", "Title", oneLine(st.Runbook.Title)), "")
	if sc.Summary != "" {
		add(s.subtle.Render, paragraph(sc.Summary), "")
	}
	return lines
}

// injectNote is the facilitator's note of the inject at index.
func injectNote(sc *drill.Scenario, index int) string {
	if index >= 0 && index < len(sc.Injects) {
		return sc.Injects[index].Facilitator
	}
	return ""
}
