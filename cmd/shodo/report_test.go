package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/runbooks"
)

// reportIncident opens an incident on a shipped runbook whose GDPR report
// fields hold the hostile corpus, filled in by the hostile actor.
func reportIncident(t *testing.T, home, file string) string {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, file, runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	now := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	s, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: incident.ClockFunc(func() time.Time { return now })})
	if err != nil {
		t.Fatal(err)
	}
	if rb.Milestone("gdpr-aware") != nil {
		if err := s.Stamp("sato", "gdpr-aware"); err != nil {
			t.Fatal(err)
		}
		for i, f := range []string{"gdpr-nature", "gdpr-contact", "gdpr-consequences", "gdpr-measures"} {
			now = now.Add(time.Minute)
			if err := s.SetField(hostileActor, "gdpr-33-authority", f, []string{strings.Join(hostileCorpus[i*4:min(i*4+4, len(hostileCorpus))], "\n")}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetField(hostileActor, "gdpr-33-authority", "gdpr-subject-categories", hostileCorpus); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Detach(); err != nil {
		t.Fatal(err)
	}
	return s.ID()
}

// A report draft through the CLI: hostile values stay harmless in the
// Markdown and the JSON, the flags are checked before anything is read,
// and a regime the runbook lacks names the runbooks that have it.
func TestExportReport(t *testing.T) {
	env, vars := testEnv(t)
	env.shipped = runbooks.FS
	eu := reportIncident(t, vars["SHODO_HOME"], "eu-financial-incident.toml")
	jp := reportIncident(t, vars["SHODO_HOME"], "service-failure.toml")

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"markdown", []string{"export", eu, "--format", "report", "--regime", "gdpr-33"}, exitOK,
			[]string{"GDPR Art. 33 notification", "still empty", "— not recorded —"}},
		{"json", []string{"export", eu, "--format", "report-json", "--regime", "gdpr-33"}, exitOK, []string{`"draft": true`}},
		{"japanese", []string{"export", eu, "--format", "report", "--regime", "gdpr-34", "--lang", "ja"}, exitOK, []string{"下書き", "（未記入）"}},
		{"no regime", []string{"export", eu, "--format", "report"}, exitUsage, []string{"--regime", "appi-preliminary, appi-final"}},
		{"regime without report", []string{"export", eu, "--regime", "gdpr-33"}, exitUsage, []string{"--format report"}},
		{"unknown regime", []string{"export", eu, "--format", "report", "--regime", "gdpr33"}, exitUsage, []string{"appi-preliminary", `did you mean "gdpr-33"?`}},
		{"regime another runbook has", []string{"export", jp, "--format", "report", "--regime", "dora-initial"}, exitFindings,
			[]string{"service-failure has no duty dora-initial", "regulations/dora.toml", "Runbooks that do: eu-financial-incident"}},
		{"help", []string{"export", "--help"}, exitOK, []string{"--regime REGIME", "Regimes (--regime): appi-preliminary", "\nnis2-early-warning, "}},
		{"APPI regime on the EU runbook", []string{"export", eu, "--format", "report", "--regime", "appi-preliminary"}, exitFindings,
			[]string{"eu-financial-incident has no duty appi-preliminary", "regulations/appi.toml", "Runbooks that do: service-failure-ja, service-failure"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := shell(t, env, tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d: %s", r.code, tc.code, r.stderr)
			}
			for _, want := range tc.want {
				if !strings.Contains(r.stdout+r.stderr, want) {
					t.Errorf("output lacks %q:\n%.2000s\n%s", want, r.stdout, r.stderr)
				}
			}
			if tc.code != exitOK && r.stdout != "" {
				t.Errorf("a refused draft wrote %.200q", r.stdout)
			}
			for stream, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
				if bad := hostileByte(out); bad != "" {
					t.Errorf("%s: %s", stream, bad)
				}
			}
			switch tc.name {
			case "help":
				// The regimes wrap between names, within 80 columns.
				for _, line := range strings.Split(r.stdout, "\n") {
					if strings.Contains(line, "cra-") && len(line) > 80 {
						t.Errorf("help line of %d columns: %q", len(line), line)
					}
				}
			case "markdown":
				shown(t, r.stdout)
				if strings.Contains(r.stdout, "| forged |") || strings.Contains(r.stdout, "<!--") || liveLink.MatchString(r.stdout) {
					t.Error("Markdown from the journal is live")
				}
			case "json":
				if !json.Valid([]byte(r.stdout)) {
					t.Fatalf("not JSON: %.300s", r.stdout)
				}
				shownJSON(t, r.stdout)
			}
		})
	}
}

// A regime no runbook shodo can find includes: the refusal says so and
// gives the include line to add, in the user's language, and writes
// nothing.
func TestExportReportRegimeNobodyIncludes(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t) // the fixture runbooks include no regulation
	if r := shell(t, env, "run", "db-outage", "--no-tui"); r.code != exitOK {
		t.Fatalf("run --no-tui: exit %d\n%s", r.code, r.stderr)
	}
	sums, err := incident.List(vars["SHODO_HOME"])
	if err != nil || len(sums) != 1 {
		t.Fatalf("incidents: %+v %v", sums, err)
	}
	id := sums[0].ID
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"dora-initial: runbook db-outage has no duty dora-initial", "no runbook shodo can find does",
			`include = ["regulations/dora.toml"]`}},
		{"ja", []string{"ランブック db-outage には対応義務 dora-initial がありません", "取り込んでいるランブックも見つかりません", `include = ["regulations/dora.toml"]`}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := shell(t, env, "export", id, "--format", "report", "--regime", "dora-initial", "--lang", tc.lang)
			if r.code != exitFindings {
				t.Fatalf("exit %d, want %d: %s", r.code, exitFindings, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("a refused draft wrote %.200q", r.stdout)
			}
			for _, want := range tc.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "Runbooks that do") {
				t.Errorf("named includers where there are none:\n%s", r.stderr)
			}
		})
	}
}
