package journal

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofrs/flock"
)

// acquireLock takes the incident's advisory lock without waiting and writes
// this process's PID into the lock file for the next opener's message.
// flock(2) locks belong to an open file description, so a second Journal in
// the same process is refused just like one in another process; the kernel
// drops the lock when its holder dies, even by kill -9.
func acquireLock(dir string, incident func() string) (*flock.Flock, error) {
	path := filepath.Join(dir, LockFile)
	fl := flock.New(path, flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, &LockedError{Incident: incident(), PID: readPID(path)}
	}
	// A separate descriptor: writing through it leaves the lock in place.
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		_ = fl.Unlock()
		return nil, fmt.Errorf("lock %s: record pid: %w", path, err)
	}
	return fl, nil
}

// readPID reads the holder's PID, 0 if the lock file does not name one yet.
func readPID(path string) int {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// peekIncident names the incident in a journal for a lock message, reading
// only its first line; it falls back to the directory's name.
func peekIncident(dir string) string {
	fallback := filepath.Base(dir)
	f, err := os.Open(filepath.Join(dir, JournalFile))
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
