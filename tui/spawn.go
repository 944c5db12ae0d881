package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// This file opens a linked incident from a verdict (issue 11 item 6): a
// verdict may name runbooks it opens (`open = ["service-failure"]`); once
// it stands, L offers to open an incident on one of them, linked both
// ways (spawned here, spawned-from there). The screen stays on this
// incident, which is still being worked, and says how to resume the new
// one.

// errNoSession is returned when the screen's engine is not a session of
// its own (a test's wrapper): there is no journal to link from.
var errNoSession = errors.New("no incident session to link from")

// sessioner is an engine that wraps a session (tests that make the
// journal fail): LinkBoth needs the session itself.
type sessioner interface{ Session() *incident.Session }

// sessionOf is the session behind e, or nil.
func sessionOf(e engine) *incident.Session {
	switch e := e.(type) {
	case *incident.Session:
		return e
	case sessioner:
		return e.Session()
	}
	return nil
}

// spawnOffers are the runbook ids the standing verdict opens.
func (m *Model) spawnOffers() []runbook.OpenRef {
	if v := m.inc.st.Verdict; v != nil {
		if vd := m.inc.st.Runbook.Verdict(v.ID); vd != nil {
			return vd.Open
		}
	}
	return nil
}

// spawnWhy is why L cannot open a linked incident now.
func (m *Model) spawnWhy() string {
	switch {
	case m.blocked() != "":
		return m.blocked()
	case m.inc.drill.on():
		return m.tx.T("tui.spawn.why-drill")
	case len(m.spawnOffers()) == 0:
		return m.tx.T("tui.spawn.why-none")
	}
	return ""
}

// spawnOffered reports whether the help bar offers L: a verdict that
// opens another runbook stands and the incident is not closed.
func spawnOffered(m *Model) bool {
	return notRevising(m) && !closedHere(m) && !m.inc.drill.on() && len(m.spawnOffers()) > 0
}

// spawnDialog confirms which runbook to open a linked incident on, and
// the link it records.
type spawnDialog struct {
	*form
	runbooks map[string]*runbook.Runbook // by id: those the library finds
}

// spawnFound is one runbook the verdict opens, as the library found it:
// rb when found, else why not.
type spawnFound struct {
	id  string
	rb  *runbook.Runbook
	err error // nil when found; errNoLibrary when there is no library
}

// errNoLibrary is why a runbook cannot be found when the screen has no
// library to look in.
var errNoLibrary = errors.New("no runbook library")

// spawnFoundMsg carries what findSpawnRunbooks found, for the incident
// (by id) and the offers it was asked about.
type spawnFoundMsg struct {
	incident string
	found    []spawnFound
}

// findSpawnRunbooks looks the runbooks the standing verdict opens up in
// the library, off the UI goroutine: a walk reads and validates every
// runbook file, and a slow disk or a large library would otherwise freeze
// the screen. The dialog opens when they are found (onSpawnFound).
func (m *Model) findSpawnRunbooks() tea.Cmd {
	lib, offers, id := m.opt.Library, m.spawnOffers(), m.inc.st.ID
	m.setFlash(flashInfo, m.tx.T("tui.spawn.finding"))
	return safe(func() tea.Msg {
		msg := spawnFoundMsg{incident: id}
		if lib == nil {
			for _, o := range offers {
				msg.found = append(msg.found, spawnFound{id: o.Runbook, err: errNoLibrary})
			}
			return msg
		}
		cat := lib.Walk()
		for _, o := range offers {
			f := spawnFound{id: o.Runbook}
			if r, err := cat.Runbook(o.Runbook); err != nil {
				f.err = err
			} else {
				f.rb = r.Runbook
			}
			msg.found = append(msg.found, f)
		}
		return msg
	})
}

// onSpawnFound opens the dialog with what was found, unless the screen
// moved on while the library was walked: another incident, a dialog
// already open, or no verdict that opens anything any more.
func (m *Model) onSpawnFound(msg spawnFoundMsg) tea.Cmd {
	if m.screen != screenIncident || m.inc.st == nil || m.inc.st.ID != msg.incident || m.dialog() != nil || m.spawnWhy() != "" {
		return nil
	}
	m.flash = flash{}
	return m.push(newSpawnDialog(m, msg.found))
}

// newSpawnDialog lists the runbooks the verdict opens, as the library
// found them (findSpawnRunbooks); one it did not find is listed with why,
// and cannot be opened.
func newSpawnDialog(m *Model, found []spawnFound) spawnDialog {
	tx := m.tx
	d := spawnDialog{runbooks: map[string]*runbook.Runbook{}}
	var items []choice
	for _, f := range found {
		c := choice{id: f.id, label: f.id}
		switch {
		case errors.Is(f.err, errNoLibrary):
			c.detail = tx.T("tui.spawn.not-found", "Error", tx.T("tui.spawn.no-library"))
		case f.err != nil:
			c.detail = tx.T("tui.spawn.not-found", "Error", describeError(tx, f.err))
		default:
			d.runbooks[f.id] = f.rb
			c.label = oneLine(f.rb.Title) + tx.T("tui.aside-after", "Text", f.id)
		}
		items = append(items, c)
	}
	opt, self := m.opt, oneLine(m.inc.st.ID)
	d.form = newForm(m.dark, form{heading: tx.T("tui.spawn.title"),
		lists: []choiceList{{title: tx.T("tui.spawn.runbook-prompt"), items: items}},
		action: func(f *form) (action, bool) {
			id := f.picked(0)
			rb := d.runbooks[id]
			if rb == nil {
				f.err = tx.T("tui.spawn.cannot-open", "Runbook", id)
				return action{}, false
			}
			return action{kind: actSpawn, label: tx.T("tui.spawn.label", "Runbook", oneLine(rb.Title)),
				spawn: func(e engine, actor string) (string, bool, error) { return spawn(e, opt, actor, rb) },
				self:  self}, true
		}})
	return d
}

// view says what opening does above the list.
func (d spawnDialog) view(m *Model, w, h int) []string {
	lines := m.bodyLines([]string{m.tx.T("tui.spawn.note", "Incident", oneLine(m.inc.st.ID)), ""}, false, "", w)
	return append(lines, d.form.view(m, w, h-len(lines))...)
}

// spawn opens an incident on rb under the screen's home, with its actor,
// clock and sealer, releases it, and links it both ways from the
// screen's session. It returns the new incident's id once opened, even
// when the link then fails, and whether the other side is still to be
// recorded (its journal was held elsewhere for the moment).
func spawn(e engine, opt Options, actor string, rb *runbook.Runbook) (string, bool, error) {
	s := sessionOf(e)
	if s == nil {
		return "", false, errNoSession
	}
	clock := incident.ClockFunc(opt.Now)
	n, err := incident.Open(rb, incident.OpenOptions{Home: opt.Home, Actor: actor, Clock: clock, Sealer: opt.Sealer})
	if err != nil {
		return "", false, fmt.Errorf("open %s: %w", rb.ID, err)
	}
	id := n.ID()
	if err := n.Detach(); err != nil {
		return id, false, err
	}
	res, err := incident.LinkBoth(s, actor, incident.LinkSpawned, id, clock)
	return id, res.OtherPending, err
}

// onSpawned says what opening a linked incident did, once it is open: the
// new id and how to resume it, or the link that is left to record by
// hand. (A failure to open is said as any other action's.)
func (m *Model) onSpawned(msg actionMsg) tea.Cmd {
	id := oneLine(msg.opened)
	resume := "shodo resume " + id
	link := "shodo link " + oneLine(msg.self) + " " + id + " --kind spawned"
	switch {
	case msg.err != nil:
		m.setFlash(flashErr, m.tx.T("tui.spawn.not-linked", "Incident", id, "Error", describeError(m.tx, msg.err), "Command", link))
	case msg.pending:
		m.setFlash(flashErr, m.tx.T("tui.spawn.pending", "Incident", id, "Command", link))
	default:
		m.setFlash(flashOK, m.tx.T("tui.spawn.opened", "Incident", id, "Command", resume))
	}
	return nil
}
