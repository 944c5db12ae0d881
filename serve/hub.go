package serve

import (
	"errors"
	"path/filepath"
	"sync"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Hub holds the incidents the server's sessions work on: one
// *incident.Session per incident, shared by every screen on it. The
// Session is the sequencer: its mutex decides the order of commands, it
// validates each against the state, appends and fsyncs, and only then
// publishes the event that every screen's subscription redraws from. The
// hub holds the journal's lock for as long as a screen is on the incident,
// its holder file naming the server, and releases it when the last leaves.
type Hub struct {
	// Served is the address the server listens on, recorded in every
	// held journal's lock (journal.Holder.Served).
	Served string
	// OnFault, when set, is given to every incident session the hub
	// opens: it is told when that incident's journal stops taking
	// records, and when it takes them again (Presence.SetFault tells
	// every screen on it).
	OnFault incident.FaultHook
	// WriteFault is given to every incident session the hub opens
	// (incident.OpenOptions.WriteFault): nil in production. A binary
	// built for the end-to-end tests sets it to fill the disk.
	WriteFault func() error

	mu   sync.Mutex
	held map[string]*heldIncident // by incident directory
}

// heldIncident is one incident the hub holds, and how many screens use it.
type heldIncident struct {
	sess  *incident.Session
	users int
}

// NewHub returns a hub for a server listening on served.
func NewHub(served string) *Hub {
	return &Hub{Served: served, held: map[string]*heldIncident{}}
}

// Open opens a new incident on rb for one screen. release is to be called
// once when that screen leaves it.
func (h *Hub) Open(rb *runbook.Runbook, opt incident.OpenOptions) (s *incident.Session, release func() error, err error) {
	opt.Served = h.Served
	opt.OnFault = bothTold(opt.OnFault, h.OnFault)
	if opt.WriteFault == nil {
		opt.WriteFault = h.WriteFault
	}
	s, err = incident.Open(rb, opt)
	if s == nil {
		return nil, nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	e := &heldIncident{sess: s, users: 1}
	h.held[key(s.Dir())] = e
	return s, h.releaser(key(s.Dir()), e), err
}

// Resume gives a screen the incident in dir: the session other screens
// already share, or the incident resumed for it. release is to be called
// once when that screen leaves it.
func (h *Hub) Resume(dir string, opt incident.ResumeOptions) (s *incident.Session, release func() error, err error) {
	k := key(dir)
	h.mu.Lock()
	defer h.mu.Unlock()
	if e, ok := h.held[k]; ok && !released(e.sess) {
		e.users++
		return e.sess, h.releaser(k, e), nil
	}
	// Resumed under the hub's lock: two screens asking at once get one
	// session, not a refusal of the second by the journal's lock.
	opt.Served = h.Served
	opt.OnFault = bothTold(opt.OnFault, h.OnFault)
	if opt.WriteFault == nil {
		opt.WriteFault = h.WriteFault
	}
	s, err = incident.Resume(dir, opt)
	if s == nil {
		return nil, nil, err
	}
	e := &heldIncident{sess: s, users: 1}
	h.held[k] = e
	return s, h.releaser(k, e), err
}

// Holding reports how many incidents the hub holds now.
func (h *Hub) Holding() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.held)
}

// Close releases every incident still held (the server is stopping).
func (h *Hub) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	var errs []error
	for k, e := range h.held {
		errs = append(errs, detach(e.sess))
		delete(h.held, k)
		h.forgetFault(k)
	}
	return errors.Join(errs...)
}

// releaser returns the function that takes one screen off e; the last one
// off detaches the session (the incident stays open for the next).
func (h *Hub) releaser(k string, e *heldIncident) func() error {
	var once sync.Once
	return func() (err error) {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			e.users--
			if e.users > 0 {
				return
			}
			if h.held[k] == e {
				delete(h.held, k)
			}
			err = detach(e.sess)
			h.forgetFault(k)
		})
		return err
	}
}

// released reports whether s no longer holds its journal: a close on one
// screen releases it, and the next screen to come resumes it anew. It asks
// by a tick, which records what fell due, as any screen on s does.
func released(s *incident.Session) bool {
	return errors.Is(s.Tick(), incident.ErrDetached)
}

// detach releases s; one already released (closed) is fine.
func detach(s *incident.Session) error {
	if err := s.Detach(); err != nil && !errors.Is(err, incident.ErrDetached) {
		return err
	}
	return nil
}

// forgetFault drops what the hub's OnFault was told of the incident at k
// once its session is let go: the next session meets the disk anew, and a
// screen that comes later must not be told of a fault that may be over.
// (A screen still on it keeps its banner until it sees a later record.)
func (h *Hub) forgetFault(k string) {
	if h.OnFault != nil {
		h.OnFault(k, incident.Fault{}, false)
	}
}

// bothTold is a hook that tells a and b, either of which may be nil.
func bothTold(a, b incident.FaultHook) incident.FaultHook {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return func(dir string, f incident.Fault, faulted bool) {
		a(dir, f, faulted)
		b(dir, f, faulted)
	}
}

func key(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return filepath.Clean(abs)
	}
	return filepath.Clean(dir)
}
