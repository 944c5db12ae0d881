package watch

import (
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
)

// statfs(2)'s figures read as a writer would meet them.
func TestDiskFault(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		avail uint64
		flags int64
		want  incident.FaultCause
		ok    bool
	}{
		{"room", 1 << 20, 0, "", false},
		{"one block left", 1, 0, "", false},
		{"full for a user", 0, 0, incident.FaultDiskFull, true},
		{"read-only", 1 << 20, stRdonlyFlag, incident.FaultReadOnly, true},
		{"read-only and full", 0, stRdonlyFlag | 0x400, incident.FaultReadOnly, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := diskFault(tc.avail, tc.flags)
			if got != tc.want || ok != tc.ok {
				t.Errorf("diskFault(%d, %#x) = %q, %v; want %q, %v", tc.avail, tc.flags, got, ok, tc.want, tc.ok)
			}
		})
	}
	// The disk this test runs on has room.
	if cause, full := diskOf(t.TempDir()); full {
		t.Logf("the test's own disk looks %s", cause)
	}
}
