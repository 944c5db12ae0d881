package journal

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// locksListed says that lockHolder can tell whether anyone holds a
// journal: the kernel lists every lock in /proc/locks.
const locksListed = true

// lockHolder asks the kernel who holds the flock on f when the holder file
// tells nothing (it was deleted — the "stale lock" reflex — or never
// written): /proc/locks lists each lock with its process and the file's
// device and inode, and /proc/<pid> says whose process it is and since when
// it runs. The host is this one: a flock is held on this machine.
func lockHolder(f *os.File) (Holder, bool) {
	st, ok := statOf(f)
	if !ok {
		return Holder{}, false
	}
	locks, err := os.Open("/proc/locks")
	if err != nil {
		return Holder{}, false
	}
	defer locks.Close()
	pid, ok := flockPID(io.LimitReader(locks, 1<<20), st)
	if !ok {
		return Holder{}, false
	}
	h := Holder{PID: pid}
	h.Host, _ = os.Hostname()
	if fi, err := os.Stat(filepath.Join("/proc", strconv.Itoa(pid))); err == nil {
		if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
			h.User = strconv.FormatUint(uint64(sys.Uid), 10)
			if u, err := user.LookupId(h.User); err == nil {
				h.User = u.Username
			}
		}
	}
	h.Since = processStart(pid)
	h.User, h.Host = printable(h.User), printable(h.Host)
	return h, true
}

// statOf returns f's device and inode.
func statOf(f *os.File) (*syscall.Stat_t, bool) {
	fi, err := f.Stat()
	if err != nil {
		return nil, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return st, ok
}

// flockPID finds, in the text of /proc/locks, the process holding a FLOCK
// on the file st describes: lines read "1: FLOCK  ADVISORY  WRITE 4242
// 08:01:1311226 0 EOF" (the device's major and minor in hex, the inode in
// decimal); a waiter's line has "->" after the number and is skipped.
func flockPID(r io.Reader, st *syscall.Stat_t) (int, bool) {
	dev := uint64(st.Dev) // uint32 on some platforms
	major := (dev>>8)&0xfff | (dev>>32)&^0xfff
	minor := dev&0xff | (dev>>12)&^0xff
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, st.Ino)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 || f[1] != "FLOCK" || f[5] != want {
			continue
		}
		if pid, err := strconv.Atoi(f[4]); err == nil && pid > 0 {
			return pid, true
		}
	}
	return 0, false
}

// processStart is when process pid started, from /proc/<pid>/stat (field 22,
// in clock ticks since boot) and the boot time in /proc/stat; zero when
// either cannot be read. Linux's clock tick is 100 Hz for user space.
func processStart(pid int) time.Time {
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return time.Time{}
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(raw), ')')
	if i < 0 {
		return time.Time{}
	}
	fields := strings.Fields(string(raw[i+1:]))
	const startField = 22 - 3 // fields after the name start at field 3
	if len(fields) <= startField {
		return time.Time{}
	}
	ticks, err := strconv.ParseUint(fields[startField], 10, 64)
	if err != nil {
		return time.Time{}
	}
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return time.Time{}
	}
	for _, line := range strings.Split(string(stat), "\n") {
		if rest, ok := strings.CutPrefix(line, "btime "); ok {
			boot, err := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
			if err != nil {
				return time.Time{}
			}
			const hz = 100
			return time.Unix(boot, 0).Add(time.Duration(ticks) * time.Second / hz)
		}
	}
	return time.Time{}
}
