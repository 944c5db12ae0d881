package tui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/benchcmd/fixture"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// staticEngine serves one state and takes no command: enough to draw.
type staticEngine struct {
	engine
	st    *incident.State
	clock *testkit.Clock
}

func (e staticEngine) State() *incident.State { return e.st }
func (e staticEngine) Now() time.Time         { return e.clock.Now() }

// longIncident is a real incident with n notes folded in after it, as a
// long incident's journal replays: a verdict, overdue duties, and a
// timeline of n+ events.
func longIncident(b *testing.B, n int) (*harness, *testkit.Clock) {
	b.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(b, b.TempDir(), openID, englishRB(b), clock)
	must(b, s.Answer("sato", "symptom", "ransom"))
	must(b, s.Answer("sato", "pii-held", "no"))
	must(b, s.Answer("sato", "what-happened", "encrypted"))
	clock.Advance(2 * time.Hour)
	must(b, s.Tick())
	st := s.State()
	events := append([]incident.Event(nil), st.Events...)
	seq := st.LastSeq
	at := clock.Now()
	for i := range n {
		seq++
		at = at.Add(time.Second)
		events = append(events, incident.Event{Seq: seq, At: at, Time: at, Actor: "sato", Type: incident.TypeNoteAdded,
			Data: incident.NoteAdded{Text: fmt.Sprintf("Progress note %d: vendor engineer still on the call", i)}})
	}
	full := incident.Fold(st.Runbook, events)
	return newIncidentHarness(b, staticEngine{st: full, clock: clock}, i18n.English, clock, 120, 40), clock
}

// BenchmarkView draws the incident screen at 120x40; the cost must not grow
// with the length of the timeline.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{100, 10_000, 100_000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			h, _ := longIncident(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = h.m.View()
			}
		})
	}
}

// BenchmarkKeyToFrame is a key press and the frame that follows it: Update
// and View, as the program runs them.
func BenchmarkKeyToFrame(b *testing.B) {
	for _, tc := range []struct {
		name string
		pane pane
	}{{"timeline", paneTimeline}, {"duties", paneDuties}, {"triage", paneTriage}} {
		b.Run(tc.name, func(b *testing.B) {
			h, _ := longIncident(b, 100_000)
			h.m.inc.focus = tc.pane
			keys := []any{keyMsg("up"), keyMsg("down")}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				next, _ := h.m.Update(keys[i%2])
				h.m = next.(Model)
				_ = h.m.View()
				i++
			}
		})
	}
}

// BenchmarkHomeFirstFrame is the home screen from nothing to its first
// frame at 100×30: the runbooks and scenarios found and loaded (loadHome,
// which the program runs off the UI goroutine), the incidents listed, and
// View. "checkout" is shodo run from a clone of itself, where ./runbooks
// holds copies of the shipped set; "team" adds a team's own directory of
// three runbooks and a drill.
func BenchmarkHomeFirstFrame(b *testing.B) {
	for _, tc := range []struct {
		name string
		dirs func(b *testing.B) []string
	}{
		{"shipped", func(*testing.B) []string { return nil }},
		{"checkout", func(b *testing.B) []string { return []string{benchCopyShipped(b)} }},
		{"team", func(b *testing.B) []string { return []string{benchTeamDir(b)} }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			clock := testkit.NewClock(t0)
			opt := testOptions(i18n.English, clock)
			opt.Home = b.TempDir()
			opt.Library = testLibrary(b, runbooks.FS, tc.dirs(b)...)
			b.ReportAllocs()
			for b.Loop() {
				m := NewHomeModel(opt)
				next, _ := m.Update(sizeMsg(100, 30))
				next, _ = next.Update(loadHome(m.opt, homeRecentClosed)())
				if v := next.View(); !strings.Contains(v.Content, "Start an incident") {
					b.Fatalf("no runbooks on the first frame:\n%s", v.Content)
				}
			}
		})
	}
}

// benchCopyShipped copies every shipped file into a temporary directory.
func benchCopyShipped(b *testing.B) string {
	dir := b.TempDir()
	err := fs.WalkDir(runbooks.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(runbooks.FS, name)
		if err != nil {
			return err
		}
		writeFile(b, filepath.Join(dir, filepath.FromSlash(name)), string(data))
		return nil
	})
	must(b, err)
	return dir
}

// benchTeamDir is a team's directory: three runbooks of its own (shipped
// ones under new ids) with their contacts, and a drill on one of them.
func benchTeamDir(b *testing.B) string {
	dir := b.TempDir()
	for _, id := range []string{"service-failure", "cloud-service-outage", "vulnerability-advisory"} {
		data, err := fs.ReadFile(runbooks.FS, id+".toml")
		must(b, err)
		writeFile(b, filepath.Join(dir, "team-"+id+".toml"), strings.Replace(string(data), `id = "`+id+`"`, `id = "team-`+id+`"`, 1))
	}
	for _, name := range []string{"contacts.toml", "regulations/appi.toml", "regulations/gdpr.toml"} {
		data, err := fs.ReadFile(runbooks.FS, name)
		must(b, err)
		writeFile(b, filepath.Join(dir, filepath.FromSlash(name)), string(data))
	}
	data, err := fs.ReadFile(runbooks.FS, "drills/friday-ransomware.toml")
	must(b, err)
	drill := strings.Replace(strings.Replace(string(data), `id = "friday-ransomware"`, `id = "team-friday"`, 1), `runbook = "service-failure"`, `runbook = "team-service-failure"`, 1)
	writeFile(b, filepath.Join(dir, "drills", "team-friday.toml"), drill)
	return dir
}

// BenchmarkHomeArchive is BenchmarkHomeFirstFrame (shipped) over archives
// of 100 to 10,000 incidents, each with its summary file. The sizes must
// match internal/benchcmd's archiveSizes.
func BenchmarkHomeArchive(b *testing.B) {
	shipped := runbooks.FS
	for _, n := range []int{100, 1_000, 10_000} {
		home, _, err := fixture.TempHome()
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(home) })
		if err := fixture.Archive(home, n); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			clock := testkit.NewClock(t0)
			opt := testOptions(i18n.English, clock)
			opt.Home, opt.Library = home, testLibrary(b, shipped)
			b.ReportAllocs()
			cpu := testkit.CPUTime()
			for b.Loop() {
				m := NewHomeModel(opt)
				next, _ := m.Update(sizeMsg(100, 30))
				next, _ = next.Update(loadHome(m.opt, homeRecentClosed)())
				if frame := next.View().Content; !strings.Contains(frame, "INC-") {
					b.Fatalf("no incident in the first frame:\n%s", frame)
				}
			}
			// CPU time (every core, GC included): on a shared machine the
			// wall time measures the neighbours too.
			b.ReportMetric(float64((testkit.CPUTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}
