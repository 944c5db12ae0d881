package incident

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// Every shipped triage offers the false-alarm path: on every shipped
// runbook, at its first question and after each first answer that leads
// to another question, the incident ends as a false alarm with a reason
// and nothing left running. A legal duty already running is waived with
// its own reason first, as the ending asks (end-legal).
func TestEveryShippedTriageEndsAsFalseAlarm(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(runbooks.FS, "*.toml")
	must(t, err)
	tried := 0
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), "contacts") {
			continue // shared roles and parties, no triage
		}
		rb, diags := runbook.LoadFS(runbooks.FS, name, runbook.Options{})
		if rb == nil {
			t.Fatalf("%s: %v", name, diags)
		}
		start := rb.Node(rb.Triage.Start)
		paths := [][]string{nil}
		for _, o := range start.Options {
			if o.Next != "" {
				paths = append(paths, []string{o.ID})
			}
		}
		for _, answers := range paths {
			t.Run(rb.ID+"/"+strings.Join(append([]string{"start"}, answers...), "/"), func(t *testing.T) {
				s, err := Open(rb, OpenOptions{Home: t.TempDir(), Actor: "alice", Clock: testkit.NewClock(t0)})
				must(t, err)
				t.Cleanup(func() { _ = s.Detach() })
				for _, a := range answers {
					must(t, s.Answer("alice", rb.Triage.Start, a))
				}
				for _, id := range runningLegal(s.State()) {
					must(t, s.Waive("alice", id, "no personal data was involved: a monitoring glitch"))
				}
				must(t, s.End("alice", EndFalseAlarm, "", "the probe's own certificate expired; orders went through"))
				st := s.State()
				if !st.Closed || st.Ending == nil || st.Ending.Code != EndFalseAlarm {
					t.Fatalf("closed %v, ending %+v", st.Closed, st.Ending)
				}
				for _, d := range st.Duties {
					if d.Status == StatusRunning {
						t.Errorf("%s still runs after the false alarm", d.ID)
					}
				}
			})
			tried++
		}
	}
	if tried < 8 {
		t.Fatalf("tried %d triages: the shipped runbooks were not found", tried)
	}
}
