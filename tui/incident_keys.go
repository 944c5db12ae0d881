package tui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// The incident screen's keys, declared once (see key). Their order is the
// help bar's; the ? overlay gathers them by group.

func inPane(p pane) func(m *Model) bool {
	return func(m *Model) bool { return m.inc.focus == p && !m.inc.revising }
}

func revising(m *Model) bool    { return m.inc.focus == paneTriage && m.inc.revising }
func notRevising(m *Model) bool { return !m.inc.revising }

// up reports whether msg moves up (or back) rather than down.
func up(msg tea.KeyPressMsg) bool {
	return slices.Contains([]string{"up", "k", "pgup", "home", "g", "shift+tab"}, msg.String())
}

func incidentKeys() []key {
	const move, triage, duties, inc, app = "tui.help.group.move", "tui.help.group.triage", "tui.help.group.duties", "tui.help.group.incident", "tui.help.group.app"
	return []key{
		{keys: []string{"up", "k", "down", "j"}, label: "up/dn", help: "tui.keys.move", group: move, bar: always,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.moveKey(msg) }},
		{keys: []string{"pgup", "pgdown"}, label: "pgup/pgdn", help: "tui.keys.page", group: move, bar: inPane(paneTimeline),
			when: inPane(paneTimeline), do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.pageKey(msg) }},
		{keys: []string{"home", "g", "end", "G"}, label: "home/end", help: "tui.keys.ends", group: move, bar: inPane(paneTimeline),
			when: func(m *Model) bool { return m.inc.focus != paneTriage }, do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd { return m.endsKey(msg) }},

		{keys: []string{"enter"}, help: "tui.keys.read-entry", group: move, bar: inPane(paneTimeline), when: inPane(paneTimeline),
			off: func(m *Model) string { return m.entryWhy() }, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.openEntry() }},
		{keys: []string{"enter"}, help: "tui.keys.answer", group: triage, bar: inPane(paneTriage), when: inPane(paneTriage),
			off: (*Model).answerWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.answer(m.inc.opt) }},
		{keys: []string{"space"}, help: "tui.keys.toggle", group: triage, bar: onMulti, when: inPane(paneTriage),
			off: (*Model).toggleWhy, do: (*Model).toggleKey},
		{keys: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, label: "1-9", help: "tui.keys.pick", group: triage,
			when: inPane(paneTriage), off: (*Model).pickWhy, do: (*Model).pickKey},
		{keys: []string{"enter"}, help: "tui.keys.choose", bar: revising, when: revising, off: (*Model).reviseWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				if std := m.inc.st.Standing(); len(std) > 0 {
					m.openRevise(std[clamp(m.inc.revCursor, 0, len(std)-1)].Node)
				}
				return nil
			}},
		{keys: []string{"esc"}, help: "tui.keys.cancel", bar: revising, when: revising,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.inc.revising = false; return nil }},
		{keys: []string{"r"}, help: "tui.keys.revise", group: triage, bar: inPane(paneTriage), when: inPane(paneTriage),
			off: (*Model).reviseWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.inc.revising = true
				m.inc.revCursor = len(m.inc.st.Standing()) - 1
				return nil
			}},

		{keys: []string{"d"}, help: "tui.keys.done", group: duties, bar: inPane(paneDuties), when: inPane(paneDuties),
			off: (*Model).doneWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newDoneDialog(m, m.selectedDuty())) }},
		{keys: []string{"S"}, help: "tui.keys.submitted", group: duties, bar: selectedHas(func(d *incident.Duty) bool { return d.Spec.Legal }),
			when: inPane(paneDuties), off: (*Model).doneWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newSubmittedDialog(m, m.selectedDuty())) }},
		{keys: []string{"a"}, help: "tui.keys.attempt", group: duties, bar: inPane(paneDuties), when: inPane(paneDuties),
			off: (*Model).dutyWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newAttemptDialog(m, m.selectedDuty())) }},
		{keys: []string{"w"}, help: "tui.keys.waive", group: duties, bar: inPane(paneDuties), when: inPane(paneDuties),
			off: (*Model).dutyWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newWaiveDialog(m, m.selectedDuty())) }},
		{keys: []string{"p"}, help: "tui.keys.pause-duty", alt: altHelp{help: "tui.keys.resume-duty", when: (*Model).selectedPaused},
			group: duties, bar: inPane(paneDuties), when: inPane(paneDuties), off: (*Model).pauseWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				if d := m.selectedDuty(); d.Paused {
					return m.push(newResumeDialog(m, d))
				}
				return m.push(newPauseDialog(m, m.selectedDuty()))
			}},
		// u takes back the done or waive just recorded while the status
		// line offers it (from any pane: the cursor has moved on), and
		// later reopens the done or waived duty under the cursor.
		{keys: []string{"u"}, help: "tui.keys.undo", alt: altHelp{help: "tui.keys.reopen-duty", when: func(m *Model) bool { return !m.undoOffered() }},
			group: duties, bar: func(m *Model) bool {
				return notRevising(m) && (m.undoOffered() || (inPane(paneDuties)(m) && m.selectedDecided()))
			},
			when: func(m *Model) bool { return notRevising(m) && (m.undoOffered() || inPane(paneDuties)(m)) }, off: (*Model).undoWhy, do: (*Model).undoKey},
		{keys: []string{"R"}, help: "tui.keys.restart-duty", group: duties, bar: inPane(paneDuties), when: inPane(paneDuties),
			off: (*Model).restartWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newRestartDialog(m, m.selectedDuty())) }},
		// X records a delay an authority granted, offered on a duty whose
		// law allows one (its runbook's extensions).
		{keys: []string{"X"}, help: "tui.keys.extend-duty", group: duties, bar: selectedHas(func(d *incident.Duty) bool { return len(d.Spec.Extensions) > 0 }),
			when: inPane(paneDuties), off: (*Model).extendWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newExtendDialog(m, m.selectedDuty())) }},
		{keys: []string{"t"}, help: "tui.keys.checklist", group: duties, bar: selectedHas(func(d *incident.Duty) bool { return len(d.Spec.Items) > 0 }),
			when: inPane(paneDuties), off: (*Model).checklistWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newChecklistDialog(m, m.selectedDuty())) }},
		{keys: []string{"A"}, help: "tui.keys.approve", group: duties, bar: selectedHas((*incident.Duty).NeedsApproval),
			when: inPane(paneDuties), off: (*Model).approveWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newApproveDialog(m, m.selectedDuty())) }},
		{keys: []string{"e"}, help: "tui.keys.fill", alt: altHelp{help: "tui.keys.correct", when: selectedDone},
			group: duties, bar: func(m *Model) bool {
				// A done duty's fields can be corrected: the bar offers it.
				return selectedHas(func(d *incident.Duty) bool { return len(d.Spec.Fields) > 0 })(m) ||
					inPane(paneDuties)(m) && selectedDone(m) && len(m.selectedDuty().Spec.Fields) > 0
			},
			when: inPane(paneDuties), off: (*Model).fieldsWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newFieldsDialog(m, m.selectedDuty())) }},
		{keys: []string{"C"}, help: "tui.keys.recipients", group: duties, bar: selectedHas(func(d *incident.Duty) bool { return d.Spec.HasRecipients() }),
			when: inPane(paneDuties), off: (*Model).recipientsWhy, do: (*Model).recipientsKey},
		{keys: []string{"c"}, help: "tui.keys.copy", group: duties, bar: inPane(paneDuties), when: inPane(paneDuties),
			off: (*Model).copyWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.openMessage() }},

		{keys: []string{"tab", "shift+tab"}, label: "tab", help: "tui.keys.pane", group: move, bar: notRevising,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
				step := pane(1)
				if up(msg) {
					step = paneCount - 1
				}
				m.inc.focus = (m.inc.focus + step) % paneCount
				m.inc.revising = false
				return nil
			}},
		{keys: []string{"n"}, help: "tui.keys.note", group: inc, bar: notRevising, off: func(m *Model) string { return m.blocked() },
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newNoteDialog(m)) }},
		{keys: []string{"m"}, help: "tui.keys.stamp", group: inc, bar: notRevising, off: (*Model).stampWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newMilestoneDialog(m)) }},
		{keys: []string{"o"}, help: "tui.keys.assign", group: inc, bar: notRevising, off: (*Model).assignWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newReassignDialog(m)) }},
		// On the help bar where several people share the incident (a
		// roster): alone at a keyboard, the ? overlay lists it.
		{keys: []string{"T"}, help: "tui.keys.role", group: inc, bar: func(m *Model) bool { return notRevising(m) && m.opt.Roster != nil },
			off: (*Model).roleWhy,
			do:  func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newRoleDialog(m)) }},
		{keys: []string{"x"}, help: "tui.keys.close", group: inc, bar: func(m *Model) bool { return notRevising(m) && !closedHere(m) },
			off: (*Model).closeWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newEndingDialog(m)) }},
		{keys: []string{"O"}, help: "tui.life.key-reopen", group: inc, bar: closedHere, off: (*Model).reopenWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newReopenDialog(m)) }},

		{keys: []string{"?"}, help: "tui.keys.help", group: app, bar: notRevising, kept: true,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.fullHelp, m.helpTop = !m.fullHelp, 0; return nil }},
		{keys: []string{"q", "ctrl+c"}, help: "tui.keys.quit-saved", alt: altHelp{help: "tui.watch.key-quit", when: watched},
			group: app, bar: notRevising, kept: true,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				if watched(m) {
					return tea.Quit // nothing is written here: nothing to confirm
				}
				return m.push(newQuitDialog(m))
			}},
		// L opens a linked incident on a runbook the standing verdict
		// opens (spawn.go); offered only then.
		{keys: []string{"L"}, help: "tui.spawn.key", group: inc, bar: spawnOffered, off: (*Model).spawnWhy,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.findSpawnRunbooks() }},
		// s comes last, so that the help bar, which shows what fits,
		// drops it rather than quit: it offers s once a verdict stands,
		// until it is used (the triage is done, the service is next). It
		// applies always: the service may come back before a verdict.
		{keys: []string{"s"}, help: "tui.life.key-resolve", group: inc,
			bar: func(m *Model) bool {
				return notRevising(m) && m.inc.st.Verdict != nil && m.inc.st.Phase() == incident.PhaseOpen
			},
			off: (*Model).resolveWhy, do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newResolveDialog(m)) }},
		// e is on the help bar once the incident has evidence to keep: an
		// artefact registered, or an evidence list of its runbook that
		// applies (the ransomware path's); it applies always. It comes
		// after s, so that a narrow help bar drops it first.
		{keys: []string{"E"}, help: "tui.evidence.key", group: inc,
			bar: func(m *Model) bool {
				return notRevising(m) && (len(m.inc.st.Evidence) > 0 || len(m.inc.st.ExpectedEvidence()) > 0)
			},
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newEvidenceDialog(m)) }},
		// h hands the selected duty over (a resolved incident's follow-up
		// that another team takes on); last too, for the same reason as s.
		{keys: []string{"h"}, help: "tui.life.key-hand-over", group: duties, bar: inPane(paneDuties), when: inPane(paneDuties),
			off: func(m *Model) string { return m.handOverWhy(m.selectedDuty()) },
			do:  func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newHandOverDialog(m, m.selectedDuty())) }},
	}
}

// incidentKey handles a key on the incident screen: the top dialog has it
// first (ctrl+c always asks to quit), then help and quit, then the
// facilitator's keys in a drill, then the screen's.
func (m *Model) incidentKey(msg tea.KeyPressMsg) tea.Cmd {
	if d := m.dialog(); d != nil {
		if msg.String() == "ctrl+c" && !m.quitting() {
			return m.push(newQuitDialog(m))
		}
		if cmd, ok := m.press(d.keys(), msg); ok {
			return cmd
		}
		return d.update(m, msg)
	}
	keys := m.keymap.incident
	app := slices.DeleteFunc(slices.Clone(keys), func(k key) bool { return k.group != "tui.help.group.app" })
	if cmd, ok := m.press(app, msg); ok {
		return cmd
	}
	if m.fullHelp {
		if msg.String() == "esc" {
			m.fullHelp = false
		}
		if m.screen == screenIncident {
			m.press(m.keymap.overlay, msg)
			m.helpTop = min(m.helpTop, m.helpMostTop())
		}
		return nil
	}
	if m.inc.drill.on() {
		if cmd, ok := m.press(m.drillKeymap(), msg); ok {
			return cmd
		}
		if m.inc.drill.view != drillPanes {
			// The page has the screen: the panes' keys would act unseen.
			return nil
		}
	}
	cmd, _ := m.press(keys, msg)
	return cmd
}

// moveKey moves the cursor of the focused pane: the option or the answer
// to revise, the duty, the timeline.
func (m *Model) moveKey(msg tea.KeyPressMsg) tea.Cmd {
	step := 1
	if up(msg) {
		step = -1
	}
	in := &m.inc
	switch in.focus {
	case paneTriage:
		if in.revising {
			in.revCursor = clamp(in.revCursor+step, 0, len(in.st.Standing())-1)
		} else if n := in.st.Runbook.Node(in.st.Node); n != nil {
			in.opt = clamp(in.opt+step, 0, len(n.Options)-1)
		}
	case paneDuties:
		m.moveDuty(func(i, _ int) int { return i + step })
	default:
		m.scrollTimeline(func(back, _ int) int { return back - step })
	}
	return nil
}

// pageKey scrolls the timeline by a page.
func (m *Model) pageKey(msg tea.KeyPressMsg) tea.Cmd {
	page := m.timelineRows() - 1
	if up(msg) {
		page = -page
	}
	m.scrollTimeline(func(back, _ int) int { return back - page })
	return nil
}

// endsKey goes to the first or last duty, or the top or end of the
// timeline.
func (m *Model) endsKey(msg tea.KeyPressMsg) tea.Cmd {
	top := up(msg)
	if m.inc.focus == paneDuties {
		m.moveDuty(func(_, n int) int {
			if top {
				return 0
			}
			return n - 1
		})
		return nil
	}
	m.scrollTimeline(func(_, n int) int {
		if top {
			return n
		}
		return 0
	})
	return nil
}

// moveDuty puts the duty cursor where to says, given its index and the
// number of duties listed.
func (m *Model) moveDuty(to func(i, n int) int) {
	listed := m.listedDuties()
	if len(listed) == 0 {
		return
	}
	i := slices.IndexFunc(listed, func(d *incident.Duty) bool { return d.ID == m.inc.duty })
	m.inc.duty = listed[clamp(to(i, len(listed)), 0, len(listed)-1)].ID
}

// scrollTimeline moves the timeline's cursor, counted back from the
// newest event, given where it is and the most it can be (the first
// event); moving it to the end follows new events again.
func (m *Model) scrollTimeline(to func(back, most int) int) {
	most := max(0, len(m.inc.st.Events)-1)
	m.inc.tlBack = clamp(to(m.inc.tlBack, most), 0, most)
}

// pickKey moves the option cursor to the digit pressed; only enter
// answers. An answer starts legal clocks and is recorded for good: it
// deserves a deliberate key, and a digit typed for something else (a note
// whose dialog had just closed) must not be one (issue 12, M1).
func (m *Model) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	n := m.inc.st.Runbook.Node(m.inc.st.Node)
	i := int(msg.String()[0] - '1')
	if n == nil {
		return nil
	}
	if i >= len(n.Options) {
		m.setFlash(flashInfo, m.tx.T("tui.triage.no-option", "Number", i+1, "Count", len(n.Options)))
		return nil
	}
	m.inc.opt = i
	m.setFlash(flashInfo, m.tx.T("tui.triage.picked", "Number", i+1))
	return nil
}

// orBlocked is why, unless every command is blocked (closed, journal not
// saving, an action being saved), which comes first.
func (m *Model) orBlocked(why string) string {
	if b := m.blocked(); b != "" {
		return b
	}
	return why
}

func (m *Model) answerWhy() string {
	st := m.inc.st
	switch {
	case st.Verdict != nil:
		return m.orBlocked(m.tx.T("tui.why.verdict"))
	case st.Runbook.Node(st.Node) == nil:
		return m.orBlocked(m.tx.T("tui.why.nothing"))
	}
	return m.blocked()
}

// pickWhy is why a digit cannot move to an option: there is no question.
// Moving is allowed while an answer saves; enter then says why not.
func (m *Model) pickWhy() string {
	st := m.inc.st
	switch {
	case st.Verdict != nil:
		return m.orBlocked(m.tx.T("tui.why.verdict"))
	case st.Runbook.Node(st.Node) == nil:
		return m.orBlocked(m.tx.T("tui.why.nothing"))
	}
	return ""
}

func (m *Model) reviseWhy() string {
	if len(m.inc.st.Standing()) == 0 {
		return m.orBlocked(m.tx.T("tui.why.no-answers"))
	}
	return m.blocked()
}

func (m *Model) dutyWhy() string {
	switch d := m.selectedDuty(); {
	case d == nil:
		return m.orBlocked(m.tx.T("tui.why.no-duty"))
	case d.Status != incident.StatusRunning:
		return m.orBlocked(m.tx.T("tui.why.not-running"))
	}
	return m.blocked()
}

// pauseWhy is why p cannot pause the selected duty, as the engine would
// refuse it: a legal duty's clock does not stop, and pausing an overdue
// duty would hide that it is late. A paused one can always be resumed.
func (m *Model) pauseWhy() string {
	if why := m.dutyWhy(); why != "" {
		return why
	}
	switch d := m.selectedDuty(); {
	case d.Paused:
		return ""
	case d.Spec.Legal:
		return m.tx.T("tui.why.pause-legal")
	case d.Overdue || d.LateAt(m.now):
		return m.tx.T("tui.why.pause-overdue")
	}
	return ""
}

// restartWhy is why R cannot restart the selected duty: an overdue legal
// duty keeps its overdue record.
func (m *Model) restartWhy() string {
	if why := m.dutyWhy(); why != "" {
		return why
	}
	if d := m.selectedDuty(); d.Spec.Legal && d.Overdue {
		return m.tx.T("tui.why.restart-legal-overdue")
	}
	return ""
}

// selectedPaused reports whether the duty under the cursor is paused: p
// then resumes it.
func (m *Model) selectedPaused() bool {
	d := m.selectedDuty()
	return d != nil && d.Status == incident.StatusRunning && d.Paused
}

func (m *Model) copyWhy() string {
	switch d := m.selectedDuty(); {
	case d == nil:
		return m.tx.T("tui.why.no-duty")
	case d.Spec.Message == "":
		return m.tx.T("tui.why.no-message")
	}
	return ""
}

func (m *Model) stampWhy() string {
	switch {
	case m.blocked() != "":
		return m.blocked()
	case len(m.inc.st.Runbook.Milestones) == 0:
		return m.tx.T("tui.why.nothing")
	case len(m.unstamped()) == 0:
		return m.tx.T("tui.why.all-stamped")
	}
	return ""
}

func (m *Model) assignWhy() string {
	if len(m.inc.st.Roles) == 0 {
		return m.orBlocked(m.tx.T("tui.why.no-roles"))
	}
	if m.opt.Roster != nil {
		// A free-text holder would go round the roster: roles are taken
		// and handed over (T) among the people it names.
		return m.orBlocked(m.tx.T("tui.why.roster"))
	}
	return m.blocked()
}

// closeWhy is why x cannot close: only what blocks every command. Without
// a verdict, x still offers the endings that need none (dialog_ending.go).
func (m *Model) closeWhy() string { return m.blocked() }
