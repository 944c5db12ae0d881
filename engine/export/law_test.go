package export

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestPendingRegimeExported: a duty of a regime not yet in force (an
// included file with status = "pending") says so in the postmortem and
// the JSON export, with the source of its clock, in every language.
func TestPendingRegimeExported(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
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
title = "CIRCIA"
status = "pending"
[parties.cisa]
title = "CISA"
kind = "authority"
means = [ { by = "form", to = "https://cisa.example/report" } ]
[[duties]]
id = "circia-72h"
title = "Report to CISA"
on = "opened"
who = "ic"
contacts = "cisa"
within = "72h"
source = "6 U.S.C. 681b(a)(1)"
`)},
	}
	rb, diags := runbook.LoadFS(fsys, "runbook.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: testkit.NewClock(start),
		ID: "INC-20261125-C1A0", UUID: "019a0000-0000-7000-8000-00000000c1a0"})
	must(t, err)
	dir := s.Dir()
	must(t, s.Detach())
	in := readInput(t, dir)
	for _, tc := range []struct{ format, lang, want string }{
		{"md", "en", "| Report to CISA (not yet in force) |"},
		{"md", "ja", "| Report to CISA（未施行） |"},
		{"json", "en", `"source": "6 U.S.C. 681b(a)(1)",
      "pending": true`},
	} {
		var out bytes.Buffer
		must(t, Write(&out, tc.format, in, Options{Lang: tc.lang}))
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s in %s lacks %q:\n%s", tc.format, tc.lang, tc.want, out.String())
		}
	}
}
