package drill

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"
)

var opened = time.Date(2026, 11, 27, 21, 0, 0, 0, time.FixedZone("JST", 9*60*60))

func TestSimClock(t *testing.T) {
	t.Parallel()
	// Each case is a script of operations on a clock at speed 60; after
	// each, the elapsed scenario time must be as written.
	type op struct {
		name string
		do   func(c *SimClock, r *fakeReal) error
		want time.Duration
	}
	wait := func(d time.Duration) func(*SimClock, *fakeReal) error {
		return func(_ *SimClock, r *fakeReal) error { r.advance(d); return nil }
	}
	cases := []struct {
		name string
		ops  []op
	}{
		{"runs speed times faster than real time", []op{
			{"start", wait(0), 0},
			{"1s real", wait(time.Second), time.Minute},
			{"another 30s", wait(30 * time.Second), 31 * time.Minute},
		}},
		{"pause stops it and resume goes on from there", []op{
			{"10s real", wait(10 * time.Second), 10 * time.Minute},
			{"pause", func(c *SimClock, _ *fakeReal) error { c.Pause(); return nil }, 10 * time.Minute},
			{"an hour of real time while paused", wait(time.Hour), 10 * time.Minute},
			{"pause again is a no-op", func(c *SimClock, _ *fakeReal) error { c.Pause(); return nil }, 10 * time.Minute},
			{"resume", func(c *SimClock, _ *fakeReal) error { c.Resume(); return nil }, 10 * time.Minute},
			{"5s real", wait(5 * time.Second), 15 * time.Minute},
			{"resume while running is a no-op", func(c *SimClock, _ *fakeReal) error { c.Resume(); return nil }, 15 * time.Minute},
		}},
		{"a speed change keeps the time already elapsed", []op{
			{"10s real at 60x", wait(10 * time.Second), 10 * time.Minute},
			{"speed 1", func(c *SimClock, _ *fakeReal) error { return c.SetSpeed(1) }, 10 * time.Minute},
			{"10s real at 1x", wait(10 * time.Second), 10*time.Minute + 10*time.Second},
			{"speed 600", func(c *SimClock, _ *fakeReal) error { return c.SetSpeed(600) }, 10*time.Minute + 10*time.Second},
			{"1s real at 600x", wait(time.Second), 20*time.Minute + 10*time.Second},
			{"speed change while paused", func(c *SimClock, r *fakeReal) error {
				c.Pause()
				r.advance(time.Minute)
				return c.SetSpeed(2)
			}, 20*time.Minute + 10*time.Second},
			{"still paused", wait(time.Minute), 20*time.Minute + 10*time.Second},
			{"resume at 2x", func(c *SimClock, r *fakeReal) error { c.Resume(); r.advance(time.Second); return nil }, 20*time.Minute + 12*time.Second},
		}},
		{"jump moves forward, running or paused", []op{
			{"jump to the next inject", func(c *SimClock, _ *fakeReal) error { return c.JumpTo(20 * time.Minute) }, 20 * time.Minute},
			{"keeps running from there", wait(time.Second), 21 * time.Minute},
			{"pause and jump", func(c *SimClock, _ *fakeReal) error { c.Pause(); return c.JumpTo(time.Hour) }, time.Hour},
			{"stays paused after a jump", wait(time.Minute), time.Hour},
			{"jump to now is a no-op", func(c *SimClock, _ *fakeReal) error { return c.JumpTo(time.Hour) }, time.Hour},
		}},
		{"a real clock stepping back never moves scenario time back", []op{
			{"10s real", wait(10 * time.Second), 10 * time.Minute},
			{"real clock set back 5s", wait(-5 * time.Second), 10 * time.Minute},
			{"and forward again", wait(6 * time.Second), 11 * time.Minute},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newFakeReal()
			c, err := NewSimClock(r.Now, opened, 60)
			must(t, err)
			for _, o := range tc.ops {
				must(t, o.do(c, r))
				if got := c.Elapsed(); got != o.want {
					t.Fatalf("after %s: elapsed %v; want %v", o.name, got, o.want)
				}
				if got := c.Now(); !got.Equal(opened.Add(o.want)) {
					t.Fatalf("after %s: Now %v; want opened + %v", o.name, got, o.want)
				}
			}
		})
	}
}

func TestSimClockRefuses(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	c, err := NewSimClock(r.Now, opened, 60)
	must(t, err)
	r.advance(10 * time.Second)
	if err := c.JumpTo(5 * time.Minute); !errors.Is(err, ErrBackwards) {
		t.Errorf("jump back: %v; want ErrBackwards", err)
	}
	if c.Elapsed() != 10*time.Minute {
		t.Errorf("a refused jump moved the clock to %v", c.Elapsed())
	}
	// 1e-300 is the red team's: the time to the next inject overflowed and the
	// app busy-looped (issue 12, L3).
	for _, speed := range []float64{0, -1, 1e-300, 0.5, MaxSpeed + 1, math.NaN(), math.Inf(1)} {
		if err := c.SetSpeed(speed); !errors.Is(err, ErrBadSpeed) {
			t.Errorf("SetSpeed(%v) = %v; want ErrBadSpeed", speed, err)
		}
		if _, err := NewSimClock(r.Now, opened, speed); !errors.Is(err, ErrBadSpeed) {
			t.Errorf("NewSimClock(speed %v) = %v; want ErrBadSpeed", speed, err)
		}
	}
	if c.Speed() != 60 {
		t.Errorf("a refused speed changed it to %v", c.Speed())
	}
}

func TestSimClockAtAndRealDelay(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	c, err := NewSimClock(r.Now, opened, 60)
	must(t, err)
	start := r.Now()
	if got := c.At(start.Add(2 * time.Second)); !got.Equal(opened.Add(2 * time.Minute)) {
		t.Errorf("At(+2s) = %v; want opened + 2m", got)
	}
	// A tick message older than a reading already taken never reads earlier.
	r.advance(10 * time.Second)
	_ = c.Now()
	if got := c.At(start); !got.Equal(opened.Add(10 * time.Minute)) {
		t.Errorf("At(an earlier instant) = %v; want the last reading", got)
	}
	for _, tc := range []struct {
		target time.Duration
		want   time.Duration
	}{
		{20 * time.Minute, 10 * time.Second},
		{10*time.Minute + 30*time.Second, 500 * time.Millisecond},
		{10*time.Minute + time.Nanosecond, time.Nanosecond}, // rounded up, never 0 before t
		{10 * time.Minute, 0},
		{time.Minute, 0},
	} {
		got, ok := c.RealDelay(opened.Add(tc.target))
		if !ok || got != tc.want {
			t.Errorf("RealDelay(opened + %v) = %v, %v; want %v, true", tc.target, got, ok, tc.want)
		}
	}
	c.Pause()
	if _, ok := c.RealDelay(opened.Add(time.Hour)); ok {
		t.Error("RealDelay while paused reports a delay; only a person can make the time come")
	}
}

// The clock is read from the TUI's goroutine and the session's at once.
func TestSimClockConcurrent(t *testing.T) {
	t.Parallel()
	r := newFakeReal()
	c, err := NewSimClock(r.Now, opened, 60)
	must(t, err)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := time.Duration(0)
			for j := range 200 {
				switch (i + j) % 5 {
				case 0:
					c.Pause()
				case 1:
					c.Resume()
				case 2:
					_ = c.SetSpeed(float64(1 + j%100))
				case 3:
					r.advance(time.Millisecond)
				}
				if e := c.Elapsed(); e < last {
					t.Errorf("elapsed went back from %v to %v", last, e)
					return
				} else {
					last = e
				}
			}
		}()
	}
	wg.Wait()
}
