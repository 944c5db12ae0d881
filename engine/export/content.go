package export

import (
	"bufio"
	"fmt"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// The content of duties (runbook format version 2) in the exports: each
// checklist item, ticked or not, by whom and when; each approval, by whom,
// in which role and when. A duty without either adds nothing, so exports
// of version 1 runbooks read as they did.

// writeContent writes the postmortem's section on checklists and
// approvals: one entry per started duty that has either.
func writeContent(bw *bufio.Writer, c *i18n.Catalog, rb *runbook.Runbook, duties []*incident.Duty, local func(time.Time) string) {
	heading := false
	for _, d := range duties {
		if len(d.Spec.Items) == 0 && d.Spec.Approval == nil {
			continue
		}
		if !heading {
			fmt.Fprintf(bw, "### %s\n\n", c.T("export.postmortem.h-content"))
			heading = true
		}
		fmt.Fprintf(bw, "- **%s**\n", md(dutyTitle(rb, d.ID)))
		if a := d.Spec.Approval; a != nil {
			role := roleTitle(rb, a.By)
			if got := d.Approved; got != nil {
				fmt.Fprintf(bw, "  - %s\n", md(c.T("export.postmortem.approved", "Role", roleTitle(rb, got.Role), "By", got.Actor, "At", local(got.Time))))
			} else if d.Status == incident.StatusRunning {
				fmt.Fprintf(bw, "  - %s\n", md(c.T("export.postmortem.not-approved", "Role", role)))
			} else {
				fmt.Fprintf(bw, "  - %s\n", md(c.T("export.postmortem.never-approved", "Role", role)))
			}
		}
		for _, it := range d.Spec.Items {
			text := oneLine(it.Text)
			if it.Required {
				text = c.T("export.postmortem.item-required", "Text", text)
			}
			m := d.Mark(it.ID)
			switch {
			case m.Ticked:
				fmt.Fprintf(bw, "  - [x] %s\n", md(c.T("export.postmortem.item-ticked", "Text", text, "By", m.Actor, "At", local(m.Time))))
			case m.Seq != 0:
				fmt.Fprintf(bw, "  - [ ] %s\n", md(c.T("export.postmortem.item-unticked", "Text", text, "By", m.Actor, "At", local(m.Time))))
			default:
				fmt.Fprintf(bw, "  - [ ] %s\n", md(text))
			}
		}
	}
	if heading {
		bw.WriteString("\n")
	}
}

// jsonItem is one checklist item of a duty in the JSON export.
type jsonItem struct {
	ID       string    `json:"id"`
	Text     string    `json:"text"`
	Required bool      `json:"required,omitempty"`
	Ticked   bool      `json:"ticked"`
	At       time.Time `json:"at,omitzero"` // the last tick or untick
	By       string    `json:"by,omitempty"`
}

// jsonApproval is a duty's approval in the JSON export: the role it waits
// for, and who approved and when once it is approved.
type jsonApproval struct {
	Role     string    `json:"role"`
	Approved bool      `json:"approved"`
	By       string    `json:"by,omitempty"`
	In       string    `json:"in_role,omitempty"` // the role they approved in
	At       time.Time `json:"at,omitzero"`
}

// content sets the duty's checklist and approval, when it has them.
func (jd *jsonDuty) content(d *incident.Duty) {
	for _, it := range d.Spec.Items {
		m := d.Mark(it.ID)
		jd.Items = append(jd.Items, jsonItem{ID: it.ID, Text: it.Text, Required: it.Required, Ticked: m.Ticked, At: m.Time, By: m.Actor})
	}
	if a := d.Spec.Approval; a != nil {
		jd.Approval = &jsonApproval{Role: a.By}
		if got := d.Approved; got != nil {
			jd.Approval.Approved, jd.Approval.By, jd.Approval.In, jd.Approval.At = true, got.Actor, got.Role, got.Time
		}
	}
}
