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
		{"Home screen", "Pick a runbook to start an incident, an open incident to resume, a closed one to export, or a drill scenario. Starting is deliberate: enter on a runbook or a scenario shows what it will start (the duties that start on opening and their deadlines; a drill's runbook, speed, injects and objectives) and asks. A runbook's confirmation has an optional \"aware since\" field (01:30, 2h ago, 2026-12-02 01:30, RFC 3339, as `shodo run --since`): tab goes to it, and typing anything but y, n or q starts it; the clocks of the duties that start on opening count from it.", homeKeys()},
		{"Incident screen", "The triage, duties and timeline panes: side by side from 110 columns, else as tabs. Keys marked as a pane's act where that pane has the focus. A digit only moves to its option; enter answers (an answer starts legal clocks: it takes a deliberate key).", incidentKeys()},
		{"Drill: the facilitator's keys", "On the incident screen of a drill, above the players' keys. The notes and injects pages take the screen until esc. In a drill shodo serve shares, only the facilitator (role `facilitator` in the responders file) has the clock keys, `]` and `f`: a player's screen has the page keys, `i` and `esc` alone, and never the notes.", drillKeys()},
		{"Dialogs that record something", "Done, done with the time a legal report was really submitted (S: the reports chained on it count from then, and it is late only if that time was), attempt, waive, pause, resume and restart a duty's clock (p, R: a reason is required), note, milestone (with an optional \"happened at\" its clocks count from), reassign and close. In a text of several lines (note, close) enter starts a new line, and enter on an empty last line records as ctrl+s does; the dialog's first line says so. Letters typed while a list has the focus go to the text field, which takes the focus; so in a dialog with a text field only the arrows choose in its list, and a dialog without one says that it took nothing.", sample.keys()},
		{"How the incident ends (x)", "x first asks how the incident ends: with its verdict (the close dialog, once there is a verdict), or as no incident at all: a false alarm, a duplicate of another incident of the home (picked from a list), or opened by mistake. These need no verdict, only a reason (enter records it), and withdraw every running duty with it. A letter (v, f, u, m) only moves the cursor and enter chooses, so a word typed into the chooser ends nothing. The cursor starts on false alarm while there is no verdict (a false alarm is x, enter, the reason, enter), and on the verdict's close once there is one (x, enter).", (&endingDialog{items: []endingItem{{code: endVerdict, key: "v"}, {code: "false-alarm", key: "f"}, {code: "duplicate", key: "u"}, {code: "mistake", key: "m"}}}).keys()},
		{"Close", "x opens it. It first lists every running duty and walks them: d marks one done, w waives it (a reason is required), h hands it over to an owner outside the incident (required) with the ticket that tracks it (optional). A legal duty is marked [legal] and cannot be handed over: it is done or waived. ctrl+s (or enter on an empty last line of the summary) closes once nothing holds the close (the engine's list), with the summary, which is required; a refusal stays in the dialog with the summary typed. Typing goes to the summary; tab moves between the duties and the summary. Resolve (s, with an optional \"back at\" time) and reopen (O, on a closed incident, a reason required) are dialogs that record something.", (&closeDialog{form: &form{hasInput: true}}).keys()},
		{"Evidence register (E)", "The runbook's evidence list, each entry missing or with the artefacts registered against it, and every artefact with who holds it; the one under the cursor shows its SHA-256 and size, where it is kept, who collected it and when, its last hand-over and how its last check came out. a registers an artefact, t records a hand-over or a copy of the one under the cursor, v hashes its file again where it is kept (in the background) and records whether it matches, or that it is missing; a mismatch or a missing file is said in red, on its row too.", (&evidenceDialog{}).keys()},
		{"Registering evidence, handing it over", "Registering: the runbook's entry it answers (its words are the \"what\" when none is typed), what, where it is kept, a file to hash, the SHA-256, the size and who collected it (you, when empty). Enter on the file field computes the file's SHA-256 and size without stopping the screen (a path dropped in quotes is read without them) and fills them in; enter elsewhere records. A hash that is not 64 hex digits is refused in the dialog, which keeps what was typed. Handing over: who gives it (one of its holders), a hand-over or a copy, to whom, how and why (required), and where it is kept afterwards. Typing goes to the focused field; on a text field the arrows move between fields.", (&fieldsForm{lists: []choiceList{{}}}).keys()},
		{"All keys (?)", "The overlay lists every key of the screen in groups, in two columns when they do not fit in one, and scrolls when even two do not (a drill at 80x24): its last line says what is above and below.", overlayKeys()},
		{"Revise confirmation", "Going back to an answered question: the dialog says what it undoes.", (&reviseDialog{}).keys()},
		{"A duty's message, an incident closed", "Text to copy: the message with its placeholders filled, or the export command.", (&noticeDialog{}).keys()},
		{"A timeline entry", "enter on the Timeline reads the entry under the cursor in full: every line of a note, who recorded it, when it was recorded and claimed, its journal record and hash.", (&entryDialog{}).keys()},
		{"Milestone preview", "After choosing a milestone (m): its description in full and every clock it will start, with due times, before anything is recorded.", (&stampPreview{}).keys()},
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
	b.WriteString("A key that does not apply now is shown in parentheses with the reason (`(r revise: no answer yet)`),\n")
	b.WriteString("and pressing it says so in the status line instead of doing nothing.\n")
	b.WriteString("On a narrow screen the help bar drops keys from its end, but keeps `? all keys` and `q quit`\n")
	b.WriteString("whatever else it drops; the `?` overlay scrolls (up/dn, pgup/pgdn) when it is taller than the screen.\n")
	b.WriteString(strayKeysDoc)
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

// strayKeysDoc is the rule for keys and pastes that were not meant for
// what is on the screen (issue 12, M1), with the guard's length from the
// code.
var strayKeysDoc = fmt.Sprintf(`
## Stray keys and pastes

No key is dropped silently, and no key that was not meant for the screen acts on it:

- While a dialog saves, the keys typed stay with it: they are not taken, and the dialog counts
  them under "Saving..." ("3 keys not taken: typed while the dialog was saving"); the status line
  repeats the count with the engine's answer. They never fall through to the screen below.
- For %d ms after a dialog closes (recorded or cancelled), after a paste ends, and after the incident
  screen opens from the home screen, keys do not act on the screen: they are counted and the status
  line says so. Each key held back starts the %d ms again, so a burst of type-ahead is held back
  whole, up to the first pause. %d ms is longer than the gap between two keys of one burst of typing
  and shorter than the time a person takes to see that the screen changed. A dialog revealed under
  the closing one (a note under the quit confirmation) takes their text as typing, never as a command.
  ctrl+c always asks to quit.
- A digit on the triage pane moves the cursor to that option; only enter answers. For %d ms after
  an answer or a revision is recorded, enter does not answer the question that replaced it (a key
  bounce, a double press): it is counted and the status line says so, and each one starts the %d ms
  again. Other keys, digits included, act.
- A paste is text for the focused text field of the dialog, whatever it holds (newlines, escape
  sequences, an early end-of-paste marker): it takes the text field's focus, escape sequences and
  controls are removed, and the keys that follow the paste at once (what came after an early
  end-of-paste marker) are typed into the field as text or, if they are not text (esc, ctrl+s, tab),
  held back and counted; they never record nor close the dialog. On a screen without a text field a
  paste does nothing but say so.
- A text field holds %d characters (a kanji or kana counts two); a paste or typing beyond that says
  how much was kept, never cutting silently. A journal line could hold far more (16 MiB), but a
  note is read on a screen.
`, keyGuard.Milliseconds(), keyGuard.Milliseconds(), keyGuard.Milliseconds(), keyGuard.Milliseconds(), keyGuard.Milliseconds(), textLimit)

// TestKeysDoc: docs/keys.md is what the declarations say; -update
// rewrites it.
func TestKeysDoc(t *testing.T) {
	testkit.Golden(t, "../docs/keys.md", []byte(keysMarkdown()))
}
