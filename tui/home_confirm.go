package tui

import (
	"slices"

	tea "charm.land/bubbletea/v2"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Starting is deliberate (issue 11, item 5): enter on a runbook or a drill
// scenario does not start it. It shows what starting will set going — for
// a runbook, the duties that start the moment the incident opens and their
// deadlines; for a drill, its runbook, speed, injects and objectives — and
// asks: enter or y starts, esc or n goes back. An incident opened by
// mistake at 3 a.m. stays in the journal for good, its duties running.

// confirming reports whether the home screen is asking to start something.
func confirming(m *Model) bool { return m.screen == screenHome && m.home.confirm != nil }

// notConfirming is the home screen's lists.
func notConfirming(m *Model) bool { return !confirming(m) }

// askStart shows what it will start and asks. The keys that follow at once
// (the bounce of the enter that asked, a double press) do not answer it.
func (m *Model) askStart(it homeItem) {
	m.home.confirm = &it
	m.fullHelp = false
	m.guard(false)
}

// confirmStart starts what the confirmation showed.
func (m *Model) confirmStart() tea.Cmd {
	it := *m.home.confirm
	m.home.confirm = nil
	return m.homeOpen(it)
}

// cancelStart goes back to the lists, the cursor where it was.
func (m *Model) cancelStart() { m.home.confirm = nil }

// confirmView draws the confirmation: the title line, what will start,
// the question, the status and the help bar.
func (m Model) confirmView(head []string) []string {
	w, hgt := m.width, m.height
	h, tx, s := m.home, m.tx, m.st
	help := m.helpLines(w)
	status := m.statusLines(w)
	var rule1 string
	var top, list []string
	var ask string
	switch it := *h.confirm; it.kind {
	case itemRunbook:
		r := h.runbooks[it.i]
		rule1 = tx.T("tui.start.runbook")
		top = m.startHead(r.rb.Title, r.rb.ID, r.source, r.rb.Summary, w)
		list = m.openingDuties(r.rb, w)
		ask = tx.T("tui.start.ask-runbook")
	case itemScenario:
		hs := h.scenarios[it.i]
		rule1 = tx.T("tui.start.drill")
		top = m.startHead(hs.sc.Title, hs.sc.ID, hs.source, hs.sc.Summary, w)
		list = m.drillPlan(hs.sc, w)
		ask = tx.T("tui.start.ask-drill")
	}
	askLines := wrap(ask, w)
	for i, l := range askLines {
		askLines[i] = s.bold.Render(l)
	}
	room := max(1, hgt-len(head)-1-len(status)-len(help))
	// The question always shows; the list gives way first (with a count
	// of what did not fit), then the summary.
	body := append(slices.Clone(top), "")
	if left := room - len(body) - 1 - len(askLines); len(list) > left {
		list = fitList(tx, list, max(0, left), w, s.subtle.Render)
	}
	body = append(body, list...)
	body = append(body, "")
	body = append(body, askLines...)
	lines := append(slices.Clone(head), s.accent.Render(rule(rule1, w)))
	lines = append(lines, frame(body, w, room)...)
	lines = append(lines, status...)
	return append(lines, help...)
}

// fitList keeps the first lines of list that fit in n, the last of them
// saying how many lines were left out. An entry's detail lines start
// with a space: a cut never leaves an entry without its first line.
func fitList(tx *i18n.Catalog, list []string, n, w int, subtle func(...string) string) []string {
	if n <= 0 {
		return nil
	}
	keep := n - 1
	for keep > 0 && keep < len(list) && strings.HasPrefix(list[keep], " ") {
		keep-- // do not cut an entry from its detail
	}
	entries := 0
	for _, l := range list[keep:] {
		if !strings.HasPrefix(l, " ") {
			entries++
		}
	}
	return append(list[:keep:keep], subtle(cut(tx.T("tui.start.more", "Count", entries), w)))
}

// startHead is the title, where it comes from, and the summary (at most
// four lines).
func (m Model) startHead(title, id, source, summary string, w int) []string {
	tx, s := m.tx, m.st
	var out []string
	for _, l := range limit(wrap(oneLine(title), w), 2) {
		out = append(out, s.bold.Render(l))
	}
	src := tx.T("tui.home.example")
	if source != "" {
		src = source
	}
	out = append(out, s.subtle.Render(cut("("+oneLine(id)+", "+oneLine(src)+")", w)))
	if sum := paragraph(summary); sum != "" {
		out = append(out, "")
		out = append(out, limit(wrap(sum, w), 4)...)
	}
	return out
}

// openingDuties lists the duties that start when an incident opens on rb:
// each one's title, then who contacts whom and by when.
func (m Model) openingDuties(rb *runbook.Runbook, w int) []string {
	tx, s := m.tx, m.st
	var duties []*runbook.Duty
	for _, d := range rb.Duties {
		if slices.ContainsFunc(d.On, func(t runbook.Trigger) bool { return t.Kind == runbook.TriggerOpened }) {
			duties = append(duties, d)
		}
	}
	if len(duties) == 0 {
		return []string{tx.T("tui.start.no-duties")}
	}
	out := []string{tx.T("tui.start.duties", "Count", len(duties))}
	for _, d := range duties {
		out = append(out, cut("- "+dutyTitle(d), w))
		out = append(out, s.subtle.Render(cut("    "+dutyPlan(tx, rb, d), w)))
	}
	return out
}

// dutyPlan says by when, who acts and towards whom: "within 1h: Incident
// commander contacts Maintenance vendor". The deadline comes first, where
// a narrow screen does not cut it.
func dutyPlan(tx *i18n.Catalog, rb *runbook.Runbook, d *runbook.Duty) string {
	who := oneLine(rb.ActorTitle(d.Who))
	plan := tx.T("tui.start.acts", "Who", who)
	if d.Contacts != "" {
		plan = tx.T("tui.start.contacts", "Who", who, "Whom", oneLine(rb.ActorTitle(d.Contacts)))
	}
	var when []string
	switch {
	case !d.Within.IsZero():
		when = append(when, tx.T("tui.start.within", "Within", durationWords(tx, d.Within)))
	case d.ASAP:
		when = append(when, tx.T("tui.start.asap"))
	}
	if !d.Target.IsZero() {
		when = append(when, tx.T("tui.start.target", "Target", durationWords(tx, d.Target)))
	}
	if !d.Every.IsZero() {
		when = append(when, tx.T("tui.start.every", "Every", durationWords(tx, d.Every)))
	}
	if len(when) == 0 {
		when = append(when, tx.T("tui.start.no-deadline"))
	}
	return tx.T("tui.start.plan", "Plan", plan, "When", strings.Join(when, tx.T("tui.start.and")))
}

// durationWords writes a runbook duration in the UI's units: "1h30m",
// "1時間30分", "4 business days".
func durationWords(tx *i18n.Catalog, d runbook.Duration) string {
	switch {
	case d.BusinessDays > 0:
		return tx.T("tui.start.business-days", "Count", d.BusinessDays)
	case d.BusinessHours > 0:
		return tx.T("tui.start.business-hours", "Count", d.BusinessHours)
	}
	return runbookSpan(tx, time.Duration(d.Days)*24*time.Hour+d.Clock)
}

// drillPlan is what a drill sets going: its runbook, speed and injects
// (when, not what: the room should meet them as they come), then its
// objectives.
func (m Model) drillPlan(sc *drill.Scenario, w int) []string {
	tx, s := m.tx, m.st
	out := wrap(tx.T("tui.home.drill-detail", "Runbook", oneLine(sc.Runbook.Title), "Speed", speedText(sc.Speed), "Count", len(sc.Injects)), w)
	if len(sc.Injects) > 0 {
		at := make([]string, 0, len(sc.Injects))
		for _, in := range sc.Injects {
			at = append(at, runbookSpan(tx, in.At))
		}
		for _, l := range wrap(tx.T("tui.start.injects-at", "Times", strings.Join(at, tx.T("tui.start.and"))), w) {
			out = append(out, s.subtle.Render(l))
		}
	}
	if len(sc.Objectives) == 0 {
		return out
	}
	out = append(out, tx.T("tui.start.objectives", "Count", len(sc.Objectives)))
	for _, o := range sc.Objectives {
		out = append(out, cut("- "+oneLine(o), w))
	}
	return out
}
