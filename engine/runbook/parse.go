package runbook

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Keys accepted in each table. They are the format's contract; the JSON
// Schema (schema.json) lists the same keys.
var (
	runbookKeys   = []string{"shodo", "id", "title", "version", "lang", "reviewed", "summary", "include", "roles", "parties", "milestones", "ranks", "duties", "triage", "verdicts"}
	fragmentKeys  = []string{"shodo", "include", "roles", "parties", "milestones", "ranks"}
	roleKeys      = []string{"title", "assignee"}
	partyKeys     = []string{"title", "kind", "scope", "contract", "means"}
	contractKeys  = []string{"ref", "maintenance", "nda", "notes"}
	meansKeys     = []string{"by", "to", "hours"}
	milestoneKeys = []string{"title", "hint"}
	rankKeys      = []string{"title"}
	dutyKeys      = []string{"id", "title", "on", "who", "contacts", "by", "within", "scope", "message"}
	triageKeys    = []string{"start", "nodes"}
	nodeKeys      = []string{"ask", "hint", "options"}
	optionKeys    = []string{"id", "label", "next", "verdict", "stamp"}
	verdictKeys   = []string{"title", "security", "rank", "category", "summary"}
)

// contents is what one file contributes: the shared tables any file may
// hold, plus the runbook proper when the file is a runbook.
type contents struct {
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
		root.r.add(Pos{File: root.file.name, Line: 1, Col: 1}, Error, "missing-key", "the file has no format version; add `shodo = %d` as its first line", FormatVersion)
		return
	}
	n, isInt := v.(int64)
	if !isInt {
		root.wrongType("shodo", "an integer", v)
		return
	}
	if n != FormatVersion {
		root.r.errorf(root.loc, "shodo", "format-version", "format version %d is not supported by this shodo (it reads version %d); write `shodo = %d`", n, FormatVersion, FormatVersion)
	}
}

// parseShared reads the tables a fragment and a runbook have in common.
func parseShared(root obj) contents {
	var c contents
	for _, e := range root.entries("roles", "role") {
		e.allow(fmt.Sprintf("role %q", e.id), roleKeys...)
		ro := &Role{ID: e.id, at: e.loc, Pos: e.pos("")}
		ro.Title = e.reqStr(fmt.Sprintf("role %q", e.id), "title", lineText, `title = "Incident commander"`)
		ro.Assignee, _ = e.str("assignee", lineText)
		c.roles = append(c.roles, ro)
	}
	for _, e := range root.entries("parties", "party") {
		c.parties = append(c.parties, parseParty(e))
	}
	for _, e := range root.entries("milestones", "milestone") {
		e.allow(fmt.Sprintf("milestone %q", e.id), milestoneKeys...)
		m := &Milestone{ID: e.id, at: e.loc, Pos: e.pos("")}
		m.Title = e.reqStr(fmt.Sprintf("milestone %q", e.id), "title", lineText, `title = "Became aware that personal data may have leaked"`)
		m.Hint, _ = e.str("hint", blockText)
		c.milestones = append(c.milestones, m)
	}
	for _, e := range root.entries("ranks", "rank") {
		e.allow(fmt.Sprintf("rank %q", e.id), rankKeys...)
		rk := &Rank{ID: e.id, at: e.loc, Pos: e.pos("")}
		rk.Title = e.reqStr(fmt.Sprintf("rank %q", e.id), "title", lineText, `title = "Severe: fix within 3 days"`)
		c.ranks = append(c.ranks, rk)
	}
	c.include = root.strs("include", lineText)
	c.includeAt = root.child("include")
	return c
}

func parseParty(e named) *Party {
	what := fmt.Sprintf("party %q", e.id)
	e.allow(what, partyKeys...)
	p := &Party{ID: e.id, at: e.loc, Pos: e.pos("")}
	p.Title = e.reqStr(what, "title", lineText, `title = "ACME Systems (maintenance vendor)"`)
	p.Kind = e.reqStr(what, "kind", lineText, `kind = "vendor"`)
	if p.Kind != "" && !slices.Contains(PartyKinds(), p.Kind) {
		msg := fmt.Sprintf("%s has unknown kind %q", what, p.Kind)
		if s := suggest(p.Kind, PartyKinds()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		} else {
			msg += "; use one of " + quoteList(PartyKinds())
		}
		e.r.errorf(e.loc, "kind", "bad-value", "%s", msg)
	}
	p.Scope, _ = e.str("scope", blockText)
	if ct, ok := e.table("contract"); ok {
		ct.allow(what+" contract", contractKeys...)
		p.Contract = &Contract{}
		p.Contract.Ref, _ = ct.str("ref", lineText)
		p.Contract.Maintenance, _ = ct.boolean("maintenance")
		p.Contract.NDA, _ = ct.boolean("nda")
		p.Contract.Notes, _ = ct.str("notes", blockText)
	}
	for i, m := range e.list("means", "means") {
		mw := fmt.Sprintf("means %d of %s", i+1, what)
		m.allow(mw, meansKeys...)
		p.Means = append(p.Means, Means{
			By:    m.reqStr(mw, "by", lineText, `by = "phone"`),
			To:    m.reqStr(mw, "to", lineText, `to = "+81-3-0000-0000"`),
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
	rb.ID = root.reqStr("the runbook", "id", lineText, `id = "service-failure"`)
	if rb.ID != "" {
		checkID(root.r, root.loc, "id", "runbook", rb.ID)
	}
	rb.Title = root.reqStr("the runbook", "title", lineText, `title = "Service failure → security verdict"`)
	rb.Version, _ = root.str("version", lineText)
	rb.Lang, _ = root.str("lang", lineText)
	rb.Summary, _ = root.str("summary", blockText)
	if v, ok := root.m["reviewed"]; ok {
		switch t := v.(type) {
		case time.Time:
			rb.Reviewed = t
		case string:
			root.r.errorf(root.loc, "reviewed", "wrong-type", "\"reviewed\" must be a TOML date without quotes, e.g. reviewed = 2026-11-01")
		default:
			root.wrongType("reviewed", "a date (reviewed = 2026-11-01)", v)
		}
	}

	for i, d := range root.list("duties", "duty") {
		rb.Duties = append(rb.Duties, parseDuty(d, i))
	}
	if len(rb.Duties) > MaxDuties {
		root.r.errorf(root.loc, "duties", "limit", "%d duties; a runbook may have at most %d: split it", len(rb.Duties), MaxDuties)
	}

	if t, ok := root.table("triage"); ok {
		t.allow("triage", triageKeys...)
		rb.Triage.at = t.loc
		rb.Triage.Pos = t.pos("")
		if !t.has("start") {
			t.missing("triage", "start", `start = "symptom"`)
		} else {
			rb.Triage.Start, _ = t.str("start", lineText)
		}
		if !t.has("nodes") {
			t.missing("triage", "nodes", `[triage.nodes.symptom] with ask and options`)
		}
		for _, e := range t.entries("nodes", "node") {
			rb.Triage.Nodes = append(rb.Triage.Nodes, parseNode(e))
		}
		if len(rb.Triage.Nodes) > MaxNodes {
			root.r.errorf(t.loc, "nodes", "limit", "%d triage nodes; a runbook may have at most %d: split it", len(rb.Triage.Nodes), MaxNodes)
		}
	} else if !root.has("triage") {
		root.missing("the runbook", "triage", "a [triage] table with start and nodes")
	}

	if !root.has("verdicts") {
		root.missing("the runbook", "verdicts", "[verdicts.hardware-fault] with title and security")
	}
	for _, e := range root.entries("verdicts", "verdict") {
		what := fmt.Sprintf("verdict %q", e.id)
		e.allow(what, verdictKeys...)
		v := &Verdict{ID: e.id, at: e.loc, Pos: e.pos("")}
		v.Title = e.reqStr(what, "title", lineText, `title = "Security incident: ransomware"`)
		if sec, ok := e.boolean("security"); ok {
			v.Security = sec
		} else if !e.has("security") {
			e.missing(what, "security", "security = true (or false for an ordinary fault)")
		}
		v.Rank, _ = e.str("rank", lineText)
		v.Category, _ = e.str("category", lineText)
		v.Summary, _ = e.str("summary", blockText)
		rb.Verdicts = append(rb.Verdicts, v)
	}
}

func parseDuty(d obj, i int) *Duty {
	var what string
	if id, ok := d.m["id"].(string); ok && id != "" {
		what = "duty " + strconv.Quote(id)
	} else {
		what = fmt.Sprintf("duty %d", i+1)
	}
	d.allow(what, dutyKeys...)
	du := &Duty{at: d.loc, Pos: d.pos("")}
	du.ID = d.reqStr(what, "id", lineText, `id = "vendor-first-call"`)
	if du.ID != "" {
		checkID(d.r, d.loc, "id", "duty", du.ID)
	}
	du.Title, _ = d.str("title", lineText)
	if !d.has("on") {
		d.missing(what, "on", `on = "opened" (or a list such as ["security", "rank:A"])`)
	}
	for n, raw := range d.strs("on", lineText) {
		if t, err := ParseTrigger(raw); err != nil {
			at := d.child("on")
			if _, isList := d.m["on"].([]any); isList {
				at = loc{file: d.file, path: joinIndex(at.path, n)}
			}
			d.r.errorf(at, "", "bad-trigger", "%s: %v", what, err)
		} else {
			du.On = append(du.On, t)
		}
	}
	if on, isList := d.m["on"].([]any); isList && len(on) == 0 {
		d.r.errorf(d.loc, "on", "bad-trigger", "%s: on = [] names no trigger, so the duty could never start; write e.g. on = \"opened\"", what)
	}
	du.Who = d.reqStr(what, "who", lineText, `who = "ic"`)
	du.Contacts, _ = d.str("contacts", lineText)
	du.By = d.strs("by", lineText)
	if !d.has("within") {
		d.missing(what, "within", `within = "1h"`)
	} else if s, ok := d.str("within", lineText); ok {
		dur, err := ParseDuration(s)
		if err != nil {
			d.r.errorf(d.loc, "within", "bad-duration", "%s: %v", what, err)
		}
		du.Within = dur
	}
	du.Scope, _ = d.str("scope", blockText)
	du.Message, _ = d.str("message", blockText)
	if du.Message != "" {
		for _, name := range placeholders(du.Message) {
			if !slices.Contains(Placeholders(), name) {
				msg := fmt.Sprintf("%s: unknown placeholder {%s} in message", what, name)
				if s := suggest(name, Placeholders()); s != "" {
					msg += fmt.Sprintf(" (did you mean {%s}?)", s)
				} else {
					msg += "; use " + placeholderList()
				}
				d.r.errorf(d.loc, "message", "bad-placeholder", "%s", msg)
			}
		}
	}
	return du
}

func parseNode(e named) *Node {
	// Names for diagnostics, built on every node and option: concatenation
	// is several times cheaper than fmt here.
	what := "node " + strconv.Quote(e.id)
	e.allow(what, nodeKeys...)
	n := &Node{ID: e.id, at: e.loc, Pos: e.pos("")}
	n.Ask = e.reqStr(what, "ask", lineText, `ask = "What was reported?"`)
	n.Hint, _ = e.str("hint", blockText)
	if !e.has("options") {
		e.missing(what, "options", `options = [{ id = "down", label = "Service down", next = "change" }]`)
	}
	for i, o := range e.list("options", "option") {
		var ow string
		if id, ok := o.m["id"].(string); ok && id != "" {
			ow = "option " + strconv.Quote(id) + " of " + what
		} else {
			ow = fmt.Sprintf("option %d of %s", i+1, what)
		}
		o.allow(ow, optionKeys...)
		op := &Option{at: o.loc, Pos: o.pos("")}
		op.ID = o.reqStr(ow, "id", lineText, `id = "down"`)
		if op.ID != "" {
			checkID(o.r, o.loc, "id", "option", op.ID)
		}
		op.Label = o.reqStr(ow, "label", lineText, `label = "Service down, slow or erroring"`)
		op.Next, _ = o.str("next", lineText)
		op.Verdict, _ = o.str("verdict", lineText)
		switch {
		case o.has("next") && o.has("verdict"):
			o.r.errorf(o.loc, "verdict", "option-target", "%s has both next and verdict; keep exactly one: next leads to another question, verdict ends the triage", ow)
		case !o.has("next") && !o.has("verdict"):
			o.r.errorf(o.loc, "", "option-target", "%s has neither next nor verdict; add next = \"<node>\" or verdict = \"<verdict>\"", ow)
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
