package incident

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// listOne lists home and returns the summary of the incident in dir.
func listOne(t *testing.T, home, dir string) Summary {
	t.Helper()
	sums, err := List(home)
	must(t, err)
	for _, s := range sums {
		if s.Dir == dir {
			return s
		}
	}
	t.Fatalf("%s not listed in %+v", dir, sums)
	return Summary{}
}

// summaryHome opens two incidents on the triggers fixture: A with a
// ransomware verdict (duties running), B closed. Both are detached.
func summaryHome(t *testing.T) (home, dirA, dirB string) {
	t.Helper()
	rb := loadFixture(t, "triggers.toml")
	home = t.TempDir()
	clock := testkit.NewClock(t0)
	a, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: "INC-20261125-000A"})
	must(t, err)
	must(t, a.Answer("alice", "symptom", "ransom"))
	must(t, a.Detach())
	clock.Advance(time.Hour)
	b, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: "INC-20261125-000B"})
	must(t, err)
	must(t, b.Answer("alice", "symptom", "down"))
	must(t, b.Answer("alice", "cause", "hw"))
	handOverAll(t, b, "alice")
	must(t, b.Close("alice", "replaced a disk"))
	return home, a.Dir(), b.Dir()
}

func readRecord(t *testing.T, dir string) summaryRecord {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	must(t, err)
	var r summaryRecord
	must(t, json.Unmarshal(raw, &r))
	return r
}

func writeRecord(t *testing.T, dir string, r summaryRecord) {
	t.Helper()
	raw, err := json.Marshal(r)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, SummaryFile), raw, 0o600))
}

// comparable drops what is not about the incident: where it is and why it
// was read as it was.
func comparable(s Summary) Summary {
	s.Rebuilt, s.Dir = "", ""
	return s
}

func TestSummaryWrittenBySessionEqualsRebuilt(t *testing.T) {
	t.Parallel()
	home, dirA, dirB := summaryHome(t)
	for _, dir := range []string{dirA, dirB} {
		written := listOne(t, home, dir)
		if written.Rebuilt != "" || written.Err != nil {
			t.Fatalf("%s: the session's summary was not used: %+v", dir, written)
		}
		// Without the home's index too, which would list the incident
		// without reading its summary file.
		must(t, os.Remove(filepath.Join(dir, SummaryFile)))
		must(t, os.Remove(IndexPath(home)))
		rebuilt := listOne(t, home, dir)
		if rebuilt.Rebuilt != RebuildMissing {
			t.Errorf("%s: Rebuilt = %q; want %q", dir, rebuilt.Rebuilt, RebuildMissing)
		}
		if comparable(written) != comparable(rebuilt) {
			t.Errorf("%s: the session wrote\n%+v\nthe journal rebuilds\n%+v", dir, written, rebuilt)
		}
		if again := listOne(t, home, dir); again.Rebuilt != "" {
			t.Errorf("%s: the rebuilt summary was not rewritten: %+v", dir, again)
		}
	}
	a := listOne(t, home, dirA)
	if a.Phase != PhaseOpen || a.Verdict != "ransomware" || a.Running == 0 || a.NextDue.IsZero() || a.NextDuty == "" || a.UUID == "" || a.LastSeq == 0 {
		t.Errorf("open incident: %+v", a)
	}
	b := listOne(t, home, dirB)
	if b.Phase != PhaseClosed || !b.Closed || b.Running != 0 || !b.NextDue.IsZero() || b.Verdict != "hardware" {
		t.Errorf("closed incident: %+v", b)
	}
}

func TestSummaryNeverTrustedOverTheJournal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// spoil changes incident A's files; want is why List must then
		// read A's journal in full. journal says whether spoil changes
		// the journal, or only the summary file.
		spoil   func(t *testing.T, dirA, dirB string)
		journal bool
		want    Rebuild
		phase   Phase
		events  int // relative to before the change
		verdict string
		broken  bool
	}{
		{
			name: "appended by an older build without summary",
			spoil: func(t *testing.T, dirA, _ string) {
				j, err := journal.Open(dirA, nil)
				must(t, err)
				_, err = j.Append(journal.Entry{At: t0.Add(time.Hour), Actor: "bob", Type: TypeNoteAdded, Data: json.RawMessage(`{"text":"old build"}`)})
				must(t, err)
				must(t, j.Close())
			},
			journal: true, want: RebuildStale, phase: PhaseOpen, events: 1, verdict: "ransomware",
		},
		{
			name: "summary of a different journal",
			spoil: func(t *testing.T, dirA, dirB string) {
				raw, err := os.ReadFile(filepath.Join(dirB, SummaryFile))
				must(t, err)
				must(t, os.WriteFile(filepath.Join(dirA, SummaryFile), raw, 0o600))
			},
			want: RebuildStale, phase: PhaseOpen, verdict: "ransomware",
		},
		{
			name: "corrupt JSON",
			spoil: func(t *testing.T, dirA, _ string) {
				must(t, os.WriteFile(filepath.Join(dirA, SummaryFile), []byte(`{"version":1,"incident":"INC-`), 0o600))
			},
			want: RebuildUnreadable, phase: PhaseOpen, verdict: "ransomware",
		},
		{
			name: "another version",
			spoil: func(t *testing.T, dirA, _ string) {
				r := readRecord(t, dirA)
				r.Version = 99
				writeRecord(t, dirA, r)
			},
			want: RebuildUnreadable, phase: PhaseOpen, verdict: "ransomware",
		},
		{
			name: "summary claims closed, journal says open",
			spoil: func(t *testing.T, dirA, _ string) {
				// Every pin to the journal kept: only the phase lies.
				r := readRecord(t, dirA)
				r.Phase, r.Running, r.NextDue = PhaseClosed, 0, time.Time{}
				writeRecord(t, dirA, r)
			},
			want: RebuildStale, phase: PhaseOpen, verdict: "ransomware",
		},
		{
			name: "summary claims another last record",
			spoil: func(t *testing.T, dirA, _ string) {
				r := readRecord(t, dirA)
				r.LastHash = "00" + r.LastHash[2:]
				writeRecord(t, dirA, r)
			},
			want: RebuildStale, phase: PhaseOpen, verdict: "ransomware",
		},
		{
			name: "journal broken in the middle, summary fine-looking",
			spoil: func(t *testing.T, dirA, _ string) {
				path := filepath.Join(dirA, journal.JournalFile)
				raw, err := os.ReadFile(path)
				must(t, err)
				// Same size: one byte of the second line's actor changed.
				i := indexNth(raw, '\n', 1) + 1
				j := i + len(`{"seq":2,"id":"`)
				raw[j] ^= 1
				must(t, os.WriteFile(path, raw, 0o600))
			},
			journal: true, want: RebuildStale, phase: PhaseOpen, events: -1000, broken: true,
		},
		{
			name: "journal broken with size and time put back",
			spoil: func(t *testing.T, dirA, _ string) {
				path := filepath.Join(dirA, journal.JournalFile)
				fi, err := os.Stat(path)
				must(t, err)
				raw, err := os.ReadFile(path)
				must(t, err)
				// The last line's hash, which the summary pins, is kept; the
				// record before it changes.
				last := indexNth(raw, '\n', bytesCount(raw, '\n')-2) + 1
				raw[last+len(`{"seq":`)] = '9'
				must(t, os.WriteFile(path, raw, 0o600))
				must(t, os.Chtimes(path, fi.ModTime(), fi.ModTime()))
			},
			journal: true, want: RebuildStale, phase: PhaseOpen, events: -1000, broken: true,
		},
		{
			name: "torn last line",
			spoil: func(t *testing.T, dirA, _ string) {
				f, err := os.OpenFile(filepath.Join(dirA, journal.JournalFile), os.O_APPEND|os.O_WRONLY, 0)
				must(t, err)
				_, err = f.WriteString(`{"seq":99,"ty`)
				must(t, err)
				must(t, f.Close())
			},
			journal: true, want: RebuildStale, phase: PhaseOpen, verdict: "ransomware",
		},
	}
	for _, tt := range tests {
		// Each change is listed twice: through the summary file (the home's
		// index removed), and with the index in place, where a change to
		// the summary file alone goes unread (the index's entry, checked
		// against the same journal, stands) and a change to the journal
		// must be caught as before.
		for _, withIndex := range []bool{false, true} {
			name := tt.name + "/summary file"
			if withIndex {
				name = tt.name + "/index"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				want := tt.want
				home, dirA, dirB := summaryHome(t)
				before := listOne(t, home, dirA)
				if before.Rebuilt != "" {
					t.Fatalf("before: %+v", before)
				}
				if withIndex {
					ageIndex(t, home)
				}
				tt.spoil(t, dirA, dirB)
				if !withIndex {
					must(t, os.Remove(IndexPath(home)))
				} else if !tt.journal {
					want = ""
				}
				got := listOne(t, home, dirA)
				if got.Rebuilt != want {
					t.Errorf("Rebuilt = %q; want %q", got.Rebuilt, want)
				}
				if got.ID != before.ID || got.Phase != tt.phase || got.Closed != (tt.phase == PhaseClosed) {
					t.Errorf("listed as %s %s; want %s %s", got.ID, got.Phase, before.ID, tt.phase)
				}
				if tt.broken {
					if got.Err == nil {
						t.Fatalf("a broken journal is listed as fine: %+v", got)
					}
					if _, err := os.Stat(filepath.Join(dirA, SummaryFile)); err == nil {
						t.Errorf("a summary file still vouches for a broken journal")
					}
					if again := listOne(t, home, dirA); again.Err == nil || again.Rebuilt == "" {
						t.Errorf("listed again: %+v; want read in full and broken", again)
					}
					return
				}
				if got.Err != nil || got.Verdict != tt.verdict || got.Events != before.Events+tt.events {
					t.Errorf("got %+v; want verdict %q, %d events", got, tt.verdict, before.Events+tt.events)
				}
				if other := listOne(t, home, dirB); other.Rebuilt != "" || other.Phase != PhaseClosed {
					t.Errorf("the other incident: %+v", other)
				}
			})
		}
	}
}

// TestSummaryAfterResume: a resumed incident goes on writing its summary,
// and one recovered from a torn tail gets a fresh one.
func TestSummaryAfterResume(t *testing.T) {
	t.Parallel()
	home, dirA, _ := summaryHome(t)
	f, err := os.OpenFile(filepath.Join(dirA, journal.JournalFile), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":99,"ty`)
	must(t, err)
	must(t, f.Close())
	s, err := Resume(dirA, ResumeOptions{Clock: testkit.NewClock(t0.Add(2 * time.Hour))})
	must(t, err)
	must(t, s.Note("alice", "back"))
	want := s.State()
	must(t, s.Detach())
	got := listOne(t, home, dirA)
	if got.Rebuilt != "" || got.Err != nil || got.LastSeq != want.LastSeq || got.Events != len(want.Events) {
		t.Errorf("after resume: %+v; want the session's summary at seq %d", got, want.LastSeq)
	}
}

// TestSummaryWriteLeavesNoTemporaries: the summary is replaced through a
// temporary file, which must not stay behind. (What writing it costs an
// append is measured by BenchmarkAppendSummary.)
func TestSummaryWriteLeavesNoTemporaries(t *testing.T) {
	t.Parallel()
	_, dirA, _ := summaryHome(t)
	entries, err := os.ReadDir(dirA)
	must(t, err)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".tmp" {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	r := readRecord(t, dirA)
	if r.Version != summaryVersion || r.LastType == "" || r.JournalSize == 0 || len(r.LastHash) != 64 {
		t.Errorf("summary file: %+v", r)
	}
}

func indexNth(b []byte, c byte, n int) int {
	seen := 0
	for i, x := range b {
		if x == c {
			if seen == n {
				return i
			}
			seen++
		}
	}
	return -1
}

func bytesCount(b []byte, c byte) int {
	n := 0
	for _, x := range b {
		if x == c {
			n++
		}
	}
	return n
}

// TestLineKeys reads seq, type and hash from lines as the journal writes
// them, an actor holding the very text of the type key included, and
// refuses anything else.
func TestLineKeys(t *testing.T) {
	t.Parallel()
	h := strings.Repeat("ab", 32)
	tests := []struct {
		line string
		seq  uint64
		typ  string
		ok   bool
	}{
		{`{"seq":12,"id":"x","at":"t","actor":"sato","type":"note.added","data":{},"h":"` + h + `"}`, 12, "note.added", true},
		{`{"seq":3,"id":"x","at":"t","actor":"a\",\"type\":\"incident.closed","type":"note.added","data":{"type":"x"},"h":"` + h + `"}`, 3, "note.added", true},
		{`{"seq":3,"id":"x","type":"note.added","h":"` + h[2:] + `"}`, 0, "", false},
		{`{"seq":x3,"type":"note.added","h":"` + h + `"}`, 0, "", false},
		{`{"id":"x","seq":3,"type":"note.added","h":"` + h + `"}`, 0, "", false},
		{`not json`, 0, "", false},
	}
	for _, tt := range tests {
		seq, typ, hash, ok := lineKeys([]byte(tt.line))
		if ok != tt.ok || ok && (seq != tt.seq || typ != tt.typ || hash != h) {
			t.Errorf("lineKeys(%s) = %d %q %q %v; want %d %q %v", tt.line, seq, typ, hash, ok, tt.seq, tt.typ, tt.ok)
		}
	}
}
