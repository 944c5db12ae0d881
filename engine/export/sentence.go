// Package export turns an incident's journal into documents for people and
// tools: a Markdown postmortem, JSON, CSV and Timesketch JSONL. It reads
// incident state and events only; it never writes to a journal.
package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Sentence describes one event as a readable sentence in lang ("en" or
// "ja"), using the runbook's titles where it has them. The TUI's timeline
// and every export use it, so they read alike.
func Sentence(st *incident.State, ev incident.Event, lang string) string {
	return sentence(wordsFor(lang), st, ev, dateTimeIn(ev.Time.Location()))
}

// SentenceWith is Sentence with the times an event mentions (due times)
// written by formatTime: a screen shows today's times short.
func SentenceWith(st *incident.State, ev incident.Event, lang string, formatTime func(time.Time) string) string {
	return sentence(wordsFor(lang), st, ev, formatTime)
}

// dateTimeIn writes times as a document does: date and minute, in loc.
func dateTimeIn(loc *time.Location) func(time.Time) string {
	return func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
}

func sentence(w *words, st *incident.State, ev incident.Event, formatTime func(time.Time) string) string {
	rb := st.Runbook
	switch p := ev.Data.(type) {
	case incident.IncidentOpened:
		if p.Drill != nil {
			return fmt.Sprintf(w.openedDrill, p.Incident, p.Title, p.Drill.Title)
		}
		return fmt.Sprintf(w.opened, p.Incident, p.Title)
	case incident.RoleAssigned:
		return fmt.Sprintf(w.assigned, roleTitle(rb, p.Role), p.Assignee)
	case incident.TriageAnswered:
		q, a := p.Node, p.Option
		if n := rb.Node(p.Node); n != nil {
			q = n.Ask
			if o := n.Option(p.Option); o != nil {
				a = o.Label
			}
		}
		return fmt.Sprintf(w.answered, q, a)
	case incident.TriageRevised:
		q := p.Node
		if n := rb.Node(p.Node); n != nil {
			q = n.Ask
		}
		return fmt.Sprintf(w.revised, q)
	case incident.VerdictReached:
		title := p.Title
		if v := rb.Verdict(p.Verdict); v != nil {
			title = v.Title
		}
		kind := w.notSecurity
		if p.Security {
			kind = w.security
		}
		s := fmt.Sprintf(w.verdict, title, kind)
		if p.Rank != "" {
			rank := p.Rank
			if r := rb.Rank(p.Rank); r != nil && r.Title != "" {
				rank = r.Title
			}
			s += fmt.Sprintf(w.rank, rank)
		}
		return s
	case incident.MilestoneStamped:
		return fmt.Sprintf(w.stamped, milestoneTitle(rb, p.Milestone))
	case incident.DutyStarted:
		return fmt.Sprintf(w.started, dutyTitle(rb, p.Duty), formatTime(p.Due))
	case incident.DutyAttempted:
		return fmt.Sprintf(w.attempted, dutyTitle(rb, p.Duty), means(w, p.Means), p.Outcome)
	case incident.DutyDone:
		s := fmt.Sprintf(w.done, dutyTitle(rb, p.Duty), means(w, p.Means))
		if p.Note != "" {
			s += fmt.Sprintf(w.withNote, oneLine(p.Note))
		}
		return s
	case incident.DutyOverdue:
		return fmt.Sprintf(w.overdue, dutyTitle(rb, p.Duty), formatTime(p.Due))
	case incident.DutyWaived:
		return fmt.Sprintf(w.waived, dutyTitle(rb, p.Duty), oneLine(p.Reason))
	case incident.DutyCancelled:
		return fmt.Sprintf(w.cancelled, dutyTitle(rb, p.Duty), oneLine(p.Reason))
	case incident.NoteAdded:
		return fmt.Sprintf(w.note, linesOnOne(p.Text))
	case incident.InjectDelivered:
		from := p.From
		if p.Channel != "" {
			from = strings.TrimSpace(from + " (" + ChannelName(p.Channel, w.lang) + ")")
		}
		if from != "" {
			return fmt.Sprintf(w.injectFrom, from, oneLine(p.Text))
		}
		return fmt.Sprintf(w.inject, oneLine(p.Text))
	case incident.JournalRecovered:
		return fmt.Sprintf(w.recovered, p.Bytes, p.Quarantine)
	case incident.DrillClock:
		speed := strconv.FormatFloat(p.Speed, 'f', -1, 64)
		if p.Paused {
			return fmt.Sprintf(w.clockPaused, speed)
		}
		return fmt.Sprintf(w.clockRunning, speed)
	case incident.IncidentClosed:
		return fmt.Sprintf(w.closed, oneLine(p.Summary))
	}
	return fmt.Sprintf(w.unknown, ev.Type)
}

func means(w *words, m string) string {
	if m == "" {
		return w.noMeans
	}
	return m
}

// oneLine folds text onto one line for tables and timelines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ChannelName is an inject channel ("phone", "email", …) in lang; a
// channel shodo does not know is kept as written.
func ChannelName(channel, lang string) string {
	if lang != "ja" {
		return channel
	}
	names := map[string]string{
		"phone": "電話", "email": "メール", "monitoring": "監視", "chat": "チャット",
		"in-person": "対面", "news": "報道", "ticket": "チケット", "portal": "ポータル",
		"letter": "書面", "fax": "FAX", "sms": "SMS", "social": "SNS", "web": "Web", "radio": "無線",
	}
	if n, ok := names[channel]; ok {
		return n
	}
	return channel
}

// linesOnOne keeps the line breaks of a multi-line note visible on one
// line, as " / ".
func linesOnOne(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = oneLine(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " / ")
}

func dutyTitle(rb *runbook.Runbook, id string) string {
	if d := rb.Duty(id); d != nil && d.Title != "" {
		return d.Title
	}
	return id
}

func roleTitle(rb *runbook.Runbook, id string) string {
	if r := rb.Role(id); r != nil && r.Title != "" {
		return r.Title
	}
	return id
}

func milestoneTitle(rb *runbook.Runbook, id string) string {
	if m := rb.Milestone(id); m != nil && m.Title != "" {
		return m.Title
	}
	return id
}

// Span writes a duration for people: "45m", "2h05m", "3d4h".
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	s := (d - m*time.Minute) / time.Second
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	default:
		return fmt.Sprintf("%ds", s)
	}
}
