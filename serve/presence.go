package serve

import (
	"slices"
	"sync"

	"github.com/shodo-dev/shodo/engine/incident"
)

// Presence is who is on which incident now, and which part of it each
// screen shows. It is live state, kept in memory and never journaled: the
// journal records what was done and by whom; who looked, and from where,
// changes with every key and every dropped connection, and a record of it
// would need a writer to leave an incident (a crash cannot). The hub holds
// incidents; Presence holds people, so the two stay apart.
//
// It also holds what everyone on an incident must be told at once: why
// its journal takes no record now (SetFault, which the hub's sequencers
// call). A screen that only watches (an observer's) holds no session to
// ask, and every screen learns of it from its seat.
type Presence struct {
	mu     sync.Mutex
	rooms  map[string][]*Seat        // by incident directory (key), in order of arrival
	faults map[string]incident.Fault // by incident directory (key), while its journal takes no record
}

// Here is one person on an incident.
type Here struct {
	Name     string
	Pane     string
	Observer bool
}

// Seat is one screen's place on an incident.
type Seat struct {
	p    *Presence
	room string
	here Here
	// changed is signalled, without blocking, when anyone in the room
	// comes, goes or looks elsewhere; closed when the seat is left.
	changed chan struct{}
	left    bool
}

// NewPresence returns an empty Presence.
func NewPresence() *Presence {
	return &Presence{rooms: map[string][]*Seat{}, faults: map[string]incident.Fault{}}
}

// Enter puts a screen of person on the incident in dir.
func (p *Presence) Enter(dir, person string, observer bool) *Seat {
	s := &Seat{p: p, room: key(dir), here: Here{Name: person, Observer: observer}, changed: make(chan struct{}, 1)}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rooms[s.room] = append(p.rooms[s.room], s)
	p.signal(s.room)
	return s
}

// On is everyone on the incident in dir, each person once: their screen
// that came first, and an observer only if every screen of theirs is
// read-only.
func (p *Presence) On(dir string) []Here {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.on(key(dir))
}

func (p *Presence) on(room string) []Here {
	var out []Here
	at := map[string]int{}
	for _, s := range p.rooms[room] {
		if i, ok := at[s.here.Name]; ok {
			out[i].Observer = out[i].Observer && s.here.Observer
			continue
		}
		at[s.here.Name] = len(out)
		out = append(out, s.here)
	}
	return out
}

// signal tells every seat in room that it changed; p.mu is held.
func (p *Presence) signal(room string) {
	for _, s := range p.rooms[room] {
		select {
		case s.changed <- struct{}{}:
		default: // a change is already waiting to be read: one redraw shows both
		}
	}
}

// SetFault records that the journal of the incident in dir takes no record
// now, and why (faulted), or takes them again, and tells every screen on
// it. It is an incident.FaultHook: the hub gives it to the sessions it
// opens (Hub.OnFault).
func (p *Presence) SetFault(dir string, f incident.Fault, faulted bool) {
	room := key(dir)
	p.mu.Lock()
	defer p.mu.Unlock()
	if faulted {
		p.faults[room] = f
	} else {
		delete(p.faults, room)
	}
	p.signal(room)
}

// Fault is why the journal of the seat's incident takes no record now;
// ok is false while it does.
func (s *Seat) Fault() (f incident.Fault, ok bool) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	f, ok = s.p.faults[s.room]
	return f, ok
}

// Look records that the screen shows pane now.
func (s *Seat) Look(pane string) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.left || s.here.Pane == pane {
		return
	}
	s.here.Pane = pane
	s.p.signal(s.room)
}

// Present is everyone on the seat's incident (Presence.On).
func (s *Seat) Present() []Here {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	return s.p.on(s.room)
}

// Changed receives when anyone on the incident came, left or looked
// elsewhere; it is closed once the seat is left.
func (s *Seat) Changed() <-chan struct{} { return s.changed }

// Leave takes the screen off the incident.
func (s *Seat) Leave() {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.left {
		return
	}
	s.left = true
	close(s.changed)
	room := s.p.rooms[s.room]
	if i := slices.Index(room, s); i >= 0 {
		room = slices.Delete(room, i, i+1)
	}
	if len(room) == 0 {
		delete(s.p.rooms, s.room)
	} else {
		s.p.rooms[s.room] = room
	}
	s.p.signal(s.room)
}
