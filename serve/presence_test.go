package serve

import (
	"reflect"
	"testing"
)

// Presence says who is on an incident, each person once, where they look;
// every seat of the incident hears of a change, and a seat left is told
// no more.
func TestPresence(t *testing.T) {
	t.Parallel()
	p := NewPresence()
	sato := p.Enter("/home/inc/A", "Sato", false)
	tanaka := p.Enter("/home/inc/A/", "Tanaka", false)
	kim := p.Enter("/home/inc/A", "Kim", true)
	other := p.Enter("/home/inc/B", "Ito", false)
	drain := func(s *Seat) bool {
		select {
		case <-s.Changed():
			return true
		default:
			return false
		}
	}
	for _, s := range []*Seat{sato, tanaka, kim, other} {
		drain(s)
	}

	tanaka.Look("duties")
	sato.Look("triage")
	if !drain(kim) || drain(other) {
		t.Error("a look was not told to the incident's seats alone")
	}
	satoAgain := p.Enter("/home/inc/A", "Sato", true) // a second screen, read-only
	satoAgain.Look("timeline")
	want := []Here{{Name: "Sato", Pane: "triage"}, {Name: "Tanaka", Pane: "duties"}, {Name: "Kim", Observer: true}}
	if got := kim.Present(); !reflect.DeepEqual(got, want) {
		t.Fatalf("present %+v, want %+v", got, want)
	}

	tanaka.Leave()
	tanaka.Leave()               // twice is harmless
	for range tanaka.Changed() { // ends only once the channel is closed
	}
	tanaka.Look("triage") // after leaving: nothing
	want = []Here{{Name: "Sato", Pane: "triage"}, {Name: "Kim", Observer: true}}
	if got := p.On("/home/inc/A"); !reflect.DeepEqual(got, want) {
		t.Fatalf("after Tanaka left: %+v, want %+v", got, want)
	}
	for _, s := range []*Seat{sato, satoAgain, kim, other} {
		s.Leave()
	}
	if len(p.rooms) != 0 {
		t.Errorf("rooms left behind: %v", p.rooms)
	}
}
