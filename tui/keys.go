package tui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// key is one key of a screen or a dialog, declared once with everything
// about it: what the terminal sends, how help writes it, what it does (a
// message id), when it acts, why it does not apply now (lazygit's disabled
// bindings: the help shows the reason, and pressing the key says it instead
// of doing nothing), and what pressing it does. The help bar, the ? overlay
// and docs/keys.md are all drawn from these declarations.
type key struct {
	// keys are the key names as Bubble Tea writes them: "d", "ctrl+s",
	// "space". Directions that share an entry share a key: up/dn moves
	// both ways, and its handler reads which was pressed.
	keys []string
	// label is how help writes the keys when not keys[0]: "up/dn". The
	// arrows are written in letters: arrow glyphs are East Asian
	// Ambiguous.
	label string
	// help is the message id of what the key does.
	help string
	// alt is the message id of what it does instead while alt holds
	// (start the clock, while paused).
	alt altHelp
	// group is the message id of its group in the ? overlay and the docs;
	// "" for a key that only the help bar offers, where it applies.
	group string
	// bar reports whether the help bar offers the key now; nil: never.
	bar func(m *Model) bool
	// kept: the help bar drops every other key before this one, so that
	// a narrow screen still says how to see all keys and how to quit.
	kept bool
	// when reports whether the key acts now (the focused pane, a mode);
	// nil: always. A key that does not act is passed on.
	when func(m *Model) bool
	// off returns why the key does not apply now, in words, or "" when it
	// does; nil: it always applies.
	off func(m *Model) string
	// do is what the key does; nil for an entry that only stands in the
	// help bar for others (+/- for + and -).
	do func(m *Model, msg tea.KeyPressMsg) tea.Cmd
	// facilitator marks a drill key that is the facilitator's alone: a
	// player's screen in a drill shodo serve shares has none of it (the
	// clock, the jump, the notes).
	facilitator bool
}

// keymap holds the screens' key tables, built once per model from the
// declarations (the help bar reads them several times a frame) and shared
// by the model's copies; nothing changes them.
type keymap struct{ home, incident, drill, player, overlay []key }

func newKeymap() *keymap {
	drill := drillKeys()
	player := slices.DeleteFunc(slices.Clone(drill), func(k key) bool { return k.facilitator })
	return &keymap{home: homeKeys(), incident: incidentKeys(), drill: drill, player: player, overlay: overlayKeys()}
}

// drillKeymap is the drill keys of this screen: the facilitator's, or
// a player's, who has none of the facilitator's own.
func (m Model) drillKeymap() []key {
	if m.inc.drill.player {
		return m.keymap.player
	}
	return m.keymap.drill
}

// altHelp is what a key does instead (a message id) while when holds.
type altHelp struct {
	help string
	when func(m *Model) bool
}

// always is a bar or when predicate that holds everywhere.
func always(*Model) bool { return true }

// matches reports whether msg is one of k's keys.
func (k key) matches(msg tea.KeyPressMsg) bool { return slices.Contains(k.keys, msg.String()) }

// acts reports whether k acts now.
func (k key) acts(m *Model) bool { return k.do != nil && (k.when == nil || k.when(m)) }

// why is why k does not apply now, "" when it does.
func (k key) why(m *Model) string {
	if k.off == nil {
		return ""
	}
	return k.off(m)
}

// name is how help writes k's keys.
func (k key) name() string {
	if k.label != "" {
		return k.label
	}
	return k.keys[0]
}

// desc is what k does now, in words.
func (k key) desc(m *Model) string {
	if k.alt.when != nil && k.alt.when(m) {
		return m.tx.T(k.alt.help)
	}
	return m.tx.T(k.help)
}

// press handles msg with the first of keys that is msg's and acts now;
// handled is false when none is. A key that does not apply says why in the
// status line (or, in a dialog that has its own error line, there) and
// does nothing.
func (m *Model) press(keys []key, msg tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	for _, k := range keys {
		if !k.matches(msg) || !k.acts(m) {
			continue
		}
		if why := k.why(m); why != "" {
			m.refuse(k, why)
			return nil, true
		}
		return k.do(m, msg), true
	}
	return nil, false
}

// refuse says why k does not apply now.
func (m *Model) refuse(k key, why string) {
	if d, ok := m.dialog().(refuser); ok {
		d.refused(why)
		return
	}
	m.setFlash(flashInfo, m.tx.T("tui.help.disabled", "Key", k.name(), "Desc", k.desc(m), "Why", why))
}

// barKeys are the keys the help bar offers now, in declaration order.
func (m *Model) barKeys(keys []key) []key {
	out := make([]key, 0, len(keys))
	for _, k := range keys {
		if k.bar != nil && k.bar(m) {
			out = append(out, k)
		}
	}
	return out
}

// screenKeys are the keys of what has the keyboard: the top dialog's, or
// the screen's.
func (m *Model) screenKeys() []key {
	if d := m.dialog(); d != nil {
		return d.keys()
	}
	if m.screen == screenHome {
		return m.keymap.home
	}
	return m.keymap.incident
}

// shortHelp is what the help bar offers now: the keys of the dialog, or of
// the focused pane, then those of the incident, then help and quit. Over
// the incident screen the full help offers only its own way out and quit.
func (m *Model) shortHelp() []key {
	keys := m.barKeys(m.screenKeys())
	if m.fullHelp && m.dialog() == nil && m.screen == screenIncident {
		keys = slices.DeleteFunc(keys, func(k key) bool { return k.group != "tui.help.group.app" })
		if m.helpScrolls() {
			keys = append(m.barKeys(m.keymap.overlay), keys...)
		}
	}
	return keys
}

// helpItem draws one key; one that does not apply is faint and in
// parentheses with its reason, so that the difference is not colour alone.
func (m *Model) helpItem(k key) string {
	if why := k.why(m); why != "" {
		return m.st.keyOff.Render(m.tx.T("tui.help.disabled-bar", "Key", k.name(), "Desc", k.desc(m), "Why", why))
	}
	return m.st.key.Render(k.name()) + " " + k.desc(m)
}

// helpLines lays the help bar out in at most two lines of w cells: items
// that apply first, then the others with their reasons, as many as fit. A
// drill adds a line of the facilitator's keys above them, so that the
// players' keys keep their place.
func (m Model) helpLines(w int) []string {
	drilling := m.screen == screenIncident && m.inc.drill.on() && !m.fullHelp
	if drilling && m.inc.drill.view != drillPanes && !m.quitting() {
		// The page has the screen: the panes' keys do not apply, and the
		// page's own get their room.
		return m.layoutHelp(m.drillBar(), w, 2, true)
	}
	var drillLine []string
	if drilling && m.dialog() == nil {
		drillLine = m.layoutHelp(m.drillBar(), w, 1, true)
	}
	maxLines := 2
	if w >= wideWidth || m.height < 16 {
		maxLines = 1
	}
	return append(drillLine, m.layoutHelp(m.shortHelp(), w, maxLines, false)...)
}

// layoutHelp lays items out in at most maxLines lines of w cells, those
// that apply first unless keepOrder (the facilitator's few keys keep their
// places, so that a key that stops applying does not move the others).
// Kept keys (? and q) close the last line whatever else is dropped.
func (m *Model) layoutHelp(items []key, w, maxLines int, keepOrder bool) []string {
	const sep = "  "
	var on, off, kept []string
	for _, k := range items {
		switch {
		case k.kept && !keepOrder:
			kept = append(kept, m.helpItem(k))
		case keepOrder || k.why(m) == "":
			on = append(on, m.helpItem(k))
		default:
			off = append(off, m.helpItem(k))
		}
	}
	tail := strings.Join(kept, sep)
	if width(tail) > w {
		tail = cut(tail, w)
	}
	// room is what a line holds: the last one keeps the kept keys' room.
	room := func(line int) int {
		if line == maxLines-1 && tail != "" {
			return w - width(tail) - len(sep)
		}
		return w
	}
	var lines []string
	var cur strings.Builder
	for _, it := range append(on, off...) {
		iw := width(it)
		if cur.Len() > 0 && width(cur.String())+len(sep)+iw > room(len(lines)) {
			lines = append(lines, cur.String())
			cur.Reset()
			if len(lines) == maxLines {
				break
			}
		}
		if cur.Len() == 0 && iw > room(len(lines)) {
			break // not even alone: the kept keys take the line
		}
		if cur.Len() > 0 {
			cur.WriteString(sep)
		}
		cur.WriteString(cut(it, w))
	}
	if cur.Len() > 0 && len(lines) < maxLines {
		lines = append(lines, cur.String())
	}
	if tail == "" {
		return lines
	}
	// The last line was filled to leave the kept keys their room; an
	// earlier line may not have it.
	if n := len(lines); n == 0 || (n < maxLines && width(lines[n-1])+len(sep)+width(tail) > w) {
		return append(lines, tail)
	}
	lines[len(lines)-1] += sep + tail
	return lines
}

// keyGroup is a group of the ? overlay: its title's message id and keys.
type keyGroup struct {
	title string
	keys  []key
}

// groups gathers keys by group, in the order the groups first appear and
// the keys are declared; keys without a group are left out.
func groups(keys []key) []keyGroup {
	var out []keyGroup
	for _, k := range keys {
		if k.group == "" {
			continue
		}
		i := slices.IndexFunc(out, func(g keyGroup) bool { return g.title == k.group })
		if i < 0 {
			out = append(out, keyGroup{title: k.group})
			i = len(out) - 1
		}
		out[i].keys = append(out[i].keys, k)
	}
	return out
}

// fullHelpView lists every key in groups, each with what it does or why it
// does not apply now; in two columns when the list is taller than the pane
// (a line too long for its column wraps under itself), and scrolled by
// helpTop when even two columns do not fit (overlayKeys scroll it), with a
// line that says what is above and below. A screen without groups (home)
// lists what its help bar offers.
func (m Model) fullHelpView(w, h int) []string {
	return m.scrollHelp(m.fullHelpViewAll(w, h), h)
}

// fullHelpViewAll is the whole overlay, before scrolling.
func (m Model) fullHelpViewAll(w, h int) []string {
	keys := m.screenKeys()
	if m.screen == screenIncident && m.inc.drill.on() {
		keys = slices.Concat(m.drillKeymap(), keys)
	}
	gs := groups(keys)
	var lines []string
	if len(gs) == 0 {
		for _, k := range m.barKeys(keys) {
			lines = append(lines, m.fullHelpLine(k))
		}
		return lines
	}
	lines = m.helpGroupLines(gs, w)
	if len(lines) <= h || w < 60 {
		return lines
	}
	cw := (w - 2) / 2
	lines = m.helpGroupLines(gs, cw)
	half := (len(lines) + 1) / 2
	if len(lines) > 2*h {
		// Scrolled, the columns are read side by side a screen at a time.
		half = max(1, h-1)
		var out []string
		for from := 0; from < len(lines); from += 2 * half {
			left := lines[from:min(from+half, len(lines))]
			right := lines[min(from+half, len(lines)):min(from+2*half, len(lines))]
			out = append(out, beside("  ", frame(left, cw, len(left)), frame(right, cw, len(left)))...)
		}
		return out
	}
	return beside("  ", frame(lines[:half], cw, half), frame(lines[half:], cw, half))
}

// helpGroupLines are the overlay's lines for groups in w cells: each
// group's title, then its keys, a key's line wrapped under its
// description when it does not fit.
func (m Model) helpGroupLines(gs []keyGroup, w int) []string {
	var lines []string
	for _, g := range gs {
		lines = append(lines, m.st.title.Render(cut(m.tx.T(g.title), w)))
		for _, k := range g.keys {
			lines = append(lines, m.fullHelpLines(k, w)...)
		}
	}
	return lines
}

// helpIndent is where a key's description starts in the overlay.
const helpIndent = 13

// fullHelpLines are one key of the overlay in w cells: its name, then
// what it does or why it does not apply, wrapped under the description.
func (m *Model) fullHelpLines(k key, w int) []string {
	text, style, off := k.desc(m), m.st.key, false
	if why := k.why(m); why != "" {
		text, style, off = m.tx.T("tui.help.disabled-why", "Desc", text, "Why", why), m.st.keyOff, true
	}
	body := wrap(text, max(10, w-helpIndent))
	out := make([]string, len(body))
	for i, l := range body {
		lead := strings.Repeat(" ", helpIndent)
		if i == 0 {
			lead = "  " + style.Render(fit(k.name(), 10)) + " "
		}
		if off {
			l = style.Render(l)
		}
		out[i] = lead + l
	}
	return out
}

// scrollHelp shows the overlay's lines from helpTop when they do not fit
// in h, the last line saying what more there is.
// On a narrow screen that line wraps (in two lines at most) rather than
// lose its end, which says how to scroll.
func (m Model) scrollHelp(lines []string, h int) []string {
	if len(lines) <= h || h < 2 {
		return lines
	}
	shown := m.helpShown(len(lines), h)
	top := clamp(m.helpTop, 0, len(lines)-shown)
	out := slices.Clone(lines[top : top+shown])
	for _, l := range m.helpMore(top, len(lines)-top-shown) {
		out = append(out, m.st.subtle.Render(l))
	}
	return out
}

// helpMore is the overlay's last line: how many lines are above and below.
func (m Model) helpMore(above, below int) []string {
	return limit(wrap(m.tx.T("tui.help.more", "Above", above, "Below", below), m.width), 2)
}

// helpShown is how many of n overlay lines show in h lines: all of them,
// or as many as leave room for the line that says there is more (its
// height measured with the widest figures it can hold).
func (m Model) helpShown(n, h int) int {
	if n <= h || h < 2 {
		return n
	}
	return h - min(h-1, len(m.helpMore(n, n)))
}

// overlayKeys scroll the ? overlay when it does not fit the screen.
func overlayKeys() []key {
	return []key{{keys: []string{"up", "k", "down", "j", "pgup", "pgdown"}, label: "up/dn", help: "tui.keys.scroll-help", bar: always,
		do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
			step := 1
			switch msg.String() {
			case "up", "k":
				step = -1
			case "pgup":
				step = -10
			case "pgdown":
				step = 10
			}
			m.helpTop = max(0, m.helpTop+step)
			return nil
		}}}
}

func (m *Model) fullHelpLine(k key) string {
	if why := k.why(m); why != "" {
		return m.st.keyOff.Render(fit(k.name(), 10) + " " + m.tx.T("tui.help.disabled-why", "Desc", k.desc(m), "Why", why))
	}
	return m.st.key.Render(fit(k.name(), 10)) + " " + k.desc(m)
}

// helpOverlay is the ? overlay of the incident screen unscrolled, and the
// height it is drawn in.
func (m *Model) helpOverlay() (lines []string, h int) {
	g := m.geometry()
	return m.fullHelpViewAll(g.width, g.bodyH), g.bodyH
}

// helpScrolls reports whether the ? overlay is taller than its room. The
// help bar asks it while the screen is laid out, so the room is measured
// here without the bar, which holds one line over the overlay.
func (m *Model) helpScrolls() bool {
	if !m.sized || m.screen != screenIncident || m.inc.st == nil {
		return false
	}
	g := geom{width: m.width, wide: m.width >= wideWidth && m.height >= wideHeight}
	h := m.height - len(m.headerLines(m.width)) - len(m.bannerLines(m.width)) - len(m.noticeLines(m.width)) - max(1, len(m.statusLines(m.width))) - 1
	if !g.wide {
		h--
	}
	return len(m.fullHelpViewAll(m.width, h)) > h
}

// helpMostTop is the farthest the overlay scrolls.
func (m *Model) helpMostTop() int {
	lines, h := m.helpOverlay()
	return max(0, len(lines)-m.helpShown(len(lines), h))
}
