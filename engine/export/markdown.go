package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
)

// Markdown writes a postmortem draft in the shape of Google's SRE
// postmortem: summary, impact, verdict, triage path, duties (table and
// Mermaid gantt chart), the timeline, notes, and the lessons-learned and
// action-item sections left for people, closing with the journal head hash
// so that a reader can check the document against the journal.
func Markdown(out io.Writer, in Input, opt Options) error {
	bw := bufio.NewWriter(out)
	w := wordsFor(opt.Lang)
	st := in.State
	rb := st.Runbook
	loc := opt.loc()
	local := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05 MST") }

	status := w.statusOpen
	if st.Closed {
		status = w.statusClosed
	}
	fmt.Fprintf(bw, "# %s: %s — %s\n\n", w.postmortem, md(rb.Title), st.ID)
	fmt.Fprintf(bw, "_%s · %s_\n\n", w.draft, status)

	fmt.Fprintf(bw, "## %s\n\n", w.hIncident)
	row := func(k, v string) { fmt.Fprintf(bw, "| %s | %s |\n", k, v) }
	fmt.Fprintf(bw, "| | |\n|---|---|\n")
	row(w.fIncident, fmt.Sprintf("%s (%s)", st.ID, st.UUID))
	version := ""
	if rb.Version != "" {
		version = " " + md(rb.Version)
	}
	row(w.fRunbook, fmt.Sprintf("%s%s — %s", md(rb.ID), version, md(rb.Title)))
	row(w.fOpened, local(st.Opened)+" · "+md(st.OpenedBy))
	if st.Closed {
		row(w.fClosed, local(st.ClosedAt)+" · "+md(st.ClosedBy))
	}
	row(w.fDuration, Span(lastTime(st).Sub(st.Opened)))
	row(w.fActors, md(strings.Join(st.Actors, ", ")))
	bw.WriteString("\n")

	fmt.Fprintf(bw, "## %s\n\n", w.hSummary)
	if st.Closed && st.Summary != "" {
		fmt.Fprintf(bw, "%s\n\n", mdBlock(st.Summary))
	} else {
		fmt.Fprintf(bw, "%s\n\n", w.notClosed)
	}

	fmt.Fprintf(bw, "## %s\n\n%s\n\n", w.hImpact, w.impactHelp)

	fmt.Fprintf(bw, "## %s\n\n", w.hVerdict)
	if v := st.Verdict; v != nil {
		sec := w.no
		if v.Security {
			sec = w.yes
		}
		fmt.Fprintf(bw, "**%s**\n\n| | |\n|---|---|\n", md(v.Title))
		row(w.fSecurity, sec)
		if v.Rank != "" {
			title := v.Rank
			if r := rb.Rank(v.Rank); r != nil {
				title = fmt.Sprintf("%s — %s", v.Rank, r.Title)
			}
			row(w.fRank, md(title))
		}
		if spec := rb.Verdict(v.ID); spec != nil && spec.Category != "" {
			row(w.fCategory, md(spec.Category))
		}
		row(w.fReached, local(v.Time)+" · "+md(v.Actor))
		row(w.fTimeToVerdict, Span(v.Time.Sub(st.Opened)))
		if spec := rb.Verdict(v.ID); spec != nil && spec.Summary != "" {
			fmt.Fprintf(bw, "\n%s\n", mdBlock(spec.Summary))
		}
		bw.WriteString("\n")
	} else {
		fmt.Fprintf(bw, "%s\n\n", w.noVerdict)
	}

	fmt.Fprintf(bw, "## %s\n\n", w.hPath)
	if len(st.Path) == 0 {
		fmt.Fprintf(bw, "%s\n\n", w.noAnswers)
	}
	for i, a := range st.Path {
		q, label := a.Node, a.Option
		if n := rb.Node(a.Node); n != nil {
			q = n.Ask
			if o := n.Option(a.Option); o != nil {
				label = o.Label
			}
		}
		line := fmt.Sprintf("%s — %s → **%s**", local(a.Time), md(q), md(label))
		if a.Superseded {
			line = fmt.Sprintf("~~%s~~ (%s)", line, w.superseded)
		}
		fmt.Fprintf(bw, "%d. %s\n", i+1, line)
	}
	if len(st.Path) > 0 {
		bw.WriteString("\n")
	}

	duties := startedDuties(st)
	fmt.Fprintf(bw, "## %s\n\n", w.hDuties)
	fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|\n", w.cDuty, w.cWho, w.cTrigger, w.cStarted, w.cDue, w.cDone, w.cStatus)
	for _, d := range duties {
		who := rb.ActorTitle(d.Spec.Who)
		if d.Spec.Contacts != "" {
			who += " → " + rb.ActorTitle(d.Spec.Contacts)
		}
		done := ""
		if d.Status == incident.StatusDone {
			done = local(d.DoneAt)
		}
		fmt.Fprintf(bw, "| %s | %s | `%s` | %s | %s | %s | %s |\n", md(dutyTitle(rb, d.ID)), md(who), d.Trigger, local(d.Started), local(d.Due), done, dutyStatus(w, d))
	}
	bw.WriteString("\n")
	if len(duties) > 0 {
		fmt.Fprintf(bw, "### %s\n\n", w.hGantt)
		writeGantt(bw, w, st, duties, loc)
	}

	fmt.Fprintf(bw, "## %s\n\n", w.hTimeline)
	fmt.Fprintf(bw, "| %s | %s | %s | %s |\n|---|---|---|---|\n", w.cTimeLocal, w.cTimeUTC, w.cActor, w.cEvent)
	for _, ev := range st.Events {
		fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", ev.Time.In(loc).Format("2006-01-02 15:04:05"), ev.Time.UTC().Format("2006-01-02 15:04:05"), md(ev.Actor), md(sentence(w, st, ev, dateTimeIn(loc))))
	}
	bw.WriteString("\n")

	fmt.Fprintf(bw, "## %s\n\n", w.hNotes)
	if len(st.Notes) == 0 {
		fmt.Fprintf(bw, "%s\n\n", w.noNotes)
	}
	for _, n := range st.Notes {
		fmt.Fprintf(bw, "- %s · %s: %s\n", local(n.Time), md(n.Actor), md(oneLine(n.Text)))
	}
	if len(st.Notes) > 0 {
		bw.WriteString("\n")
	}

	fmt.Fprintf(bw, "## %s\n\n### %s\n\n- \n\n### %s\n\n- \n\n### %s\n\n- \n\n", w.hLessons, w.lWentWell, w.lWentWrong, w.lLucky)
	fmt.Fprintf(bw, "## %s\n\n%s\n\n| %s | %s | %s | %s |\n|---|---|---|---|\n| | | | |\n\n", w.hActions, w.actionHelp, w.cAction, w.cType, w.cOwner, w.cDueDate)

	fmt.Fprintf(bw, "## %s\n\n| | |\n|---|---|\n", w.hIntegrity)
	row(w.records, fmt.Sprint(in.Records))
	row(w.headHash, "`"+in.Head+"`")
	if in.Sealed != nil {
		row(w.sealed, fmt.Sprintf("seq %d, `%s`", in.Sealed.Seq, in.Sealed.Hash))
	} else {
		row(w.sealed, w.notSealed)
	}
	fmt.Fprintf(bw, "\n"+w.integrityHelp+"\n", st.ID)
	return bw.Flush()
}

// writeGantt draws each duty's clock from its start to when it was done (or
// its due time, if it is not done), marking late and overdue ones critical.
func writeGantt(bw *bufio.Writer, w *words, st *incident.State, duties []*incident.Duty, loc *time.Location) {
	const layout = "2006-01-02 15:04:05"
	fmt.Fprintf(bw, "```mermaid\ngantt\n    title %s\n    dateFormat YYYY-MM-DD HH:mm:ss\n    axisFormat %%H:%%M\n", w.ganttTitle)
	for i, d := range duties {
		end := d.Due
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
		case incident.StatusCancelled:
			end = d.CancelledAt
		}
		if !end.After(d.Started) {
			end = d.Started.Add(time.Minute)
		}
		tags = append(tags, fmt.Sprintf("d%d", i+1))
		fmt.Fprintf(bw, "    %s :%s, %s, %s\n", ganttName(dutyTitle(st.Runbook, d.ID)), strings.Join(tags, ", "), d.Started.In(loc).Format(layout), end.In(loc).Format(layout))
	}
	bw.WriteString("```\n\n")
}

// ganttName keeps a task name from breaking Mermaid's gantt syntax, where
// ":" ends the name and "#" and ";" start comments or statements.
func ganttName(s string) string {
	return ganttEscaper.Replace(oneLine(s))
}

// The escapers are built once: a strings.Replacer is immutable and safe for
// concurrent use, and building one per cell made a 100,000-event export
// allocate gigabytes.
var (
	ganttEscaper = strings.NewReplacer(":", "：", "#", "＃", ";", "；")
	mdEscaper    = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`)
)

// md escapes text for a Markdown table cell or inline run: pipes would end
// the cell, and markup characters from a runbook must not format the page.
func md(s string) string {
	return mdEscaper.Replace(oneLine(s))
}

// mdBlock escapes multi-line text, keeping its line breaks.
func mdBlock(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = md(l)
	}
	return strings.Join(lines, "  \n")
}
