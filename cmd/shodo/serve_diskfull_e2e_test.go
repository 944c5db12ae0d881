package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Issue 15's "the disk full while serving", on the real binary: the
// journal's disk fills (the shodotest binary's $SHODO_TEST_FULL_DISK: no
// disk to fill) while a commander, an on-call engineer (in Japanese) and
// an observer are on one incident. The commander's note is not recorded,
// and all three screens say so, the others without acting; on-call's done
// is refused with the same reason; the journal gains nothing. Once the
// disk has room, the commander's note, still in its dialog, records, and
// every screen's banner goes, each saying once that it records again.
func TestServeDiskFull(t *testing.T) {
	bin, err := buildShodoTest()
	if err != nil {
		t.Fatalf("build shodo -tags shodotest: %v", err)
	}
	dir := t.TempDir()
	shodoHome := filepath.Join(dir, "shodo")
	full := filepath.Join(dir, "disk-is-full")
	env := []string{"HOME=" + dir, "SHODO_HOME=" + shodoHome, "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"), "SHODO_TEST_FULL_DISK=" + full}
	sato, tanaka, suzuki, responders := threeResponders(t, dir)
	srv := startServer(t, bin, env, "--listen", "127.0.0.1:0", "--responders", responders)
	commander := srv.connect(sato, 100, 30, "run service-failure")
	id := incidentID.FindString(commander.waitFor("What was reported first?", "LIVE"))
	if id == "" {
		t.Fatalf("no incident id:\n%s", commander.text())
	}
	oncall := srv.connect(tanaka, 100, 30, "resume "+id)
	oncall.waitFor("What was reported first?", "経過")
	observer := srv.connect(suzuki, 100, 30, "watch "+id)
	observer.waitFor("WATCHING")
	before := len(journalRecords(t, shodoHome))

	if err := os.WriteFile(full, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	commander.pressUntil("n", "Add a note to the timeline")
	commander.press("bridge opened")
	commander.waitFor("bridge opened")
	commander.press("\x13") // ctrl+s
	const banner = "NOT RECORDED on the server: the disk is full (no space left on device)."
	commander.waitFor(banner, "NOT recorded: note: the disk is full (no space left on device), on the server")
	observer.waitFor(banner)
	oncall.waitFor("サーバーで未記録：ディスクが満杯です（no space left on device）。")

	oncall.press("\t")
	oncall.pressUntil("d", "完了にする：")
	oncall.press("\r")
	oncall.waitFor("記録されていません：完了：")
	oncall.waitFor("サーバーでディスクが満杯です（no space left on device）")
	if got := len(journalRecords(t, shodoHome)); got != before {
		t.Fatalf("the journal has %d records on a full disk, had %d", got, before)
	}

	if err := os.Remove(full); err != nil {
		t.Fatal(err)
	}
	commander.press("\x13")
	commander.waitFor("Recorded: note", "Recording again: the journal takes records again.")
	observer.waitFor("Recording again: the journal takes records again.")
	oncall.waitFor("記録を再開しました")
	for name, s := range map[string]*sshScreen{"the commander": commander, "the observer": observer, "on-call": oncall} {
		deadline := time.Now().Add(20 * time.Second)
		for strings.Contains(s.text(), "NOT RECORDED on the server") || strings.Contains(s.text(), "サーバーで未記録") {
			if time.Now().After(deadline) {
				t.Fatalf("%s still shows the banner:\n%s", name, s.text())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	recs := journalRecords(t, shodoHome)
	if len(recs) != before+1 || recs[len(recs)-1].Type != "note.added" || recs[len(recs)-1].Actor != "Sato" {
		t.Errorf("after the disk had room: %d records (had %d), the last %v; want Sato's note alone", len(recs), before, recs[len(recs)-1])
	}
}
