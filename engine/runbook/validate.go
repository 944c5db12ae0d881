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
	v.calendars()
	v.duties()
	v.triage()
	v.verdicts()
	v.preparation(opt)
	return v.r.diags.Sort()
}

type validator struct {
	rb *Runbook
	r  reporter
}

// dangling reports a reference to an id that does not exist, with m
// (whose last parameter is Hint): the nearest candidate as a "did you
// mean", or the short list of known ids.
func (v *validator) dangling(at loc, sub string, m Message, id string, candidates []string, args ...Arg) {
	v.r.fail(at, sub, m, append(args, Part("Hint", suggestion(id, candidates)))...)
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
		v.r.warn(v.rb.at, "", msgReviewMissing, Plain("Date", opt.Now.Format("2006-01-02")))
		return
	}
	if v.rb.Reviewed.IsZero() {
		return // written, but not as a date: already an error
	}
	if age := opt.Now.Sub(v.rb.Reviewed); age.Hours() > reviewMaxAge {
		v.r.warn(v.rb.at, "reviewed", msgReviewStale, Plain("Date", v.rb.Reviewed.Format("2006-01-02")), Number("Days", int(age.Hours()/24)))
	}
}

func (v *validator) roles() {
	for _, r := range v.rb.Roles {
		if r.Assignee == "" {
			v.r.warn(r.at, "", msgNoAssignee, Quoted("Role", r.ID))
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
			v.r.fail(d.at, "id", msgDuplicateDuty, Quoted("Duty", d.ID), Plain("At", first.Pos.String()))
		} else {
			seen[d.ID] = d
		}
		if d.Who != "" && !v.isActor(d.Who) {
			v.dangling(d.at, "who", msgNotAnActor, d.Who, v.actorIDs(), Quoted("Duty", d.ID), Plain("Key", "who"), Quoted("Value", d.Who))
		}
		if d.Contacts != "" && !v.isActor(d.Contacts) {
			v.dangling(d.at, "contacts", msgNotAnActor, d.Contacts, v.actorIDs(), Quoted("Duty", d.ID), Plain("Key", "contacts"), Quoted("Value", d.Contacts))
		}
		v.dutyMeans(d, allMeans)
		for i, t := range d.On {
			v.trigger(d, i, t)
		}
		v.dutyContracts(d)
		v.dutyClock(d)
		v.dutyContent(d)
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
			v.dangling(d.at, sub(), msgUnknownMeans, by, known(), Quoted("Duty", d.ID), Quoted("By", by))
		case party != nil && !slices.ContainsFunc(party.Means, func(m Means) bool { return m.By == by }):
			v.r.warn(d.at, sub(), msgMeansMissing, Quoted("Duty", d.ID), Plain("Party", party.ID), Quoted("By", by),
				QuotedList("Has", ids(party.Means, func(m Means) string { return m.By })))
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
	ref := t.Ref()
	switch {
	case ref == RefNone || t.Arg == "":
		// Nothing named: a bare trigger such as "opened" or "verdict".
	case ref == RefDuty && t.Arg == d.ID:
		v.r.fail(d.at, at(), msgTriggerSelf, Quoted("Duty", d.ID), Quoted("Trigger", t.String()))
	case !ref.Exists(v.rb, t.Arg):
		v.dangling(d.at, at(), msgTriggerDangling, t.Arg, ref.IDs(v.rb),
			Quoted("Duty", d.ID), Quoted("Trigger", t.String()), Part("Ref", ref.kind().With()), Quoted("ID", t.Arg))
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
			v.r.warn(d.at, sub, msgNDAMissing, Quoted("Duty", d.ID), Quoted("Party", p.ID))
		}
		if p.Kind == KindVendor && slices.ContainsFunc(d.On, func(t Trigger) bool { return t.Kind == TriggerOpened }) && (p.Contract == nil || !p.Contract.Maintenance) {
			v.r.warn(d.at, sub, msgNoMaintenance, Quoted("Duty", d.ID), Quoted("Party", p.ID))
		}
	}
}

func (v *validator) triage() {
	t := v.rb.Triage
	nodeIDs := ids(t.Nodes, func(n *Node) string { return n.ID })
	verdictIDs := ids(v.rb.Verdicts, func(x *Verdict) string { return x.ID })
	milestoneIDs := ids(v.rb.Milestones, func(x *Milestone) string { return x.ID })
	if t.Start != "" && v.rb.Node(t.Start) == nil {
		v.dangling(t.at, "start", msgUnknownStart, t.Start, nodeIDs, Quoted("Start", t.Start))
	}
	for _, n := range t.Nodes {
		seen := map[string]bool{}
		for _, o := range n.Options {
			// A subject costs nothing until a diagnostic puts it into words.
			what := subjectNamed(&msgKindOption, o.ID).of(&msgKindNode, n.ID)
			if seen[o.ID] {
				v.r.fail(o.at, "id", msgDuplicateOption, Quoted("Node", n.ID), Quoted("ID", o.ID))
			}
			seen[o.ID] = true
			if o.Next != "" && v.rb.Node(o.Next) == nil {
				v.dangling(o.at, "next", msgUnknownNext, o.Next, nodeIDs, Part("What", what.msg()), Quoted("Node", o.Next))
			}
			if o.Verdict != "" && v.rb.Verdict(o.Verdict) == nil {
				v.dangling(o.at, "verdict", msgUnknownVerdict, o.Verdict, verdictIDs, Part("What", what.msg()), Quoted("Verdict", o.Verdict))
			}
			for i, m := range o.Stamp {
				if v.rb.Milestone(m) == nil {
					sub := "stamp"
					if v.isList(o.at, "stamp") {
						sub = fmt.Sprintf("stamp[%d]", i)
					}
					v.dangling(o.at, sub, msgUnknownStamp, m, milestoneIDs, Part("What", what.msg()), Quoted("Milestone", m))
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
			v.r.fail(n.at, "", msgUnreachable, Quoted("Node", n.ID), Quoted("Start", t.Start))
			continue
		}
		if !finishes[n.ID] {
			v.r.fail(n.at, "", msgNoVerdict, Quoted("Node", n.ID))
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
			v.dangling(vd.at, "rank", msgUnknownRank, vd.Rank, rankIDs, Quoted("Verdict", vd.ID), Quoted("Rank", vd.Rank))
		}
		if !used[vd.ID] {
			v.r.warn(vd.at, "", msgUnusedVerdict, Quoted("Verdict", vd.ID))
		}
	}
}
