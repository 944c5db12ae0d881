package journal

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen feeds arbitrary bytes to Open as a journal. Open must never
// panic; when it opens (repairing a torn tail if need be), Verify must say
// OK; and Open and Verify must agree about what is recoverable.
func FuzzOpen(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := filepath.Join(memTempDir(t), "inc")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, JournalFile)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		before, err := Verify(path, VerifyOptions{})
		if err != nil {
			t.Fatalf("Verify before Open: %v", err)
		}

		var seqs []uint64
		j, err := testConfig(9).Open(dir, func(r Record) error {
			seqs = append(seqs, r.Seq)
			return nil
		})
		if err != nil {
			if before.OK() || before.Recoverable() {
				t.Fatalf("Open refused (%v) a journal Verify called %v (recoverable %v)", err, before, before.Recoverable())
			}
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrEmpty) {
				t.Fatalf("Open failed without ErrCorrupt or ErrEmpty: %v", err)
			}
			return
		}
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
		if !before.OK() && !before.Recoverable() {
			t.Fatalf("Open accepted a journal Verify called %v", before)
		}
		for i, s := range seqs {
			if s != uint64(i+1) {
				t.Fatalf("Open streamed seqs %v", seqs)
			}
		}
		after, err := Verify(path, VerifyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !after.OK() || after.Records != len(seqs) {
			t.Fatalf("after Open, Verify = %v with %d records streamed", after, len(seqs))
		}
	})
}
