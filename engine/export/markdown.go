package export

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/textsafe"
)

// Markdown writes a postmortem draft in the shape of Google's SRE
// postmortem: summary, impact, verdict, triage path, duties (table and
// Mermaid gantt chart), the timeline, notes, and the lessons-learned and
// action-item sections left for people, closing with the journal head hash
// so that a reader can check the document against the journal.
func Markdown(out io.Writer, in Input, opt Options) error {
	bw := bufio.NewWriter(out)
	c := opt.catalogue()
	st := in.State
	rb := st.Runbook
	loc := opt.loc()
	local := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05 MST") }

	status := c.T("export.status.open")
	if st.Closed {
		status = c.T("export.status.closed")
	}
	if st.Ending != nil {
		status = c.T("export.status.ended", "Ending", EndingWords(c, st.Ending))
	}
	fmt.Fprintf(bw, "# %s — %s\n\n", c.T("export.label", "Label", c.T("export.postmortem.title"), "Text", md(Named(c, st.Name, rb.Title, st.Drill != nil))), md(st.ID))
	fmt.Fprintf(bw, "_%s · %s_\n\n", c.T("export.postmortem.draft"), status)

	fmt.Fprintf(bw, "## %s\n\n", c.T("export.postmortem.h-incident"))
	row := func(k, v string) { fmt.Fprintf(bw, "| %s | %s |\n", k, v) }
	fmt.Fprintf(bw, "| | |\n|---|---|\n")
	row(c.T("export.postmortem.f-incident"), fmt.Sprintf("%s (%s)", st.ID, st.UUID))
	if st.Name != "" {
		row(c.T("export.postmortem.f-title"), md(st.Name))
	}
	version := ""
	if rb.Version != "" {
		version = " " + md(rb.Version)
	}
	row(c.T("export.postmortem.f-runbook"), fmt.Sprintf("%s%s — %s", md(rb.ID), version, md(rb.Title)))
	row(c.T("export.postmortem.f-opened"), local(st.Opened)+" · "+md(st.OpenedBy))
	resolved := func(r *incident.Resolution) {
		if r == nil {
			return
		}
		when := local(r.When())
		if !r.Happened.IsZero() {
			when = c.T("export.postmortem.claimed", "When", when, "Recorded", local(r.Time))
		}
		row(c.T("export.postmortem.f-resolved"), when+" · "+md(r.Actor))
	}
	// In the order they happened: a reopen undoes the resolution before
	// it (the incident is open again), and a later one is its own row.
	for _, ro := range st.Reopens {
		resolved(ro.Resolution)
		row(c.T("export.postmortem.f-closed"), local(ro.ClosedAt)+" · "+md(ro.ClosedBy))
		row(c.T("export.postmortem.f-reopened"), local(ro.Time)+" · "+md(ro.Actor)+" · "+md(oneLine(ro.Reason)))
	}
	resolved(st.Resolution)
	if st.Closed {
		row(c.T("export.postmortem.f-closed"), local(st.ClosedAt)+" · "+md(st.ClosedBy))
	}
	if st.Ending != nil {
		row(c.T("export.postmortem.f-ending"), md(EndingWords(c, st.Ending)))
	}
	for _, l := range st.Links {
		row(c.T("export.postmortem.f-link"), md(c.T("export.link."+l.Kind))+" "+md(l.Incident)+" · "+local(l.Time)+" · "+md(l.Actor))
	}
	row(c.T("export.postmortem.f-duration"), SpanIn(c, lastTime(st).Sub(st.Opened)))
	row(c.T("export.postmortem.f-actors"), md(strings.Join(st.Actors, ", ")))
	bw.WriteString("\n")

	fmt.Fprintf(bw, "## %s\n\n", c.T("export.postmortem.h-summary"))
	if st.Ending != nil {
		fmt.Fprintf(bw, "%s\n\n%s\n\n", c.T("export.postmortem.ended", "Ending", md(EndingWords(c, st.Ending))), mdBlock(st.Summary))
	} else if st.Closed && st.Summary != "" {
		fmt.Fprintf(bw, "%s\n\n", mdBlock(st.Summary))
	} else {
		fmt.Fprintf(bw, "%s\n\n", c.T("export.postmortem.not-closed"))
	}

	fmt.Fprintf(bw, "## %s\n\n%s\n\n", c.T("export.postmortem.h-impact"), c.T("export.postmortem.impact-help"))

	fmt.Fprintf(bw, "## %s\n\n", c.T("export.postmortem.h-verdict"))
	if v := st.Verdict; v != nil {
		sec := c.T("export.word.no")
		if v.Security {
			sec = c.T("export.word.yes")
		}
		fmt.Fprintf(bw, "**%s**\n\n| | |\n|---|---|\n", md(v.Title))
		row(c.T("export.postmortem.f-security"), sec)
		if v.Rank != "" {
			title := v.Rank
			if r := rb.Rank(v.Rank); r != nil {
				title = fmt.Sprintf("%s — %s", v.Rank, r.Title)
			}
			row(c.T("export.postmortem.f-rank"), md(title))
		}
		if spec := rb.Verdict(v.ID); spec != nil && spec.Category != "" {
			row(c.T("export.postmortem.f-category"), md(spec.Category))
		}
		for _, d := range dimensionRows(st) {
			row(md(d[0]), md(d[1]))
		}
		row(c.T("export.postmortem.f-reached"), local(v.Time)+" · "+md(v.Actor))
		row(c.T("export.postmortem.f-time-to-verdict"), SpanIn(c, v.Time.Sub(st.Opened)))
		if spec := rb.Verdict(v.ID); spec != nil && spec.Summary != "" {
			fmt.Fprintf(bw, "\n%s\n", mdBlock(spec.Summary))
		}
		bw.WriteString("\n")
	} else {
		fmt.Fprintf(bw, "%s\n\n", c.T("export.postmortem.no-verdict"))
	}

	fmt.Fprintf(bw, "## %s\n\n", c.T("export.postmortem.h-path"))
	if len(st.Path) == 0 {
		fmt.Fprintf(bw, "%s\n\n", c.T("export.postmortem.no-answers"))
	}
	for i, a := range st.Path {
		q, label := pathAnswer(c, rb, a)
		line := fmt.Sprintf("%s — %s → **%s**", local(a.Time), md(q), md(label))
		if a.Superseded {
			line = fmt.Sprintf("~~%s~~ (%s)", line, c.T("export.postmortem.superseded"))
		}
		fmt.Fprintf(bw, "%d. %s\n", i+1, line)
	}
	if len(st.Path) > 0 {
		bw.WriteString("\n")
	}

	duties := startedDuties(st)
	fmt.Fprintf(bw, "## %s\n\n", c.T("export.postmortem.h-duties"))
	fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|\n",
		c.T("export.postmortem.c-duty"), c.T("export.postmortem.c-who"), c.T("export.postmortem.c-trigger"), c.T("export.postmortem.c-started"),
		c.T("export.postmortem.c-due"), c.T("export.postmortem.c-done"), c.T("export.postmortem.c-status"))
	for _, d := range duties {
		who := rb.ActorTitle(d.Spec.Who)
		if whom := whomText(c, rb, d.Spec); whom != "" {
			who += " → " + whom
		}
		done := ""
		if d.Status == incident.StatusDone {
			done = local(d.DoneAt)
		}
		title := dutyTitle(rb, d.ID)
		if d.Spec.Fragment.Pending() {
			// A pending regime's clock ran, but the law is not in force:
			// the postmortem must not read as if it were owed.
			title = c.T("export.postmortem.pending-duty", "Duty", title)
		}
		fmt.Fprintf(bw, "| %s | %s | `%s` | %s | %s | %s | %s |\n", md(title), md(who), d.Trigger, local(d.Started), md(dueCell(c, d, local)), done, md(dutyStatus(c, st, d)))
	}
	bw.WriteString("\n")
	writeClockHistory(bw, c, rb, duties, local)
	writeContent(bw, c, rb, duties, local)
	writeFields(bw, c, rb, duties, local)
	writeRecipients(bw, c, st, duties, local)
	if len(duties) > 0 {
		fmt.Fprintf(bw, "### %s\n\n", c.T("export.postmortem.h-gantt"))
		writeGantt(bw, c, st, duties, loc)
	}
	if hasEvidence(st) {
		fmt.Fprintf(bw, "## %s\n\n", c.T("export.custody.h-evidence"))
		writeEvidence(bw, c, st, local, "###")
	}

	writeRoleChanges(bw, c, rb, st.RoleChanges, local)

	fmt.Fprintf(bw, "## %s\n\n", c.T("export.postmortem.h-timeline"))
	fmt.Fprintf(bw, "| %s | %s | %s | %s |\n|---|---|---|---|\n",
		c.T("export.postmortem.c-time-local"), c.T("export.postmortem.c-time-utc"), c.T("export.postmortem.c-actor"), c.T("export.postmortem.c-event"))
	tell := words{c: c, rb: rb, formatTime: dateTimeIn(loc), compiled: map[string]*compiledMessage{}}
	notApplied := problemsBySeq(st.Problems)
	for _, ev := range st.Events {
		event := md(tell.sentence(incident.SentenceOf(ev)))
		if p, ok := notApplied[ev.Seq]; ok {
			// A record the state left out (one after the close, one
			// edited in by hand) is no fact of the incident: its row
			// says so where it stands, not only under Integrity.
			event = c.T("export.postmortem.not-applied", "Event", event, "Problem", md(Say(c, p.Say)))
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", ev.Time.In(loc).Format("2006-01-02 15:04:05"), ev.Time.UTC().Format("2006-01-02 15:04:05"), md(ev.Actor), event)
	}
	bw.WriteString("\n")

	fmt.Fprintf(bw, "## %s\n\n", c.T("export.postmortem.h-notes"))
	if len(st.Notes) == 0 {
		fmt.Fprintf(bw, "%s\n\n", c.T("export.postmortem.no-notes"))
	}
	for _, n := range st.Notes {
		fmt.Fprintf(bw, "- %s · %s\n", local(n.Time), c.T("export.label", "Label", md(n.Actor), "Text", md(oneLine(n.Text))))
	}
	if len(st.Notes) > 0 {
		bw.WriteString("\n")
	}

	fmt.Fprintf(bw, "## %s\n\n### %s\n\n- \n\n### %s\n\n- \n\n### %s\n\n- \n\n", c.T("export.postmortem.h-lessons"),
		c.T("export.postmortem.went-well"), c.T("export.postmortem.went-wrong"), c.T("export.postmortem.lucky"))
	fmt.Fprintf(bw, "## %s\n\n%s\n\n| %s | %s | %s | %s |\n|---|---|---|---|\n| | | | |\n\n", c.T("export.postmortem.h-actions"),
		c.T("export.postmortem.action-help"), c.T("export.postmortem.c-action"), c.T("export.postmortem.c-type"), c.T("export.postmortem.c-owner"), c.T("export.postmortem.c-due-date"))

	fmt.Fprintf(bw, "## %s\n\n| | |\n|---|---|\n", c.T("export.postmortem.h-integrity"))
	writeIntegrity(bw, c, in)
	fmt.Fprintf(bw, "\n%s\n", integrityHelp(c, st.ID))
	return bw.Flush()
}

// writeIntegrity writes the rows that let a reader check a document
// against its journal: records, head hash, signed head.
func writeIntegrity(bw *bufio.Writer, c *i18n.Catalog, in Input) {
	row := func(k, v string) { fmt.Fprintf(bw, "| %s | %s |\n", k, v) }
	row(c.T("export.integrity.records"), fmt.Sprint(in.Records))
	row(c.T("export.integrity.head-hash"), "`"+in.Head+"`")
	if in.Sealed != nil {
		row(c.T("export.integrity.sealed"), c.T("export.integrity.sealed-value", "Seq", in.Sealed.Seq, "Hash", in.Sealed.Hash))
	} else {
		row(c.T("export.integrity.sealed"), c.T("export.integrity.not-sealed"))
	}
	if ps := in.State.Problems; len(ps) > 0 {
		row(c.T("export.integrity.problems", "Count", len(ps)), problemList(c, ps))
	}
}

// problemsBySeq indexes the events the fold could not apply by their seq.
func problemsBySeq(ps []incident.Problem) map[uint64]incident.Problem {
	if len(ps) == 0 {
		return nil
	}
	out := make(map[uint64]incident.Problem, len(ps))
	for _, p := range ps {
		if _, ok := out[p.Seq]; !ok {
			out[p.Seq] = p
		}
	}
	return out
}

// maxProblems is how many of the events that did not fit a document lists;
// a journal from elsewhere can hold thousands.
const maxProblems = 10

// problemList tells the first events the fold could not apply, on one line
// for a table cell, and how many more there are.
func problemList(c *i18n.Catalog, ps []incident.Problem) string {
	var parts []string
	for _, p := range ps[:min(len(ps), maxProblems)] {
		parts = append(parts, md(Problem(c, p)))
	}
	if more := len(ps) - maxProblems; more > 0 {
		parts = append(parts, c.T("export.integrity.problems-more", "Count", more))
	}
	return strings.Join(parts, c.T("export.test.separator"))
}

// integrityHelp says how to check a document against its journal.
func integrityHelp(c *i18n.Catalog, id string) string {
	return c.T("export.integrity.help", "Command", "shodo verify "+id)
}

// writeGantt draws each duty's clock from its start to when it was done (or
// its due time, if it is not done; for a duty with no due time, its target,
// or the last record), marking late and overdue ones critical.
func writeGantt(bw *bufio.Writer, c *i18n.Catalog, st *incident.State, duties []*incident.Duty, loc *time.Location) {
	const layout = "2006-01-02 15:04:05"
	type task struct {
		name       string
		tags       []string
		start, end time.Time
	}
	tasks := make([]task, 0, len(duties))
	var first, last time.Time
	for i, d := range duties {
		if d.Status == incident.StatusNotApplicable {
			continue // its clock never ran: nothing to draw
		}
		end := d.Due
		if end.IsZero() {
			end = d.Target
		}
		if end.IsZero() && len(st.Events) > 0 {
			end = st.Events[len(st.Events)-1].Time
		}
		tags := []string{}
		switch d.Status {
		case incident.StatusDone:
			end = d.DoneAt
			tags = append(tags, "done")
			if d.Late > 0 {
				tags = append(tags, "crit")
			}
		case incident.StatusRunning:
			tags = append(tags, "active")
			if d.Overdue {
				tags = append(tags, "crit")
			}
		case incident.StatusWaived:
			end = d.WaivedAt
		case incident.StatusDismissed:
			end = d.DismissedAt
		case incident.StatusCancelled:
			end = d.CancelledAt
		case incident.StatusWithdrawn:
			end = d.Withdrawals[len(d.Withdrawals)-1].Time
		}
		if !end.After(d.Started) {
			end = d.Started.Add(time.Minute)
		}
		tags = append(tags, fmt.Sprintf("d%d", i+1))
		tasks = append(tasks, task{ganttName(dutyTitle(st.Runbook, d.ID)), tags, d.Started, end})
		if first.IsZero() || d.Started.Before(first) {
			first = d.Started
		}
		if end.After(last) {
			last = end
		}
	}
	fmt.Fprintf(bw, "```mermaid\ngantt\n    title %s\n    dateFormat YYYY-MM-DD HH:mm:ss\n    axisFormat %s\n",
		ganttTitle(c.T("export.postmortem.gantt-title")), ganttAxisFormat(last.Sub(first)))
	for _, t := range tasks {
		fmt.Fprintf(bw, "    %s :%s, %s, %s\n", t.name, strings.Join(t.tags, ", "), t.start.In(loc).Format(layout), t.end.In(loc).Format(layout))
	}
	bw.WriteString("```\n\n")
}

// ganttAxisFormat chooses the axis labels (d3's strftime) for a chart
// spanning span. Mermaid lets d3 choose the ticks: hours for a chart of a
// day, days or weeks for one of a month, where "%H:%M" would label every
// tick 00:00. So the labels carry the time of day only while the ticks
// can fall within one day, and the year only when a chart runs past two
// months (the 30- and 60-day report deadlines).
func ganttAxisFormat(span time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case span < day: // a day's ticks would label both ends alike
		return "%H:%M"
	case span <= 3*day:
		return "%m-%d %H:%M"
	case span <= 62*day:
		return "%m-%d"
	}
	return "%Y-%m-%d"
}

// ganttTitle keeps the chart's title, a message of the catalogue, a title:
// in a gantt chart "#" and ";" end it and "%%" starts a comment.
func ganttTitle(s string) string {
	return ganttEscaper.Replace(oneLine(s))
}

// ganttName keeps a task name from breaking Mermaid's gantt syntax, where
// ":" ends the name, "#" and ";" start comments or statements, "%" starts
// a comment or a %%{init: …}%% directive (which can restyle or reconfigure
// the chart), a newline ends the task, and "`" can close the Markdown
// fence around the chart. Those become their full-width forms, which read
// the same. Mermaid's gantt lexer is case-insensitive and tries its
// keywords before task text, so a name that begins like a statement
// ("Call the vendor" starts a click callback that swallows the rest of the
// chart; "Section …", "Title …", a date) gets a visible "- " in front.
func ganttName(s string) string {
	name := ganttEscaper.Replace(oneLine(s))
	if ganttStatement(name) {
		name = "- " + name
	}
	return name
}

// ganttStatement reports whether Mermaid's gantt lexer (gantt.jison) would
// read a line starting with name as something other than a task.
func ganttStatement(name string) bool {
	lower := strings.ToLower(name)
	for _, k := range ganttKeywords {
		rest, ok := strings.CutPrefix(lower, k.word)
		if ok && (!k.space || rest == "" || unicode.IsSpace([]rune(rest)[0])) {
			return true
		}
	}
	return ganttDate().MatchString(name)
}

// ganttKeywords are the statements of a Mermaid gantt chart, lower-cased;
// space marks those the lexer takes only before white space.
var ganttKeywords = []struct {
	word  string
	space bool
}{
	{"gantt", false}, {"inclusiveenddates", false}, {"topaxis", false}, {"acctitle", false}, {"accdescr", false},
	{"dateformat", true}, {"axisformat", true}, {"tickinterval", true}, {"includes", true}, {"excludes", true},
	{"todaymarker", true}, {"weekday", true}, {"weekend", true}, {"title", true}, {"section", true},
	{"href", true}, {"call", true}, {"click", true},
}

// ganttDate is the lexer's date token, which it also tries first.
var ganttDate = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`) })

// The escapers are built once: a strings.Replacer is immutable and safe for
// concurrent use, and building one per cell made a 100,000-event export
// allocate gigabytes.
var ganttEscaper = strings.NewReplacer(":", "：", "#", "＃", ";", "；", "%", "％", "`", "｀")

// md makes text safe for a Markdown table cell or inline run
// (textsafe.Markdown): one line, escape sequences removed, invisible
// characters shown, and markup from a runbook or journal unable to format
// the page or forge a row.
func md(s string) string { return textsafe.Markdown(s) }

// mdBlock is md for multi-line text, keeping its line breaks.
func mdBlock(s string) string { return textsafe.MarkdownBlock(s) }

// writeClockHistory lists, for each duty whose clock did more than run,
// what happened to it: counted from a claimed time, withdrawn and back,
// restarted, paused. It writes nothing when no clock did (and so nothing
// for a journal written before these existed).
func writeClockHistory(bw *bufio.Writer, c *i18n.Catalog, rb *runbook.Runbook, duties []*incident.Duty, local func(time.Time) string) {
	heading := false
	for _, d := range duties {
		var parts []string
		// The anchor, when the clock counts from another moment than its
		// trigger.
		switch {
		case d.Anchor == "" || d.Anchored.Equal(d.Started):
		case !d.AnchorRecorded.IsZero():
			parts = append(parts, c.T("export.postmortem.clock-anchored-claimed", "Anchor", d.Anchor, "At", local(d.Anchored), "Recorded", local(d.AnchorRecorded)))
		case d.Anchor != "":
			parts = append(parts, c.T("export.postmortem.clock-anchored", "Anchor", d.Anchor, "At", local(d.Anchored)))
		}
		if !d.Recorded.IsZero() {
			parts = append(parts, c.T("export.postmortem.clock-claimed", "Started", local(d.Started), "Recorded", local(d.Recorded)))
		}
		for _, o := range d.Occurrences {
			parts = append(parts, c.T("export.postmortem.clock-occurrence", "Instance", o.Instance, "Due", local(o.Due), "Status", occurrenceStatus(c, o)))
		}
		for _, w := range d.Withdrawals {
			parts = append(parts, c.T("export.postmortem.clock-withdrawn", "At", local(w.Time)))
			if w.ReturnedSeq != 0 {
				parts = append(parts, c.T("export.postmortem.clock-returned", "At", local(w.Returned)))
			}
		}
		for _, r := range d.Restarts {
			if r.PreviousDue.IsZero() {
				parts = append(parts, c.T("export.postmortem.clock-restarted-no-due", "At", local(r.Time), "Reason", oneLine(r.Reason)))
				continue
			}
			parts = append(parts, c.T("export.postmortem.clock-restarted", "At", local(r.Time), "Due", local(r.PreviousDue), "Reason", oneLine(r.Reason)))
		}
		for _, x := range d.Extensions {
			parts = append(parts, extensionWords(c, x, local))
		}
		if f := d.Deferral; f != nil {
			parts = append(parts, c.T("export.postmortem.clock-deferred", "Due", local(f.Due), "Until", f.Until))
			if !f.Waiting() {
				parts = append(parts, c.T("export.postmortem.clock-reanchored", "Until", f.Until, "At", local(f.Anchored), "Due", local(f.NewDue)))
			}
		}
		for _, pa := range d.Pauses {
			if pa.ResumedSeq == 0 && pa.To.IsZero() {
				parts = append(parts, c.T("export.postmortem.clock-paused-open", "From", local(pa.From), "Reason", oneLine(pa.Reason)))
				continue
			}
			parts = append(parts, c.T("export.postmortem.clock-paused", "From", local(pa.From), "To", local(pa.To), "Reason", oneLine(pa.Reason)))
		}
		if len(parts) == 0 {
			continue
		}
		if !heading {
			fmt.Fprintf(bw, "### %s\n\n", c.T("export.postmortem.h-clocks"))
			heading = true
		}
		fmt.Fprintf(bw, "- %s\n", c.T("export.label", "Label", "**"+md(dutyTitle(rb, d.ID))+"**", "Text", md(strings.Join(parts, c.T("export.postmortem.clock-separator")))))
	}
	if heading {
		bw.WriteString("\n")
	}
}

// writeRoleChanges lists the roles taken and handed over, when any were:
// at 3 a.m. the commander changes, and the postmortem says who held the
// role when.
func writeRoleChanges(bw *bufio.Writer, c *i18n.Catalog, rb *runbook.Runbook, changes []incident.RoleChange, local func(time.Time) string) {
	if len(changes) == 0 {
		return
	}
	fmt.Fprintf(bw, "## %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", c.T("export.postmortem.h-roles"),
		c.T("export.postmortem.c-time-local"), c.T("export.postmortem.c-role"), c.T("export.postmortem.c-from"),
		c.T("export.postmortem.c-to"), c.T("export.postmortem.c-how"))
	for _, ch := range changes {
		how := c.T("export.postmortem.role-taken")
		if ch.HandedOver {
			how = c.T("export.postmortem.role-handed-over")
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", local(ch.Time), md(rb.ActorTitle(ch.Role)), md(ch.From), md(ch.To), how)
	}
	bw.WriteString("\n")
}

// extensionWords tells one granted extension of a duty's due time: the
// step, what it added, who granted it (with their reference and when, if
// said), and the due time it replaced.
func extensionWords(c *i18n.Catalog, x incident.Extension, local func(time.Time) string) string {
	words := c.T("export.postmortem.clock-extended", "Step", x.Step, "Length", LengthWords(c, x.Length), "Authority", oneLine(x.Authority),
		"Was", local(x.PreviousDue), "Due", local(x.Due))
	if x.Reference != "" {
		words += c.T("export.postmortem.clock-extended-reference", "Reference", oneLine(x.Reference))
	}
	if !x.Granted.IsZero() {
		words += c.T("export.postmortem.clock-extended-granted", "At", local(x.Granted))
	}
	if x.WasOverdue {
		words += c.T("export.postmortem.clock-extended-overdue")
	}
	return words
}
