package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestRolledAndNotApplicableInDutyView: a duty whose due time rolled off a
// closed day says where it fell and where it moved (DORA's weekend rule,
// RTS 2025/301 Art. 5(4)); a duty whose law did not apply yet (CRA Art.
// 14 before 2026-09-11) is listed as not applicable, with the date, and
// its view says nothing is owed. In English and in Japanese, in golden
// frames at 100x30 and within 80x24.
func TestRolledAndNotApplicableInDutyView(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	rb, diags := runbook.LoadFile("../testdata/incident/roll.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		lang          string
		rolled, badge string
		notApplicable string
	}{
		{i18n.English, "rolled from 2027-02-28 10:00, a closed day (weekend or holiday), to the next working day",
			"not applicable (from 2026-09-11)", "Not applicable: the law applies from 2026-09-11"},
		{i18n.Japanese, "本来の期限 2027-02-28 10:00 が休業日（週末・祝日）のため",
			"適用対象外（2026-09-11 から）", "適用対象外：この法令は 2026-09-11 から適用されます。"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			clock := testkit.NewClock(time.Date(2027, 1, 31, 12, 0, 0, 0, berlin))
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			must(t, s.StampAt("sato", "submitted", time.Date(2027, 1, 31, 10, 0, 0, 0, berlin)))
			must(t, s.StampAt("sato", "aware", time.Date(2026, 9, 10, 21, 0, 0, 0, berlin)))
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 100, 30)
			h.focusDuty("final")
			h.require(tc.rolled, "2027-03-01 12:00")
			requireFrame(t, "duty-rolled-"+tc.lang, h.m.View().Content)
			h.focusDuty("early-warning")
			h.require(tc.badge, tc.notApplicable)
			requireFrame(t, "duty-not-applicable-"+tc.lang, h.m.View().Content)
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			checkFrame(t, "not applicable", h.m.View(), 80, 24)
		})
	}
}
