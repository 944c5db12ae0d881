package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
)

// The evidence register on the screen (e): the runbook's evidence list,
// each entry missing or answered, and every artefact registered with
// where it is kept and who holds it. From it, a adds an artefact (what,
// where, SHA-256, size, who collected it; or the SHA-256 and size
// computed from a local file, in a command that never blocks the screen),
// t records a hand-over or a copy of the one under the cursor, and v
// hashes its file again where it is kept and records whether it matched
// (or was missing).

// evidenceDialog is the register: a list to read, with the keys that
// record.
type evidenceDialog struct {
	heading string
	cursor  int // the artefact under the cursor
	// checking is the artefact whose file is being hashed again (v), so
	// that a second v does not record a second check meanwhile.
	checking string
}

func newEvidenceDialog(m *Model) *evidenceDialog {
	return &evidenceDialog{heading: m.tx.T("tui.evidence.title")}
}

func (d *evidenceDialog) title() string { return d.heading }

func (d *evidenceDialog) keys() []key {
	has := func(m *Model) bool { return len(m.inc.st.Evidence) > 0 }
	return []key{
		{keys: []string{"a"}, help: "tui.evidence.key-add", bar: always, off: func(m *Model) string { return m.blocked() },
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.push(newAddEvidenceDialog(m)) }},
		{keys: []string{"t"}, help: "tui.evidence.key-transfer", bar: has,
			off: func(m *Model) string {
				if !has(m) {
					return m.tx.T("tui.why.no-evidence")
				}
				return m.blocked()
			},
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				a := m.inc.st.Evidence[clamp(d.cursor, 0, len(m.inc.st.Evidence)-1)]
				return m.push(newTransferDialog(m, &a))
			}},
		{keys: []string{"v"}, help: "tui.evidence.key-check", bar: has,
			off: func(m *Model) string {
				switch a := d.selected(m); {
				case a == nil:
					return m.tx.T("tui.why.no-evidence")
				case a.SHA256 == "":
					return m.tx.T("tui.why.no-hash")
				case m.opt.Remote:
					return m.tx.T("tui.why.served-files")
				case !filepath.IsAbs(filePath(a.Kept)):
					return m.tx.T("tui.why.kept-not-a-path")
				case d.checking != "":
					return m.tx.T("tui.why.checking", "ID", d.checking)
				}
				return m.blocked()
			},
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				a := d.selected(m)
				d.checking = a.ID
				m.setFlash(flashInfo, m.tx.T("tui.evidence.checking", "ID", a.ID, "Path", oneLine(filePath(a.Kept))))
				return recheckFile(a.ID, a.Kept)
			}},
		{keys: []string{"up", "k", "down", "j"}, label: "up/dn", help: "tui.keys.move", bar: has,
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
				step := 1
				if up(msg) {
					step = -1
				}
				d.cursor = clamp(d.cursor+step, 0, len(m.inc.st.Evidence)-1)
				return nil
			}},
		{keys: []string{"esc", "q"}, help: "tui.keys.back", bar: always,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
	}
}

func (d *evidenceDialog) update(m *Model, msg tea.KeyPressMsg) tea.Cmd { return nil }

// selected is the artefact under the cursor; nil while none is registered.
func (d *evidenceDialog) selected(m *Model) *incident.Artefact {
	if len(m.inc.st.Evidence) == 0 {
		return nil
	}
	return &m.inc.st.Evidence[clamp(d.cursor, 0, len(m.inc.st.Evidence)-1)]
}

func (d *evidenceDialog) view(m *Model, w, h int) []string {
	s, st := m.st, m.inc.st
	var lines []string
	if expected := st.ExpectedEvidence(); len(expected) > 0 {
		lines = append(lines, s.bold.Render(cut(m.tx.T("tui.evidence.expected"), w)))
		// The status comes first: a long "what" is cut at the edge, the
		// word that matters at 3 a.m. is not.
		for _, x := range expected {
			what := oneLine(x.What)
			switch {
			case x.Missing() && x.Required:
				lines = append(lines, s.warn.Render(cut("  [ ] "+m.tx.T("tui.evidence.missing-required", "What", what), w)))
			case x.Missing():
				lines = append(lines, cut("  [ ] "+m.tx.T("tui.evidence.missing", "What", what), w))
			default:
				lines = append(lines, cut("  [x] "+m.tx.T("tui.evidence.answered", "What", what, "IDs", strings.Join(x.Artefacts, ", ")), w))
			}
		}
		lines = append(lines, "")
	}
	lines = append(lines, s.bold.Render(cut(m.tx.T("tui.evidence.registered", "Count", len(st.Evidence)), w)))
	if len(st.Evidence) == 0 {
		lines = append(lines, s.subtle.Render(cut("  "+m.tx.T("tui.evidence.none"), w)))
	}
	d.cursor = clamp(d.cursor, 0, max(0, len(st.Evidence)-1))
	// The list scrolls to keep the cursor and its details in view.
	room := max(3, h-len(lines)-3)
	from := clamp(d.cursor-room/2, 0, max(0, len(st.Evidence)-room+2))
	for i := from; i < len(st.Evidence) && len(lines) < h-1; i++ {
		a := &st.Evidence[i]
		line := m.tx.T("tui.evidence.row", "ID", a.ID, "What", oneLine(a.What), "Held", oneLine(strings.Join(a.Holders, ", ")))
		if k, ok := a.LastCheck(); ok && k.Failed() && i != d.cursor {
			// A failed check shows on its row even off the cursor, its
			// word first so that a cut row still says it.
			lines = append(lines, s.alert.Render(cut("  "+m.checkFlag(k)+" "+line, w)))
			continue
		}
		if i != d.cursor {
			lines = append(lines, cut("  "+line, w))
			continue
		}
		lines = append(lines, s.selected.Render(fit("> "+line, w)))
		for _, detail := range m.artefactDetails(a) {
			lines = append(lines, cut("    "+detail, w))
		}
	}
	return limit(lines, h)
}

// artefactDetails are the lines under the artefact under the cursor:
// its hash, where it is kept, who collected it and when, and its last
// hand-over or check.
func (m *Model) artefactDetails(a *incident.Artefact) []string {
	hash := m.tx.T("tui.evidence.no-hash")
	if a.SHA256 != "" {
		hash = "SHA-256 " + a.SHA256
		if a.Size > 0 {
			hash += " · " + m.tx.T("tui.evidence.bytes", "Size", strconv.FormatInt(a.Size, 10))
		}
	}
	out := []string{hash,
		m.tx.T("tui.evidence.kept", "Where", oneLine(a.Kept)),
		m.tx.T("tui.evidence.collected", "By", oneLine(a.Collector), "Time", m.stamp(a.CollectedAt()))}
	if n := len(a.Custody); n > 0 {
		t := a.Custody[n-1]
		out = append(out, m.tx.T("tui.evidence.last-transfer", "Count", n, "From", oneLine(t.From), "To", oneLine(t.To), "Time", m.stamp(t.Time)))
	}
	if k, ok := a.LastCheck(); ok {
		out = append(out, m.checkLine(k))
	}
	return out
}

// checkFlag is the word a row with a failed last check starts with.
func (m *Model) checkFlag(k incident.Check) string {
	if k.Missing {
		return m.tx.T("tui.evidence.flag-missing")
	}
	return m.tx.T("tui.evidence.flag-mismatch")
}

// checkLine says how the artefact's last check came out: a mismatch or a
// missing file plainly, in the alert colour; a match quietly.
func (m *Model) checkLine(k incident.Check) string {
	at := m.stamp(k.Time)
	switch {
	case k.Missing && k.Where != "":
		return m.st.alert.Render(m.tx.T("tui.evidence.missing-at", "Time", at, "Where", oneLine(k.Where)))
	case k.Missing:
		return m.st.alert.Render(m.tx.T("tui.evidence.missing-check", "Time", at))
	case !k.Match:
		return m.st.alert.Render(m.tx.T("tui.evidence.mismatch", "Time", at))
	}
	return m.st.ok.Render(m.tx.T("tui.evidence.matched", "Time", at))
}

// fieldsForm is a dialog of lists to pick from and several one-line text
// fields, sent to the engine as one action: the evidence dialogs, which
// need more than a form's one text field. It keeps what was typed while
// the engine saves, and after a refusal.
type fieldsForm struct {
	heading string
	lists   []choiceList
	inputs  []textField
	focused int // the focused list, then input: len(lists)+i
	err     string
	note    string // what the dialog is doing meanwhile (hashing a file)
	hashed  string // the file whose hash and size fill the fields
	saving  bool
	action  func(f *fieldsForm) (action, bool)
	// enter, when set, may take enter on the focused field for itself
	// (hash the file typed there); ok false leaves it to record.
	enter func(m *Model, f *fieldsForm) (cmd tea.Cmd, ok bool)
}

// textField is one labelled line of a fieldsForm.
type textField struct {
	label    string
	required bool
	input    textarea.Model
}

func newFieldsForm(m *Model, f fieldsForm, labels ...string) *fieldsForm {
	for _, l := range labels {
		required := strings.HasSuffix(l, "*")
		in := newInput(m.dark)
		in.SetHeight(1)
		in.CharLimit = 1000
		f.inputs = append(f.inputs, textField{label: strings.TrimSuffix(l, "*"), required: required, input: in})
	}
	return &f
}

func (f *fieldsForm) title() string { return f.heading }

func (f *fieldsForm) fields() int { return len(f.lists) + len(f.inputs) }

func (f *fieldsForm) input() *textarea.Model {
	if i := f.focused - len(f.lists); i >= 0 && i < len(f.inputs) {
		return &f.inputs[i].input
	}
	return nil
}

// value is what was typed in input i, trimmed.
func (f *fieldsForm) value(i int) string { return strings.TrimSpace(f.inputs[i].input.Value()) }

func (f *fieldsForm) set(i int, s string) { f.inputs[i].input.SetValue(s) }

func (f *fieldsForm) start() tea.Cmd { return f.focus(0) }

// focus moves the focus by delta, wrapping around.
func (f *fieldsForm) focus(delta int) tea.Cmd {
	if in := f.input(); in != nil {
		in.Blur()
	}
	f.focused = (f.focused + delta + f.fields()) % f.fields()
	if in := f.input(); in != nil {
		return in.Focus()
	}
	return nil
}

func (f *fieldsForm) submitting() bool  { return f.saving }
func (f *fieldsForm) failed(why string) { f.saving, f.err = false, why }
func (f *fieldsForm) refused(why string) {
	if !f.saving {
		f.err = why
	}
}

func (f *fieldsForm) draft() bool {
	for i := range f.inputs {
		if f.value(i) != "" {
			return true
		}
	}
	return false
}

func (f *fieldsForm) restyle(dark bool) {
	for i := range f.inputs {
		f.inputs[i].input.SetStyles(inputStyles(dark))
	}
}

// resize fits each input beside its label.
func (f *fieldsForm) resize(w, _ int) {
	lw := f.labelWidth()
	for i := range f.inputs {
		f.inputs[i].input.SetWidth(max(4, w-lw-1))
	}
}

func (f *fieldsForm) labelWidth() int {
	lw := 0
	for _, in := range f.inputs {
		lw = max(lw, width(in.label)+2)
	}
	return lw
}

// paste puts pasted text, on one line, into the focused text field (the
// first one when a list has the focus).
func (f *fieldsForm) paste(m *Model, msg tea.PasteMsg) (tea.Cmd, bool) {
	var cmd tea.Cmd
	if f.input() == nil {
		cmd = f.focus(len(f.lists) - f.focused)
	}
	f.input().InsertString(strings.ReplaceAll(Sanitize(msg.Content), "\n", " "))
	f.err = ""
	return cmd, true
}

func (f *fieldsForm) typeText(_ *Model, text string) bool {
	if text == "\n" || f.input() == nil {
		return false
	}
	f.input().InsertString(Sanitize(text))
	return true
}

func (f *fieldsForm) keys() []key {
	idle := func(*Model) bool { return !f.saving }
	return []key{
		{keys: []string{"enter", "ctrl+s"}, help: "tui.keys.submit", bar: always,
			off: func(m *Model) string {
				if f.saving {
					return m.tx.T("tui.why.saving")
				}
				return m.blocked()
			},
			do: func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
				if f.enter != nil && msg.String() == "enter" {
					if cmd, ok := f.enter(m, f); ok {
						return cmd
					}
				}
				return f.submit(m)
			}},
		{keys: []string{"esc"}, help: "tui.keys.cancel", bar: always, when: idle,
			do: func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pop(); return nil }},
		{keys: []string{"tab", "shift+tab"}, label: "tab", help: "tui.keys.field", bar: always, when: idle,
			do: func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
				if up(msg) {
					return f.focus(-1)
				}
				return f.focus(1)
			}},
		{keys: []string{"up", "down"}, label: "up/dn", help: "tui.keys.choose", bar: func(*Model) bool { return f.input() == nil },
			when: idle, do: func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
				if f.input() != nil {
					// On a text field the arrows move between fields.
					if up(msg) {
						return f.focus(-1)
					}
					return f.focus(1)
				}
				l := &f.lists[f.focused]
				step := 1
				if up(msg) {
					step = -1
				}
				l.cursor = clamp(l.cursor+step, 0, len(l.items)-1)
				return nil
			}},
	}
}

// update types into the focused text field; text typed while a list has
// the focus goes to the first text field.
func (f *fieldsForm) update(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
	if f.saving {
		return nil
	}
	var focus tea.Cmd
	if f.input() == nil {
		if msg.Text == "" {
			return nil
		}
		focus = f.focus(len(f.lists) - f.focused)
	}
	in := f.input()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	f.err = ""
	return tea.Batch(focus, cmd)
}

// submit checks the required fields and sends the action to the engine.
func (f *fieldsForm) submit(m *Model) tea.Cmd {
	if f.saving || f.action == nil {
		return nil
	}
	a, ok := f.action(f)
	if !ok {
		return nil
	}
	f.saving, f.err = true, ""
	return m.do(a)
}

// missing says which required field is empty, focusing it; false when
// none is.
func (f *fieldsForm) missing(m *Model, except ...int) bool {
	for i, in := range f.inputs {
		if in.required && f.value(i) == "" && !containsInt(except, i) {
			f.focus(len(f.lists) + i - f.focused)
			f.err = m.tx.T("tui.evidence.required", "Field", in.label)
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (f *fieldsForm) view(m *Model, w, h int) []string {
	s := m.st
	var lines []string
	room := h - len(f.inputs) - 3
	for i, l := range f.lists {
		title := l.title
		if i == f.focused {
			title = s.bold.Render(title)
		}
		lines = append(lines, cut(title, w))
		show := max(1, room/max(1, len(f.lists)-i)-1)
		from := clamp(l.cursor-show+1, 0, max(0, len(l.items)-show))
		for j := from; j < min(len(l.items), from+show); j++ {
			text := l.items[j].label
			switch {
			case j == l.cursor && i == f.focused:
				lines = append(lines, s.selected.Render(fit("> "+text, w)))
			case j == l.cursor:
				lines = append(lines, s.bold.Render(cut("* "+text, w)))
			default:
				lines = append(lines, cut("  "+text, w))
			}
		}
		room -= 1 + min(len(l.items), show)
	}
	lw := f.labelWidth()
	for i, in := range f.inputs {
		label := in.label
		if in.required {
			label += "*"
		}
		label = fit(label, lw)
		if len(f.lists)+i == f.focused {
			label = s.bold.Render(label)
		}
		lines = append(lines, cut(label+strings.Split(in.input.View(), "\n")[0], w))
	}
	if f.note != "" {
		lines = append(lines, s.subtle.Render(cut(f.note, w)))
	}
	return append(lines, m.bodyLines(nil, f.saving, f.err, w)...)
}

// The add dialog's text fields, in order.
const (
	evWhat = iota
	evWhere
	evFile
	evSHA
	evSize
	evCollector
)

// newAddEvidenceDialog registers an artefact: the evidence entry it
// answers (or none), then what, where, a file to hash, the SHA-256, the
// size and who collected it. Enter on the file field computes the hash
// and size of the file named there (hashFile) and fills them in; the
// entry chosen gives the "what" when none is typed.
func newAddEvidenceDialog(m *Model) *fieldsForm {
	entries := []choice{{id: "", label: m.tx.T("tui.evidence.no-entry")}}
	for _, x := range m.inc.st.ExpectedEvidence() {
		mark := "[ ] "
		if !x.Missing() {
			mark = "[x] "
		}
		entries = append(entries, choice{id: x.ID, label: mark + oneLine(x.What)})
	}
	f := newFieldsForm(m, fieldsForm{heading: m.tx.T("tui.evidence.add-title"),
		lists: []choiceList{{title: m.tx.T("tui.evidence.entry"), items: entries}}},
		m.tx.T("tui.evidence.f-what")+"*", m.tx.T("tui.evidence.f-where")+"*", m.tx.T("tui.evidence.f-file"),
		m.tx.T("tui.evidence.f-sha256"), m.tx.T("tui.evidence.f-size"), m.tx.T("tui.evidence.f-collector"))
	f.inputs[evCollector].input.Placeholder = m.opt.Actor
	entryWhat := func(f *fieldsForm) string {
		id := f.lists[0].items[clamp(f.lists[0].cursor, 0, len(f.lists[0].items)-1)].id
		for _, x := range m.inc.st.ExpectedEvidence() {
			if x.ID == id {
				return x.What
			}
		}
		return ""
	}
	f.enter = func(m *Model, f *fieldsForm) (tea.Cmd, bool) {
		path := filePath(f.value(evFile))
		if f.focused != len(f.lists)+evFile || path == "" || path == f.hashed {
			return nil, false
		}
		if m.opt.Remote {
			f.note, f.err = "", m.tx.T("tui.why.served-files")
			return nil, true
		}
		f.note, f.err = m.tx.T("tui.evidence.hashing", "Path", oneLine(path)), ""
		return hashFile(path), true
	}
	f.action = func(f *fieldsForm) (action, bool) {
		what := f.value(evWhat)
		if what == "" {
			what = entryWhat(f)
			f.set(evWhat, what)
		}
		if f.missing(m) {
			return action{}, false
		}
		var size int64
		if s := f.value(evSize); s != "" {
			n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
			if err != nil {
				f.err = m.tx.T("tui.evidence.bad-size", "Size", s)
				return action{}, false
			}
			size = n
		}
		n := incident.NewEvidence{Expected: f.lists[0].items[clamp(f.lists[0].cursor, 0, len(f.lists[0].items)-1)].id,
			What: what, Where: f.value(evWhere), SHA256: f.value(evSHA), Size: size, Collector: f.value(evCollector)}
		return action{kind: actEvidence, label: labelPrefix(m.tx, "tui.evidence.key-add") + oneLine(what), run: func(e engine, actor string) error {
			_, err := e.RegisterEvidence(actor, n)
			return err
		}}, true
	}
	return f
}

// filePath is a path as typed or dropped into a terminal: spaces around
// and the quotes a file manager adds are not part of it.
func filePath(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return s
}

// evidenceHashedMsg is the SHA-256 and size of a file, or why they could
// not be computed.
type evidenceHashedMsg struct {
	path string
	hash string
	size int64
	err  error
}

// hashFile computes a file's SHA-256 and size in a command: a memory
// image of many gigabytes takes minutes, and the screen keeps working
// meanwhile.
func hashFile(path string) tea.Cmd {
	return func() tea.Msg {
		hash, size, err := sha256File(path)
		return evidenceHashedMsg{path: path, hash: hash, size: size, err: err}
	}
}

// sha256File reads a file through and returns its SHA-256 in hex and its
// size.
func sha256File(path string) (string, int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// evidenceRecheckedMsg is an artefact's file hashed again where it is
// kept: its hash, or missing when nothing is there, or why it could not
// be read (then nothing is recorded: an unreadable file is not a missing
// one).
type evidenceRecheckedMsg struct {
	id, path string
	hash     string
	missing  bool
	err      error
}

// recheckFile hashes the file where an artefact is recorded as kept, in a
// command, as hashFile does.
func recheckFile(id, kept string) tea.Cmd {
	path := filePath(kept)
	return func() tea.Msg {
		hash, _, err := sha256File(path)
		if errors.Is(err, fs.ErrNotExist) {
			return evidenceRecheckedMsg{id: id, path: path, missing: true}
		}
		return evidenceRecheckedMsg{id: id, path: path, hash: hash, err: err}
	}
}

// onEvidenceRechecked records what hashing an artefact's file again found
// (evidence.checked: a match, a mismatch or missing), or says why the file
// could not be read.
func (m *Model) onEvidenceRechecked(msg evidenceRecheckedMsg) tea.Cmd {
	for _, dl := range m.dialogs {
		if d, ok := dl.(*evidenceDialog); ok && d.checking == msg.id {
			d.checking = ""
		}
	}
	if msg.err != nil {
		m.setFlash(flashErr, m.tx.T("tui.evidence.check-failed", "ID", msg.id, "Path", oneLine(msg.path), "Error", oneLine(msg.err.Error())))
		return nil
	}
	r := incident.Recheck{Evidence: msg.id, Where: msg.path, SHA256: msg.hash, Missing: msg.missing}
	return m.do(action{kind: actEvidenceCheck, label: labelPrefix(m.tx, "tui.evidence.key-check") + msg.id, run: func(e engine, actor string) error {
		return e.RecheckEvidence(actor, r)
	}})
}

// flashChecked replaces "Recorded" after a check with what the check
// found, a mismatch or a missing file in the error colour and words.
func (m *Model) flashChecked(msg actionMsg) {
	for i := len(msg.st.Events) - 1; i >= 0 && msg.st.Events[i].Seq > msg.before; i-- {
		k, ok := msg.st.Events[i].Data.(incident.EvidenceChecked)
		if !ok {
			continue
		}
		where := oneLine(k.Where)
		switch {
		case k.Missing:
			m.setFlash(flashErr, m.tx.T("tui.evidence.checked-missing", "ID", k.Evidence, "Where", where))
		case !k.Match:
			m.setFlash(flashErr, m.tx.T("tui.evidence.checked-mismatch", "ID", k.Evidence, "Where", where))
		default:
			m.setFlash(flashOK, m.tx.T("tui.evidence.checked-match", "ID", k.Evidence, "Where", where))
		}
		return
	}
}

// onEvidenceHashed fills the hash and size into the add dialog that asked
// for them, if it is still open on the same file.
func (m *Model) onEvidenceHashed(msg evidenceHashedMsg) {
	for _, d := range m.dialogs {
		f, ok := d.(*fieldsForm)
		if !ok || len(f.inputs) <= evCollector || filePath(f.value(evFile)) != msg.path {
			continue
		}
		f.note = ""
		if msg.err != nil {
			f.err = m.tx.T("tui.evidence.hash-failed", "Path", oneLine(msg.path), "Error", oneLine(msg.err.Error()))
			return
		}
		f.hashed = msg.path
		f.set(evSHA, msg.hash)
		f.set(evSize, strconv.FormatInt(msg.size, 10))
		f.note = m.tx.T("tui.evidence.hashed", "Size", strconv.FormatInt(msg.size, 10))
	}
}

// The transfer dialog's text fields, in order.
const (
	trTo = iota
	trHow
	trWhy
	trWhere
)

// newTransferDialog records a hand-over or a copy of an artefact: who
// gives it (one of its holders), whether they hand it over or give a
// copy, to whom, how, why, and where it is kept afterwards.
func newTransferDialog(m *Model, a *incident.Artefact) *fieldsForm {
	var holders []choice
	for _, h := range a.Holders {
		holders = append(holders, choice{id: h, label: oneLine(h)})
	}
	kinds := []choice{{id: "transfer", label: m.tx.T("tui.evidence.hand-over")}, {id: "copy", label: m.tx.T("tui.evidence.copy")}}
	f := newFieldsForm(m, fieldsForm{heading: m.tx.T("tui.evidence.transfer-title", "ID", a.ID, "What", oneLine(a.What)),
		lists: []choiceList{{title: m.tx.T("tui.evidence.from"), items: holders}, {title: m.tx.T("tui.evidence.kind"), items: kinds}}},
		m.tx.T("tui.evidence.f-to")+"*", m.tx.T("tui.evidence.f-how")+"*", m.tx.T("tui.evidence.f-why")+"*", m.tx.T("tui.evidence.f-kept"))
	id := a.ID
	f.action = func(f *fieldsForm) (action, bool) {
		if f.missing(m) {
			return action{}, false
		}
		pick := func(i int) string {
			l := f.lists[i]
			if len(l.items) == 0 {
				return ""
			}
			return l.items[clamp(l.cursor, 0, len(l.items)-1)].id
		}
		t := incident.Transfer{Evidence: id, From: pick(0), To: f.value(trTo), How: f.value(trHow), Why: f.value(trWhy), Where: f.value(trWhere), Copy: pick(1) == "copy"}
		return action{kind: actEvidence, label: labelPrefix(m.tx, "tui.evidence.key-transfer") + fmt.Sprintf("%s → %s", id, oneLine(t.To)), run: func(e engine, actor string) error {
			return e.TransferEvidence(actor, t)
		}}, true
	}
	return f
}
