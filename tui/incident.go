package tui

import (
	"errors"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
)

// pane is a part of the incident screen that can have the focus.
type pane int

const (
	paneTriage pane = iota
	paneDuties
	paneTimeline
	paneCount
)

// incState is the incident screen: the session, its latest snapshot, and
// where the cursors are.
type incState struct {
	eng    engine
	owns   bool // opened here (home screen): Release detaches it
	events <-chan incident.Event
	stop   func()
	st     *incident.State

	focus     pane
	node      string   // the triage node the option cursor belongs to
	opt       int      // option cursor
	picked    []string // options picked on a multi node, not yet recorded
	revising  bool     // choosing an answer to revise
	revCursor int
	answering string // option being saved
	duty      string // selected duty id
	tlBack    int    // events scrolled back from the newest; 0 follows
	tlSeen    int    // events seen, to keep a scrolled-back view still

	pending string // label of the action being saved
	poison  error  // set once the journal is poisoned
	ticking bool   // a Session.Tick (in a drill, Drill.Due) is running
	wakeGen int
	wakeAt  time.Time

	drill drillState // the facilitator's controls; off outside drills

	// seat is the screen's place on the incident when others may be on
	// it too (Options.Presence; presence.go); nil otherwise.
	seat Seat

	// watch is set when the screen follows an incident another process
	// writes (watch.go): read-only, every action refused.
	watch *watching

	// unrecorded is why the last automatic record (Session.Tick) could
	// not be written; nil once one is (autorecord.go).
	unrecorded error

	// fault is why the journal takes no record now, for everyone on the
	// incident (fault.go); nil while it does.
	fault *incident.Fault

	// undo is the offer to take back the done or waive just recorded
	// (undo.go).
	undo undoOffer

	// rung holds the duty occurrences already overdue, each of which has
	// rung the bell (or was overdue when the screen opened): bell.go.
	rung map[string]bool
}

// applyState takes a newer snapshot and keeps the cursors on what they
// pointed at. An older snapshot (commands and the subscription race) is
// ignored.
func (m *Model) applyState(st *incident.State) {
	if st == nil {
		return
	}
	in := &m.inc
	if in.st != nil && st.LastSeq < in.st.LastSeq {
		return
	}
	in.st = st
	if st.Node != in.node {
		in.node, in.opt, in.picked = st.Node, 0, nil
	}
	if n := st.Runbook.Node(st.Node); n != nil {
		in.opt = clamp(in.opt, 0, len(n.Options)-1)
	}
	if std := st.Standing(); len(std) == 0 {
		in.revising = false
	} else {
		in.revCursor = clamp(in.revCursor, 0, len(std)-1)
	}
	listed := m.listedDuties()
	found := false
	for _, d := range listed {
		if d.ID == in.duty {
			found = true
			break
		}
	}
	if !found {
		in.duty = ""
		if len(listed) > 0 {
			in.duty = listed[0].ID
		}
	}
	if in.tlBack > 0 {
		in.tlBack += len(st.Events) - in.tlSeen
	}
	in.tlSeen = len(st.Events)
	for _, d := range m.dialogs {
		if c, ok := d.(*closeDialog); ok {
			c.walk(m) // the decision just recorded moves it to the next duty
		}
	}
	in.tlBack = clamp(in.tlBack, 0, max(0, len(st.Events)-1))
	m.noticeInjects()
	m.recordedAgain()
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return min(max(v, lo), hi)
}

// onAction takes the engine's answer to an action. Only now does the
// screen say "recorded"; on failure the dialog stays open with what was
// typed, so nothing is lost.
func (m *Model) onAction(msg actionMsg) tea.Cmd {
	m.inc.pending, m.inc.answering = "", ""
	var listen tea.Cmd
	if msg.sess != nil {
		listen = m.onReattached(msg.sess, msg.release, msg.events, msg.stop)
	}
	listed := m.listedDuties()
	at := slices.IndexFunc(listed, func(d *incident.Duty) bool { return d.ID == m.inc.duty })
	faulted := m.inc.fault != nil
	m.applyState(msg.st)
	if msg.err != nil {
		m.engineFailed(msg.err)
		why := describeError(m.tx, msg.err)
		if _, ok := incident.FaultOf(msg.err); ok && m.inc.fault != nil {
			// Refused for the reason the banner gives every screen.
			why = m.faultRefusal(*m.inc.fault)
		}
		if msg.kind == actSpawn && msg.opened != "" {
			// The incident is open: the dialog closes, so that a second
			// enter cannot open another; the flash says what is left.
			m.saved(nil, "")
			m.heldAfter()
			return m.onSpawned(msg)
		}
		if errors.Is(msg.err, incident.ErrDutyNotRunning) {
			// Someone else decided the duty meanwhile (another responder
			// on a served incident): the dialog can never succeed, so it
			// closes, and the flash says who did it.
			m.saved(nil, "")
		} else {
			m.saved(msg.err, why)
		}
		m.setFlash(flashErr, m.tx.T("tui.status.not-recorded", "Action", msg.label, "Error", why))
		m.heldAfter()
		switch msg.kind {
		case actJump:
			// A jump may stop part-way: the clock moved all the same.
			return m.reschedule()
		case actPause, actRun, actSpeed:
			return m.onClockChanged(msg.kind, msg.err)
		}
		return nil
	}
	words := m.recordedWords(msg)
	if faulted && m.inc.fault == nil {
		// This record is the one that ended the fault: say both.
		words = m.tx.T("tui.fault.recorded-again", "Recorded", words, "Recovered", m.tx.T("tui.fault.recovered"))
	}
	m.setFlash(flashOK, words)
	m.heldAfter()
	m.saved(nil, "")
	m.inc.undo.duty = "" // a new record ends the offer of the one before
	switch msg.kind {
	case actAnswer:
		m.questionChanged()
	case actRevise:
		m.inc.revising = false
		m.questionChanged()
	case actDone, actWaive:
		m.selectNextRunning(at)
		m.layout()
		return tea.Batch(m.wakeCmd(), m.offerUndo(msg))
	case actClose:
		if m.inc.drill.on() {
			m.drillClosed()
		} else {
			m.openClosed()
		}
	case actReopen:
		m.layout()
		return tea.Batch(listen, m.restartTicks(), m.wakeCmd())
	case actSpawn:
		m.onSpawned(msg)
	case actEvidenceCheck:
		m.flashChecked(msg)
	case actJump:
		m.layout()
		return m.onJumped()
	case actPause, actRun, actSpeed:
		m.layout()
		return m.onClockChanged(msg.kind, nil)
	}
	m.layout()
	return m.wakeCmd()
}

// recordedWords say that an action was recorded and, when it started
// duties, how many and which of them is due first, so that a new legal
// clock is never a silent jump in the timeline count.
func (m Model) recordedWords(msg actionMsg) string {
	recorded := m.tx.T("tui.status.recorded", "Action", msg.label)
	if msg.before == 0 {
		return recorded
	}
	var started []*incident.Duty
	for _, d := range m.listedDuties() {
		if d.Status == incident.StatusRunning && d.StartedSeq > msg.before {
			started = append(started, d)
		}
	}
	if len(started) == 0 {
		return recorded
	}
	first := started[0] // listed by deadline: the first is due first
	return m.tx.T("tui.status.started", "Action", msg.label, "Count", len(started),
		"Title", dutyTitle(first.Spec), "Badge", strings.TrimSpace(ansi.Strip(m.runningBadge(first))))
}

// selectNextRunning moves the duty cursor off a duty that just finished to
// the running duty that took its place in the list (or the last running
// one), so that the responder carries on with the next thing to do instead
// of following the finished duty to the bottom.
func (m *Model) selectNextRunning(at int) {
	if d := m.selectedDuty(); d == nil || d.Status == incident.StatusRunning {
		return
	}
	var running []*incident.Duty
	for _, d := range m.listedDuties() {
		if d.Status == incident.StatusRunning {
			running = append(running, d)
		}
	}
	if len(running) > 0 {
		m.inc.duty = running[clamp(at, 0, len(running)-1)].ID
	}
}

// engineFailed notes an error that changes what the screen can do.
func (m *Model) engineFailed(err error) {
	m.noteFault(err)
	if poisoned(err) && m.inc.poison == nil {
		m.inc.poison = err
		m.layout()
	}
}

// blocked says why no command can be sent now, or "".
func (m Model) blocked() string {
	switch {
	case m.inc.watch != nil:
		return m.tx.T("tui.watch.why")
	case m.inc.st != nil && m.inc.st.Closed:
		return m.tx.T("tui.why.closed")
	case m.inc.poison != nil:
		return m.tx.T("tui.why.poisoned")
	case m.inc.pending != "":
		return m.tx.T("tui.why.saving")
	}
	return ""
}

// geom is where things go on the incident screen.
type geom struct {
	width, height         int
	wide                  bool
	headerH, bannerH      int
	statusH, tabsH, helpH int
	bodyH                 int
	leftW, rightW         int // wide: triage | duties
	topH, timelineH       int // wide: the row above and the timeline
}

// geometry lays the screen out for the current size and chrome.
func (m Model) geometry() geom {
	if m.screen != screenIncident {
		return geom{width: m.width, height: m.height, bodyH: m.height}
	}
	return m.geometryFor(m.chrome())
}

// chrome is what the incident screen draws around its panes: drawn once a
// frame, for the layout's heights and for the frame itself (the help bar
// alone is a third of a frame's cost, on every screen shodo serve runs).
type chrome struct {
	header, banners, status, help []string
}

// chrome draws the incident screen's chrome at the screen's width.
func (m Model) chrome() chrome {
	w := m.width
	banners := m.presenceLines(w)
	banners = append(banners, m.watchLines(w)...)
	banners = append(banners, m.bannerLines(w)...)
	banners = append(banners, m.noticeLines(w)...)
	banners = append(banners, m.drillEndLines(w)...)
	return chrome{header: m.headerLines(w), banners: banners, status: m.statusLines(w), help: m.helpLines(w)}
}

// geometryFor is the incident screen's layout around chrome c.
func (m Model) geometryFor(c chrome) geom {
	g := geom{width: m.width, height: m.height}
	g.wide = m.width >= wideWidth && m.height >= wideHeight
	g.headerH = len(c.header)
	g.bannerH = len(c.banners)
	g.statusH = max(1, len(c.status))
	if !g.wide {
		g.tabsH = 1
	}
	g.helpH = len(c.help)
	g.bodyH = max(1, m.height-g.headerH-g.bannerH-g.statusH-g.tabsH-g.helpH)
	if g.wide {
		// Triage takes two fifths, and half from 150 columns on: its
		// questions and answers are sentences, the duties' rows are not.
		g.leftW = (m.width - 1) * 2 / 5
		if m.width >= halfWidth {
			g.leftW = (m.width - 1) / 2
		}
		g.rightW = m.width - 1 - g.leftW
		g.timelineH = max(5, g.bodyH*2/5)
		g.topH = g.bodyH - g.timelineH
	}
	return g
}

// incidentView draws the incident screen, top to bottom.
func (m Model) incidentView() []string {
	c := m.chrome()
	g := m.geometryFor(c)
	lines := append(c.header, c.banners...)
	status := c.status
	for len(status) < g.statusH {
		status = append(status, "")
	}
	lines = append(lines, status...)
	if !g.wide {
		lines = append(lines, m.tabsLine(g.width))
	}
	lines = append(lines, m.bodyView(g)...)
	lines = append(lines, c.help...)
	return lines
}

// headerLines: the marker, incident id and runbook title; then elapsed
// time, the verdict in words, and the count of overdue duties.
func (m Model) headerLines(w int) []string {
	st, tx, s := m.inc.st, m.tx, m.st
	var marker string
	if st.Drill != nil {
		// A drill says so first, whatever else is true of it.
		marker = s.warn.Render("["+tx.T("tui.header.drill")+"]") + " "
	}
	switch {
	case m.inc.poison != nil, m.inc.fault != nil:
		marker += s.banner.Render(" " + tx.T("tui.header.not-saving") + " ")
	case st.Closed:
		marker += s.bold.Render("[" + tx.T("tui.header.closed") + "]")
	case m.inc.watch != nil:
		marker += s.warn.Render("[" + tx.T("tui.header.watching") + "]")
	case st.Drill == nil:
		marker += s.live.Render(" " + tx.T("tui.header.live") + " ")
	}
	lead := strings.TrimSpace(marker) + " " + s.bold.Render(oneLine(st.ID)) + "  "
	title := oneLine(st.Runbook.Title)
	named := st.Name
	if named == "" && st.Drill != nil {
		named = st.Drill.Title
	}
	if named != "" {
		// An incident's own title (a drill's, else its scenario's), and
		// its runbook's id when that fits whole: an id cut short names
		// nothing (the triage pane and the notes page name the runbook).
		title = oneLine(named)
		if full := title + "  " + tx.T("tui.header.runbook-id", "ID", oneLine(st.Runbook.ID)); width(lead)+width(full) <= w {
			title = full
		}
	}
	line1 := lead + s.title.Render(title)

	// What must not be cut goes first: the time, what is overdue, whether
	// it is a security incident; in a long language these wrap. The
	// verdict's title follows on the same line when it fits there, else on
	// a line of its own, where only a title wider than the terminal is cut.
	parts := []string{tx.T("tui.header.elapsed", "Elapsed", clockSpan(tx, st.Elapsed(m.now)))}
	if m.inc.drill.on() {
		parts = m.drillHeader()
	}
	if ic := st.Commander(); ic != "" {
		// Whoever the journal says commands: taken or handed over here,
		// on another screen, or before a resume.
		parts = append(parts, s.bold.Render(tx.T("tui.header.commander", "Name", oneLine(ic))))
	}
	parts = append(parts, m.lifeParts()...)
	if n := m.overdueCount(); n > 0 {
		parts = append(parts, s.overdue.Render(" "+tx.T("tui.header.overdue", "Count", n)+" "))
	}
	var verdict string
	if v := st.Verdict; v != nil {
		words := tx.T("tui.header.not-security")
		style := s.ok
		if v.Security {
			words, style = tx.T("tui.header.security"), s.alert
		}
		if v.Rank != "" {
			words = tx.T("tui.header.kind-rank", "Kind", words, "Rank", strings.ToUpper(oneLine(v.Rank)))
		}
		parts = append(parts, style.Render("["+words+"]"))
		verdict = s.bold.Render(tx.T("tui.header.verdict", "Verdict", oneLine(v.Title)))
	} else if st.Ending != nil {
		// A false alarm, a duplicate, a mistake: no verdict was needed.
		verdict = s.bold.Render(tx.T("tui.header.ended", "Ending", oneLine(export.EndingWords(tx, st.Ending))))
	} else {
		verdict = s.subtle.Render(tx.T("tui.header.no-verdict"))
	}
	// The classification beside the verdict (format version 2): each
	// dimension an answer set, by its title and value.
	parts = append(parts, m.dimensionParts()...)
	lines := append([]string{cut(line1, w)}, joinParts(parts, w)...)
	last := len(lines) - 1
	if width(lines[last])+2+width(verdict) <= w {
		lines[last] += "  " + verdict
	} else {
		lines = append(lines, cut(verdict, w))
	}
	if p := m.problemsLine(w); p != "" {
		lines = append(lines, p)
	}
	return lines
}

// problemsLine says, in the alert style, that the journal holds events
// its runbook has no place for (State.Problems: written by another build
// or by hand), which the state did not apply although the timeline lists
// them: how many, the first in the words of the exports, and where to see
// them all. Empty when every event fits.
func (m Model) problemsLine(w int) string {
	ps := m.inc.st.Problems
	if len(ps) == 0 {
		return ""
	}
	text := m.tx.T("tui.header.problems", "Count", len(ps), "First", oneLine(export.Problem(m.tx, ps[0])))
	return m.st.alert.Render(cut(text, w))
}

// joinParts lays parts out two spaces apart in lines of at most w cells,
// starting a new line where the next part does not fit; a part wider than
// w alone is cut.
func joinParts(parts []string, w int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case width(cur)+2+width(p) <= w:
			cur += "  " + p
		default:
			lines = append(lines, cut(cur, w))
			cur = p
		}
	}
	return append(lines, cut(cur, w))
}

// overdueCount counts running duties past their due time now, or at the
// close once the incident is closed.
func (m Model) overdueCount() int {
	return m.inc.st.OverdueCount(m.figuresAt())
}

// bannerLines explain a poisoned journal in red, across the whole width,
// until the app is quit; else a journal that takes no record now
// (fault.go), else an automatic record not written (autorecord.go).
func (m Model) bannerLines(w int) []string {
	switch {
	case m.inc.st == nil:
		return nil
	case m.inc.poison == nil && (m.inc.fault != nil || m.watchedDisk() != ""):
		return append(m.faultLines(w), m.unrecordedLines(w)...)
	case m.inc.poison == nil:
		return m.unrecordedLines(w)
	}
	key := "tui.header.poisoned"
	if m.opt.Remote {
		// A local resume is refused while the server holds the incident:
		// the server resumes it once every screen has left.
		key = "tui.header.poisoned-served"
	}
	lines := wrap(m.tx.T(key, "Incident", oneLine(m.inc.st.ID)), w)
	if max4 := 4; len(lines) > max4 {
		lines = lines[:max4]
	}
	for i, l := range lines {
		lines[i] = m.st.banner.Render(fit(l, w))
	}
	return lines
}

// tabsLine names the panes on a narrow screen, the focused one in
// brackets, with what needs attention in words; then the duty due next
// with its due time, its title cut to fit, so that a responder on any pane
// sees that clocks run and which one ends first. When the line is tight,
// the tabs give way before the title does (issue 16: a long duties count
// at 80 columns left "next: T+00:30" with no title): first the Timeline's
// event count and the padding, then the tabs that are neither focused nor
// the Duties tab; the title is cut to its first characters before a tab
// is dropped, and the due time stands alone only when no title fits.
func (m Model) tabsLine(w int) string {
	full, compact, least := m.tabLayouts()
	for _, try := range []struct {
		tabs  string
		title int
	}{
		{full, minNextTitle}, {compact, minNextTitle}, {compact, minCutTitle},
		{least, minNextTitle}, {least, minCutTitle},
		{full, 0}, {compact, 0}, {least, 0},
	} {
		if next := m.nextDueLine(w-width(try.tabs)-2, try.title); next != "" {
			return cut(try.tabs+"  "+next, w)
		}
	}
	return cut(full, w)
}

// tabLayouts are the ways to draw the pane names: every pane with its
// status and padding; every pane, the Timeline without its count, without
// padding; the focused pane and the Duties tab alone.
func (m Model) tabLayouts() (full, compact, least string) {
	names := m.paneNames()
	short := names
	short[paneTimeline] = m.tx.T("tui.pane.timeline")
	tab := func(p pane, name string, padded bool) string {
		switch {
		case p == m.inc.focus:
			return m.st.tabOn.Render("[" + name + "]")
		case padded:
			return m.st.tabOff.Render(" " + name + " ")
		}
		return m.st.tabOff.Render(name)
	}
	var fullTabs, compactTabs, leastTabs []string
	for p := range paneCount {
		fullTabs = append(fullTabs, tab(p, names[p], true))
		compactTabs = append(compactTabs, tab(p, short[p], false))
		if p == m.inc.focus || p == paneDuties {
			leastTabs = append(leastTabs, tab(p, short[p], false))
		}
	}
	return strings.Join(fullTabs, " "), strings.Join(compactTabs, "  "), strings.Join(leastTabs, "  ")
}

// minNextTitle is the fewest cells of a duty's title worth showing in the
// tab bar before the tabs give way; minCutTitle is the least kept once
// they have: one wide character and the ellipsis. With less room still the
// due time stands alone.
const (
	minNextTitle = 10
	minCutTitle  = 5
)

// nextDueLine says which running duty is due first and when, in at most w
// cells, the title cut to fit but to no fewer than least cells, else
// empty; with least 0, the due time alone when no title fits. Empty too
// when nothing runs.
func (m Model) nextDueLine(w, least int) string {
	var next *incident.Duty
	for _, d := range m.listedDuties() {
		if d.Status == incident.StatusRunning && !d.Paused && !d.Due.IsZero() {
			next = d
			break
		}
	}
	if next == nil {
		return ""
	}
	due := m.stamp(next.Due)
	bare := m.tx.T("tui.tabs.next", "Title", "", "Due", due)
	room := w - width(bare)
	if room < max(least, minCutTitle) {
		if least > 0 {
			return "" // let the tabs give way, or the title be cut, first
		}
		if short := m.tx.T("tui.tabs.next-due", "Due", due); width(short) <= w {
			return m.st.subtle.Render(short)
		}
		return ""
	}
	return m.st.subtle.Render(m.tx.T("tui.tabs.next", "Title", cut(dutyTitle(next.Spec), room), "Due", due))
}

// paneNames are the pane titles with a short status: the running and
// overdue counts on Duties, the event count on Timeline.
func (m Model) paneNames() [paneCount]string {
	tx := m.tx
	duties := tx.T("tui.pane.duties")
	running, overdue := m.runningCount(), m.overdueCount()
	switch {
	case overdue > 0:
		duties = tx.T("tui.pane.duties-overdue", "Count", running, "Overdue", overdue)
	case running > 0:
		duties = tx.T("tui.pane.duties-running", "Count", running)
	}
	return [paneCount]string{tx.T("tui.pane.triage"), duties, tx.T("tui.pane.timeline-count", "Count", len(m.inc.st.Events))}
}

// runningCount counts the duties whose clock runs (or stands paused).
func (m Model) runningCount() int {
	n := 0
	for i := range m.inc.st.Duties {
		if m.inc.st.Duties[i].Status == incident.StatusRunning {
			n++
		}
	}
	return n
}

// paneTitle is the rule above a pane on a wide screen; the focused pane's
// is drawn with "=" so that focus does not depend on colour.
func (m Model) paneTitle(p pane, w int) string {
	title := m.paneNames()[p]
	if p == m.inc.focus {
		head := "== " + title + " "
		return m.st.title.Render(fit(head+strings.Repeat("=", max(0, w-width(head))), w))
	}
	return m.st.subtle.Render(rule(title, w))
}

// bodyView draws what is between the chrome: a dialog, the full help, or
// the panes.
func (m Model) bodyView(g geom) block {
	w, h := g.width, g.bodyH
	switch {
	case m.dialog() != nil:
		return frame(m.dialogView(m.dialog(), w, h), w, h)
	case m.fullHelp:
		return frame(m.fullHelpView(w, h), w, h)
	case m.inc.drill.view != drillPanes:
		return frame(m.drillPage(w, h), w, h)
	case g.wide:
		top := beside(m.st.subtle.Render("|"),
			frame(m.paneView(paneTriage, g.leftW, g.topH, true), g.leftW, g.topH),
			frame(m.paneView(paneDuties, g.rightW, g.topH, true), g.rightW, g.topH))
		return append(top, frame(m.paneView(paneTimeline, w, g.timelineH, true), w, g.timelineH)...)
	}
	return frame(m.paneView(m.inc.focus, w, h, false), w, h)
}

// paneView draws one pane in w×h, with its title rule when titled.
func (m Model) paneView(p pane, w, h int, titled bool) []string {
	var head []string
	if titled {
		head = []string{m.paneTitle(p, w)}
		h--
	}
	switch p {
	case paneTriage:
		return append(head, m.triageView(w, h)...)
	case paneDuties:
		return append(head, m.dutiesView(w, h)...)
	}
	return append(head, m.timelineView(w, h)...)
}
