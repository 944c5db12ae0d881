package watch

import (
	"syscall"

	"github.com/shodo-dev/shodo/engine/incident"
)

// diskOf looks at the file system that holds dir.
func diskOf(dir string) (incident.FaultCause, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "", false
	}
	return diskFault(st.Bavail, int64(st.Flags))
}
