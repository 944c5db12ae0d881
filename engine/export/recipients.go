package export

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// A duty owed to several recipients (runbook format version 2: contacts as
// a list, for_each) in the exports: each recipient, reached by whom, when
// and how, waived and why, or still open with its tries. A duty with one
// contacts adds nothing, so exports of version 1 runbooks read as they did.

// whomText is who a duty contacts, for the "who → whom" of the postmortem
// and the after-action report: its one contacts, its recipients, or the
// field they come from; "" for an action.
func whomText(c *i18n.Catalog, rb *runbook.Runbook, d *runbook.Duty) string {
	if d == nil {
		return ""
	}
	if d.ForEach != "" {
		return c.T("export.postmortem.each-of", "Field", fieldLabel(rb, d.ForEach))
	}
	ids := d.ContactIDs()
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = rb.ActorTitle(id)
	}
	return strings.Join(names, c.T("runbook.list.separator"))
}

// fieldLabel is a report field's label, or its id.
func fieldLabel(rb *runbook.Runbook, id string) string {
	if f, _ := rb.Field(id); f != nil && f.Label != "" {
		return oneLine(f.Label)
	}
	return id
}

// writeRecipients writes the postmortem's section on recipients: one entry
// per started duty owed to several, each recipient on a line of its own.
func writeRecipients(bw *bufio.Writer, c *i18n.Catalog, st *incident.State, duties []*incident.Duty, local func(time.Time) string) {
	rb := st.Runbook
	heading := false
	for _, d := range duties {
		if !d.Spec.HasRecipients() {
			continue
		}
		if !heading {
			fmt.Fprintf(bw, "### %s\n\n", c.T("export.postmortem.h-recipients"))
			heading = true
		}
		fmt.Fprintf(bw, "- **%s**\n", md(dutyTitle(rb, d.ID)))
		all := st.Recipients(d)
		if len(all) == 0 {
			fmt.Fprintf(bw, "  - %s\n", md(c.T("export.postmortem.recipients-none", "Field", fieldLabel(rb, d.Spec.ForEach))))
		}
		for _, r := range all {
			fmt.Fprintf(bw, "  - %s\n", md(recipientText(c, rb, d, r, local)))
		}
	}
	if heading {
		bw.WriteString("\n")
	}
}

// recipientText is one recipient and where it stands, in words.
func recipientText(c *i18n.Catalog, rb *runbook.Runbook, d *incident.Duty, r string, local func(time.Time) string) string {
	name := oneLine(rb.ActorTitle(r))
	switch rc := d.Reach(r); rc.Status {
	case incident.ReachReached:
		means := channelName(c, rc.Means)
		if means == "" {
			means = c.T("export.word.no-means")
		}
		if rc.Note != "" {
			return c.T("export.postmortem.recipient-reached-note", "Recipient", name, "By", rc.Actor, "At", local(rc.Time), "Means", means, "Note", oneLine(rc.Note))
		}
		return c.T("export.postmortem.recipient-reached", "Recipient", name, "By", rc.Actor, "At", local(rc.Time), "Means", means)
	case incident.ReachWaived:
		return c.T("export.postmortem.recipient-waived", "Recipient", name, "By", rc.Actor, "At", local(rc.Time), "Reason", oneLine(rc.Reason))
	}
	if n := len(d.AttemptsAt(r)); n > 0 {
		return c.T("export.postmortem.recipient-tried", "Recipient", name, "Count", n)
	}
	return c.T("export.postmortem.recipient-open", "Recipient", name)
}

// jsonRecipient is one recipient of a duty owed to several in the JSON
// export, as it stood at the end: Status is "reached", "waived" or
// "open"; At and By are who reached or waived it and when.
type jsonRecipient struct {
	Recipient string    `json:"recipient"`
	Title     string    `json:"title,omitempty"` // a role's or party's title
	Status    string    `json:"status"`
	At        time.Time `json:"at,omitzero"`
	By        string    `json:"by,omitempty"`
	Means     string    `json:"means,omitempty"`
	Note      string    `json:"note,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	Attempts  int       `json:"attempts,omitempty"`
}

// recipients sets the duty's recipients, when it is owed to several.
func (jd *jsonDuty) recipients(st *incident.State, d *incident.Duty) {
	if !d.Spec.HasRecipients() {
		return
	}
	jd.ForEach = d.Spec.ForEach
	jd.Recipients = []jsonRecipient{}
	for _, r := range st.Recipients(d) {
		rc := d.Reach(r)
		jr := jsonRecipient{Recipient: r, Status: "open", At: rc.Time, By: rc.Actor, Means: rc.Means, Note: rc.Note, Reason: rc.Reason, Attempts: len(d.AttemptsAt(r))}
		if title := st.Runbook.ActorTitle(r); title != r {
			jr.Title = title
		}
		if rc.Closed() {
			jr.Status = string(rc.Status)
		}
		jd.Recipients = append(jd.Recipients, jr)
	}
}
