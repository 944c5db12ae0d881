package incident

// SubscriberBuffer is how many events a subscriber may fall behind before
// the oldest ones it has not read are dropped.
const SubscriberBuffer = 64

// Subscribe returns a channel that receives every event the session folds
// from now on, and a function that ends the subscription (closing the
// channel; calling it again is harmless). The channel is also closed when
// the session is detached or the incident closed.
//
// The session never waits for a subscriber. When one falls SubscriberBuffer
// events behind, the oldest event waiting in its channel is dropped to make
// room, so the newest always arrives: a view that sees a gap in Seq (or
// simply redraws from State on every event) stays correct. State, not the
// event stream, is the truth.
func (s *Session) Subscribe() (<-chan Event, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan Event, SubscriberBuffer)
	if s.detached {
		close(ch)
		return ch, func() {}
	}
	id := s.nextSub
	s.nextSub++
	s.subs[id] = ch
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if c, ok := s.subs[id]; ok {
			close(c)
			delete(s.subs, id)
		}
	}
}

// publish hands e to every subscriber without blocking; s.mu is held, so
// the session is the only sender on each channel.
func (s *Session) publish(e Event) {
	for _, ch := range s.subs {
		select {
		case ch <- e:
			continue
		default:
		}
		// Full: drop the oldest unread event. The reader may have drained
		// one meanwhile, so both steps must not block.
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- e:
		default:
		}
	}
}
