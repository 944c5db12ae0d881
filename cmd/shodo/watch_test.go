package main

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// A second writer is told who writes the incident and how to watch it
// instead: the watch command and the journal's path each on a line of
// their own, whole, in every language.
func TestSecondWriterIsToldToWatch(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "ja", string(i18n.Pseudo)} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			env, vars := testEnv(t)
			if r := shell(t, env, "run", "db-outage", "--no-tui"); r.code != exitOK {
				t.Fatalf("run --no-tui: exit %d\n%s", r.code, r.stderr)
			}
			home := vars["SHODO_HOME"]
			sums, err := incident.List(home)
			if err != nil || len(sums) != 1 {
				t.Fatalf("incidents: %v %v", sums, err)
			}
			id, dir := sums[0].ID, sums[0].Dir
			held, err := incident.Resume(dir, incident.ResumeOptions{Home: home, Actor: "Sato"})
			if err != nil {
				t.Fatal(err)
			}
			defer held.Detach()

			r := shell(t, env, "--lang", lang, "resume", id)
			if r.code != exitFindings {
				t.Fatalf("resume of a held incident: exit %d, want %d\n%s", r.code, exitFindings, r.stderr)
			}
			lines := strings.Split(r.stderr, "\n")
			for _, want := range []string{"  shodo watch " + id, "  " + filepath.Join(dir, journal.JournalFile)} {
				found := false
				for _, l := range lines {
					found = found || l == want
				}
				if !found {
					t.Errorf("no line %q in the refusal:\n%s", want, r.stderr)
				}
			}
			for _, want := range []string{"Sato", fmt.Sprint(os.Getpid()), "timeline.lock"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("the refusal does not say %q:\n%s", want, r.stderr)
				}
			}
			if lang != string(i18n.Pseudo) {
				return
			}
			// Every word but the names, the command and the path comes
			// from the catalogue.
			host, _ := os.Hostname()
			who, _ := user.Current()
			allow := strings.FieldsFunc(strings.Join([]string{dir, host, who.Username, time.Now().Format("MST")}, " "), func(r rune) bool {
				return !unicode.IsLetter(r)
			})
			allow = append(allow, "shodo", "watch", "Sato", "timeline", "lock", "jsonl", "INC")
			if leaks := testkit.EnglishLeaks(r.stderr, allow...); len(leaks) > 0 {
				t.Errorf("English in the en-XA refusal: %v\n%s", leaks, r.stderr)
			}
		})
	}
}

// Without a terminal watch says so, and points to what reads an incident
// from a script.
func TestWatchNeedsATerminal(t *testing.T) {
	t.Parallel()
	env, _ := testEnv(t)
	if r := shell(t, env, "run", "db-outage", "--no-tui"); r.code != exitOK {
		t.Fatalf("run --no-tui: exit %d\n%s", r.code, r.stderr)
	}
	r := shell(t, env, "watch")
	if r.code != exitUsage || !strings.Contains(r.stderr, "shodo watch needs a terminal") || !strings.Contains(r.stderr, "shodo export") {
		t.Errorf("watch without a terminal: exit %d\n%s", r.code, r.stderr)
	}
}

// The watch on the real binary, each process in a pseudo-terminal:
// a writer answers and notes, is killed -9, is resumed by someone else and
// notes again; the watcher shows every record in order, names each writer
// in turn and says when no one writes; it never writes itself.
func TestWatchFollowsAWriterThroughKillAndResume(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the writer is told from the watcher's view by /proc/locks: Linux only")
	}
	bin, err := buildShodoTest()
	if err != nil {
		t.Fatalf("build shodo -tags shodotest: %v", err)
	}
	home := t.TempDir()
	shodoHome := filepath.Join(home, "shodo")
	env := func(actor string) []string {
		return []string{
			"HOME=" + home, "SHODO_HOME=" + shodoHome, "SHODO_ACTOR=" + actor, "SHODO_TEST_ANSWER_GUARD=0s",
			"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"),
		}
	}
	note := func(s *screen, text string) {
		t.Helper()
		s.pressUntil("n", "Add a note to the timeline")
		s.press(text)
		s.waitFor(text)
		s.press("\x13") // ctrl+s
		s.waitFor("Recorded: note")
	}

	// A key typed as the screen changes is held back (the stray-key
	// guard): press again, as a person would once they read the screen.
	answer := func(s *screen, digit, next string) {
		t.Helper()
		s.pressUntil(digit, "> "+digit+". ")
		s.pressUntil("\r", next)
	}

	a := startScreenWith(t, bin, env("Sato"), 100, 30, "run", "service-failure")
	txt := a.waitFor("What was reported first?", "LIVE")
	id := incidentID.FindString(txt)
	if id == "" {
		t.Fatalf("no incident id on screen:\n%s", txt)
	}
	w := startScreenWith(t, bin, env("watcher"), 100, 50, "watch", id)
	w.waitFor("WATCHING", "the writer is Sato, pid "+fmt.Sprint(a.cmd.Process.Pid))
	w.press("\t", "\t") // the timeline
	w.waitFor("[Timeline (5)]")

	note(a, "bridge opened")
	answer(a, "2", "Do the affected systems hold personal data?")
	w.waitFor("Note: bridge opened", "answered: Ransom note")

	a.kill()
	w.waitFor("no one is writing now", "shodo resume "+id)

	b := startScreenWith(t, bin, env("Tanaka"), 100, 30, "resume", id)
	b.waitFor("Do the affected systems hold personal data?")
	w.waitFor("the writer is Tanaka, pid " + fmt.Sprint(b.cmd.Process.Pid))
	note(b, "after the crash")
	answer(b, "1", "Could any of it belong to people in the EU?")
	w.waitFor("Note: after the crash", "answered: Yes")

	// Every record, in the journal's order, and nothing more.
	counts, notes := journalTypes(t, shodoHome)
	total := 0
	for _, n := range counts {
		total += n
	}
	screenText := w.waitFor(fmt.Sprintf("[Timeline (%d)]", total))
	order := []string{"Opened incident " + id, "Note: bridge opened", "answered: Ransom note", "Note: after the crash", "answered: Yes"}
	at := -1
	for _, want := range order {
		i := strings.Index(screenText, want)
		if i <= at {
			t.Fatalf("%q is not after %q on the watcher's timeline:\n%s", want, order, screenText)
		}
		at = i
	}
	if strings.Join(notes, "|") != "bridge opened|after the crash" {
		t.Errorf("notes in the journal: %q", notes)
	}

	// The watcher refuses to act and quits at once; the writer carries on.
	w.press("n")
	w.waitFor("read-only: watching (the writer records)")
	w.press("q")
	if err := w.wait(); err != nil {
		t.Fatalf("watch quit: %v", err)
	}
	if txt := w.text(); !strings.Contains(txt, "Stopped watching "+id) {
		t.Errorf("no goodbye from watch:\n%s", txt)
	}
	if after, _ := journalTypes(t, shodoHome); fmt.Sprint(after) != fmt.Sprint(counts) {
		t.Errorf("the journal changed while only watched: %v, was %v", after, counts)
	}
	b.pressUntil("q", "Quit")
	b.press("y")
	if err := b.wait(); err != nil {
		t.Fatalf("quit: %v", err)
	}
}

// Without INCIDENT watch takes the only open one; with none or several
// open it says so in its own words, naming the command to run (exit 1:
// nothing is wrong with the command line).
func TestWatchWithoutIncident(t *testing.T) {
	t.Parallel()
	env, vars := testEnv(t)
	r := shell(t, env, "watch")
	if r.code != exitFindings || !strings.Contains(r.stderr, "no open incident under "+filepath.Join(vars["SHODO_HOME"], "incidents")+" to watch") {
		t.Errorf("watch with nothing open: exit %d\n%s", r.code, r.stderr)
	}
	for range 2 {
		if r := shell(t, env, "run", "db-outage", "--no-tui"); r.code != exitOK {
			t.Fatalf("run --no-tui: exit %d\n%s", r.code, r.stderr)
		}
	}
	r = shell(t, env, "watch")
	if r.code != exitUsage || !strings.Contains(r.stderr, "2 incidents are open; name the one to watch, e.g. shodo watch INC-") {
		t.Errorf("watch with two open: exit %d\n%s", r.code, r.stderr)
	}
}
