package tui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Answers beyond one option (format version 2): on a multi node space
// toggles the option under the cursor and enter records the set; on a
// number node enter opens a dialog for the number. The header shows the
// dimensions' values beside the verdict.

// currentNode is the node being asked, or nil.
func (m *Model) currentNode() *runbook.Node {
	return m.inc.st.Runbook.Node(m.inc.st.Node)
}

// onMulti reports whether the question asked takes several options.
func onMulti(m *Model) bool {
	n := m.currentNode()
	return inPane(paneTriage)(m) && n != nil && n.Multi
}

// toggleKey picks or unpicks the option under the cursor of a multi node.
// Nothing is recorded until enter.
func (m *Model) toggleKey(tea.KeyPressMsg) tea.Cmd {
	n := m.currentNode()
	if n == nil || !n.Multi || m.inc.opt >= len(n.Options) {
		return nil
	}
	id := n.Options[m.inc.opt].ID
	if i := slices.Index(m.inc.picked, id); i >= 0 {
		m.inc.picked = slices.Delete(slices.Clone(m.inc.picked), i, i+1)
	} else {
		m.inc.picked = append(slices.Clip(m.inc.picked), id)
	}
	return nil
}

// toggleWhy is why space does nothing: the question takes one option.
func (m *Model) toggleWhy() string {
	if n := m.currentNode(); n == nil || !n.Multi {
		return m.orBlocked(m.tx.T("tui.why.not-multi"))
	}
	return ""
}

// answerMany records the options picked on a multi node, in the node's
// order; with none picked on a node that needs one it says so instead.
func (m *Model) answerMany(n *runbook.Node) tea.Cmd {
	var picked, labels []string
	for _, o := range n.Options {
		if slices.Contains(m.inc.picked, o.ID) {
			picked = append(picked, o.ID)
			labels = append(labels, oneLine(o.Label))
		}
	}
	if len(picked) == 0 && !n.AllowNone {
		m.setFlash(flashInfo, m.tx.T("tui.triage.pick-first"))
		return nil
	}
	label := m.tx.T("tui.triage.none-picked")
	if len(labels) > 0 {
		label = strings.Join(labels, m.tx.T("runbook.list.separator"))
	}
	node := n.ID
	m.inc.answering = strings.Join(picked, ",")
	return m.do(action{
		kind:  actAnswer,
		label: labelPrefix(m.tx, "tui.keys.answer") + label,
		run:   func(e engine, actor string) error { return e.AnswerMany(actor, node, picked) },
	})
}

// numberLines say, under a number node's question, what to type and how:
// the unit and the range the node accepts.
func (m Model) numberLines(n *runbook.Node, w int) []string {
	var lines []string
	for _, l := range wrap(numberPrompt(m, n, "tui.triage.number-enter"), w) {
		lines = append(lines, m.st.accent.Render(l))
	}
	return lines
}

// numberPrompt is what the triage pane (id tui.triage.number-enter) and
// the number dialog (tui.dialog.number-prompt) ask: id, or id-unit with
// the node's unit, then the range.
func numberPrompt(m Model, n *runbook.Node, id string) string {
	text := m.tx.T(id)
	if n.Unit != "" {
		text = m.tx.T(id+"-unit", "Unit", oneLine(n.Unit))
	}
	if r := numberRange(m, n); r != "" {
		text = m.tx.T("tui.triage.number-with-range", "Prompt", text, "Range", r)
	}
	return text
}

// numberRange says the range a number node accepts, or "" when it has
// none.
func numberRange(m Model, n *runbook.Node) string {
	switch {
	case n.Min != nil && n.Max != nil:
		return m.tx.T("tui.triage.number-between", "Min", runbook.FormatNumber(*n.Min), "Max", runbook.FormatNumber(*n.Max))
	case n.Min != nil:
		return m.tx.T("tui.triage.number-at-least", "Min", runbook.FormatNumber(*n.Min))
	case n.Max != nil:
		return m.tx.T("tui.triage.number-at-most", "Max", runbook.FormatNumber(*n.Max))
	}
	return ""
}

// numberDialog asks for the number a number node is answered with. What
// is not a number, or is outside the node's range, is said in the dialog
// and nothing is recorded.
type numberDialog struct{ *form }

func newNumberDialog(m *Model, n *runbook.Node) numberDialog {
	prefix := labelPrefix(m.tx, "tui.keys.answer")
	tx, node, unit := m.tx, n, oneLine(n.Unit)
	return numberDialog{newForm(m.dark, form{heading: oneLine(n.Ask),
		hasInput: true, inputTitle: numberPrompt(*m, n, "tui.dialog.number-prompt"), required: true,
		action: func(f *form) (action, bool) {
			x, ok := runbook.ParseNumber(f.text())
			if !ok {
				f.err = tx.T("tui.dialog.not-a-number", "Text", oneLine(f.text()))
				return action{}, false
			}
			if !node.InRange(x) {
				f.err = tx.T("tui.dialog.number-out-of-range", "Number", runbook.FormatNumber(x))
				return action{}, false
			}
			label := runbook.GroupedNumber(x)
			if unit != "" {
				label = tx.T("export.word.number-unit", "Number", label, "Unit", unit)
			}
			id := node.ID
			return action{kind: actAnswer, label: prefix + label, run: func(e engine, actor string) error {
				return e.AnswerNumber(actor, id, x)
			}}, true
		}})}
}

// answerLabel is the answer given, in words: the option's label, the
// labels of the options picked, or the number with its unit.
func answerLabel(m Model, n *runbook.Node, a incident.Answer) string {
	if a.Number != nil {
		num := runbook.GroupedNumber(*a.Number)
		if n != nil && n.Unit != "" {
			return m.tx.T("export.word.number-unit", "Number", num, "Unit", oneLine(n.Unit))
		}
		return num
	}
	picked := a.Picked()
	if len(picked) == 0 {
		return m.tx.T("tui.triage.none-picked")
	}
	labels := make([]string, len(picked))
	for i, id := range picked {
		labels[i] = id
		if n != nil {
			if o := n.Option(id); o != nil {
				labels[i] = oneLine(o.Label)
			}
		}
	}
	return strings.Join(labels, m.tx.T("runbook.list.separator"))
}

// dimensionParts are the header's words for the dimensions' values: the
// dimension's title and the value's label, each a part of its own.
func (m Model) dimensionParts() []string {
	st := m.inc.st
	var out []string
	for _, v := range st.Dimensions() {
		title, value := v.Dimension, v.Value
		if d := st.Runbook.Dimension(v.Dimension); d != nil {
			title, value = oneLine(d.Title), oneLine(d.ValueLabel(v.Value))
		}
		out = append(out, m.st.accent.Render("["+m.tx.T("tui.header.dimension", "Dimension", title, "Value", value)+"]"))
	}
	return out
}
