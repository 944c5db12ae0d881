package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// keyTable is one screen's or dialog's keys for docs/keys.md.
type keyTable struct {
	name, intro string
	keys        []key
}

// keyDocs are the tables of docs/keys.md, in its order: every declaration
// of the app, the dialogs' from a dialog of each kind.
func keyDocs() []keyTable {
	sample := &form{lists: []choiceList{{}}, hasInput: true}
	return []keyTable{
		{"Home screen", "Pick a runbook to start an incident, an open incident to resume, a closed one to export, or a drill scenario.", homeKeys()},
		{"Incident screen", "The triage, duties and timeline panes: side by side from 110 columns, else as tabs. Keys marked as a pane's act where that pane has the focus.", incidentKeys()},
		{"Drill: the facilitator's keys", "On the incident screen of a drill, above the players' keys. The notes and injects pages take the screen until esc.", drillKeys()},
		{"Dialogs that record something", "Done, attempt, waive, note, milestone, reassign and close. In a text of several lines (note, close) enter starts a new line and only ctrl+s records.", sample.keys()},
		{"Revise confirmation", "Going back to an answered question: the dialog says what it undoes.", (&reviseDialog{}).keys()},
		{"A duty's message, an incident closed", "Text to copy: the message with its placeholders filled, or the export command.", (&noticeDialog{}).keys()},
		{"Quit confirmation", "ctrl+c asks it from anywhere, a dialog included; going back keeps what was typed.", (&quitDialog{}).keys()},
	}
}

// keyTables are keyDocs by name.
func keyTables() map[string][]key {
	out := map[string][]key{}
	for _, t := range keyDocs() {
		out[t.name] = t.keys
	}
	return out
}

// keysMarkdown writes docs/keys.md from the declarations, in English.
func keysMarkdown() string {
	tx := i18n.New(i18n.English)
	var b strings.Builder
	b.WriteString("# Keys\n\n")
	b.WriteString("<!-- Generated from the key declarations in tui/ by `go test ./tui -run TestKeysDoc -update`: do not edit. -->\n\n")
	b.WriteString("Every key of the terminal app, from the same declarations as its help bar and its `?` overlay.\n")
	b.WriteString("A key that does not apply now is shown in parentheses with the reason (`(x close: no verdict yet)`),\n")
	b.WriteString("and pressing it says so in the status line instead of doing nothing.\n")
	for _, t := range keyDocs() {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n", t.name, t.intro)
		b.WriteString("| Keys | Help shows | Does | Listed |\n| --- | --- | --- | --- |\n")
		for _, k := range t.keys {
			// The group of the ? overlay, or where the help bar offers it.
			where := "not shown"
			switch {
			case k.do == nil:
				where = "help bar, for the keys below"
			case k.group != "":
				where = "`?`: " + tx.T(k.group)
			case k.bar != nil:
				where = "help bar, where it applies"
			}
			does := tx.T(k.help)
			if k.alt.help != "" {
				does += " / " + tx.T(k.alt.help)
			}
			var keys []string
			for _, s := range k.keys {
				keys = append(keys, "`"+strings.ReplaceAll(s, "|", `\|`)+"`")
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", strings.Join(keys, " "), k.name(), does, where)
		}
	}
	return b.String()
}

// TestKeysDoc: docs/keys.md is what the declarations say; -update
// rewrites it.
func TestKeysDoc(t *testing.T) {
	testkit.Golden(t, "../docs/keys.md", []byte(keysMarkdown()))
}
