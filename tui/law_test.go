package tui

import (
	"testing"
	"testing/fstest"

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
