//go:build !linux

package watch

// notify has no file notification to use here: the poll alone sees
// changes.
func notify(string, func()) func() error { return nil }

// hasNotify says that only the poll sees changes here.
func hasNotify() bool { return false }
