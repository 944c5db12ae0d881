package tui

import (
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// newContent opens testdata/incident/content.toml, whose duties carry a
// checklist and an approval, in lang.
func newContent(t *testing.T, lang string, w, h int) (*harness, *incident.Session) {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, loadRunbook(t, "../../incident/content.toml"), clock)
	return newIncidentHarness(t, quiet{s}, lang, clock, w, h), s
}

// The checklist in the duty view: t opens it, enter ticks the item under
// the cursor and enter again takes the tick back, each recorded; the view
// counts the ticks and marks each item.
func TestChecklistKeys(t *testing.T) {
	h, _ := newContent(t, i18n.English, 100, 30)
	h.focusDuty("vendor-first-call")
	h.require("Checklist: 0 of 3 ticked (t ticks)", "[ ] What failed, and since when (required)")
	h.key("t")
	h.require("Checklist: Vendor's first report", "Item (enter ticks it")
	h.key("enter")
	if m := h.state().Duty("vendor-first-call").Mark("what-failed"); !m.Ticked || m.Actor != "sato" {
		t.Fatalf("what-failed: %+v, want ticked by sato", m)
	}
	h.require("Checklist: 1 of 3 ticked", "[x] What failed, and since when (required)")
	h.key("t")
	h.require("[x] What failed, and since when (required)  ticked by sato")
	h.key("enter")
	if h.state().Duty("vendor-first-call").Mark("what-failed").Ticked {
		t.Fatal("the second enter did not take the tick back")
	}
	if got := h.lastEvent().Type; got != incident.TypeItemUnticked {
		t.Errorf("last event %s, want %s", got, incident.TypeItemUnticked)
	}
}

// Marking a duty done with required items unticked says which in the
// dialog before anything is recorded; recording it is the person's word,
// and the journal names the items left.
func TestDoneAsksAboutUntickedItems(t *testing.T) {
	h, _ := newContent(t, i18n.English, 100, 30)
	h.focusDuty("vendor-first-call")
	h.key("d")
	h.require("2 required checklist items are not ticked: What failed, and since when; What they checked.")
	h.key("enter")
	p, ok := h.lastEvent().Data.(incident.DutyDone)
	if !ok || len(p.Unticked) != 2 {
		t.Fatalf("last event %+v, want duty.done naming two items left", h.lastEvent())
	}
}

// A duty that needs an approval: d says why it cannot be done yet, A
// approves it in the runbook's role, and then d marks it done.
func TestApprovalKeys(t *testing.T) {
	h, _ := newContent(t, i18n.English, 100, 30)
	h.focusDuty("customer-notice")
	h.require("Needs approval by Incident commander [Alice] before it can be done (A approves)")
	before := len(h.state().Events)
	h.key("d")
	if len(h.state().Events) != before || h.m.dialog() != nil {
		t.Fatal("d acted on a duty that waits for its approval")
	}
	h.require("waits for approval by Incident commander [Alice]")
	h.key("A")
	h.require("Approve: First notice to customers", "You approve as:", "Incident commander [Alice]")
	h.key("enter")
	a := h.state().Duty("customer-notice").Approved
	if a == nil || a.Actor != "sato" || a.Role != "ic" {
		t.Fatalf("approval %+v, want sato as ic", a)
	}
	h.require("Approved by sato as Incident commander [Alice] at")
	h.key("d")
	h.key("enter")
	if d := h.state().Duty("customer-notice"); d.Status != incident.StatusDone {
		t.Fatalf("customer-notice %s after approval and d, want done", d.Status)
	}
}

// The same screens in Japanese and at 80x24 keep within the terminal.
func TestContentFitsInJapanese(t *testing.T) {
	h, _ := newContent(t, i18n.Japanese, 80, 24)
	h.focusDuty("vendor-first-call")
	h.require("チェックリスト：3 項目中 0 項目済み")
	h.key("t")
	h.require("チェックリスト：Vendor's first report")
	checkFrame(t, "content", h.m.View(), 80, 24)
	h.key("esc")
	h.key("home")
	h.focusDuty("customer-notice")
	h.key("A")
	h.require("承認する立場：")
	checkFrame(t, "content", h.m.View(), 80, 24)
}

// The start confirmation of a runbook with preparation items lists them
// after the duties that start: who keeps each, and when it was checked —
// flagged once older than the runbook allows.
func TestStartShowsPreparation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		offset time.Duration // from the clock of newHome
		want   []string
	}{
		{"checked", 0, []string{"3 preparation items, to have in place:",
			"- Two people can sign in to the Sorano Cloud console", "    Incident commander, checked 2026-11-20"}},
		{"due for a check a year on", 400 * 24 * time.Hour, []string{"last checked 2026-11-20: due for a check"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			local := t.TempDir()
			for _, name := range []string{"cloud-service-outage.toml", "contacts.toml"} {
				b, err := fs.ReadFile(runbooks.FS, name)
				must(t, err)
				writeFile(t, filepath.Join(local, name), string(b))
			}
			h, clock := newHome(t, t.TempDir(), local)
			clock.Advance(tc.offset)
			h.send(sizeMsg(140, 40))
			for range 30 {
				it := h.m.home.items()[h.m.home.cursor]
				if it.kind == itemRunbook && h.m.home.runbooks[it.i].rb.ID == "cloud-service-outage" {
					break
				}
				h.key("down")
			}
			h.key("enter")
			h.require(append([]string{"Open an incident on this runbook?"}, tc.want...)...)
			checkFrame(t, "start with preparation", h.m.View(), 140, 40)
		})
	}
}
