package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// newFields opens testdata/incident/fields.toml in lang with the leak
// verdict reached: the preliminary report to the PPC runs, with fields of
// every kind.
func newFields(t *testing.T, lang string, w, h int) (*harness, *incident.Session) {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, loadRunbook(t, "../../incident/fields.toml"), clock)
	must(t, s.Answer("sato", "symptom", "leak"))
	return newIncidentHarness(t, quiet{s}, lang, clock, w, h), s
}

// The duty view lists the report's fields, each with its value or
// "empty"; e opens the dialog, which fills the field under the cursor
// with what was typed, checked against its kind: a number that is none is
// refused in words and nothing is recorded, and a value that fits is.
func TestFieldKeys(t *testing.T) {
	h, _ := newFields(t, i18n.English, 100, 30)
	h.focusDuty("ppc-preliminary")
	h.require("Report: 0 of 6 fields filled in (e fills one)", "Summary (required): empty", "Number of people affected (required): empty")
	h.key("e")
	h.require("Report fields: Preliminary report to the PPC", "Field:", "Value (enter records it")
	h.key("down")
	h.require("a number, e.g. 1200")
	h.typeText("many")
	h.key("enter")
	h.require(`"records" is not a number: "many"`)
	if v := h.state().Duty("ppc-preliminary").FieldValue("records"); v.Filled() {
		t.Fatalf("a refused value was recorded: %+v", v)
	}
	h.key("esc")
	h.key("e")
	h.key("down")
	h.typeText("1,200")
	h.key("enter")
	if v := h.state().Duty("ppc-preliminary").FieldValue("records"); v.Value != "1200" || v.Actor != "sato" {
		t.Fatalf("records: %+v, want 1200 by sato", v)
	}
	h.require("Report: 1 of 6 fields filled in", "Number of people affected (required): 1200")

	// A list takes entries separated by commas; a bool the reader's yes.
	h.key("e")
	h.burst("down", "down", "down")
	h.typeText("name, address")
	h.key("enter")
	h.key("e")
	h.burst("down", "down", "down", "down", "down")
	h.typeText("no")
	h.key("enter")
	h.require("Kinds of personal data: name; address", "Was the data encrypted?: no")

	// Enter with nothing typed clears a field that has a value.
	h.key("e")
	h.key("down")
	h.key("enter")
	if v := h.state().Duty("ppc-preliminary").FieldValue("records"); v.Filled() || v.Seq == 0 {
		t.Fatalf("records after clearing: %+v", v)
	}
}

// Marking the report done with required fields empty says which, as for
// unticked items; recording it is the person's word, and the journal
// names the fields left.
func TestDoneAsksAboutEmptyFields(t *testing.T) {
	h, _ := newFields(t, i18n.English, 100, 30)
	h.focusDuty("ppc-preliminary")
	h.key("d")
	h.require("2 required report fields are empty: Summary; Number of people affected.")
	h.key("enter")
	p, ok := h.lastEvent().Data.(incident.DutyDone)
	if !ok || len(p.Empty) != 2 {
		t.Fatalf("last event %+v, want duty.done naming two fields left", h.lastEvent())
	}
}

// {field.<id>} in another duty's message is the field's value once filled
// in, and says it is not filled in before.
func TestFieldPlaceholder(t *testing.T) {
	h, s := newFields(t, i18n.English, 100, 30)
	d := h.state().Duty("notify-people")
	if got, want := h.m.fillMessage(d), "the personal data of [not filled in yet: Number of people affected] people"; !strings.Contains(got, want) {
		t.Fatalf("before: %q, want %q in it", got, want)
	}
	must(t, s.SetField("sato", "ppc-preliminary", "records", []string{"1200"}))
	h.m.applyState(s.State())
	if got, want := h.m.fillMessage(h.state().Duty("notify-people")), "the personal data of 1200 people"; !strings.Contains(got, want) {
		t.Fatalf("after: %q, want %q in it", got, want)
	}
}

// The same screens in Japanese and at 80x24 keep within the terminal.
func TestFieldsFitInJapanese(t *testing.T) {
	h, _ := newFields(t, i18n.Japanese, 80, 24)
	h.focusDuty("ppc-preliminary")
	h.require("報告項目：6 項目中 0 項目記入済み（e で記入）", "Summary（必須）：未記入")
	checkFrame(t, "fields", h.m.View(), 80, 24)
	h.key("e")
	h.require("報告項目：Preliminary report to the PPC", "記入する値")
	checkFrame(t, "fields dialog", h.m.View(), 80, 24)
}

// A label as long as the APPI's wraps in the duty view, so that the value
// after it stays in sight at 80 columns; no line is wider than the pane.
func TestLongFieldLabelWraps(t *testing.T) {
	h, s := newFields(t, i18n.Japanese, 80, 24)
	must(t, s.SetField("sato", "ppc-preliminary", "records", []string{"203"}))
	h.m.applyState(s.State())
	d := h.state().Duty("ppc-preliminary")
	spec := *d.Spec
	long := *spec.Fields[1]
	long.Label = "漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数"
	spec.Fields = append([]*runbook.Field{spec.Fields[0], &long}, spec.Fields[2:]...)
	d.Spec = &spec
	lines := h.m.reportFieldLines(d, 60)
	joined := ansi.Strip(strings.Join(lines, "\n"))
	if !strings.Contains(joined, "203") || !strings.Contains(joined, "（必須）") {
		t.Fatalf("the value is out of sight:\n%s", joined)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line of %d cells in a pane of 60: %q", w, l)
		}
	}
}

// On a done duty e corrects the report that went out: the dialog says so
// before anything is typed, the correction is recorded with the value it
// replaces, and the duty view marks the field corrected. A waived duty's
// fields stay as they were, and a closed incident takes no correction.
func TestCorrectFieldAfterDone(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			tx := i18n.New(lang)
			h, s := newFields(t, lang, 180, 40)
			must(t, s.SetField("sato", "ppc-preliminary", "summary", []string{"The customer list leaked."}))
			must(t, s.SetField("sato", "ppc-preliminary", "records", []string{"1200"}))
			must(t, s.DutyDone("sato", "ppc-preliminary", "form", ""))
			h.m.applyState(s.State())
			h.focusDuty("ppc-preliminary")
			h.require(tx.T("tui.keys.correct"))
			h.key("e")
			h.require(tx.T("tui.dialog.fields-correct-title", "Duty", "Preliminary report to the PPC"), tx.T("tui.dialog.fields-correct-value"))
			h.key("down")
			h.typeText("1,350")
			h.key("enter")
			p, ok := h.lastEvent().Data.(incident.FieldSet)
			if !ok || !p.Correction || p.Value != "1350" || p.Was != "1200" {
				t.Fatalf("last event %+v, want a correction of records from 1200 to 1350", h.lastEvent())
			}
			if d := h.state().Duty("ppc-preliminary"); d.Status != incident.StatusDone {
				t.Errorf("the duty is %s after a correction, want done", d.Status)
			}
			h.require(tx.T("tui.field.corrected", "Label", tx.T("tui.duty.item-required", "Text", "Number of people affected"), "Value", "1350"))

			must(t, s.Waive("sato", "notify-people", "the PPC asked us to wait"))
			must(t, s.Close("sato", "Reported, then corrected."))
			h.m.applyState(s.State())
			n := len(h.state().Events)
			h.key("e")
			h.require(tx.T("tui.why.closed"))
			if len(h.state().Events) != n {
				t.Fatalf("a closed incident took a correction: %+v", h.lastEvent())
			}
		})
	}
}
