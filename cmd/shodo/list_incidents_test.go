package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// archive opens, under the test home, an open incident today, a closed
// one three days ago, and an open drill ten days ago, on the given shipped
// runbook, with fixed ids.
func archive(t *testing.T, vars map[string]string, file string) (openID, closedID, drillID string) {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, file, runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	now, err := time.Parse(time.RFC3339, testNow)
	if err != nil {
		t.Fatal(err)
	}
	open := func(id string, at time.Time, drill bool, closeIt bool) {
		opt := incident.OpenOptions{Home: vars["SHODO_HOME"], Actor: "sato", Clock: testkit.NewClock(at), ID: id}
		if drill {
			opt.Drill = &incident.DrillInfo{Scenario: "friday-ransomware", Title: "Friday", Speed: 60}
		}
		s, err := incident.Open(rb, opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Answer("sato", "symptom", "ransom"); err != nil {
			t.Fatal(err)
		}
		if closeIt {
			handOverAll(t, s, "Operations", "OPS-1")
			err = s.Close("sato", "Restored.")
		} else {
			err = s.Detach()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	open("INC-20261125-0001", now.Add(-10*time.Minute), false, false)
	open("INC-20261122-0002", now.AddDate(0, 0, -3), false, true)
	open("INC-20261115-0003", now.AddDate(0, 0, -10), true, false)
	return "INC-20261125-0001", "INC-20261122-0002", "INC-20261115-0003"
}

func TestListIncidentFilters(t *testing.T) {
	env, vars := testEnv(t)
	openID, closedID, drillID := archive(t, vars, "service-failure.toml")
	tests := []struct {
		args       []string
		want, lack []string
	}{
		{[]string{"--state", "open"}, []string{openID, drillID, "DRILL Friday"}, []string{closedID, "Runbooks"}},
		{[]string{"--state", "closed"}, []string{closedID, "closed"}, []string{openID, drillID}},
		{[]string{"--state", "resolved"}, []string{"(none)"}, []string{openID, closedID, drillID}},
		{[]string{"--since", "7d"}, []string{openID, closedID}, []string{drillID}},
		{[]string{"--since", "2026-11-24"}, []string{openID}, []string{closedID, drillID}},
		{[]string{"--since", "2026-11-20T00:00:00+09:00", "--state", "open"}, []string{openID}, []string{closedID, drillID}},
		{[]string{"--since", "2h"}, []string{openID}, []string{closedID, drillID}},
		// The forms shodo run --since takes read the same here (review L12).
		{[]string{"--since", "2h ago"}, []string{openID}, []string{closedID, drillID}},
		{[]string{"--since", "-2h"}, []string{openID}, []string{closedID, drillID}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := shell(t, env, append([]string{"list"}, tt.args...)...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, l := range tt.lack {
				if strings.Contains(r.stdout, l) {
					t.Errorf("has %q:\n%s", l, r.stdout)
				}
			}
		})
	}
	// Rows not from today show their date; the drill is marked first; a
	// next due time that has passed (ten days on, nothing ticked) says so,
	// one still to come (within the hour) does not.
	r := shell(t, env, "list", "--state", "open")
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, drillID) && (!strings.Contains(line, "2026-11-15") || !strings.Contains(line, ", passed")) {
			t.Errorf("drill row without its date or its passed due time: %q", line)
		}
		if strings.HasPrefix(line, openID) && strings.Contains(line, "passed") {
			t.Errorf("a due time to come said to have passed: %q", line)
		}
	}
}

func TestListUsageErrors(t *testing.T) {
	env, _ := testEnv(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--state", "opne"}, `(did you mean "open"?)`},
		{[]string{"--state", "gone"}, "want open, resolved or closed"},
		{[]string{"--since", "last tuesday"}, "--since \"last tuesday\": use an RFC 3339 time"},
		{[]string{"--since", "7y"}, "a span before now (30m, 12h, 7d, 2w)"},
		{[]string{"--limit", "-1"}, "--limit -1: give how many closed incidents to show"},
		{[]string{"--limit", "many"}, `invalid argument "many" for "--limit" flag`},
	}
	for _, tt := range tests {
		r := shell(t, env, append([]string{"list"}, tt.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("list %v: exit %d, stderr %q; want usage error with %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}

func TestListJSON(t *testing.T) {
	env, vars := testEnv(t)
	openID, closedID, drillID := archive(t, vars, "service-failure.toml")
	r := shell(t, env, "list", "--json")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got listJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if got.Version != 1 || len(got.Runbooks) == 0 || len(got.Incidents) != 3 {
		t.Fatalf("list --json: %+v", got)
	}
	byID := map[string]incidentJSON{}
	for _, inc := range got.Incidents {
		byID[inc.ID] = inc
	}
	if o := byID[openID]; o.State != "open" || o.RunbookTitle == "" || o.Running == 0 || o.NextDue == nil || o.NextDuty == "" || o.Opened == nil || o.UUID == "" {
		t.Errorf("open incident: %+v", o)
	}
	if c := byID[closedID]; c.State != "closed" || c.Running != 0 || c.NextDue != nil {
		t.Errorf("closed incident: %+v", c)
	}
	if d := byID[drillID]; d.Drill != "friday-ransomware" {
		t.Errorf("drill: %+v", d)
	}
	// Only incidents with a filter, and the runbooks as an empty list.
	r = shell(t, env, "list", "--json", "--state", "closed")
	got = listJSON{}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got.Incidents) != 1 || got.Runbooks == nil || len(got.Runbooks) != 0 {
		t.Errorf("list --json --state closed: %v %+v", err, got)
	}
	if !strings.Contains(r.stdout, `"runbooks": []`) {
		t.Errorf("runbooks not an empty list:\n%s", r.stdout)
	}
}

// TestListRebuiltNote: summaries missing (journals of an older build) are
// rebuilt, and stderr says so once; the next listing is quiet.
func TestListRebuiltNote(t *testing.T) {
	env, vars := testEnv(t)
	archive(t, vars, "service-failure.toml")
	dirs, err := filepath.Glob(filepath.Join(vars["SHODO_HOME"], "incidents", "*", incident.SummaryFile))
	if err != nil || len(dirs) != 3 {
		t.Fatalf("summaries: %v %v", dirs, err)
	}
	for _, d := range dirs[:2] {
		if err := os.Remove(d); err != nil {
			t.Fatal(err)
		}
	}
	r := shell(t, env, "list")
	if !strings.Contains(r.stderr, "2 incidents were read in full from their journals") {
		t.Errorf("no note of the rebuilt summaries: %q", r.stderr)
	}
	r = shell(t, env, "list")
	if r.stderr != "" {
		t.Errorf("second listing: %q", r.stderr)
	}
}

// TestResumeSeveralOpen: with several open incidents, resume lists them,
// drills marked, and says how to name one.
func TestResumeSeveralOpen(t *testing.T) {
	env, vars := testEnv(t)
	openID, closedID, drillID := archive(t, vars, "service-failure.toml")
	r := shell(t, env, "resume")
	if r.code != exitUsage {
		t.Fatalf("exit %d", r.code)
	}
	for _, w := range []string{"2 incidents are open", "shodo resume " + openID, openID, drillID, "DRILL Friday", "2026-11-15"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("lacks %q:\n%s", w, r.stderr)
		}
	}
	if strings.Contains(r.stderr, closedID) {
		t.Errorf("lists the closed incident:\n%s", r.stderr)
	}
}

// TestListPseudoLocale: every word of the incident list and of resume's
// choices comes from the catalogue (the Japanese runbook keeps runbook text
// out of ASCII).
func TestListPseudoLocale(t *testing.T) {
	env, vars := testEnv(t)
	openID, closedID, drillID := archive(t, vars, "service-failure-ja.toml")
	allow := []string{openID, closedID, drillID, "INC", "service", "failure", "ja", "shodo", "resume", "verify", "help", "Friday" /* the drill scenario's title: runbook text */}
	for _, args := range [][]string{{"list", "--state", "open", "--lang", string(i18n.Pseudo)}, {"list", "--since", "30d", "--lang", string(i18n.Pseudo)}, {"resume", "--lang", string(i18n.Pseudo)}} {
		r := shell(t, env, args...)
		// The list ends by saying where incidents are kept: a path, and
		// the variable that moves it.
		r.stdout = strings.ReplaceAll(r.stdout, vars["SHODO_HOME"], "")
		if leaks := testkit.EnglishLeaks(r.stdout+r.stderr, append(allow, "SHODO", "HOME", "incidents")...); len(leaks) > 0 {
			t.Errorf("%v: English words not from the catalogue: %q\n%s%s", args, leaks, r.stdout, r.stderr)
		}
	}
}

// BenchmarkListCommand is `shodo list` in process over archives of 100 to
// 10,000 incidents (each with its summary file), output discarded: the
// library walked, the incidents listed and the table written. The sizes
// must match internal/benchcmd's archiveSizes.
func BenchmarkListCommand(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000} {
		home, _, err := fixture.TempHome()
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(home) })
		if err := fixture.Archive(home, n); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			vars := map[string]string{envNow: testNow, "SHODO_HOME": home}
			env := environment{getenv: func(k string) string { return vars[k] }, shipped: runbooks.FS, dir: dir}
			b.ReportAllocs()
			cpu := testkit.CPUTime()
			for b.Loop() {
				var errs bytes.Buffer
				env.stdout, env.stderr = io.Discard, &errs
				if err := run(context.Background(), []string{"list"}, env); err != nil || errs.Len() > 0 {
					b.Fatalf("%v\n%s", err, errs.String())
				}
			}
			// CPU time (every core, GC included): on a shared machine the
			// wall time measures the neighbours too.
			b.ReportMetric(float64((testkit.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestCellWidth: the ASCII shortcut measures as ansi.StringWidth does.
func TestCellWidth(t *testing.T) {
	for _, cell := range []string{"", "INC-20261125-000A", "open", "2026-11-25 21:04", " ~!", "障害対応", "café", "e\u0301", "👩‍🚒 fire", "\x1b[1mbold\x1b[0m", "tab\there"} {
		if got, want := cellWidth(cell), ansi.StringWidth(cell); got != want {
			t.Errorf("cellWidth(%q) = %d; ansi.StringWidth says %d", cell, got, want)
		}
	}
}

// TestListTellsLife: a resolved incident's row says how many follow-ups
// hold its close and when the next falls due, an ended one's how it ended,
// a reopened one says open (never still resolved), and --json carries the
// same as codes and times.
func TestListTellsLife(t *testing.T) {
	env, vars := testEnv(t)
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	now, err := time.Parse(time.RFC3339, testNow)
	if err != nil {
		t.Fatal(err)
	}
	clock := testkit.NewClock(now.Add(-time.Hour))
	open := func(id string) *incident.Session {
		t.Helper()
		s, err := incident.Open(rb, incident.OpenOptions{Home: vars["SHODO_HOME"], Actor: "sato", Clock: clock, ID: id})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	resolved := open("INC-20261125-0001")
	check(resolved.Answer("sato", "symptom", "outage"))
	check(resolved.Resolve("sato", time.Time{}))
	n, next, ok := resolved.State().FollowUps()
	if n < 2 || !ok {
		t.Fatalf("fixture: %d follow-ups", n)
	}
	check(resolved.Detach())
	falseAlarm := open("INC-20261125-0002")
	check(falseAlarm.End("sato", incident.EndFalseAlarm, "", "the probe was misconfigured"))
	reopened := open("INC-20261125-0003")
	check(reopened.Answer("sato", "symptom", "outage"))
	check(reopened.Resolve("sato", time.Time{}))
	handOverAll(t, reopened, "Operations", "OPS-1")
	check(reopened.Close("sato", "Restored."))
	again, err := incident.Resume(reopened.Dir(), incident.ResumeOptions{Home: vars["SHODO_HOME"], Clock: clock})
	check(err)
	check(again.Reopen("sato", "the fix did not hold"))
	check(again.Detach())

	r := shell(t, env, "list")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	row := func(id string) string {
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.Contains(line, id) {
				return line
			}
		}
		t.Fatalf("no row for %s:\n%s", id, r.stdout)
		return ""
	}
	wantDue := next.Local().Format("15:04")
	if got := row("INC-20261125-0001"); !strings.Contains(got, fmt.Sprintf("resolved, %d follow-ups open", n)) || !strings.Contains(got, wantDue) {
		t.Errorf("resolved row lacks its follow-ups (%d, next %s): %q", n, wantDue, got)
	}
	if got := row("INC-20261125-0002"); !strings.Contains(got, "ended: false alarm") {
		t.Errorf("false alarm row: %q", got)
	}
	if got := row("INC-20261125-0003"); strings.Contains(got, "resolved") || !strings.Contains(got, " open ") {
		t.Errorf("reopened row: %q", got)
	}

	r = shell(t, env, "list", "--json")
	var got listJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	byID := map[string]incidentJSON{}
	for _, inc := range got.Incidents {
		byID[inc.ID] = inc
	}
	if j := byID["INC-20261125-0001"]; j.State != "resolved" || j.FollowUps != n || j.FollowUpDue == nil || !j.FollowUpDue.Equal(next) || j.FollowUpDuty == "" {
		t.Errorf("resolved in JSON: %+v", j)
	}
	if j := byID["INC-20261125-0002"]; j.State != "closed" || j.Ending != incident.EndFalseAlarm || j.FollowUps != 0 {
		t.Errorf("false alarm in JSON: %+v", j)
	}
	if j := byID["INC-20261125-0003"]; j.State != "open" || j.FollowUps != 0 || j.Ending != "" {
		t.Errorf("reopened in JSON: %+v", j)
	}
	for _, key := range []string{`"follow_ups": `, `"follow_up_due": `, `"follow_up_duty": `, `"ending": "false-alarm"`} {
		if !strings.Contains(r.stdout, key) {
			t.Errorf("list --json lacks %s", key)
		}
	}
}

// TestTruncateCell: the measured shortcut cuts exactly as ansi.Truncate does.
func TestTruncateCell(t *testing.T) {
	for _, cell := range []string{"", "short", strings.Repeat("x", 40), strings.Repeat("x", 41), "障害対応の手順書（長い題名のランブック）で四十セルを超えるもの", "👩‍🚒 fire and then some more text to pass the edge"} {
		if got, want := truncateCell(cell, 40, "…"), ansi.Truncate(cell, 40, "…"); got != want {
			t.Errorf("truncateCell(%q) = %q; ansi.Truncate gives %q", cell, got, want)
		}
	}
}

// TestListRecentClosed: the table shows every incident that is not closed
// and the 50 most recent closed ones, says how many older ones it left out
// and how to see them; --limit and --all change that, --json lists all.
func TestListRecentClosed(t *testing.T) {
	env, vars := testEnv(t)
	// fixture.Archive: the ten newest open, the 55 older closed, one every
	// six hours, newest first.
	if err := fixture.Archive(vars["SHODO_HOME"], 65); err != nil {
		t.Fatal(err)
	}
	rows := func(stdout string) (open, closed int, ids []string) {
		for _, line := range strings.Split(stdout, "\n") {
			if !strings.HasPrefix(line, "INC-") {
				continue
			}
			ids = append(ids, strings.Fields(line)[0])
			if strings.Contains(line, " closed ") {
				closed++
			} else {
				open++
			}
		}
		return open, closed, ids
	}
	tests := []struct {
		lang         string
		args         []string
		closed       int
		note, noNote string
	}{
		{"en", nil, 50, "5 older closed incidents not shown: shodo list --all shows every one, --limit N the N most recent.", ""},
		{"en", []string{"--limit", "54"}, 54, "1 older closed incident not shown: shodo list --all", ""},
		{"en", []string{"--limit", "0"}, 0, "55 older closed incidents not shown", ""},
		{"en", []string{"--limit", "55"}, 55, "", "older closed"},
		{"en", []string{"--all"}, 55, "", "older closed"},
		{"en", []string{"--all", "--limit", "3"}, 55, "", "older closed"},
		{"en", []string{"--state", "closed", "--limit", "7"}, 7, "48 older closed incidents not shown", ""},
		{"en", []string{"--state", "open", "--limit", "7"}, 0, "", "older closed"},
		// The 34 closed since then (of 55), the 3 most recent shown.
		{"en", []string{"--since", "2026-11-15T00:00:00+09:00", "--limit", "3"}, 3, "31 older closed incidents not shown", ""},
		{"ja", nil, 50, "これより古いクローズ済みインシデント 5 件は表示していません。すべて表示するには shodo list --all", ""},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+strings.Join(tt.args, " "), func(t *testing.T) {
			r := shell(t, env, append([]string{"--lang", tt.lang, "list"}, tt.args...)...)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			open, closed, ids := rows(r.stdout)
			wantOpen := 10
			if slices.Contains(tt.args, "closed") {
				wantOpen = 0
			}
			if slices.Contains(tt.args, "open") {
				wantOpen, tt.closed = 10, 0
			}
			if tt.lang == "en" && (open != wantOpen || closed != tt.closed) {
				t.Errorf("%d open and %d closed rows; want %d and %d:\n%s", open, closed, wantOpen, tt.closed, r.stdout)
			}
			if len(ids) != wantOpen+tt.closed {
				t.Errorf("%d rows; want %d", len(ids), wantOpen+tt.closed)
			}
			// The rows shown are the first of the whole list, newest
			// first: the closed ones left out are the oldest.
			all := shell(t, env, append(append([]string{"list"}, tt.args...), "--all")...)
			_, allClosed, every := rows(all.stdout)
			if !slices.Equal(ids, every[:len(ids)]) {
				t.Errorf("rows %v; want the first %d of %v", ids, len(ids), every)
			}
			// The note counts what --all adds.
			if older := allClosed - closed; tt.lang == "en" && older > 0 && !strings.Contains(r.stdout, fmt.Sprintf("%d older closed incident", older)) {
				t.Errorf("--all shows %d more closed incidents; the note does not say so:\n%s", older, r.stdout)
			}
			if tt.note != "" && !strings.Contains(r.stdout, tt.note) {
				t.Errorf("lacks %q:\n%s", tt.note, r.stdout)
			}
			if tt.noNote != "" && strings.Contains(r.stdout, tt.noNote) {
				t.Errorf("has %q:\n%s", tt.noNote, r.stdout)
			}
		})
	}
	r := shell(t, env, "list", "--json")
	var out listJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != exitOK {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stderr)
	}
	if len(out.Incidents) != 65 {
		t.Errorf("--json lists %d incidents; want every one, 65", len(out.Incidents))
	}
}
