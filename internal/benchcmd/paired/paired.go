// Package paired times an operation next to its reference in the same
// benchmark loop, alternating them, so that their ratio holds on a shared
// machine: a burst of load from elsewhere slows both sides of the pair
// instead of whichever benchmark happened to run during it.
package paired

import (
	"slices"
	"testing"
	"time"
)

// Units of the metrics Measure reports.
const (
	// MeasuredUnit is the measured operation's time per op.
	MeasuredUnit = "ns/measured"
	// ReferenceUnit is the reference's time per op.
	ReferenceUnit = "ns/reference"
	// RatioUnit is the measured time over the reference time.
	RatioUnit = "x-ratio"
)

// Measure runs measured and reference once each per iteration of b's loop,
// in alternating order, and reports the median time per op of each and the
// median of the per-iteration ratios (see the units above): a burst of
// load from elsewhere spoils one pair, not the figure. The ns/op that the
// testing package prints is the two together.
//
// It does not collect garbage between the two: a forced collection before
// each op left caches cold and made a microsecond operation several times
// slower, against the side that allocates. Collections happen as the heap
// grows, as in any benchmark, and allocation assists charge them mostly to
// the side that allocates.
func Measure(b *testing.B, measured, reference func() error) {
	b.Helper()
	var ms, rs []time.Duration
	timed := func(f func() error) time.Duration {
		start := time.Now()
		err := f()
		d := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	for b.Loop() {
		if len(ms)%2 == 0 {
			ms = append(ms, timed(measured))
			rs = append(rs, timed(reference))
		} else {
			rs = append(rs, timed(reference))
			ms = append(ms, timed(measured))
		}
	}
	if len(ms) == 0 {
		return
	}
	ratios := make([]float64, len(ms))
	for i := range ms {
		ratios[i] = float64(ms[i]) / float64(max(rs[i], 1))
	}
	b.ReportMetric(float64(median(ms).Nanoseconds()), MeasuredUnit)
	b.ReportMetric(float64(median(rs).Nanoseconds()), ReferenceUnit)
	b.ReportMetric(median(ratios), RatioUnit)
}

// median returns the middle value of xs (the mean of the two middle ones
// for an even count), sorting a copy.
func median[T time.Duration | float64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
