package journal

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchEntry is a typical event: a triage answer with a short note.
func benchEntry(i int) Entry {
	return Entry{
		At:    testStart.Add(time.Duration(i) * time.Second),
		Actor: "oncall@example.com",
		Type:  "triage.answered",
		Data:  json.RawMessage(fmt.Sprintf(`{"node":"symptom","option":"down","note":"checked the load balancer, request %d"}`, i)),
	}
}

// benchLine is benchEntry(1) encoded as seq 2 of an incident.
func benchLine() []byte {
	e := benchEntry(1)
	return encodeLine(record{seq: 2, id: uuid.Must(uuid.NewV7()), at: e.At, actor: e.Actor, typ: e.Type, data: e.Data},
		chainSeed("INC-BENCH"))
}

func BenchmarkAppendDurable(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "INC-BENCH")
	j, _, err := Create(dir, "INC-BENCH", benchEntry(0))
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	e := benchEntry(1)
	b.SetBytes(int64(len(benchLine())))
	for b.Loop() {
		if _, err := j.Append(e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawWriteFsync is the floor for BenchmarkAppendDurable: the same
// bytes written and fsynced with nothing else.
func BenchmarkRawWriteFsync(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "raw.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	line := benchLine()
	b.SetBytes(int64(len(line)))
	var off int64
	for b.Loop() {
		if _, err := f.WriteAt(line, off); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		off += int64(len(line))
	}
}

var benchSizes = []int{1_000, 10_000, 100_000}

// writeBenchJournal writes a valid n-record journal, deterministically and
// without fsync, and returns its incident directory.
func writeBenchJournal(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "INC-BENCH")
	if err := os.Mkdir(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	rnd := rand.NewChaCha8([32]byte{1})
	var buf []byte
	prev := chainSeed("INC-BENCH")
	for i := range n {
		e := benchEntry(i)
		id, err := newV7(e.At, rnd)
		if err != nil {
			b.Fatal(err)
		}
		r := record{seq: uint64(i + 1), id: id, at: e.At, actor: e.Actor, typ: e.Type, data: e.Data}
		if i == 0 {
			r.incident = "INC-BENCH"
		}
		line := encodeLine(r, prev)
		prev = chainHash(prev, line[:len(line)-1-hashSuffixLen])
		buf = append(buf, line...)
	}
	if err := os.WriteFile(filepath.Join(dir, JournalFile), buf, 0o600); err != nil {
		b.Fatal(err)
	}
	return dir
}

func BenchmarkOpenVerify(b *testing.B) {
	for _, n := range benchSizes {
		dir := writeBenchJournal(b, n)
		fi, _ := os.Stat(filepath.Join(dir, JournalFile))
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			b.SetBytes(fi.Size())
			for b.Loop() {
				seen := 0
				j, err := Open(dir, func(Record) error { seen++; return nil })
				if err != nil {
					b.Fatal(err)
				}
				if err := j.Close(); err != nil {
					b.Fatal(err)
				}
				if seen != n {
					b.Fatalf("Open streamed %d records, want %d", seen, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
		})
	}
}

// BenchmarkRawJSONLines is the floor for BenchmarkOpenVerify: the same file
// scanned by lines and decoded into a struct of the same fields, with no
// hashing or checks.
func BenchmarkRawJSONLines(b *testing.B) {
	type line struct {
		Seq      uint64          `json:"seq"`
		ID       string          `json:"id"`
		At       time.Time       `json:"at"`
		Actor    string          `json:"actor"`
		Type     string          `json:"type"`
		Incident string          `json:"incident"`
		Sim      string          `json:"sim"`
		Data     json.RawMessage `json:"data"`
		H        string          `json:"h"`
	}
	for _, n := range benchSizes {
		path := filepath.Join(writeBenchJournal(b, n), JournalFile)
		fi, _ := os.Stat(path)
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			b.SetBytes(fi.Size())
			for b.Loop() {
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				sc := bufio.NewScanner(f)
				sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes)
				seen := 0
				for sc.Scan() {
					var l line
					if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
						b.Fatal(err)
					}
					seen++
				}
				if err := sc.Err(); err != nil {
					b.Fatal(err)
				}
				f.Close()
				if seen != n {
					b.Fatalf("read %d lines, want %d", seen, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
		})
	}
}
