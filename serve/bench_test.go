package serve

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/tui"
)

// BenchmarkFanout times a command on a shared incident until every
// connected screen has drawn it, with 2, 10 and 50 SSH sessions on the
// incident: each iteration records a note through the shared session (as
// a responder's key would) and waits for output on every session.
//
// The reference, paired (measured in the same iteration, just before),
// is the same command in a local single-user session: a note on an
// incident of its own until its one screen, a Bubble Tea program in
// process, has drawn it. Reported: median and p99 of the per-screen
// latency, the reference's median and p99, the CPU time the process
// spent per screen updated (server and its in-process x/crypto clients:
// the per-session cost, which holds better than wall time on a shared
// machine), and the heap each session holds.
func BenchmarkFanout(b *testing.B) {
	for _, n := range []int{2, 10, 50} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			keys := make([]respKey, n)
			for i := range keys {
				keys[i] = newResponderKey(b, fmt.Sprintf("r%d@bench", i))
			}
			ts := startTestServer(b, Config{MaxSessions: n}, keys...)
			heapBefore := heapInUse()
			terms := make([]*term, n)
			for i, k := range keys {
				terms[i] = ts.openWith(k, 100, 30, false)
			}
			for _, tm := range terms {
				<-tm.drawn
			}
			waitUntil(b, "every session on the incident", func() bool { return ts.srv.Sessions() == n })
			perSession := float64(int64(heapInUse())-int64(heapBefore)) / float64(n)
			sess, release, err := ts.hub.Resume(ts.dir, incident.ResumeOptions{})
			if err != nil {
				b.Fatal(err)
			}
			defer release()
			local := startLocalScreen(b, 100, 30)

			var screens, alone []time.Duration
			var cpu time.Duration
			b.ResetTimer()
			for i := range b.N {
				alone = append(alone, local.note(b, fmt.Sprintf("note %d", i)))

				waits := make([]<-chan struct{}, n)
				for j, tm := range terms {
					waits[j] = tm.wrote.mark()
				}
				cpuBefore := testkit.CPUTime()
				start := time.Now()
				if err := sess.Note("bench", fmt.Sprintf("note %d", i)); err != nil {
					b.Fatal(err)
				}
				for j, w := range waits {
					select {
					case <-w:
					case <-time.After(30 * time.Second):
						b.Fatalf("screen %d never drew note %d", j, i)
					}
					screens = append(screens, terms[j].wrote.at().Sub(start))
				}
				cpu += testkit.CPUTime() - cpuBefore
			}
			b.StopTimer()
			b.ReportMetric(ms(quantile(screens, 0.5)), "median-ms/screen")
			b.ReportMetric(ms(quantile(screens, 0.99)), "p99-ms/screen")
			b.ReportMetric(ms(quantile(alone, 0.5)), "local-median-ms")
			b.ReportMetric(ms(quantile(alone, 0.99)), "local-p99-ms")
			b.ReportMetric(ms(cpu)/float64(b.N*n), "cpu-ms/screen")
			b.ReportMetric(perSession/1024, "heap-KiB/session")
		})
	}
}

// localScreen is the incident screen in a local single-user session, as
// `shodo run` has it: an incident of its own, held by one screen.
type localScreen struct {
	sess  *incident.Session
	wrote *firstWrite
}

// startLocalScreen opens an incident on the benchmark's runbook and runs
// its screen, w×h, drawing into a writer that times its output.
func startLocalScreen(b *testing.B, w, h int) *localScreen {
	b.Helper()
	clock := testkit.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	sess, err := incident.Open(loadRunbook(b), incident.OpenOptions{Home: b.TempDir(), Actor: "local", Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sess.Detach() })
	ls := &localScreen{sess: sess, wrote: &firstWrite{}}
	drawn := ls.wrote.mark()
	env := func(k string) string { return map[string]string{"TERM": "xterm-256color"}[k] }
	m := tui.NewIncidentModel(sess, tui.Options{Actor: "local", Lang: i18n.English, Now: clock.Now, Getenv: env})
	ctx, cancel := context.WithCancel(context.Background())
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(ls.wrote),
		tea.WithWindowSize(w, h), tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithoutSignals())
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	b.Cleanup(func() { cancel(); <-done })
	select {
	case <-drawn:
	case <-time.After(30 * time.Second):
		b.Fatal("the local screen never drew")
	}
	return ls
}

// note records a note on the local incident and returns how long until
// its screen drew it.
func (ls *localScreen) note(b *testing.B, text string) time.Duration {
	b.Helper()
	drawn := ls.wrote.mark()
	start := time.Now()
	if err := ls.sess.Note("local", text); err != nil {
		b.Fatal(err)
	}
	select {
	case <-drawn:
	case <-time.After(30 * time.Second):
		b.Fatalf("the local screen never drew %q", text)
	}
	return ls.wrote.at().Sub(start)
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*q))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
