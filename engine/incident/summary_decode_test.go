package incident

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeSummary: whatever the fast path accepts, encoding/json accepts
// too and decodes to the same record; so reading summaries fast changes
// nothing about which files are trusted.
func FuzzDecodeSummary(f *testing.F) {
	f.Add([]byte(`{"version":1,"incident":"INC-20261125-0000","uuid":"u","runbook":"archive","runbook_title":"T","opened":"2026-11-25T21:04:00+09:00","phase":"open","verdict":"v0","verdict_title":"V","next_due":"2026-11-25T22:04:00.5+09:00","next_duty":"d0","running":10,"overdue":0,"events":14,"last_seq":14,"last_hash":"ab","last_type":"duty.started","journal_size":12345,"journal_mtime_ns":1764000000000000000,"journal_ctime_ns":1764000000000000000}` + "\n"))
	f.Add([]byte(`{"version":1,"incident":"a\"b","last_seq":1}`))
	f.Add([]byte(`{"version":1,"incident":"x","last_seq":-1}`))
	f.Add([]byte(`{"version":1,"opened":"2026-11-25 21:04:00"}`))
	f.Add([]byte(`{"version":1,"incident":"x","incident":"y"}`))
	f.Add([]byte(`{"version":"1"}`))
	f.Add([]byte(`{"version":1,"name":"障害"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var fast summaryRecord
		if !fastSummary(raw, &fast) {
			return
		}
		var slow summaryRecord
		if err := json.Unmarshal(raw, &slow); err != nil {
			t.Fatalf("fast path accepts what encoding/json refuses (%v): %q", err, raw)
		}
		a, _ := json.Marshal(fast)
		b, _ := json.Marshal(slow)
		if string(a) != string(b) {
			t.Fatalf("fast path decodes %q as\n%s\nencoding/json as\n%s", raw, a, b)
		}
	})
}

// TestDecodeSummaryWritten: the summaries sessions write take the fast
// path, and decode as encoding/json decodes them.
func TestDecodeSummaryWritten(t *testing.T) {
	t.Parallel()
	_, dirA, dirB := summaryHome(t)
	for _, dir := range []string{dirA, dirB} {
		raw, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		must(t, err)
		var fast, slow summaryRecord
		if !fastSummary(raw, &fast) {
			t.Fatalf("%s: not on the fast path: %s", dir, raw)
		}
		must(t, json.Unmarshal(raw, &slow))
		a, _ := json.Marshal(fast)
		b, _ := json.Marshal(slow)
		if string(a) != string(b) {
			t.Errorf("%s: fast %s\nslow %s", dir, a, b)
		}
	}
}
