package tui

import (
	"errors"
	"syscall"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
)

// A journal that takes no record — a full disk, a quota used up, an I/O
// error, a read-only file system, a journal fenced off its writer
// (incident.FaultOf) — concerns everyone on the incident, not only the
// command that met it. The screen then says so in a banner under the
// header that stays until the journal takes a record again, and says once
// that it does.
//
// It learns of the fault from its own commands and ticks, and, on a served
// incident, from its seat (Seat.Fault), which the incident's sequencer
// tells when any screen's command meets it: a screen that only watches
// learns of it too. It learns that the fault is over from its state only:
// a record later than the last one before the fault is on disk, whoever
// wrote it. Nothing else clears the banner, so the screen never says that
// the journal records while it does not.
//
// A watch screen in another process (shodo watch) has neither: a writer on
// a full disk can write nothing to tell it. It looks at the disk itself
// as it follows (watch.Watcher.Disk) and says, while the disk is full or
// read-only, that the writer can record nothing; that look, not a record,
// ends it.
//
// Keys that record are not held back: each command still goes to the
// sequencer, which tries the disk, and is refused with the fault's words
// while the fault lasts. The first command after the space is freed is
// then the append that succeeds again, on whichever screen it is given.

// noteFault shows err's fault, if it is one (incident.FaultOf), as of the
// screen's state: nothing after its last event is recorded. It reports
// whether err was a fault.
func (m *Model) noteFault(err error) bool {
	cause, ok := incident.FaultOf(err)
	if !ok {
		return false
	}
	f := incident.Fault{Cause: cause, Err: err}
	if known, ok := m.sessionFault(); ok {
		// The sequencer's own account: the screen's state may lag the
		// journal (another screen's record, fsynced before the fault, not
		// yet arrived here), and that record must not clear the banner.
		f = known
	} else if st := m.inc.st; st != nil {
		f.LastSeq = st.LastSeq
		if n := len(st.Events); n > 0 {
			f.LastRecorded = st.Events[n-1].At
		}
	}
	m.showFault(f)
	return true
}

// sessionFault is the fault the screen's session knows of, when its
// engine is a session (not a watch or a test's engine).
func (m *Model) sessionFault() (incident.Fault, bool) {
	s, ok := m.inc.eng.(interface{ Fault() (incident.Fault, bool) })
	if !ok {
		return incident.Fault{}, false
	}
	return s.Fault()
}

// showFault shows f, unless the screen already holds a record written
// after it (its seat told of a fault that is over).
func (m *Model) showFault(f incident.Fault) {
	if m.inc.st != nil && m.inc.st.LastSeq > f.LastSeq {
		return
	}
	was := m.inc.fault != nil
	m.inc.fault = &f
	if !was {
		m.layout()
	}
}

// seatFault shows the fault the seat tells of, if any.
func (m *Model) seatFault() {
	if m.inc.seat == nil {
		return
	}
	if f, ok := m.inc.seat.Fault(); ok {
		m.showFault(f)
	}
}

// recordedAgain clears the fault once the screen's state holds a record
// written after it, and says so once. applyState calls it.
func (m *Model) recordedAgain() {
	f := m.inc.fault
	if f == nil || m.inc.st == nil || m.inc.st.LastSeq <= f.LastSeq {
		return
	}
	m.inc.fault = nil
	m.setFlash(flashOK, m.tx.T("tui.fault.recovered"))
	m.layout()
}

// faultWhy says what the fault is, and what the operating system said:
// "the disk is full (no space left on device)".
func (m Model) faultWhy(f incident.Fault) string {
	why := m.tx.T("tui.fault.cause." + string(f.Cause))
	var errno syscall.Errno
	if errors.As(f.Err, &errno) {
		why = m.tx.T("tui.fault.detail", "Cause", why, "Detail", oneLine(errno.Error()))
	}
	return why
}

// faultRefusal is why a command was not recorded, in the banner's words:
// on a served screen, where the fault is.
func (m Model) faultRefusal(f incident.Fault) string {
	if m.opt.Remote {
		return m.tx.T("tui.fault.on-server", "Why", m.faultWhy(f))
	}
	return m.faultWhy(f)
}

// lastStamp is the time of the last record before a fault, as the
// screen writes times.
func (m Model) lastStamp(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return m.stamp(t)
}

// watchedDisk is why the disk holding a watched incident can take no
// record now, as the watch screen's own look at it found
// (watch.Watcher.Disk): a watcher in another process hears nothing from
// a writer on a full disk. Empty on other screens, and while it can.
func (m Model) watchedDisk() incident.FaultCause {
	if m.inc.watch == nil {
		return ""
	}
	return m.inc.watch.disk
}

// maxFaultLines bounds the banner on a small screen.
const maxFaultLines = 3

// faultLines is the banner: what the fault is, since when nothing is
// recorded, and whom to tell (on a served screen, the server's operator;
// at a terminal of its own, the responder fixes it and records again).
func (m Model) faultLines(w int) []string {
	if m.inc.st == nil {
		return nil
	}
	var text string
	switch f := m.inc.fault; {
	case f != nil && m.opt.Remote:
		text = m.tx.T("tui.fault.banner-served", "Why", m.faultWhy(*f), "Last", m.lastStamp(f.LastRecorded))
	case f != nil:
		text = m.tx.T("tui.fault.banner", "Why", m.faultWhy(*f), "Last", m.lastStamp(f.LastRecorded))
	case m.watchedDisk() != "":
		var last time.Time
		if n := len(m.inc.st.Events); n > 0 {
			last = m.inc.st.Events[n-1].At
		}
		text = m.tx.T("tui.fault.banner-watch", "Why", m.faultWhy(incident.Fault{Cause: m.watchedDisk()}), "Last", m.lastStamp(last))
	default:
		return nil
	}
	lines := limit(wrap(text, w), maxFaultLines)
	for i, l := range lines {
		lines[i] = m.st.banner.Render(fit(l, w))
	}
	return lines
}
