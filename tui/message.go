package tui

import (
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
)

// messageTime is how times appear in a message sent to other people: with
// the date and the zone, since the reader may be elsewhere.
const messageTime = "2006-01-02 15:04 MST"

// fillMessage fills a duty's message placeholders: {incident} {runbook}
// {opened} {verdict} {rank} {actor} {due} {now}. Values come from the state
// and the runbook; a placeholder with no value yet (no verdict) says so in
// brackets so that the sender notices. The result is sanitised, since it is
// drawn as well as copied.
func (m Model) fillMessage(d *incident.Duty) string {
	st := m.inc.st
	loc := m.now.Location()
	verdict, rank := m.tx.T("tui.message.no-verdict"), m.tx.T("tui.message.no-rank")
	if v := st.Verdict; v != nil {
		verdict = v.Title
		if v.Rank != "" {
			rank = strings.ToUpper(v.Rank)
			if r := st.Runbook.Rank(v.Rank); r != nil && r.Title != "" {
				rank = r.Title
			}
		}
	}
	due := ""
	if !d.Due.IsZero() {
		due = d.Due.In(loc).Format(messageTime)
	}
	r := strings.NewReplacer(
		"{incident}", st.ID,
		"{runbook}", st.Runbook.Title,
		"{opened}", st.Opened.In(loc).Format(messageTime),
		"{verdict}", verdict,
		"{rank}", rank,
		"{actor}", m.opt.Actor,
		"{due}", due,
		"{now}", m.now.In(loc).Format(messageTime),
	)
	return paragraph(r.Replace(d.Spec.Message))
}
