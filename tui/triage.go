package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// triageView draws the current question, its hint and options, or the
// verdict; then the answers given so far. The question and options come
// first: the hint and the path give way when the pane is short.
func (m Model) triageView(w, h int) []string {
	st, s := m.inc.st, m.st
	rb := st.Runbook
	focused := m.inc.focus == paneTriage
	var top, opts, hint []string
	switch n := rb.Node(st.Node); {
	case st.Verdict != nil:
		top = m.verdictLines(w)
	case n != nil:
		for _, l := range limit(wrap(oneLine(n.Ask), w), 4) {
			top = append(top, s.bold.Render(l))
		}
		if n.IsNumber() {
			opts = m.numberLines(n, w)
		} else {
			opts = m.optionLines(n, w, focused && !m.inc.revising)
		}
		if n.Hint != "" {
			for _, l := range hang(m.tx.T("tui.triage.hint"), paragraph(n.Hint), w) {
				hint = append(hint, s.subtle.Render(l))
			}
		}
	}
	if st.Closed {
		top = append([]string{s.bold.Render(m.tx.T("tui.triage.closed-note"))}, top...)
	}
	path := m.pathLines(w)
	// Budget: question and options always; the path at least its title and
	// two answers (all of them while revising); the hint what is left.
	pathMin := min(len(path), 3)
	if m.inc.revising {
		pathMin = len(path)
	}
	room := h - len(top) - len(opts) - pathMin - 2
	hint = limit(hint, min(max(0, room), 6))
	lines := append(top, opts...)
	if len(hint) > 0 {
		lines = append(lines, "")
		lines = append(lines, hint...)
	}
	lines = append(lines, "")
	left := max(0, h-len(lines))
	if wrapped := m.wrappedPathLines(w, left); wrapped != nil {
		path = wrapped
	}
	if len(path) > left && left > 1 {
		// Keep the title; show the latest answers, or those around the
		// revision cursor.
		keep := left - 1
		from := len(path) - keep
		if m.inc.revising {
			from = clamp(m.inc.revCursor+1-keep/2, 1, len(path)-keep)
		}
		path = append(path[:1:1], path[from:from+keep]...)
	}
	return append(lines, path...)
}

// limit keeps at most n lines, marking the cut.
func limit(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	if n <= 0 {
		return nil
	}
	out := append([]string(nil), lines[:n]...)
	out[n-1] = out[n-1] + ellipsis
	return out
}

// optionLines numbers the options; the one under the cursor is drawn whole
// (wrapped) and marked, the others cut to one line.
func (m Model) optionLines(n *runbook.Node, w int, focused bool) []string {
	var lines []string
	for i, o := range n.Options {
		num := "   "
		if i < 9 {
			num = strconv.Itoa(i+1) + ". "
		}
		label := oneLine(o.Label)
		if n.Multi {
			// A box that says, in text, whether the option is picked.
			box := "[ ] "
			if slices.Contains(m.inc.picked, o.ID) {
				box = "[x] "
			}
			label = box + label
		}
		if o.ID == m.inc.answering {
			label += "  " + m.tx.T("tui.aside", "Text", m.tx.T("tui.triage.saving-mark"))
		}
		if i != m.inc.opt {
			// Wrapped under the label too, in two lines at most: an
			// answer reads whole before it is chosen.
			lines = append(lines, limit(hang("  "+num, label, w), 2)...)
			continue
		}
		marker := "> "
		if !focused {
			marker = "* "
		}
		for _, l := range limit(hang(marker+num, label, w), 3) {
			line := fit(l, w)
			if focused {
				line = m.st.selected.Render(line)
			} else {
				line = m.st.bold.Render(line)
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// verdictLines state the verdict in words: its title, whether it is a
// security incident, its rank, and its summary.
func (m Model) verdictLines(w int) []string {
	v, rb, tx, s := m.inc.st.Verdict, m.inc.st.Runbook, m.tx, m.st
	lines := []string{s.subtle.Render(tx.T("tui.triage.verdict-title"))}
	for _, l := range limit(wrap(oneLine(v.Title), w), 3) {
		lines = append(lines, s.bold.Render(l))
	}
	words, style := tx.T("tui.header.not-security"), s.ok
	if v.Security {
		words, style = tx.T("tui.header.security"), s.alert
	}
	if v.Rank != "" {
		rank := strings.ToUpper(oneLine(v.Rank))
		if r := rb.Rank(v.Rank); r != nil && r.Title != "" {
			rank = oneLine(r.Title)
		}
		words = tx.T("tui.header.kind-rank", "Kind", words, "Rank", rank)
	}
	for _, l := range limit(wrap(words, w), 2) {
		lines = append(lines, style.Render(l))
	}
	if rv := rb.Verdict(v.ID); rv != nil && rv.Summary != "" {
		for _, l := range limit(wrap(paragraph(rv.Summary), w), 4) {
			lines = append(lines, s.subtle.Render(l))
		}
	}
	return lines
}

// pathLines list the standing answers: question, then the answer given.
// While revising, the cursor marks the answer to go back to.
func (m Model) pathLines(w int) []string {
	st, s := m.inc.st, m.st
	std := st.Standing()
	lines := []string{s.subtle.Render(rule(m.tx.T("tui.triage.path-title"), w))}
	if len(std) == 0 {
		return append(lines, s.subtle.Render(m.tx.T("tui.triage.no-answers")))
	}
	if m.inc.revising {
		// The instruction takes the rule's place, wrapped: it is the one
		// thing to read while choosing.
		lines = nil
		for _, l := range wrap(m.tx.T("tui.triage.revise-choose"), w) {
			lines = append(lines, s.accent.Render(l))
		}
	}
	for i, a := range std {
		ask, label := answerText(m, st.Runbook, a)
		line := fmt.Sprintf("%d. %s -> %s", i+1, ask, label)
		if m.inc.revising && i == m.inc.revCursor {
			lines = append(lines, s.selected.Render(fit("> "+line, w)))
			continue
		}
		lines = append(lines, cut("  "+line, w))
	}
	return lines
}

// wrappedPathLines are pathLines with every answer wrapped under its
// number instead of cut, for a pane with room for them all; nil while
// revising (the cursor moves over one line per answer) or without room.
func (m Model) wrappedPathLines(w, room int) []string {
	std := m.inc.st.Standing()
	if m.inc.revising || len(std) == 0 {
		return nil
	}
	lines := []string{m.st.subtle.Render(rule(m.tx.T("tui.triage.path-title"), w))}
	for i, a := range std {
		ask, label := answerText(m, m.inc.st.Runbook, a)
		lines = append(lines, hang(fmt.Sprintf("  %d. ", i+1), ask+" -> "+label, w)...)
		if len(lines) > room {
			return nil
		}
	}
	return lines
}

// answerText is the question and the answer given in words (answerLabel),
// or their ids when the runbook does not know them.
func answerText(m Model, rb *runbook.Runbook, a incident.Answer) (ask, label string) {
	ask = a.Node
	n := rb.Node(a.Node)
	if n != nil {
		ask = n.Ask
	}
	return oneLine(ask), answerLabel(m, n, a)
}

// answer records option i of the current node; on a multi node the
// options picked, on a number node it asks for the number.
func (m *Model) answer(i int) tea.Cmd {
	st := m.inc.st
	n := st.Runbook.Node(st.Node)
	switch {
	case n == nil:
		return nil
	case n.IsNumber():
		return m.push(newNumberDialog(m, n))
	case n.Multi:
		return m.answerMany(n)
	case i < 0 || i >= len(n.Options):
		return nil
	}
	o := n.Options[i]
	node, opt := n.ID, o.ID
	m.inc.answering = opt
	return m.do(action{
		kind:  actAnswer,
		label: labelPrefix(m.tx, "tui.keys.answer") + oneLine(o.Label),
		run:   func(e engine, actor string) error { return e.Answer(actor, node, opt) },
	})
}

// do sends an action to the engine and marks it pending until it answers.
func (m *Model) do(a action) tea.Cmd {
	m.inc.pending = a.label
	m.stray.held = ""
	return runAction(m.inc.eng, m.opt.Actor, a)
}
