//go:build !linux

package incident

import (
	"io"
	"os"
)

// openDir and closeDir keep nothing open where listing uses package os.
func (s *scratch) openDir(string) {}
func (s *scratch) closeDir()      {}

// readSmall reads the file at path if it holds at most limit bytes.
func readSmall(path string, limit int, _ *scratch) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

// readIndexFile reads the regular file at path in full, with its identity
// as stat saw it (size, times in ns, inode, device where known), if it
// holds at most maxIndexBytes.
func readIndexFile(path string, _ *scratch) ([]byte, journalID, error) {
	if fi, err := os.Lstat(path); err != nil {
		return nil, journalID{}, err
	} else if !fi.Mode().IsRegular() {
		return nil, journalID{}, errNotRegular
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, journalID{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, journalID{}, err
	}
	if !fi.Mode().IsRegular() {
		return nil, journalID{}, errNotRegular
	}
	if fi.Size() > maxIndexBytes {
		return nil, journalID{}, errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, maxIndexBytes+1))
	if err != nil {
		return nil, journalID{}, err
	}
	if len(data) > maxIndexBytes {
		return nil, journalID{}, errTooLarge
	}
	ino, dev := fileID(fi)
	return data, journalID{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ctime: changeTime(fi), ino: ino, dev: dev}, nil
}

// readTail returns the journal file's size, times and its last bytes:
// up to tailChunk, or up to lastLineLimit when long is set.
func readTail(path string, long bool, into *scratch) (journalFacts, error) {
	f, err := os.Open(path)
	if err != nil {
		return journalFacts{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return journalFacts{}, err
	}
	if !fi.Mode().IsRegular() {
		return journalFacts{}, errNotRegular
	}
	facts := journalFacts{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ctime: changeTime(fi)}
	facts.ino, facts.dev = fileID(fi)
	n := min(int64(tailChunk), facts.size)
	if long {
		n = min(int64(lastLineLimit), facts.size)
	}
	// Kept in the scratch too: a version 1 summary is upgraded from the
	// last line the check read (upgradeSummary).
	into.tail = grow(into.tail, int(n))
	facts.tail = into.tail
	if _, err := f.ReadAt(facts.tail, facts.size-n); err != nil {
		return journalFacts{}, err
	}
	return facts, nil
}
