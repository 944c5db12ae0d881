package serve

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
)

// BenchmarkFanout times a command on a shared incident until every
// connected screen has drawn it, with 2, 10 and 50 SSH sessions on the
// incident: each iteration records a note through the shared session (as
// a responder's key would) and waits for output on every session. The
// reference is the same command in a local single-user session: Note
// until its one subscriber has the event. Reported: median and p99 of the
// per-screen latency, the reference's median, and the heap each session
// holds (server and its x/crypto client, in one process).
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
			events, stop := sess.Subscribe()
			defer stop()

			var screens, local []time.Duration
			b.ResetTimer()
			for i := range b.N {
				waits := make([]<-chan struct{}, n)
				for j, tm := range terms {
					waits[j] = tm.wrote.mark()
				}
				start := time.Now()
				if err := sess.Note("bench", fmt.Sprintf("note %d", i)); err != nil {
					b.Fatal(err)
				}
				local = append(local, drain(events, start))
				for j, w := range waits {
					select {
					case <-w:
					case <-time.After(30 * time.Second):
						b.Fatalf("screen %d never drew note %d", j, i)
					}
					screens = append(screens, terms[j].wrote.at().Sub(start))
				}
			}
			b.StopTimer()
			b.ReportMetric(ms(quantile(screens, 0.5)), "median-ms/screen")
			b.ReportMetric(ms(quantile(screens, 0.99)), "p99-ms/screen")
			b.ReportMetric(ms(quantile(local, 0.5)), "local-median-ms")
			b.ReportMetric(perSession/1024, "heap-KiB/session")
		})
	}
}

// drain waits for the session's event and returns how long after start.
func drain(events <-chan incident.Event, start time.Time) time.Duration {
	<-events
	return time.Since(start)
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
