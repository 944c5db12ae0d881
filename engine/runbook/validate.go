package runbook

import (
	"fmt"
	"maps"
	"slices"
	"strings"
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
	v.dimensions()
	v.preparation(opt)
	v.fragments(opt)
	v.expectedEvidence()
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
		v.recipients(d)
		v.dutyMeans(d, allMeans)
		for i, t := range d.On {
			v.trigger(d, at(d.onAt, i, d.at), t)
			v.ongoingTrigger(d, at(d.onAt, i, d.at), t)
		}
		if c := d.Condition; c != nil {
			for i, t := range c.All {
				v.trigger(d, at(c.allAt, i, d.at), t)
			}
			for i, t := range c.Unless {
				v.trigger(d, at(c.unlessAt, i, d.at), t)
			}
			v.condition(d)
		}
		v.before(d)
		v.familyPlaceholders(d)
		if d.Optional && d.Legal {
			v.r.fail(d.at, "optional", msgOptionalLegal, Quoted("Duty", d.ID))
		}
		v.dutyContracts(d)
		v.dutyClock(d)
		v.rollCalendar(d)
		v.appliesFromCalendar(d)
		v.dutyExtensions(d)
		v.dutyContent(d)
	}
	v.fields()
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

// before checks a duty's before: it names another duty, and following
// before from duty to duty never comes back (a before b before a asks
// for what no one can do). A cycle is reported once, at the duty of the
// cycle that comes first in the runbook.
func (v *validator) before(d *Duty) {
	switch {
	case d.Before == "":
		return
	case d.Before == d.ID:
		v.r.fail(d.at, "before", msgBeforeSelf, Quoted("Duty", d.ID))
		return
	case v.rb.Duty(d.Before) == nil:
		v.dangling(d.at, "before", msgBeforeDangling, d.Before, ids(v.rb.Duties, func(x *Duty) string { return x.ID }),
			Quoted("Duty", d.ID), Quoted("Before", d.Before))
		return
	}
	chain := []string{d.ID}
	for next := v.rb.Duty(d.Before); next != nil; next = v.rb.Duty(next.Before) {
		if next.ID == d.ID {
			first := slices.MinFunc(chain, func(a, b string) int { return v.rb.indexOfDuty(a) - v.rb.indexOfDuty(b) })
			if first == d.ID {
				v.r.fail(d.at, "before", msgBeforeCycle, Quoted("Duty", d.ID), Plain("Chain", strings.Join(append(chain, d.ID), " -> ")))
			}
			return
		}
		if slices.Contains(chain, next.ID) || len(chain) > len(v.rb.Duties) {
			return // a cycle that does not pass through d: reported at its own duty
		}
		chain = append(chain, next.ID)
	}
}

// familyPlaceholders checks, in a version 2 runbook, each {prefix.id} of
// a duty's message: a known family, and an id it can name. A version 1
// runbook keeps reading them as text, as it always did.
func (v *validator) familyPlaceholders(d *Duty) {
	if v.rb.Shodo < 2 || d.Message == "" {
		return
	}
	for _, name := range dottedPlaceholders(d.Message) {
		f, id, ok := FamilyPlaceholder(name)
		if !ok {
			prefix, _, _ := strings.Cut(name, ".")
			var prefixes []string
			for _, f := range PlaceholderFamilies() {
				prefixes = append(prefixes, f.Prefix)
			}
			hint := msgHintUse.With(Plain("Values", familyList()))
			if s := suggest(prefix, prefixes); s != "" {
				hint = msgHintDidYouMean.With(Plain("Suggestion", "{"+s+"."+id+"}"))
			}
			v.r.fail(d.at, "message", msgBadPlaceholder, Part("What", subjectNamed(&msgKindDuty, d.ID).msg()), Plain("Placeholder", "{"+name+"}"), Part("Hint", hint))
			continue
		}
		if !f.Ref.Exists(v.rb, id) {
			v.dangling(d.at, "message", msgPlaceholderDangling, id, f.Ref.IDs(v.rb),
				Quoted("Duty", d.ID), Plain("Placeholder", "{"+name+"}"), Part("Ref", f.Ref.kind().With()), Quoted("ID", id))
		}
	}
}

// familyList writes the families as a message shows them: {milestone.<id>}.
func familyList() string {
	var out []string
	for _, f := range PlaceholderFamilies() {
		out = append(out, "{"+f.Prefix+"."+f.Ref.Placeholder()+"}")
	}
	return strings.Join(out, " ")
}

// at returns where the i-th of a list was written, or else fallback (a
// runbook built in code has no places).
func at(places []loc, i int, fallback loc) loc {
	if i < len(places) {
		return places[i]
	}
	return fallback
}

// trigger checks one trigger of d, written at at.
func (v *validator) trigger(d *Duty, at loc, t Trigger) {
	ref := t.Ref()
	switch {
	case ref == RefNone || t.Arg == "":
		// Nothing named: a bare trigger such as "opened" or "verdict".
	case ref == RefDuty && t.Arg == d.ID:
		v.r.fail(at, "", msgTriggerSelf, Quoted("Duty", d.ID), Quoted("Trigger", t.String()))
	case ref == RefAnswer && v.answerTrigger(d, at, t):
	case !ref.Exists(v.rb, t.Arg):
		v.dangling(at, "", msgTriggerDangling, t.Arg, ref.IDs(v.rb),
			Quoted("Duty", d.ID), Quoted("Trigger", t.String()), Part("Ref", ref.kind().With()), Quoted("ID", t.Arg))
	}
}

// condition warns about a condition that can never hold, so a duty that
// would never start: a trigger both required and excluded, or verdict
// triggers that no verdict of the runbook meets together (verdict:a with
// verdict:b, security with a verdict that is not one, all of them with an
// unless that excludes every verdict left).
func (v *validator) condition(d *Duty) {
	c := d.Condition
	for _, t := range c.All {
		if slices.Contains(c.Unless, t) {
			v.r.warn(d.at, "on", msgConditionExcluded, Quoted("Duty", d.ID), Quoted("Trigger", t.String()))
			return
		}
	}
	// The verdicts that could stand when the duty starts: every verdict
	// that meets each verdict trigger of all, one of any (when all of
	// any are verdict triggers), and none of unless.
	var asked []string
	candidates := slices.Clone(v.rb.Verdicts)
	keep := func(ok func(*Verdict) bool) {
		candidates = slices.DeleteFunc(candidates, func(x *Verdict) bool { return !ok(x) })
	}
	for _, t := range c.All {
		if isVerdictTrigger(t) {
			asked = append(asked, t.String())
			keep(func(x *Verdict) bool { return verdictMeets(x, t) })
		}
	}
	if len(d.On) > 0 && !slices.ContainsFunc(d.On, func(t Trigger) bool { return !isVerdictTrigger(t) }) {
		for _, t := range d.On {
			asked = append(asked, t.String())
		}
		keep(func(x *Verdict) bool {
			return slices.ContainsFunc(d.On, func(t Trigger) bool { return verdictMeets(x, t) })
		})
	}
	if len(asked) == 0 {
		return // no verdict asked for: nothing to prove impossible here
	}
	for _, t := range c.Unless {
		if isVerdictTrigger(t) {
			asked = append(asked, "unless "+t.String())
			keep(func(x *Verdict) bool { return !verdictMeets(x, t) })
		}
	}
	if len(candidates) == 0 && len(v.rb.Verdicts) > 0 {
		v.r.warn(d.at, "on", msgConditionNever, Quoted("Duty", d.ID), QuotedList("Triggers", asked))
	}
}

// isVerdictTrigger reports whether t holds by what the standing verdict
// is: verdict, verdict:<id>, security, not-security, rank:<id>.
func isVerdictTrigger(t Trigger) bool {
	switch t.Kind {
	case TriggerVerdict, TriggerSecurity, TriggerNotSecurity, TriggerRank:
		return true
	}
	return false
}

// verdictMeets reports whether verdict x standing makes the verdict
// trigger t stand.
func verdictMeets(x *Verdict, t Trigger) bool {
	switch t.Kind {
	case TriggerVerdict:
		return t.Arg == "" || t.Arg == x.ID
	case TriggerSecurity:
		return x.Security
	case TriggerNotSecurity:
		return !x.Security
	case TriggerRank:
		return x.Rank == t.Arg
	}
	return false
}

// dutyContracts applies the lint rules that come from the seed's cases: a
// security vendor without an NDA cannot start investigating at once, and a
// vendor without a maintenance contract need not answer a first call at all.
// A security vendor whose NDA the team honestly does not know (nda =
// "unknown") is not asked to claim one. Format version 2's kinds bring
// their own: a report to a regulator is owed by law (legal = true), and an
// insurer's hotline asks for the policy number first (contract.ref).
func (v *validator) dutyContracts(d *Duty) {
	for _, id := range append([]string{d.Who}, d.ContactIDs()...) {
		p := v.rb.Party(id)
		if p == nil {
			continue
		}
		sub := "contacts"
		if id == d.Who {
			sub = "who"
		}
		contacted := id != d.Who || slices.Contains(d.ContactIDs(), id)
		if p.Kind == KindSecurityVendor && contacted && (p.Contract == nil || !p.Contract.NDA && !p.Contract.NDAUnknown) {
			v.r.warn(d.at, sub, msgNDAMissing, Quoted("Duty", d.ID), Quoted("Party", p.ID))
		}
		if p.Kind == KindVendor && slices.ContainsFunc(d.On, func(t Trigger) bool { return t.Kind == TriggerOpened }) && (p.Contract == nil || !p.Contract.Maintenance) {
			v.r.warn(d.at, sub, msgNoMaintenance, Quoted("Duty", d.ID), Quoted("Party", p.ID))
		}
		if !contacted {
			continue
		}
		if p.Kind == KindRegulator && !d.Legal {
			v.r.warn(d.at, sub, msgRegulatorNotLegal, Quoted("Duty", d.ID), Quoted("Party", p.ID))
		}
		if p.Kind == KindInsurer && (p.Contract == nil || p.Contract.Ref == "") {
			v.r.warn(d.at, sub, msgInsurerNoPolicy, Quoted("Duty", d.ID), Quoted("Party", p.ID))
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
		for _, r := range n.routes() {
			// A subject costs nothing until a diagnostic puts it into words.
			if r.next != "" && v.rb.Node(r.next) == nil {
				v.dangling(r.at, "next", msgUnknownNext, r.next, nodeIDs, Part("What", r.what.msg()), Quoted("Node", r.next))
			}
			if r.verdict != "" && v.rb.Verdict(r.verdict) == nil {
				v.dangling(r.at, "verdict", msgUnknownVerdict, r.verdict, verdictIDs, Part("What", r.what.msg()), Quoted("Verdict", r.verdict))
			}
		}
		for _, o := range n.Options {
			what := subjectNamed(&msgKindOption, o.ID).of(&msgKindNode, n.ID)
			if seen[o.ID] {
				v.r.fail(o.at, "id", msgDuplicateOption, Quoted("Node", n.ID), Quoted("ID", o.ID))
			}
			seen[o.ID] = true
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
//
// One broken link cuts off everything behind it, so a typo in one next
// would otherwise bring a "cannot be reached" error for every node after
// it. The unknown next is the root cause and is reported where it is
// written (triage); here each cut-off part is reported once, at the node
// that starts it, naming the nodes behind it; a part that starts at the
// node a typo's "did you mean" names is not reported at all (fixing the
// typo joins it); and a link to an unknown node counts as leading to a
// verdict, so that the nodes before a typo are not "stuck" as well.
func (v *validator) reachability() {
	t := v.rb.Triage
	if v.rb.Node(t.Start) == nil {
		return
	}
	reached := v.reachableFrom([]string{t.Start}, nil)
	// The unknown nexts, and the nodes their suggestions name.
	var typo string
	meant := map[string]bool{}
	nodeIDs := ids(t.Nodes, func(n *Node) string { return n.ID })
	for _, n := range t.Nodes {
		for _, o := range n.routes() {
			if o.next != "" && v.rb.Node(o.next) == nil {
				if typo == "" {
					typo = o.next
				}
				if near := Suggest(o.next, nodeIDs); near != "" {
					meant[near] = true
				}
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
			for _, o := range n.routes() {
				dangles := o.next != "" && v.rb.Node(o.next) == nil
				if o.verdict != "" && v.rb.Verdict(o.verdict) != nil || o.next != "" && finishes[o.next] || dangles {
					finishes[n.ID] = true
					changed = true
					break
				}
			}
		}
	}
	// The cut-off parts: each starts at a node no other cut-off node links
	// to (or, for a part that is a loop, at its first node in the file).
	linked := map[string]bool{}
	for _, n := range t.Nodes {
		if reached[n.ID] {
			continue
		}
		for _, o := range n.routes() {
			if o.next != n.ID {
				linked[o.next] = true
			}
		}
	}
	var starts []*Node
	for _, n := range t.Nodes {
		if !reached[n.ID] && !linked[n.ID] {
			starts = append(starts, n)
		}
	}
	covered := v.reachableFrom(ids(starts, func(n *Node) string { return n.ID }), reached)
	for _, n := range t.Nodes {
		if !reached[n.ID] && !covered[n.ID] {
			starts = append(starts, n)
			maps.Copy(covered, v.reachableFrom([]string{n.ID}, reached))
		}
	}
	attributed := maps.Clone(reached)
	behind := map[string][]string{}
	for _, s := range starts {
		attributed[s.ID] = true
	}
	for _, s := range starts {
		part := v.reachableFrom([]string{s.ID}, reached)
		for _, id := range nodeIDs {
			if part[id] && !attributed[id] {
				attributed[id] = true
				behind[s.ID] = append(behind[s.ID], id)
			}
		}
	}
	for _, n := range starts {
		switch after := behind[n.ID]; {
		case meant[n.ID]:
			// The typo's "did you mean" already points here.
		case typo != "" && len(after) > 0:
			v.r.fail(n.at, "", msgUnreachableTypoWith, Quoted("Node", n.ID), Quoted("Start", t.Start), Quoted("Next", typo), QuotedList("Nodes", after))
		case typo != "":
			v.r.fail(n.at, "", msgUnreachableTypo, Quoted("Node", n.ID), Quoted("Start", t.Start), Quoted("Next", typo))
		case len(after) > 0:
			v.r.fail(n.at, "", msgUnreachableWith, Quoted("Node", n.ID), Quoted("Start", t.Start), QuotedList("Nodes", after))
		default:
			v.r.fail(n.at, "", msgUnreachable, Quoted("Node", n.ID), Quoted("Start", t.Start))
		}
	}
	for _, n := range t.Nodes {
		if reached[n.ID] && !finishes[n.ID] {
			v.r.fail(n.at, "", msgNoVerdict, Quoted("Node", n.ID))
		}
	}
}

// reachableFrom returns the nodes that the next links lead to from the
// nodes from (themselves included), never entering one of skip.
func (v *validator) reachableFrom(from []string, skip map[string]bool) map[string]bool {
	reached := map[string]bool{}
	queue := slices.Clone(from)
	for _, id := range from {
		reached[id] = true
	}
	for len(queue) > 0 {
		n := v.rb.Node(queue[0])
		queue = queue[1:]
		for _, o := range n.routes() {
			if o.next != "" && v.rb.Node(o.next) != nil && !reached[o.next] && !skip[o.next] {
				reached[o.next] = true
				queue = append(queue, o.next)
			}
		}
	}
	return reached
}

func (v *validator) verdicts() {
	used := map[string]bool{}
	for _, n := range v.rb.Triage.Nodes {
		for _, o := range n.routes() {
			used[o.verdict] = true
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
