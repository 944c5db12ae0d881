package journal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// next reads what a follower has now, failing the test on an error.
func next(t *testing.T, fl *Follower) []Record {
	t.Helper()
	var got []Record
	if _, err := fl.Next(func(r Record) error { got = append(got, r); return nil }); err != nil {
		t.Fatalf("Next: %v", err)
	}
	return got
}

func seqs(recs []Record) []uint64 {
	out := make([]uint64, len(recs))
	for i, r := range recs {
		out[i] = r.Seq
	}
	return out
}

func follow(t *testing.T, dir string) *Follower {
	t.Helper()
	fl, err := Follow(dir)
	if err != nil {
		t.Fatalf("Follow: %v", err)
	}
	t.Cleanup(func() { _ = fl.Close() })
	return fl
}

func TestFollowerReadsRecordsAsTheWriterAppendsThem(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "INC-TEST")
	cfg := testConfig(1)
	cfg.Actor = "Sato"
	j, _, err := cfg.Create(dir, "INC-TEST", entry(0))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	fl := follow(t, dir)

	if got := seqs(next(t, fl)); len(got) != 1 || got[0] != 1 {
		t.Fatalf("first read: seqs %v, want [1]", got)
	}
	if fl.Incident() != "INC-TEST" {
		t.Errorf("Incident() = %q", fl.Incident())
	}
	if got := next(t, fl); len(got) != 0 {
		t.Fatalf("nothing appended, read %v", seqs(got))
	}
	want := []Record{}
	for i := 1; i <= 3; i++ {
		rec, err := j.Append(entry(i))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, rec)
	}
	got := next(t, fl)
	if len(got) != len(want) {
		t.Fatalf("read seqs %v, want 2..4", seqs(got))
	}
	for i := range want {
		if got[i].Hash != want[i].Hash || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("record %d read as %+v, written as %+v", i, got[i], want[i])
		}
	}

	h, writing := fl.Writer()
	if !writing || h.PID != os.Getpid() || h.Actor != "Sato" {
		t.Errorf("Writer() = %+v, %v; want this process, actor Sato", h, writing)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if h, writing := fl.Writer(); writing && locksListed {
		t.Errorf("Writer() after the writer closed = %+v, true; want no writer", h)
	}
}

// TestFollowerWaitsForAHalfWrittenLine cuts the last line at every offset:
// the follower shows the records before it and waits, and shows the line
// once it is whole.
func TestFollowerWaitsForAHalfWrittenLine(t *testing.T) {
	t.Parallel()
	src, records := buildJournal(t, 3)
	full := readJournal(t, src)
	start := bytes.LastIndexByte(full[:len(full)-1], '\n') + 1
	for cut := start; cut < len(full); cut++ {
		dir := newIncidentDir(t, t.TempDir(), full[:cut])
		fl := follow(t, dir)
		if got := seqs(next(t, fl)); len(got) != 2 {
			t.Fatalf("cut at %d: read %v, want [1 2]", cut, got)
		}
		f, err := os.OpenFile(filepath.Join(dir, JournalFile), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(full[cut:]); err != nil {
			t.Fatal(err)
		}
		_ = f.Close()
		got := next(t, fl)
		if len(got) != 1 || got[0].Hash != records[2].Hash {
			t.Fatalf("cut at %d, then completed: read %v, want [3]", cut, seqs(got))
		}
	}
}

// TestFollowerThroughACrashAndRecovery is the writer killed mid-line, then
// reopened: the torn tail is waited for, the reopening writer quarantines
// it, and the follower reads on from the recovery record.
func TestFollowerThroughACrashAndRecovery(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		tail string
	}{
		{"torn tail", `{"seq":4,"id":"0193`},
		{"complete line that does not verify", `{"seq":4,"garbage":true}` + "\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src, _ := buildJournal(t, 3)
			dir := newIncidentDir(t, t.TempDir(), append(readJournal(t, src), tc.tail...))
			fl := follow(t, dir)
			if got := seqs(next(t, fl)); len(got) != 3 {
				t.Fatalf("read %v, want [1 2 3]", got)
			}
			if got := next(t, fl); len(got) != 0 {
				t.Fatalf("the damaged tail was read as %v", seqs(got))
			}
			j, err := testConfig(2).Open(dir, nil)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer j.Close()
			if _, err := j.Append(entry(9)); err != nil {
				t.Fatal(err)
			}
			got := next(t, fl)
			if len(got) != 2 || got[0].Type != RecoveredType || got[0].Seq != 4 || got[1].Seq != 5 {
				t.Fatalf("after recovery read %v (%v), want journal.recovered as 4, then 5", seqs(got), got)
			}
		})
	}
}

func TestFollowerRefusesDamage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string, full []byte)
		want   error
	}{
		{"a line that does not verify, then another", func(t *testing.T, dir string, full []byte) {
			appendTo(t, dir, []byte("{\"seq\":4}\n{\"seq\":5}\n"))
		}, ErrCorrupt},
		{"the file cut back below what was read", func(t *testing.T, dir string, full []byte) {
			if err := os.Truncate(filepath.Join(dir, JournalFile), int64(len(full)-10)); err != nil {
				t.Fatal(err)
			}
		}, ErrChanged},
		{"the file replaced", func(t *testing.T, dir string, full []byte) {
			path := filepath.Join(dir, JournalFile)
			if err := os.WriteFile(path+".x", full, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path+".x", path); err != nil {
				t.Fatal(err)
			}
		}, ErrChanged},
		{"the file deleted", func(t *testing.T, dir string, full []byte) {
			if err := os.Remove(filepath.Join(dir, JournalFile)); err != nil {
				t.Fatal(err)
			}
		}, ErrChanged},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src, _ := buildJournal(t, 3)
			full := readJournal(t, src)
			dir := newIncidentDir(t, t.TempDir(), full)
			fl := follow(t, dir)
			next(t, fl)
			tc.damage(t, dir, full)
			for range 2 { // the error sticks
				n, err := fl.Next(func(Record) error { return nil })
				if n != 0 || !errors.Is(err, tc.want) {
					t.Fatalf("Next = %d, %v; want 0, %v", n, err, tc.want)
				}
			}
			var ce *CorruptError
			if errors.As(fl.failed, &ce) && ce.Break.Line != 4 {
				t.Errorf("break at line %d, want 4", ce.Break.Line)
			}
		})
	}
}

func appendTo(t *testing.T, dir string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}
