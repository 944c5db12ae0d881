package tui

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// pendingFS is a runbook that includes a regime not yet in force: its duty
// starts on opening, so the duty view shows it at once.
var pendingFS = fstest.MapFS{
	"runbook.toml": {Data: []byte(`shodo = 2
id = "us-ci"
title = "Critical infrastructure incident"
include = ["circia.toml"]
[roles.ic]
title = "Incident commander"
assignee = "Sato"
[triage]
start = "q"
[triage.nodes.q]
ask = "Covered?"
options = [ { id = "y", label = "Yes", verdict = "covered" } ]
[verdicts.covered]
title = "Covered incident"
security = true
`)},
	"circia.toml": {Data: []byte(`shodo = 2
title = "CIRCIA (final rule pending)"
status = "pending"
reviewed = 2026-12-02
[parties.cisa]
title = "CISA"
kind = "authority"
means = [ { by = "form", to = "https://cisa.example/report" } ]
[[duties]]
id = "circia-72h"
title = "Covered cyber incident report to CISA"
legal = true
on = "opened"
who = "ic"
contacts = "cisa"
by = ["form"]
within = "72h"
source = "6 U.S.C. 681b(a)(1)"
`)},
}

// TestPendingRegimeInDutyView: a duty from a pending regime says, in the
// duty view, that the law is not yet in force, with its source; in every
// language.
func TestPendingRegimeInDutyView(t *testing.T) {
	rb, diags := runbook.LoadFS(pendingFS, "runbook.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{i18n.English, []string{"Not yet in force: CIRCIA (final rule pending) is pending.", "Source: 6 U.S.C. 681b(a)(1)"}},
		{i18n.Japanese, []string{"未施行：CIRCIA (final rule pending) はまだ施行されていません。", "根拠：6 U.S.C. 681b(a)(1)"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 120, 40)
			h.focusDuty("circia-72h")
			h.require(tc.want...)
		})
	}
}

// chainedFS is a legal report whose submission starts the next report's
// clock, as DORA's initial notification starts the intermediate report.
var chainedFS = fstest.MapFS{
	"runbook.toml": {Data: []byte(`shodo = 2
id = "chained"
title = "Chained reports"
[roles.ic]
title = "Incident commander"
assignee = "Sato"
[parties.authority]
title = "Authority"
kind = "regulator"
means = [ { by = "portal", to = "https://authority.example/" } ]
[[duties]]
id = "initial"
title = "Initial notification"
legal = true
on = "opened"
who = "ic"
contacts = "authority"
by = ["portal"]
within = "4h"
[[duties]]
id = "intermediate"
title = "Intermediate report"
legal = true
on = "done:initial"
who = "ic"
contacts = "authority"
by = ["portal"]
within = "72h"
[triage]
start = "q"
[triage.nodes.q]
ask = "Major?"
options = [ { id = "y", label = "Yes", verdict = "major" } ]
[verdicts.major]
title = "Major"
security = true
`)},
}

// TestDoneSubmittedAt: S on a legal duty marks it done with the time the
// report was really submitted, and the report chained on it counts from
// that time, in every language.
func TestDoneSubmittedAt(t *testing.T) {
	rb, diags := runbook.LoadFS(chainedFS, "runbook.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		lang, heading string
	}{
		{i18n.English, "Mark done, submitted at: Initial notification"},
		{i18n.Japanese, "提出時刻を付けて完了にする：Initial notification"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, rb, clock)
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 120, 40)
			clock.Advance(90 * time.Minute)
			h.focusDuty("initial")
			h.key("S")
			h.require(tc.heading)
			h.typeText("1h ago")
			h.key("enter")
			st := s.State()
			if d := st.Duty("initial"); d.Status != incident.StatusDone || !d.Submitted.Equal(t0.Add(30*time.Minute)) {
				t.Fatalf("initial: %s, submitted %v", d.Status, d.Submitted)
			}
			if d := st.Duty("intermediate"); !d.Due.Equal(t0.Add(30*time.Minute + 72*time.Hour)) {
				t.Fatalf("intermediate due %v, want 72 h after the submission", d.Due)
			}
		})
	}
}
