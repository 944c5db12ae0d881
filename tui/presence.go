package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// Presence is who is on an incident right now, and where they look
// (Options.Presence): shodo serve keeps it for the screens it serves. It is
// live state, not the journal's: who watched is not what was done, and a
// dropped connection must not need a record to leave.
type Presence interface {
	// Enter puts this screen on the incident in dir as person; observer
	// marks a read-only screen. The seat is the screen's until it leaves.
	Enter(dir, person string, observer bool) Seat
}

// Seat is one screen's place on an incident (Presence.Enter).
type Seat interface {
	// Look says which part of the incident the screen shows: a Pane code.
	Look(pane string)
	// Present is everyone on the incident now, in the order they came,
	// each person once (their screen that came first).
	Present() []Present
	// Changed receives when Present may have changed, and is closed once
	// the seat is left.
	Changed() <-chan struct{}
	// Leave takes the screen off the incident; a second call does nothing.
	Leave()
	// Fault is why the incident's journal takes no record now, as its
	// sequencer last met it (incident.FaultOf); ok is false while it
	// does. A change of it is signalled on Changed.
	Fault() (f incident.Fault, ok bool)
}

// Present is one person on an incident.
type Present struct {
	Name     string
	Pane     string // a Pane code
	Observer bool
}

// The codes of what a screen can show (Seat.Look), which every other
// screen puts into its own language.
const (
	PaneTriage   = "triage"
	PaneDuties   = "duties"
	PaneTimeline = "timeline"
	PaneNotes    = "notes"   // a drill's facilitator notes
	PaneInjects  = "injects" // a drill's injects page
)

// presenceMsg says that who is on the incident may have changed.
type presenceMsg struct{}

// sit takes the screen's seat on its incident, once, when there is a
// Presence to sit in; the returned command waits for the first change.
func (m *Model) sit() tea.Cmd {
	if m.opt.Presence == nil || m.inc.seat != nil || m.inc.eng == nil {
		return nil
	}
	m.inc.seat = m.opt.Presence.Enter(m.inc.eng.Dir(), m.opt.Actor, m.inc.watch != nil)
	m.inc.seat.Look(m.paneCode())
	m.seatFault()
	return m.await(m.inc.seat)
}

// awaitPresence waits, off the UI goroutine, for the seat's next change;
// a left seat ends the wait without a message.
func awaitPresence(s Seat) tea.Cmd {
	ch := s.Changed()
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return presenceMsg{}
	}
}

// onPresence redraws for a change of who is on the incident (the view
// reads the seat) and waits for the next.
func (m *Model) onPresence() tea.Cmd {
	if m.inc.seat == nil {
		return nil
	}
	m.seatFault()
	m.layout()
	return m.await(m.inc.seat)
}

// look tells the seat what the screen shows now; the seat ignores a look
// that changes nothing.
func (m *Model) look() {
	if m.inc.seat != nil && m.screen == screenIncident {
		m.inc.seat.Look(m.paneCode())
	}
}

// leaveSeat takes the screen off its incident.
func (m Model) leaveSeat() {
	if m.inc.seat != nil {
		m.inc.seat.Leave()
	}
}

// paneCode is what the screen shows now, as a Pane code.
func (m Model) paneCode() string {
	if m.inc.drill.on() {
		switch m.inc.drill.view {
		case drillNotes:
			return PaneNotes
		case drillInjects:
			return PaneInjects
		}
	}
	switch m.inc.focus {
	case paneDuties:
		return PaneDuties
	case paneTimeline:
		return PaneTimeline
	}
	return PaneTriage
}

// paneWord is a Pane code in the reader's language.
func (m Model) paneWord(code string) string {
	switch code {
	case PaneTriage, PaneDuties, PaneTimeline:
		return m.tx.T("tui.pane." + code)
	case PaneNotes:
		return m.tx.T("tui.presence.notes")
	case PaneInjects:
		return m.tx.T("tui.presence.injects")
	}
	return oneLine(code)
}

// presenceLines is the line that says who is on the incident, in which
// role (as the journal has it) and where they look: "On it: Sato (ic) ·
// Duties; Tanaka (oncall) · Triage; Kim (observer)". Nothing without a
// seat (a screen of its own, not served).
func (m Model) presenceLines(w int) []string {
	if m.inc.seat == nil || m.inc.st == nil {
		return nil
	}
	people := m.inc.seat.Present()
	if len(people) == 0 {
		return nil
	}
	parts := make([]string, 0, len(people))
	for _, p := range people {
		var roles []string
		if p.Observer {
			roles = append(roles, m.tx.T("tui.presence.observer"))
		}
		for _, r := range m.inc.st.Holds(p.Name) {
			roles = append(roles, oneLine(r))
		}
		who := oneLine(p.Name)
		if len(roles) > 0 {
			who = m.tx.T("tui.presence.with-roles", "Who", who, "Roles", strings.Join(roles, ", "))
		}
		parts = append(parts, m.tx.T("tui.presence.person", "Who", who, "Pane", m.paneWord(p.Pane)))
	}
	line := m.tx.T("tui.presence.line", "People", strings.Join(parts, m.tx.T("tui.presence.separator")))
	return []string{m.st.subtle.Render(cut(line, w))}
}
