//go:build unix

package incident

import (
	"testing"
	"time"
)

// TestIndexLock: a holder shuts others out; one that gives up waiting
// leaves nothing locked behind it once the holder is gone.
func TestIndexLock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unlock, ok, err := lockIndex(dir, time.Minute)
	if err != nil || !ok {
		t.Fatalf("first lock: %v, %v", ok, err)
	}
	if _, ok, err := lockIndex(dir, 0); err != nil || ok {
		t.Fatalf("second lock while held: ok %v, %v; want refused", ok, err)
	}
	unlock()
	// The waiter left behind takes the lock and lets it go: this one gets
	// it in turn, however the two race.
	again, ok, err := lockIndex(dir, time.Minute)
	if err != nil || !ok {
		t.Fatalf("lock after release: %v, %v", ok, err)
	}
	again()
}
