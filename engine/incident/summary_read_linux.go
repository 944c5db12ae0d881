package incident

import (
	"path/filepath"
	"strings"
	"syscall"
)

// _AT_FDCWD makes openat resolve a path as open does.
const _AT_FDCWD = -0x64

// openDir opens dir for the relative opens of openRead; without it (an
// error), paths are opened whole.
func (s *scratch) openDir(dir string) {
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_DIRECTORY, 0)
	if err == nil {
		s.dir, s.dirfd = dir, fd
	}
}

// closeDir closes what openDir opened.
func (s *scratch) closeDir() {
	if s.dir != "" {
		_ = syscall.Close(s.dirfd)
		s.dir = ""
	}
}

// Listing reads two small pieces of every incident, thousands of times
// over in a large archive: these use the system calls directly, because
// os.Open's own bookkeeping (non-blocking mode, the poller) costs more
// than the read itself.

// readSmall reads the regular file at path if it holds at most limit
// bytes.
func readSmall(path string, limit int, into *scratch) ([]byte, error) {
	fd, err := into.openRead(path)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	buf := grow(into.summary, 4096)[:0]
	defer func() { into.summary = buf[:0] }()
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
		if len(buf) < cap(buf) {
			// A regular file reads short only at its end: save the
			// read that would return 0, once per incident listed.
			return buf, nil
		}
	}
}

// readTail returns the journal file's size, times and its last bytes:
// up to tailChunk, or up to lastLineLimit when long is set.
func readTail(path string, long bool, into *scratch) (journalFacts, error) {
	fd, err := into.openRead(path)
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
	f := journalFacts{size: st.Size, ino: uint64(st.Ino), dev: uint64(st.Dev)}
	f.mtime, f.ctime = statTimes(&st)
	n := min(int64(tailChunk), f.size)
	if long {
		n = min(int64(lastLineLimit), f.size)
	}
	into.tail = grow(into.tail, int(n))
	f.tail = into.tail
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

// readIndexFile reads the regular file at path in full, with its identity
// as stat saw it (size, times in ns, inode, device), if it holds at most
// maxIndexBytes.
func readIndexFile(path string, s *scratch) ([]byte, journalID, error) {
	fd, err := s.openRead(path)
	if err != nil {
		return nil, journalID{}, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, journalID{}, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, journalID{}, errNotRegular
	}
	if st.Size > maxIndexBytes {
		return nil, journalID{}, errTooLarge
	}
	id := journalID{size: st.Size, ino: uint64(st.Ino), dev: uint64(st.Dev)}
	id.mtime, id.ctime = statTimes(&st)
	buf := make([]byte, st.Size)
	for read := 0; read < len(buf); {
		n, err := syscall.Pread(fd, buf[read:], int64(read))
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, journalID{}, err
		}
		if n == 0 {
			return nil, journalID{}, errShortRead
		}
		read += n
	}
	return buf, id, nil
}

// openRead opens path read-only without following a last symbolic link
// and without blocking on a FIFO; under the directory the scratch holds
// open (see openDir), relative to it, which spares the kernel the walk
// from the root for each of thousands of files.
func (s *scratch) openRead(path string) (int, error) {
	dirfd, name := _AT_FDCWD, path
	if rel, ok := strings.CutPrefix(path, s.dir+string(filepath.Separator)); ok && s.dir != "" {
		dirfd, name = s.dirfd, rel
	}
	for {
		fd, err := syscall.Openat(dirfd, name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
		if err == syscall.EINTR {
			continue
		}
		return fd, err
	}
}
