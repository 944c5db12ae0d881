package tui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/claimed"
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
	m.home.since, m.home.title = sinceField{}, sinceField{}
	if it.kind == itemRunbook {
		m.home.since, m.home.title = newSinceField(m.dark), newTitleField(m.dark)
	}
	m.fullHelp = false
	m.guard(false)
}

// confirmStart starts what the confirmation showed. An incident starts at
// the time its "aware since" field claims, if one was typed; a time that
// cannot be one is said under the field, which keeps the text, and nothing
// starts.
func (m *Model) confirmStart() tea.Cmd {
	it := *m.home.confirm
	if it.kind != itemRunbook {
		m.home.confirm = nil
		return m.homeOpen(it)
	}
	f := &m.home.since
	since, err := claimed.Parse(f.input.Value(), claimNow(m.opt.Now))
	if err != nil {
		f.err = claimWords(m.tx, err)
		m.home.title.focus(false)
		return f.focus(true)
	}
	t := &m.home.title
	title := strings.TrimSpace(t.input.Value())
	if err := incident.CheckTitle(title); err != nil {
		// Refused, not cleaned: the field keeps what was typed, and says
		// what is wrong with it.
		t.err = export.Describe(m.tx, err)
		f.focus(false)
		return t.focus(true)
	}
	m.home.confirm = nil
	m.home.since, m.home.title = sinceField{}, sinceField{}
	return m.openRunbook(m.home.runbooks[it.i].rb, since, title)
}

// openRunbook opens an incident on rb that began at since (zero: now),
// named title (empty: none).
func (m *Model) openRunbook(rb *runbook.Runbook, since time.Time, title string) tea.Cmd {
	opt := m.opt
	clock := incident.ClockFunc(opt.Now)
	m.home.busy = m.tx.T("tui.home.opening", "Runbook", oneLine(rb.Title))
	m.setFlash(flashInfo, m.home.busy)
	return openSession(func() (*incident.Session, func() error, error) {
		return opt.openIncident(rb, incident.OpenOptions{Home: opt.Home, Actor: opt.Actor, Clock: clock, Since: since, Title: title, Sealer: opt.Sealer})
	}, oneLine(rb.Title))
}

// cancelStart goes back to the lists, the cursor where it was.
func (m *Model) cancelStart() {
	m.home.confirm = nil
	m.home.since, m.home.title = sinceField{}, sinceField{}
}

// sinceField is the start confirmation's optional "aware since": when the
// incident really began, if the team became aware before opening shodo
// (the forms of internal/claimed, as `shodo run --since`). The clocks of
// the duties that start on opening count from it.
type sinceField struct {
	on      bool // a runbook's confirmation: the field is there
	focused bool
	// input is held by pointer: a text area is some 15 KB, and the model
	// is copied on every Update and by every value method of a View,
	// on every screen shodo serve runs (see docs/benchmarks.md). Nil
	// when the field is not there (on is false).
	input *textarea.Model
	err   string
}

func newSinceField(dark bool) sinceField {
	in := newInput(dark)
	in.SetHeight(1)
	in.CharLimit = 64
	return sinceField{on: true, input: &in}
}

// newTitleField is the confirmation's optional title of the incident
// (as `shodo run --title`), on one line.
func newTitleField(dark bool) sinceField {
	in := newInput(dark)
	in.SetHeight(1)
	in.CharLimit = incident.MaxTitle
	return sinceField{on: true, input: &in}
}

// focus gives the field the focus, or takes it away.
func (f *sinceField) focus(on bool) tea.Cmd {
	if f.input == nil {
		return nil
	}
	f.focused = on
	if on {
		return f.input.Focus()
	}
	f.input.Blur()
	return nil
}

// editingSince reports whether the start confirmation's field is there.
func editingSince(m *Model) bool { return confirming(m) && m.home.since.on }

// sinceFieldKey moves the focus round the confirmation's fields: the
// "aware since" field, the title field, and neither (the question).
func sinceFieldKey() key {
	return key{keys: []string{"tab", "shift+tab"}, label: "tab", help: "tui.keys.since-title", bar: editingSince, when: editingSince,
		do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
			since, title := &m.home.since, &m.home.title
			order := []*sinceField{nil, since, title}
			at := 0
			for i, f := range order {
				if f != nil && f.focused {
					at = i
				}
			}
			step := 1
			if msg.String() == "shift+tab" {
				step = len(order) - 1
			}
			next := order[(at+step)%len(order)]
			since.focus(false)
			title.focus(false)
			if next == nil {
				return nil
			}
			return next.focus(true)
		}}
}

// focusedField is the confirmation's field with the focus, or nil.
func (m *Model) focusedField() *sinceField {
	switch {
	case m.home.title.focused:
		return &m.home.title
	case m.home.since.focused:
		return &m.home.since
	}
	return nil
}

// sinceKey types into the "aware since" field: while it has the focus
// every key but enter (start), tab (leave it), esc (leave it, then go
// back) and ctrl+c is text, y and n included; without the focus, text
// other than the confirmation's own keys (y, n, q) takes the focus and is
// typed, so that "01:30" can be typed at once.
func (m *Model) sinceKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !editingSince(m) || m.home.busy != "" {
		return nil, false
	}
	f := m.focusedField()
	if f == nil {
		f = &m.home.since // text typed with no field focused is a time
	}
	switch k := msg.String(); {
	case k == "enter", k == "tab", k == "shift+tab", k == "ctrl+c":
		return nil, false
	case k == "esc" && f.focused:
		return f.focus(false), true
	case !f.focused && (msg.Text == "" || k == "y" || k == "n" || k == "q" || k == "esc"):
		return nil, false
	}
	var focus tea.Cmd
	if !f.focused {
		focus = f.focus(true)
	}
	var cmd tea.Cmd
	*f.input, cmd = f.input.Update(msg)
	f.err = ""
	return tea.Batch(focus, cmd), true
}

// pasteSince puts pasted text into the focused field of the confirmation
// (the "aware since" field when neither has the focus), on one line.
func (m *Model) pasteSince(text string) tea.Cmd {
	f := m.focusedField()
	if f == nil {
		f = &m.home.since
	}
	cmd := f.focus(true)
	f.input.InsertString(strings.ReplaceAll(Sanitize(text), "\n", " "))
	f.err = ""
	return cmd
}

// sinceLines draw the confirmation's fields: the "aware since" field,
// then the title field.
func (m Model) sinceLines(w int) []string {
	return append(m.fieldLines(m.home.since, m.tx.T("tui.start.since-prompt"), w), m.fieldLines(m.home.title, m.tx.T("tui.start.title-prompt"), w)...)
}

// fieldLines draw a field: its prompt and the input on one line (the
// prompt wraps above it on a narrow screen), and why its text was not
// taken.
func (m Model) fieldLines(f sinceField, prompt string, w int) []string {
	if f.input == nil {
		return nil
	}
	s := m.st
	style := s.subtle
	if f.focused {
		style = s.bold
	}
	var out []string
	if pw := width(prompt); pw+1+16 > w {
		for _, l := range wrap(prompt, w) {
			out = append(out, style.Render(l))
		}
		prompt = ""
	}
	in := *f.input // a copy: drawing sets its width, never the field's
	in.SetWidth(max(4, w-width(prompt)-2))
	field := strings.Split(in.View(), "\n")[0]
	if prompt != "" {
		field = style.Render(prompt) + " " + field
	}
	out = append(out, field)
	if f.err != "" {
		for _, l := range wrap(f.err, w) {
			out = append(out, s.alert.Render(l))
		}
	}
	return out
}

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
		list = append(m.openingDuties(r.rb, w), m.preparationLines(r.rb, w)...)
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
	var since []string
	if h.since.on {
		since = append([]string{""}, m.sinceLines(w)...)
	}
	if left := room - len(body) - 1 - len(askLines) - len(since); len(list) > left {
		list = fitList(tx, list, max(0, left), w, s.subtle.Render)
	}
	body = append(body, list...)
	body = append(body, since...)
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
	out = append(out, s.subtle.Render(cut(offerSource(tx, id, src), w)))
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

// preparationLines list what the runbook says must be in place before an
// incident (format version 2): each item, who keeps it, and when it was
// last checked, flagged when that is older than the runbook allows. They
// follow the duties, so a small screen gives them up first.
func (m Model) preparationLines(rb *runbook.Runbook, w int) []string {
	if len(rb.Preparation) == 0 {
		return nil
	}
	tx, s := m.tx, m.st
	out := []string{tx.T("tui.start.preparation", "Count", len(rb.Preparation))}
	now := m.opt.Now()
	for _, p := range rb.Preparation {
		out = append(out, cut("- "+oneLine(p.Text), w))
		var detail []string
		if p.Owner != "" {
			detail = append(detail, oneLine(rb.ActorTitle(p.Owner)))
		}
		switch {
		case p.Verified.IsZero():
			detail = append(detail, tx.T("tui.start.never-verified"))
		case now.Sub(p.Verified) > rb.ReviewPeriod().Approx():
			detail = append(detail, tx.T("tui.start.verified-stale", "Date", p.Verified.Format("2006-01-02")))
		default:
			detail = append(detail, tx.T("tui.start.verified", "Date", p.Verified.Format("2006-01-02")))
		}
		out = append(out, s.subtle.Render(cut("    "+strings.Join(detail, tx.T("tui.start.and")), w)))
	}
	return out
}
