package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/incident"
)

// entryDialog shows the timeline entry under the cursor in full: its
// sentence with every line of a note, who recorded it, when it was
// recorded and when it was claimed to have happened, and where it sits in
// the journal's chain. It holds no entry of its own: up and down move the
// timeline's cursor, so that closing it leaves the cursor on the entry
// last read.
type entryDialog struct {
	heading string // names the entry under the cursor (see reread)
	top     int    // first body line shown, when the entry is taller than the screen
}

// openEntry opens the entry under the timeline's cursor.
func (m *Model) openEntry() tea.Cmd {
	d := &entryDialog{}
	d.reread(m)
	return m.push(d)
}

// reread names the entry under the cursor, after it moved.
func (d *entryDialog) reread(m *Model) {
	d.top = 0
	if e := m.selectedEvent(); e != nil {
		d.heading = m.tx.T("tui.timeline.entry-title", "Seq", int(e.Seq))
	}
}

// hashShown is how many hex digits of a record's chain hash the entry
// shows: enough to compare with `shodo verify` or another copy by eye.
const hashShown = 12

func (d *entryDialog) title() string { return d.heading }

func (d *entryDialog) keys() []key {
	return []key{
		{keys: []string{"up", "k", "down", "j"}, label: "up/dn", help: "tui.keys.older-newer", bar: always,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
				step := 1
				if up(msg) {
					step = -1
				}
				m.scrollTimeline(func(back, _ int) int { return back - step })
				d.reread(m)
				return nil
			}},
		{keys: []string{"pgup", "pgdown"}, label: "pgup/pgdn", help: "tui.keys.scroll-help", bar: always,
			do: func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
				if up(msg) {
					d.top = max(0, d.top-5)
				} else {
					d.top += 5
				}
				return nil
			}},
		{keys: []string{"esc", "enter", "q"}, help: "tui.keys.back", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

func (d *entryDialog) update(*Model, tea.KeyPressMsg) tea.Cmd { return nil }

func (d *entryDialog) view(m *Model, w, h int) []string {
	e := m.selectedEvent()
	if e == nil {
		return nil
	}
	tx := m.tx
	body := []string{m.entrySentence(e), ""}
	body = append(body, tx.T("tui.timeline.entry-actor", "Actor", oneLine(e.Actor)))
	body = append(body, tx.T("tui.timeline.entry-recorded", "Time", m.fullStamp(e.At)))
	if c := claimedOf(e); !c.IsZero() {
		body = append(body, tx.T("tui.timeline.entry-claimed", "Time", m.fullStamp(c)))
	}
	if e.Hash != "" {
		body = append(body, tx.T("tui.timeline.entry-chain", "Seq", int(e.Seq), "Hash", e.Hash[:min(hashShown, len(e.Hash))]))
	} else {
		body = append(body, tx.T("tui.timeline.entry-seq", "Seq", int(e.Seq)))
	}
	lines := m.bodyLines(body, false, "", w)
	if len(lines) <= h {
		d.top = 0
		return lines
	}
	d.top = clamp(d.top, 0, len(lines)-(h-1))
	shown := lines[d.top : d.top+h-1]
	return append(shown, m.st.subtle.Render(cut(tx.T("tui.timeline.entry-more"), w)))
}

// entrySentence is the entry's sentence with a note's line breaks kept.
func (m *Model) entrySentence(e *incident.Event) string {
	return paragraph(export.SentenceLines(m.inc.st, *e, m.opt.Lang, m.stamp))
}

// fullStamp is a time with its date, seconds and offset, as the entry
// gives it in full; a drill's times stay scenario times.
func (m *Model) fullStamp(t time.Time) string {
	if when, ok := m.drillWhen(t); ok {
		return when
	}
	return t.In(m.now.Location()).Format("2006-01-02 15:04:05 -07:00")
}

// entryWhy is why enter cannot open an entry: the timeline is empty.
func (m *Model) entryWhy() string {
	if m.selectedEvent() == nil {
		return m.tx.T("tui.why.no-entries")
	}
	return ""
}
