package serve

import (
	"errors"
	"sync"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
)

// Drills holds the drills the server's facilitators run: one per
// scenario, shared by the facilitator's screens and every player's, as the
// Hub shares an incident. The *drill.Drill is the sequencer (its session
// orders the commands; its clock is the one every screen reads). The last
// screen to leave detaches it; the drill stays open for the next.
type Drills struct {
	// OnFault, when set, is told that a drill's journal fault is to be
	// forgotten when its last screen leaves (faulted false), as the Hub
	// does for incidents: the next screen meets the disk anew and must
	// not be told of a fault that may be over.
	OnFault incident.FaultHook

	mu   sync.Mutex
	held map[string]*heldDrill // by scenario id
}

type heldDrill struct {
	d     *drill.Drill
	users int
}

// NewDrills returns an empty Drills.
func NewDrills() *Drills { return &Drills{held: map[string]*heldDrill{}} }

// Run gives a facilitator the drill of scenario: the one running, or the
// one start starts. release is to be called once when the screen leaves.
func (ds *Drills) Run(scenario string, start func() (*drill.Drill, error)) (d *drill.Drill, release func() error, err error) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if h, ok := ds.held[scenario]; ok && !ended(h.d) {
		h.users++
		return h.d, ds.releaser(scenario, h), nil
	}
	// A drill that ended stays with the screens still on it; a new one
	// takes its place for whoever comes next. Started under the lock: two facilitators asking at once get one
	// drill, not two.
	d, err = start()
	if d == nil {
		return nil, nil, err
	}
	h := &heldDrill{d: d, users: 1}
	ds.held[scenario] = h
	return d, ds.releaser(scenario, h), err
}

// Join gives a player the drill of scenario a facilitator runs; ok is
// false when none does.
func (ds *Drills) Join(scenario string) (d *drill.Drill, release func() error, ok bool) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	h, ok := ds.held[scenario]
	if !ok || ended(h.d) {
		return nil, nil, false
	}
	h.users++
	return h.d, ds.releaser(scenario, h), true
}

// Close releases every drill still held (the server is stopping).
func (ds *Drills) Close() error {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	var errs []error
	for k, h := range ds.held {
		errs = append(errs, detachDrill(h.d))
		delete(ds.held, k)
	}
	return errors.Join(errs...)
}

func (ds *Drills) releaser(scenario string, h *heldDrill) func() error {
	var once sync.Once
	return func() (err error) {
		once.Do(func() {
			ds.mu.Lock()
			defer ds.mu.Unlock()
			h.users--
			if h.users > 0 {
				return
			}
			if ds.held[scenario] == h {
				delete(ds.held, scenario)
			}
			err = detachDrill(h.d)
			if ds.OnFault != nil {
				ds.OnFault(h.d.Session().Dir(), incident.Fault{}, false)
			}
		})
		return err
	}
}

// ended reports whether d's drill was closed: its facilitator ended it.
func ended(d *drill.Drill) bool { return d.Session().State().Closed }

// detachDrill releases d; one already closed (the drill ended) is fine.
func detachDrill(d *drill.Drill) error {
	if err := d.Detach(); err != nil && !errors.Is(err, incident.ErrDetached) {
		return err
	}
	return nil
}
