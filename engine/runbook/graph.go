package runbook

import (
	"fmt"
	"slices"
	"strings"
)

// The triage flowchart is drawn twice, for Mermaid (Markdown, wikis, GitHub)
// and for Graphviz DOT (print, SVG). Both follow the same plan so that a
// reader of one can read the other:
//
//   - an entry marker labelled "start" points at the start node, which also
//     gets a heavier border;
//   - every node is a box showing its question;
//   - every option is an edge labelled with its answer (and the milestones
//     it stamps);
//   - verdicts are terminal nodes; a security verdict has its own shape, its
//     own class and colour, and says "security verdict" in words, so that it
//     stays distinct in black and white and for colour-blind readers.
//
// Output follows source order only, so that it can be diffed and kept as a
// golden file.

// Graph ids are built from runbook ids with a prefix per namespace (a node
// and a verdict may share an id) and kept to [A-Za-z0-9_]: Mermaid gives
// meaning to "-" in edges, and some words ("end") are reserved there.
const (
	graphEntryID    = "entry"
	graphNodePfx    = "n_"
	graphVerdictPfx = "v_"
	graphDutyPfx    = "d_"
)

// conditionEdge is a dashed edge from a triage node or a verdict to a duty
// whose condition names it (format version 2): an answer, or a verdict of
// its all, any or unless.
type conditionEdge struct {
	from, to, label string
	unless          bool
}

// conditionDuties returns the duties a drawing shows beside the triage —
// those whose `on` is a condition or names an answer, and those owed to
// several recipients (format version 2; a version 1 runbook has none, so
// its drawing is as it was) — and the edges that lead to them, in source
// order.
func conditionDuties(rb *Runbook, g *graphNames) ([]*Duty, []conditionEdge) {
	var duties []*Duty
	var edges []conditionEdge
	for _, d := range rb.Duties {
		hasAnswer := slices.ContainsFunc(d.On, func(t Trigger) bool { return t.Kind == TriggerAnswer || t.Kind == TriggerDimension })
		if d.Condition == nil && !hasAnswer && !d.HasRecipients() {
			continue
		}
		duties = append(duties, d)
		add := func(part string, ts []Trigger) {
			for _, t := range ts {
				switch {
				case t.Kind == TriggerAnswer:
					node, label := answerEdgeLabel(rb, t)
					edges = append(edges, conditionEdge{from: g.node(node), to: g.duty(d.ID), label: part + ": " + label, unless: part == "unless"})
				case t.Kind == TriggerDimension:
					// From every node with an option that sets the value:
					// the answers that classify the incident so.
					for _, node := range dimensionSetters(rb, t) {
						edges = append(edges, conditionEdge{from: g.node(node), to: g.duty(d.ID), label: part + ": " + t.Arg, unless: part == "unless"})
					}
				case t.Kind == TriggerVerdict && t.Arg != "":
					edges = append(edges, conditionEdge{from: g.verdict(t.Arg), to: g.duty(d.ID), label: part, unless: part == "unless"})
				}
			}
		}
		if c := d.Condition; c != nil {
			add("all", c.All)
			add("any", d.On)
			add("unless", c.Unless)
		} else {
			add("any", d.On)
		}
	}
	return duties, edges
}

// dutyBox is the text of a duty's box: what it is, and its whole
// condition in the runbook's words; for a duty owed to several
// recipients, whom it goes to.
func dutyBox(d *Duty) (head, condition string) {
	title := d.Title
	if title == "" {
		title = d.ID
	}
	var parts []string
	if c := d.Condition; c != nil && len(c.All) > 0 {
		parts = append(parts, "all "+triggerList(c.All))
	}
	if len(d.On) > 0 {
		parts = append(parts, "any "+triggerList(d.On))
	}
	if c := d.Condition; c != nil && len(c.Unless) > 0 {
		parts = append(parts, "unless "+triggerList(c.Unless))
	}
	switch {
	case d.ForEach != "":
		parts = append(parts, "to each of "+ForEachPrefix+d.ForEach)
	case len(d.Recipients) > 0:
		parts = append(parts, "to each of "+strings.Join(d.Recipients, ", "))
	}
	return "duty · " + title, strings.Join(parts, "; ")
}

func triggerList(ts []Trigger) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.String()
	}
	return strings.Join(out, ", ")
}

// Mermaid returns the triage flowchart of rb as Mermaid flowchart source.
func Mermaid(rb *Runbook) string {
	names := newGraphNames()
	names.declare(rb)
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	// A comment ends at the end of the line, so the id must not span lines.
	fmt.Fprintf(&b, "    %%%% shodo runbook %s\n", strings.ReplaceAll(cleanGraphText(rb.ID), "\n", " "))
	fmt.Fprintf(&b, "    %s((\"start\"))\n", graphEntryID)
	for _, n := range rb.Triage.Nodes {
		fmt.Fprintf(&b, "    %s[\"%s\"]\n", names.node(n.ID), mermaidText(n.Ask))
	}
	for _, v := range rb.Verdicts {
		label := mermaidText(verdictHeading(v)) + "<br>" + mermaidText(v.Title)
		if v.Security {
			// A hexagon: the shape differs, not only the colour.
			fmt.Fprintf(&b, "    %s{{\"%s\"}}\n", names.verdict(v.ID), label)
		} else {
			fmt.Fprintf(&b, "    %s([\"%s\"])\n", names.verdict(v.ID), label)
		}
	}
	duties, edges := conditionDuties(rb, names)
	for _, d := range duties {
		head, condition := dutyBox(d)
		fmt.Fprintf(&b, "    %s>\"%s<br>%s\"]\n", names.duty(d.ID), mermaidText(head), mermaidText(condition))
	}
	if rb.Triage.Start != "" {
		fmt.Fprintf(&b, "    %s --> %s\n", graphEntryID, names.node(rb.Triage.Start))
	}
	for _, e := range triageEdges(rb, names) {
		lines := make([]string, len(e.lines))
		for i, l := range e.lines {
			lines[i] = mermaidText(l)
		}
		fmt.Fprintf(&b, "    %s -->|\"%s\"| %s\n", e.from, strings.Join(lines, "<br>"), e.to)
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "    %s -.->|\"%s\"| %s\n", e.from, mermaidText(e.label), e.to)
	}
	b.WriteString("    classDef entry fill:#eeeeee,stroke:#555555\n")
	b.WriteString("    classDef start stroke-width:3px\n")
	b.WriteString("    classDef verdict fill:#e8f5e9,stroke:#2e7d32,color:#1b5e20\n")
	b.WriteString("    classDef security fill:#ffebee,stroke:#c62828,stroke-width:3px,color:#b71c1c\n")
	fmt.Fprintf(&b, "    class %s entry\n", graphEntryID)
	if rb.Triage.Start != "" {
		fmt.Fprintf(&b, "    class %s start\n", names.node(rb.Triage.Start))
	}
	var ordinary, security []string
	for _, v := range rb.Verdicts {
		if v.Security {
			security = append(security, names.verdict(v.ID))
		} else {
			ordinary = append(ordinary, names.verdict(v.ID))
		}
	}
	if len(ordinary) > 0 {
		fmt.Fprintf(&b, "    class %s verdict\n", strings.Join(ordinary, ","))
	}
	if len(security) > 0 {
		fmt.Fprintf(&b, "    class %s security\n", strings.Join(security, ","))
	}
	return b.String()
}

// DOT returns the triage flowchart of rb as Graphviz DOT source.
func DOT(rb *Runbook) string {
	names := newGraphNames()
	names.declare(rb)
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotQuote(rb.ID))
	b.WriteString("    graph [rankdir=TB, charset=\"UTF-8\", labelloc=t, fontname=\"sans-serif\"")
	if rb.Title != "" {
		fmt.Fprintf(&b, ", label=%s", dotQuote(rb.Title))
	}
	b.WriteString("];\n")
	b.WriteString("    node [shape=box, style=\"rounded\", fontname=\"sans-serif\"];\n")
	b.WriteString("    edge [fontname=\"sans-serif\"];\n")
	fmt.Fprintf(&b, "    %s [label=\"start\", shape=circle, style=filled, fillcolor=\"#eeeeee\", class=\"entry\"];\n", dotQuote(graphEntryID))
	for _, n := range rb.Triage.Nodes {
		attrs := ""
		if n.ID == rb.Triage.Start {
			attrs = ", penwidth=3, class=\"start\""
		}
		fmt.Fprintf(&b, "    %s [label=%s%s];\n", dotQuote(names.node(n.ID)), dotQuote(n.Ask), attrs)
	}
	for _, v := range rb.Verdicts {
		label := dotQuote(verdictHeading(v) + "\n" + v.Title)
		if v.Security {
			fmt.Fprintf(&b, "    %s [label=%s, shape=hexagon, style=\"filled,bold\", penwidth=3, color=\"#c62828\", fillcolor=\"#ffebee\", fontcolor=\"#b71c1c\", class=\"security\"];\n",
				dotQuote(names.verdict(v.ID)), label)
		} else {
			fmt.Fprintf(&b, "    %s [label=%s, shape=box, style=\"rounded,filled\", color=\"#2e7d32\", fillcolor=\"#e8f5e9\", fontcolor=\"#1b5e20\", class=\"verdict\"];\n",
				dotQuote(names.verdict(v.ID)), label)
		}
	}
	if rb.Triage.Start != "" {
		fmt.Fprintf(&b, "    %s -> %s;\n", dotQuote(graphEntryID), dotQuote(names.node(rb.Triage.Start)))
	}
	for _, e := range triageEdges(rb, names) {
		fmt.Fprintf(&b, "    %s -> %s [label=%s];\n", dotQuote(e.from), dotQuote(e.to), dotQuote(strings.Join(e.lines, "\n")))
	}
	duties, edges := conditionDuties(rb, names)
	for _, d := range duties {
		head, condition := dutyBox(d)
		fmt.Fprintf(&b, "    %s [label=%s, shape=note, class=\"duty\"];\n", dotQuote(names.duty(d.ID)), dotQuote(head+"\n"+condition))
	}
	for _, e := range edges {
		arrow := "normal"
		if e.unless {
			arrow = "tee"
		}
		fmt.Fprintf(&b, "    %s -> %s [label=%s, style=dashed, arrowhead=%s];\n", dotQuote(e.from), dotQuote(e.to), dotQuote(e.label), arrow)
	}
	b.WriteString("}\n")
	return b.String()
}

// verdictHeading is the first line of a verdict's box. It names the kind of
// verdict in words because colour and shape alone do not survive every reader.
func verdictHeading(v *Verdict) string {
	h := "verdict"
	if v.Security {
		h = "security verdict"
	}
	if v.Rank != "" {
		h += " · rank " + v.Rank
	}
	return h
}

// stampText lists the milestones an option stamps, or "".
func stampText(o *Option) string {
	if len(o.Stamp) == 0 {
		return ""
	}
	return "stamps " + strings.Join(o.Stamp, ", ")
}

// optionTarget returns the graph id an option leads to; false when the
// option leads nowhere (only possible in a runbook that failed validation).
func (g *graphNames) optionTarget(o *Option) (string, bool) {
	switch {
	case o.Verdict != "":
		return g.verdict(o.Verdict), true
	case o.Next != "":
		return g.node(o.Next), true
	}
	return "", false
}

// graphNames gives every node and verdict of one drawing an identifier
// that both syntaxes accept unquoted: [A-Za-z0-9_], with "-" and anything
// else as "_". Runbook ids may hold "-" and "_" both, so "a-b" and "a_b"
// would meet: a later id that collides gets a numeric suffix, in source
// order, so the output stays deterministic and readable.
type graphNames struct {
	byKey map[string]string // prefix+id → graph id
	used  map[string]bool
}

func newGraphNames() *graphNames {
	return &graphNames{byKey: map[string]string{}, used: map[string]bool{graphEntryID: true}}
}

func (g *graphNames) name(prefix, id string) string {
	key := prefix + id
	if n, ok := g.byKey[key]; ok {
		return n
	}
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	n := b.String()
	for i := 2; g.used[n]; i++ {
		n = fmt.Sprintf("%s_%d", b.String(), i)
	}
	g.used[n] = true
	g.byKey[key] = n
	return n
}

// node and verdict name a triage node and a verdict.
func (g *graphNames) node(id string) string    { return g.name(graphNodePfx, id) }
func (g *graphNames) verdict(id string) string { return g.name(graphVerdictPfx, id) }
func (g *graphNames) duty(id string) string    { return g.name(graphDutyPfx, id) }

// declare names every node, then every verdict, in source order, before
// any edge is written, so that suffixes do not depend on edge order.
func (g *graphNames) declare(rb *Runbook) {
	for _, n := range rb.Triage.Nodes {
		g.node(n.ID)
	}
	for _, v := range rb.Verdicts {
		g.verdict(v.ID)
	}
}

// mermaidText escapes s for a double-quoted Mermaid label. Mermaid decodes
// "#name;" and "#123;" entities inside labels and renders labels as HTML,
// so '#' itself, the quote, HTML specials, '|' (edge label delimiter), '`'
// (markdown string marker) and '%' (comment marker) become entities, and a
// newline becomes <br>. Other text, Japanese included, is kept as it is so that the source stays
// readable.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range cleanGraphText(s) {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '|':
			b.WriteString("#124;")
		case '`':
			b.WriteString("#96;")
		case '%':
			// "%%" starts a comment in some Mermaid versions' preprocessing.
			b.WriteString("#37;")
		case '\n':
			b.WriteString("<br>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dotQuote returns s as a DOT double-quoted string. In DOT labels a
// backslash starts an escape (\n, \l, \N), so it is doubled; a newline is
// written as \n (centred line break).
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range cleanGraphText(s) {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// cleanGraphText drops what must never reach a graph file from runbook
// text, which may come from anyone: control characters other than newline
// (a tab becomes a space, CRLF a newline), C1 controls and bidirectional
// overrides, which could make a label read differently from what it says.
func cleanGraphText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return -1
		case r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, s)
}

// answerEdgeLabel is the node an answer trigger names and the label of its
// edge: the option's label, or a threshold with the node's unit
// (">= 1000 people").
func answerEdgeLabel(rb *Runbook, t Trigger) (node, label string) {
	a := t.AnswerTest()
	n := rb.Node(a.Node)
	switch {
	case n == nil:
		return a.Node, a.Value
	case n.IsNumber():
		label = a.Op + " " + a.Value
		if n.Unit != "" {
			label += " " + n.Unit
		}
		return a.Node, label
	}
	if o := n.Option(a.Value); o != nil {
		return a.Node, o.Label
	}
	return a.Node, a.Value
}

// dimensionSetters are the nodes with an option that sets the value a
// dimension trigger names, in source order.
func dimensionSetters(rb *Runbook, t Trigger) []string {
	dim, value := t.DimensionOf()
	var out []string
	for _, n := range rb.Triage.Nodes {
		for _, o := range n.Options {
			if slices.ContainsFunc(o.Sets, func(s Setting) bool { return s.Dimension == dim && s.Value == value }) {
				out = append(out, n.ID)
				break
			}
		}
	}
	return out
}

// triageEdge is one solid edge of the triage: from a node to the node or
// verdict an answer leads to, with its label's lines.
type triageEdge struct {
	from, to string
	lines    []string
}

// triageEdges are the triage's edges in source order: each option with
// its own way on (its label, the milestones it stamps, the dimension
// values it sets); then a multi or number node's own way on (format
// version 2), labelled with what is picked or typed — the options of a
// multi node without a way of their own, or the number and its unit.
func triageEdges(rb *Runbook, names *graphNames) []triageEdge {
	var out []triageEdge
	for _, n := range rb.Triage.Nodes {
		var rest []string
		for _, o := range n.Options {
			target, ok := names.optionTarget(o)
			if !ok {
				rest = append(rest, optionLines(o)...)
				continue
			}
			out = append(out, triageEdge{from: names.node(n.ID), to: target, lines: optionLines(o)})
		}
		var target string
		switch {
		case n.Verdict != "":
			target = names.verdict(n.Verdict)
		case n.Next != "":
			target = names.node(n.Next)
		default:
			continue
		}
		lines := rest
		switch {
		case n.IsNumber() && n.Unit != "":
			lines = []string{"number of " + n.Unit}
		case n.IsNumber():
			lines = []string{"number"}
		case len(rest) == 0:
			lines = []string{"any other pick"}
		}
		out = append(out, triageEdge{from: names.node(n.ID), to: target, lines: lines})
	}
	return out
}

// optionLines are an option's edge label: its label, the milestones it
// stamps, the dimension values it sets.
func optionLines(o *Option) []string {
	lines := []string{o.Label}
	if s := stampText(o); s != "" {
		lines = append(lines, s)
	}
	if len(o.Sets) > 0 {
		var sets []string
		for _, st := range o.Sets {
			sets = append(sets, st.Dimension+"="+st.Value)
		}
		lines = append(lines, "sets "+strings.Join(sets, ", "))
	}
	return lines
}
