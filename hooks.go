package tether

import (
	"fmt"
	"runtime/debug"
)

// guardHooks wraps the lifecycle hooks of h.cfg so that a panic in one
// is recovered and reported as HandlerPanic (Detail: the hook's name)
// instead of killing the process. The call it interrupted goes on as if
// the hook had returned.
func (h *Handler[S]) guardHooks() {
	c := &h.cfg
	if f := c.OnConnect; f != nil {
		c.OnConnect = func(s *StatefulSession[S]) { h.guard(s.id, "OnConnect", func() { f(s) }) }
	}
	if f := c.OnDisconnect; f != nil {
		c.OnDisconnect = func(s *StatefulSession[S]) { h.guard(s.id, "OnDisconnect", func() { f(s) }) }
	}
	if f := c.OnCommandDropped; f != nil {
		c.OnCommandDropped = func(s *StatefulSession[S]) { h.guard(s.id, "OnCommandDropped", func() { f(s) }) }
	}
	if f := c.OnPanic; f != nil {
		c.OnPanic = func(s *StatefulSession[S], err error) { h.guard(s.id, "OnPanic", func() { f(s, err) }) }
	}
	if f := c.OnStructuralChange; f != nil {
		c.OnStructuralChange = func(s *StatefulSession[S], ch StructuralChange) {
			h.guard(s.id, "OnStructuralChange", func() { f(s, ch) })
		}
	}
	if f := c.OnNoPatch; f != nil {
		c.OnNoPatch = func(s *StatefulSession[S], np NoPatch) { h.guard(s.id, "OnNoPatch", func() { f(s, np) }) }
	}
	h.Diagnostics.recovered = h.subscriberPanicked
}

// guard runs fn, recovering a panic as a HandlerPanic from hook.
func (h *Handler[S]) guard(sid, hook string, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("tether: panic in %s: %v", hook, r)
			h.log.Error("tether: recovered panic", "hook", hook, "session", logTag(sid), "err", err, "stack", string(debug.Stack()))
			h.emit(HandlerPanic, sid, err, hook)
		}
	}()
	fn()
}

// subscriberHook is the Detail of a HandlerPanic raised by a Diagnostics
// subscriber.
const subscriberHook = "Diagnostics subscriber"

// subscriberPanicked reports a panic of a Diagnostics subscriber. A
// subscriber that panics on that report too is only logged, so a
// subscriber that always panics cannot recurse.
func (h *Handler[S]) subscriberPanicked(d Diagnostic, r any) {
	err := fmt.Errorf("tether: panic in a Diagnostics subscriber on %s: %v", d.Kind, r)
	h.log.Error("tether: recovered panic", "hook", subscriberHook, "session", logTag(d.SessionID), "err", err, "stack", string(debug.Stack()))
	if d.Kind == HandlerPanic && d.Detail == subscriberHook {
		return
	}
	h.emit(HandlerPanic, d.SessionID, err, subscriberHook)
}
