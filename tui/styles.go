package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// palette is the few colours the app uses, each with a meaning. Colour is
// never the only carrier of that meaning: every styled thing also says what
// it is in words or marks.
type palette struct {
	accent, subtle, ok, warn, alert, onAlert color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	return palette{
		accent:  ld(lipgloss.Color("#5B3CC4"), lipgloss.Color("#B4A0FF")),
		subtle:  ld(lipgloss.Color("#66666E"), lipgloss.Color("#9A9AA6")),
		ok:      ld(lipgloss.Color("#16703A"), lipgloss.Color("#62D394")),
		warn:    ld(lipgloss.Color("#8A5300"), lipgloss.Color("#F5B74E")),
		alert:   ld(lipgloss.Color("#B0231B"), lipgloss.Color("#FF6F66")),
		onAlert: lipgloss.Color("#FFFFFF"),
	}
}

// styles are built once per background (dark or light) and colour setting,
// in one place (crush's quickStyleOpts), never per view.
type styles struct {
	title    lipgloss.Style // screen and pane titles
	accent   lipgloss.Style
	subtle   lipgloss.Style // hints, secondary text
	ok       lipgloss.Style // done on time, "not security"
	warn     lipgloss.Style // last quarter of a countdown
	alert    lipgloss.Style // overdue, security, errors
	overdue  lipgloss.Style // the OVERDUE badge
	banner   lipgloss.Style // the poisoned-journal banner
	live     lipgloss.Style // the LIVE marker
	selected lipgloss.Style // the row under the cursor
	tabOn    lipgloss.Style
	tabOff   lipgloss.Style
	key      lipgloss.Style // a key in the help bar
	keyOff   lipgloss.Style // a key that does not apply now
	bold     lipgloss.Style
}

// newStyles builds the styles for a dark or light background. Without
// colour (NO_COLOR) they keep only attributes (bold, reverse, underline,
// faint), which every terminal draws.
func newStyles(isDark, color bool) *styles {
	s := lipgloss.NewStyle()
	st := styles{
		title:    s.Bold(true),
		accent:   s.Bold(true),
		subtle:   s.Faint(true),
		ok:       s,
		warn:     s.Bold(true),
		alert:    s.Bold(true),
		overdue:  s.Bold(true).Reverse(true),
		banner:   s.Bold(true).Reverse(true),
		live:     s.Bold(true).Reverse(true),
		selected: s.Reverse(true),
		tabOn:    s.Bold(true).Reverse(true),
		tabOff:   s,
		key:      s.Bold(true),
		keyOff:   s.Faint(true),
		bold:     s.Bold(true),
	}
	if !color {
		return &st
	}
	p := newPalette(isDark)
	st.title = st.title.Foreground(p.accent)
	st.accent = st.accent.Foreground(p.accent)
	st.subtle = s.Foreground(p.subtle)
	st.ok = st.ok.Foreground(p.ok)
	st.warn = st.warn.Foreground(p.warn)
	st.alert = st.alert.Foreground(p.alert)
	st.overdue = s.Bold(true).Foreground(p.onAlert).Background(p.alert)
	st.banner = s.Bold(true).Foreground(p.onAlert).Background(p.alert)
	st.live = s.Bold(true).Foreground(p.onAlert).Background(p.alert)
	st.tabOn = s.Bold(true).Reverse(true)
	st.key = st.key.Foreground(p.accent)
	st.keyOff = s.Foreground(p.subtle).Faint(true)
	return &st
}
