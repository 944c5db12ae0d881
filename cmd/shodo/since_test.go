package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A --since that cannot be a claim is a usage error that says which forms
// are accepted, before any incident is opened.
func TestRunSinceRefused(t *testing.T) {
	t.Parallel()
	future := time.Now().Add(3 * time.Hour).Format(time.RFC3339)
	later := time.Now().Add(time.Hour)
	if later.Day() != time.Now().Day() {
		later = time.Now() // a bare time cannot be later today: the malformed case below still runs
	}
	tests := []struct {
		name  string
		since string
		want  []string
	}{
		{"future RFC 3339", future, []string{"--since \"" + future + "\" is ", "after now", "cannot be in the future"}},
		{"future relative", "+2h", []string{"not a time shodo reads", "RFC 3339", "\"2h ago\"", "-2h"}},
		{"malformed", "yesterday-ish", []string{"not a time shodo reads", "\"2026-12-02 01:30\" or 01:30"}},
		{"no ago", "2h", []string{"not a time shodo reads"}},
		{"a year wrong", time.Now().AddDate(-1, 0, -2).Format("2006-01-02 15:04"), []string{"more than 366 days ago", "check the year"}},
		{"older than a year ago", "400d ago", []string{"not a time shodo reads"}},
	}
	if later.After(time.Now().Add(time.Minute)) {
		tests = append(tests, struct {
			name  string
			since string
			want  []string
		}{"later today", later.Format("15:04"), []string{"still to come today", "give the date too", time.Now().AddDate(0, 0, -1).Format("2006-01-02")}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, vars := testEnv(t)
			r := shell(t, env, "run", "db-outage", "--since", tt.since)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2 (usage)\nstderr: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if entries, _ := os.ReadDir(filepath.Join(vars["SHODO_HOME"], "incidents")); len(entries) > 0 {
				t.Errorf("a refused --since opened an incident: %v", entries)
			}
		})
	}
}

// shodo run --since through the real binary: the claim is journaled beside
// the time of opening, the clocks of the duties started on opening count
// from it, the screen shows both times, and the line said on opening
// stays above the app.
func TestRunSinceMovesDueTimes(t *testing.T) {
	home := t.TempDir()
	env := []string{
		"HOME=" + home, "SHODO_HOME=" + filepath.Join(home, "shodo"), "SHODO_ACTOR=e2e",
		"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"),
	}
	s := startScreen(t, env, 100, 30, "run", "service-failure", "--since", "2h ago")
	s.waitFor("LIVE", "What was reported first?")
	s.press("\t", "\t") // the timeline: the opening with both of its times
	s.waitFor("(recorded ")
	s.press("q")
	s.waitFor("Nothing to save")
	s.press("y")
	if err := s.wait(); err != nil {
		t.Fatalf("quit: %v", err)
	}
	if txt := s.text(); !strings.Contains(txt, "(as claimed), recorded at") {
		t.Errorf("the claimed and recorded times were not said on opening:\n%s", txt)
	}

	journals, _ := filepath.Glob(filepath.Join(home, "shodo", "incidents", "*", "timeline.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("journals: %v", journals)
	}
	f, err := os.Open(journals[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var opened, happened time.Time
	started := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var ev struct {
			At   time.Time       `json:"at"`
			Type string          `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatal(err)
		}
		switch ev.Type {
		case "incident.opened":
			var p struct {
				Happened time.Time `json:"happened"`
			}
			_ = json.Unmarshal(ev.Data, &p)
			opened, happened = ev.At, p.Happened
		case "duty.started":
			var p struct {
				Duty     string    `json:"duty"`
				Trigger  string    `json:"trigger"`
				Started  time.Time `json:"started"`
				Due      time.Time `json:"due"`
				Recorded time.Time `json:"recorded"`
			}
			_ = json.Unmarshal(ev.Data, &p)
			if p.Trigger != "opened" {
				continue
			}
			started++
			if !p.Started.Equal(happened) || !p.Recorded.Equal(opened) {
				t.Errorf("%s started %v (recorded %v), want the claim %v (recorded %v)", p.Duty, p.Started, p.Recorded, happened, opened)
			}
			// The shipped runbook's opening duties are due within 30m or 1h
			// of the start: counted from the claim, two hours ago, they are
			// already past.
			if !p.Due.Before(opened) {
				t.Errorf("%s due %v: not counted from the claim %v (opened %v)", p.Duty, p.Due, happened, opened)
			}
		}
	}
	if got := opened.Sub(happened); got < 2*time.Hour || got > 2*time.Hour+time.Minute {
		t.Fatalf("claimed %v, opened %v: want two hours before", happened, opened)
	}
	if started == 0 {
		t.Fatal("no duty started on opening")
	}
}
