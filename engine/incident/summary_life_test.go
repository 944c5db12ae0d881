package incident

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// The summary carries what a row shows of a resolved or ended incident —
// the follow-ups still open and the next one due, how it ended — so that
// neither the home screen nor `shodo list` reads a journal for a row. The
// three ways List reads an incident (the home's index, the summary file,
// the journal in full) must agree.
func TestSummaryCarriesFollowUpsAndEnding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// live brings the incident to the state listed.
		live func(t *testing.T, s *Session, clock *testkit.Clock)
		want func(t *testing.T, sum Summary)
	}{
		{
			name: "resolved with two follow-ups",
			live: func(t *testing.T, s *Session, clock *testkit.Clock) {
				must(t, s.Answer("alice", "symptom", "down"))
				clock.Advance(20 * time.Minute)
				must(t, s.Resolve("alice", clock.Now().Add(-5*time.Minute)))
			},
			want: func(t *testing.T, sum Summary) {
				// vendor-call (due an hour after opening) and review (a
				// week after the service came back) hold the close.
				if sum.Phase != PhaseResolved || sum.FollowUps != 2 || sum.FollowUpDuty != "vendor-call" || !sum.FollowUpDue.Equal(t0.Add(time.Hour)) {
					t.Errorf("follow-ups %d, next %q at %v; want 2, vendor-call at %v", sum.FollowUps, sum.FollowUpDuty, sum.FollowUpDue, t0.Add(time.Hour))
				}
				if sum.Ending != "" {
					t.Errorf("ending %q on a resolved incident", sum.Ending)
				}
			},
		},
		{
			name: "resolved, one follow-up left",
			live: func(t *testing.T, s *Session, clock *testkit.Clock) {
				must(t, s.Answer("alice", "symptom", "down"))
				clock.Advance(20 * time.Minute)
				must(t, s.Resolve("alice", time.Time{}))
				must(t, s.DutyDone("alice", "vendor-call", "phone", ""))
			},
			want: func(t *testing.T, sum Summary) {
				due := t0.Add(20*time.Minute + 7*24*time.Hour)
				if sum.FollowUps != 1 || sum.FollowUpDuty != "review" || !sum.FollowUpDue.Equal(due) {
					t.Errorf("follow-ups %d, next %q at %v; want 1, review at %v", sum.FollowUps, sum.FollowUpDuty, sum.FollowUpDue, due)
				}
			},
		},
		{
			name: "open: no follow-ups yet",
			live: func(t *testing.T, s *Session, _ *testkit.Clock) {
				must(t, s.Answer("alice", "symptom", "down"))
			},
			want: func(t *testing.T, sum Summary) {
				if sum.Phase != PhaseOpen || sum.FollowUps != 0 || !sum.FollowUpDue.IsZero() || sum.FollowUpDuty != "" {
					t.Errorf("open incident with follow-ups: %+v", sum)
				}
			},
		},
		{
			name: "ended as a false alarm",
			live: func(t *testing.T, s *Session, _ *testkit.Clock) {
				must(t, s.End("alice", EndFalseAlarm, "", "the probe was misconfigured"))
			},
			want: func(t *testing.T, sum Summary) {
				if sum.Phase != PhaseClosed || sum.Ending != EndFalseAlarm || sum.EndingOf != "" || sum.FollowUps != 0 {
					t.Errorf("ending %q of %q, follow-ups %d", sum.Ending, sum.EndingOf, sum.FollowUps)
				}
			},
		},
		{
			name: "ended as opened by mistake",
			live: func(t *testing.T, s *Session, _ *testkit.Clock) {
				must(t, s.End("alice", EndMistake, "", "wrong runbook"))
			},
			want: func(t *testing.T, sum Summary) {
				if sum.Ending != EndMistake {
					t.Errorf("ending %q", sum.Ending)
				}
			},
		},
		{
			name: "ended, then reopened",
			live: func(t *testing.T, s *Session, clock *testkit.Clock) {
				must(t, s.End("alice", EndMistake, "", "wrong runbook"))
				r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
				must(t, err)
				must(t, r.Reopen("alice", "it was real"))
				must(t, r.Detach())
			},
			want: func(t *testing.T, sum Summary) {
				if sum.Phase != PhaseOpen || sum.Ending != "" {
					t.Errorf("reopened: phase %s, ending %q", sum.Phase, sum.Ending)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openLife(t, clock)
			tt.live(t, s, clock)
			must(t, s.Detach())
			home := filepath.Dir(filepath.Dir(s.Dir()))
			written := listOne(t, home, s.Dir()) // the session's summary file
			if written.Rebuilt != "" {
				t.Fatalf("the session's summary was not used: %q", written.Rebuilt)
			}
			tt.want(t, written)
			if indexed := listOne(t, home, s.Dir()); comparable(indexed) != comparable(written) {
				t.Errorf("the index lists\n%+v\nthe summary file\n%+v", indexed, written)
			}
			must(t, os.Remove(filepath.Join(s.Dir(), SummaryFile)))
			must(t, os.Remove(IndexPath(home)))
			rebuilt := listOne(t, home, s.Dir())
			if rebuilt.Rebuilt != RebuildMissing || comparable(rebuilt) != comparable(written) {
				t.Errorf("the journal rebuilds (%q)\n%+v\nthe session wrote\n%+v", rebuilt.Rebuilt, rebuilt, written)
			}
		})
	}
}

// A summary written before the ending and the follow-ups existed (version
// 1) says nothing of them, which must never read as "none". Where the
// journal's last line says all — an open incident has neither, a closed
// one's ending is on its closing record — it is upgraded from that line
// without reading the journal, and rewritten as version 2; a resolved
// incident's follow-ups need its duties, and it is rebuilt. An index of
// version 1 is not read at all.
func TestOldSummaryUpgradedOrRebuilt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		live        func(t *testing.T, s *Session, clock *testkit.Clock)
		wantRebuilt Rebuild
		want        func(sum Summary) bool
	}{
		{"open", func(t *testing.T, s *Session, _ *testkit.Clock) { must(t, s.Answer("alice", "symptom", "down")) },
			"", func(sum Summary) bool { return sum.Phase == PhaseOpen && sum.Ending == "" && sum.FollowUps == 0 }},
		{"closed as a false alarm", func(t *testing.T, s *Session, _ *testkit.Clock) {
			must(t, s.End("alice", EndFalseAlarm, "", "the probe was misconfigured"))
		}, "", func(sum Summary) bool { return sum.Phase == PhaseClosed && sum.Ending == EndFalseAlarm }},
		{"closed with a verdict", func(t *testing.T, s *Session, _ *testkit.Clock) {
			must(t, s.Answer("alice", "symptom", "down"))
			must(t, s.Resolve("alice", time.Time{}))
			waiveAll(t, s, "alice")
			must(t, s.Close("alice", "back"))
		}, "", func(sum Summary) bool { return sum.Phase == PhaseClosed && sum.Ending == "" }},
		{"resolved", func(t *testing.T, s *Session, clock *testkit.Clock) {
			must(t, s.Answer("alice", "symptom", "down"))
			clock.Advance(10 * time.Minute)
			must(t, s.Resolve("alice", time.Time{}))
		}, RebuildUnreadable, func(sum Summary) bool {
			return sum.Phase == PhaseResolved && sum.FollowUps == 2 && sum.FollowUpDuty == "vendor-call"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(t0)
			s := openLife(t, clock)
			tt.live(t, s, clock)
			must(t, s.Detach())
			home := filepath.Dir(filepath.Dir(s.Dir()))
			// What a version 1 build wrote: the same record without the
			// new keys, pinned to the same journal.
			raw, err := json.Marshal(readRecord(t, s.Dir()))
			must(t, err)
			var fields map[string]any
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber() // nanosecond times do not survive a float64
			must(t, dec.Decode(&fields))
			for _, k := range []string{"ending", "ending_of", "follow_ups", "follow_up_due", "follow_up_duty"} {
				delete(fields, k)
			}
			fields["version"] = 1
			raw, err = json.Marshal(fields)
			must(t, err)
			must(t, os.WriteFile(filepath.Join(s.Dir(), SummaryFile), raw, 0o600))
			_ = os.Remove(IndexPath(home))

			got := listOne(t, home, s.Dir())
			if got.Rebuilt != tt.wantRebuilt || !tt.want(got) {
				t.Fatalf("version 1 summary: rebuilt %q (want %q), %+v", got.Rebuilt, tt.wantRebuilt, got)
			}
			if r := readRecord(t, s.Dir()); r.Version != summaryVersion || r.Ending != got.Ending || r.FollowUps != got.FollowUps {
				t.Errorf("rewritten summary: version %d, ending %q, follow-ups %d", r.Version, r.Ending, r.FollowUps)
			}
			if again := listOne(t, home, s.Dir()); again.Rebuilt != "" || comparable(again) != comparable(got) {
				t.Errorf("listed again: %+v", again)
			}
		})
	}
}

// An index of version 1 is not read: every entry is checked again.
func TestOldIndexNotRead(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openLife(t, clock)
	must(t, s.Detach())
	home := filepath.Dir(filepath.Dir(s.Dir()))
	listOne(t, home, s.Dir())
	index := IndexPath(home)
	data, err := os.ReadFile(index)
	must(t, err)
	if _, err := decodeIndex(data); err != nil {
		t.Fatalf("the index List wrote does not decode: %v", err)
	}
	old := append([]byte(nil), data...)
	old[len(indexMagic)] = 1
	binary.LittleEndian.PutUint32(old[len(old)-4:], crc32.Checksum(old[:len(old)-4], castagnoli))
	if _, err := decodeIndex(old); err == nil {
		t.Error("an index of version 1 decodes")
	}
}
