package drill

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// SimClock is scenario time over a real-time source. While it runs,
// scenario time = anchor + (real − real anchor) × speed; paused, it stands
// still. Every change (pause, resume, speed, jump) re-anchors it at the
// current reading, so scenario time never jumps by itself and never runs
// back. It implements incident.Clock: Now is the opening time plus Elapsed.
// Its methods are safe for concurrent use.
type SimClock struct {
	mu     sync.Mutex
	real   func() time.Time
	opened time.Time

	base     time.Duration // scenario offset at realBase
	realBase time.Time
	speed    float64
	paused   bool
	high     time.Duration // the latest offset read, so readings never go back
}

// NewSimClock returns a running clock at offset zero: Now returns opened
// until real time moves. real is the real-time source (time.Now in
// production, a fake in tests); speed is the time compression.
func NewSimClock(real func() time.Time, opened time.Time, speed float64) (*SimClock, error) {
	if err := checkSpeed(speed); err != nil {
		return nil, err
	}
	return &SimClock{real: real, opened: opened, realBase: real(), speed: speed}, nil
}

func checkSpeed(speed float64) error {
	if !(speed >= MinSpeed && speed <= MaxSpeed) || math.IsNaN(speed) {
		return fmt.Errorf("%w %v: use a number from %d (real time) to %d", ErrBadSpeed, speed, MinSpeed, MaxSpeed)
	}
	return nil
}

// offsetAt is the scenario offset at real instant r; c.mu is held. A real
// clock stepping back never moves scenario time back.
func (c *SimClock) offsetAt(r time.Time) time.Duration {
	if c.paused {
		return max(c.base, c.high)
	}
	d := r.Sub(c.realBase)
	if d < 0 {
		d = 0
	}
	scaled := float64(d) * c.speed
	if scaled > float64(math.MaxInt64/2) {
		scaled = float64(math.MaxInt64 / 2)
	}
	return max(c.base+time.Duration(scaled), c.high)
}

// read returns the current offset and remembers it as the high-water mark.
func (c *SimClock) read() time.Duration {
	off := c.offsetAt(c.real())
	c.high = off
	return off
}

// Now returns the scenario time: the opening time plus Elapsed.
func (c *SimClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.opened.Add(c.read())
}

// Elapsed returns the scenario time since the drill began.
func (c *SimClock) Elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.read()
}

// At returns the scenario time at real instant r (say, the time a tick
// message carries), never earlier than a reading already taken.
func (c *SimClock) At(r time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.opened.Add(c.offsetAt(r))
}

// Opened returns the scenario time at offset zero.
func (c *SimClock) Opened() time.Time { return c.opened }

// stopAtZero pauses a new clock at offset zero exactly.
func (c *SimClock) stopAtZero() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base, c.high, c.paused = 0, 0, true
}

// Pause stops scenario time. Pausing a paused clock does nothing.
func (c *SimClock) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paused {
		return
	}
	c.base = c.read()
	c.paused = true
}

// Resume lets scenario time run again from where it stopped.
func (c *SimClock) Resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.paused {
		return
	}
	c.realBase = c.real()
	c.paused = false
}

// Paused reports whether the clock is stopped.
func (c *SimClock) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paused
}

// Speed returns the current time compression.
func (c *SimClock) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.speed
}

// SetSpeed changes the time compression from now on; scenario time already
// elapsed stays as it is.
func (c *SimClock) SetSpeed(speed float64) error {
	if err := checkSpeed(speed); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.real()
	c.base = c.offsetAt(now)
	c.high = c.base
	c.realBase = now
	c.speed = speed
	return nil
}

// JumpTo moves scenario time forward to offset (to the next inject, say),
// paused or not. An offset earlier than the current one is refused with
// ErrBackwards; the current one is a no-op.
func (c *SimClock) JumpTo(offset time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.real()
	cur := c.offsetAt(now)
	if offset < cur {
		return fmt.Errorf("jump to %v: %w (it is at %v)", offset, ErrBackwards, cur)
	}
	c.base, c.high, c.realBase = offset, offset, now
	return nil
}

// RealDelay returns how much real time will pass before the clock reads t,
// so that a UI can sleep exactly that long; zero when t has come. It
// reports false while the clock is paused: only a person can make t come.
func (c *SimClock) RealDelay(t time.Time) (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paused {
		return 0, false
	}
	left := t.Sub(c.opened.Add(c.read()))
	if left <= 0 {
		return 0, true
	}
	// Round up, so that waking after the delay finds t has come.
	return time.Duration(math.Ceil(float64(left) / c.speed)), true
}
