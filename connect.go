package tether

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"time"

	"github.com/tetherui/tether/internal/protocol"
	"github.com/tetherui/tether/internal/transport"
	"github.com/tetherui/tether/wire"
)

// Client frames with these types are not application events.
const (
	// connectEvent is the first frame on every connection: it names the
	// session (Data "session") and the last update applied (Data "seq").
	// An absent session asks for a fresh one.
	connectEvent = protocol.EventConnect
	// navigateEvent reports a client-side navigation (Data "url").
	navigateEvent = protocol.EventNavigate
)

// claimTimeout bounds the wait for a connection's connect frame.
const claimTimeout = 10 * time.Second

// serveTransport checks the origin, upgrades, reads the connect frame and
// attaches the connection to its session. Nothing about a session is
// touched before the origin check passes.
func (h *Handler[S]) serveTransport(w http.ResponseWriter, r *http.Request) {
	if !originAllowed(r, &h.app.Security, h.proxies) {
		h.emit(OriginRejected, "", nil, r.Header.Get("Origin"))
		http.Error(w, "tether: origin not allowed", http.StatusForbidden)
		return
	}
	ctx := transport.WithSettings(r.Context(), transport.Settings{MaxEventBytes: int(h.limits.MaxEventBytes)})
	t, err := h.upgrade(w, r.WithContext(ctx))
	if err != nil {
		h.emit(TransportError, "", err, "upgrade")
		return
	}
	ev, err := receiveWithin(t, claimTimeout)
	if err != nil {
		h.emit(BadEvent, "", err, "connect frame")
		t.Close()
		return
	}
	s, lastSeq, code, reason := h.claim(r, ev)
	if s == nil {
		h.refuse(t, code, reason)
		return
	}
	h.start(s, t, lastSeq)
}

// claim finds or creates the session a connect frame asks for. On
// refusal it returns a close code and reason for the client.
func (h *Handler[S]) claim(r *http.Request, ev Event) (s *StatefulSession[S], lastSeq int64, code uint16, reason string) {
	if ev.Type != connectEvent {
		return nil, 0, protocol.CloseProtocol, "first frame must be a connect frame"
	}
	id := ev.Get("session")
	if id == "" {
		s, ok := h.fresh(r)
		if !ok {
			return nil, 0, protocol.CloseBusy, "server busy"
		}
		return s, -1, 0, ""
	}
	seq, err := ev.Float64("seq")
	if err != nil || seq < 0 || seq > math.MaxInt64 || seq != math.Trunc(seq) {
		seq = 0
	}
	if !validSessionID(id) {
		return nil, 0, protocol.CloseReload, "session expired"
	}
	h.mu.Lock()
	s = h.sessions[id]
	if s != nil && !h.bindingOK(s.ua, r.UserAgent()) {
		h.mu.Unlock()
		h.emit(SessionBindingFailed, id, nil, r.UserAgent())
		return nil, 0, protocol.CloseBinding, "session belongs to another client"
	}
	if s != nil && s.status.Load() == int32(Pending) {
		h.counts[Pending]--
		s.status.Store(int32(Active))
		h.counts[Active]++
		h.armLifetime(s)
	}
	h.mu.Unlock()
	if s == nil {
		return nil, 0, protocol.CloseReload, "session expired"
	}
	return s, int64(seq), 0, ""
}

func (h *Handler[S]) bindingOK(original, now string) bool {
	sec := &h.app.Security
	switch {
	case sec.DisableSessionBinding:
		return true
	case sec.SessionMatch != nil:
		return sec.SessionMatch(original, now)
	}
	return original == now
}

// fresh creates a session at connect time for a page served without
// pre-warming; its first update is a root morph. Such sessions have
// their own budget, MaxFresh, and count against the client address's
// Security.SessionsPerAddress.
func (h *Handler[S]) fresh(r *http.Request) (s *StatefulSession[S], ok bool) {
	if h.draining.Load() || !h.allowAddress(r) {
		return nil, false
	}
	defer func() {
		if p := recover(); p != nil {
			h.emit(HandlerPanic, "", errorString("tether: panic in InitialState"), "")
			s, ok = nil, false
		}
	}()
	id := newSessionID()
	cs := &CaptureSession{SessionID: id, Ctx: r.Context(), PushErr: ErrPushPreWarm}
	state := h.navigate(cs, h.cfg.InitialState(r), r.URL)
	s = h.newSession(id, r.UserAgent(), state, h.newEngine())
	s.adm.fresh = true
	s.fx.capture(&cs.Effects)
	h.mu.Lock()
	evicted, ok := h.admitLocked(s, Active)
	if ok {
		h.armLifetime(s)
	}
	h.mu.Unlock()
	if evicted != nil {
		h.evict(evicted)
	}
	if !ok {
		return nil, false
	}
	return s, true
}

// armLifetime starts the MaxLifetime clock of a session going live.
func (h *Handler[S]) armLifetime(s *StatefulSession[S]) {
	if d := h.timeouts.MaxLifetime; d > 0 {
		s.timers.lifetime = time.AfterFunc(d, func() { h.destroy(s, "lifetime") })
	}
}

// refuse tells the client why it cannot have a session and closes.
func (h *Handler[S]) refuse(t Transport, code uint16, reason string) {
	if code == protocol.CloseReload || code == protocol.CloseBinding {
		frame, err := h.format.Encoder().Encode(nil, &wire.Update{Reload: true, Error: reason})
		if err == nil {
			writeFrame(t, frame, h.format.Encoder().Binary())
		}
	}
	if c, ok := t.(transport.Closer); ok {
		c.CloseWith(code, reason)
		return
	}
	t.Close()
}

// start attaches t to s, runs OnConnect, then reads client events.
func (h *Handler[S]) start(s *StatefulSession[S], t Transport, lastSeq int64) {
	a := &attachment{t: t, lastSeq: lastSeq}
	a.ctx, a.cancel = context.WithCancel(s.ctx)
	s.conn.Lock()
	s.connCx = a.ctx // Go in OnConnect belongs to this connection
	s.conn.Unlock()
	s.enqueue(&command[S]{attach: a})
	if hb, ok := t.(Heartbeater); ok && !h.timeouts.DisableHeartbeat {
		hb.StartHeartbeat(h.timeouts.Heartbeat)
	}
	if h.cfg.OnConnect != nil {
		h.cfg.OnConnect(s)
	}
	s.touch()
	r := &reader[S]{s: s, t: t}
	if p, ok := t.(transport.Pusher); ok {
		p.Serve(r.deliver, r.done) // events arrive on the transport's goroutine
		return
	}
	go r.run()
}

// A reader forwards one connection's client events to the session loop.
type reader[S any] struct {
	s *StatefulSession[S]
	t Transport
}

func (r *reader[S]) run() {
	for {
		ev, err := r.t.ReceiveEvent()
		if err != nil {
			r.done(err)
			return
		}
		r.deliver(ev)
	}
}

func (r *reader[S]) deliver(ev Event) {
	s := r.s
	if ev.Type == connectEvent {
		return
	}
	if !s.firstSeen(ev.EventID) {
		// A client resends events it sent on a connection that dropped
		// before their ack came; those already handled are only acked.
		s.enqueue(&command[S]{repeated: ev.EventID})
		return
	}
	switch s.adm.events.check(max(ev.EventID, 1), time.Now(), s.refuse) {
	case refuseNow:
		s.h.emit(RateLimited, s.id, nil, ev.Action)
		s.refuse(max(ev.EventID, 1))
		return
	case refuseLater:
		s.h.emit(RateLimited, s.id, nil, ev.Action)
		return
	}
	if !s.adm.used.Load() {
		s.h.markUsed(s)
	}
	s.touch()
	s.enqueue(&command[S]{event: &ev})
}

func (r *reader[S]) done(err error) {
	r.s.readFailed(err)
	if r.s.ctx.Err() == nil {
		r.s.enqueue(&command[S]{detach: r.t})
	}
}

func (s *StatefulSession[S]) readFailed(err error) {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, transport.ErrClosed), errors.Is(err, net.ErrClosed):
	case errors.Is(err, transport.ErrTooLarge), errors.Is(err, transport.ErrMalformed):
		s.h.emit(BadEvent, s.id, err, "")
	default:
		s.h.emit(TransportError, s.id, err, "receive")
	}
}

// firstSeen records a client event ID and reports whether it is new.
// IDs grow within a page load, so one high-water mark detects repeats.
func (s *StatefulSession[S]) firstSeen(id uint64) bool {
	if id == 0 {
		return true
	}
	for {
		last := s.lastEvent.Load()
		if id <= last {
			return false
		}
		if s.lastEvent.CompareAndSwap(last, id) {
			return true
		}
	}
}

// touch restarts the idle timer.
func (s *StatefulSession[S]) touch() {
	d := s.h.timeouts.Idle
	if d <= 0 {
		return
	}
	s.conn.Lock()
	defer s.conn.Unlock()
	if s.timers.idle == nil {
		s.timers.idle = time.AfterFunc(d, func() { s.h.destroy(s, "idle") })
		return
	}
	s.timers.idle.Reset(d)
}

func (s *StatefulSession[S]) attached() bool { return s.transport() != nil }

// attach runs on the loop: it makes t the session's transport and sends
// what the client missed. A client that last applied update N receives
// N+1 onwards from the replay buffer, exactly once; when those are gone
// it receives a root morph of the current render instead.
func (s *StatefulSession[S]) attach(a *attachment) {
	s.conn.Lock()
	old := s.t
	s.t = a.t
	if s.att != nil {
		s.att.cancel() // a newer connection took over
	}
	s.att = a
	if s.timers.reconnect != nil {
		s.timers.reconnect.Stop()
	}
	s.conn.Unlock()
	if old != nil && old != a.t {
		old.Close() // a newer connection took over
	}
	s.h.setStatus(s, Active)
	l := &s.loop
	switch {
	case a.lastSeq < 0:
		// A session created at connect: the client learns its ID from
		// the first update, a root morph of the whole page.
		l.engine.Reset()
		l.dirty = true
		l.announceID = true
	case uint64(a.lastSeq) == l.seq:
	default:
		frames, ok := l.replay.since(uint64(a.lastSeq))
		if !ok || uint64(a.lastSeq) > l.seq {
			s.send(&wire.Update{RootSet: true, Root: string(l.engine.HTML())})
			return
		}
		for _, f := range frames {
			s.write(f.seq, f.frame)
		}
	}
}

// detach runs on the loop when t closed. The session waits for a
// reconnect unless reconnecting is disabled.
func (s *StatefulSession[S]) detach(t Transport) {
	s.conn.Lock()
	if s.t != t {
		s.conn.Unlock()
		return
	}
	s.t = nil
	s.att.cancel()
	s.att = nil
	s.conn.Unlock()
	t.Close()
	s.h.setStatus(s, disconnected)
	if s.h.cfg.OnDisconnect != nil {
		s.h.cfg.OnDisconnect(s)
	}
	if s.h.timeouts.DisableReconnect {
		s.h.destroy(s, "disconnected")
		return
	}
	// A session that never received an event proves nothing about its
	// client: it waits no longer than a pre-warmed one.
	window := s.h.timeouts.Reconnect
	if !s.adm.used.Load() {
		window = min(window, s.h.timeouts.Pending)
	}
	s.conn.Lock()
	s.timers.reconnect = time.AfterFunc(window, func() { s.h.destroy(s, "reconnect window expired") })
	s.conn.Unlock()
}

// destroy ends a session for good: it leaves the pools and its loop
// exits, telling an attached client to reload.
func (h *Handler[S]) destroy(s *StatefulSession[S], reason string) {
	h.mu.Lock()
	h.removeLocked(s.id, s)
	h.mu.Unlock()
	s.cancel()
	s.wake() // the loop runs teardown
}

// teardown runs on the loop goroutine as it exits. Connections still
// waiting to attach are told the session is gone.
func (s *StatefulSession[S]) teardown() {
	for _, c := range s.collect(nil) {
		if c.attach != nil {
			s.h.refuseEnded(c.attach.t)
		}
	}
	s.adm.events.stop()
	s.conn.Lock()
	s.timers.stop()
	t := s.t
	s.conn.Unlock()
	if t != nil {
		code, reason := s.h.endCode()
		if code == protocol.CloseReload {
			s.send(&wire.Update{Reload: true})
		}
		if c, ok := t.(transport.Closer); ok {
			c.CloseWith(code, reason)
		} else {
			t.Close()
		}
		s.conn.Lock()
		s.t = nil
		if s.att != nil {
			s.att.cancel()
			s.att = nil
		}
		s.conn.Unlock()
		if s.h.cfg.OnDisconnect != nil {
			s.h.cfg.OnDisconnect(s)
		}
	}
	s.status.Store(int32(Destroyed))
	close(s.finished)
}

// endCode is how a client learns its session ended: reload, unless the
// server is shutting down, when reloading would land on a dead port and
// the client is told to retry instead (1012).
func (h *Handler[S]) endCode() (uint16, string) {
	if h.stopping.Load() {
		return protocol.CloseRestart, "server restarting"
	}
	return protocol.CloseReload, "session ended"
}

// refuseEnded turns away a connection whose session has just ended.
func (h *Handler[S]) refuseEnded(t Transport) {
	code, reason := h.endCode()
	h.refuse(t, code, reason)
}

// refuse answers a refused event of s, acknowledging every event up to
// id with one error frame.
func (s *StatefulSession[S]) refuse(id uint64) {
	s.enqueue(&command[S]{refused: id})
}

// receiveWithin reads one event, closing t if none arrives in time.
func receiveWithin(t Transport, d time.Duration) (Event, error) {
	timer := time.AfterFunc(d, func() { t.Close() })
	defer timer.Stop()
	return t.ReceiveEvent()
}

func writeFrame(t Transport, frame []byte, binary bool) error {
	if binary {
		if b, ok := t.(transport.BinarySender); ok {
			return b.SendBinary(frame)
		}
	}
	return t.Send(frame)
}
