package tui

import (
	"cmp"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// This file is the x key's first question: how does the incident end?
// With its verdict's work done — the close dialog (dialog_close.go), as
// before — or as no incident at all: a false alarm, a duplicate of another
// incident, opened by mistake (incident.Endings), which needs no verdict
// and only a reason. A false alarm is x, enter (the cursor starts on it
// while there is no verdict), the reason, enter; with a verdict the cursor
// starts on the verdict's close, so x, enter opens the close dialog.

// endVerdict is the chooser's item for an ordinary close, which the close
// dialog asks for; the others are incident.Endings.
const endVerdict = "verdict"

// endingDialog asks how the incident ends, then opens the dialog that
// asks the rest.
type endingDialog struct {
	heading string
	items   []endingItem
	cursor  int
	err     string
	// listing is set while the home's incidents are read for a duplicate.
	listing bool
}

// endingItem is one way to end, its shortcut key and its words.
type endingItem struct {
	code, key, label, detail string
}

func newEndingDialog(m *Model) *endingDialog {
	d := &endingDialog{heading: m.tx.T("tui.ending.title")}
	for _, it := range []struct{ code, key string }{
		{endVerdict, "v"}, {incident.EndFalseAlarm, "f"}, {incident.EndDuplicate, "u"}, {incident.EndMistake, "m"},
	} {
		d.items = append(d.items, endingItem{code: it.code, key: it.key,
			label: m.tx.T("tui.ending." + it.code), detail: m.tx.T("tui.ending." + it.code + "-detail")})
	}
	if m.inc.st.Verdict == nil {
		d.cursor = 1 // no verdict yet: the close it offers is not open
	}
	return d
}

func (d *endingDialog) title() string { return d.heading }

func (d *endingDialog) keys() []key {
	idle := func(*Model) bool { return !d.listing }
	ks := []key{
		{keys: []string{"enter"}, help: "tui.keys.choose-ending", bar: always, when: idle,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return d.choose(m, d.items[d.cursor].code) }},
		{keys: []string{"esc"}, help: "tui.keys.cancel", bar: always, when: idle,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
		{keys: []string{"up", "k", "down", "j"}, label: "up/dn", help: "tui.keys.choose", bar: always, when: idle,
			do: func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
				step := 1
				if up(msg) {
					step = -1
				}
				d.cursor, d.err = clamp(d.cursor+step, 0, len(d.items)-1), ""
				return nil
			}},
	}
	// A letter moves the cursor to its ending and enter chooses, as a digit
	// does in the triage: the chooser opens where people used to type a
	// summary, and a word typed there ("Ransomware…") must not end the
	// incident as opened by *m*istake.
	for i, it := range d.items {
		ks = append(ks, key{keys: []string{it.key}, help: "tui.keys.end-" + it.code, when: idle,
			do: func(*Model, tea.KeyPressMsg) tea.Cmd { d.cursor, d.err = i, ""; return nil }})
	}
	return ks
}

// runningLegal names the running legal duties that hold an ending (none in
// a drill, whose ending is not held).
func (m *Model) runningLegal() []string {
	st := m.inc.st
	if st.Drill != nil {
		return nil
	}
	var names []string
	for i := range st.Duties {
		if d := &st.Duties[i]; d.Status == incident.StatusRunning && d.Spec.Legal {
			names = append(names, m.dutyName(d))
		}
	}
	return names
}

// choose opens what the chosen ending asks: the close dialog for a
// verdict's close (refused, saying why, while there is none), a reason
// for the others, and for a duplicate first the home's other incidents.
func (d *endingDialog) choose(m *Model, code string) tea.Cmd {
	for i, it := range d.items {
		if it.code == code {
			d.cursor = i
		}
	}
	if legal := m.runningLegal(); code != endVerdict && len(legal) > 0 {
		// Said before the reason is asked: each legal duty is waived with
		// its own reason first (the engine refuses the ending otherwise).
		d.err = m.tx.T("tui.ending.legal-first", "Count", len(legal), "Duties", strings.Join(legal, ", "))
		return nil
	}
	switch code {
	case endVerdict:
		if m.inc.st.Verdict == nil {
			d.err = m.tx.T("tui.ending.no-verdict")
			return nil
		}
		m.pop()
		return m.openClose()
	case incident.EndDuplicate:
		if m.opt.Home == "" {
			d.err = m.tx.T("tui.ending.no-others")
			return nil
		}
		d.listing, d.err = true, ""
		return listOthers(m.opt.Home, m.inc.st.ID, m.inc.st.Drill != nil)
	}
	m.pop()
	return m.push(newEndDialog(m, code, nil))
}

func (d *endingDialog) update(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if msg.Text != "" && !d.listing {
		d.err = m.tx.T("tui.stray.no-field")
	}
	return nil
}

func (d *endingDialog) view(m *Model, w, _ int) []string {
	s := m.st
	lines := []string{""}
	for i, it := range d.items {
		text := it.key + "  " + it.label
		if i == d.cursor {
			lines = append(lines, s.selected.Render(fit("> "+text, w)))
		} else {
			lines = append(lines, cut("  "+text, w))
		}
		lines = append(lines, s.subtle.Render(cut("     "+it.detail, w)))
	}
	lines = append(lines, "")
	return append(lines, m.bodyLines(nil, d.listing, d.err, w)...)
}

// othersListedMsg carries the incidents of the home a duplicate may name.
type othersListedMsg struct {
	others []incident.Summary
	err    error
}

// listOthers lists the home's incidents other than self, off the update
// loop: open and resolved ones first (a duplicate is most often of one
// being worked on), newest first within each. A live incident is offered
// live incidents only, and a drill drills: a real alarm is no duplicate
// of an exercise, nor an exercise of a real alarm.
func listOthers(home, self string, drill bool) tea.Cmd {
	return func() tea.Msg {
		list, err := incident.List(home)
		var out []incident.Summary
		for _, s := range list {
			if s.ID != self && s.Err == nil && (s.Drill != "") == drill {
				out = append(out, s)
			}
		}
		open := func(s incident.Summary) int {
			if s.Phase == incident.PhaseClosed {
				return 1
			}
			return 0
		}
		slices.SortStableFunc(out, func(a, b incident.Summary) int { return cmp.Compare(open(a), open(b)) })
		return othersListedMsg{others: out, err: err}
	}
}

// onOthersListed opens the duplicate's dialog over the chooser that asked
// for the list, or says in the chooser that there is no other incident.
func (m *Model) onOthersListed(msg othersListedMsg) tea.Cmd {
	d, ok := m.dialog().(*endingDialog)
	if !ok || !d.listing {
		return nil // the chooser was left meanwhile
	}
	d.listing = false
	switch {
	case msg.err != nil:
		d.err = m.tx.T("tui.home.load-failed", "Error", oneLine(msg.err.Error()))
		return nil
	case len(msg.others) == 0:
		d.err = m.tx.T("tui.ending.no-others")
		return nil
	}
	m.pop()
	return m.push(newEndDialog(m, incident.EndDuplicate, msg.others))
}

// endDialog closes the incident as one that was none, with the reason,
// which is required; for a duplicate, the incident it duplicates is
// picked from the home's others first.
type endDialog struct{ *form }

func newEndDialog(m *Model, code string, others []incident.Summary) endDialog {
	label := labelPrefix(m.tx, "tui.ending."+code) + oneLine(m.inc.st.ID)
	f := form{heading: m.tx.T("tui.ending." + code + "-title"),
		hasInput: true, inputTitle: m.tx.T("tui.ending.reason-prompt"), required: true}
	if code == incident.EndDuplicate {
		var items []choice
		for _, o := range others {
			// The incident's own title, as the home's rows name it; a
			// drill says so first.
			title := oneLine(cmp.Or(o.Name, o.Title))
			if o.Drill != "" {
				title = m.tx.T("tui.header.drill") + " " + title
			}
			items = append(items, choice{id: o.ID, label: oneLine(o.ID), detail: m.tx.T("tui.ending.other-incident",
				"Title", title, "State", m.tx.T("tui.ending.phase."+string(o.Phase)))})
		}
		f.lists = []choiceList{{title: m.tx.T("tui.ending.pick-other"), items: items}}
	}
	f.action = func(f *form) (action, bool) {
		reason, of := f.text(), f.picked(0)
		return action{kind: actClose, label: label, run: func(e engine, actor string) error {
			return e.End(actor, code, of, reason)
		}}, true
	}
	return endDialog{newForm(m.dark, f)}
}
