package tui

import (
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// The drill's end: the close confirmation with the after-action report's
// command and the score so far, in the UI language.

// scoreLines summarise the drill's score for the close confirmation: the
// verdict against the expected one, the duties, the capability ratings.
func (m Model) scoreLines() []string {
	card, err := drill.Score(m.inc.st)
	if err != nil {
		return nil
	}
	tx := m.tx
	v := card.Verdict
	verdict := outcomeName(tx, v.Outcome)
	if v.Reached != "" {
		title := v.Reached
		if rv := m.inc.st.Runbook.Verdict(v.Reached); rv != nil {
			title = rv.Title
		}
		at := runbookSpan(tx, v.At)
		if v.Within > 0 {
			verdict = tx.T("tui.score.reached-target", "Outcome", verdict, "Verdict", oneLine(title), "At", at, "Target", runbookSpan(tx, v.Within))
		} else {
			verdict = tx.T("tui.score.reached", "Outcome", verdict, "Verdict", oneLine(title), "At", at)
		}
	}
	// The duties the scenario expected, counted as the ratings count
	// them: one not done on time or late falls short, whatever became
	// of it, unless a jump skipped its deadline.
	var met, late, short, skipped, expected int
	for _, d := range card.Duties {
		if !d.Expected {
			continue
		}
		expected++
		switch d.Outcome {
		case drill.DutyMet:
			met++
		case drill.DutyLate:
			late++
		case drill.DutySkipped:
			// Its deadline fell in a jump: not the team's failure.
			skipped++
		default:
			short++
		}
	}
	duties := tx.T("tui.score.duties", "OnTime", met, "Late", late, "NotMet", short, "Count", expected)
	if skipped > 0 {
		duties = tx.T("tui.score.duties-skipped", "OnTime", met, "Late", late, "NotMet", short, "Skipped", skipped, "Count", expected)
	}
	var ratings []string
	for _, c := range card.Capabilities {
		ratings = append(ratings, capabilityName(tx, c.Capability)+" "+string(c.Rating))
	}
	return []string{
		tx.T("tui.score.verdict", "Outcome", verdict),
		duties,
		tx.T("tui.score.ratings", "Ratings", strings.Join(ratings, tx.T("tui.list-sep"))),
	}
}

// runbookSpan writes a length of scenario time as a runbook does ("45m",
// "1h30m"), with the catalogue's units ("45分", "1時間30分" in Japanese).
func runbookSpan(tx *i18n.Catalog, d time.Duration) string {
	s := drill.FormatSpan(d.Round(time.Second))
	return strings.NewReplacer("w", tx.T("common.unit.week"), "d", tx.T("common.unit.day"), "h", tx.T("common.unit.hour"),
		"m", tx.T("common.unit.minute"), "s", tx.T("common.unit.second")).Replace(s)
}

// outcomeName is a verdict outcome in a few words: tui.score.outcome.<code>
// (a test checks every outcome the drill package declares has them).
func outcomeName(tx *i18n.Catalog, o drill.VerdictOutcome) string {
	return tx.T("tui.score.outcome." + string(o))
}

// capabilityName is a capability's short name: tui.score.capability.<code>.
func capabilityName(tx *i18n.Catalog, c drill.Capability) string {
	return tx.T("tui.score.capability." + string(c))
}

// aarCommand is the command that writes a drill's after-action report.
func aarCommand(id string) string { return "shodo export " + id + " --format aar" }

// drillClosed is the close confirmation of a drill: the after-action
// report's command, and the score so far.
func (m *Model) drillClosed() {
	id := oneLine(m.inc.st.ID)
	cmd := aarCommand(id)
	body := []string{m.tx.T("tui.drill.export"), "", "  " + cmd, ""}
	if score := m.scoreLines(); len(score) > 0 {
		body = append(body, m.tx.T("tui.score.title"))
		for _, l := range score {
			body = append(body, "  "+l)
		}
		body = append(body, "")
	}
	body = append(body, m.tx.T("tui.copy-fallback"))
	m.push(&noticeDialog{heading: m.tx.T("tui.drill.closed-title", "Incident", id), body: body, copyText: cmd})
	m.inc.drill.notice = 0
	// The exercise is over: scenario time stops with it.
	m.inc.drill.ctl.Clock().Pause()
	m.tickTag++
}
