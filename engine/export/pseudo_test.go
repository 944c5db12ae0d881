package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// japaneseIncident plays an incident on the shipped Japanese runbook with
// every kind of event a responder can cause — a role handed over, answers
// and a revision that cancels duties, a milestone, attempts, done, waived
// and overdue duties, notes, a crash and its recovery, and the close — all
// its free text in Japanese, so that only shodo's own words can be ASCII.
func japaneseIncident(t *testing.T) Input {
	t.Helper()
	rb := shippedRunbook(t, "service-failure-ja.toml")
	home := t.TempDir()
	clock := testkit.NewClock(start)
	at := func(d time.Duration) { clock.Set(start.Add(d)) }
	s, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: "sato", Clock: clock})
	if s != nil {
		t.Cleanup(func() { _ = s.Detach() }) // the summary is written off the append path
	}
	must(t, err)
	at(2 * time.Minute)
	must(t, s.Assign("sato", "ic", "佐藤（情報システム部）"))
	must(t, s.Answer("sato", "symptom", "ransom"))
	at(4 * time.Minute)
	must(t, s.Revise("sato", "symptom"))
	must(t, s.Answer("sato", "symptom", "ransom"))
	// Aware an hour before it was stamped: a claimed time.
	must(t, s.StampAt("suzuki", "appi-aware", start.Add(-time.Hour)))
	at(10 * time.Minute)
	must(t, s.DutyDone("sato", "vendor-first-call", "phone", "保守ベンダーが DB サーバーを隔離中"))
	// A checklist ticked, a tick taken back, a report done with items
	// left, an approval: the version 2 content of a duty.
	must(t, s.TickItem("sato", "vendor-first-report", "what-failed"))
	must(t, s.TickItem("sato", "vendor-first-report", "suspect"))
	must(t, s.UntickItem("sato", "vendor-first-report", "suspect"))
	must(t, s.DutyDoneUnticked("sato", "vendor-first-report", "email", "根拠は後日"))
	must(t, s.Approve("sato", "customer-notice"))
	// Report fields filled in, one replaced, one cleared (version 2).
	must(t, s.SetField("suzuki", "appi-preliminary", "appi-summary", []string{"受注 DB サーバーがランサムウェアで暗号化された"}))
	must(t, s.SetField("suzuki", "appi-preliminary", "appi-data-items", []string{"氏名", "住所"}))
	must(t, s.SetField("suzuki", "appi-preliminary", "appi-people", []string{"1,200"}))
	must(t, s.SetField("suzuki", "appi-preliminary", "appi-people", []string{"1350"}))
	must(t, s.SetField("suzuki", "appi-preliminary", "appi-cause", []string{"不明"}))
	must(t, s.SetField("suzuki", "appi-preliminary", "appi-cause", nil))
	at(20 * time.Minute)
	must(t, s.Answer("sato", "pii-held", "yes"))
	must(t, s.Answer("suzuki", "eu-data", "no"))
	must(t, s.Answer("suzuki", "what-happened", "encrypted"))
	at(25 * time.Minute)
	must(t, s.DutyAttempted("sato", "call-security-vendor", "phone", "応答なし"))
	must(t, s.Note("suzuki", "ファイルサーバーに脅迫文\n拡張子は .lock"))
	must(t, s.PauseDuty("sato", "preserve-evidence", "ベンダーの到着待ち"))
	at(30 * time.Minute)
	must(t, s.ResumeDuty("sato", "preserve-evidence", "ベンダー到着"))
	must(t, s.PauseDuty("sato", "call-security-vendor", "折り返し待ち"))
	must(t, s.RestartDuty("sato", "capture-state", "監視ログを取り直すため"))
	at(20 * time.Minute) // the system clock steps back
	must(t, s.Note("suzuki", "時計が戻った"))
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
	must(t, s.Waive("sato", "customer-notice", "受注サイトはメンテナンス表示済み"))
	at(5 * time.Hour)
	must(t, s.Tick())
	must(t, s.Resolve("sato", start.Add(4*time.Hour+30*time.Minute)))
	handOverRest(t, s, "sato", "運用チーム（加藤）", "運用-2041")
	at(6 * time.Hour)
	waiveRest(t, s, "sato", "法務が不要と判断")
	must(t, s.Close("sato", "受注 DB サーバーのランサムウェア。02:00 のバックアップから復旧。"))
	must(t, s.Detach())
	return readInput(t, dir)
}

// allowedWords are the ASCII words an export in the pseudo-locale rightly
// holds: the runbook's own text (its string values, which a Japanese
// runbook still writes some of in ASCII: CSIRT, DB), ids (of the runbook,
// its means, the actors), the command a reader runs, time zones, and the
// syntax of Mermaid charts.
func allowedWords(t *testing.T, st *incident.State) []string {
	t.Helper()
	allow := []string{"sato", "suzuki", "INC", "JST", "UTC", "shodo", "verify"}
	allow = append(allow, strings.Fields("mermaid gantt title dateFormat YYYY MM DD HH mm ss axisFormat done active crit")...)
	allow = append(allow, testkit.EnglishLeaks(st.ID+" "+st.UUID+" "+st.Runbook.ID+" "+strings.Join(st.Actors, " "))...)
	value := regexp.MustCompile(`"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'`)
	for _, src := range st.Runbook.Sources {
		for _, v := range value.FindAllString(src.Text, -1) {
			allow = append(allow, testkit.EnglishLeaks(v)...)
		}
	}
	// What the responders wrote, and file names, are theirs and shodo's
	// ids: the script writes Japanese, with a few ASCII words (DB, .lock).
	for _, e := range st.Events {
		switch p := e.Data.(type) {
		case incident.NoteAdded:
			allow = append(allow, testkit.EnglishLeaks(p.Text)...)
		case incident.DutyDone:
			allow = append(allow, testkit.EnglishLeaks(p.Note)...)
		case incident.IncidentClosed:
			allow = append(allow, testkit.EnglishLeaks(p.Summary)...)
		case incident.JournalRecovered:
			allow = append(allow, testkit.EnglishLeaks(p.Quarantine)...)
		case incident.EvidenceRegistered:
			allow = append(allow, testkit.EnglishLeaks(p.What+" "+p.Where+" "+p.Collector)...)
		case incident.FieldSet:
			allow = append(allow, testkit.EnglishLeaks(p.Value+" "+strings.Join(p.Values, " "))...)
		case incident.EvidenceTransferred:
			allow = append(allow, testkit.EnglishLeaks(p.From+" "+p.To+" "+p.How+" "+p.Why+" "+p.Where)...)
		case incident.DutyExtended:
			allow = append(allow, testkit.EnglishLeaks(p.Authority+" "+p.Reference+" "+p.Length)...)
		}
	}
	if st.Drill != nil {
		for _, v := range value.FindAllString(st.Drill.Source, -1) {
			allow = append(allow, testkit.EnglishLeaks(v)...)
		}
	}
	return allow
}

// hexRun matches hashes and UUIDs, which are ids.
var hexRun = regexp.MustCompile(`[0-9a-f]{8,}(?:-[0-9a-f]{4,})*`)

// codeSpan matches Markdown code: a trigger as written, a hash.
var codeSpan = regexp.MustCompile("`[^`]*`")

func leaks(t *testing.T, format, text string, allow []string) {
	t.Helper()
	text = hexRun.ReplaceAllString(codeSpan.ReplaceAllString(text, ""), "")
	if l := testkit.EnglishLeaks(text, allow...); len(l) > 0 {
		t.Errorf("%s in the pseudo-locale holds words that are not in the catalogue: %v", format, l)
	}
}

// Every export format, in the pseudo-locale, holds no English word that
// does not come from the catalogue, outside what is machine vocabulary:
// JSON keys and codes, the CSV header row, Timesketch's fields, times, ids.
func TestPseudoLocaleExports(t *testing.T) {
	t.Parallel()
	in := japaneseIncident(t)
	allow := allowedWords(t, in.State)
	opt := Options{Lang: i18n.Pseudo, Location: jst}
	for _, typ := range []string{incident.TypeDutyWithdrawn, incident.TypeDutyReturned, incident.TypeDutyPaused, incident.TypeDutyResumed,
		incident.TypeDutyRestarted, incident.TypeClockStepped} {
		if !slices.ContainsFunc(in.State.Events, func(e incident.Event) bool { return e.Type == typ }) {
			t.Fatalf("the script records no %s: its sentence goes untested", typ)
		}
	}

	var md bytes.Buffer
	must(t, Markdown(&md, in, opt))
	leaks(t, "md", md.String(), allow)

	var js bytes.Buffer
	must(t, JSON(&js, in, opt))
	var doc map[string]any
	must(t, json.Unmarshal(js.Bytes(), &doc))
	leaks(t, "json", strings.Join(jsonWords(doc), "\n"), allow)

	var cs bytes.Buffer
	must(t, CSV(&cs, in, opt))
	rows, err := csv.NewReader(&cs).ReadAll()
	must(t, err)
	for _, row := range rows[1:] { // the header row is for scripts
		leaks(t, "csv", row[6], allow)
	}

	var ts bytes.Buffer
	must(t, Timesketch(&ts, in, opt))
	for _, line := range strings.Split(strings.TrimSpace(ts.String()), "\n") {
		var ev map[string]any
		must(t, json.Unmarshal([]byte(line), &ev))
		leaks(t, "timesketch", ev["message"].(string), allow)
	}
}

// Every report draft, Markdown and JSON, in the pseudo-locale: its
// headings and its words for empty, claimed and filled items all come
// from the catalogue.
func TestPseudoLocaleReports(t *testing.T) {
	t.Parallel()
	in := regimesIncident(t)
	allow := append(allowedWords(t, in.State), "kato")
	opt := Options{Lang: i18n.Pseudo, Location: jst}
	for _, regime := range Regimes() {
		opt.Regime = regime
		var md bytes.Buffer
		must(t, Report(&md, in, opt))
		leaks(t, "report "+regime, md.String(), allow)
		var js bytes.Buffer
		must(t, ReportJSON(&js, in, opt))
		var doc map[string]any
		must(t, json.Unmarshal(js.Bytes(), &doc))
		leaks(t, "report-json "+regime, strings.Join(jsonWords(doc), "\n"), allow)
	}
}

// jsonWords returns the text of a JSON export that is for people: every
// string value but the journal's own data (the runbook source, payloads)
// and the fields that hold codes and ids.
func jsonWords(v any) []string {
	codes := []string{"data", "sealed", "type", "id", "uuid", "incident", "runbook", "node", "option", "status", "trigger", "means", "head", "who", "contacts", "actor", "done_by", "at", "time", "opened", "closed_at", "started", "due", "done_at",
		"regime", "lang", "zone", "empty", "ref", "source", "recorded", "submitted"}
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if !slices.Contains(codes, k) {
				out = append(out, jsonWords(x)...)
			}
		}
	case []any:
		for _, x := range v {
			out = append(out, jsonWords(x)...)
		}
	case string:
		out = append(out, v)
	}
	return out
}

// The after-action report of a drill on the Japanese runbook, in the
// pseudo-locale, holds no English word that is not the scenario's or the
// runbook's own.
func TestPseudoLocaleAAR(t *testing.T) {
	t.Parallel()
	in := playDrill(t, shippedScenario(t, "vendor-misses-report-ja.toml"))
	var b bytes.Buffer
	must(t, AAR(&b, in, Options{Lang: i18n.Pseudo, Location: jst}))
	leaks(t, "aar", b.String(), allowedWords(t, in.State))
}
