package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// buildShodoTest compiles the real binary with -tags shodotest, which adds
// three things only (tui/testhook_shodotest.go, testhook_shodotest.go):
// $SHODO_TEST_SLOW_SAVE delays every command the app sends to the engine,
// before the engine records it — a slow fsync as the app sees it;
// $SHODO_TEST_ANSWER_GUARD sets how long enter does not answer after the
// triage question changed; $SHODO_TEST_FULL_DISK fails shodo serve's
// journal writes as a full disk does while the file it names exists. The
// production build has no such code and never reads the variables.
var buildShodoTest = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "shodo-e2e-test-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "shodo")
	out, err := exec.Command("go", "build", "-tags", "shodotest", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", &buildError{out: string(out), err: err}
	}
	return bin, nil
})

// journalTypes counts the records of the one incident under home by type,
// read from its journal on disk.
func journalTypes(t *testing.T, home string) (map[string]int, []string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(home, "*", "*", "timeline.jsonl"))
	if err == nil && len(paths) == 0 {
		paths, err = filepath.Glob(filepath.Join(home, "*", "timeline.jsonl"))
	}
	if err != nil || len(paths) != 1 {
		t.Fatalf("want one journal under %s, found %v (%v)", home, paths, err)
	}
	f, err := os.Open(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	counts := map[string]int{}
	var notes []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var rec struct {
			Type string `json:"type"`
			Data struct {
				Text string `json:"text"`
			} `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("journal line %q: %v", sc.Text(), err)
		}
		counts[rec.Type]++
		if rec.Type == "note.added" {
			notes = append(notes, rec.Data.Text)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return counts, notes
}

// Issue 12, M1, on the real binary in a pseudo-terminal: a paste with an
// early end-of-paste marker, whose tail carries esc, digits, enter and
// ctrl+s, stays text in its note; then, on a save slowed to 400 ms, keys
// typed ahead ("n2 servers down", enter, m, enter) stay with the saving
// dialog. The journal on disk holds no answer, no milestone, no stray
// note.
func TestStrayKeysRecordNothing(t *testing.T) {
	bin, err := buildShodoTest()
	if err != nil {
		t.Fatalf("build shodo -tags shodotest: %v", err)
	}
	home := t.TempDir()
	shodoHome := filepath.Join(home, "shodo")
	env := []string{
		"HOME=" + home, "SHODO_HOME=" + shodoHome, "SHODO_ACTOR=e2e",
		"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"),
		"SHODO_TEST_SLOW_SAVE=400ms",
	}

	// The malicious paste.
	s := startScreenWith(t, bin, env, 100, 30, "run", "service-failure")
	s.waitFor("What was reported first?", "LIVE")
	s.press("n")
	s.waitFor("Add a note to the timeline")
	s.press("\x1b[200~pasted \x1b[31mred\x1b[0m text\x1b[201~" + // ends early ...
		"\x1b" + "2\r1\x13\r2\r\x1b[201~") // ... and its tail: esc, digits, enter, ctrl+s
	// The tail's text and enters are typed into the note; alt+2 (esc 2)
	// and ctrl+s are held back, counted.
	txt := s.waitFor("2 keys not taken: they followed a paste", "Add a note to the timeline",
		"| pasted red text", "| 1", "| 2")
	if incidentID.FindString(txt) == "" {
		t.Fatalf("no incident id on screen:\n%s", txt)
	}
	s.kill()
	counts, notes := journalTypes(t, shodoHome)
	if counts["triage.answered"] != 0 || counts["milestone.stamped"] != 0 || len(notes) != 0 {
		t.Fatalf("the paste recorded %v, notes %q", counts, notes)
	}

	// Type-ahead on a slow save.
	r := startScreenWith(t, bin, env, 100, 30, "resume")
	r.waitFor("What was reported first?")
	r.press("n")
	r.waitFor("Add a note to the timeline")
	r.press("bridge opened")
	r.waitFor("bridge opened")
	r.press("\x13", "n", "2", " servers down", "\r", "m", "\r")
	r.waitFor("Recorded: note", "keys not taken: typed while the dialog was saving")
	r.kill()
	counts, notes = journalTypes(t, shodoHome)
	if counts["triage.answered"] != 0 || counts["milestone.stamped"] != 0 || counts["verdict.reached"] != 0 {
		t.Fatalf("type-ahead recorded %v", counts)
	}
	if len(notes) != 1 || notes[0] != "bridge opened" {
		t.Fatalf("notes %q, want only %q", notes, "bridge opened")
	}
}

// A second enter right after an answer (a key bounce) does not answer the
// next question, on the real binary in a pseudo-terminal. The answer guard
// is held open for an hour, so that the second enter falls within it
// however slowly the machine draws; it is counted on the screen, and the
// journal holds one answer.
func TestAnswerBounce(t *testing.T) {
	bin, err := buildShodoTest()
	if err != nil {
		t.Fatalf("build shodo -tags shodotest: %v", err)
	}
	home := t.TempDir()
	shodoHome := filepath.Join(home, "shodo")
	env := []string{
		"HOME=" + home, "SHODO_HOME=" + shodoHome, "SHODO_ACTOR=e2e",
		"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"),
		"SHODO_TEST_ANSWER_GUARD=1h",
	}
	s := startScreenWith(t, bin, env, 100, 30, "run", "service-failure")
	s.waitFor("What was reported first?", "LIVE")
	s.press("1", "\r")
	s.waitFor("Was anything changed shortly before it started?", "Recorded: answer")
	s.press("\r")
	s.waitFor("1 key not taken: enter came as the question changed")
	s.press("\r")
	s.waitFor("2 keys not taken: enter came as the question changed", "Was anything changed shortly before it started?")
	s.kill()
	counts, _ := journalTypes(t, shodoHome)
	if counts["triage.answered"] != 1 {
		t.Fatalf("journal holds %d answers, want 1: %v", counts["triage.answered"], counts)
	}
}
