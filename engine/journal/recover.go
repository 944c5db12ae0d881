package journal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// recoveredData is the data of a journal.recovered record.
type recoveredData struct {
	Bytes      int64  `json:"bytes"`      // how many bytes were dropped from the end
	SHA256     string `json:"sha256"`     // their hash, hex
	Reason     string `json:"reason"`     // the break kind and detail
	Line       int    `json:"line"`       // the line they were on
	Quarantine string `json:"quarantine"` // file name, in the incident directory, holding them
}

// RecoveredType is the type of the record Open appends, with actor "shodo",
// after quarantining a torn or corrupt final line. Its data holds "bytes"
// (how many were dropped), "sha256" (their hash, hex), "reason" (the break
// kind and detail), "line" (the line they were on) and "quarantine" (the
// file in the incident directory that holds them).
const RecoveredType = "journal.recovered"

// recoverTail moves the bytes after the last good record into a new
// quarantine file, cuts the journal back to that record and records the
// repair. The quarantine copy is durable before the journal is cut, so a
// crash at any point loses nothing: at worst the next Open quarantines the
// same bytes again under the next free name.
func (j *Journal) recoverTail(f *os.File, res scanResult) (Record, error) {
	b := res.brk
	tail := io.NewSectionReader(f, res.end, res.size-res.end)
	name, sum, err := quarantine(j.dir, tail)
	if err != nil {
		return Record{}, err
	}
	if err := f.Truncate(res.end); err != nil {
		return Record{}, fmt.Errorf("truncate to the last good record: %w", err)
	}
	// fsync of the file makes its new size durable; the directory needs no
	// sync, as truncation changes no entry (quarantine synced the new one).
	if err := f.Sync(); err != nil {
		return Record{}, fmt.Errorf("sync after truncating: %w", err)
	}
	reason := string(b.Kind)
	if b.Detail != "" {
		reason += ": " + b.Detail
	}
	data, err := json.Marshal(recoveredData{
		Bytes: res.size - res.end, SHA256: sum, Reason: reason, Line: b.Line, Quarantine: name,
	})
	if err != nil {
		return Record{}, fmt.Errorf("encode recovery: %w", err)
	}
	// A clock set back since the last record must not stamp the recovery
	// before it: records stay in the order of their times.
	at := j.now()
	if at.Before(res.lastAt) {
		at = res.lastAt
	}
	return j.Append(Entry{At: at, Actor: "shodo", Type: RecoveredType, Data: data})
}

// quarantine copies r into the next free timeline.quarantine-N.jsonl in dir,
// durably, and returns its name and the SHA-256 of the bytes. Existing
// quarantine files are never overwritten.
func quarantine(dir string, r io.Reader) (name string, sum string, err error) {
	var f *os.File
	for n := 1; ; n++ {
		name = fmt.Sprintf("timeline.quarantine-%d.jsonl", n)
		f, err = os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || n >= 100000 {
			return "", "", fmt.Errorf("create quarantine file: %w", err)
		}
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(f, h), r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", "", fmt.Errorf("write quarantine file %s: %w", name, err)
	}
	if err := syncDir(dir); err != nil {
		return "", "", err
	}
	return name, hex.EncodeToString(h.Sum(nil)), nil
}
