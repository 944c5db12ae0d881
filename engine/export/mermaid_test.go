package export

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// hostileTitles are duty titles, triage questions and answers that
// Mermaid's lexers (gantt.jison, flow.jison, Mermaid 11) would read as
// syntax: keywords, comments and directives, dates, statement ends,
// fences, HTML.
var hostileTitles = []string{
	"Call the security vendor", "click here", "Section Forged", "title Owned", "Excludes weekends",
	"%%{init: {\"theme\": \"forest\"}}%%", "%% a comment", "gantt", "2026-11-25 outage", "a: b #c; d",
	"```\n<img src=x onerror=alert(1)>", "end", "subgraph x", "a --> b", "a | b", "\"quoted\"", "#35; entity",
	"todayMarker off", "dateFormat YYYY", "accTitle: x", "ベンダーに電話：至急",
}

// mermaidBlocks returns the body of every ```mermaid block in md.
func mermaidBlocks(md string) []string {
	var blocks []string
	for _, part := range strings.Split(md, "```mermaid\n")[1:] {
		body, _, ok := strings.Cut(part, "\n```")
		if !ok {
			body = part
		}
		blocks = append(blocks, body)
	}
	return blocks
}

var (
	ganttTask    = regexp.MustCompile(`^    ([^:\n]+) :([^#;\n]+)$`)
	ganttID      = regexp.MustCompile(`^d\d+$`)
	ganttAxis    = regexp.MustCompile(`^    axisFormat ((?:%[YmdHM]|[-: ])+)$`)
	ganttHeader  = regexp.MustCompile(`^    (?:title [^#;\n%]+|dateFormat YYYY-MM-DD HH:mm:ss)$`)
	ganttTagWord = []string{"done", "active", "crit", "milestone"}
)

// checkGantt holds a gantt block to the grammar of Mermaid 11's gantt
// lexer and parser: the header statements, then one task per line whose
// name no statement or date can start and holds none of ":#;%`", whose
// data are known tags, a unique id and two dates in dateFormat, the end
// after the start. It returns the tasks' span, for the axis check.
func checkGantt(t *testing.T, where, block string) (first, last time.Time, axis string) {
	t.Helper()
	lines := strings.Split(block, "\n")
	if lines[0] != "gantt" {
		t.Fatalf("%s: a gantt block starts %q", where, lines[0])
	}
	ids := map[string]bool{}
	for _, line := range lines[1:] {
		if m := ganttAxis.FindStringSubmatch(line); m != nil {
			axis = m[1]
			continue
		}
		if ganttHeader.MatchString(line) {
			continue
		}
		m := ganttTask.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s: not a gantt statement or task: %q", where, line)
			continue
		}
		name := m[1]
		if strings.ContainsAny(name, "#;%`") || ganttStatement(name) || strings.TrimSpace(name) != name {
			t.Errorf("%s: task name %q reads as gantt syntax", where, name)
		}
		data := strings.Split(m[2], ", ")
		if len(data) < 3 {
			t.Errorf("%s: task data %q lacks an id, a start or an end", where, m[2])
			continue
		}
		for _, tag := range data[:len(data)-3] {
			if !slices.Contains(ganttTagWord, tag) {
				t.Errorf("%s: unknown task tag %q in %q", where, tag, line)
			}
		}
		id := data[len(data)-3]
		if !ganttID.MatchString(id) || ids[id] {
			t.Errorf("%s: task id %q is not a fresh d<n>", where, id)
		}
		ids[id] = true
		start, err1 := time.Parse(time.DateTime, data[len(data)-2])
		end, err2 := time.Parse(time.DateTime, data[len(data)-1])
		if err1 != nil || err2 != nil || !end.After(start) {
			t.Errorf("%s: task %q runs from %q to %q", where, name, data[len(data)-2], data[len(data)-1])
			continue
		}
		if first.IsZero() || start.Before(first) {
			first = start
		}
		if end.After(last) {
			last = end
		}
	}
	if axis == "" {
		t.Errorf("%s: no axisFormat d3 can read", where)
	}
	return first, last, axis
}

var (
	flowNode  = regexp.MustCompile(`^    ([A-Za-z][A-Za-z0-9_]*)(?:\(\("[^"]*"\)\)|\["([^"]*)"\]|\{\{"([^"]*)"\}\}|\(\["([^"]*)"\]\)|>"([^"]*)"\])$`)
	flowEdge  = regexp.MustCompile(`^    ([A-Za-z][A-Za-z0-9_]*) (?:-->|-\.->)(?:\|"([^"]*)"\|)? ([A-Za-z][A-Za-z0-9_]*)$`)
	flowClass = regexp.MustCompile(`^    (?:classDef [a-z]+ [a-z0-9#:,-]+|class [A-Za-z0-9_,]+ [a-z]+)$`)
	flowNote  = regexp.MustCompile(`^    %% shodo runbook [a-z0-9-]+$`)
	// flowEntity is what a label may hold after "#": an entity Mermaid
	// decodes.
	flowEntity = regexp.MustCompile(`#(?:[a-z]+|[0-9]+);`)
)

// checkFlowchart holds a flowchart to flow.jison's rules for what shodo
// writes: node shapes with quoted labels (circle, rectangle, hexagon,
// stadium, and the asymmetric shape of a conditional duty), solid and
// dotted edges with quoted labels, class
// statements and one comment; ids no keyword can be, labels without a
// quote, a raw "#" or "%", "|" or "`".
func checkFlowchart(t *testing.T, where, chart string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(chart, "\n"), "\n")
	if lines[0] != "flowchart TD" {
		t.Fatalf("%s: a flowchart starts %q", where, lines[0])
	}
	label := func(s string) {
		if strings.ContainsAny(flowEntity.ReplaceAllString(s, ""), "\"#%|`\n") {
			t.Errorf("%s: label %q holds Mermaid syntax", where, s)
		}
	}
	id := func(s string) {
		if slices.Contains([]string{"end", "graph", "subgraph", "flowchart", "style", "class", "classdef", "click", "call", "href"}, strings.ToLower(s)) {
			t.Errorf("%s: node id %q is a keyword", where, s)
		}
	}
	for _, line := range lines[1:] {
		switch {
		case flowNote.MatchString(line), flowClass.MatchString(line):
		case flowNode.MatchString(line):
			m := flowNode.FindStringSubmatch(line)
			id(m[1])
			label(m[2] + m[3] + m[4] + m[5])
		case flowEdge.MatchString(line):
			m := flowEdge.FindStringSubmatch(line)
			id(m[1])
			id(m[3])
			label(m[2])
		default:
			t.Errorf("%s: not a flowchart statement shodo writes: %q", where, line)
		}
	}
}

// TestEveryMermaidBlockParses checks every Mermaid block shodo writes —
// the gantt chart of each postmortem (English, Japanese, the
// pseudo-locale, duties with hostile titles) and `shodo graph --format
// mermaid` of every shipped runbook and of one with hostile questions —
// against the grammar rules above, and that its axis labels differ tick
// from tick as d3 places the ticks.
func TestEveryMermaidBlockParses(t *testing.T) {
	dir, _ := scriptedIncident(t)
	hostile := readInput(t, dir)
	for i, d := range hostile.State.Runbook.Duties {
		d.Title = hostileTitles[i%len(hostileTitles)]
	}
	inputs := map[string]Input{"scripted": readInput(t, dir), "japanese": japaneseIncident(t), "hostile": hostile}
	gantts := 0
	for name, in := range inputs {
		for _, lang := range []string{"en", "ja", "en-XA"} {
			var b bytes.Buffer
			must(t, Markdown(&b, in, Options{Lang: lang, Location: jst}))
			for i, block := range mermaidBlocks(b.String()) {
				where := fmt.Sprintf("%s %s block %d", name, lang, i+1)
				first, last, axis := checkGantt(t, where, block)
				checkAxisLabels(t, where, first, last, axis)
				gantts++
			}
		}
	}
	if gantts != len(inputs)*3 {
		t.Errorf("checked %d gantt charts; want one per postmortem, %d", gantts, len(inputs)*3)
	}

	for _, file := range []string{"service-failure.toml", "service-failure-ja.toml", "cloud-service-outage.toml", "cloud-service-outage-ja.toml", "vulnerability-advisory.toml", "vulnerability-advisory-ja.toml"} {
		checkFlowchart(t, file, runbook.Mermaid(shippedRunbook(t, file)))
	}
	rb := shippedRunbook(t, "service-failure.toml")
	for i, n := range rb.Triage.Nodes {
		n.Ask = hostileTitles[i%len(hostileTitles)]
		for j, o := range n.Options {
			o.Label = hostileTitles[(i+j+1)%len(hostileTitles)]
		}
	}
	for i, v := range rb.Verdicts {
		v.Title = hostileTitles[(i+3)%len(hostileTitles)]
	}
	checkFlowchart(t, "hostile runbook", runbook.Mermaid(rb))
}

// TestGanttAxisLabelsDiffer: whatever the chart spans, from minutes to the
// 30- and 60-day report clocks and beyond, no two ticks d3 draws carry the
// same label (with "%H:%M" a month's chart read 00:00 on every tick).
func TestGanttAxisLabelsDiffer(t *testing.T) {
	starts := []time.Time{time.Date(2026, 11, 25, 10, 20, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	for _, start := range starts {
		for _, span := range []time.Duration{10 * time.Minute, time.Hour, 5 * time.Hour, 23 * time.Hour, 24 * time.Hour, 36 * time.Hour, 72 * time.Hour, 10 * 24 * time.Hour, 30 * 24 * time.Hour, 60 * 24 * time.Hour, 62 * 24 * time.Hour, 90 * 24 * time.Hour, 400 * 24 * time.Hour} {
			checkAxisLabels(t, fmt.Sprintf("%s + %s", start.Format(time.DateTime), span), start, start.Add(span), ganttAxisFormat(span))
		}
	}
}

// checkAxisLabels places the ticks as d3's time scale does for Mermaid's
// axis (ticks(10): the interval of its table nearest a tenth of the span,
// on round local times) and checks that axis labels them all apart.
func checkAxisLabels(t *testing.T, where string, first, last time.Time, axis string) {
	t.Helper()
	ticks := d3Ticks(first, last)
	seen := map[string]time.Time{}
	for _, tick := range ticks {
		label := strftime(axis, tick)
		if before, ok := seen[label]; ok {
			t.Errorf("%s: axisFormat %q labels both %s and %s %q", where, axis, before.Format(time.DateTime), tick.Format(time.DateTime), label)
			return
		}
		seen[label] = tick
	}
}

// d3Ticks are the ticks of d3.scaleTime().domain([first, last]).ticks(10)
// (d3-time's tickInterval: the table below, the nearer of the two
// intervals around span/10).
func d3Ticks(first, last time.Time) []time.Time {
	type interval struct {
		unit string
		step int
		d    time.Duration
	}
	const day = 24 * time.Hour
	table := []interval{
		{"s", 1, time.Second}, {"s", 5, 5 * time.Second}, {"s", 15, 15 * time.Second}, {"s", 30, 30 * time.Second},
		{"m", 1, time.Minute}, {"m", 5, 5 * time.Minute}, {"m", 15, 15 * time.Minute}, {"m", 30, 30 * time.Minute},
		{"h", 1, time.Hour}, {"h", 3, 3 * time.Hour}, {"h", 6, 6 * time.Hour}, {"h", 12, 12 * time.Hour},
		{"d", 1, day}, {"d", 2, 2 * day}, {"w", 1, 7 * day}, {"M", 1, 30 * day}, {"M", 3, 90 * day}, {"y", 1, 365 * day},
	}
	target := last.Sub(first) / 10
	i := 0
	for i < len(table) && table[i].d <= target {
		i++
	}
	var iv interval
	switch {
	case i == len(table):
		iv = table[len(table)-1]
	case i == 0:
		iv = table[0]
	case float64(target)/float64(table[i-1].d) < float64(table[i].d)/float64(target):
		iv = table[i-1]
	default:
		iv = table[i]
	}
	// The first round time at or after first, then every step.
	y, mo, d := first.Date()
	var tick time.Time
	var next func(time.Time) time.Time
	switch iv.unit {
	case "s", "m", "h":
		tick = first.Truncate(iv.d)
		if iv.unit == "h" { // d3 counts hours of the local day
			midnight := time.Date(y, mo, d, 0, 0, 0, 0, first.Location())
			tick = midnight.Add(first.Sub(midnight).Truncate(iv.d))
		}
		next = func(t time.Time) time.Time { return t.Add(iv.d) }
	case "d": // days of the month: 1, 3, 5… for every other day
		tick = time.Date(y, mo, d, 0, 0, 0, 0, first.Location())
		next = func(t time.Time) time.Time {
			n := t.AddDate(0, 0, iv.step)
			if iv.step > 1 && n.Month() != t.Month() {
				return time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, n.Location())
			}
			return n
		}
	case "w": // Sundays
		tick = time.Date(y, mo, d-int(first.Weekday()), 0, 0, 0, 0, first.Location())
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	case "M":
		tick = time.Date(y, mo, 1, 0, 0, 0, 0, first.Location())
		next = func(t time.Time) time.Time { return t.AddDate(0, iv.step, 0) }
	default:
		tick = time.Date(y, 1, 1, 0, 0, 0, 0, first.Location())
		next = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	}
	var ticks []time.Time
	for ; !tick.After(last); tick = next(tick) {
		if !tick.Before(first) {
			ticks = append(ticks, tick)
		}
	}
	return ticks
}

// strftime formats t as d3's timeFormat does, for the directives
// ganttAxisFormat uses.
func strftime(layout string, t time.Time) string {
	return t.Format(strings.NewReplacer("%Y", "2006", "%m", "01", "%d", "02", "%H", "15", "%M", "04").Replace(layout))
}
