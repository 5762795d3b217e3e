package tether

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/diff"
	"github.com/tetherui/tether/internal/transport"
	"github.com/tetherui/tether/wire"
)

// A command is one unit of work for a session's loop. Exactly one of its
// fields is set; a zero command only flushes buffered effects.
type command[S any] struct {
	update    func(S) S
	event     *Event
	refused   uint64 // event ID refused by the rate limit
	repeated  uint64 // event ID seen before: acknowledge, do not handle
	patchKey  string
	patch     func(S) (S, node.Node)
	attach    *attachment
	detach    Transport
	destroy   string // reason: the session ends
	closeConn bool   // close the attached transport
}

// An attachment is one connection of a session; its context is what
// Session.Go hands out while it lasts.
type attachment struct {
	t       Transport
	lastSeq int64 // last update the client applied; -1: it has nothing
	ctx     context.Context
	cancel  context.CancelFunc
	// firstSeq is the first update written on this connection (loop only).
	firstSeq uint64
}

// loopState is owned by the loop goroutine.
type loopState[S any] struct {
	state  S
	engine engine
	seq    uint64
	replay replayBuffer
	dirty  bool // state changed while no transport was attached
	// announceID puts the session ID on the next update (fresh sessions).
	announceID bool
	enc        wire.Encoder
	batch      []*command[S]
	patches    []keyedNode
	out        wire.Update
}

type keyedNode struct {
	key string
	n   node.Node
}

// maxBatch bounds how many queued commands share one render.
const maxBatch = 1024

// maxOverflow bounds the commands waiting behind a full queue.
const maxOverflow = 4096

// enqueue hands c to the loop without blocking. When the queue is full,
// c waits in an ordered overflow list that the loop drains right after
// the queue (BufferOverflow); once the list holds maxOverflow commands,
// further ones are dropped (CommandDropped). No goroutine is spawned and
// commands never overtake each other: while the list is not empty, new
// commands join it rather than the queue.
func (s *StatefulSession[S]) enqueue(c *command[S]) {
	if s.ctx.Err() != nil {
		switch {
		case c.attach != nil:
			s.h.refuseEnded(c.attach.t)
		case c.detach == nil:
			s.h.emit(CommandDiscarded, s.id, nil, "destroyed")
		}
		return
	}
	s.ovMu.Lock()
	if len(s.ovQ) == 0 {
		select {
		case s.cmds <- c:
			s.ovMu.Unlock()
			s.wake()
			return
		default:
		}
	}
	if len(s.ovQ) >= maxOverflow {
		s.ovMu.Unlock()
		s.h.emit(CommandDropped, s.id, nil, "command queue and overflow full")
		if s.h.cfg.OnCommandDropped != nil {
			s.h.cfg.OnCommandDropped(s)
		} else {
			s.h.destroy(s, "commands dropped")
		}
		return
	}
	s.ovQ = append(s.ovQ, c)
	s.ovMu.Unlock()
	s.h.emit(BufferOverflow, s.id, nil, strconv.Itoa(cap(s.cmds)))
	s.wake()
}

// takeOverflow moves up to n overflow commands onto the batch.
func (s *StatefulSession[S]) takeOverflow(batch []*command[S], n int) []*command[S] {
	s.ovMu.Lock()
	defer s.ovMu.Unlock()
	k := min(n, len(s.ovQ))
	batch = append(batch, s.ovQ[:k]...)
	rest := copy(s.ovQ, s.ovQ[k:])
	clear(s.ovQ[rest:])
	s.ovQ = s.ovQ[:rest]
	return batch
}

// idle reports whether no command waits, in the queue or the overflow.
func (s *StatefulSession[S]) idle() bool {
	s.ovMu.Lock()
	defer s.ovMu.Unlock()
	return len(s.cmds) == 0 && len(s.ovQ) == 0
}

// wake makes sure a loop goroutine is running. Loops run on demand and
// exit when their queue is empty, so an idle session holds no goroutine.
func (s *StatefulSession[S]) wake() {
	if s.running.CompareAndSwap(false, true) {
		go s.run()
	}
}

// run is the session's command loop. Commands queued behind each other
// run in order but share one render-diff-send. It returns when the queue
// is empty; the next enqueue starts it again. Only one runs at a time.
func (s *StatefulSession[S]) run() {
	l := &s.loop
	for {
		if s.ctx.Err() != nil {
			s.teardownOnce.Do(s.teardown)
			return
		}
		l.batch = s.collect(l.batch[:0])
		if len(l.batch) == 0 {
			s.running.Store(false)
			// A command queued after collect but before the store found
			// running still true and did not wake a loop.
			if s.idle() && s.ctx.Err() == nil || !s.running.CompareAndSwap(false, true) {
				return
			}
			continue
		}
		if !s.runBatch() {
			s.teardownOnce.Do(s.teardown)
			return
		}
		clear(l.batch)
	}
}

// collect gathers the waiting commands, oldest first: the queue, then
// the overflow list.
func (s *StatefulSession[S]) collect(batch []*command[S]) []*command[S] {
	for len(batch) < maxBatch {
		select {
		case c := <-s.cmds:
			batch = append(batch, c)
			continue
		default:
		}
		break
	}
	return s.takeOverflow(batch, maxBatch-len(batch))
}

// runBatch executes the batch and sends one update for it. It reports
// false when the session must end.
func (s *StatefulSession[S]) runBatch() bool {
	l := &s.loop
	s.kicked.Store(false)
	before := l.state
	render, ack, source, action := false, uint64(0), "update", ""
	l.patches = l.patches[:0]
	if n := len(l.batch); n > 1 {
		s.h.emit(RenderCoalesced, s.id, nil, strconv.Itoa(n))
	}
	var refused []uint64
	for _, c := range l.batch {
		switch {
		case c.destroy != "":
			s.h.destroy(s, c.destroy)
			return false
		case c.attach != nil:
			s.attach(c.attach)
			render = render || l.dirty
		case c.detach != nil:
			s.detach(c.detach)
		case c.closeConn:
			if t := s.transport(); t != nil {
				t.Close()
			}
		case c.refused != 0:
			refused = append(refused, c.refused)
		case c.repeated != 0:
			ack = max(ack, c.repeated)
		default:
			ok, changed := s.exec(c)
			if !ok {
				return false
			}
			if c.event != nil {
				ack = max(ack, c.event.EventID)
				source, action = eventSource(c.event), c.event.Action
			}
			render = render || changed
		}
	}
	snapshot := l.state // a copy: the loop keeps mutating l.state
	s.snap.Store(&snapshot)
	if !s.attached() {
		l.dirty = l.dirty || render || len(l.patches) > 0
		return true
	}
	if render && s.h.cfg.Equal != nil && !l.dirty && s.h.cfg.Equal(before, l.state) {
		render = false
	}
	if !s.renderAndSend(render, ack, source, action) {
		return false
	}
	for _, id := range refused {
		s.send(&wire.Update{Ack: id, Error: "too many events: slow down"})
	}
	return true
}

func eventSource(ev *Event) string {
	if ev.Type == navigateEvent {
		return "navigate"
	}
	return "event"
}

// exec runs one state-changing command, recovering a panic. It reports
// whether the session survives and whether a full render is needed.
func (s *StatefulSession[S]) exec(c *command[S]) (ok, render bool) {
	l := &s.loop
	prev := l.state
	defer func() {
		if r := recover(); r != nil {
			l.state = prev
			ok = s.panicked(r)
		}
	}()
	switch {
	case c.update != nil:
		l.state = c.update(l.state)
		return true, true
	case c.event != nil:
		l.state = s.handleEvent(l.state, c.event)
		return true, true
	case c.patch != nil:
		st, n := c.patch(l.state)
		l.state = st
		l.patches = append(l.patches, keyedNode{c.patchKey, n})
		return true, false
	}
	return true, false // flush only
}

// panicked reports a recovered panic and whether the session survives.
func (s *StatefulSession[S]) panicked(r any) bool {
	err := fmt.Errorf("tether: panic: %v", r)
	s.h.log.Error("tether: recovered panic", "session", logTag(s.id), "err", err, "stack", string(debug.Stack()))
	s.h.emit(HandlerPanic, s.id, err, "")
	if s.h.cfg.OnPanic != nil {
		s.h.cfg.OnPanic(s, err)
		return true
	}
	s.h.destroy(s, "panic")
	return false
}

// renderAndSend diffs what changed and sends it with the buffered
// effects, in one frame; effects that would overwrite each other follow
// in frames of their own.
func (s *StatefulSession[S]) renderAndSend(render bool, ack uint64, source, action string) bool {
	l := &s.loop
	u := &l.out
	*u = wire.Update{Ack: ack, List: u.List[:0], Patches: u.Patches[:0]}
	ok := true
	switch {
	case render:
		ok = s.diffAll(u, source, action)
	case len(l.patches) > 0:
		ok = s.diffPatches(u)
	}
	if !ok {
		return false
	}
	l.dirty = false
	if l.announceID {
		u.Session, l.announceID = s.id, false
	}
	s.fxMu.Lock()
	batches := s.fx.take()
	s.fxMu.Unlock()
	if len(batches) > 0 {
		u.Signals, u.Effects = batches[0].Signals, batches[0].wire()
		batches = batches[1:]
	}
	if !u.Empty() || u.Ack != 0 {
		s.send(u)
	}
	// The encoded frame is all that is kept: an idle session must not pin
	// the HTML of its last update.
	clear(u.List)
	clear(u.Patches)
	*u = wire.Update{List: u.List[:0], Patches: u.Patches[:0]}
	for i := range batches {
		s.send(&wire.Update{Signals: batches[i].Signals, Effects: batches[i].wire()})
	}
	return true
}

// diffAll renders the whole tree and diffs it.
func (s *StatefulSession[S]) diffAll(u *wire.Update, source, action string) (ok bool) {
	l := &s.loop
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			ok = s.panicked(r)
		}
	}()
	res, err := l.engine.Diff(s.h.cfg.Render(l.state))
	if err != nil {
		s.h.emit(RenderError, s.id, err, "")
		if s.h.app.DevMode {
			s.h.log.Error("tether: render refused; the page is not updated", "session", logTag(s.id), "err", err)
		}
		return true
	}
	s.observe(res, time.Since(start), source, action)
	fillUpdate(u, res)
	return true
}

// diffPatches applies single-key patches; their results are copied out
// before the next Patch reuses the engine's buffers.
func (s *StatefulSession[S]) diffPatches(u *wire.Update) (ok bool) {
	l := &s.loop
	defer func() {
		if r := recover(); r != nil {
			ok = s.panicked(r)
		}
	}()
	for _, p := range l.patches {
		res, err := l.engine.Patch(p.key, p.n)
		if err != nil {
			s.h.emit(RenderError, s.id, err, "Patch("+p.key+")")
			continue
		}
		fillUpdate(u, res)
	}
	return true
}

// fillUpdate adds a diff result to the update being built.
func fillUpdate(u *wire.Update, res *diff.Result) {
	if res.RootSet {
		u.RootSet, u.Root = true, res.Root
	}
	u.List = append(u.List, res.List...)
	u.Patches = append(u.Patches, res.Patches...)
}

// observe reports what a cycle cost through hooks and diagnostics.
func (s *StatefulSession[S]) observe(res *diff.Result, took time.Duration, source, action string) {
	cfg, t := &s.h.cfg, &s.h.timeouts
	if t.SlowRender > 0 && took > t.SlowRender {
		s.h.emit(SlowRender, s.id, nil, took.String())
	}
	if n := res.MemoHits + res.MemoMisses; t.MemoiseMissThreshold > 0 && n > 0 {
		if rate := float64(res.MemoMisses) / float64(n); rate > t.MemoiseMissThreshold {
			s.h.emit(HighMemoiseMissRate, s.id, nil, strconv.FormatFloat(rate, 'f', 2, 64))
		}
	}
	if st := res.Structural; st != nil && cfg.OnStructuralChange != nil {
		cfg.OnStructuralChange(s, StructuralChange{Added: st.Added, Removed: st.Removed, Reordered: st.Reordered, Bytes: st.Bytes})
	}
	if !res.Changed() {
		if cfg.OnNoPatch != nil {
			cfg.OnNoPatch(s, NoPatch{Source: source, Action: action})
		} else if s.h.app.DevMode {
			s.h.log.Debug("tether: render produced no patch", "session", logTag(s.id), "source", source, "action", action)
		}
	}
}

// send numbers, encodes and records an update, then writes it to the
// transport if one is attached.
func (s *StatefulSession[S]) send(u *wire.Update) {
	l := &s.loop
	l.seq++
	u.Seq = l.seq
	frame, err := l.enc.Encode(nil, u)
	if err != nil {
		l.seq--
		s.h.emit(EncodeError, s.id, err, "")
		return
	}
	l.replay.push(u.Seq, frame)
	s.write(u.Seq, frame)
}

func (s *StatefulSession[S]) transport() Transport {
	s.conn.Lock()
	defer s.conn.Unlock()
	return s.t
}

// write sends update seq to the attached transport, if any, and forgets
// the updates the client is known to hold.
func (s *StatefulSession[S]) write(seq uint64, frame []byte) {
	s.conn.Lock()
	t, a := s.t, s.att
	s.conn.Unlock()
	if t == nil {
		return
	}
	if err := writeFrame(t, frame, s.loop.enc.Binary()); err != nil {
		s.h.emit(TransportError, s.id, err, "send")
		return
	}
	if a.firstSeq == 0 {
		a.firstSeq = seq // a connection carries consecutive updates from here
	}
	if c, ok := t.(transport.Confirmer); ok {
		if n := c.Delivered(); n > 0 {
			s.loop.replay.dropThrough(a.firstSeq + n - 1)
		}
	}
}
