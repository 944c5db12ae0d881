package export

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Input is what an export reads: an incident's state, with every event, and
// the journal facts that let a reader check the export against it.
type Input struct {
	State   *incident.State
	Records int           // records in the journal
	Head    string        // hex hash of the last record
	Sealed  *journal.Head // the signed head, nil when not sealed
}

// Options choose the language and time zone of an export.
type Options struct {
	Lang     string         // a code of i18n.Languages; English by default
	Location *time.Location // for local times; nil means UTC
	// NoBOM leaves out the byte order mark the CSV export starts with by
	// default: Excel on a Japanese Windows reads a CSV without one as
	// CP932 and shows every Japanese cell as mojibake, while a few tools
	// (some Unix filters, older pandas calls without encoding="utf-8-sig")
	// take the mark for part of the first column's name.
	NoBOM bool
	// Regime names the report a report draft is of (one of Regimes);
	// the other formats ignore it.
	Regime string
}

func (o Options) catalogue() *i18n.Catalog { return catalogue(o.Lang) }

func (o Options) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// format is one export format: the name --format takes, other names it
// answers to, and its writer. Adding a format is its writer and one row in
// formats.
type format struct {
	name    string
	aliases []string
	write   func(io.Writer, Input, Options) error
}

// formats lists every export format, in the order help shows them.
func formats() []format {
	return []format{
		{"md", []string{"markdown"}, Markdown},
		{"aar", nil, AAR},
		{"json", nil, JSON},
		{"csv", nil, CSV},
		{"timesketch", []string{"jsonl"}, Timesketch},
		{"custody", nil, Custody},
		{"report", nil, Report},
		{"report-json", nil, ReportJSON},
	}
}

// Formats are the names Write accepts (aliases aside).
func Formats() []string {
	var names []string
	for _, f := range formats() {
		names = append(names, f.name)
	}
	return names
}

// ErrUnknownFormat is returned by Write for a format it does not know.
var ErrUnknownFormat = fmt.Errorf("unknown export format")

// Write writes in as format to w.
func Write(w io.Writer, name string, in Input, opt Options) error {
	for _, f := range formats() {
		if f.name == name || slices.Contains(f.aliases, name) {
			return f.write(w, in, opt)
		}
	}
	return fmt.Errorf("%w %q: use one of %v", ErrUnknownFormat, name, Formats())
}

// dutyStatus describes where a duty stands, in words: for a duty still
// running, where its clock stood at the close of a closed incident (what
// was left, or how late it was then: nothing ticks after the close), and
// to whom it was handed over.
func dutyStatus(c *i18n.Catalog, st *incident.State, d *incident.Duty) string {
	status := dutyStatusWord(c, st, d)
	if h := d.Handover; h != nil && d.Status == incident.StatusRunning {
		if h.Ticket != "" {
			return c.T("export.duty-status.handed-over-ticket", "Status", status, "Owner", h.Owner, "Ticket", h.Ticket)
		}
		return c.T("export.duty-status.handed-over", "Status", status, "Owner", h.Owner)
	}
	return status
}

func dutyStatusWord(c *i18n.Catalog, st *incident.State, d *incident.Duty) string {
	if d.Status == incident.StatusRunning && st.Closed && !d.Due.IsZero() {
		left := d.Remaining(st.ClosedAt)
		if d.Overdue || left < 0 {
			return c.T("export.duty-status.overdue-at-close", "Late", SpanIn(c, -left))
		}
		return c.T("export.duty-status.running-at-close", "Left", SpanIn(c, left))
	}
	switch d.Status {
	case incident.StatusRunning:
		if d.Overdue {
			return c.T("export.duty-status.overdue")
		}
		if d.Paused {
			return c.T("export.duty-status.paused")
		}
		return c.T("export.duty-status.running")
	case incident.StatusWithdrawn:
		return c.T("export.duty-status.withdrawn")
	case incident.StatusDone:
		switch {
		case !d.Due.IsZero():
		case !d.Target.IsZero() && d.DoneAt.After(d.Target):
			return c.T("export.duty-status.after-target", "Late", SpanIn(c, d.DoneAt.Sub(d.Target)))
		case !d.Target.IsZero():
			return c.T("export.duty-status.on-target")
		case d.ASAP:
			return c.T("export.duty-status.done-in", "Took", SpanIn(c, d.DoneAt.Sub(d.Started)))
		}
		if d.Late > 0 {
			return c.T("export.duty-status.late", "Late", SpanIn(c, d.Late))
		}
		return c.T("export.duty-status.on-time")
	case incident.StatusWaived:
		return c.T("export.duty-status.waived")
	case incident.StatusNotApplicable:
		return c.T("export.duty-status.not-applicable", "Date", d.AppliesFrom)
	case incident.StatusDismissed:
		if st.Ending != nil {
			return c.T("export.duty-status.dismissed", "Ending", EndingWords(c, st.Ending))
		}
		return c.T("export.refusal.status.dismissed")
	case incident.StatusCancelled:
		if d.CancelCode == incident.CancelUntil {
			return c.T("export.duty-status.ended")
		}
		return c.T("export.duty-status.cancelled")
	}
	return c.T("export.duty-status.idle")
}

// occurrenceStatus says what became of an earlier occurrence of a
// recurring duty.
func occurrenceStatus(c *i18n.Catalog, o incident.Occurrence) string {
	switch {
	case o.Status == incident.StatusDone && o.Late > 0:
		return c.T("export.duty-status.late", "Late", SpanIn(c, o.Late))
	case o.Status == incident.StatusDone:
		return c.T("export.duty-status.on-time")
	case o.Status == incident.StatusWaived:
		return c.T("export.duty-status.waived")
	case o.Overdue:
		return c.T("export.duty-status.overdue")
	}
	return c.T("export.duty-status.running")
}

// dueCell says when a duty is due: its hard limit, or for a duty with
// none its target or "as soon as possible"; empty when it has neither.
func dueCell(c *i18n.Catalog, d *incident.Duty, local func(time.Time) string) string {
	switch {
	case !d.Due.IsZero() && !d.Unrolled.IsZero():
		return c.T("export.postmortem.due-rolled", "Due", local(d.Due), "Unrolled", local(d.Unrolled))
	case !d.Due.IsZero():
		return local(d.Due)
	case d.ASAP && !d.Target.IsZero():
		return c.T("export.postmortem.due-asap-target", "Target", local(d.Target))
	case d.ASAP:
		return c.T("export.postmortem.due-asap")
	case !d.Target.IsZero():
		return c.T("export.postmortem.due-target", "Target", local(d.Target))
	}
	return ""
}

// startedDuties returns the duties whose clocks ran, in the order they
// started.
func startedDuties(st *incident.State) []*incident.Duty {
	var out []*incident.Duty
	for i := range st.Duties {
		if st.Duties[i].Status != incident.StatusIdle {
			out = append(out, &st.Duties[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *incident.Duty) int { return a.Started.Compare(b.Started) })
	return out
}

// lastTime is the time of the last event, the end of an open incident.
func lastTime(st *incident.State) time.Time {
	if st.Closed {
		return st.ClosedAt
	}
	if n := len(st.Events); n > 0 {
		return st.Events[n-1].Time
	}
	return st.Opened
}

// EndingWords says how an incident ended without a verdict's work, in
// words: "false alarm", "duplicate of INC-20261125-7F3A", "opened by
// mistake"; an ending a newer shodo knows is shown by its code.
func EndingWords(c *i18n.Catalog, e *incident.Ending) string {
	switch e.Code {
	case incident.EndDuplicate:
		return c.T("export.ending.duplicate", "Of", e.Of)
	case incident.EndFalseAlarm, incident.EndMistake:
		return c.T("export.ending." + e.Code)
	}
	return e.Code
}

// Named is what a list, a header or a document calls an incident: its own
// title (name), else its runbook's title; a drill's is marked DRILL before
// it (export.title.drill), so that an exercise never passes for the real
// thing.
func Named(c *i18n.Catalog, name, runbookTitle string, drill bool) string {
	title := name
	if title == "" {
		title = runbookTitle
	}
	if drill {
		return c.T("export.title.drill", "Title", title)
	}
	return title
}
