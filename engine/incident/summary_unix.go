//go:build linux || darwin

package incident

import (
	"syscall"
)

// Listing reads two small pieces of every incident, thousands of times
// over in a large archive: these use the system calls directly, because
// os.Open's own bookkeeping (non-blocking mode, the poller) costs more
// than the read itself.

// readSmall reads the regular file at path if it holds at most limit
// bytes.
func readSmall(path string, limit int) ([]byte, error) {
	fd, err := openRead(path)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 0, 2048)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if len(buf) > limit {
			return nil, errTooLarge
		}
	}
}

// readTail returns the journal file's size, times and its last bytes:
// up to tailChunk, or up to lastLineLimit when long is set.
func readTail(path string, long bool) (journalFacts, error) {
	fd, err := openRead(path)
	if err != nil {
		return journalFacts{}, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return journalFacts{}, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return journalFacts{}, errNotRegular
	}
	f := journalFacts{size: st.Size}
	f.mtime, f.ctime = statTimes(&st)
	n := min(int64(tailChunk), f.size)
	if long {
		n = min(int64(lastLineLimit), f.size)
	}
	f.tail = make([]byte, n)
	for read := int64(0); read < n; {
		m, err := syscall.Pread(fd, f.tail[read:], f.size-n+read)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return journalFacts{}, err
		}
		if m == 0 {
			return journalFacts{}, errShortRead
		}
		read += int64(m)
	}
	return f, nil
}

// openRead opens path read-only without following a last symbolic link
// and without blocking on a FIFO.
func openRead(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
		if err == syscall.EINTR {
			continue
		}
		return fd, err
	}
}
