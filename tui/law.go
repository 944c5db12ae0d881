package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// lawLines are what the selected duty's view says about the law behind
// it: a warning when its regime is not yet in force (an included file with
// status = "pending"), so that nobody mistakes a practice clock for one
// the law runs, and the source its clock comes from.
func (m Model) lawLines(spec *runbook.Duty, width int, indent string) []string {
	var lines []string
	if f := spec.Fragment; f.Pending() {
		regime := f.Title
		if regime == "" {
			regime = f.Path
		}
		for _, l := range wrap(m.tx.T("tui.duty.pending", "Regime", oneLine(regime)), width) {
			lines = append(lines, m.st.warn.Render(indent+l))
		}
	}
	if spec.Source != "" {
		for _, l := range wrap(m.tx.T("tui.duty.source")+paragraph(spec.Source), width) {
			lines = append(lines, m.st.subtle.Render(indent+l))
		}
	}
	return lines
}

// draftLines say, for a duty that files a regulator's report, which of
// the report's items are still empty — its own fields, and what the draft
// takes from milestones and earlier reports — and how to export the
// draft (shodo export --format report).
func (m Model) draftLines(st *incident.State, d *incident.Duty, width int, indent string) []string {
	var lines []string
	for _, gap := range export.ReportGaps(m.tx, st, d.ID) {
		text, style := m.tx.T("tui.duty.draft-complete", "Regime", gap.Regime), m.st.subtle
		elsewhere := strings.Join(gap.Elsewhere, m.tx.T("runbook.list.separator"))
		switch {
		case gap.Empty > 0 && len(gap.Elsewhere) == 0:
			text, style = m.tx.T("tui.duty.draft-empty-fields", "Regime", gap.Regime, "Count", gap.Empty), m.st.warn
		case gap.Empty > len(gap.Elsewhere):
			text, style = m.tx.T("tui.duty.draft-empty-also", "Regime", gap.Regime, "Count", gap.Empty, "Items", elsewhere), m.st.warn
		case gap.Empty > 0:
			text, style = m.tx.T("tui.duty.draft-empty", "Regime", gap.Regime, "Count", gap.Empty, "Items", elsewhere), m.st.warn
		}
		wrapped := wrap(text, width)
		if len(wrapped) > 4 {
			// A long list stays in sight of what follows; the export
			// lists every item.
			wrapped = append(wrapped[:3], ansi.Truncate(wrapped[3], max(1, width-1), "")+"…")
		}
		for _, l := range wrapped {
			lines = append(lines, style.Render(indent+l))
		}
		for _, l := range wrap(m.tx.T("tui.duty.draft-hint", "ID", st.ID, "Regime", gap.Regime), width) {
			lines = append(lines, m.st.subtle.Render(indent+l))
		}
	}
	return lines
}
