package paired

import (
	"errors"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{9, 1, 5}, 5},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if got := median([]time.Duration{4, 1, 3, 2}); got != 2 {
		t.Errorf("median of durations = %v, want 2 (integer mean of 2 and 3)", got)
	}
}

// work spins for n rounds of arithmetic: CPU time without a clock.
func work(n int) error {
	x := uint64(1)
	for i := range n {
		x = x*6364136223846793005 + uint64(i)
	}
	if x == 0 {
		return errors.New("unreachable")
	}
	return nil
}

// Measure reports both sides and their ratio: an operation doing four
// times the reference's work is measured slower than it.
func TestMeasureReportsBothSidesAndTheRatio(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		Measure(b, func() error { return work(400_000) }, func() error { return work(100_000) })
	})
	m, r, x := res.Extra[MeasuredUnit], res.Extra[ReferenceUnit], res.Extra[RatioUnit]
	if m <= 0 || r <= 0 {
		t.Fatalf("measured %v ns, reference %v ns: want both reported", m, r)
	}
	if x <= 1 {
		t.Errorf("ratio %.2f for four times the work, want above 1", x)
	}
}

func TestMeasureStopsOnError(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		Measure(b, func() error { return errors.New("broken") }, func() error { return nil })
	})
	if res.N != 0 && res.Extra[RatioUnit] != 0 {
		t.Errorf("a failing operation still produced a ratio: %+v", res)
	}
}
