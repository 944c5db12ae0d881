package tui

import "github.com/shodo-dev/shodo/engine/runbook"

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
