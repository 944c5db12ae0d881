package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// reviseDialog asks to confirm going back to an answered question, saying
// what that undoes.
type reviseDialog struct {
	heading string
	body    []string
	saving  bool
	err     string
	act     action
}

// openRevise asks to confirm going back to node.
func (m *Model) openRevise(node string) {
	st := m.inc.st
	std := st.Standing()
	from := len(std)
	for i := len(std) - 1; i >= 0; i-- {
		if std[i].Node == node {
			from = i
			break
		}
	}
	if from == len(std) {
		return
	}
	ask, _ := answerText(*m, st.Runbook, std[from])
	body := []string{m.tx.T("tui.dialog.superseded")}
	stamps := false
	for i, a := range std[from:] {
		q, l := answerText(*m, st.Runbook, a)
		body = append(body, fmt.Sprintf("  %d. %s -> %s", from+i+1, q, l))
		if n := st.Runbook.Node(a.Node); n != nil {
			for _, id := range a.Picked() {
				if o := n.Option(id); o != nil && len(o.Stamp) > 0 {
					stamps = true
				}
			}
		}
	}
	if st.Verdict != nil {
		body = append(body, m.tx.T("tui.dialog.revise-verdict", "Verdict", oneLine(st.Verdict.Title)))
	}
	if stamps {
		body = append(body, m.tx.T("tui.dialog.revise-stamps"))
	}
	body = append(body, m.tx.T("tui.dialog.revise-duties"))
	m.push(&reviseDialog{heading: m.tx.T("tui.dialog.revise-title", "Question", ask), body: body,
		act: action{kind: actRevise, label: labelPrefix(m.tx, "tui.keys.revise") + ask, run: func(e engine, actor string) error {
			return e.Revise(actor, node)
		}}})
}

func (d *reviseDialog) title() string      { return d.heading }
func (d *reviseDialog) submitting() bool   { return d.saving }
func (d *reviseDialog) failed(why string)  { d.saving, d.err = false, why }
func (d *reviseDialog) refused(why string) { d.err = why }

func (d *reviseDialog) keys() []key {
	return []key{
		{keys: []string{"y", "Y", "enter"}, label: "y", help: "tui.keys.confirm", bar: always,
			off: func(m *Model) string { return m.blocked() },
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				if d.saving {
					return nil
				}
				d.saving, d.err = true, ""
				return m.do(d.act)
			}},
		{keys: []string{"n", "N", "esc", "q"}, label: "n/esc", help: "tui.keys.cancel", bar: always,
			when: func(*Model) bool { return !d.saving },
			do:   func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

func (d *reviseDialog) update(*Model, tea.KeyPressMsg) tea.Cmd { return nil }

func (d *reviseDialog) view(m *Model, w, _ int) []string {
	return m.bodyLines(d.body, d.saving, d.err, w)
}
