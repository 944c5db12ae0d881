package journal

import (
	"strings"
	"syscall"
	"testing"
)

// flockPID reads /proc/locks as the kernel writes it.
func TestFlockPID(t *testing.T) {
	st := &syscall.Stat_t{Ino: 1311226}
	st.Dev = 8<<8 | 1 // 08:01
	locks := "1: POSIX  ADVISORY  WRITE 99 08:01:1311226 0 EOF\n" +
		"2: FLOCK  ADVISORY  WRITE 4242 08:01:1311226 0 EOF\n" +
		"2: -> FLOCK  ADVISORY  WRITE 77 08:01:1311226 0 EOF\n" +
		"3: FLOCK  ADVISORY  WRITE 5 08:01:99 0 EOF\n"
	if pid, ok := flockPID(strings.NewReader(locks), st); !ok || pid != 4242 {
		t.Errorf("flockPID = %d, %v; want 4242", pid, ok)
	}
	if _, ok := flockPID(strings.NewReader("1: FLOCK  ADVISORY  WRITE 4242 08:02:1311226 0 EOF\n"), st); ok {
		t.Error("a lock on another device was taken for this file's")
	}
}
