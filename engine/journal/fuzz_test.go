package journal

import (
	"bytes"
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

// FuzzFollow writes arbitrary bytes to a journal a few at a time, as a
// writer appends them, and lets a Follower read after each write. It must
// never panic, never pass a record that a full scan of the bytes does not
// verify, pass every record of a journal that scans clean or whose only
// damage is its last line (a crash's), and report corruption exactly when
// the damage has something after it.
func FuzzFollow(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, step uint16) {
		dir := filepath.Join(memTempDir(t), "inc")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, JournalFile)
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		fl, err := Follow(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer fl.Close()
		var got []Record
		var followErr error
		chunk := int(step%257) + 1
		for off := 0; off < len(data) && followErr == nil; off += chunk {
			appendTo(t, dir, data[off:min(off+chunk, len(data))])
			_, followErr = fl.Next(func(r Record) error { got = append(got, r); return nil })
		}
		if followErr == nil {
			_, followErr = fl.Next(func(r Record) error { got = append(got, r); return nil })
		}

		var want []Record
		res, err := scan(bytes.NewReader(data), func(r Record) error { want = append(want, r); return nil })
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > len(want) {
			t.Fatalf("the follower passed %d records, a scan verifies %d", len(got), len(want))
		}
		for i := range got {
			if got[i].Hash != want[i].Hash || got[i].Seq != want[i].Seq {
				t.Fatalf("record %d: followed %+v, scanned %+v", i, got[i], want[i])
			}
		}
		damagedBefore := res.brk != nil && res.brk.Follow > 0
		switch {
		case followErr != nil && !errors.Is(followErr, ErrCorrupt):
			t.Fatalf("Next failed without ErrCorrupt: %v", followErr)
		case followErr != nil && !damagedBefore:
			t.Fatalf("Next reported %v on a journal a scan finds %v", followErr, res.brk)
		case followErr == nil && damagedBefore:
			t.Fatalf("Next reported nothing on a journal broken before its end: %v", res.brk)
		case followErr == nil && len(got) != len(want):
			t.Fatalf("the follower passed %d of %d good records", len(got), len(want))
		}
	})
}
