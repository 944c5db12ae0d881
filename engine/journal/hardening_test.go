//go:build unix

package journal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// H1: deleting the lock file (the "stale lock" reflex) must not let a
// second writer in, in this process or another: the lock is on the journal.
func TestDeletedLockFileLetsNoSecondWriterIn(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := os.Remove(filepath.Join(dir, LockFile)); err != nil {
		t.Fatal(err)
	}
	j2, err := Open(dir, nil)
	if !errors.Is(err, ErrLocked) {
		if j2 != nil {
			j2.Close()
		}
		t.Fatalf("second Open in this process after deleting the lock file: %v, want ErrLocked", err)
	}
	// With the holder file gone, the refusal still names the holder: on
	// Linux the kernel says who holds the lock (/proc/locks).
	var le *LockedError
	if errors.As(err, &le) && runtime.GOOS == "linux" {
		host, _ := os.Hostname()
		if h := le.Holder; h.PID != os.Getpid() || h.User == "" || h.Host != host || h.Since.IsZero() || h.Since.After(time.Now()) {
			t.Errorf("holder after the lock file was deleted = %+v; want this process, its user, host and start", h)
		}
		for _, want := range []string{fmt.Sprintf("process %d", os.Getpid()), "user ", "host " + host, "since ", "deleting " + LockFile + " changes nothing"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("refusal %q lacks %q", err, want)
			}
		}
	}
	out, err := childCommand("open", dir).Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "locked=true") {
		t.Errorf("a second process got in after the lock file was deleted:\n%s", out)
	}
	if _, err := j.Append(entry(1)); err != nil {
		t.Errorf("the holder can no longer append: %v", err)
	}
}

// The refusal names the holder — pid, user, host, since when — and says
// that deleting the lock file changes nothing.
func TestRefusalNamesTheHolder(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	since := time.Date(2026, 12, 2, 3, 12, 0, 0, time.UTC)
	j, err := Config{Now: func() time.Time { return since }}.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	_, err = Open(dir, nil)
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second Open: %v", err)
	}
	host, _ := os.Hostname()
	msg := err.Error()
	for _, want := range []string{"process " + strconv.Itoa(os.Getpid()), "host " + host, "since 2026-12-02 03:12:00 UTC", "deleting " + LockFile + " changes nothing"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q lacks %q", msg, want)
		}
	}
	if le.Holder.PID != os.Getpid() || le.Holder.User == "" {
		t.Errorf("holder = %+v", le.Holder)
	}
}

// When a second writer got in anyway (an older shodo, a hand edit, a copy
// of the incident written back), the first writer's next append must not
// write over it: it finds the file changed, records nothing and poisons.
func TestAppendRefusesAFileChangedUnderIt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   string
	}{
		{"grown by another writer", func(t *testing.T, dir string) {
			f, err := os.OpenFile(filepath.Join(dir, JournalFile), os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteString("{\"seq\":3,\"from\":\"the other writer\"}\n"); err != nil {
				t.Fatal(err)
			}
		}, "another process wrote to it"},
		{"replaced", func(t *testing.T, dir string) {
			path := filepath.Join(dir, JournalFile)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tmp := path + ".copy"
			if err := os.WriteFile(tmp, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}, "replaced while open"},
		{"deleted", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, JournalFile)); err != nil {
				t.Fatal(err)
			}
		}, "deleted while open"},
		{"moved", func(t *testing.T, dir string) {
			if err := os.Rename(filepath.Join(dir, JournalFile), filepath.Join(dir, "moved.jsonl")); err != nil {
				t.Fatal(err)
			}
		}, "no longer exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, _ := buildJournal(t, 2)
			j, err := Open(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			before, _ := os.ReadFile(filepath.Join(dir, JournalFile))
			tt.change(t, dir)
			changed, _ := os.ReadFile(filepath.Join(dir, JournalFile))
			_, err = j.Append(entry(5))
			if !errors.Is(err, ErrChanged) || !errors.Is(err, ErrPoisoned) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Append after the file was %s: %v; want ErrChanged and ErrPoisoned saying %q", tt.name, err, tt.want)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, JournalFile)); !bytes.Equal(after, changed) {
				t.Errorf("the refused append changed the file:\nbefore %q\nafter  %q", before, after)
			}
			if _, err := j.Append(entry(6)); !errors.Is(err, ErrPoisoned) {
				t.Errorf("a later Append: %v, want ErrPoisoned", err)
			}
		})
	}
}

// M3: a symbolic link planted as the lock file (a received incident
// archive is enough) must not make shodo write through it.
func TestPlantedLockSymlinkIsNotFollowed(t *testing.T) {
	t.Parallel()
	dir, _ := buildJournal(t, 1)
	victim := filepath.Join(t.TempDir(), "victim.txt")
	const precious = "precious data\n"
	if err := os.WriteFile(victim, []byte(precious), 0o600); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(dir, LockFile)
	_ = os.Remove(lock)
	if err := os.Symlink(victim, lock); err != nil {
		t.Fatal(err)
	}
	j, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if got, _ := os.ReadFile(victim); string(got) != precious {
		t.Errorf("the link's target was written: %q", got)
	}
	if st, err := os.Lstat(lock); err != nil || !st.Mode().IsRegular() {
		t.Errorf("the lock file is not a regular file after Open: %v %v", st.Mode(), err)
	}
}

// M3 and L2: a journal that is a symbolic link, a FIFO or a directory is
// refused at once, by Open and Verify alike, instead of being followed or
// hanging.
func TestJournalMustBeARegularFile(t *testing.T) {
	t.Parallel()
	src, _ := buildJournal(t, 1)
	tests := []struct {
		name  string
		plant func(t *testing.T, path string)
		kind  string
	}{
		{"symlink", func(t *testing.T, path string) {
			if err := os.Symlink(filepath.Join(src, JournalFile), path); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"fifo", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "FIFO"},
		{"directory", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}, "directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "INC-TEST")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			tt.plant(t, filepath.Join(dir, JournalFile))
			done := make(chan error, 2)
			go func() {
				_, err := Open(dir, nil)
				done <- err
			}()
			go func() {
				_, err := Verify(filepath.Join(dir, JournalFile), VerifyOptions{})
				done <- err
			}()
			for range 2 {
				select {
				case err := <-done:
					if err == nil || (tt.name != "directory" && !errors.Is(err, ErrNotRegular)) || !strings.Contains(err.Error(), tt.kind) {
						t.Errorf("got %v, want a refusal naming a %s", err, tt.name)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("opening a planted journal hangs")
				}
			}
		})
	}
}

// L8: the journal's errors name timeline.jsonl, never the temporary name
// it had until its first record was on disk.
func TestErrorsNameTheJournalNotItsTemporaryName(t *testing.T) {
	err := bare(&os.PathError{Op: "write", Path: "/x/timeline.jsonl.new", Err: syscall.ENOSPC})
	if strings.Contains(err.Error(), ".new") || !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("bare = %v", err)
	}
	dir, _ := buildJournal(t, 1)
	if _, err := os.Stat(filepath.Join(dir, JournalFile+".new")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Create left the temporary name behind: %v", err)
	}
}
