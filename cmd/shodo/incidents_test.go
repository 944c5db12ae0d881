package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// openIncident plays a short incident on the shipped service-failure
// runbook under the test home and returns its id and directory.
func openIncident(t *testing.T, vars map[string]string, closeIt bool) (string, string) {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	clock := testkit.NewClock(time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC))
	s, err := incident.Open(rb, incident.OpenOptions{Home: vars["SHODO_HOME"], Actor: "sato", Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range [][2]string{{"symptom", "ransom"}, {"pii-held", "no"}, {"what-happened", "encrypted"}} {
		clock.Advance(5 * time.Minute)
		if err := s.Answer("sato", step[0], step[1]); err != nil {
			t.Fatal(err)
		}
	}
	if closeIt {
		handOverAll(t, s, "Operations", "OPS-1")
		if err := s.Close("sato", "Restored from backup."); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Detach(); err != nil {
		t.Fatal(err)
	}
	return s.ID(), s.Dir()
}

// handOverAll hands every running duty over to owner, so that the
// incident may close (no shipped legal duty runs on the path tests take).
func handOverAll(t *testing.T, s *incident.Session, owner, ticket string) {
	t.Helper()
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning {
			if err := s.HandOver("sato", d.ID, owner, ticket); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestVerify(t *testing.T) {
	env, vars := testEnv(t)
	id, dir := openIncident(t, vars, true)
	path := filepath.Join(dir, journal.JournalFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(good, []byte("\n"))
	// A byte in the third line, inside the data object, flipped by hand.
	flipAt := len(lines[0]) + len(lines[1]) + bytes.Index(lines[2], []byte(`"data"`)) + 10

	cases := []struct {
		name   string
		mutate func([]byte) []byte
		args   []string
		code   int
		out    string
	}{
		{"ok with its signed head", nil, []string{"verify", id}, verifyOK, "OK records="},
		{"a flipped byte is located", func(b []byte) []byte { b[flipAt] ^= 0x01; return b }, []string{"verify", id}, verifyIntegrity, "FAIL line 3 seq 3:"},
		{"missing head file", nil, []string{"verify", id, "--head", filepath.Join(t.TempDir(), "none")}, verifyIO, ""},
		{"cut short fails against its head", func(b []byte) []byte { return bytes.Join(lines[:len(lines)-2], nil) }, []string{"verify", id}, verifyIntegrity, "head-mismatch"},
		{"unknown incident", nil, []string{"verify", "INC-NOPE"}, verifyIO, ""},
		{"bad flag", nil, []string{"verify", id, "--nope"}, verifyIO, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := append([]byte(nil), good...)
			if c.mutate != nil {
				data = c.mutate(data)
			}
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			r := shell(t, env, c.args...)
			if r.code != c.code || !strings.Contains(r.stdout, c.out) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", r.code, r.stdout, r.stderr, c.code, c.out)
			}
		})
	}
}

// A torn last line without a head to contradict it is a crash artefact:
// exit 2, which `shodo resume` repairs.
func TestVerifyTornTail(t *testing.T) {
	env, vars := testEnv(t)
	id, dir := openIncident(t, vars, false)
	f, err := os.OpenFile(filepath.Join(dir, journal.JournalFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":9,"id":"x`)
	f.Close()
	r := shell(t, env, "verify", id)
	if r.code != verifyTornTail || !strings.Contains(r.stdout, "torn-tail") {
		t.Errorf("exit %d, stdout %q; want %d torn-tail", r.code, r.stdout, verifyTornTail)
	}
	r = shell(t, env, "verify", id, "--json")
	if r.code != verifyTornTail || !strings.Contains(r.stdout, `"kind": "torn-tail"`) {
		t.Errorf("--json: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestExport(t *testing.T) {
	env, vars := testEnv(t)
	id, _ := openIncident(t, vars, true)
	for _, c := range []struct{ format, want string }{
		{"md", "# Postmortem: "},
		{"json", `"incident": "` + id},
		{"csv", "seq,time_local,time_utc"},
		{"timesketch", `"timestamp_desc":"Event Recorded"`},
	} {
		t.Run(c.format, func(t *testing.T) {
			r := shell(t, env, "export", id, "--format", c.format)
			if r.code != exitOK || !strings.Contains(r.stdout, c.want) {
				t.Errorf("exit %d stderr %q; stdout lacks %q:\n%.300s", r.code, r.stderr, c.want, r.stdout)
			}
		})
	}
	t.Run("-o keeps an existing file", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "pm.md")
		if r := shell(t, env, "export", id, "-o", out); r.code != exitOK {
			t.Fatalf("first export: %d %s", r.code, r.stderr)
		}
		if err := os.WriteFile(out, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := shell(t, env, "export", id, "-o", out)
		if b, _ := os.ReadFile(out); r.code != exitFindings || string(b) != "mine" || !strings.Contains(r.stderr, "--force") {
			t.Errorf("second export: exit %d stderr %q, file %q", r.code, r.stderr, b)
		}
		if r := shell(t, env, "export", id, "-o", out, "--force"); r.code != exitOK {
			t.Errorf("--force: %d %s", r.code, r.stderr)
		}
	})
	t.Run("bad format is usage", func(t *testing.T) {
		if r := shell(t, env, "export", id, "--format", "pdf"); r.code != exitUsage {
			t.Errorf("exit %d; want %d", r.code, exitUsage)
		}
	})
}

func TestSealAndList(t *testing.T) {
	env, vars := testEnv(t)
	id, dir := openIncident(t, vars, false)
	r := shell(t, env, "seal", id)
	if r.code != exitOK || !strings.Contains(r.stdout, "Incident "+id+": journal sealed") {
		t.Fatalf("seal: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, journal.HeadFile)); err != nil {
		t.Errorf("no head written: %v", err)
	}
	r = shell(t, env, "list")
	if !strings.Contains(r.stdout, id) || !strings.Contains(r.stdout, "open") || !strings.Contains(r.stdout, "ransomware") {
		t.Errorf("list lacks the incident:\n%s", r.stdout)
	}
}

// TestVerifyProblems is issue 12 L10: a journal whose chain holds but whose
// events do not fit its runbook (here an answer to a node the runbook
// lacks, appended through the journal as any writer could) verifies OK,
// and verify now lists what the incident's state leaves out, under the
// first line that scripts read, and in --json.
func TestVerifyProblems(t *testing.T) {
	env, vars := testEnv(t)
	id, dir := openIncident(t, vars, false)
	j, err := journal.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	for _, data := range []string{`{"node":"no-such-node","option":"x"}`, `{"node":"symptom","option":"no-such-option"}`} {
		if _, err := j.Append(journal.Entry{At: at, Actor: "mallory", Type: incident.TypeTriageAnswered, Data: []byte(data)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}

	r := shell(t, env, "verify", id)
	if r.code != verifyOK {
		t.Fatalf("exit %d, want %d: %s%s", r.code, verifyOK, r.stdout, r.stderr)
	}
	lines := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(lines[0], "OK records=19 ") {
		t.Errorf("first line %q, want it as scripts read it", lines[0])
	}
	for _, want := range []string{
		"  2 journal problems: events that do not fit the incident's runbook, left out of its state:\n",
		"    seq 18: unknown triage node \"no-such-node\"\n",
		"    seq 19: unknown option \"no-such-option\" of node \"symptom\"\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("verify lacks %q:\n%s", want, r.stdout)
		}
	}

	r = shell(t, env, "--lang", "ja", "verify", id)
	if !strings.Contains(r.stdout, "ジャーナルの問題 2 件") || !strings.HasPrefix(r.stdout, "OK records=19 ") {
		t.Errorf("--lang ja:\n%s", r.stdout)
	}

	r = shell(t, env, "verify", id, "--json")
	var rep verifyReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 2 || rep.Problems[0] != (verifyProblem{Seq: 18, Code: "unknown-node", Problem: `unknown triage node "no-such-node"`}) {
		t.Errorf("--json problems: %+v", rep.Problems)
	}

	// A journal that fits its runbook says nothing more than before.
	env2, vars2 := testEnv(t)
	id2, _ := openIncident(t, vars2, true)
	r = shell(t, env2, "verify", id2)
	if strings.Contains(r.stdout, "problem") {
		t.Errorf("a clean journal lists problems:\n%s", r.stdout)
	}
	if r = shell(t, env2, "verify", id2, "--json"); strings.Contains(r.stdout, `"problems"`) {
		t.Errorf("a clean journal has problems in --json:\n%s", r.stdout)
	}
}

// verify and an incident's life (issue 11, issue 12 M2): a record appended
// by hand after the close fails, whether checked against the local head or
// the ticket's copy; a closed incident whose head was deleted fails and
// says no head was checked; a legitimate reopen after the ticket's copy is
// reported with who, when and why, and exits 4.
func TestVerifyIncidentLife(t *testing.T) {
	env, vars := testEnv(t)
	id, dir := openIncident(t, vars, true)
	headPath := filepath.Join(dir, journal.HeadFile)
	ticket := filepath.Join(t.TempDir(), "ticket-head.json")
	head, err := os.ReadFile(headPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ticket, head, 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, journal.JournalFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// A note appended and chained by hand after the close.
	clock := testkit.NewClock(time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC))
	at := clock.Now()
	j, err := journal.Config{Now: clock.Now}.Open(dir, func(journal.Record) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(journal.Entry{At: at, Actor: "mallory", Type: incident.TypeNoteAdded, Data: []byte(`{"text":"never happened"}`)}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"verify", id}, {"verify", id, "--head", ticket}} {
		r := shell(t, env, args...)
		if r.code != verifyIntegrity || !strings.Contains(r.stdout, "after-close") || !strings.Contains(r.stdout, "note.added follows the close") {
			t.Errorf("%v after a forged append: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
	// Exported all the same, but never as a fact: the postmortem's row
	// says it was not applied, and every format says so on stderr.
	for _, format := range []string{"md", "csv"} {
		r := shell(t, env, "export", id, "--format", format)
		if r.code != 0 || !strings.Contains(r.stderr, "1 record is not part of the incident's state (seq 30: note.added after the incident was closed)") {
			t.Errorf("export --format %s after a forged append: exit %d, stderr %q", format, r.code, r.stderr)
		}
		if format == "md" && !strings.Contains(r.stdout, "| mallory | Note: never happened — **not applied**: note.added after the incident was closed (see Integrity) |") {
			t.Errorf("the postmortem shows the forged note as a fact:\n%s", r.stdout)
		}
	}

	// The head deleted: a closed incident with no head fails, and says so.
	if err := os.WriteFile(path, good, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(headPath); err != nil {
		t.Fatal(err)
	}
	if r := shell(t, env, "verify", id); r.code != verifyIntegrity || !strings.Contains(r.stdout, "FAIL head: no-head") || !strings.Contains(r.stdout, "no signed head was checked") {
		t.Errorf("closed without a head: exit %d, stdout %q", r.code, r.stdout)
	}
	if err := os.WriteFile(headPath, head, 0o600); err != nil {
		t.Fatal(err)
	}

	// A legitimate reopen: fine against the local head, outdated against
	// the ticket's copy.
	s, err := incident.Resume(dir, incident.ResumeOptions{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reopen("suzuki", "the PPC asked for the access logs"); err != nil {
		t.Fatal(err)
	}
	if err := s.Detach(); err != nil {
		t.Fatal(err)
	}
	if r := shell(t, env, "verify", id); r.code != verifyOK || !strings.Contains(r.stdout, "reopened after the local head") {
		t.Errorf("reopened, local head: exit %d, stdout %q", r.code, r.stdout)
	}
	r := shell(t, env, "verify", id, "--head", ticket)
	if r.code != verifyOutdated || !strings.Contains(r.stdout, "reopened-after-head") || !strings.Contains(r.stdout, "suzuki reopened it at 2026-11-26T01:00:00Z: the PPC asked for the access logs") {
		t.Errorf("reopened, ticket's head: exit %d, stdout %q", r.code, r.stdout)
	}
}

// A closed incident's head must seal its last close (review H1, H4): the
// ticket's paragraph of a closed incident verifies (the local head is
// checked beside it); a reopen and close appended by hand after the sealed
// close fail, against the local head and against the paragraph alike; a
// real reopen and close verify against the local head and are outdated
// against the paragraph.
func TestVerifyClosedIncidentAgainstItsLastClose(t *testing.T) {
	env, vars := testEnv(t)
	sock, _ := fakeAgent(t)
	vars[envAgent] = sock
	tests := []struct {
		name string
		// after changes the closed, sealed incident in dir.
		after func(t *testing.T, dir string)
		// exit and want are verify's, plain and with the paragraph.
		exit, exitPara int
		want, wantPara string
	}{
		{name: "closed and sealed", after: func(*testing.T, string) {},
			exit: verifyOK, exitPara: verifyOK, wantPara: "the ticket's paragraph matches"},
		{name: "a reopen and close appended by hand", after: func(t *testing.T, dir string) {
			at := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
			j, err := journal.Config{Now: func() time.Time { return at }}.Open(dir, func(journal.Record) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range []journal.Entry{
				{Type: incident.TypeIncidentReopened, Data: []byte(`{"reason":"x"}`)},
				{Type: incident.TypeNoteAdded, Data: []byte(`{"text":"never happened"}`)},
				{Type: incident.TypeIncidentClosed, Data: []byte(`{"summary":"forged"}`)},
			} {
				e.At, e.Actor = at, "mallory"
				if _, err := j.Append(e); err != nil {
					t.Fatal(err)
				}
			}
			if err := j.Close(); err != nil {
				t.Fatal(err)
			}
		}, exit: verifyIntegrity, exitPara: verifyIntegrity, want: "close-not-sealed", wantPara: "close-not-sealed"},
		{name: "a real reopen and close", after: func(t *testing.T, dir string) {
			clock := testkit.NewClock(time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC))
			s, err := incident.Resume(dir, incident.ResumeOptions{Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Reopen("suzuki", "the PPC asked for the access logs"); err != nil {
				t.Fatal(err)
			}
			if err := s.Close("suzuki", "Logs sent."); err != nil {
				t.Fatal(err)
			}
		}, exit: verifyOK, exitPara: verifyOutdated, wantPara: "suzuki reopened it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, dir := openIncident(t, vars, true)
			r := shell(t, env, "seal", id, "-o", filepath.Join(t.TempDir(), "h.json"))
			if r.code != exitOK {
				t.Fatalf("seal: exit %d %s", r.code, r.stderr)
			}
			paragraph := filepath.Join(t.TempDir(), "ticket.txt")
			if err := os.WriteFile(paragraph, []byte(r.stdout), 0o600); err != nil {
				t.Fatal(err)
			}
			tt.after(t, dir)
			if r := shell(t, env, "verify", id); r.code != tt.exit || !strings.Contains(r.stdout, tt.want) {
				t.Errorf("verify: exit %d, want %d and %q\n%s", r.code, tt.exit, tt.want, r.stdout)
			}
			r = shell(t, env, "verify", id, "--head", paragraph)
			if r.code != tt.exitPara || !strings.Contains(r.stdout, tt.wantPara) || strings.Contains(r.stdout, "no-head") {
				t.Errorf("verify --head PARAGRAPH: exit %d, want %d and %q\n%s", r.code, tt.exitPara, tt.wantPara, r.stdout)
			}
		})
	}
}

// An id that names no incident is a usage error (exit 2, as the man page's
// EXIT STATUS says) for every command that takes one, and the line names
// where shodo looked.
func TestUnknownIncidentIsUsage(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	for _, args := range [][]string{
		{"export", "INC-NOPE"},
		{"resume", "INC-NOPE"},
		{"watch", "INC-NOPE"},
		{"seal", "INC-NOPE"},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := shell(t, env, args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, `no incident "INC-NOPE"`) || !strings.Contains(r.stderr, vars["SHODO_HOME"]) {
				t.Errorf("exit %d, want %d:\n%s", r.code, exitUsage, r.stderr)
			}
		})
	}
}
