package journal

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTruncationAtEveryOffset cuts a journal at every byte, as a crash in
// the middle of an append can, and checks what Open and Verify make of it.
func TestTruncationAtEveryOffset(t *testing.T) {
	t.Parallel()
	src, want := buildJournal(t, 4)
	full := readJournal(t, src)
	// One parallel subtest per line: the cuts are independent, and most of
	// the time goes to fsync, which overlaps well.
	start := 0
	for n, line := range splitLines(full) {
		from, to := start+1, start+len(line) // cuts within the line and just after it
		if n == 0 {
			from = 0
		}
		start = to
		t.Run(fmt.Sprintf("line %d", n+1), func(t *testing.T) {
			t.Parallel()
			parent := memTempDir(t)
			for cut := from; cut <= to; cut++ {
				checkCut(t, parent, full, want, cut)
			}
		})
	}
}

// checkCut checks Open and Verify on the journal full cut to cut bytes.
func checkCut(t *testing.T, parent string, full []byte, want []Record, cut int) {
	data := full[:cut]
	whole := bytes.Count(data, []byte("\n"))
	good := bytes.LastIndexByte(data, '\n') + 1 // end of the last complete line
	torn := good < cut
	dir := newIncidentDir(t, parent, data)
	path := filepath.Join(dir, JournalFile)

	rep := mustVerify(t, path, VerifyOptions{})
	switch {
	case cut == 0:
		if rep.OK() || rep.Break.Kind != KindTornTail || rep.Break.Line != 1 || rep.Recoverable() {
			t.Errorf("cut %d: Verify = %v, want an unrecoverable torn-tail at line 1", cut, rep)
		}
	case torn:
		if rep.OK() || rep.Break.Kind != KindTornTail || rep.Break.Line != whole+1 || rep.Break.Follow != 0 ||
			rep.Records != whole || rep.Recoverable() != (whole > 0) {
			t.Errorf("cut %d: Verify = %v (records %d), want torn-tail at line %d", cut, rep, rep.Records, whole+1)
		}
	default:
		if !rep.OK() || rep.Records != whole {
			t.Errorf("cut %d: Verify = %v, want OK records=%d", cut, rep, whole)
		}
	}

	j, got, err := openAll(t, testConfig(2), dir)
	if whole == 0 {
		if !errors.Is(err, ErrEmpty) {
			t.Errorf("cut %d: Open = %v, want ErrEmpty", cut, err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
			t.Errorf("cut %d: refused Open changed the file", cut)
		}
		return
	}
	if err != nil {
		t.Errorf("cut %d: Open: %v", cut, err)
		return
	}
	wantLen := whole
	if torn {
		wantLen++
	}
	if len(got) != wantLen || j.LastSeq() != uint64(wantLen) {
		t.Errorf("cut %d: Open streamed %d records, LastSeq %d, want %d", cut, len(got), j.LastSeq(), wantLen)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < whole && i < len(got); i++ {
		if !sameRecord(got[i], want[i]) {
			t.Errorf("cut %d: record %d differs after recovery", cut, i+1)
		}
	}
	qpath := filepath.Join(dir, "timeline.quarantine-1.jsonl")
	if !torn {
		if _, err := os.Stat(qpath); err == nil {
			t.Errorf("cut %d: quarantine file made for a clean journal", cut)
		}
	} else if len(got) == wantLen {
		checkRecovered(t, fmt.Sprintf("cut %d", cut), dir, got[whole], data[good:], whole+1)
	}
	if rep := mustVerify(t, path, VerifyOptions{}); !rep.OK() || rep.Records != wantLen {
		t.Errorf("cut %d: after Open, Verify = %v, want OK records=%d", cut, rep, wantLen)
	}
}

// checkRecovered checks a journal.recovered record and its quarantine file.
func checkRecovered(t *testing.T, name, dir string, rec Record, dropped []byte, line int) {
	t.Helper()
	var d recoveredData
	if err := json.Unmarshal(rec.Data, &d); err != nil {
		t.Fatalf("%s: recovered data: %v", name, err)
	}
	sum := sha256.Sum256(dropped)
	if rec.Type != RecoveredType || rec.Actor != "shodo" || d.Bytes != int64(len(dropped)) ||
		d.SHA256 != hex.EncodeToString(sum[:]) || d.Line != line || d.Reason == "" {
		t.Errorf("%s: recovered record %s %s %s, want %d bytes at line %d", name, rec.Type, rec.Actor, rec.Data, len(dropped), line)
	}
	q, err := os.ReadFile(filepath.Join(dir, d.Quarantine))
	if err != nil || !bytes.Equal(q, dropped) {
		t.Errorf("%s: quarantine %s = %q (%v), want the dropped bytes %q", name, d.Quarantine, q, err, dropped)
	}
}

func TestOpenQuarantinesCorruptFinalLine(t *testing.T) {
	t.Parallel()
	src, _ := buildJournal(t, 3)
	full := readJournal(t, src)
	lines := splitLines(full)
	lastStart := len(full) - len(lines[2])
	tests := []struct {
		name string
		tail string // replaces the last line
		kind Kind
	}{
		{"bad hash", strings.Replace(string(lines[2]), `step 2`, `step 9`, 1), KindBadHash},
		{"garbage line", "{\"oops\n", KindBadJSON},
		{"empty line", "\n", KindBadJSON},
		{"zeros", "\x00\x00\x00\x00", KindTornTail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := append(append([]byte{}, full[:lastStart]...), tt.tail...)
			dir := newIncidentDir(t, t.TempDir(), data)
			// A quarantine file from an earlier recovery is never overwritten.
			if err := os.WriteFile(filepath.Join(dir, "timeline.quarantine-1.jsonl"), []byte("earlier\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if rep := mustVerify(t, dir, VerifyOptions{}); rep.OK() || rep.Break.Kind != tt.kind || rep.Break.Line != 3 || !rep.Recoverable() {
				t.Fatalf("Verify = %v, want recoverable %s at line 3", rep, tt.kind)
			}
			j, got, err := openAll(t, testConfig(3), dir)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			j.Close()
			if len(got) != 3 {
				t.Fatalf("Open streamed %d records, want 2 and the recovery", len(got))
			}
			checkRecovered(t, tt.name, dir, got[2], []byte(tt.tail), 3)
			if earlier, _ := os.ReadFile(filepath.Join(dir, "timeline.quarantine-1.jsonl")); string(earlier) != "earlier\n" {
				t.Errorf("existing quarantine file overwritten: %q", earlier)
			}
			if !strings.Contains(string(got[2].Data), `"quarantine":"timeline.quarantine-2.jsonl"`) {
				t.Errorf("recovery data %s, want the next free quarantine name", got[2].Data)
			}
		})
	}
}

func TestOpenRefusesCorruptionBeforeTheEnd(t *testing.T) {
	t.Parallel()
	src, _ := buildJournal(t, 4)
	full := readJournal(t, src)
	lines := splitLines(full)
	join := func(ls ...[]byte) []byte { return bytes.Join(ls, nil) }
	tests := []struct {
		name string
		data []byte
		line int
		seq  uint64
		kind Kind
	}{
		{"bad hash in the middle", join(lines[0], bytes.Replace(lines[1], []byte("step 1"), []byte("step 7"), 1), lines[2], lines[3]), 2, 2, KindBadHash},
		{"missing seq", join(lines[0], lines[2], lines[3]), 2, 2, KindBadSeq},
		{"deleted next-to-last line", join(lines[0], lines[1], lines[3]), 3, 3, KindBadSeq},
		{"reordered", join(lines[0], lines[2], lines[1], lines[3]), 2, 2, KindBadSeq},
		{"duplicated last line", join(lines[0], lines[1], lines[2], lines[3], lines[3]), 5, 5, KindBadSeq},
		{"two torn lines", append(join(lines[0], lines[1]), "{\"a\n{\"b"...), 3, 3, KindBadJSON},
		{"bad first line", join([]byte("x\n"), lines[1]), 1, 1, KindBadJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := newIncidentDir(t, t.TempDir(), tt.data)
			_, err := Open(dir, nil)
			var ce *CorruptError
			if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) {
				t.Fatalf("Open = %v, want a *CorruptError", err)
			}
			if ce.Break.Line != tt.line || ce.Break.Seq != tt.seq || ce.Break.Kind != tt.kind {
				t.Errorf("break = %+v, want line %d seq %d %s", ce.Break, tt.line, tt.seq, tt.kind)
			}
			if !strings.Contains(err.Error(), "shodo verify") {
				t.Errorf("error %q does not point to shodo verify", err)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, JournalFile)); !bytes.Equal(after, tt.data) {
				t.Error("refused Open changed the journal")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 2 { // journal and lock only
				t.Errorf("refused Open left %d files, want the journal and its lock", len(entries))
			}
			if j, err := Open(dir, nil); err == nil { // and released the lock
				j.Close()
				t.Error("second Open succeeded")
			} else if errors.Is(err, ErrLocked) {
				t.Errorf("refused Open kept the lock: %v", err)
			}
		})
	}
}

// Child processes. The test binary re-runs itself with -test.run naming one
// of these and an environment variable saying what to do.
const childEnv = "SHODO_JOURNAL_CHILD"

// TestChildProcess is not a test: it is the body of a child process.
func TestChildProcess(t *testing.T) {
	dir := os.Getenv("SHODO_JOURNAL_DIR")
	switch os.Getenv(childEnv) {
	case "":
		t.Skip("only runs as a child process")
	case "open":
		// Report how a second opener is refused.
		_, err := Open(dir, nil)
		fmt.Printf("locked=%v err=%v\n", errors.Is(err, ErrLocked), err)
	case "append":
		// Append until killed, printing each seq once it is acknowledged.
		j, err := Open(dir, nil)
		if err != nil {
			fmt.Printf("error %v\n", err)
			return
		}
		for i := 0; ; i++ {
			rec, err := j.Append(Entry{At: testStart, Actor: "child", Type: "note.added",
				Data: json.RawMessage(fmt.Sprintf(`{"i":%d,"pad":"%s"}`, i, strings.Repeat("x", i%300)))})
			if err != nil {
				fmt.Printf("error %v\n", err)
				return
			}
			fmt.Printf("%d %s\n", rec.Seq, rec.ID)
		}
	}
}

func childCommand(kind, dir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+kind, "SHODO_JOURNAL_DIR="+dir)
	return cmd
}

func TestSecondWriterInAnotherProcessIsRefused(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	out, err := childCommand("open", dir).Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	want := "locked=true err=open journal " + filepath.Join(dir, JournalFile) +
		": incident INC-TEST is open in process " + strconv.Itoa(os.Getpid())
	if !strings.Contains(string(out), want) {
		t.Errorf("child said:\n%s\nwant a line containing\n%s", out, want)
	}
}

// TestKillDuringAppends kills a child process appending in a loop at random
// moments, measured in acknowledged records, and checks that every
// acknowledged record survives and the journal verifies.
func TestKillDuringAppends(t *testing.T) {
	t.Parallel()
	const rounds = 15
	seed := uint64(20261101)
	rng := rand.New(rand.NewPCG(seed, seed))
	dir, _ := buildJournal(t, 1)
	acked := map[uint64]string{1: ""} // seq → id printed by a child

	for round := range rounds {
		wait := 1 + rng.IntN(40) // acknowledged records to read before the kill
		cmd := childCommand("append", dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		read := 0
		record := func(line string) {
			seqText, id, ok := strings.Cut(line, " ")
			seq, err := strconv.ParseUint(seqText, 10, 64)
			if !ok || err != nil {
				t.Errorf("round %d: child said %q", round, line)
				return
			}
			acked[seq] = id
			read++
		}
		for read < wait && sc.Scan() {
			record(sc.Text())
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		// Whatever the child printed before it died was acknowledged too.
		for sc.Scan() {
			record(sc.Text())
		}
		_ = cmd.Wait()
		if read < wait {
			t.Fatalf("round %d: child acknowledged %d records before exiting, want at least %d", round, read, wait)
		}

		found := map[uint64]string{}
		j, err := Open(dir, func(r Record) error {
			found[r.Seq] = r.ID
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
		for seq, id := range acked {
			if got, ok := found[seq]; !ok || (id != "" && got != id) {
				t.Fatalf("round %d: acknowledged seq %d (id %s) missing after kill; found id %q", round, seq, id, got)
			}
		}
		if rep := mustVerify(t, dir, VerifyOptions{}); !rep.OK() {
			t.Fatalf("round %d: Verify = %v", round, rep)
		}
	}
	t.Logf("seed %d: %d records acknowledged over %d kills", seed, len(acked), rounds)
}

// A recovery recorded while the clock reads before the last good record
// is stamped at that record's time: the journal's times stay in order.
func TestRecoveryKeepsTimesInOrder(t *testing.T) {
	t.Parallel()
	src, records := buildJournal(t, 3)
	full := readJournal(t, src)
	dir := newIncidentDir(t, t.TempDir(), append(full, `{"seq":4`...))
	cfg := testConfig(3)
	cfg.Now = func() time.Time { return testStart.Add(-2 * time.Hour) } // the clock was set back
	j, got, err := openAll(t, cfg, dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	j.Close()
	if last := got[len(got)-1]; last.Type != RecoveredType || !last.At.Equal(records[2].At) {
		t.Fatalf("recovery %s at %v; want at the last record's time %v", last.Type, last.At, records[2].At)
	}
	if rep := mustVerify(t, dir, VerifyOptions{}); !rep.OK() || rep.Backwards != 0 {
		t.Errorf("after recovery: %s", rep)
	}
}
