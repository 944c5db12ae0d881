package journal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func sameRecord(a, b Record) bool {
	return a.Seq == b.Seq && a.ID == b.ID && a.At.Equal(b.At) && a.At.Format(time.RFC3339Nano) == b.At.Format(time.RFC3339Nano) &&
		a.Actor == b.Actor && a.Type == b.Type && a.Incident == b.Incident && a.Sim == b.Sim &&
		bytes.Equal(a.Data, b.Data) && a.Hash == b.Hash
}

func TestCreateAppendOpenReplaysTheSameRecords(t *testing.T) {
	t.Parallel()
	dir, want := buildJournal(t, 5)
	j, got, err := openAll(t, Config{}, dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer j.Close()
	if len(got) != len(want) {
		t.Fatalf("Open streamed %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if !sameRecord(got[i], want[i]) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if j.LastSeq() != 5 || j.IncidentID() != "INC-TEST" || j.Dir() != dir {
		t.Errorf("LastSeq=%d IncidentID=%q Dir=%q", j.LastSeq(), j.IncidentID(), j.Dir())
	}
	rec, err := j.Append(entry(5))
	if err != nil || rec.Seq != 6 {
		t.Fatalf("Append after Open: seq %d, %v", rec.Seq, err)
	}
	if rep := mustVerify(t, dir, VerifyOptions{}); !rep.OK() || rep.Records != 6 || rep.Head != rec.Hash {
		t.Errorf("Verify = %v, want OK records=6 head=%s", rep, rec.Hash)
	}
}

func TestLineFormat(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "incidents", "INC-1")
	j, first, err := testConfig(7).Create(dir, "INC-1", Entry{
		At: testStart, Actor: "shodo", Type: "incident.opened",
		Data: json.RawMessage("{\n  \"runbook\": \"service-failure\",\n  \"tags\": [ \"a\", \"<b>\" ]\n}"),
	})
	if err != nil {
		t.Fatal(err)
	}
	second, err := j.Append(Entry{At: testStart.Add(time.Minute), Actor: "bob", Type: "triage.answered", Sim: "17m5s"})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	lines := splitLines(readJournal(t, dir))
	if len(lines) != 2 {
		t.Fatalf("journal has %d lines, want 2", len(lines))
	}

	wantPrefixes := []string{
		fmt.Sprintf(`{"seq":1,"id":"%s","at":"2026-11-01T10:00:00.123456789+09:00","actor":"shodo","type":"incident.opened","incident":"INC-1","data":{"runbook":"service-failure","tags":["a","<b>"]},"h":"`, first.ID),
		fmt.Sprintf(`{"seq":2,"id":"%s","at":"2026-11-01T10:01:00.123456789+09:00","actor":"bob","type":"triage.answered","sim":"17m5s","data":{},"h":"`, second.ID),
	}
	prev := sha256.Sum256([]byte("shodo journal v1\x00INC-1"))
	for i, line := range lines {
		s := string(line)
		if !strings.HasPrefix(s, wantPrefixes[i]) {
			t.Errorf("line %d =\n%s\nwant prefix\n%s", i+1, s, wantPrefixes[i])
			continue
		}
		body := s[:strings.LastIndex(s, `,"h":`)]
		sum := sha256.Sum256(append(prev[:], body...))
		if want := wantPrefixes[i] + hex.EncodeToString(sum[:]) + "\"}\n"; s != want {
			t.Errorf("line %d =\n%s\nwant\n%s", i+1, s, want)
		}
		prev = sum
		if !json.Valid(line) {
			t.Errorf("line %d is not valid JSON", i+1)
		}
	}
	for _, r := range []Record{first, second} {
		ms := fmt.Sprintf("%012x", r.At.UnixMilli())
		if compact := strings.ReplaceAll(r.ID, "-", ""); compact[:12] != ms || compact[12] != '7' {
			t.Errorf("id %s is not a UUIDv7 stamped with the entry's time (%s ms)", r.ID, ms)
		}
	}
	if _, off := second.At.Zone(); off != 9*3600 || second.At.Nanosecond() != 123456789 {
		t.Errorf("At = %v, want the caller's offset and nanoseconds kept", second.At)
	}

	for path, want := range map[string]fs.FileMode{dir: 0o700, filepath.Join(dir, JournalFile): 0o600, filepath.Join(dir, LockFile): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got&^want != 0 {
			t.Errorf("%s has mode %o, want at most %o", path, got, want)
		}
	}
	if h, err := readHolder(dir); err != nil || h.PID != os.Getpid() || h.Host == "" || h.Since.IsZero() {
		t.Errorf("holder file names %+v (%v), want pid %d, a host and a time", h, err, os.Getpid())
	}
}

func TestAppendRejectsBadEntries(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 2)
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	good := entry(9)
	tests := []struct {
		name string
		edit func(*Entry)
		want string
	}{
		{"no type", func(e *Entry) { e.Type = "" }, "no type"},
		{"zero time", func(e *Entry) { e.At = time.Time{} }, "out of range"},
		{"before 1970", func(e *Entry) { e.At = time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC) }, "out of range"},
		{"data array", func(e *Entry) { e.Data = json.RawMessage(`[1]`) }, "not a JSON object"},
		{"data string", func(e *Entry) { e.Data = json.RawMessage(`"x"`) }, "not a JSON object"},
		{"data invalid", func(e *Entry) { e.Data = json.RawMessage(`{"a":}`) }, "entry data"},
		{"data two values", func(e *Entry) { e.Data = json.RawMessage(`{} {}`) }, "entry data"},
		{"data bad utf-8", func(e *Entry) { e.Data = json.RawMessage("{\"a\":\"\xff\"}") }, "UTF-8"},
		{"actor bad utf-8", func(e *Entry) { e.Actor = "\xff" }, "UTF-8"},
		{"too long", func(e *Entry) { e.Data = json.RawMessage(`{"a":"` + strings.Repeat("x", MaxLineBytes) + `"}`) }, "more than a line"},
		{"too long once encoded", func(e *Entry) {
			e.Data = json.RawMessage(`{"a":"` + strings.Repeat("x", MaxLineBytes-20) + `"}`)
		}, "encoded, more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good
			tt.edit(&e)
			_, err := j.Append(e)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Append error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if j.LastSeq() != 2 {
		t.Errorf("LastSeq = %d after rejected entries, want 2", j.LastSeq())
	}
	if rec, err := j.Append(good); err != nil || rec.Seq != 3 {
		t.Errorf("Append after rejections: seq %d, %v", rec.Seq, err)
	}
	if rep := mustVerify(t, dir, VerifyOptions{}); !rep.OK() {
		t.Errorf("Verify = %v", rep)
	}
}

func TestCreateRefuses(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	if _, _, err := Create(dir, "INC-TEST", entry(0)); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over an existing incident: %v, want fs.ErrExist", err)
	}
	for _, id := range []string{"", "INC\n1", "INC\x1b[31m", strings.Repeat("x", 257)} {
		if _, _, err := Create(filepath.Join(t.TempDir(), "x"), id, entry(0)); err == nil {
			t.Errorf("Create with incident id %q succeeded", id)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad")
	if _, _, err := Create(bad, "INC-2", Entry{At: testStart}); err == nil {
		t.Error("Create with an invalid first entry succeeded")
	}
	if _, err := os.Stat(bad); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("failed Create left %s behind: %v", bad, err)
	}
}

func TestClosedJournal(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := j.Append(entry(1)); !errors.Is(err, ErrClosed) {
		t.Errorf("Append after Close: %v, want ErrClosed", err)
	}
}

func TestSecondOpenInSameProcessIsRefused(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, nil)
	want := "incident INC-TEST is open in process " + strconv.Itoa(os.Getpid())
	var le *LockedError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &le) || !strings.Contains(err.Error(), want) {
		t.Errorf("second Open: %v, want ErrLocked saying %q", err, want)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	j, err = Open(dir, nil)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	j.Close()
}

func TestOpenStopsOnVisitError(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 3)
	stop := errors.New("stop")
	seen := 0
	_, err := Open(dir, func(Record) error {
		seen++
		if seen == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 2 {
		t.Fatalf("Open = %v after %d records, want the visit error after 2", err, seen)
	}
	j, err := Open(dir, nil) // the failed Open released the lock
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
}

func TestConcurrentAppendsKeepSeqAndChain(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 25
	seqs := make([][]uint64, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				rec, err := j.Append(Entry{At: testStart, Actor: fmt.Sprintf("w%d", w), Type: "note.added",
					Data: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i))})
				if err != nil {
					t.Error(err)
					return
				}
				seqs[w] = append(seqs[w], rec.Seq)
				_ = j.LastSeq()
			}
		}()
	}
	wg.Wait()
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	seen := map[uint64]bool{}
	for _, s := range seqs {
		for i, seq := range s {
			if i > 0 && seq <= s[i-1] {
				t.Errorf("one writer's seqs went backwards: %v", s)
			}
			if seen[seq] {
				t.Errorf("seq %d acknowledged twice", seq)
			}
			seen[seq] = true
		}
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct seqs, want %d", len(seen), writers*each)
	}
	rep := mustVerify(t, dir, VerifyOptions{})
	if !rep.OK() || rep.Records != 1+writers*each {
		t.Errorf("Verify = %v, want OK with %d records", rep, 1+writers*each)
	}
}

// A journal a server holds says so to the writer it refuses, and through
// the holder file to a watcher: they are told to connect, not to wait.
func TestServedHolderIsNamed(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	j, err := Config{Actor: "Sato", Served: "127.0.0.1:2222"}.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	_, err = Open(dir, nil)
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.Served != "127.0.0.1:2222" || le.Holder.Actor != "Sato" {
		t.Fatalf("second Open: %v (holder %+v), want the server's address", err, le)
	}
	plain, _ := buildJournal(t, 1)
	k, err := Open(plain, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if _, err := Open(plain, nil); !errors.As(err, &le) || le.Holder.Served != "" {
		t.Errorf("a terminal's journal names a server: %+v", le.Holder)
	}
}
