package tui

import (
	"strconv"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/claimed"
)

// The extension dialog (X on a duty whose law allows one: SEC Form 8-K
// Item 1.05(c), HIPAA 164.412): which step of the duty's extensions was
// granted, by whom, with what reference, how long (up to the step's bound,
// which the field starts with) and when it was granted. The engine refuses
// a step out of order, one too long, or one whose circumstance the grant
// does not affirm; the dialog stays open with the reason.

// Fields of the extension dialog, in order.
const (
	exAuthority = iota
	exReference
	exLength
	exGranted
)

func newExtendDialog(m *Model, d *incident.Duty) *fieldsForm {
	tx, eng := m.tx, m.inc.eng
	name, duty := m.dutyName(d), d.ID
	_, allowed := incident.NextExtension(d)
	var steps []choice
	requires := false
	for _, n := range allowed {
		x := d.Spec.Extensions[n-1]
		bound := tx.T("tui.extend.no-bound")
		if !x.UpTo.IsZero() {
			bound = tx.T("tui.extend.up-to", "UpTo", x.UpTo.String())
		}
		steps = append(steps, choice{id: strconv.Itoa(n), label: tx.T("tui.extend.step", "Step", n, "By", oneLine(x.By), "Bound", bound)})
		requires = requires || x.Requires != ""
	}
	lists := []choiceList{{title: tx.T("tui.extend.pick-step"), items: steps}}
	if requires {
		// Asked only when a step could need it; the engine checks it for
		// the step picked.
		lists = append(lists, choiceList{title: tx.T("tui.extend.affirmed-title"), items: []choice{
			{id: "no", label: tx.T("tui.extend.affirmed-no")}, {id: "yes", label: tx.T("tui.extend.affirmed-yes")}}})
	}
	f := newFieldsForm(m, fieldsForm{heading: tx.T("tui.extend.title", "Duty", name), lists: lists},
		tx.T("tui.extend.f-authority")+"*", tx.T("tui.extend.f-reference"), tx.T("tui.extend.f-length")+"*", tx.T("tui.extend.f-granted"))
	if len(allowed) > 0 {
		if up := d.Spec.Extensions[allowed[0]-1].UpTo; !up.IsZero() {
			f.set(exLength, up.String())
		}
	}
	label := labelPrefix(tx, "tui.keys.extend-duty") + name
	f.action = func(f *fieldsForm) (action, bool) {
		if f.missing(m) {
			return action{}, false
		}
		length, err := runbook.ParseDuration(f.value(exLength))
		if err != nil || length.IsBusiness() {
			f.err = tx.T("tui.extend.bad-length", "Length", f.value(exLength))
			return action{}, false
		}
		granted, err := claimed.Parse(f.value(exGranted), eng.Now())
		if err != nil {
			f.err = claimWords(tx, err)
			return action{}, false
		}
		pick := func(i int) string {
			if i >= len(f.lists) || len(f.lists[i].items) == 0 {
				return ""
			}
			l := f.lists[i]
			return l.items[clamp(l.cursor, 0, len(l.items)-1)].id
		}
		step, _ := strconv.Atoi(pick(0))
		g := incident.Grant{Step: step, Authority: f.value(exAuthority), Reference: f.value(exReference), Length: length,
			Affirmed: pick(1) == "yes", Granted: granted}
		return action{kind: actExtend, label: label, run: func(e engine, actor string) error {
			return e.ExtendDuty(actor, duty, g)
		}}, true
	}
	return f
}

// extendWhy is why X cannot extend the selected duty: it must be running
// with a due time, and its runbook must declare a step not yet granted.
func (m *Model) extendWhy() string {
	if why := m.dutyWhy(); why != "" {
		return why
	}
	switch d := m.selectedDuty(); {
	case len(d.Spec.Extensions) == 0:
		return m.tx.T("tui.why.extend-none")
	case d.Due.IsZero():
		return m.tx.T("tui.why.extend-no-due")
	default:
		if next, _ := incident.NextExtension(d); next == 0 {
			return m.tx.T("tui.why.extend-used")
		}
	}
	return ""
}

// untilWords names what a deferred duty waits for: a milestone by its
// title, any other trigger as written.
func (m Model) untilWords(until string) string {
	if tr, err := runbook.ParseTrigger(until); err == nil && tr.Kind == runbook.TriggerMilestone && m.inc.st != nil {
		if ms := m.inc.st.Runbook.Milestone(tr.Arg); ms != nil && ms.Title != "" {
			return oneLine(ms.Title)
		}
	}
	return oneLine(until)
}
