package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// A done undone and a waive reopened with a reason: every export keeps both
// records of each, the decision and its reversal, in the reader's language.
func TestExportsKeepTheReversedDecision(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	clock.Advance(10 * time.Minute)
	must(t, s.DutyDone("sato", "vendor-first-call", "phone", ""))
	clock.Advance(3 * time.Second)
	must(t, s.UndoDuty("sato", "vendor-first-call"))
	clock.Advance(time.Minute)
	must(t, s.Waive("sato", "csirt-heads-up", "the CSIRT lead is in the room"))
	clock.Advance(time.Minute)
	must(t, s.ReopenDuty("suzuki", "csirt-heads-up", "the lead left; send the heads-up"))
	in := readInput(t, s.Dir())

	want := map[string][]string{
		"markdown": {"Done: First call to the maintenance vendor", "Undone: the done of First call to the maintenance vendor", "Waived: Tell the CSIRT", "Reopened: Tell the CSIRT a service is failing (its waive is taken back)", "the lead left; send the heads-up"},
		"json": {`"type":"duty.done"`, `"type":"duty.reopened"`, `"code":"undone"`, `"reason":"the lead left; send the heads-up"`,
			`"reopenings":[{"at":"2026-11-25T10:10:03+09:00","by":"sato","undone":true,"was":"done","was_at":"2026-11-25T10:10:00+09:00","was_by":"sato"}]`,
			`"reopenings":[{"at":"2026-11-25T10:12:03+09:00","by":"suzuki","reason":"the lead left; send the heads-up","was":"waived","was_at":"2026-11-25T10:11:03+09:00","was_by":"sato"}]`},
		"csv":        {"duty.done", "duty.reopened", "Undone: the done of First call to the maintenance vendor"},
		"timesketch": {`"duty.reopened"`, "Undone: the done of First call to the maintenance vendor"},
	}
	for format, wants := range want {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Write(&b, format, in, Options{Location: jst}))
			if format == "json" { // matched without its indentation
				var c bytes.Buffer
				must(t, json.Compact(&c, b.Bytes()))
				b = c
			}
			for _, w := range wants {
				if !strings.Contains(b.String(), w) {
					t.Errorf("%s lacks %q:\n%s", format, w, b.String())
				}
			}
		})
	}
}
