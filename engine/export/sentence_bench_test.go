package export

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// BenchmarkSentence is the cost of one timeline sentence, the part of an
// export that grows with the journal.
func BenchmarkSentence(b *testing.B) {
	st, ev := foldExample(b, incident.DutyDone{Duty: "vendor-first-call", Means: "phone", Note: "on the line"})
	c := i18n.New(i18n.English)
	format := dateTimeIn(time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		Sentence(c, st, ev, format)
	}
}
