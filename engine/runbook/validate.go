package runbook

import (
	"fmt"
	"slices"
)

// reviewMaxAge is how old `reviewed` may be before the lint asks for a review.
const reviewMaxAge = 365 * 24 // hours

// Validate checks the meaning of a decoded runbook: references, reachability,
// and the lint rules about contracts and reviews. Load runs it already; it
// is exported so that a runbook can be re-checked (say, at another Now).
func Validate(rb *Runbook, opt Options) Diagnostics {
	v := validator{rb: rb}
	v.header(opt)
	v.roles()
	v.duties()
	v.triage()
	v.verdicts()
	return v.r.diags.Sort()
}

type validator struct {
	rb *Runbook
	r  reporter
}

// dangling reports a reference to an id that does not exist, suggesting
// the nearest one.
func (v *validator) dangling(at loc, sub, format string, id string, candidates []string, args ...any) {
	v.r.errorf(at, sub, "dangling-ref", "%s", withSuggestion(fmt.Sprintf(format, args...), id, candidates))
}

// withSuggestion adds the nearest candidate to a message about an unknown
// id, or the short list of known ids when none is near.
func withSuggestion(msg, id string, candidates []string) string {
	if s := suggest(id, candidates); s != "" {
		return msg + fmt.Sprintf(" (did you mean %q?)", s)
	}
	if len(candidates) > 0 && len(candidates) <= 12 {
		return msg + "; known: " + quoteList(candidates)
	}
	return msg
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func (v *validator) actorIDs() []string {
	return append(ids(v.rb.Roles, func(r *Role) string { return r.ID }), ids(v.rb.Parties, func(p *Party) string { return p.ID })...)
}

func (v *validator) isActor(id string) bool { return v.rb.Role(id) != nil || v.rb.Party(id) != nil }

func (v *validator) header(opt Options) {
	if opt.Now.IsZero() {
		return
	}
	if v.rb.Reviewed.IsZero() && !v.written(v.rb.at, "reviewed") {
		v.r.warnf(v.rb.at, "", "review-missing", "the runbook has no reviewed date; add reviewed = %s after checking its contacts and deadlines", opt.Now.Format("2006-01-02"))
		return
	}
	if v.rb.Reviewed.IsZero() {
		return // written, but not as a date: already an error
	}
	if age := opt.Now.Sub(v.rb.Reviewed); age.Hours() > reviewMaxAge {
		v.r.warnf(v.rb.at, "reviewed", "review-stale", "last reviewed %s, %d days ago; check the contacts, contracts and deadlines with the parties, then update reviewed", v.rb.Reviewed.Format("2006-01-02"), int(age.Hours()/24))
	}
}

func (v *validator) roles() {
	for _, r := range v.rb.Roles {
		if r.Assignee == "" {
			v.r.warnf(r.at, "", "no-assignee", "role %q has no assignee; name who holds it by default (assignee = \"…\") so nobody has to decide at 3 a.m.", r.ID)
		}
	}
}

func (v *validator) duties() {
	seen := map[string]*Duty{}
	allMeans := map[string]bool{}
	for _, p := range v.rb.Parties {
		for _, m := range p.Means {
			allMeans[m.By] = true
		}
	}
	for _, d := range v.rb.Duties {
		if first, dup := seen[d.ID]; dup {
			p := first.Pos
			v.r.errorf(d.at, "id", "duplicate-id", "duty %q is already defined at %s:%d:%d; give each duty its own id", d.ID, p.File, p.Line, p.Col)
		} else {
			seen[d.ID] = d
		}
		if d.Who != "" && !v.isActor(d.Who) {
			v.dangling(d.at, "who", "duty %q: who = %q is not a role or party", d.Who, v.actorIDs(), d.ID, d.Who)
		}
		if d.Contacts != "" && !v.isActor(d.Contacts) {
			v.dangling(d.at, "contacts", "duty %q: contacts = %q is not a role or party", d.Contacts, v.actorIDs(), d.ID, d.Contacts)
		}
		v.dutyMeans(d, allMeans)
		for i, t := range d.On {
			v.trigger(d, i, t)
		}
		v.dutyContracts(d)
	}
}

func (v *validator) dutyMeans(d *Duty, allMeans map[string]bool) {
	party := v.rb.Party(d.Contacts)
	// The list of known means and the place of each value are built only
	// for a value that has something to report: most have nothing.
	known := func() []string {
		known := make([]string, 0, len(allMeans))
		for m := range allMeans {
			known = append(known, m)
		}
		slices.Sort(known)
		return known
	}
	for i, by := range d.By {
		sub := func() string {
			if len(d.By) > 1 || v.isList(d.at, "by") {
				return fmt.Sprintf("by[%d]", i)
			}
			return "by"
		}
		switch {
		case !allMeans[by]:
			v.dangling(d.at, sub(), "duty %q: by = %q is not a means of any party", by, known(), d.ID, by)
		case party != nil && !slices.ContainsFunc(party.Means, func(m Means) bool { return m.By == by }):
			v.r.warnf(d.at, sub(), "means-missing", "duty %q: %s has no %q means; add it to the party's means or use one it has (%s)", d.ID, party.ID, by, quoteList(ids(party.Means, func(m Means) string { return m.By })))
		}
	}
}

// written reports whether key was present in the source under at.
func (v *validator) written(at loc, key string) bool {
	if at.file == nil {
		return false
	}
	_, ok := at.file.keys[joinKey(at.path, key)]
	return ok
}

// isList reports whether the key was written as a list (its first element
// has a position), so a diagnostic can point at the element.
func (v *validator) isList(at loc, key string) bool {
	if at.file == nil {
		return false
	}
	_, ok := at.file.keys[joinIndex(joinKey(at.path, key), 0)]
	return ok
}

func (v *validator) trigger(d *Duty, i int, t Trigger) {
	// Where and what are named only when reported: most triggers are fine.
	at := func() string {
		if v.isList(d.at, "on") {
			return fmt.Sprintf("on[%d]", i)
		}
		return "on"
	}
	what := func() string { return fmt.Sprintf("duty %q: trigger %q", d.ID, t.String()) }
	ref := t.Ref()
	switch {
	case ref == RefNone || t.Arg == "":
		// Nothing named: a bare trigger such as "opened" or "verdict".
	case ref == RefDuty && t.Arg == d.ID:
		v.r.errorf(d.at, at(), "bad-trigger", "%s refers to the duty itself, which cannot have started yet; name another duty", what())
	case !ref.Exists(v.rb, t.Arg):
		v.dangling(d.at, at(), "%s names unknown %s %q", t.Arg, ref.IDs(v.rb), what(), ref, t.Arg)
	}
}

// dutyContracts applies the lint rules that come from the seed's cases: a
// security vendor without an NDA cannot start investigating at once, and a
// vendor without a maintenance contract need not answer a first call at all.
func (v *validator) dutyContracts(d *Duty) {
	for _, id := range []string{d.Who, d.Contacts} {
		p := v.rb.Party(id)
		if p == nil {
			continue
		}
		sub := "contacts"
		if id == d.Who {
			sub = "who"
		}
		if p.Kind == KindSecurityVendor && id == d.Contacts && (p.Contract == nil || !p.Contract.NDA) {
			v.r.warnf(d.at, sub, "nda-missing", "duty %q contacts security vendor %q, whose contract has no nda = true; an investigation would wait for an NDA: sign one in advance and record it in the contract", d.ID, p.ID)
		}
		if p.Kind == KindVendor && slices.ContainsFunc(d.On, func(t Trigger) bool { return t.Kind == TriggerOpened }) && (p.Contract == nil || !p.Contract.Maintenance) {
			v.r.warnf(d.at, sub, "no-maintenance", "duty %q asks vendor %q for a first response on opening, but its contract has no maintenance = true; without a maintenance contract it need not respond: agree one or change the duty", d.ID, p.ID)
		}
	}
}

func (v *validator) triage() {
	t := v.rb.Triage
	nodeIDs := ids(t.Nodes, func(n *Node) string { return n.ID })
	verdictIDs := ids(v.rb.Verdicts, func(x *Verdict) string { return x.ID })
	milestoneIDs := ids(v.rb.Milestones, func(x *Milestone) string { return x.ID })
	if t.Start != "" && v.rb.Node(t.Start) == nil {
		v.dangling(t.at, "start", "triage start = %q is not a node", t.Start, nodeIDs, t.Start)
	}
	for _, n := range t.Nodes {
		seen := map[string]bool{}
		for _, o := range n.Options {
			// Named only when reported: most options have nothing to report.
			what := func() string { return fmt.Sprintf("option %q of node %q", o.ID, n.ID) }
			if seen[o.ID] {
				v.r.errorf(o.at, "id", "duplicate-id", "node %q has two options with id %q; option ids must be unique within their node", n.ID, o.ID)
			}
			seen[o.ID] = true
			if o.Next != "" && v.rb.Node(o.Next) == nil {
				v.dangling(o.at, "next", "%s points to unknown node %q", o.Next, nodeIDs, what(), o.Next)
			}
			if o.Verdict != "" && v.rb.Verdict(o.Verdict) == nil {
				v.dangling(o.at, "verdict", "%s points to unknown verdict %q", o.Verdict, verdictIDs, what(), o.Verdict)
			}
			for i, m := range o.Stamp {
				if v.rb.Milestone(m) == nil {
					sub := "stamp"
					if v.isList(o.at, "stamp") {
						sub = fmt.Sprintf("stamp[%d]", i)
					}
					v.dangling(o.at, sub, "%s stamps unknown milestone %q", m, milestoneIDs, what(), m)
				}
			}
		}
	}
	v.reachability()
}

// reachability reports nodes that start cannot reach and nodes from which no
// verdict can be reached (a responder would be stuck there).
func (v *validator) reachability() {
	t := v.rb.Triage
	if v.rb.Node(t.Start) == nil {
		return
	}
	reached := map[string]bool{t.Start: true}
	queue := []string{t.Start}
	for len(queue) > 0 {
		n := v.rb.Node(queue[0])
		queue = queue[1:]
		for _, o := range n.Options {
			if o.Next != "" && v.rb.Node(o.Next) != nil && !reached[o.Next] {
				reached[o.Next] = true
				queue = append(queue, o.Next)
			}
		}
	}
	// A node can finish if one of its options ends in a verdict or leads to
	// a node that can; iterate to a fixpoint (cycles are allowed).
	finishes := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, n := range t.Nodes {
			if finishes[n.ID] {
				continue
			}
			for _, o := range n.Options {
				if o.Verdict != "" && v.rb.Verdict(o.Verdict) != nil || o.Next != "" && finishes[o.Next] {
					finishes[n.ID] = true
					changed = true
					break
				}
			}
		}
	}
	for _, n := range t.Nodes {
		if !reached[n.ID] {
			v.r.errorf(n.at, "", "unreachable", "node %q cannot be reached from start %q; link it from an option (next = %q) or remove it", n.ID, t.Start, n.ID)
			continue
		}
		if !finishes[n.ID] {
			v.r.errorf(n.at, "", "no-verdict", "no verdict can be reached from node %q: every path from it loops or ends without one; give one of its options a verdict or a next that leads to one", n.ID)
		}
	}
}

func (v *validator) verdicts() {
	used := map[string]bool{}
	for _, n := range v.rb.Triage.Nodes {
		for _, o := range n.Options {
			used[o.Verdict] = true
		}
	}
	rankIDs := ids(v.rb.Ranks, func(x *Rank) string { return x.ID })
	for _, vd := range v.rb.Verdicts {
		if vd.Rank != "" && v.rb.Rank(vd.Rank) == nil {
			v.dangling(vd.at, "rank", "verdict %q has unknown rank %q", vd.Rank, rankIDs, vd.ID, vd.Rank)
		}
		if !used[vd.ID] {
			v.r.warnf(vd.at, "", "unused-verdict", "no option leads to verdict %q; add an option with verdict = %q or remove it", vd.ID, vd.ID)
		}
	}
}
