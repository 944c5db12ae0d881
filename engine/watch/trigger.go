package watch

import (
	"errors"
	"sync"
	"time"
)

// Trigger says when a watched journal may have changed: it grew, its
// writer came or went. A watcher waits on it, then calls Follow and asks
// Writer. The binary's trigger is the kernel's file notification with a
// slow poll behind it (NewTrigger); a test drives one by hand, so that
// nothing waits on a clock.
type Trigger interface {
	// Wait blocks until the journal may have changed since the last Wait
	// returned, or the trigger is closed (ErrTriggerClosed).
	Wait() error
	// Close ends the trigger and wakes a Wait in progress.
	Close() error
}

// ErrTriggerClosed is returned by Wait once the trigger is closed.
var ErrTriggerClosed = errors.New("watch trigger closed")

// DefaultPoll is how often the binary looks at a watched journal when the
// kernel does not say it changed: often enough to notice a writer that
// quit within seconds, seldom enough to cost nothing. With no file
// notification at all (not Linux, or inotify unavailable) it is the only
// way a change is seen.
const DefaultPoll = 2 * time.Second

// NewTrigger watches the incident directory dir: the kernel's file
// notification where there is one (Linux's inotify), and a look every
// poll in any case (a poll of 0 means DefaultPoll).
func NewTrigger(dir string, poll time.Duration) Trigger {
	if poll <= 0 {
		poll = DefaultPoll
	}
	t := &fileTrigger{poll: poll, wake: make(chan struct{}, 1), done: make(chan struct{})}
	t.stop = notify(dir, t.kick) // nil where there is no notification
	return t
}

// fileTrigger wakes on a notification or when poll has passed.
type fileTrigger struct {
	poll time.Duration
	wake chan struct{} // one pending wake-up; more coalesce into it
	done chan struct{}
	stop func() error

	once sync.Once
}

// kick notes a change; a wake-up already pending covers it.
func (t *fileTrigger) kick() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

func (t *fileTrigger) Wait() error {
	// A closed trigger says so even when a change is pending: select
	// would pick between the two at random.
	select {
	case <-t.done:
		return ErrTriggerClosed
	default:
	}
	timer := time.NewTimer(t.poll)
	defer timer.Stop()
	select {
	case <-t.done:
		return ErrTriggerClosed
	case <-t.wake:
	case <-timer.C:
	}
	return nil
}

func (t *fileTrigger) Close() error {
	var err error
	t.once.Do(func() {
		close(t.done)
		if t.stop != nil {
			err = t.stop()
		}
	})
	return err
}
