package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// tokyo is a fixed offset, so tests check that a caller's zone is kept.
var tokyo = time.FixedZone("JST", 9*60*60)

// testStart is the wall-clock time of the first record in test journals.
var testStart = time.Date(2026, 11, 1, 10, 0, 0, 123456789, tokyo)

// testConfig makes ids and the journal's own clock deterministic.
func testConfig(seed uint64) Config {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return Config{
		Now:  func() time.Time { return testStart.Add(time.Hour) },
		rand: rand.NewChaCha8(s),
	}
}

// entry is the i-th test entry; its data varies so that lines differ.
func entry(i int) Entry {
	return Entry{
		At:    testStart.Add(time.Duration(i) * time.Second),
		Actor: "alice",
		Type:  "note.added",
		Data:  json.RawMessage(fmt.Sprintf(`{"n":%d,"text":"step %d"}`, i, i)),
	}
}

// buildJournal writes a closed journal of n records in a new directory.
func buildJournal(t testing.TB, n int) (dir string, records []Record) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "INC-TEST")
	j, rec, err := testConfig(1).Create(dir, "INC-TEST", entry(0))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	records = append(records, rec)
	for i := 1; i < n; i++ {
		rec, err := j.Append(entry(i))
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		records = append(records, rec)
	}
	if err := j.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return dir, records
}

func readJournal(t testing.TB, dir string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// newIncidentDir writes raw as the journal of a fresh incident directory.
func newIncidentDir(t testing.TB, parent string, raw []byte) string {
	t.Helper()
	dir, err := os.MkdirTemp(parent, "inc-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, JournalFile), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// splitLines splits a journal into its lines, each with its newline.
func splitLines(raw []byte) [][]byte {
	lines := bytes.SplitAfter(raw, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// openAll opens dir, collecting what Open streams.
func openAll(t testing.TB, cfg Config, dir string) (*Journal, []Record, error) {
	t.Helper()
	var got []Record
	j, err := cfg.Open(dir, func(r Record) error {
		got = append(got, r)
		return nil
	})
	return j, got, err
}

func mustVerify(t testing.TB, path string, opt VerifyOptions) Report {
	t.Helper()
	rep, err := Verify(path, opt)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

// memTempDir returns a temporary directory in memory (tmpfs) when the
// system has one, else t.TempDir(). Tests that open hundreds of journals use
// it: they check logic at every offset, and on a disk fsync latency would
// only make them slow.
func memTempDir(t testing.TB) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "shodo-journal-test-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}
