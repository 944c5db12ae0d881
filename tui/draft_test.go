package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// A duty that files a regulator's report says in its view how many of the
// report's items are still empty, names those that are not its own fields
// (an earlier report's submission, a milestone), and how to export the
// draft; filling a field in takes it off the count. In English and in
// Japanese, and within 80x24.
func TestDutyShowsDraftGaps(t *testing.T) {
	for _, tc := range []struct {
		lang, duty, field   string
		before, after, hint string
	}{
		{i18n.English, "gdpr-33-authority", "gdpr-nature", "Draft gdpr-33: 8 items still empty, all fields below",
			"Draft gdpr-33: 7 items still empty", "shodo export " + openID + " --format report --regime gdpr-33"},
		{i18n.English, "nis2-notification", "nis2-update",
			"Draft nis2-notification: 3 items still empty: the empty fields below, and When the early warning",
			"Draft nis2-notification: 2 items still empty: the empty fields below, and When the early warning",
			"--regime nis2-notification"},
		{i18n.Japanese, "gdpr-33-authority", "gdpr-nature", "報告書の下書き（gdpr-33）：未記入 8 項目（いずれも下の報告項目）",
			"報告書の下書き（gdpr-33）：未記入 7 項目", "--format report --regime gdpr-33"},
		{i18n.Japanese, "nis2-notification", "nis2-update",
			"報告書の下書き（nis2-notification）：未記入 3 項目（下の未記入の報告項目と、早期警告の提出日時）",
			"報告書の下書き（nis2-notification）：未記入 2 項目", "下書きの書き出し"},
	} {
		t.Run(tc.lang+"/"+tc.duty, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, loadRunbook(t, "eu-financial-incident.toml"), clock)
			must(t, s.Stamp("sato", "gdpr-aware"))
			must(t, s.Stamp("sato", "nis2-aware"))
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 100, 60)
			h.focusDuty(tc.duty)
			h.require(tc.before, tc.hint)
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			checkFrame(t, "draft gaps", h.m.View(), 80, 24)
			h.send(tea.WindowSizeMsg{Width: 100, Height: 60})
			must(t, s.SetField("kato", tc.duty, tc.field, []string{"exfiltration"}))
			h.m.applyState(s.State())
			h.require(tc.after)
		})
	}
}
