package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/textsafe"
	"github.com/shodo-dev/shodo/runbooks"
)

// hostileCorpus is what a crafted journal can carry (its chain has no
// secret): escape sequences that write the clipboard (OSC 52), clear the
// screen, and make hyperlinks (OSC 8); bidi, zero-width, tag and
// line-separator characters; NUL and BEL; cells that a spreadsheet would
// run as formulas; Markdown that would forge a table row or hide text.
var hostileCorpus = []string{
	"\x1b]52;c;cm0gLXJmIH4=\x07clipboard",
	"\x1b[2J\x1b[3J\x1b[Hcleared",
	"\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
	"\u009b2J8-bit\u009d0;title\u009c",
	"invoice\u202Etxt.exe",
	"iso\u2066late\u2069",
	"zero\u200bwidth\u200djoin\ufeff",
	"tag\U000E0041\U000E0042",
	"line\u2028separator\u2029paragraph",
	"nul\x00bel\x07bs\x08cr\rdel\x7f",
	`=HYPERLINK("http://evil.example","click")`,
	"  +cmd|' /C calc'!A0",
	"@SUM(1+1)",
	"-2+3",
	"\t=1",
	"＝1",
	"| forged | row |\n| x | y |",
	"<!-- hidden --> [link](http://evil.example) **bold**",
}

// hostileActor writes every event it can: a formula, escapes and a bidi
// override in the name of the person at the keyboard.
const hostileActor = "=cmd\x1b]52;c;eA==\x07mallory\u202e"

// hostileIncident writes one incident and one drill through the engine with
// the corpus in every free-text place a responder fills (notes, a waiver's
// reason, an assignee, the closing summary, the actor), plus a 1 MB note.
func hostileIncident(t *testing.T, env environment, vars map[string]string) (incidentID, drillID string) {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	now := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	clock := incident.ClockFunc(func() time.Time { return now })
	s, err := incident.Open(rb, incident.OpenOptions{Home: vars["SHODO_HOME"], Actor: hostileActor, Clock: clock, ID: "INC-20261125-BAD1", UUID: "00000000-0000-4000-8000-0000000000b1"})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, s, func() { now = now.Add(time.Minute) })
	if err := s.Detach(); err != nil {
		t.Fatal(err)
	}

	env.shipped = runbooks.FS
	sc, _, err := env.resolveScenario("friday-ransomware")
	if err != nil {
		t.Fatal(err)
	}
	real := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	d, err := drill.Start(sc, drill.StartOptions{Home: vars["SHODO_HOME"], Actor: hostileActor, Real: func() time.Time { return real }})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, d.Session(), func() { real = real.Add(time.Second) })
	if err := d.Detach(); err != nil {
		t.Fatal(err)
	}
	return s.ID(), d.Session().ID()
}

func fill(t *testing.T, s *incident.Session, tick func()) {
	t.Helper()
	for _, text := range hostileCorpus {
		tick()
		if err := s.Note(hostileActor, text); err != nil {
			t.Fatalf("note %q: %v", text, err)
		}
	}
	tick()
	if err := s.Note(hostileActor, strings.Repeat("A", 1<<20)+"\x1b[2J\u202eend"); err != nil {
		t.Fatalf("1 MB note: %v", err)
	}
	tick()
	if err := s.Assign(hostileActor, "ic", strings.Join(hostileCorpus, " ")); err != nil {
		t.Fatalf("assign: %v", err)
	}
	st := s.State()
	for _, d := range st.Duties {
		if d.Status == incident.StatusRunning {
			tick()
			if err := s.Waive(hostileActor, d.ID, hostileCorpus[0]+hostileCorpus[4]+hostileCorpus[10]); err != nil {
				t.Fatalf("waive: %v", err)
			}
			break
		}
	}
	tick()
	// Hand-overs carry hostile owners and tickets into the close records too.
	handOverAll(t, s, hostileCorpus[0], hostileCorpus[len(hostileCorpus)-1])
	if err := s.Close(hostileActor, strings.Join(hostileCorpus, "\n")); err != nil {
		t.Fatalf("close: %v", err)
	}
}

// TestHostileJournalEverywhere is issue 12 M4: one hostile journal through
// every command and every export format. No raw control byte reaches a
// terminal or a file, no CSV cell can start a formula, every invisible
// character is shown, JSON stays JSON, and no Markdown row is forged.
func TestHostileJournalEverywhere(t *testing.T) {
	env, vars := testEnv(t)
	id, drillID := hostileIncident(t, env, vars)
	dir := t.TempDir()

	runs := map[string][]string{
		"list":               {"list"},
		"verify":             {"verify", id},
		"verify --json":      {"verify", id, "--json"},
		"verify drill":       {"verify", drillID},
		"seal":               {"seal", id},
		"export md":          {"export", id, "--format", "md"},
		"export md ja":       {"export", id, "--format", "md", "--lang", "ja"},
		"export json":        {"export", id, "--format", "json"},
		"export csv":         {"export", id, "--format", "csv"},
		"export timesketch":  {"export", id, "--format", "timesketch"},
		"export custody":     {"export", id, "--format", "custody"},
		"export aar":         {"export", drillID, "--format", "aar"},
		"export drill csv":   {"export", drillID, "--format", "csv"},
		"export -o md":       {"export", id, "--format", "md", "-o", filepath.Join(dir, "pm.md")},
		"resume closed":      {"resume", id},
		"export unknown fmt": {"export", id, "--format", "pdf"},
	}
	for name, args := range runs {
		t.Run(name, func(t *testing.T) {
			r := shell(t, env, args...)
			if strings.HasPrefix(name, "export") && name != "export unknown fmt" && r.code != exitOK {
				t.Fatalf("exit %d: %.500s", r.code, r.stderr)
			}
			if strings.HasSuffix(name, "csv") {
				// The byte order mark a CSV starts with is shodo's own, for
				// Excel; the journal's U+FEFF must still be shown (shown).
				if !strings.HasPrefix(r.stdout, "\ufeff") {
					t.Errorf("the CSV does not start with a byte order mark: %.40q", r.stdout)
				}
				r.stdout = strings.TrimPrefix(r.stdout, "\ufeff")
			}
			for stream, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
				if bad := hostileByte(out); bad != "" {
					t.Errorf("%s: %s", stream, bad)
				}
			}
			out := r.stdout
			switch {
			case name == "export -o md":
				b, err := readFileString(filepath.Join(dir, "pm.md"))
				if err != nil {
					t.Fatal(err)
				}
				if bad := hostileByte(b); bad != "" {
					t.Errorf("file: %s", bad)
				}
				out = b
				fallthrough
			case strings.HasPrefix(name, "export md"), name == "export aar":
				shown(t, out)
				if strings.Contains(out, "| forged |") || strings.Contains(out, "<!--") || liveLink.MatchString(out) {
					t.Error("Markdown from the journal is live")
				}
			case strings.HasSuffix(name, "csv"):
				shown(t, out)
				cells(t, out)
			case name == "verify --json":
				if !json.Valid([]byte(out)) {
					t.Fatalf("not JSON: %.300s", out)
				}
			case name == "export json":
				if !json.Valid([]byte(out)) {
					t.Fatalf("not JSON: %.300s", out)
				}
				shownJSON(t, out)
			case name == "export timesketch":
				for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					if !json.Valid([]byte(line)) {
						t.Fatalf("line %d is not JSON: %.300s", i+1, line)
					}
				}
				shownJSON(t, out)
			}
		})
	}
}

// liveLink is a Markdown link whose bracket is not escaped.
var liveLink = regexp.MustCompile(`(^|[^\\])\[link\]`)

// hostileByte describes the first character of out that must never reach a
// terminal or a file as it is: a control but "\n" and "\t", an invisible
// character, or a byte that is not UTF-8.
func hostileByte(out string) string {
	for i, r := range out {
		switch {
		case r == utf8.RuneError:
			return fmt.Sprintf("invalid UTF-8 at byte %d", i)
		case r != '\n' && r != '\t' && unicode.IsControl(r), textsafe.Invisible(r):
			return fmt.Sprintf("raw %U at byte %d: %q", r, i, out[max(0, i-40):min(len(out), i+40)])
		}
	}
	return ""
}

// shown checks that every invisible character of the corpus is written as
// its code point.
func shown(t *testing.T, out string) {
	t.Helper()
	for _, r := range "\u202e\u2066\u200b\u200d\ufeff\U000E0041\u2028\u2029" {
		if cp := fmt.Sprintf("<U+%04X>", r); !strings.Contains(out, cp) && !strings.Contains(out, strings.ReplaceAll(strings.ReplaceAll(cp, "<", "&lt;"), ">", "&gt;")) {
			t.Errorf("%s is not shown", cp)
		}
	}
}

// shownJSON checks the same of JSON, where it may also be a \u escape.
func shownJSON(t *testing.T, out string) {
	t.Helper()
	for _, r := range "\u202e\u2066\u200b\u200d\ufeff\u2028\u2029" {
		if !strings.Contains(out, fmt.Sprintf("<U+%04X>", r)) && !strings.Contains(out, fmt.Sprintf(`\u%04x`, r)) {
			t.Errorf("%U is not shown", r)
		}
	}
}

// cells checks that no CSV cell can start a formula.
func cells(t *testing.T, out string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		for j, cell := range row {
			first := strings.TrimLeft(cell, " \u3000")
			if first == "" {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(first); strings.ContainsRune("=+-@\t\r＝＋－＠", r) {
				t.Errorf("row %d cell %d can start a formula: %.80q", i+1, j+1, cell)
			}
		}
	}
}

func readFileString(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

// TestActorFlagIsCleaned is issue 12 M4: --actor is recorded as
// $SHODO_ACTOR is, one line with escape sequences removed and invisible
// characters shown, so the journal never carries them to later readers.
func TestActorFlagIsCleaned(t *testing.T) {
	env, vars := testEnv(t)
	opt, err := env.tuiOptions(&appFlags{actor: "mallory\x1b]52;c;eA==\x07\u202e\nsecond line"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "mallory<U+202E> second line"; opt.Actor != want {
		t.Errorf("--actor recorded as %q; want %q", opt.Actor, want)
	}
	vars["SHODO_ACTOR"] = "mallory\x1b]52;c;eA==\x07\u202e\nsecond line"
	opt, err = env.tuiOptions(&appFlags{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "mallory<U+202E> second line"; opt.Actor != want {
		t.Errorf("$SHODO_ACTOR recorded as %q; want %q", opt.Actor, want)
	}
}
