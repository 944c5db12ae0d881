package journal

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Committed inputs are regenerated with SHODO_WRITE_FIXTURES=1; by default
// the tests only check them.
const writeFixturesEnv = "SHODO_WRITE_FIXTURES"

// TestFuzzCorpus writes or checks the FuzzOpen seed corpus.
func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzOpen")
	if os.Getenv(writeFixturesEnv) != "1" {
		if entries, err := os.ReadDir(dir); err != nil || len(entries) == 0 {
			t.Errorf("no seed corpus in %s (%v): run with %s=1", dir, err, writeFixturesEnv)
		}
		return
	}
	src, _ := buildJournal(t, 3)
	full := readJournal(t, src)
	lines := splitLines(full)
	lastStart := len(full) - len(lines[2])
	seeds := map[string][]byte{
		"valid":        full,
		"one-record":   lines[0],
		"torn-tail":    full[:len(full)-40],
		"no-newline":   full[:len(full)-1],
		"bad-hash-end": append(append([]byte{}, full[:lastStart]...), bytes.Replace(lines[2], []byte("step 2"), []byte("step 5"), 1)...),
		"swapped":      bytes.Join([][]byte{lines[0], lines[2], lines[1]}, nil),
		"empty":        {},
		"garbage":      []byte("not a journal\n\x00\xff{}\n"),
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSharedFixtures writes or checks the journals under the repository's
// testdata/journal, which other packages (the CLI's verify) use as inputs.
// Each is verified here, so a fixture cannot silently rot.
func TestSharedFixtures(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "journal")
	if os.Getenv(writeFixturesEnv) == "1" {
		writeSharedFixtures(t, root)
	}
	tests := []struct {
		name        string
		withHead    bool
		want        string
		recoverable bool
	}{
		{"ok", false, "OK records=5 head=", false},
		{"ok", true, "OK records=5 head=", false},
		{"torn", false, "FAIL line 5 seq 5: torn-tail (0 records follow)", true},
		{"bad-hash", false, "FAIL line 3 seq 3: bad-hash (2 records follow)", false},
		{"truncated", false, "OK records=3 head=", false},
		{"truncated", true, "FAIL line 4 seq 4: head-mismatch (0 records follow)", false},
		{"forged-head", true, "FAIL head: bad-signature", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s head=%v", tt.name, tt.withHead), func(t *testing.T) {
			dir := filepath.Join(root, tt.name)
			opt := VerifyOptions{}
			if tt.withHead {
				opt.HeadPath = filepath.Join(dir, HeadFile)
			}
			rep := mustVerify(t, dir, opt)
			if got := rep.String(); len(got) < len(tt.want) || got[:len(tt.want)] != tt.want {
				t.Errorf("Verify(%s) = %q, want %q…", dir, got, tt.want)
			}
			if rep.Recoverable() != tt.recoverable {
				t.Errorf("Recoverable() = %v, want %v", rep.Recoverable(), tt.recoverable)
			}
		})
	}
}

func writeSharedFixtures(t *testing.T, root string) {
	src, _ := buildJournal(t, 5)
	j, err := testConfig(10).Open(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Seal(testKey()); err != nil {
		t.Fatal(err)
	}
	j.Close()
	full := readJournal(t, src)
	headRaw, err := os.ReadFile(filepath.Join(src, HeadFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := splitLines(full)
	write := func(name string, journal, head []byte) {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, JournalFile), journal, 0o644); err != nil {
			t.Fatal(err)
		}
		if head != nil {
			if err := os.WriteFile(filepath.Join(dir, HeadFile), head, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("ok", full, headRaw)
	write("torn", full[:len(full)-50], nil)
	write("bad-hash", bytes.Replace(full, []byte("step 2"), []byte("step 8"), 1), nil)
	write("truncated", bytes.Join(lines[:3], nil), headRaw)
	// A head edited to match the cut journal: only the signature catches it.
	write("forged-head", bytes.Join(lines[:3], nil), bytes.Replace(headRaw, []byte(`"seq": 5`), []byte(`"seq": 3`), 1))
}
