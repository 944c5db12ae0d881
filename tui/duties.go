package tui

import (
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// listedDuties are the duties the pane shows, in order: running ones, the
// overdue first and then by due time; then withdrawn ones (a revision took
// their trigger away; they come back with their clock if it holds again),
// by due time; then finished ones (done, waived, cancelled) in the order
// they finished. Duties whose trigger has not happened are only counted.
// The earlier occurrences of a recurring duty are rows of their own
// (occurrenceLines), under the finished ones.
func (m Model) listedDuties() []*incident.Duty {
	st := m.inc.st
	if st == nil {
		return nil
	}
	var running, withdrawn, finished []*incident.Duty
	for i := range st.Duties {
		d := &st.Duties[i]
		switch d.Status {
		case incident.StatusRunning:
			running = append(running, d)
		case incident.StatusWithdrawn:
			withdrawn = append(withdrawn, d)
		case incident.StatusDone, incident.StatusWaived, incident.StatusCancelled, incident.StatusDismissed, incident.StatusNotApplicable:
			finished = append(finished, d)
		}
	}
	slices.SortStableFunc(running, func(a, b *incident.Duty) int { return compareDeadlines(a, b) })
	slices.SortStableFunc(withdrawn, func(a, b *incident.Duty) int { return compareDeadlines(a, b) })
	slices.SortStableFunc(finished, func(a, b *incident.Duty) int { return finishedAt(a).Compare(finishedAt(b)) })
	return append(append(running, withdrawn...), finished...)
}

// compareDeadlines orders running duties by their hard due time, then those
// with only a target by it, then asap duties by their start, then paused
// ones (their clock stands still; the due time they carry is stale) by
// what they kept.
func compareDeadlines(a, b *incident.Duty) int {
	rank := func(d *incident.Duty) (int, time.Time) {
		switch {
		case d.Paused:
			return 3, time.Time{}.Add(pausedLeft(d))
		case !d.Due.IsZero():
			return 0, d.Due
		case !d.Target.IsZero():
			return 1, d.Target
		}
		return 2, d.Started
	}
	ra, ta := rank(a)
	rb, tb := rank(b)
	if ra != rb {
		return ra - rb
	}
	return ta.Compare(tb)
}

func finishedAt(d *incident.Duty) time.Time {
	switch d.Status {
	case incident.StatusDone:
		return d.DoneAt
	case incident.StatusWaived:
		return d.WaivedAt
	case incident.StatusDismissed:
		return d.DismissedAt
	case incident.StatusNotApplicable:
		return d.Started
	}
	return d.CancelledAt
}

// selectedDuty is the duty under the cursor, or nil.
func (m Model) selectedDuty() *incident.Duty {
	if m.inc.st == nil || m.inc.duty == "" {
		return nil
	}
	return m.inc.st.Duty(m.inc.duty)
}

// dutyTitle names a duty: its title, or its id.
func dutyTitle(d *runbook.Duty) string {
	if d.Title != "" {
		return oneLine(d.Title)
	}
	return oneLine(d.ID)
}

// dutyName is a duty's title on its row: a recurring duty's occurrence
// says which one it is ("#2").
func (m Model) dutyName(d *incident.Duty) string {
	if d.Instance > 0 {
		return m.tx.T("tui.duty.instance", "Title", dutyTitle(d.Spec), "Number", d.Instance)
	}
	return dutyTitle(d.Spec)
}

// actorText names a role or party, with the role's current holder.
func (m Model) actorText(id string) string {
	st := m.inc.st
	t := oneLine(st.Runbook.ActorTitle(id))
	if a := st.Role(id); a != nil && a.Assignee != "" {
		t += " [" + oneLine(a.Assignee) + "]"
	}
	return t
}

// meansText is one means with the real contact detail from the runbook,
// in the reader's words: "phone +81-3-0000-2200 (24/7 hotline)", "電話
// +81-3-0000-2200（24時間365日）".
func meansText(tx *i18n.Catalog, rb *runbook.Runbook, d *runbook.Duty, by string) string {
	word := meansWord(tx, by)
	if detail := meansDetail(tx, rb, d, by); detail != "" {
		return word + " " + detail
	}
	return word
}

// meansWord is a means ("phone", "portal") in the reader's language when
// it is one of the common ones, else the runbook's own word.
func meansWord(tx *i18n.Catalog, by string) string {
	return oneLine(export.ChannelName(by, tx.Lang()))
}

// meansDetail is where a means reaches the party, and when it is staffed:
// "+81-3-0000-2200 (24/7 hotline)"; empty when the runbook gives neither.
func meansDetail(tx *i18n.Catalog, rb *runbook.Runbook, d *runbook.Duty, by string) string {
	return partyMeansDetail(tx, rb, d.Contacts, by)
}

// partyMeansDetail is meansDetail for the party with the id: one
// recipient of a duty owed to several.
func partyMeansDetail(tx *i18n.Catalog, rb *runbook.Runbook, party, by string) string {
	if p := rb.Party(party); p != nil {
		for _, mn := range p.Means {
			if mn.By != by {
				continue
			}
			if mn.Hours == "" {
				return oneLine(mn.To)
			}
			return tx.T("tui.duty.means-hours", "To", oneLine(mn.To), "Hours", oneLine(mn.Hours))
		}
	}
	return ""
}

// badge is the countdown of a running duty, or the outcome of a finished
// one, in words; colour only repeats it.
func (m Model) badge(d *incident.Duty) string {
	tx, s := m.tx, m.st
	switch d.Status {
	case incident.StatusRunning:
		b := m.runningBadge(d)
		if d.Deferral.Waiting() {
			// No due time while the handling goes on: say what it waits for.
			b = s.warn.Render(tx.T("tui.duty.deferred-badge"))
		}
		if len(d.Extensions) > 0 {
			b += tx.T("tui.duty.extended-mark")
		}
		if len(d.Restarts) > 0 {
			b += tx.T("tui.duty.restarted-mark")
		}
		if d.Handover != nil {
			b += tx.T("tui.life.handed-over-mark")
		}
		return b
	case incident.StatusWithdrawn:
		if d.Due.IsZero() {
			return s.subtle.Render(tx.T("tui.duty.withdrawn"))
		}
		return s.subtle.Render(tx.T("tui.duty.withdrawn-due", "Time", m.stamp(d.Due)))
	case incident.StatusDone:
		by := ""
		if d.Means != "" {
			by = tx.T("tui.duty.by", "Means", meansWord(tx, d.Means))
		}
		if d.Late > 0 {
			return s.warn.Render(tx.T("tui.duty.late-by", "Late", span(tx, d.Late), "By", by))
		}
		return s.ok.Render(tx.T("tui.duty.on-time", "By", by))
	case incident.StatusWaived:
		return s.subtle.Render(tx.T("tui.duty.waived", "Reason", oneLine(d.Reason)))
	case incident.StatusCancelled:
		return s.subtle.Render(tx.T("tui.duty.cancelled", "Reason", oneLine(d.Reason)))
	case incident.StatusDismissed:
		if e := m.inc.st.Ending; e != nil {
			return s.subtle.Render(tx.T("tui.duty.dismissed", "Ending", export.EndingWords(tx, e)))
		}
		return s.subtle.Render(tx.T("export.refusal.status.dismissed"))
	case incident.StatusNotApplicable:
		return s.subtle.Render(tx.T("tui.duty.not-applicable", "Date", d.AppliesFrom))
	}
	return ""
}

// runningBadge is the countdown of a running duty: the time left, the time
// over, its target, the time since an asap duty started, or, paused, the
// time its clock kept.
func (m Model) runningBadge(d *incident.Duty) string {
	tx, s := m.tx, m.st
	kind, left := countdown(d, m.figuresAt())
	switch kind {
	case countdownOver:
		return s.overdue.Render(" " + tx.T("tui.duty.overdue-by", "Late", span(tx, left)) + " ")
	case countdownSoon:
		return s.warn.Render(tx.T("tui.duty.due-soon", "Left", span(tx, left)))
	case countdownTarget:
		return tx.T("tui.duty.target-in", "Left", span(tx, left))
	case countdownPastTarget:
		return s.warn.Render(tx.T("tui.duty.past-target", "Late", span(tx, left)))
	case countdownASAP:
		return tx.T("tui.duty.asap", "Since", span(tx, left))
	case countdownPaused:
		switch {
		case !d.Due.IsZero():
			return s.warn.Render(tx.T("tui.duty.paused-left", "Left", span(tx, left)))
		case !d.Target.IsZero():
			return s.warn.Render(tx.T("tui.duty.paused-target", "Left", span(tx, left)))
		}
		return s.warn.Render(tx.T("tui.duty.paused"))
	}
	return tx.T("tui.duty.due-in", "Left", span(tx, left))
}

// dutiesView draws every listed duty; the selected one opens up with all
// its means, its scope, its due time and its attempts. The view scrolls so
// that the selected duty is in sight.
func (m Model) dutiesView(w, h int) []string {
	listed := m.listedDuties()
	lines, selFrom, selTo, others := m.dutyLines(listed, w, false)
	if len(lines)+others <= h {
		// Room to spare: every running duty shows a line of its scope too.
		lines, selFrom, selTo, _ = m.dutyLines(listed, w, true)
	}
	// Scroll just enough to show the selected duty, its head first.
	top := 0
	if selTo > h {
		top = min(selFrom, selTo-h)
	}
	if top == 0 {
		return lines
	}
	// Scrolled, the list would hide its first row, the most urgent duty:
	// its head stays pinned above the rest, unless it is the selected one.
	if first := listed[0]; first.Status == incident.StatusRunning && first.ID != m.inc.duty && h >= 4 {
		top = max(1, min(selFrom, selTo-(h-1)))
		return append([]string{m.dutyHead(first, w, false, false)}, lines[min(top, len(lines)):]...)
	}
	return lines[min(top, len(lines)):]
}

// dutyLines draws the listed duties, with a line of scope for the running
// ones that are not selected when scope is set. It returns where the
// selected duty is, and how many scope lines showing them all would add.
func (m Model) dutyLines(listed []*incident.Duty, w int, scope bool) (lines []string, selFrom, selTo, scopes int) {
	st, tx, s := m.inc.st, m.tx, m.st
	group := groupRunning
	focused := m.inc.focus == paneDuties
	for _, d := range listed {
		running := d.Status == incident.StatusRunning
		if g := dutyGroup(d); g != group {
			lines = append(lines, s.subtle.Render(rule(tx.T(groupRules[g]), w)))
			group = g
		}
		sel := d.ID == m.inc.duty
		if sel {
			selFrom = len(lines)
		}
		lines = append(lines, m.dutyHead(d, w, sel, focused))
		if running || sel {
			lines = append(lines, m.dutyBody(d, w, sel)...)
		}
		if running && !sel && d.Spec.Scope != "" {
			scopes++
			if scope {
				lines = append(lines, s.subtle.Render(cut("    "+tx.T("tui.duty.scope")+oneLine(d.Spec.Scope), w)))
			}
		}
		if sel {
			selTo = len(lines)
		}
	}
	if occ := m.occurrenceLines(w); len(occ) > 0 {
		if group != groupFinished {
			lines = append(lines, s.subtle.Render(rule(tx.T(groupRules[groupFinished]), w)))
		}
		lines = append(lines, occ...)
	}
	if len(listed) == 0 {
		lines = append(lines, s.subtle.Render(tx.T("tui.duty.none")))
	}
	idle := 0
	for i := range st.Duties {
		if st.Duties[i].Status == incident.StatusIdle {
			idle++
		}
	}
	if idle > 0 {
		lines = append(lines, "")
		for _, l := range wrap(tx.T("tui.duty.not-started", "Count", idle), w) {
			lines = append(lines, s.subtle.Render(l))
		}
	}
	return lines, selFrom, selTo, scopes
}

// The groups of the duties pane, in order, and the rule that heads each
// one after the first.
const (
	groupRunning = iota
	groupWithdrawn
	groupFinished
)

var groupRules = [...]string{groupWithdrawn: "tui.duty.withdrawn-rule", groupFinished: "tui.duty.finished"}

func dutyGroup(d *incident.Duty) int {
	switch d.Status {
	case incident.StatusRunning:
		return groupRunning
	case incident.StatusWithdrawn:
		return groupWithdrawn
	}
	return groupFinished
}

// occurrenceLines are the earlier occurrences of the recurring duties, a
// row each with its number and what became of it, in the order they were
// due.
func (m Model) occurrenceLines(w int) []string {
	st, tx, s := m.inc.st, m.tx, m.st
	type row struct {
		due  time.Time
		line string
	}
	var rows []row
	for i := range st.Duties {
		d := &st.Duties[i]
		for _, o := range d.Occurrences {
			var badge string
			switch {
			case o.Status == incident.StatusDone && o.Late > 0:
				badge = s.warn.Render(tx.T("tui.duty.late-by", "Late", span(tx, o.Late), "By", ""))
			case o.Status == incident.StatusDone:
				badge = s.ok.Render(tx.T("tui.duty.on-time", "By", ""))
			case o.Status == incident.StatusWaived:
				badge = s.subtle.Render(tx.T("tui.duty.waived", "Reason", oneLine(o.Reason)))
			default:
				badge = s.alert.Render(tx.T("tui.duty.missed", "Time", m.stamp(o.Due)))
			}
			title := tx.T("tui.duty.instance", "Title", dutyTitle(d.Spec), "Number", o.Instance)
			rows = append(rows, row{o.Due, headLine("  "+title, badge, w)})
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return a.due.Compare(b.due) })
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.line)
	}
	return out
}

// headLine is a row with its title on the left, cut to leave the badge
// room on the right (at least half the width).
func headLine(title, badge string, w int) string {
	bw := width(badge)
	titleW := max(1, w-bw-1)
	if bw > w/2 {
		titleW = max(1, w/2)
		badge = cut(badge, w-titleW-1)
	}
	return fit(title, titleW) + " " + badge
}

// dutyHead is a duty's first line: the cursor, its title, and its badge
// on the right.
func (m Model) dutyHead(d *incident.Duty, w int, sel, focused bool) string {
	badge := m.badge(d)
	marker := "  "
	if sel {
		marker = "> "
		if !focused {
			marker = "* "
		}
	}
	bw := width(badge)
	titleW := max(1, w-bw-1)
	if bw > w/2 {
		titleW = max(1, w/2)
		badge = cut(badge, w-titleW-1)
	}
	title := fit(marker+m.dutyName(d), titleW)
	if sel && focused {
		title = m.st.selected.Render(title)
	} else if d.Status == incident.StatusRunning {
		title = m.st.bold.Render(title)
	}
	return title + " " + badge
}

// dutyBody is what follows the head: who contacts whom and the first means
// for every running duty; everything for the selected one.
func (m Model) dutyBody(d *incident.Duty, w int, sel bool) []string {
	st, tx, s := m.inc.st, m.tx, m.st
	rb := st.Runbook
	const indent = "    "
	iw := max(1, w-len(indent))
	var lines []string
	whom := tx.T("tui.duty.action")
	if d.Spec.Contacts != "" {
		whom = m.actorText(d.Spec.Contacts)
	}
	if d.Spec.HasRecipients() {
		whom = m.recipientsWhom(d)
	}
	who := m.actorText(d.Spec.Who) + " -> " + whom
	if !sel {
		lines = append(lines, cut(indent+who, w))
	} else {
		for _, l := range wrap(who, iw) {
			lines = append(lines, indent+l)
		}
	}
	means := rb.AcceptedMeans(d.Spec)
	if !sel {
		if len(means) > 0 {
			lines = append(lines, s.accent.Render(cut(indent+meansText(m.tx, rb, d.Spec, means[0]), w)))
		}
		return lines
	}
	for _, by := range means {
		for _, l := range wrap(meansText(m.tx, rb, d.Spec, by), iw) {
			lines = append(lines, s.accent.Render(indent+l))
		}
	}
	if d.Status == incident.StatusNotApplicable {
		// Why nothing is owed comes first: the rest is the law's text.
		for _, l := range wrap(tx.T("tui.duty.not-applicable-line", "Date", d.AppliesFrom, "Time", m.stamp(d.Anchored)), iw) {
			lines = append(lines, s.warn.Render(indent+l))
		}
	}
	// What the duty's report still lacks comes before the duty's text, so
	// that it stays in sight on a small terminal.
	lines = append(lines, m.draftLines(st, d, iw, indent)...)
	if d.Spec.Optional {
		for _, l := range wrap(tx.T("tui.duty.optional"), iw) {
			lines = append(lines, s.subtle.Render(indent+l))
		}
	}
	lines = append(lines, m.lawLines(d.Spec, iw, indent)...)
	if later, broken := st.OrderBroken(d.ID); later != "" {
		title := later
		if spec := rb.Duty(later); spec != nil {
			title = dutyTitle(spec)
		}
		if broken {
			for _, l := range wrap(tx.T("tui.duty.order-broken", "Duty", oneLine(title)), iw) {
				lines = append(lines, s.warn.Render(indent+l))
			}
		} else {
			for _, l := range wrap(tx.T("tui.duty.before", "Duty", oneLine(title)), iw) {
				lines = append(lines, s.subtle.Render(indent+l))
			}
		}
	}
	if d.Spec.Scope != "" {
		for _, l := range hang(tx.T("tui.duty.scope"), paragraph(d.Spec.Scope), iw) {
			lines = append(lines, indent+l)
		}
	}
	lines = append(lines, m.contentLines(d, w)...)
	lines = append(lines, m.recipientLines(d, w)...)
	lines = append(lines, m.reportFieldLines(d, w)...)
	switch d.Status {
	case incident.StatusRunning, incident.StatusWithdrawn:
		switch {
		case d.Paused && !d.Due.IsZero():
			lines = append(lines, s.subtle.Render(cut(indent+tx.T("tui.duty.paused-due", "Time", m.stamp(d.Due)), w)))
		case !d.Due.IsZero():
			lines = append(lines, s.subtle.Render(cut(indent+tx.T("tui.duty.due-at", "Time", m.stamp(d.Due)), w)))
		case !d.Target.IsZero():
			lines = append(lines, s.subtle.Render(cut(indent+tx.T("tui.duty.target-at", "Time", m.stamp(d.Target)), w)))
		case d.Deferral.Waiting():
			// Its clock waits for the end of handling (clockLines says so).
		default:
			lines = append(lines, s.subtle.Render(cut(indent+tx.T("tui.duty.no-due"), w)))
		}
		for _, l := range m.clockLines(d) {
			for _, wl := range wrap(l, iw) {
				lines = append(lines, s.subtle.Render(indent+wl))
			}
		}
	case incident.StatusDone:
		if d.Note != "" {
			for _, l := range limit(wrap(paragraph(d.Note), iw), 3) {
				lines = append(lines, s.subtle.Render(indent+l))
			}
		}
	}
	// A try at one recipient is said on that recipient's line.
	whole := slices.DeleteFunc(slices.Clone(d.Attempts), func(a incident.Attempt) bool { return a.Recipient != "" })
	if len(whole) > 0 {
		lines = append(lines, cut(indent+tx.T("tui.duty.attempts"), w))
		for _, a := range whole {
			t := m.stamp(a.Time) + " " + oneLine(a.Actor)
			if a.Means != "" {
				t += " " + oneLine(a.Means)
			}
			lines = append(lines, cut(indent+"- "+t+": "+oneLine(a.Outcome), w))
		}
	}
	if d.Spec.Message != "" {
		lines = append(lines, s.subtle.Render(cut(indent+tx.T("tui.duty.message-hint"), w)))
	}
	return lines
}

// clockLines say where a duty's clock counts from when that is not plain:
// a claimed time (with when it was recorded), a `from` anchor, a restart,
// a pause, a withdrawal.
func (m Model) clockLines(d *incident.Duty) []string {
	tx := m.tx
	var out []string
	switch {
	case d.Anchor != "":
		at := m.stamp(d.Anchored)
		if !d.AnchorRecorded.IsZero() {
			at = m.claimedStamp(d.Anchored, d.AnchorRecorded)
		}
		out = append(out, tx.T("tui.duty.counts-from-anchor", "Anchor", oneLine(d.Anchor), "Time", at))
	case !d.Recorded.IsZero():
		out = append(out, tx.T("tui.duty.counts-from", "Time", m.claimedStamp(d.Started, d.Recorded)))
	}
	if !d.Unrolled.IsZero() {
		// The time of day it rolled to is the calendar's ("12:00" in
		// Frankfurt), whatever zone the screen shows times in.
		rolledTo := d.Due
		if cal := m.inc.st.Runbook.CounterOf(d.Spec); cal != nil {
			rolledTo = rolledTo.In(cal.Zone())
		}
		out = append(out, tx.T("tui.duty.rolled-from", "Time", m.stamp(d.Unrolled), "At", rolledTo.Format("15:04")))
	}
	if n := len(d.Restarts); n > 0 {
		r := d.Restarts[n-1]
		out = append(out, tx.T("tui.duty.restarted", "Time", m.stamp(r.Time), "By", oneLine(r.Actor), "Reason", oneLine(r.Reason), "Was", m.dueOrNone(r.PreviousDue)))
	}
	for _, x := range d.Extensions {
		line := tx.T("tui.duty.extended", "Step", x.Step, "Authority", oneLine(x.Authority), "Length", export.LengthWords(tx, x.Length), "Was", m.dueOrNone(x.PreviousDue), "Due", m.stamp(x.Due))
		if x.Reference != "" {
			line += tx.T("tui.duty.extended-reference", "Reference", oneLine(x.Reference))
		}
		out = append(out, line)
	}
	if f := d.Deferral; f != nil {
		within := d.Spec.Within
		if on := d.Spec.IfOngoing; on != nil && !on.Within.IsZero() {
			within = on.Within
		}
		out = append(out, tx.T("tui.duty.deferred", "Was", m.stamp(f.Due), "Until", m.untilWords(f.Until), "Within", within.String()))
		if !f.Waiting() {
			out = append(out, tx.T("tui.duty.reanchored", "Until", m.untilWords(f.Until), "Time", m.stamp(f.Anchored), "Due", m.stamp(f.NewDue)))
		}
	}
	if line := m.reopenedLine(d); line != "" {
		out = append(out, line)
	}
	if d.Paused && len(d.Pauses) > 0 {
		pa := d.Pauses[len(d.Pauses)-1]
		out = append(out, tx.T("tui.duty.paused-since", "Time", m.stamp(pa.From), "By", oneLine(pa.By), "Reason", oneLine(pa.Reason)))
	}
	if h := d.Handover; h != nil && d.Status == incident.StatusRunning {
		out = append(out, tx.T("tui.life.handed-over-line", "To", handedOverText(&m, h), "By", oneLine(h.Actor), "Time", m.stamp(h.Time)))
	}
	if d.Status == incident.StatusWithdrawn && len(d.Withdrawals) > 0 {
		wd := d.Withdrawals[len(d.Withdrawals)-1]
		out = append(out, tx.T("tui.duty.withdrawn-since", "Time", m.stamp(wd.Time)))
	}
	return out
}

// dueOrNone is a due time, or the words for none.
func (m Model) dueOrNone(t time.Time) string {
	if t.IsZero() {
		return m.tx.T("tui.duty.no-due-time")
	}
	return m.stamp(t)
}

// claimedStamp writes a claimed time with the time it was recorded:
// "01:30:00 (recorded 03:12:04)".
func (m Model) claimedStamp(claimed, recorded time.Time) string {
	return m.tx.T("tui.claim.stamp", "Claimed", m.stamp(claimed), "Recorded", m.stamp(recorded))
}

// stamp writes an incident time in local time, with the date when it is
// not today.
func (m Model) stamp(t time.Time) string {
	if when, ok := m.drillWhen(t); ok {
		// A drill's times are scenario times: the wall-clock date of a
		// simulated deadline would mean nothing to the room.
		return when
	}
	t = t.In(m.now.Location())
	y1, m1, d1 := t.Date()
	y2, m2, d2 := m.now.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}
