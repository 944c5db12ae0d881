package journal

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Holder says who holds an incident open. The writer records it in the
// holder file (LockFile) for the message a second opener gets; the lock
// itself is on the journal file, so the holder file only informs.
type Holder struct {
	PID  int    `json:"pid"`
	User string `json:"user,omitempty"`
	Host string `json:"host,omitempty"`
	// Actor is who the writer records on its events (Config.Actor), for
	// `shodo watch` to name; empty in a holder file an older shodo wrote,
	// or when the kernel named the holder.
	Actor string    `json:"actor,omitempty"`
	Since time.Time `json:"since,omitzero"`
	// Served is the address `shodo serve` listens on when the writer is
	// that server (Config.Served): a refused writer is told to connect
	// with ssh instead. Empty for every other writer.
	Served string `json:"served,omitempty"`
}

// maxHolderBytes bounds what is read of a holder file, which may come from
// anywhere (a received archive).
const maxHolderBytes = 4096

// acquireLock locks f, the journal being opened, without waiting, and
// records this process as the holder. A journal another process (or another
// Journal in this one) holds is refused with a *LockedError naming the
// holder. It returns the function that releases the lock.
func acquireLock(dir string, f *os.File, incident func() string, now func() time.Time, actor, served string) (func() error, error) {
	unlock, ok, err := lockFile(f)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", filepath.Join(dir, JournalFile), bare(err))
	}
	if !ok {
		h, err := readHolder(dir)
		if err != nil || h.PID == 0 {
			// The holder file is gone (deleted as a "stale lock") or
			// says nothing: ask the kernel who holds the lock.
			if k, found := lockHolder(f); found {
				h = k
			}
		}
		return nil, &LockedError{Incident: incident(), Holder: h}
	}
	h := currentHolder(now(), actor)
	h.Served = printable(served)
	if err := writeHolder(dir, h); err != nil {
		_ = unlock()
		return nil, err
	}
	return unlock, nil
}

// currentHolder describes this process, writing as actor.
func currentHolder(since time.Time, actor string) Holder {
	h := Holder{PID: os.Getpid(), Since: since, Actor: printable(actor)}
	if u, err := user.Current(); err == nil {
		h.User = u.Username
	}
	h.Host, _ = os.Hostname()
	return h
}

// writeHolder replaces the holder file through a new file and a rename: a
// rename replaces a symbolic link planted at the holder file's name instead
// of writing through it.
func writeHolder(dir string, h Holder) error {
	path := filepath.Join(dir, LockFile)
	raw, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("lock %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+LockFile+".*.tmp") // created 0600, never an existing file
	if err != nil {
		return fmt.Errorf("lock %s: record the holder: %w", path, err)
	}
	_, err = f.Write(append(raw, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("lock %s: record the holder: %w", path, err)
	}
	return nil
}

// readHolder reads the holder file. A file an older shodo wrote holds the
// PID alone. Text from the file is kept to printable characters: the
// message it goes into reaches a terminal.
func readHolder(dir string) (Holder, error) {
	f, err := openRegular(filepath.Join(dir, LockFile), os.O_RDONLY, 0)
	if err != nil {
		return Holder{}, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxHolderBytes))
	if err != nil {
		return Holder{}, err
	}
	var h Holder
	if pid, err := strconv.Atoi(strings.TrimSpace(string(raw))); err == nil {
		h.PID = pid
	} else if err := json.Unmarshal(raw, &h); err != nil {
		return Holder{}, fmt.Errorf("holder file: %w", err)
	}
	if h.PID < 0 {
		h.PID = 0
	}
	h.User, h.Host, h.Actor, h.Served = printable(h.User), printable(h.Host), printable(h.Actor), printable(h.Served)
	return h, nil
}

// printable keeps the printable characters of s, at most 64 of them.
func printable(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 64 {
			break
		}
		if unicode.IsPrint(r) {
			b.WriteRune(r)
			n++
		}
	}
	return b.String()
}

// peekIncident names the incident in a journal for a lock message, reading
// only its first line; it falls back to the directory's name.
func peekIncident(dir string) string {
	fallback := filepath.Base(dir)
	f, err := openRegular(filepath.Join(dir, JournalFile), os.O_RDONLY, 0)
	if err != nil {
		return fallback
	}
	defer f.Close()
	lr := lineReader{r: bufio.NewReader(f)}
	ln, err := lr.next()
	if err != nil || ln.tooLong {
		return fallback
	}
	var first struct {
		Incident string `json:"incident"`
	}
	if json.Unmarshal(ln.bytes, &first) != nil || checkIncidentID(first.Incident) != nil {
		return fallback
	}
	return first.Incident
}

// bare strips the path an *os.PathError names: the journal's errors name
// the journal themselves, and the path the file was opened under may be
// the temporary name it had before its first record was on disk.
func bare(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// kindOf names a file's type for an error message.
func kindOf(m os.FileMode) string {
	switch {
	case m&os.ModeSymlink != 0:
		return "symbolic link"
	case m&os.ModeNamedPipe != 0:
		return "FIFO"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0:
		return "device"
	case m.IsDir():
		return "directory"
	}
	return "special file"
}
