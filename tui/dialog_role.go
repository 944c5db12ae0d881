package tui

import (
	"slices"
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
)

// roleDialog takes a runbook role, or hands one the actor holds to
// someone else: the role, then who is to hold it — the actor, or another
// person: those of the roster (Options.Roster: shodo serve's responders
// file), else the people seen on the incident. Both are journaled
// (role.taken, role.handed-over); the engine refuses a person the roster
// does not allow the role, with the words of the refusal.
type roleDialog struct{ *form }

func newRoleDialog(m *Model) roleDialog {
	st, tx := m.inc.st, m.tx
	var roles []choice
	for _, a := range st.Roles {
		holder := tx.T("tui.dialog.role-not-taken")
		if !a.Default {
			holder = tx.T("tui.dialog.holder", "Assignee", oneLine(a.Assignee))
		}
		roles = append(roles, choice{id: a.Role, label: oneLine(st.Runbook.ActorTitle(a.Role)), detail: holder})
	}
	people := []choice{{id: "", label: tx.T("tui.dialog.role-me", "Name", oneLine(m.opt.Actor))}}
	for _, p := range m.rolePeople() {
		c := choice{id: p, label: tx.T("tui.dialog.role-to", "Name", oneLine(p))}
		if m.opt.Roster != nil {
			c.detail = tx.T("tui.dialog.role-may", "Roles", oneLine(strings.Join(m.opt.Roster.Roles(p), ", ")))
		}
		people = append(people, c)
	}
	prefix := labelPrefix(tx, "tui.keys.role")
	rule := m.roleRule()
	return roleDialog{newForm(m.dark, form{heading: tx.T("tui.dialog.role-title"),
		lists: []choiceList{{title: tx.T("tui.dialog.pick-role"), items: roles}, {title: tx.T("tui.dialog.role-who"), items: people}},
		action: func(f *form) (action, bool) {
			role, to := f.picked(0), f.picked(1)
			if to == "" {
				return action{kind: actRole, label: prefix + f.pickedLabel(0),
					run: func(e engine, actor string) error { return e.TakeRole(actor, role, rule) }}, true
			}
			return action{kind: actRole, label: prefix + f.pickedLabel(0) + " -> " + oneLine(to),
				run: func(e engine, actor string) error { return e.HandOverRole(actor, role, to, rule) }}, true
		}})}
}

// rolePeople are the people a role may be handed to, the actor left out:
// the roster's, else those seen on the incident.
func (m *Model) rolePeople() []string {
	people := m.inc.st.Actors
	if m.opt.Roster != nil {
		people = m.opt.Roster.People()
	}
	return slices.DeleteFunc(slices.Clone(people), func(p string) bool { return p == m.opt.Actor || p == incident.SystemActor })
}

// roleRule is the roster as the engine's rule; nil without one.
func (m *Model) roleRule() incident.RoleRule {
	r := m.opt.Roster
	if r == nil {
		return nil
	}
	return func(person, role string) bool { return slices.Contains(r.Roles(person), role) }
}

// roleWhy is why roles cannot be taken now.
func (m *Model) roleWhy() string {
	if len(m.inc.st.Roles) == 0 {
		return m.orBlocked(m.tx.T("tui.why.no-roles"))
	}
	return m.blocked()
}
