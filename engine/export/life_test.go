package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// An incident resolved, closed with a duty handed over, reopened with a
// reason and closed again: the postmortem and the JSON say when it was
// resolved, who reopened it and why, to whom the duty went, and where its
// clock stood at the close — frozen, however late the export is made.
func TestExportsTellTheWholeLife(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	home := t.TempDir()
	clock := testkit.NewClock(start)
	s, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	clock.Advance(10 * time.Minute)
	must(t, s.Resolve("sato", time.Time{}))
	handOverRest(t, s, "sato", "Operations (Kato)", "OPS-7")
	clock.Advance(10 * time.Minute)
	must(t, s.Close("sato", "Restarted the service."))
	clock.Advance(time.Hour)
	r, err := incident.Resume(s.Dir(), incident.ResumeOptions{Home: home, Clock: clock})
	if r != nil {
		t.Cleanup(func() { _ = r.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	must(t, r.Reopen("suzuki", "the vendor found the root cause"))
	clock.Advance(5 * time.Minute)
	must(t, r.Close("suzuki", "Root cause fixed."))
	clock.Advance(72 * time.Hour) // an export made days later
	in := readInput(t, r.Dir())

	var md, js bytes.Buffer
	must(t, Markdown(&md, in, Options{Location: jst}))
	must(t, JSON(&js, in, Options{Location: jst}))
	for _, want := range []string{
		"| Resolved | 2026-11-25 10:10:00 JST · sato |",
		"| Closed | 2026-11-25 10:20:00 JST · sato |",
		"| Reopened | 2026-11-25 11:20:00 JST · suzuki · the vendor found the root cause |",
		"| Closed | 2026-11-25 11:25:00 JST · suzuki |",
		// Where the clocks stood at the second close (11:25), never as of
		// the export three days later: the state capture (due 10:30) 55m
		// late, the first customer notice (due 12:00) 35m to go.
		"| 2026-11-25 10:30:00 JST |  | OVERDUE at close, 55m past due; handed over to Operations (Kato) (ticket OPS-7) |",
		"| 2026-11-25 12:00:00 JST |  | running at close, 35m left; handed over to Operations (Kato) (ticket OPS-7) |",
		"Reopened. Reason: the vendor found the root cause",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("postmortem lacks %q", want)
		}
	}
	for _, want := range []string{`"reopens": [`, `"reason": "the vendor found the root cause"`, `"resolved": {`, `"handed_over": {`, `"at_close": {`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON lacks %q", want)
		}
	}
}
