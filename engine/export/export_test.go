package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/internal/textsafe"
	"github.com/shodo-dev/shodo/runbooks"
)

var jst = time.FixedZone("JST", 9*60*60)

// start is 10:00 in Tokyo on the day of the scripted incident.
var start = time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// scriptedIncident plays the scenario on the shipped service-failure
// runbook: a ransomware night in which some duties are met and some missed,
// the process dies in the middle of an append, and the incident resumes and
// closes. It returns the incident directory.
func scriptedIncident(t *testing.T) (string, *testkit.Clock) {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	home := t.TempDir()
	clock := testkit.NewClock(start)
	at := func(d time.Duration) { clock.Set(start.Add(d)) }

	s, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	at(5 * time.Minute)
	must(t, s.Answer("sato", "symptom", "ransom"))
	at(10 * time.Minute)
	must(t, s.DutyDone("sato", "vendor-first-call", "phone", "ACME on the line; isolating the DB server"))
	at(20 * time.Minute)
	must(t, s.Answer("sato", "pii-held", "yes"))
	must(t, s.Answer("suzuki", "eu-data", "no"))
	must(t, s.Answer("suzuki", "what-happened", "encrypted"))
	at(25 * time.Minute)
	must(t, s.DutyAttempted("sato", "call-security-vendor", "phone", "no answer"))
	must(t, s.Note("suzuki", "Ransom note found on \\\\fileserver\\share | files end in .lock"))
	at(100 * time.Minute)
	must(t, s.DutyDone("sato", "call-security-vendor", "phone", "Shield Security on site by 13:00"))

	// The process dies while appending: half a line reaches the disk.
	dir := s.Dir()
	must(t, s.Detach())
	f, err := os.OpenFile(filepath.Join(dir, journal.JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":99,"id":"torn","at":"2026-11-25T`)
	must(t, err)
	must(t, f.Close())

	at(110 * time.Minute)
	s, err = incident.Resume(dir, incident.ResumeOptions{Home: home, Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	must(t, s.Waive("sato", "customer-notice", "Order site already shows a maintenance page; PR decides the wording tomorrow"))
	at(5 * time.Hour)
	must(t, s.Tick())
	// The order system is back (since 04:30 in), and the follow-up goes on:
	// the rest of the work is handed over, the reports to the PPC are not.
	must(t, s.Resolve("sato", start.Add(4*time.Hour+30*time.Minute)))
	handOverRest(t, s, "sato", "Operations (Kato)", "OPS-2041")
	at(6 * time.Hour)
	must(t, s.DutyDone("dpo", "appi-preliminary", "form", "PPC receipt 2026-1125-01"))
	must(t, s.DutyDone("dpo", "appi-notify-individuals", "email", ""))
	must(t, s.Waive("dpo", "appi-final", "a wrongful purpose is likely: the 60-day report applies"))
	at(20 * 24 * time.Hour)
	must(t, s.DutyDone("dpo", "appi-final-wrongful", "form", "PPC receipt 2026-1215-07"))
	must(t, s.Close("sato", "Ransomware on the order DB server; restored from the 02:00 backup. PPC preliminary and final reports filed."))
	must(t, s.Detach())
	return dir, clock
}

// handOverRest hands over every running duty that is not a legal one, so
// that the incident may close once its legal duties are done or waived.
func handOverRest(t *testing.T, s *incident.Session, actor, owner, ticket string) {
	t.Helper()
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning && !d.Spec.Legal && d.Handover == nil {
			must(t, s.HandOver(actor, d.ID, owner, ticket))
		}
	}
}

// waiveRest waives every running duty.
func waiveRest(t *testing.T, s *incident.Session, actor, reason string) {
	t.Helper()
	for _, d := range s.State().Duties {
		if d.Status == incident.StatusRunning {
			must(t, s.Waive(actor, d.ID, reason))
		}
	}
}

// readInput replays a journal read-only, as `shodo export` does.
func readInput(t *testing.T, dir string) Input {
	t.Helper()
	in, err := Read(dir)
	must(t, err)
	return in
}

// normalise replaces what is random in every run (ids, hashes, keys) with
// stable names, so golden files compare.
func normalise(in Input, out string) string {
	st := in.State
	pairs := []string{st.ID, "INC-TEST", st.UUID, "00000000-uuid"}
	for _, ev := range st.Events {
		pairs = append(pairs, ev.ID, fmt.Sprintf("record-%d", ev.Seq))
	}
	if in.Sealed != nil {
		// The signature holds newlines, which JSON escapes.
		escaped, _ := json.Marshal(in.Sealed.Signature)
		pairs = append(pairs, in.Sealed.Signature, "SIGNATURE", string(escaped[1:len(escaped)-1]), "SIGNATURE", in.Sealed.Hash, "SEALED-HASH")
		if in.Sealed.Signer != "" {
			pairs = append(pairs, in.Sealed.Signer, "SIGNER")
		}
		if in.Sealed.PublicKey != "" {
			pairs = append(pairs, in.Sealed.PublicKey, "PUBLIC-KEY")
		}
	}
	pairs = append(pairs, in.Head, "HEAD-HASH")
	for _, ev := range st.Events {
		if p, ok := ev.Data.(incident.JournalRecovered); ok {
			pairs = append(pairs, p.SHA256, "TORN-SHA256")
		}
	}
	return strings.NewReplacer(pairs...).Replace(out)
}

// golden compares an export with its golden file under testdata/export.
func golden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("..", "..", "testdata", "export", name), []byte(got))
}

// The "done when": a scripted incident, killed mid-append and
// resumed, exports in every format exactly as its golden file says.
func TestScriptedIncidentExports(t *testing.T) {
	dir, _ := scriptedIncident(t)
	in := readInput(t, dir)
	st := in.State

	// Nothing acknowledged was lost, and the crash is on the record.
	if st.Verdict == nil || st.Verdict.ID != "ransomware" || !st.Closed {
		t.Fatalf("verdict %+v closed %v", st.Verdict, st.Closed)
	}
	if d := st.Duty("call-security-vendor"); d.Status != incident.StatusDone || len(d.Attempts) != 1 || !d.OnTime() {
		t.Errorf("call-security-vendor: %+v", d)
	}
	if d := st.Duty("vendor-escalation"); d.Status == incident.StatusIdle {
		t.Errorf("the overdue first report did not start the escalation")
	}
	recovered := 0
	for _, ev := range st.Events {
		if ev.Type == incident.TypeJournalRecovered {
			recovered++
		}
	}
	if recovered != 1 {
		t.Errorf("journal.recovered events = %d; want 1", recovered)
	}
	if rep, err := journal.Verify(dir, journal.VerifyOptions{HeadPath: filepath.Join(dir, "timeline.head")}); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep, err)
	}

	for _, c := range []struct{ format, lang, file string }{
		{"md", "en", "postmortem.en.md"},
		{"md", "ja", "postmortem.ja.md"},
		{"json", "en", "incident.json"},
		{"csv", "en", "timeline.csv"},
		{"timesketch", "en", "timesketch.jsonl"},
	} {
		t.Run(c.file, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Write(&b, c.format, in, Options{Lang: c.lang, Location: jst}))
			golden(t, c.file, normalise(in, b.String()))
		})
	}
}

// Each machine format must parse with a standard reader, row for row.
func TestMachineFormatsParse(t *testing.T) {
	dir, _ := scriptedIncident(t)
	in := readInput(t, dir)
	n := len(in.State.Events)

	var js bytes.Buffer
	must(t, JSON(&js, in, Options{}))
	var doc struct {
		Events []map[string]any `json:"events"`
		Head   string           `json:"head"`
	}
	must(t, json.Unmarshal(js.Bytes(), &doc))
	if len(doc.Events) != n || doc.Head != in.Head {
		t.Errorf("json: %d events head %q; want %d and %q", len(doc.Events), doc.Head, n, in.Head)
	}

	var cs bytes.Buffer
	must(t, CSV(&cs, in, Options{}))
	rows, err := csv.NewReader(&cs).ReadAll()
	must(t, err)
	if len(rows) != n+1 {
		t.Errorf("csv rows = %d; want header + %d", len(rows), n)
	}

	var ts bytes.Buffer
	must(t, Timesketch(&ts, in, Options{}))
	lines := strings.Split(strings.TrimSpace(ts.String()), "\n")
	if len(lines) != n {
		t.Fatalf("timesketch lines = %d; want %d", len(lines), n)
	}
	for i, l := range lines {
		var ev map[string]any
		must(t, json.Unmarshal([]byte(l), &ev))
		for _, k := range []string{"message", "datetime", "timestamp_desc", "actor", "event_type", "incident_id", "seq"} {
			if _, ok := ev[k]; !ok {
				t.Errorf("timesketch line %d lacks %q", i+1, k)
			}
		}
		if _, err := time.Parse(time.RFC3339Nano, ev["datetime"].(string)); err != nil {
			t.Errorf("line %d datetime: %v", i+1, err)
		}
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+1": "'+1", "-x": "'-x", "@a": "'@a", "plain": "plain", "": ""} {
		if got := textsafe.CSV(in); got != want {
			t.Errorf("textsafe.CSV(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestMarkdownEscapesRunbookText(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":          `a\|b`,
		"<script>":     "&lt;script&gt;",
		"**bold** _x_": `\*\*bold\*\* \_x\_`,
		"line\nbreak":  "line break",
		"[link](http)": `\[link\](http)`,
	} {
		if got := md(in); got != want {
			t.Errorf("md(%q) = %q; want %q", in, got, want)
		}
	}
	if got := ganttName("a: b #c; d"); strings.ContainsAny(got, ":#;") {
		t.Errorf("ganttName kept syntax: %q", got)
	}
}

// TestGanttNameNeutralisesMermaid: a duty title is runbook text, and the
// gantt chart of a postmortem must draw every duty as a task whatever the
// title says (issue 12, L11).
func TestGanttNameNeutralisesMermaid(t *testing.T) {
	for in, want := range map[string]string{
		`%%{init: {"theme": "forest"}}%%`: `％％{init： {"theme"： "forest"}}％％`,
		"x %% comment":                    "x ％％ comment",
		"first\nsecond: third":            "first second： third",
		"a\u2028b":                        "a<U+2028>b",
		"```\n<img src=x>":                "｀｀｀ <img src=x>",
		"Call the security vendor":        "- Call the security vendor",
		"click here":                      "- click here",
		"SECTION Forged":                  "- SECTION Forged",
		"title\tOwned":                    "- title Owned",
		"ganttish":                        "- ganttish",
		"topAxis":                         "- topAxis",
		"accTitle: x":                     "- accTitle： x",
		"2026-11-25 outage":               "- 2026-11-25 outage",
		"Callback the vendor":             "Callback the vendor",
		"Titles and sections":             "Titles and sections",
		"Notify the regulator":            "Notify the regulator",
		"ベンダーに電話":                         "ベンダーに電話",
	} {
		got := ganttName(in)
		if got != want {
			t.Errorf("ganttName(%q) = %q; want %q", in, got, want)
		}
		if strings.ContainsAny(got, ":#;%`\n\u2028") || ganttStatement(got) {
			t.Errorf("ganttName(%q) = %q still reads as gantt syntax", in, got)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "pdf", Input{}, Options{}); err == nil || !strings.Contains(err.Error(), "md") {
		t.Errorf("Write(pdf) = %v; want an error listing the formats", err)
	}
}
