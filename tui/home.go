package tui

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// homeState is the home screen: what can be started, resumed or exported.
type homeState struct {
	loading   bool
	runbooks  []homeRunbook
	open      []incident.Summary
	closed    []incident.Summary
	scenarios []homeScenario
	problems  int
	listErr   string
	cursor    int
	busy      string // what is being opened
	// filter narrows the lists to the rows that contain it (see
	// home_filter.go); typing is set while it is being typed.
	filter string
	typing bool
	// confirm is the runbook or scenario whose start is being asked
	// about (see home_confirm.go); nil on the lists.
	confirm *homeItem
	// since is the confirmation's "aware since" field, title its title
	// field (home_confirm.go).
	since, title sinceField
	// walked is set once the rows hold their runbooks and scenarios
	// themselves: the first frame lists them from the shipped set's index
	// and the library is walked at the first key (walkOnce, homeWalkedMsg;
	// walking while it is). pending is a row whose enter came before the
	// walk ended; it is asked about then.
	walked, walking bool
	pending         *homeItem
	// older is how many closed incidents the first list left out: it
	// holds the recentClosed most recent (incident.ListRecent), which
	// keeps the first frame flat in the size of the archive. full is set
	// once every incident is listed, fetching while that list is read:
	// at the filter's / or when the cursor reaches the end of the closed
	// ones (wantAll).
	older          int
	full, fetching bool
	// recentClosed is how many closed incidents the first list holds
	// (homeRecentClosed; tests make it small).
	recentClosed int
}

// homeRecentClosed is how many closed incidents the home screen's first
// list holds, as many as shodo list's table shows.
const homeRecentClosed = 50

// homeRunbook is a runbook to start from and where it came from: what the
// row shows, and the runbook itself once the library is walked.
type homeRunbook struct {
	offer  library.Offer
	rb     *runbook.Runbook // nil until walked
	source string           // "" for a shipped example, else the file
}

// homeScenario is a drill scenario to start, validated against its
// runbook, and where it came from.
type homeScenario struct {
	offer  library.Offer
	sc     *drill.Scenario // nil until walked
	source string          // "" for a shipped example, else the file
}

// homeLoadedMsg carries what loadHome found. walked says whether the rows
// hold their runbooks and scenarios; if not, walkHome follows at the first
// key.
type homeLoadedMsg struct {
	runbooks  []homeRunbook
	open      []incident.Summary
	closed    []incident.Summary
	scenarios []homeScenario
	problems  int
	listErr   error
	walked    bool
	older     int // closed incidents left out, see homeState.older
}

// homeIncidentsMsg carries every incident, listed by loadAllIncidents.
type homeIncidentsMsg struct {
	open, closed []incident.Summary
	err          error
}

// homeWalkedMsg carries the rows again, each with its runbook or scenario,
// from a walk of the library: what starting one needs.
type homeWalkedMsg struct {
	runbooks  []homeRunbook
	scenarios []homeScenario
	problems  int
}

// loadHome reads the runbooks and scenarios and lists the incidents, off
// the UI goroutine. The two do not depend on each other and each takes a
// good part of the first frame's time in a large archive (see
// BenchmarkHomeArchive), so the listing runs beside the library's walk.
//
// Of the closed incidents only the recentClosed most recent are listed:
// the rest wait for wantAll.
func loadHome(opt Options, recentClosed int) tea.Cmd {
	return safe(func() tea.Msg {
		var msg homeLoadedMsg
		listed := make(chan any, 1) // nil, or what the listing panicked with
		if opt.Home != "" {
			go func() {
				defer func() { listed <- recover() }()
				msg.open, msg.closed, msg.older, msg.listErr = listIncidents(opt.Home, recentClosed)
			}()
		} else {
			listed <- nil
		}
		msg.walked = true
		if opt.Library != nil {
			// From the shipped set's index when it can answer: decoding
			// every shipped runbook was most of the first frame.
			offers, cat := opt.Library.Offers(opt.HideExamples)
			msg.runbooks, msg.scenarios, msg.problems = offered(offers, cat, opt.Lang)
			msg.walked = cat != nil
		}
		if r := <-listed; r != nil {
			panic(r) // safe turns it into a panicMsg, as on this goroutine
		}
		return msg
	})
}

// walkHome walks the library for the runbooks and scenarios the rows
// offer, off the UI goroutine.
func walkHome(opt Options) tea.Cmd {
	return safe(func() tea.Msg {
		cat := opt.Library.Walk()
		var msg homeWalkedMsg
		msg.runbooks, msg.scenarios, msg.problems = offered(cat.Offers(opt.HideExamples), cat, opt.Lang)
		return msg
	})
}

// loadAllIncidents lists every incident under home, off the UI goroutine.
func loadAllIncidents(home string) tea.Cmd {
	return safe(func() tea.Msg {
		var msg homeIncidentsMsg
		msg.open, msg.closed, _, msg.err = listIncidents(home, -1)
		return msg
	})
}

// listIncidents lists the incidents under home, the open (and resolved)
// ones apart from the closed ones, newest first; of the closed ones the
// recentClosed most recent (every one when negative), and older is how
// many it left out.
func listIncidents(home string, recentClosed int) (open, closed []incident.Summary, older int, err error) {
	list, older, err := incident.ListRecent(home, recentClosed, time.Time{})
	n := 0
	for i := range list {
		if list[i].Phase == incident.PhaseClosed {
			n++
		}
	}
	// The open ones stay where List put them, moved up over the closed
	// ones, which alone are copied: no second array of the whole archive.
	closed = make([]incident.Summary, 0, n)
	k := 0
	for i := range list {
		if list[i].Phase == incident.PhaseClosed {
			closed = append(closed, list[i])
			continue
		}
		if k != i {
			list[k] = list[i]
		}
		k++
	}
	return list[:k:k], closed, older, err
}

// offered is what the home screen offers (library.Offers): the runbooks
// and scenarios that their ids find, the team's own first and the shipped
// examples after them (none when hidden), and among equals those in the
// UI language lang first, so that the cursor starts on what the team most
// likely means; with the number of problems that shodo validate explains.
// A scenario that does not validate against its runbook is not offered:
// it is one of the problems. Given the walk the offers came from, each row
// holds its runbook or scenario.
func offered(offers library.Offers, cat *library.Catalog, lang string) (runbooks []homeRunbook, scenarios []homeScenario, problems int) {
	source := func(o library.Offer) string {
		if o.Source.Shipped() {
			return ""
		}
		return o.Path
	}
	// The library lists in precedence order: the team's own come first.
	for _, o := range offers.Runbooks {
		r := homeRunbook{offer: o, source: source(o)}
		if cat != nil {
			if found, err := cat.Runbook(o.ID); err == nil {
				r.rb = found.Runbook
			}
		}
		runbooks = append(runbooks, r)
	}
	for _, o := range offers.Scenarios {
		s := homeScenario{offer: o, source: source(o)}
		if cat != nil {
			s.sc, _ = cat.ValidateScenario(o.Source, o.Path)
		}
		scenarios = append(scenarios, s)
	}
	// The library lists the team's own first; a stable sort keeps its
	// order among equals.
	slices.SortStableFunc(runbooks, func(a, b homeRunbook) int {
		return offerRank(a.source, a.offer.Lang, lang) - offerRank(b.source, b.offer.Lang, lang)
	})
	slices.SortStableFunc(scenarios, func(a, b homeScenario) int {
		return offerRank(a.source, a.offer.Lang, lang) - offerRank(b.source, b.offer.Lang, lang)
	})
	return runbooks, scenarios, offers.Problems
}

// offerRank orders what the home screen offers: the team's own before the
// shipped examples, and within each, what is written in the UI language
// before the rest. The pseudo-locale en-XA counts as English.
func offerRank(source, written, ui string) int {
	rank := 0
	if source == "" {
		rank += 2 // a shipped example
	}
	if baseLang(written) != baseLang(ui) {
		rank++
	}
	return rank
}

// baseLang is a language tag's language: "en" for "en-XA" and "en_US".
func baseLang(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	base, _, _ = strings.Cut(base, "_")
	return base
}

// onHomeLoaded fills the home screen; a filter typed while it loaded
// asks for every incident now (wantAll).
func (m *Model) onHomeLoaded(msg homeLoadedMsg) tea.Cmd {
	h := &m.home
	h.loading = false
	h.confirm, h.pending = nil, nil // they pointed into the lists being replaced
	h.runbooks, h.scenarios, h.problems = msg.runbooks, msg.scenarios, msg.problems
	if !h.full {
		// Unless every incident came first (a / typed while loading).
		h.open, h.closed, h.older = msg.open, msg.closed, msg.older
		h.listErr = ""
		if msg.listErr != nil {
			h.listErr = m.tx.T("tui.home.load-failed", "Error", oneLine(msg.listErr.Error()))
		}
		m.noteRebuilt(msg.open, msg.closed)
	}
	h.walked, h.walking = msg.walked, false
	h.cursor = clamp(h.cursor, 0, max(0, h.itemCount()-1))
	if h.typing || strings.TrimSpace(h.filter) != "" {
		return m.wantAll()
	}
	return nil
}

// noteRebuilt says on the status line, as shodo list does on stderr, how
// many incidents were listed from their journals because their summaries
// were missing or disagreed with them: the journal won, and the responder
// is told rather than left to wonder why the home was slow or a row
// changed. A broken journal says so on its own row instead.
func (m *Model) noteRebuilt(lists ...[]incident.Summary) {
	n := 0
	for _, list := range lists {
		for _, s := range list {
			if s.Rebuilt != "" && s.Err == nil {
				n++
			}
		}
	}
	if n > 0 {
		m.setFlash(flashInfo, m.tx.T("tui.home.rebuilt", "Count", n))
	}
}

// wantAll starts listing every incident, once, when the first list left
// closed ones out: the filter searches them all, and the cursor reaching
// the end of the closed ones goes on to the older ones. It is read off
// the UI goroutine; keys typed meanwhile act on the rows there are, and
// onHomeIncidents applies the filter to every row when they land.
func (m *Model) wantAll() tea.Cmd {
	h := &m.home
	if h.full || h.fetching || m.opt.Home == "" || (!h.loading && h.older == 0) {
		return nil
	}
	h.fetching = true
	return loadAllIncidents(m.opt.Home)
}

// scrolled asks for every incident when the cursor has reached the last
// of the closed incidents listed, or gone past them.
func (m *Model) scrolled() tea.Cmd {
	h := &m.home
	if h.cursor < len(h.runbooks)+len(h.open)+len(h.closed)-1 {
		return nil
	}
	return m.wantAll()
}

// onHomeIncidents puts every incident in the lists, the cursor staying on
// the row it was on.
func (m *Model) onHomeIncidents(msg homeIncidentsMsg) {
	h := &m.home
	h.fetching = false
	if msg.err != nil && len(msg.open)+len(msg.closed) == 0 {
		// Keep the first list; say why there is no more.
		h.listErr = m.tx.T("tui.home.load-failed", "Error", oneLine(msg.err.Error()))
		return
	}
	var was homeItem
	wasID := ""
	sel, ok := h.selected()
	if ok {
		was = sel
		switch sel.kind {
		case itemOpen:
			wasID = h.open[sel.i].ID
		case itemClosed:
			wasID = h.closed[sel.i].ID
		}
	}
	// A confirmation or a pending enter is about a runbook or a drill,
	// whose rows stay where they are: they are kept.
	h.open, h.closed, h.older, h.full = msg.open, msg.closed, 0, true
	h.listErr = ""
	if msg.err != nil {
		h.listErr = m.tx.T("tui.home.load-failed", "Error", oneLine(msg.err.Error()))
	}
	m.noteRebuilt(msg.open, msg.closed)
	if ok {
		for k, it := range h.items() {
			same := it.kind == was.kind && it.i == was.i
			switch it.kind {
			case itemOpen:
				same = it.kind == was.kind && h.open[it.i].ID == wasID
			case itemClosed:
				same = it.kind == was.kind && h.closed[it.i].ID == wasID
			}
			if same {
				h.cursor = k
				break
			}
		}
	}
	h.cursor = clamp(h.cursor, 0, max(0, h.itemCount()-1))
}

// onHomeWalked gives the rows their runbooks and scenarios, and asks
// about the row whose enter came before them.
func (m *Model) onHomeWalked(msg homeWalkedMsg) {
	h := &m.home
	h.runbooks, h.scenarios, h.problems = msg.runbooks, msg.scenarios, msg.problems
	h.walked, h.walking = true, false
	h.cursor = clamp(h.cursor, 0, max(0, h.itemCount()-1))
	if it := h.pending; it != nil {
		h.pending = nil
		if h.startable(*it) {
			m.askStart(*it)
		}
	}
}

// startable reports whether the row it holds its runbook or scenario:
// what starting it needs.
func (h homeState) startable(it homeItem) bool {
	switch it.kind {
	case itemRunbook:
		return it.i < len(h.runbooks) && h.runbooks[it.i].rb != nil
	case itemScenario:
		return it.i < len(h.scenarios) && h.scenarios[it.i].sc != nil
	}
	return false
}

// homeItemKind is what a home screen row leads to.
type homeItemKind int

const (
	itemRunbook homeItemKind = iota
	itemOpen
	itemClosed
	itemScenario
)

// homeItem is one row the cursor can be on.
type homeItem struct {
	kind homeItemKind
	i    int
}

// items are the rows the cursor can be on, in the order shown: those the
// filter keeps.
func (h homeState) items() []homeItem {
	keep := h.matcher()
	out := make([]homeItem, 0, len(h.runbooks)+len(h.open)+len(h.closed)+len(h.scenarios))
	for i, r := range h.runbooks {
		if keep(r.offer.ID, r.offer.Title) {
			out = append(out, homeItem{itemRunbook, i})
		}
	}
	keepSummary := h.summaryMatcher()
	for i := range h.open {
		if keepSummary(&h.open[i]) {
			out = append(out, homeItem{itemOpen, i})
		}
	}
	for i := range h.closed {
		if keepSummary(&h.closed[i]) {
			out = append(out, homeItem{itemClosed, i})
		}
	}
	for i, s := range h.scenarios {
		if keep(s.offer.ID, s.offer.Title, s.offer.RunbookID, s.offer.RunbookTitle) {
			out = append(out, homeItem{itemScenario, i})
		}
	}
	return out
}

// itemCount is len(h.items()), without listing them when no filter is
// set: thousands of incidents are counted at every key and frame.
func (h homeState) itemCount() int {
	if strings.TrimSpace(h.filter) == "" {
		return len(h.runbooks) + len(h.open) + len(h.closed) + len(h.scenarios)
	}
	return len(h.items())
}

// selected is the row under the cursor, as items()[cursor] (clamped), and
// false when there is none; without a filter it is found by position,
// listing nothing.
func (h homeState) selected() (homeItem, bool) {
	if strings.TrimSpace(h.filter) != "" {
		items := h.items()
		if len(items) == 0 {
			return homeItem{}, false
		}
		return items[clamp(h.cursor, 0, len(items)-1)], true
	}
	n := h.itemCount()
	if n == 0 {
		return homeItem{}, false
	}
	k := clamp(h.cursor, 0, n-1)
	for _, sec := range [...]struct {
		kind homeItemKind
		n    int
	}{{itemRunbook, len(h.runbooks)}, {itemOpen, len(h.open)}, {itemClosed, len(h.closed)}, {itemScenario, len(h.scenarios)}} {
		if k < sec.n {
			return homeItem{sec.kind, k}, true
		}
		k -= sec.n
	}
	return homeItem{}, false // not reached: k < n
}

// homeKeys are the home screen's keys, declared once (see key); the
// filter's come first, so that while it is typed its enter and esc win,
// and the letters typed go to it before any key (see typeFilter).
func homeKeys() []key {
	return append(filterKeys(), []key{
		{keys: []string{"enter", "y"}, label: "enter/y", help: "tui.keys.start", bar: confirming, when: confirming,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				if m.home.busy != "" {
					return nil
				}
				return m.confirmStart()
			}},
		{keys: []string{"esc", "n"}, label: "esc/n", help: "tui.keys.back", bar: confirming, when: confirming,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.cancelStart(); return nil }},
		sinceFieldKey(),
		{keys: []string{"up", "k", "down", "j"}, label: "up/dn", help: "tui.keys.move", bar: notConfirming, when: notConfirming,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
				step := 1
				if up(msg) {
					step = -1
				}
				m.home.cursor = clamp(m.home.cursor+step, 0, m.home.itemCount()-1)
				return m.scrolled()
			}},
		{keys: []string{"home", "g", "end", "G"}, label: "home/end", help: "tui.keys.ends", when: notConfirming,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
				m.home.cursor = 0
				if !up(msg) {
					m.home.cursor = max(0, m.home.itemCount()-1)
				}
				return m.scrolled()
			}},
		{keys: []string{"enter"}, help: "tui.keys.open", bar: notConfirming, when: notConfirming, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			it, ok := m.home.selected()
			if m.home.busy != "" || !ok {
				return nil
			}
			if it.kind == itemRunbook || it.kind == itemScenario {
				if !m.home.walked {
					// Its runbook comes with the walk this key
					// started (walkOnce): ask then.
					m.home.pending = &it
					return nil
				}
				// Starting is deliberate: say what will start, and ask.
				if m.home.startable(it) {
					m.askStart(it)
				}
				return nil
			}
			return m.homeOpen(it)
		}},
		filterKey(),
		{keys: []string{"?"}, help: "tui.keys.help", bar: browsing, when: notConfirming, kept: true,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.fullHelp = !m.fullHelp; return nil }},
		// Nothing is open yet: there is nothing to confirm. While the
		// filter is typed, q is a letter of it (typeFilter takes it first).
		{keys: []string{"q", "ctrl+c"}, help: "tui.keys.quit", bar: notFiltering, kept: true,
			do: func(*Model, tea.KeyPressMsg) tea.Cmd { return tea.Quit }},
	}...)
}

// notFiltering is everywhere on the home screen but the filter being typed.
func notFiltering(m *Model) bool { return !filtering(m) }

// homeNone says that a list of the home screen is empty: with the shipped
// examples hidden, that the team has none of its own and what hides the
// examples, so that an empty screen is not taken for a broken install.
func (m Model) homeNone(id, hiddenID string) string {
	if m.opt.HideExamples {
		return m.tx.T(hiddenID, "Var", EnvHideExamples)
	}
	return m.tx.T(id)
}

// homeKey handles a key on the home screen; the full help takes only its
// way out (?, esc) and quit.
func (m *Model) homeKey(msg tea.KeyPressMsg) tea.Cmd {
	return tea.Batch(m.walkOnce(), m.homeKeyPress(msg))
}

// walkOnce starts the walk of the library that the rows drawn from the
// index are waiting for, at the first key: not with the first frame,
// which it would slow down on a machine of two cores, and before a person
// can have moved to the row they mean to start.
func (m *Model) walkOnce() tea.Cmd {
	h := &m.home
	if h.walked || h.walking || h.loading || m.opt.Library == nil {
		return nil
	}
	h.walking = true
	return walkHome(m.opt)
}

func (m *Model) homeKeyPress(msg tea.KeyPressMsg) tea.Cmd {
	keys := m.keymap.home
	if m.fullHelp {
		if msg.String() == "esc" {
			m.fullHelp = false
			return nil
		}
		keys = slices.DeleteFunc(slices.Clone(keys), func(k key) bool { return k.help != "tui.keys.help" && k.help != "tui.keys.quit" })
	}
	if cmd, ok := m.sinceKey(msg); ok {
		return cmd
	}
	if m.typeFilter(msg) {
		return nil
	}
	cmd, _ := m.press(keys, msg)
	return cmd
}

// drillOverSSH refuses to open a drill from a served home screen: opened
// here, it would give whoever picked it the facilitator's screen and
// notes. The drill command joins it as the server decides (facilitator or
// player).
func (m *Model) drillOverSSH(scenario string) tea.Cmd {
	m.home.busy = ""
	m.setFlash(flashErr, m.tx.T("tui.home.drill-over-ssh", "Scenario", oneLine(scenario)))
	return nil
}

// homeOpen starts an incident from a runbook, resumes an open incident, or
// shows (and copies) the export command of a closed one.
func (m *Model) homeOpen(it homeItem) tea.Cmd {
	h, opt := &m.home, m.opt
	clock := incident.ClockFunc(opt.Now)
	switch it.kind {
	case itemRunbook:
		return m.openRunbook(h.runbooks[it.i].rb, time.Time{}, "")
	case itemOpen:
		s := h.open[it.i]
		h.busy = m.tx.T("tui.home.resuming", "Incident", oneLine(s.ID))
		m.setFlash(flashInfo, h.busy)
		if s.Drill != "" {
			if opt.Remote {
				return m.drillOverSSH(s.Drill)
			}
			// A drill resumes on its scenario clock, paused where it stopped.
			return resumeDrill(s.Dir, opt, oneLine(s.ID))
		}
		return openSession(func() (*incident.Session, func() error, error) {
			return opt.resumeIncident(s.Dir, incident.ResumeOptions{Home: opt.Home, Clock: clock, Sealer: opt.Sealer, Actor: opt.Actor})
		}, oneLine(s.ID))
	case itemScenario:
		sc := h.scenarios[it.i].sc
		if opt.Remote {
			return m.drillOverSSH(sc.ID)
		}
		h.busy = m.tx.T("tui.home.starting", "Scenario", oneLine(sc.Title))
		m.setFlash(flashInfo, h.busy)
		return startDrill(sc, opt, oneLine(sc.Title))
	}
	if s := h.closed[it.i]; s.Drill == "" && s.Err == nil {
		// A closed incident opens read-only, to read or to reopen (O).
		h.busy = m.tx.T("tui.home.resuming", "Incident", oneLine(s.ID))
		m.setFlash(flashInfo, h.busy)
		return openSession(func() (*incident.Session, func() error, error) {
			return opt.resumeIncident(s.Dir, incident.ResumeOptions{Home: opt.Home, Clock: clock, Sealer: opt.Sealer, Actor: opt.Actor})
		}, oneLine(s.ID))
	}
	cmd := exportCommand(oneLine(h.closed[it.i].ID))
	m.setFlash(flashOK, m.tx.T("tui.home.export", "Command", cmd)+"  "+m.tx.T("tui.aside", "Text", m.tx.T("tui.status.copied")))
	return tea.SetClipboard(cmd)
}

// onSession enters the incident screen with a session the home screen
// opened, or says why it could not.
func (m *Model) onSession(msg sessionMsg) tea.Cmd {
	m.home.busy = ""
	if msg.eng == nil {
		m.setFlash(flashErr, m.tx.T("tui.status.failed", "What", msg.what, "Error", describeError(m.tx, msg.err)))
		return nil
	}
	m.flash = flash{}
	m.enterIncident(msg.eng, true, msg.events, msg.stop, msg.st)
	m.enterDrill(msg.drill)
	if msg.err != nil {
		// The incident exists but settling it failed (a poisoned journal
		// while starting duties): say so on the incident screen.
		m.engineFailed(msg.err)
		m.setFlash(flashErr, describeError(m.tx, msg.err))
	}
	sat := m.sit()
	m.layout()
	return tea.Batch(m.listen(msg.eng, msg.events), m.wakeCmd(), sat)
}

// homeView draws the home screen: a title, the four sections, a detail
// line for the row under the cursor, the status and the help bar.
func (m Model) homeView() []string {
	w, hgt := m.width, m.height
	h, tx, s := m.home, m.tx, m.st
	head := []string{cut(s.title.Render(tx.T("tui.home.title"))+"  "+s.subtle.Render(tx.T("tui.home.actor", "Actor", oneLine(m.opt.Actor))), w)}
	help := m.helpLines(w)
	status := m.statusLines(w)
	if m.fullHelp {
		body := m.fullHelpView(w, hgt-len(head)-len(help))
		return append(append(head, frame(body, w, hgt-len(head)-len(help))...), help...)
	}
	if h.loading {
		return append(head, s.subtle.Render(tx.T("tui.loading")))
	}
	if h.confirm != nil {
		return m.confirmView(head)
	}
	if filtered(&m) {
		head = append(head, m.filterLine(w))
	}
	// Rows are drawn only when they are in the window: an archive of
	// thousands of incidents costs the first frame one check per row, not
	// one rendering.
	sel, ok := h.selected()
	if !ok {
		sel = homeItem{kind: -1}
	}
	keep, keepSummary := h.matcher(), h.summaryMatcher()
	// A row is its item and, for the few that are not incidents (section
	// rules, runbooks, drills), a function that writes it; an incident's
	// row is written from its summary only when drawn, and costs the
	// frame no allocation of its own until then.
	type homeRow struct {
		it   homeItem
		text func() string
	}
	rows := make([]homeRow, 0, len(h.open)+len(h.closed)+len(h.runbooks)+len(h.scenarios)+8)
	cursorRow := 0
	noItem := homeItem{kind: -1}
	line := func(text string) { rows = append(rows, homeRow{it: noItem, text: func() string { return text }}) }
	row := func(it homeItem, text func() string) {
		if it == sel {
			cursorRow = len(rows)
		}
		rows = append(rows, homeRow{it: it, text: text})
	}
	draw := func(r homeRow) string {
		var text string
		switch {
		case r.it.kind == -1:
			return r.text()
		case r.text != nil:
			text = r.text()
		case r.it.kind == itemOpen:
			text = m.summaryText(h.open[r.it.i])
		default:
			text = m.summaryText(h.closed[r.it.i])
		}
		if r.it == sel {
			return s.selected.Render(fit("> "+text, w))
		}
		return cut("  "+text, w)
	}
	// none says a section is empty: of its own, or under the filter.
	none := func(total, shown int, text func() string) {
		switch {
		case total == 0:
			line(s.subtle.Render("  " + text()))
		case shown == 0:
			line(s.subtle.Render("  " + tx.T("tui.home.no-match")))
		}
	}
	line(s.accent.Render(rule(tx.T("tui.home.runbooks"), w)))
	shown := 0
	for i, r := range h.runbooks {
		if !keep(r.offer.ID, r.offer.Title) {
			continue
		}
		shown++
		row(homeItem{itemRunbook, i}, func() string {
			src := tx.T("tui.home.example")
			if r.source != "" {
				src = filepath.Base(r.source)
			}
			return oneLine(r.offer.Title) + "  " + s.subtle.Render(offerSource(tx, r.offer.ID, src))
		})
	}
	none(len(h.runbooks), shown, func() string { return m.homeNone("tui.home.no-runbooks", "tui.home.no-runbooks-hidden") })
	for _, sec := range []struct {
		title, empty string
		kind         homeItemKind
		list         []incident.Summary
	}{{"tui.home.open", "tui.home.no-open", itemOpen, h.open}, {"tui.home.closed", "tui.home.no-closed", itemClosed, h.closed}} {
		line(s.accent.Render(rule(tx.T(sec.title), w)))
		shown = 0
		for i := range sec.list {
			if !keepSummary(&sec.list[i]) {
				continue
			}
			shown++
			row(homeItem{sec.kind, i}, nil) // written by draw
		}
		if sec.kind == itemClosed && h.older > 0 {
			// The first list holds the most recent closed ones: say
			// how many more there are and how to reach them.
			older := tx.T("tui.home.older-closed", "Count", h.older)
			if h.fetching {
				older = tx.T("tui.home.older-closed-loading", "Count", h.older)
			}
			if shown > 0 || len(sec.list) == 0 {
				line(s.subtle.Render(cut("  "+older, w)))
				continue
			}
		}
		none(len(sec.list), shown, func() string { return tx.T(sec.empty) })
	}
	line(s.accent.Render(rule(tx.T("tui.home.drills"), w)))
	shown = 0
	for i, hs := range h.scenarios {
		if !keep(hs.offer.ID, hs.offer.Title, hs.offer.RunbookID, hs.offer.RunbookTitle) {
			continue
		}
		shown++
		row(homeItem{itemScenario, i}, func() string {
			src := tx.T("tui.home.example")
			if hs.source != "" {
				src = filepath.Base(hs.source)
			}
			return oneLine(hs.offer.Title) + "  " + s.subtle.Render(offerSource(tx, hs.offer.ID, src))
		})
	}
	none(len(h.scenarios), shown, func() string { return m.homeNone("tui.home.no-drills", "tui.home.no-drills-hidden") })
	var foot []string
	if h.problems > 0 {
		foot = append(foot, s.warn.Render(cut(tx.T("tui.home.problems", "Count", h.problems), w)))
	}
	if h.listErr != "" {
		foot = append(foot, s.alert.Render(cut(h.listErr, w)))
	}
	// The detail takes up to a third of what the list and it share, and
	// at least three lines: a runbook's summary is read before starting.
	detail := m.homeDetail(w, max(3, (hgt-len(head)-len(foot)-len(status)-len(help))/3))
	room := max(1, hgt-len(head)-len(detail)-len(foot)-len(status)-len(help))
	top := 0
	if cursorRow >= room {
		top = cursorRow - room + 1
	}
	var drawn []string
	for _, r := range rows[min(top, len(rows)):min(top+room, len(rows))] {
		drawn = append(drawn, draw(r))
	}
	body := frame(drawn, w, room)
	lines := append(head, body...)
	lines = append(lines, detail...)
	lines = append(lines, foot...)
	lines = append(lines, status...)
	return append(lines, help...)
}

// filterLine shows the filter and how many rows it keeps; a trailing _
// stands for the cursor while it is being typed.
func (m Model) filterLine(w int) string {
	h := m.home
	total := len(h.runbooks) + len(h.open) + len(h.closed) + h.older + len(h.scenarios)
	text := oneLine(h.filter)
	if h.typing {
		text += "_"
	}
	return cut(m.st.accent.Render(m.tx.T("tui.home.filter", "Filter", text, "Shown", h.itemCount(), "Total", total)), w)
}

// summaryText is one incident row: id, opening time, where a resolved
// incident stands (its follow-ups, before anything a narrow row cuts),
// runbook, verdict.
func (m Model) summaryText(sum incident.Summary) string {
	tx := m.tx
	title := oneLine(cmp.Or(sum.Name, sum.Title))
	if sum.Drill != "" {
		// Before the title, where a cut row still shows it.
		title = tx.T("tui.header.drill") + " " + title
	}
	text := oneLine(sum.ID) + "  " + m.stamp(sum.Opened)
	if sum.Phase == incident.PhaseResolved && sum.Err == nil {
		// From the summary: a row reads no journal.
		text += "  " + resolvedText(tx, sum.FollowUps, sum.FollowUpDue, m.stamp)
	}
	text += "  " + title
	switch {
	case sum.Err != nil:
		text += "  " + tx.T("tui.home.unreadable", "Error", oneLine(export.Describe(tx, sum.Err)))
	case sum.Ending != "" && sum.VerdictTitle == "":
		// A false alarm, a duplicate, a mistake: no verdict was needed.
		end := incident.Ending{Code: sum.Ending, Of: sum.EndingOf}
		text += "  " + tx.T("tui.header.ended", "Ending", oneLine(export.EndingWords(tx, &end)))
	case sum.VerdictTitle != "":
		text += "  " + tx.T("tui.header.verdict", "Verdict", oneLine(sum.VerdictTitle))
	default:
		text += "  " + tx.T("tui.header.no-verdict")
	}
	return text
}

// homeDetail says more about the row under the cursor: a runbook's
// summary, an incident's directory, the export command of a closed one;
// at most maxLines lines of it, the cut marked.
func (m Model) homeDetail(w, maxLines int) []string {
	h, s := m.home, m.st
	it, ok := h.selected()
	if !ok {
		return nil
	}
	var text string
	switch it.kind {
	case itemRunbook:
		text = paragraph(h.runbooks[it.i].offer.Summary)
	case itemOpen:
		sum := h.open[it.i]
		text = oneLine(sum.Dir) + "  " + m.tx.T("tui.home.events", "Count", sum.Events)
		if sum.Err != nil {
			// The row has no room for where the journal breaks.
			text = m.tx.T("tui.home.unreadable", "Error", oneLine(export.Describe(m.tx, sum.Err))) + "\n" + text
		}
	case itemClosed:
		text = m.tx.T("tui.home.export", "Command", exportCommand(oneLine(h.closed[it.i].ID)))
	case itemScenario:
		sc := h.scenarios[it.i].offer
		text = m.tx.T("tui.home.drill-detail", "Runbook", oneLine(sc.RunbookTitle), "Speed", speedText(sc.Speed), "Count", sc.Injects)
		if sum := paragraph(sc.Summary); sum != "" {
			text += "\n" + sum
		}
	}
	if text == "" {
		return nil
	}
	lines := []string{s.subtle.Render(rule("", w))}
	for _, l := range limit(wrap(text, w), maxLines) {
		lines = append(lines, s.subtle.Render(l))
	}
	return lines
}

// offerSource is a runbook's or scenario's id and where it comes from, as
// an aside in the reader's brackets: "(service-failure, shipped example)",
// "（service-failure-ja、同梱の例）".
func offerSource(tx *i18n.Catalog, id, source string) string {
	return tx.T("tui.aside", "Text", oneLine(id)+tx.T("tui.list-sep")+oneLine(source))
}
