package tether

import "net/url"

// handleEvent routes one client event: navigations to OnNavigate when it
// is set, everything else through the middleware chain to Handle.
func (s *StatefulSession[S]) handleEvent(state S, ev *Event) S {
	h := s.h
	if ev.Type != navigateEvent || h.cfg.OnNavigate == nil {
		return h.handle(s, state, *ev)
	}
	u, err := url.Parse(ev.Get("url"))
	if err != nil {
		return state
	}
	cs := &CaptureSession{SessionID: s.id, Ctx: s.ctx}
	state = h.navigate(cs, state, u)
	s.loop.fx.capture(&cs.Effects) // handleEvent runs on the loop
	return state
}
