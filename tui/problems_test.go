package tui

import (
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// journalWithProblems opens an incident on rb, appends through the journal
// (as another build or a hand could) two events the runbook has no place
// for, and resumes it: the session's state then holds two Problems.
func journalWithProblems(t *testing.T, lang string) *incident.Session {
	t.Helper()
	clock := testkit.NewClock(t0)
	home := t.TempDir()
	rb := englishRB(t)
	if lang == "ja" {
		rb = japaneseRB(t)
	}
	s, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock, ID: openID, UUID: "019a0000-0000-7000-8000-000000000000"})
	if err != nil {
		t.Fatal(err)
	}
	dir := s.Dir()
	if err := s.Detach(); err != nil {
		t.Fatal(err)
	}
	j, err := journal.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{`{"node":"no-such-node","option":"x"}`, `{"node":"symptom","option":"no-such-option"}`} {
		if _, err := j.Append(journal.Entry{At: clock.Now(), Actor: "mallory", Type: incident.TypeTriageAnswered, Data: []byte(data)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = incident.Resume(dir, incident.ResumeOptions{Home: home, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Detach() })
	if n := len(s.State().Problems); n != 2 {
		t.Fatalf("the resumed state has %d problems, want 2", n)
	}
	return s
}

// TestProblemsShown is issue 12 L10: the events of a journal that do not
// fit its runbook were computed into State.Problems and never shown; the
// incident screen now says so in its header, in the alert style, with the
// first in the exports' words, on a wide and a narrow terminal.
func TestProblemsShown(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		s := journalWithProblems(t, "en")
		h := newIncidentHarness(t, quiet{s}, "en", testkit.NewClock(t0), size[0], size[1])
		h.require("2 journal problems, not applied; the first: seq 6: ")
		if size[0] >= 120 {
			h.require(`unknown triage node "no-such-node" (shodo verify lists them)`)
		}
		// Drawn in the alert style, as overdue and security are.
		line := h.m.problemsLine(size[0])
		if line == "" || line != h.m.st.alert.Render(stripANSI(line)) || !strings.Contains(h.m.View().Content, line) {
			t.Errorf("%dx%d: the problems line is not in the alert style", size[0], size[1])
		}
		// The header grew by the line, and the screen still fits.
		if n := strings.Count(h.screen(), "\n") + 1; n > size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], n)
		}
	}

	ja := newIncidentHarness(t, quiet{journalWithProblems(t, "ja")}, "ja", testkit.NewClock(t0), 120, 40)
	ja.require("ジャーナルの問題 2 件", `トリアージの質問 "no-such-node" はありません`)

	// A journal that fits its runbook shows no such line.
	clean := newIncidentHarness(t, quiet{openFixed(t, t.TempDir(), openID, englishRB(t), testkit.NewClock(t0))}, "en", testkit.NewClock(t0), 120, 40)
	clean.refuse("journal problem")
}
