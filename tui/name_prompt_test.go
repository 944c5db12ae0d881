package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

func namePromptFor(t *testing.T, lang string) namePrompt {
	t.Helper()
	opt := testOptions(lang, testkit.NewClock(t0))
	opt.Actor = "kenji"
	p := newNamePrompt(opt.withDefaults(), "/home/kenji/.config/shodo/config.toml")
	next, _ := p.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return next.(namePrompt)
}

func (p namePrompt) press(keys ...tea.Msg) (namePrompt, tea.Cmd) {
	var cmd tea.Cmd
	var next tea.Model = p
	for _, k := range keys {
		next, cmd = next.(namePrompt).Update(k)
	}
	return next.(namePrompt), cmd
}

// The first start asks for the name with the login name filled in: enter
// keeps what is typed and says to save it; esc uses the login name this
// time and does not save, so the question comes again next time.
func TestNamePrompt(t *testing.T) {
	t.Parallel()
	backspaces := make([]tea.Msg, len("kenji"))
	for i := range backspaces {
		backspaces[i] = keyMsg("backspace")
	}
	typed := func(s string) []tea.Msg {
		var out []tea.Msg
		for _, r := range s {
			out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		return out
	}
	tests := []struct {
		name string
		keys []tea.Msg
		want NameAnswer
		done bool
	}{
		{name: "enter keeps the login name and saves it", keys: []tea.Msg{keyMsg("enter")}, want: NameAnswer{Name: "kenji", Save: true}, done: true},
		{name: "a name typed over it is saved", keys: append(append(backspaces, typed("Kenji Sato (SRE)")...), keyMsg("enter")),
			want: NameAnswer{Name: "Kenji Sato (SRE)", Save: true}, done: true},
		{name: "a pasted name is one clean line", keys: []tea.Msg{keyMsg("ctrl+u"), tea.PasteMsg{Content: "佐藤\n健司\x1b[2J"}, keyMsg("enter")},
			want: NameAnswer{Name: "佐藤 健司", Save: true}, done: true},
		{name: "esc uses the login name this time, unsaved", keys: append(typed(" Sato"), keyMsg("esc")), want: NameAnswer{Name: "kenji"}, done: true},
		{name: "ctrl+c is esc", keys: []tea.Msg{keyMsg("ctrl+c")}, want: NameAnswer{Name: "kenji"}, done: true},
		{name: "an empty name is not saved", keys: []tea.Msg{keyMsg("ctrl+u"), keyMsg("enter")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, cmd := namePromptFor(t, i18n.English).press(tt.keys...)
			if p.done != tt.done || p.answer != tt.want {
				t.Fatalf("done=%v answer %+v; want done=%v %+v", p.done, p.answer, tt.done, tt.want)
			}
			if quits := cmd != nil && fmt.Sprint(cmd()) == fmt.Sprint(tea.Quit()); quits != tt.done {
				t.Errorf("quits=%v; want %v", quits, tt.done)
			}
			if !tt.done && !strings.Contains(ansi.Strip(p.render()), "Type a name, or press esc") {
				t.Errorf("an empty name does not say what to do:\n%s", ansi.Strip(p.render()))
			}
		})
	}
}

// Golden frames of the question at 80×24, in English and Japanese.
func TestNamePromptFrames(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			p := namePromptFor(t, lang)
			frame := p.View().Content
			for i, l := range strings.Split(ansi.Strip(frame), "\n") {
				if w := ansi.StringWidth(l); w != 80 {
					t.Errorf("line %d is %d cells wide", i+1, w)
				}
			}
			requireFrame(t, "name-prompt-"+lang+"-80x24", frame)
		})
	}
}
