package tui

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// drillControl is what the drill screen needs of a drill besides its
// session: the scenario, the simulated clock to read, and the commands that
// write (delivering what is due, jumping to the next inject, and pausing,
// restarting and speeding the clock, which the journal records).
// *drill.Drill satisfies it.
type drillControl interface {
	Scenario() *drill.Scenario
	Clock() *drill.SimClock
	Due(now time.Time) ([]drill.Inject, error)
	JumpToNextInject() error
	Pause() error
	Run() error
	SetSpeed(speed float64) error
}

var _ drillControl = (*drill.Drill)(nil)

// drillView is a page of the drill screen shown in place of the panes.
type drillView int

const (
	drillPanes   drillView = iota
	drillNotes             // the facilitator's notes: never for the players
	drillInjects           // every inject delivered so far, in full
)

// drillState is the facilitator's side of the incident screen; ctl is nil
// outside drills.
type drillState struct {
	ctl  drillControl
	real func() time.Time // the real-time source the drill's clock reads
	view drillView
	// scroll is the first line shown of the notes or injects page.
	scroll int
	// notice is how many injects the state held when the one in the
	// banner arrived (its index plus one); 0 shows none. fresh counts the
	// injects that arrived with it, seen those already looked at.
	notice, fresh, seen int
}

// on reports whether the screen is a drill.
func (d drillState) on() bool { return d.ctl != nil }

// NewDrillModel returns the incident screen over a drill, with the
// facilitator's controls: pause, speed, jump to the next inject, the
// facilitator's notes. opt.Now must be the real-time source the drill's
// clock reads (drill.StartOptions.Real; nil in both means time.Now): the
// countdowns and the header follow the drill's scenario clock, and the app
// wakes, in real time, exactly when the next inject or deadline is due. The
// caller keeps ownership of d: detach it after the program ends.
func NewDrillModel(d *drill.Drill, opt Options) Model {
	m := newModel(opt.withDefaults(), nil, false)
	m.home = homeState{}
	sess := d.Session()
	events, stop := sess.Subscribe()
	m.enterIncident(sess, false, events, stop, sess.State())
	m.enterDrill(d)
	return m
}

// RunDrill runs the drill screen over d until the user quits. It does not
// detach d: the caller does, when it is done with it.
func RunDrill(ctx context.Context, d *drill.Drill, opt Options) error {
	if d == nil {
		return errors.New("run drill screen: no drill")
	}
	return run(ctx, opt, NewDrillModel(d, opt))
}

// enterDrill adds the drill controls to the incident screen just entered.
// Injects already in the journal (a resumed drill) are not announced again.
func (m *Model) enterDrill(ctl drillControl) {
	if ctl == nil {
		return
	}
	m.inc.drill = drillState{ctl: ctl, real: m.opt.Now, seen: len(m.inc.st.Injects)}
	m.now = m.clockNow()
	if ctl.Clock().Paused() && !m.inc.st.Closed {
		m.setFlash(flashInfo, m.tx.T("tui.drill.paused-hint", "At", m.offsetText(m.now)))
	}
}

// clockNow is the time the countdowns show: the scenario clock in a drill,
// the injected clock otherwise.
func (m Model) clockNow() time.Time {
	if m.screen == screenIncident && m.inc.drill.on() {
		return m.inc.drill.ctl.Clock().Now()
	}
	return m.opt.Now()
}

// offsetText writes an incident time as a scenario offset: "T+00:17". The
// offset is rounded to the second before the minutes are cut: a live
// drill's opening is recorded a few microseconds of scenario time after its
// clock's zero, and an inject due at 12m must not read T+00:11.
func (m Model) offsetText(t time.Time) string {
	return drill.FormatClock(m.offsetOf(t))
}

// offsetOf is the scenario offset of an incident time, to the second.
func (m Model) offsetOf(t time.Time) time.Duration {
	return t.Sub(m.inc.st.Opened).Round(time.Second)
}

// speedText writes a time compression without needless decimals: 60, 0.5.
func speedText(speed float64) string { return strconv.FormatFloat(speed, 'f', -1, 64) }

// speedSteps are the speeds + and - step through: real time, then from a
// scenario minute per 6 real seconds to five scenario minutes per second.
func speedSteps() []float64 { return []float64{1, 10, 30, 60, 120, 300} }

// nextSpeed is the step after cur going up or down; false at the end. A
// speed between steps (a scenario's own) goes to the nearest step that way.
func nextSpeed(cur float64, up bool) (float64, bool) {
	steps := speedSteps()
	if up {
		for _, s := range steps {
			if s > cur {
				return s, true
			}
		}
		return cur, false
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i] < cur {
			return steps[i], true
		}
	}
	return cur, false
}

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

// nextWake is when the screen next has work to give the engine: the next
// duty due time, and in a drill the next inject, whichever comes first.
func (m Model) nextWake() (time.Time, bool) {
	due, ok := nextDue(m.inc.st)
	if !m.inc.drill.on() || m.inc.st.Closed {
		return due, ok
	}
	if pending := m.pendingInjects(); len(pending) > 0 {
		// On the clock's own zero, as Drill.Due counts.
		at := m.inc.drill.ctl.Clock().Opened().Add(pending[0].At)
		if !ok || at.Before(due) {
			return at, true
		}
	}
	return due, ok
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

// drillKey handles the facilitator's keys; it reports false for a key that
// is not one of them.
func (m *Model) drillKey(msg tea.KeyPressMsg, k keyMap) (tea.Cmd, bool) {
	d := &m.inc.drill
	if d.view != drillPanes {
		switch {
		case msg.String() == "esc",
			d.view == drillNotes && k.Notes.hit(msg),
			d.view == drillInjects && k.Injects.hit(msg):
			d.view, d.scroll = drillPanes, 0
			return nil, true
		case k.Up.hit(msg):
			d.scroll = max(0, d.scroll-1)
			return nil, true
		case k.Down.hit(msg):
			d.scroll++
			return nil, true
		case k.PageUp.hit(msg):
			d.scroll = max(0, d.scroll-max(1, m.geometry().bodyH-1))
			return nil, true
		case k.PageDown.hit(msg):
			d.scroll += max(1, m.geometry().bodyH-1)
			return nil, true
		case k.Top.hit(msg):
			d.scroll = 0
			return nil, true
		}
	}
	switch {
	case k.Pause.hit(msg):
		return m.use(k.Pause, m.togglePause), true
	case k.Faster.hit(msg):
		return m.use(k.Faster, func() tea.Cmd { return m.changeSpeed(true) }), true
	case k.Slower.hit(msg):
		return m.use(k.Slower, func() tea.Cmd { return m.changeSpeed(false) }), true
	case k.Jump.hit(msg):
		return m.use(k.Jump, m.jumpToNextInject), true
	case k.Notes.hit(msg):
		d.view, d.scroll = drillNotes, 0
		return nil, true
	case k.Injects.hit(msg):
		return m.use(k.Injects, func() tea.Cmd {
			d.view, d.scroll, d.notice = drillInjects, 0, 0
			m.layout()
			return nil
		}), true
	case msg.String() == "esc" && d.notice > 0 && !m.inc.revising:
		d.notice = 0
		m.layout()
		return nil, true
	}
	if d.view != drillPanes {
		// The page has the screen: the panes' keys would act unseen.
		return nil, true
	}
	return nil, false
}

// reschedule drops the pending wake-up and schedules one for the clock as
// it now runs (a pause, a new speed, a jump change when that is).
func (m *Model) reschedule() tea.Cmd {
	m.inc.wakeGen++
	m.inc.wakeAt = time.Time{}
	m.now = m.clockNow()
	return m.wakeCmd()
}

// togglePause stops or restarts scenario time. The drill records the
// change in the journal (so that a resumed drill stands where it was
// paused); the screen follows in onClockChanged, once it is on disk.
func (m *Model) togglePause() tea.Cmd {
	ctl := m.inc.drill.ctl
	if ctl.Clock().Paused() {
		return m.do(action{kind: actRun, label: m.tx.T("tui.keys.resume"),
			run: func(engine, string) error { return ctl.Run() }})
	}
	return m.do(action{kind: actPause, label: m.tx.T("tui.keys.pause"),
		run: func(engine, string) error { return ctl.Pause() }})
}

// changeSpeed steps the clock's speed up or down, through the drill, which
// records the new speed.
func (m *Model) changeSpeed(up bool) tea.Cmd {
	ctl := m.inc.drill.ctl
	next, ok := nextSpeed(ctl.Clock().Speed(), up)
	if !ok {
		return nil
	}
	return m.do(action{kind: actSpeed, label: m.tx.T("tui.keys.speed") + " " + speedText(next) + "x",
		run: func(engine, string) error { return ctl.SetSpeed(next) }})
}

// onClockChanged follows a clock change the engine acknowledged (or
// refused: a refused pause leaves the clock running, so the display loop
// and the wake-up follow the clock as it is, either way).
func (m *Model) onClockChanged(kind actionKind, err error) tea.Cmd {
	c := m.inc.drill.ctl.Clock()
	m.tickTag++ // drop the pending display tick: it was set for the old clock
	cmd := m.reschedule()
	if !c.Paused() {
		// The display loop stops while paused: start a new one.
		cmd = tea.Batch(m.tickCmd(m.tickTag), cmd)
	}
	if err != nil {
		return cmd
	}
	switch kind {
	case actPause:
		m.setFlash(flashInfo, m.tx.T("tui.drill.paused-at", "At", m.offsetText(m.now)))
	case actRun:
		m.setFlash(flashOK, m.tx.T("tui.drill.running", "Speed", speedText(c.Speed())))
	case actSpeed:
		m.setFlash(flashOK, m.tx.T("tui.drill.speed-set", "Speed", speedText(c.Speed())))
	}
	return cmd
}

// jumpToNextInject moves scenario time to the next inject and delivers it,
// recording every deadline on the way at its own time.
func (m *Model) jumpToNextInject() tea.Cmd {
	ctl := m.inc.drill.ctl
	return m.do(action{kind: actJump, label: m.tx.T("tui.keys.jump"),
		run: func(engine, string) error { return ctl.JumpToNextInject() }})
}

// onJumped follows a jump: the clock moved, so the wake-up moves too.
func (m *Model) onJumped() tea.Cmd {
	cmd := m.reschedule()
	m.setFlash(flashOK, m.tx.T("tui.drill.jumped", "At", m.offsetText(m.now)))
	return cmd
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

// drillHeader is the drill's part of the header's second line: scenario
// time, speed, and whether the clock is paused, in words.
func (m Model) drillHeader() []string {
	c := m.inc.drill.ctl.Clock()
	parts := []string{m.st.bold.Render(m.offsetText(m.now)), m.tx.T("tui.drill.speed", "Speed", speedText(c.Speed()))}
	if c.Paused() && !m.inc.st.Closed {
		parts = append(parts, m.st.warn.Render("["+m.tx.T("tui.drill.paused")+"]"))
	}
	return parts
}

// drillPage draws the notes or injects page in w×h, from the scroll line.
func (m Model) drillPage(w, h int) []string {
	var title string
	var body []string
	switch m.inc.drill.view {
	case drillNotes:
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
		text := tx.T("tui.notes.expect", "Verdict", oneLine(v.Title)+" ("+kind+")")
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

// scoreLines summarise the drill's score for the close confirmation: the
// verdict against the expected one, the duties, the capability ratings.
func (m Model) scoreLines() []string {
	card, err := drill.Score(m.inc.st)
	if err != nil {
		return nil
	}
	tx := m.tx
	v := card.Verdict
	verdict := outcomeName(tx, v.Outcome)
	if v.Reached != "" {
		title := v.Reached
		if rv := m.inc.st.Runbook.Verdict(v.Reached); rv != nil {
			title = rv.Title
		}
		verdict += " (" + oneLine(title) + ", T+" + runbookSpan(tx, v.At)
		if v.Within > 0 {
			verdict += ", " + tx.T("tui.score.target", "Target", runbookSpan(tx, v.Within))
		}
		verdict += ")"
	}
	// The duties the scenario expected, counted as the ratings count
	// them: one not done on time or late falls short, whatever became
	// of it.
	var met, late, short, expected int
	for _, d := range card.Duties {
		if !d.Expected {
			continue
		}
		expected++
		switch d.Outcome {
		case drill.DutyMet:
			met++
		case drill.DutyLate:
			late++
		default:
			short++
		}
	}
	var ratings []string
	for _, c := range card.Capabilities {
		ratings = append(ratings, capabilityName(tx, c.Capability)+" "+string(c.Rating))
	}
	return []string{
		tx.T("tui.score.verdict", "Outcome", verdict),
		tx.T("tui.score.duties", "OnTime", met, "Late", late, "NotMet", short, "Count", expected),
		tx.T("tui.score.ratings", "Ratings", strings.Join(ratings, tx.T("tui.list-sep"))),
	}
}

// runbookSpan writes a length of scenario time as a runbook does ("45m",
// "1h30m"), with the catalogue's units ("45分", "1時間30分" in Japanese).
func runbookSpan(tx *i18n.Catalog, d time.Duration) string {
	s := drill.FormatSpan(d.Round(time.Second))
	return strings.NewReplacer("d", tx.T("tui.unit.day"), "h", tx.T("tui.unit.hour"),
		"m", tx.T("tui.unit.minute"), "s", tx.T("tui.unit.second")).Replace(s)
}

// outcomeName is a verdict outcome in a few words.
func outcomeName(tx *i18n.Catalog, o drill.VerdictOutcome) string {
	switch o {
	case drill.VerdictCorrect:
		return tx.T("tui.score.outcome.correct")
	case drill.VerdictWrong:
		return tx.T("tui.score.outcome.wrong")
	case drill.VerdictFalseAlarm:
		return tx.T("tui.score.outcome.false-alarm")
	case drill.VerdictMissedSecurity:
		return tx.T("tui.score.outcome.missed-security")
	case drill.VerdictNone:
		return tx.T("tui.score.outcome.none")
	}
	return tx.T("tui.score.outcome.reached")
}

// capabilityName is a capability's short name.
func capabilityName(tx *i18n.Catalog, c drill.Capability) string {
	switch c {
	case drill.Triage:
		return tx.T("tui.score.capability.triage")
	case drill.VendorCoordination:
		return tx.T("tui.score.capability.vendor")
	case drill.SecurityEscalation:
		return tx.T("tui.score.capability.security")
	case drill.RegulatoryNotification:
		return tx.T("tui.score.capability.regulatory")
	case drill.Documentation:
		return tx.T("tui.score.capability.documentation")
	}
	return oneLine(string(c))
}

// aarCommand is the command that writes a drill's after-action report.
func aarCommand(id string) string { return "shodo export " + id + " --format aar" }

// drillKeys fills in which facilitator keys apply now, and why not.
func (m Model) drillKeys(k *keyMap) {
	tx, st := m.tx, m.inc.st
	c := m.inc.drill.ctl.Clock()
	if c.Paused() {
		k.Pause.SetHelp("space", tx.T("tui.keys.resume"))
	}
	// The clock's keys write to the journal now: blocked as every
	// command is (closed, poisoned journal, a command being saved).
	busy := m.blocked()
	k.Pause.why = busy
	k.Faster.why, k.Slower.why = busy, busy
	if busy == "" {
		if _, ok := nextSpeed(c.Speed(), true); !ok {
			k.Faster.why = tx.T("tui.why.fastest")
		}
		if _, ok := nextSpeed(c.Speed(), false); !ok {
			k.Slower.why = tx.T("tui.why.slowest")
		}
	}
	k.Speed.why = ""
	if !k.Faster.on() && !k.Slower.on() {
		k.Speed.why = cmp.Or(busy, k.Faster.why)
	}
	k.Jump.why = m.blocked()
	if k.Jump.why == "" && len(m.pendingInjects()) == 0 {
		k.Jump.why = tx.T("tui.why.no-injects")
	}
	if len(st.Injects) == 0 {
		k.Injects.why = tx.T("tui.why.no-inject-yet")
	}
}

// drillHelp is the facilitator's line of the help bar.
func (m Model) drillHelp(k keyMap) []binding {
	out := []binding{k.Pause, k.Speed, k.Jump, k.Notes, k.Injects}
	if m.inc.st.Closed {
		// The exercise is over: only reading is left.
		out = []binding{k.Notes, k.Injects}
	}
	if m.inc.drill.notice > 0 && m.inc.drill.view == drillPanes {
		out = append(out, k.HideInject)
	}
	if m.inc.drill.view != drillPanes {
		back := bind("esc", m.tx.T("tui.keys.back"), "esc")
		return append(append([]binding{k.Up, back}, out...), k.Quit)
	}
	return out
}

// drillClosed is the close confirmation of a drill: the after-action
// report's command, and the score so far.
func (m *Model) drillClosed() {
	id := oneLine(m.inc.st.ID)
	cmd := aarCommand(id)
	body := []string{m.tx.T("tui.drill.export"), "", "  " + cmd, ""}
	if score := m.scoreLines(); len(score) > 0 {
		body = append(body, m.tx.T("tui.score.title"))
		for _, l := range score {
			body = append(body, "  "+l)
		}
		body = append(body, "")
	}
	body = append(body, m.tx.T("tui.copy-fallback"))
	m.dlg = dialog{kind: dlgClosed, title: m.tx.T("tui.drill.closed-title", "Incident", id), body: body, copyText: cmd}
	m.inc.drill.notice = 0
	// The exercise is over: scenario time stops with it.
	m.inc.drill.ctl.Clock().Pause()
	m.tickTag++
}

// isDrillOver reports whether err says every inject was delivered.
func isDrillOver(err error) bool { return errors.Is(err, drill.ErrNoMoreInjects) }

// drillWhen writes incident times the way a drill's screen shows them, in
// scenario time; ok is false outside drills.
func (m Model) drillWhen(t time.Time) (string, bool) {
	if m.screen != screenIncident || !m.inc.drill.on() || m.inc.st == nil {
		return "", false
	}
	return m.offsetText(t), true
}

// resumeDrill resumes the drill in dir from the home screen.
func resumeDrill(dir string, opt Options, what string) tea.Cmd {
	return openDrill(func() (*drill.Drill, error) {
		return drill.Resume(dir, drill.ResumeOptions{Home: opt.Home, Real: opt.Now})
	}, what)
}

// startDrill starts a drill of sc from the home screen, paused: the
// facilitator starts the clock when the room is ready. The drill's own
// events (opening, injects) are the facilitator's (drill.FacilitatorActor);
// the team's actions record the actor at the keyboard.
func startDrill(sc *drill.Scenario, opt Options, what string) tea.Cmd {
	return openDrill(func() (*drill.Drill, error) {
		return drill.Start(sc, drill.StartOptions{Home: opt.Home, Real: opt.Now, Paused: true})
	}, what)
}

// openDrill opens a drill off the UI goroutine.
func openDrill(open func() (*drill.Drill, error), what string) tea.Cmd {
	return safe(func() tea.Msg {
		d, err := open()
		if d == nil {
			return sessionMsg{err: err, what: what}
		}
		s := d.Session()
		ch, stop := s.Subscribe()
		return sessionMsg{eng: s, drill: d, events: ch, stop: stop, st: s.State(), err: err, what: what}
	})
}
