package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/runbooks"
)

// benchIncident records an incident of about n events on the shipped
// service-failure runbook: a triage to a verdict, then notes, attempts and
// duty completions on a clock that advances a minute per event. It uses
// the real session and journal; on Linux it works in /dev/shm so that the
// fsyncs of setting up do not dominate the run.
func benchIncident(b *testing.B, n int) string {
	b.Helper()
	base := b.TempDir()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		shm, err := os.MkdirTemp("/dev/shm", "shodo-bench-")
		if err == nil {
			b.Cleanup(func() { os.RemoveAll(shm) })
			base = shm
		}
	}
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		b.Fatal(diags)
	}
	now := start
	clock := incident.ClockFunc(func() time.Time { return now })
	s, err := incident.Open(rb, incident.OpenOptions{Home: filepath.Join(base, "home"), Actor: "sato", Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range [][2]string{{"symptom", "ransom"}, {"pii-held", "yes"}, {"eu-data", "no"}, {"what-happened", "encrypted"}} {
		if err := s.Answer("sato", a[0], a[1]); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; len(s.State().Events) < n; i++ {
		now = now.Add(time.Minute)
		var err error
		switch i % 10 {
		case 3:
			err = s.DutyAttempted("suzuki", "notify-individuals", "email", fmt.Sprintf("bounce %d", i))
		default:
			err = s.Note("sato", fmt.Sprintf("Status %d: restoring the order database from the 02:00 backup, %d%% done", i, i%100))
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	dir := s.Dir()
	if err := s.Detach(); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkReplay measures open+verify+fold of a whole incident (what
// `shodo export` and `shodo resume` do before anything else), next to a
// plain line-by-line json.Unmarshal of the same file.
func BenchmarkReplay(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		if testing.Short() && n > 10_000 {
			continue
		}
		dir := benchIncident(b, n)
		path := filepath.Join(dir, journal.JournalFile)
		b.Run(fmt.Sprintf("events=%d/verify+fold", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("events=%d/json.Unmarshal", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rawJSONLines(b, path)
			}
		})
	}
}

// rawJSONLines is the reference: read the file line by line into a struct
// of the same fields, checking nothing.
func rawJSONLines(b *testing.B, path string) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), journal.MaxLineBytes)
	for sc.Scan() {
		var rec struct {
			Seq      uint64          `json:"seq"`
			ID       string          `json:"id"`
			At       time.Time       `json:"at"`
			Actor    string          `json:"actor"`
			Type     string          `json:"type"`
			Incident string          `json:"incident"`
			Data     json.RawMessage `json:"data"`
			H        string          `json:"h"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport writes a 100,000-event incident in each format.
func BenchmarkExport(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	in, err := Read(benchIncident(b, n))
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range Formats() {
		b.Run(fmt.Sprintf("events=%d/%s", n, format), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, format, in, Options{Location: jst}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
