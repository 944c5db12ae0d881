package tui

import (
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// messageTime is how times appear in a message sent to other people: with
// the date and the zone, since the reader may be elsewhere.
const messageTime = "2006-01-02 15:04 MST"

// fillMessage fills a duty's message placeholders: {incident} {runbook}
// {opened} {verdict} {rank} {actor} {due} {now}, and {contact}: the
// duty's contact, or the first of its recipients not yet reached. Values come from the state
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
	msg := r.Replace(d.Spec.Message)
	if st.Runbook.Shodo >= 2 {
		// {contact} is new in format version 2: one message per
		// recipient, addressed to the first not yet reached.
		msg = strings.ReplaceAll(msg, "{"+runbook.PlaceholderContact+"}", m.contactText(st.Runbook, m.firstOpenRecipient(d)))
	}
	return paragraph(m.fillFamilies(msg))
}

// fillFamilies fills the {prefix.id} placeholders of format version 2
// (runbook.PlaceholderFamilies), one value function per family; a version
// 1 runbook reads them as text, as it always did.
func (m Model) fillFamilies(msg string) string {
	st := m.inc.st
	if st.Runbook.Shodo < 2 {
		return msg
	}
	loc := m.now.Location()
	value := map[string]func(id string) string{
		// A milestone's claimed time: when it happened, as a responder said.
		"milestone": func(id string) string {
			if stamp, ok := st.Stamped(id); ok {
				return stamp.When().In(loc).Format(messageTime)
			}
			title := id
			if ms := st.Runbook.Milestone(id); ms != nil && ms.Title != "" {
				title = ms.Title
			}
			return m.tx.T("tui.message.no-milestone", "Milestone", title)
		},
		// A report field's value, from whichever duty carries it.
		"field": func(id string) string {
			v, _ := st.Field(id)
			spec, _ := st.Runbook.Field(id)
			if v.Filled() {
				return m.fieldValueText(spec, v)
			}
			label := id
			if spec != nil && spec.Label != "" {
				label = oneLine(spec.Label)
			}
			return m.tx.T("tui.message.no-field", "Field", label)
		},
	}
	var pairs []string
	for _, f := range runbook.PlaceholderFamilies() {
		fill := value[f.Prefix]
		if fill == nil {
			continue
		}
		for _, id := range placeholderIDs(msg, f.Prefix) {
			pairs = append(pairs, "{"+f.Prefix+"."+id+"}", fill(id))
		}
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// placeholderIDs returns the ids of the {prefix.id} placeholders in msg.
func placeholderIDs(msg, prefix string) []string {
	var out []string
	open := "{" + prefix + "."
	for {
		i := strings.Index(msg, open)
		if i < 0 {
			return out
		}
		msg = msg[i+len(open):]
		end := strings.IndexByte(msg, '}')
		if end < 0 {
			return out
		}
		out = append(out, msg[:end])
		msg = msg[end+1:]
	}
}
