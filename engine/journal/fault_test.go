package journal

import (
	"bytes"
	"errors"
	"strings"
	"syscall"
	"testing"
)

// faultyStorage wraps the journal file and fails on command.
type faultyStorage struct {
	storage
	shortWrite    error // next WriteAt writes half the bytes, then fails with this
	truncateErr   error // every Truncate fails with this
	syncErr       error // next Sync fails with this
	writes, syncs int
}

func (f *faultyStorage) WriteAt(p []byte, off int64) (int, error) {
	f.writes++
	if err := f.shortWrite; err != nil {
		f.shortWrite = nil
		n, werr := f.storage.WriteAt(p[:len(p)/2], off)
		if werr != nil {
			return n, werr
		}
		return n, err
	}
	return f.storage.WriteAt(p, off)
}

func (f *faultyStorage) Truncate(size int64) error {
	if f.truncateErr != nil {
		return f.truncateErr
	}
	return f.storage.Truncate(size)
}

func (f *faultyStorage) Sync() error {
	f.syncs++
	if err := f.syncErr; err != nil {
		f.syncErr = nil // a retry would succeed: the journal must not make one
		return err
	}
	return f.storage.Sync()
}

// openFaulty opens a 3-record journal with a fault-injecting file.
func openFaulty(t *testing.T) (*Journal, *faultyStorage, string) {
	t.Helper()
	dir, _ := buildJournal(t, 3)
	j, err := testConfig(4).Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	fs := &faultyStorage{storage: j.f}
	j.f = fs
	return j, fs, dir
}

// A failed write is truncated back at once and records nothing, but does
// not poison: the file is known to hold exactly the acknowledged records, so
// a later Append (after space is freed) may succeed.
func TestShortWriteIsTruncatedBack(t *testing.T) {
	t.Parallel()
	j, fs, dir := openFaulty(t)
	before := readJournal(t, dir)
	fs.shortWrite = syscall.ENOSPC
	_, err := j.Append(entry(3))
	if !errors.Is(err, syscall.ENOSPC) || errors.Is(err, ErrPoisoned) {
		t.Fatalf("Append with a short write = %v, want ENOSPC, not poisoned", err)
	}
	if after := readJournal(t, dir); !bytes.Equal(after, before) {
		t.Fatalf("file after a failed write is %d bytes, want the last good %d", len(after), len(before))
	}
	if fs.syncs != 0 {
		t.Errorf("a failed write was fsynced %d times", fs.syncs)
	}
	rec, err := j.Append(entry(3))
	if err != nil || rec.Seq != 4 {
		t.Fatalf("Append after the failure: seq %d, %v; want seq 4", rec.Seq, err)
	}
	if rep := mustVerify(t, dir, VerifyOptions{}); !rep.OK() || rep.Records != 4 {
		t.Errorf("Verify = %v, want OK records=4", rep)
	}
}

// If even the truncation fails, the file may hold a fragment: poison.
func TestShortWriteThatCannotBeTruncatedPoisons(t *testing.T) {
	t.Parallel()
	j, fs, _ := openFaulty(t)
	fs.shortWrite = syscall.ENOSPC
	fs.truncateErr = syscall.EIO
	if _, err := j.Append(entry(3)); !errors.Is(err, ErrPoisoned) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Append = %v, want poisoned, citing ENOSPC", err)
	}
	if _, err := j.Append(entry(3)); !errors.Is(err, ErrPoisoned) {
		t.Fatalf("next Append = %v, want poisoned", err)
	}
}

func TestFailedFsyncPoisonsWithoutRetry(t *testing.T) {
	t.Parallel()
	j, fs, dir := openFaulty(t)
	fs.syncErr = syscall.EIO
	_, err := j.Append(entry(3))
	if !errors.Is(err, ErrPoisoned) || !errors.Is(err, syscall.EIO) {
		t.Fatalf("Append with a failed fsync = %v, want poisoned, citing EIO", err)
	}
	if !strings.Contains(err.Error(), "reopen the incident to re-scan it") {
		t.Errorf("error %q does not say to reopen", err)
	}
	size := len(readJournal(t, dir))
	for range 3 {
		if _, err := j.Append(entry(4)); !errors.Is(err, ErrPoisoned) {
			t.Fatalf("later Append = %v, want poisoned", err)
		}
	}
	if _, err := j.Seal(testKey()); !errors.Is(err, ErrPoisoned) {
		t.Errorf("Seal on a poisoned journal = %v, want poisoned", err)
	}
	if fs.syncs != 1 || fs.writes != 1 {
		t.Errorf("fsyncs = %d, writes = %d after poisoning; want 1 and 1 (never retried)", fs.syncs, fs.writes)
	}
	if j.LastSeq() != 3 {
		t.Errorf("LastSeq = %d, want 3: the record was not acknowledged", j.LastSeq())
	}
	if got := len(readJournal(t, dir)); got != size {
		t.Errorf("poisoned journal grew from %d to %d bytes", size, got)
	}

	// Reopening re-scans what is on disk. Here the write reached the page
	// cache, so the unacknowledged record is there and verifies.
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	j2, err := Open(dir, nil)
	if err != nil {
		t.Fatalf("reopen after poisoning: %v", err)
	}
	defer j2.Close()
	if j2.LastSeq() != 4 {
		t.Errorf("after reopening LastSeq = %d, want 4", j2.LastSeq())
	}
	if _, err := j2.Append(entry(5)); err != nil {
		t.Errorf("Append after reopening: %v", err)
	}
}
