package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// The first-run question: when no name for the responder is configured
// (no --actor, no $SHODO_ACTOR, no name in config.toml), the app asks for
// one before its first screen, with the login name filled in. The answer
// signs copied messages and stamps the timeline, so it is asked for once,
// in a screen of its own, before any incident records a name. It is a
// small program of its own: cmd runs it before the home screen, run, resume
// or drill, and saves what it returns (the TUI writes no settings).

// NameAnswer is what the person said.
type NameAnswer struct {
	// Name is the name to use: the one typed, or, when Save is false, the
	// suggestion (the login name) for this time only.
	Name string
	// Save says to keep Name in the settings file, so the question is
	// not asked again: enter. esc (or ctrl+c) leaves Save false, and the
	// question is asked again next time.
	Save bool
}

// AskName asks for the responder's name, suggesting opt.Actor, in a screen
// of its own; file is the settings file it will be saved in, shown so the
// person knows where to change it.
func AskName(ctx context.Context, opt Options, file string) (NameAnswer, error) {
	opt = opt.withDefaults()
	final, err := tea.NewProgram(newNamePrompt(opt, file), ProgramOptions(ctx, opt)...).Run()
	if err != nil {
		return NameAnswer{Name: opt.Actor}, fmt.Errorf("ask for your name: %w", err)
	}
	p, ok := final.(namePrompt)
	if !ok || !p.done {
		return NameAnswer{Name: opt.Actor}, errors.New("ask for your name: ended without an answer")
	}
	return p.answer, nil
}

// namePrompt is the question's model: one line of text, prefilled.
type namePrompt struct {
	tx      *i18n.Catalog
	st      *styles
	suggest string // the login name: prefilled, and what esc uses
	file    string
	value   []rune
	empty   bool // enter was pressed on an empty line
	width   int
	height  int
	done    bool
	answer  NameAnswer
}

func newNamePrompt(opt Options, file string) namePrompt {
	return namePrompt{tx: i18n.New(opt.Lang), st: newStyles(true, opt.Getenv("NO_COLOR") == ""),
		suggest: opt.Actor, file: file, value: []rune(opt.Actor)}
}

// Init implements tea.Model.
func (p namePrompt) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (p namePrompt) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.width, p.height = msg.Width, msg.Height
	case tea.PasteMsg:
		// Cleaned as a whole on enter (CleanActor); drawn through oneLine.
		p.value = append(p.value, []rune(msg.Content)...)
		p.empty = false
	case tea.KeyPressMsg:
		switch msg.String() {
		case "enter":
			name := CleanActor(string(p.value))
			if strings.TrimSpace(name) == "" {
				p.empty = true
				return p, nil
			}
			p.done, p.answer = true, NameAnswer{Name: name, Save: true}
			return p, tea.Quit
		case "esc", "ctrl+c":
			p.done, p.answer = true, NameAnswer{Name: p.suggest}
			return p, tea.Quit
		case "backspace":
			if len(p.value) > 0 {
				p.value = p.value[:len(p.value)-1]
			}
		case "ctrl+u":
			p.value = nil
		default:
			if msg.Text != "" && msg.Mod&tea.ModCtrl == 0 && msg.Mod&tea.ModAlt == 0 {
				p.value = append(p.value, []rune(msg.Text)...)
				p.empty = false
			}
		}
	}
	return p, nil
}

// View implements tea.Model.
func (p namePrompt) View() tea.View {
	v := tea.NewView(p.render())
	v.AltScreen = true
	v.WindowTitle = "shodo"
	return v
}

// render draws the question, exactly the terminal's size.
func (p namePrompt) render() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	w := p.width
	var lines []string
	add := func(style func(...string) string, text string) {
		for _, l := range wrap(text, w) {
			lines = append(lines, style(l))
		}
	}
	add(p.st.title.Render, p.tx.T("tui.name.title"))
	lines = append(lines, "")
	add(func(s ...string) string { return strings.Join(s, "") }, p.tx.T("tui.name.question"))
	lines = append(lines, "")
	lines = append(lines, cut("> "+oneLine(string(p.value))+"_", w))
	if p.empty {
		add(p.st.alert.Render, "! "+p.tx.T("tui.name.empty"))
	}
	lines = append(lines, "")
	add(p.st.subtle.Render, p.tx.T("tui.name.enter", "File", oneLine(p.file)))
	add(p.st.subtle.Render, p.tx.T("tui.name.esc", "Name", p.suggest))
	return strings.Join(frame(lines, w, p.height), "\n")
}
