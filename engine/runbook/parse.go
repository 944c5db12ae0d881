package runbook

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Keys accepted in each table. They are the format's contract; the JSON
// Schema (schema.json) lists the same keys.
var (
	runbookKeys   = []string{"shodo", "id", "title", "version", "lang", "reviewed", "summary", "include", "calendar", "calendars", "roles", "parties", "milestones", "ranks", "duties", "triage", "verdicts", "preparation", "review_every"}
	fragmentKeys  = []string{"shodo", "include", "calendars", "roles", "parties", "milestones", "ranks"}
	calendarKeys  = []string{"zone", "holidays", "closed", "hours", "days"}
	roleKeys      = []string{"title", "assignee"}
	partyKeys     = []string{"title", "kind", "scope", "contract", "means", "calendar"}
	contractKeys  = []string{"ref", "maintenance", "nda", "notes"}
	meansKeys     = []string{"by", "to", "hours"}
	milestoneKeys = []string{"title", "hint"}
	rankKeys      = []string{"title"}
	dutyKeys      = []string{"id", "title", "on", "who", "contacts", "by", "within", "target", "asap", "from", "not_after", "every", "until", "legal", "calendar", "scope", "message", "items", "approval"}
	boundKeys     = []string{"from", "within"}
	triageKeys    = []string{"start", "nodes"}
	nodeKeys      = []string{"ask", "hint", "options"}
	optionKeys    = []string{"id", "label", "next", "verdict", "stamp"}
	verdictKeys   = []string{"title", "security", "rank", "category", "summary", "open"}
)

// contents is what one file contributes: the shared tables any file may
// hold, plus the runbook proper when the file is a runbook.
type contents struct {
	calendars  []*Calendar
	roles      []*Role
	parties    []*Party
	milestones []*Milestone
	ranks      []*Rank
	include    []string
	includeAt  loc
}

// checkFormat checks the `shodo` key every file must carry.
func checkFormat(root obj) {
	v, ok := root.m["shodo"]
	if !ok {
		root.r.add(Pos{File: root.file.name, Line: 1, Col: 1}, Error, msgMissingFormat, Number("Version", FormatVersion))
		return
	}
	n, isInt := v.(int64)
	if !isInt {
		root.wrongType("shodo", msgTypeInteger, v)
		return
	}
	if n < FirstFormatVersion || n > FormatVersion {
		root.r.fail(root.loc, "shodo", msgFormatVersion, Number("Got", int(n)), Number("Want", FormatVersion))
		return
	}
	if root.file != nil {
		root.file.format = int(n)
	}
}

// parseShared reads the tables a fragment and a runbook have in common.
func parseShared(root obj) contents {
	var c contents
	for _, e := range root.entries("calendars", msgKindCalendar) {
		c.calendars = append(c.calendars, parseCalendar(e))
	}
	for _, e := range root.entries("roles", msgKindRole) {
		what := subjectNamed(&msgKindRole, e.id)
		e.allow(what, roleKeys...)
		ro := &Role{ID: e.id, at: e.loc, Pos: e.pos("")}
		ro.Title = e.reqStr(what, "title", lineText, exRoleTitle)
		ro.Assignee, _ = e.str("assignee", lineText)
		c.roles = append(c.roles, ro)
	}
	for _, e := range root.entries("parties", msgKindParty) {
		c.parties = append(c.parties, parseParty(e))
	}
	for _, e := range root.entries("milestones", msgKindMilestone) {
		what := subjectNamed(&msgKindMilestone, e.id)
		e.allow(what, milestoneKeys...)
		m := &Milestone{ID: e.id, at: e.loc, Pos: e.pos("")}
		m.Title = e.reqStr(what, "title", lineText, exMilestoneTitle)
		m.Hint, _ = e.str("hint", blockText)
		c.milestones = append(c.milestones, m)
	}
	for _, e := range root.entries("ranks", msgKindRank) {
		what := subjectNamed(&msgKindRank, e.id)
		e.allow(what, rankKeys...)
		rk := &Rank{ID: e.id, at: e.loc, Pos: e.pos("")}
		rk.Title = e.reqStr(what, "title", lineText, exRankTitle)
		c.ranks = append(c.ranks, rk)
	}
	c.include = root.strs("include", lineText)
	c.includeAt = root.child("include")
	return c
}

func parseParty(e named) *Party {
	what := subjectNamed(&msgKindParty, e.id)
	e.allow(what, partyKeys...)
	p := &Party{ID: e.id, at: e.loc, Pos: e.pos("")}
	p.Title = e.reqStr(what, "title", lineText, exPartyTitle)
	p.Kind = e.reqStr(what, "kind", lineText, exPartyKind)
	if p.Kind != "" && !slices.Contains(PartyKinds(), p.Kind) {
		hint := DidYouMean(p.Kind, PartyKinds())
		if hint.ID == "" {
			hint = msgHintUseOneOf.With(QuotedList("Values", PartyKinds()))
		}
		e.r.fail(e.loc, "kind", msgUnknownKind, Part("What", what.msg()), Quoted("Kind", p.Kind), Part("Hint", hint))
	}
	p.Scope, _ = e.str("scope", blockText)
	p.Calendar, _ = e.str("calendar", lineText)
	if ct, ok := e.table("contract"); ok {
		ct.allow(subjectFixed(&msgWhatContract).of(&msgKindParty, e.id), contractKeys...)
		p.Contract = &Contract{}
		p.Contract.Ref, _ = ct.str("ref", lineText)
		p.Contract.Maintenance, _ = ct.boolean("maintenance")
		p.Contract.NDA, _ = ct.boolean("nda")
		p.Contract.Notes, _ = ct.str("notes", blockText)
	}
	for i, m := range e.list("means", msgKindMeans) {
		mw := subjectNumbered(&msgKindMeans, i+1).of(&msgKindParty, e.id)
		m.allow(mw, meansKeys...)
		p.Means = append(p.Means, Means{
			By:    m.reqStr(mw, "by", lineText, exMeansBy),
			To:    m.reqStr(mw, "to", lineText, exMeansTo),
			Hours: func() string { s, _ := m.str("hours", lineText); return s }(),
			Pos:   m.pos(""),
			at:    m.loc,
		})
	}
	return p
}

// parseRunbook reads the runbook-only parts of a top file.
func parseRunbook(root obj, rb *Runbook) {
	rb.at = root.loc
	v, _ := root.m["shodo"].(int64)
	rb.Shodo = int(v)
	theRunbook := subjectFixed(&msgWhatRunbook)
	rb.ID = root.reqStr(theRunbook, "id", lineText, exRunbookID)
	if rb.ID != "" {
		checkRunbookID(root.r, root.loc, "id", rb.ID)
	}
	rb.Title = root.reqStr(theRunbook, "title", lineText, exRunbookTitle)
	rb.Version, _ = root.str("version", lineText)
	rb.Lang, _ = root.str("lang", lineText)
	rb.Summary, _ = root.str("summary", blockText)
	rb.Calendar, _ = root.str("calendar", lineText)
	if v, ok := root.m["reviewed"]; ok {
		switch t := v.(type) {
		case time.Time:
			rb.Reviewed = t
		case string:
			root.r.fail(root.loc, "reviewed", msgReviewedQuoted)
		default:
			root.wrongType("reviewed", msgTypeReviewedDate, v)
		}
	}

	for i, d := range root.list("duties", msgKindDuty) {
		rb.Duties = append(rb.Duties, parseDuty(d, i))
	}
	parsePreparation(root, rb)
	if len(rb.Calendars) > MaxCalendars {
		root.r.fail(root.loc, "calendars", msgTooManyCalendars, Number("Calendars", len(rb.Calendars)), Number("Max", MaxCalendars))
	}
	if len(rb.Duties) > MaxDuties {
		root.r.fail(root.loc, "duties", msgTooManyDuties, Number("Duties", len(rb.Duties)), Number("Max", MaxDuties))
	}

	if t, ok := root.table("triage"); ok {
		t.allow(subjectFixed(&msgWhatTriage), triageKeys...)
		rb.Triage.at = t.loc
		rb.Triage.Pos = t.pos("")
		if !t.has("start") {
			t.missing(subjectFixed(&msgWhatTriage), "start", exTriageStart.With())
		} else {
			rb.Triage.Start, _ = t.str("start", lineText)
		}
		if !t.has("nodes") {
			t.missing(subjectFixed(&msgWhatTriage), "nodes", exTriageNodes.With())
		}
		for _, e := range t.entries("nodes", msgKindNode) {
			rb.Triage.Nodes = append(rb.Triage.Nodes, parseNode(e))
		}
		if len(rb.Triage.Nodes) > MaxNodes {
			root.r.fail(t.loc, "nodes", msgTooManyNodes, Number("Nodes", len(rb.Triage.Nodes)), Number("Max", MaxNodes))
		}
	} else if !root.has("triage") {
		root.missing(theRunbook, "triage", exRunbookTriage.With())
	}

	if !root.has("verdicts") {
		root.missing(theRunbook, "verdicts", exRunbookVerdicts.With())
	}
	for _, e := range root.entries("verdicts", msgKindVerdict) {
		what := subjectNamed(&msgKindVerdict, e.id)
		e.allow(what, verdictKeys...)
		v := &Verdict{ID: e.id, at: e.loc, Pos: e.pos("")}
		v.Title = e.reqStr(what, "title", lineText, exVerdictTitle)
		if sec, ok := e.boolean("security"); ok {
			v.Security = sec
		} else if !e.has("security") {
			e.missing(what, "security", exVerdictSecurity.With())
		}
		v.Rank, _ = e.str("rank", lineText)
		v.Category, _ = e.str("category", lineText)
		v.Summary, _ = e.str("summary", blockText)
		v.Open = parseOpen(e.obj)
		rb.Verdicts = append(rb.Verdicts, v)
	}
}

// parseOpen reads a verdict's open: one runbook id or a list of them.
// strs reports what is not a string; each string is checked as an id, at
// its own element.
func parseOpen(e obj) []OpenRef {
	ids := e.strs("open", lineText)
	list, isList := e.m["open"].([]any)
	if !isList {
		if len(ids) == 0 {
			return nil
		}
		checkRunbookID(e.r, e.loc, "open", ids[0])
		return []OpenRef{{Runbook: ids[0], Pos: e.pos("open")}}
	}
	var out []OpenRef
	for i, el := range list {
		id, ok := el.(string)
		if !ok {
			continue
		}
		sub := "open[" + strconv.Itoa(i) + "]"
		checkRunbookID(e.r, e.loc, sub, id)
		out = append(out, OpenRef{Runbook: id, Pos: e.pos(sub)})
	}
	return out
}

func parseDuty(d obj, i int) *Duty {
	var what subject
	if id, ok := d.m["id"].(string); ok && id != "" {
		what = subjectNamed(&msgKindDuty, id)
	} else {
		what = subjectNumbered(&msgKindDuty, i+1)
	}
	d.allow(what, dutyKeys...)
	du := &Duty{at: d.loc, Pos: d.pos("")}
	du.ID = d.reqStr(what, "id", lineText, exDutyID)
	if du.ID != "" {
		checkID(d.r, d.loc, "id", msgKindDuty, du.ID)
	}
	du.Title, _ = d.str("title", lineText)
	if !d.has("on") {
		d.missing(what, "on", exDutyOn.With())
	}
	for n, raw := range d.strs("on", lineText) {
		if t, err := ParseTrigger(raw); err != nil {
			at := d.child("on")
			if _, isList := d.m["on"].([]any); isList {
				at = loc{file: d.file, path: joinIndex(at.path, n)}
			}
			d.r.fail(at, "", msgBadTrigger, Part("What", what.msg()), Part("Problem", ProblemOf(err)))
		} else {
			du.On = append(du.On, t)
		}
	}
	if on, isList := d.m["on"].([]any); isList && len(on) == 0 {
		d.r.fail(d.loc, "on", msgNoTriggers, Part("What", what.msg()))
	}
	du.Who = d.reqStr(what, "who", lineText, exDutyWho)
	du.Contacts, _ = d.str("contacts", lineText)
	du.By = d.strs("by", lineText)
	parseClock(d, what, du)
	du.Legal, _ = d.boolean("legal")
	du.Scope, _ = d.str("scope", blockText)
	du.Message, _ = d.str("message", blockText)
	parseContent(d, du)
	if du.Message != "" {
		for _, name := range placeholders(du.Message) {
			if !slices.Contains(Placeholders(), name) {
				var hint Msg
				if s := suggest(name, Placeholders()); s != "" {
					hint = msgHintDidYouMean.With(Plain("Suggestion", "{"+s+"}"))
				} else {
					hint = msgHintUse.With(Plain("Values", placeholderList()))
				}
				d.r.fail(d.loc, "message", msgBadPlaceholder, Part("What", what.msg()), Plain("Placeholder", "{"+name+"}"), Part("Hint", hint))
			}
		}
	}
	return du
}

func parseNode(e named) *Node {
	// Names for diagnostics, built on every node and option, put into
	// words only when one is reported.
	what := subjectNamed(&msgKindNode, e.id)
	e.allow(what, nodeKeys...)
	n := &Node{ID: e.id, at: e.loc, Pos: e.pos("")}
	n.Ask = e.reqStr(what, "ask", lineText, exNodeAsk)
	n.Hint, _ = e.str("hint", blockText)
	if !e.has("options") {
		e.missing(what, "options", exNodeOptions.With())
	}
	for i, o := range e.list("options", msgKindOption) {
		var ow subject
		if id, ok := o.m["id"].(string); ok && id != "" {
			ow = subjectNamed(&msgKindOption, id).of(&msgKindNode, e.id)
		} else {
			ow = subjectNumbered(&msgKindOption, i+1).of(&msgKindNode, e.id)
		}
		o.allow(ow, optionKeys...)
		op := &Option{at: o.loc, Pos: o.pos("")}
		op.ID = o.reqStr(ow, "id", lineText, exOptionID)
		if op.ID != "" {
			checkID(o.r, o.loc, "id", msgKindOption, op.ID)
		}
		op.Label = o.reqStr(ow, "label", lineText, exOptionLabel)
		op.Next, _ = o.str("next", lineText)
		op.Verdict, _ = o.str("verdict", lineText)
		switch {
		case o.has("next") && o.has("verdict"):
			o.r.fail(o.loc, "verdict", msgOptionBoth, Part("What", ow.msg()))
		case !o.has("next") && !o.has("verdict"):
			o.r.fail(o.loc, "", msgOptionNeither, Part("What", ow.msg()))
		}
		op.Stamp = o.strs("stamp", lineText)
		n.Options = append(n.Options, op)
	}
	return n
}

// Placeholders returns the names a duty message may use in braces (a new
// slice each call); the app fills them in when the message is copied.
func Placeholders() []string {
	return []string{"incident", "runbook", "opened", "verdict", "rank", "actor", "due", "now"}
}

func placeholderList() string {
	var b strings.Builder
	for i, p := range Placeholders() {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("{" + p + "}")
	}
	return b.String()
}

// placeholders returns the {names} used in a message. A brace not followed
// by a name and a closing brace is plain text.
func placeholders(msg string) []string {
	var out []string
	for {
		open := strings.IndexByte(msg, '{')
		if open < 0 {
			return out
		}
		rest := msg[open+1:]
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return out
		}
		name := rest[:end]
		if name != "" && isPlainKey(name) {
			out = append(out, name)
		}
		msg = rest[end+1:]
	}
}
