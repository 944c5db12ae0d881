package tui

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// A duty without a hard due time (a target only, or asap) is never shown
// overdue: it counts to its target, then past it as a soft warning, or up
// from its start.
func TestCountdownKinds(t *testing.T) {
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		duty incident.Duty
		now  time.Time
		kind countdownKind
		dur  time.Duration
	}{
		{"due in an hour", incident.Duty{Started: start, Due: start.Add(time.Hour)}, start, countdownNormal, time.Hour},
		{"last quarter", incident.Duty{Started: start, Due: start.Add(time.Hour)}, start.Add(50 * time.Minute), countdownSoon, 10 * time.Minute},
		{"overdue", incident.Duty{Started: start, Due: start.Add(time.Hour)}, start.Add(2 * time.Hour), countdownOver, time.Hour},
		{"target ahead", incident.Duty{Started: start, Target: start.Add(7 * 24 * time.Hour)}, start.Add(time.Hour), countdownTarget, 167 * time.Hour},
		{"target passed", incident.Duty{Started: start, Target: start.Add(time.Hour)}, start.Add(3 * time.Hour), countdownPastTarget, 2 * time.Hour},
		{"asap", incident.Duty{Started: start, ASAP: true}, start.Add(90 * time.Minute), countdownASAP, 90 * time.Minute},
		{"asap long after", incident.Duty{Started: start, ASAP: true}, start.Add(400 * 24 * time.Hour), countdownASAP, 400 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, dur := countdown(&tt.duty, tt.now)
			if kind != tt.kind || dur != tt.dur {
				t.Errorf("countdown = %d, %v; want %d, %v", kind, dur, tt.kind, tt.dur)
			}
		})
	}
}

// Every verdict outcome and capability the drill package scores has its
// short words on the score screen, in every language.
func TestScoreWordsForEveryCode(t *testing.T) {
	outcomes := []drill.VerdictOutcome{drill.VerdictCorrect, drill.VerdictWrong, drill.VerdictFalseAlarm,
		drill.VerdictMissedSecurity, drill.VerdictNone, drill.VerdictUnscored}
	for _, l := range i18n.Languages() {
		tx := i18n.New(l.Code)
		for _, o := range outcomes {
			if id := "tui.score.outcome." + string(o); !tx.Has(id) {
				t.Errorf("%s: no %s", l.Code, id)
			}
		}
		for _, c := range drill.Capabilities() {
			if id := "tui.score.capability." + string(c); !tx.Has(id) {
				t.Errorf("%s: no %s", l.Code, id)
			}
		}
	}
}
