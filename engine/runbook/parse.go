package runbook

import (
	"slices"
	"strconv"
	"strings"
)

// Keys accepted in each table. They are the format's contract; the JSON
// Schema (schema.json) lists the same keys.
var (
	runbookKeys   = []string{"shodo", "id", "title", "version", "lang", "reviewed", "summary", "include", "calendar", "calendars", "roles", "parties", "milestones", "ranks", "duties", "triage", "verdicts", "preparation", "review_every", "dimensions", "evidence"}
	fragmentKeys  = append([]string{"shodo", "include", "calendars", "roles", "parties", "milestones", "ranks"}, fragmentMetaKeys...)
	calendarKeys  = []string{"zone", "holidays", "closed", "hours", "days"}
	roleKeys      = []string{"title", "assignee"}
	partyKeys     = []string{"title", "kind", "scope", "contract", "means", "calendar"}
	contractKeys  = []string{"ref", "maintenance", "nda", "notes"}
	meansKeys     = []string{"by", "to", "hours"}
	milestoneKeys = []string{"title", "hint", "kind", "source"}
	rankKeys      = []string{"title"}
	dutyKeys      = []string{"id", "title", "on", "who", "contacts", "by", "within", "target", "asap", "from", "not_after", "every", "until", "legal", "calendar", "scope", "message", "optional", "before", "items", "approval", "source", "fields", "evidence", "for_each", "roll", "applies_from", "extensions", "if_ongoing"}
	boundKeys     = []string{"from", "within", "lapses"}
	triageKeys    = []string{"start", "nodes"}
	nodeKeys      = []string{"ask", "hint", "options", "multi", "allow_none", "kind", "unit", "min", "max", "next", "verdict"}
	optionKeys    = []string{"id", "label", "next", "verdict", "stamp", "sets"}
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
		parseMilestoneMeta(e, m)
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
	} else if p.Kind != "" {
		e.sinceValue(partyKindSince(p.Kind), "kind", p.Kind)
	}
	p.Scope, _ = e.str("scope", blockText)
	p.Calendar, _ = e.str("calendar", lineText)
	if ct, ok := e.table("contract"); ok {
		ct.allow(subjectFixed(&msgWhatContract).of(&msgKindParty, e.id), contractKeys...)
		p.Contract = &Contract{}
		p.Contract.Ref, _ = ct.str("ref", lineText)
		p.Contract.Maintenance, _ = ct.boolean("maintenance")
		p.Contract.NDA, p.Contract.NDAUnknown = parseNDA(ct)
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

// NDAUnknown is how a contract says that nobody knows yet whether an NDA
// is signed: nda = "unknown" (format version 2).
const NDAUnknown = "unknown"

// parseNDA reads a contract's nda: true, false, or (version 2) "unknown".
func parseNDA(ct obj) (nda, unknown bool) {
	switch v := ct.m["nda"].(type) {
	case nil, bool:
		nda, _ = ct.boolean("nda")
		return nda, false
	case string:
		if v == NDAUnknown {
			ct.sinceValue(2, "nda", v)
			return false, true
		}
	}
	want := msgTypeNDA
	if ct.file != nil && ct.file.format < 2 {
		want = msgTypeTrueFalse
	}
	ct.wrongType("nda", want, ct.m["nda"])
	return false, false
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
	rb.Reviewed = root.date("reviewed", msgReviewedQuoted)

	for i, d := range root.list("duties", msgKindDuty) {
		rb.Duties = append(rb.Duties, parseDuty(d, i))
	}
	parsePreparation(root, rb)
	parseDimensions(root, rb)
	rb.Evidence = parseExpectedEvidence(root, "")
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
	what := subjectOfEntry(&msgKindDuty, d, i)
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
	if _, isTable := d.m["on"].(map[string]any); isTable {
		du.On, du.onAt, du.Condition = parseCondition(d, what)
	} else {
		du.On, du.onAt = parseTriggers(d, "on", what)
		if on, isList := d.m["on"].([]any); isList && len(on) == 0 {
			d.r.fail(d.loc, "on", msgNoTriggers, Part("What", what.msg()))
		}
	}
	du.Who = d.reqStr(what, "who", lineText, exDutyWho)
	parseContacts(d, what, du)
	du.By = d.strs("by", lineText)
	parseClock(d, what, du)
	parseRollKeys(d, what, du)
	du.Legal, _ = d.boolean("legal")
	d.since(2, "optional")
	du.Optional, _ = d.boolean("optional")
	d.since(2, "before")
	du.Before, _ = d.str("before", lineText)
	du.Scope, _ = d.str("scope", blockText)
	du.Message, _ = d.str("message", blockText)
	parseDutySource(d, du)
	parseContent(d, du)
	parseFields(d, du)
	du.Evidence = parseExpectedEvidence(d, du.ID)
	if du.Message != "" {
		version := FormatVersion
		if d.file != nil && d.file.format != 0 {
			version = d.file.format
		}
		known := PlaceholdersOf(version)
		for _, name := range placeholders(du.Message) {
			if name == PlaceholderContact && version < 2 {
				d.sinceValue(2, "message", "{"+name+"}")
				continue
			}
			if !slices.Contains(known, name) {
				var hint Msg
				if s := suggest(name, known); s != "" {
					hint = msgHintDidYouMean.With(Plain("Suggestion", "{"+s+"}"))
				} else {
					hint = msgHintUse.With(Plain("Values", placeholderList(known)))
				}
				d.r.fail(d.loc, "message", msgBadPlaceholder, Part("What", what.msg()), Plain("Placeholder", "{"+name+"}"), Part("Hint", hint))
			}
		}
	}
	return du
}

// parseTriggers reads the triggers at key of o, a string or a list, with
// where each is written.
func parseTriggers(o obj, key string, what subject) ([]Trigger, []loc) {
	var out []Trigger
	var at []loc
	_, isList := o.m[key].([]any)
	for n, raw := range o.strs(key, lineText) {
		l := o.child(key)
		if isList {
			l = loc{file: o.file, path: joinIndex(l.path, n)}
		}
		t, err := ParseTrigger(raw)
		if err != nil {
			o.r.fail(l, "", msgBadTrigger, Part("What", what.msg()), Part("Problem", ProblemOf(err)))
			continue
		}
		if k, _ := LookupTrigger(t.Kind); k.Since > 0 {
			l.sinceValue(o.r, k.Since, key, t.String())
		}
		out, at = append(out, t), append(at, l)
	}
	return out, at
}

// conditionKeys are the parts of a duty's `on` written as a table.
var conditionKeys = []string{"all", "any", "unless"}

// parseCondition reads `on = { all = […], any = […], unless = […] }`
// (format version 2): the duty starts once every trigger of all stands,
// one of any (when any is given), and none of unless. Any becomes the
// duty's On, as a list of triggers is; all and unless its Condition.
func parseCondition(d obj, what subject) ([]Trigger, []loc, *Condition) {
	on, _ := d.table("on")
	if d.file != nil && d.file.format != 0 && d.file.format < 2 {
		d.sinceValue(2, "on", "{ all, any, unless }")
	}
	on.allow(subjectFixed(&msgWhatCondition).of(&msgKindDuty, idOf(d)), conditionKeys...)
	c := &Condition{}
	anyOf, anyAt := parseTriggers(on, "any", what)
	c.All, c.allAt = parseTriggers(on, "all", what)
	c.Unless, c.unlessAt = parseTriggers(on, "unless", what)
	if !on.has("all") && !on.has("any") {
		d.r.fail(d.loc, "on", msgConditionNothing, Part("What", what.msg()))
	}
	for _, key := range []string{"all", "any"} {
		if list, isList := on.m[key].([]any); isList && len(list) == 0 {
			on.r.fail(on.loc, key, msgConditionEmpty, Part("What", what.msg()), Plain("Key", key))
		}
	}
	return anyOf, anyAt, c
}

// idOf is the id a table gives itself, for naming it in a diagnostic.
func idOf(o obj) string {
	id, _ := o.m["id"].(string)
	return id
}

func parseNode(e named) *Node {
	// Names for diagnostics, built on every node and option, put into
	// words only when one is reported.
	what := subjectNamed(&msgKindNode, e.id)
	e.allow(what, nodeKeys...)
	n := &Node{ID: e.id, at: e.loc, Pos: e.pos("")}
	n.Ask = e.reqStr(what, "ask", lineText, exNodeAsk)
	n.Hint, _ = e.str("hint", blockText)
	parseAnswerKind(e, what, n)
	if !e.has("options") && n.Kind == NodeChoice {
		e.missing(what, "options", exNodeOptions.With())
	}
	if list, isList := e.m["options"].([]any); n.Multi && isList && len(list) == 0 {
		e.r.fail(e.loc, "options", msgMultiNoOptions, Part("What", what.msg()))
	}
	for i, o := range e.list("options", msgKindOption) {
		ow := subjectOfEntry(&msgKindOption, o, i).of(&msgKindNode, e.id)
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
		case !o.has("next") && !o.has("verdict") && optionNeedsTarget(n):
			o.r.fail(o.loc, "", msgOptionNeither, Part("What", ow.msg()))
		}
		op.Stamp = o.strs("stamp", lineText)
		op.Sets = parseSets(o, ow)
		n.Options = append(n.Options, op)
	}
	return n
}

// Placeholders returns the names a duty message may use in braces (a new
// slice each call); the app fills them in when the message is copied.
func Placeholders() []string {
	return PlaceholdersOf(FormatVersion)
}

// PlaceholdersOf returns the placeholders a file of format version
// version may use: {contact} is new in version 2.
func PlaceholdersOf(version int) []string {
	out := []string{"incident", "runbook", "opened", "verdict", "rank", "actor", "due", "now"}
	if version >= 2 {
		out = append(out, PlaceholderContact)
	}
	return out
}

// PlaceholderContact (format version 2) is the recipient a message goes
// to: each recipient of a duty with several gets the message with its own
// name; a duty with one contacts gets that one's.
const PlaceholderContact = "contact"

func placeholderList(names []string) string {
	var b strings.Builder
	for i, p := range names {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("{" + p + "}")
	}
	return b.String()
}

// PlaceholderFamily is a kind of placeholder that names something of the
// runbook after a dot (format version 2): {milestone.<id>} is the claimed
// time of that milestone. A family is one row of PlaceholderFamilies: the
// validator checks the id names what Ref says, and each edge that fills
// messages keeps one value function per prefix (tui/message.go).
type PlaceholderFamily struct {
	Prefix string
	Ref    Ref
	Since  int // the format version that added it
}

// PlaceholderFamilies lists the placeholder families, in the order docs
// list them (a new slice each call).
func PlaceholderFamilies() []PlaceholderFamily {
	return []PlaceholderFamily{
		{Prefix: "milestone", Ref: RefMilestone, Since: 2},
		{Prefix: "field", Ref: RefField, Since: 2},
	}
}

// FamilyPlaceholder splits a placeholder name "milestone.aware" into its
// family and id; ok is false for a plain name or an unknown family.
func FamilyPlaceholder(name string) (family PlaceholderFamily, id string, ok bool) {
	prefix, id, dotted := strings.Cut(name, ".")
	if !dotted {
		return PlaceholderFamily{}, "", false
	}
	for _, f := range PlaceholderFamilies() {
		if f.Prefix == prefix {
			return f, id, true
		}
	}
	return PlaceholderFamily{}, id, false
}

// dottedPlaceholders returns the {prefix.id} names used in a message: what
// format version 2 reads as a family placeholder, and version 1 as text.
func dottedPlaceholders(msg string) []string {
	var out []string
	for _, inner := range braced(msg) {
		if prefix, id, ok := strings.Cut(inner, "."); ok && isPlainKey(prefix) && isPlainKey(id) {
			out = append(out, inner)
		}
	}
	return out
}

// placeholders returns the {names} used in a message. A brace not followed
// by a name and a closing brace is plain text.
func placeholders(msg string) []string {
	var out []string
	for _, inner := range braced(msg) {
		if inner != "" && isPlainKey(inner) {
			out = append(out, inner)
		}
	}
	return out
}

// braced returns what each {…} of a message holds, in order; an opening
// brace without a closing one ends the scan.
func braced(msg string) []string {
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
		out = append(out, rest[:end])
		msg = rest[end+1:]
	}
}
