package tether

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/diff"
	"github.com/tetherui/tether/internal/protocol"
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
	state S
	// committed is the state of the page the client shows: the last one
	// rendered and sent. A failed render rolls back to it.
	committed S
	engine    engine
	// fx holds the effects raised on the loop during the current batch;
	// they are dropped with a rolled-back command or render.
	fx     effectQueue
	goid   uint64 // the loop goroutine's ID
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
	l.goid = goid()
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

// A batchOutcome is what runBatch gathers from its commands.
type batchOutcome struct {
	render         bool // a state change needs a full render
	resync         bool // the client asked for a root morph
	ack            uint64
	source, action string
	err            error // the first failure, reported to the client
}

// runBatch executes the batch and sends one update for it. It reports
// false when the session must end.
//
// A command that panics is rolled back alone: the state before it is
// restored and the effects it raised are dropped. A render that fails
// (an error or a panic) rolls back the whole batch to the state the
// client shows. Either way the client is told with an error frame.
func (s *StatefulSession[S]) runBatch() bool {
	l := &s.loop
	s.kicked.Store(false)
	s.batchG.Store(l.goid) // effects raised from here on belong to the batch
	defer s.batchG.Store(0)
	before := l.state
	b := batchOutcome{source: "update"}
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
			b.render = b.render || l.dirty
		case c.detach != nil:
			s.detach(c.detach)
		case c.closeConn:
			if t := s.transport(); t != nil {
				t.Close()
			}
		case c.refused != 0:
			refused = append(refused, c.refused)
		case c.repeated != 0:
			b.ack = max(b.ack, c.repeated)
		case c.event != nil && isClientReport(c.event.Type):
			b.ack = max(b.ack, c.event.EventID)
			if s.clientReport(c.event) {
				b.resync, b.render = true, true
			}
		default:
			changed, err := s.exec(c)
			if c.event != nil {
				b.ack = max(b.ack, c.event.EventID)
				b.source, b.action = eventSource(c.event), c.event.Action
			}
			if err != nil {
				if !s.failed(err) {
					return false
				}
				b.err = cmp.Or(b.err, err)
				continue
			}
			b.render = b.render || changed
		}
	}
	if !s.attached() {
		l.dirty = l.dirty || b.render || len(l.patches) > 0
		s.keepEffects()
		s.snapshot()
		return true
	}
	u := &l.out
	*u = wire.Update{Ack: b.ack, List: u.List[:0], Patches: u.Patches[:0]}
	if err := s.diff(u, &b, before); err != nil {
		l.state = l.committed // the state the client's page shows
		l.fx = effectQueue{}
		if !s.failed(err) {
			return false
		}
		b.err = cmp.Or(b.err, err)
		clear(u.List)
		clear(u.Patches)
		*u = wire.Update{Ack: b.ack, List: u.List[:0], Patches: u.Patches[:0]}
		if b.resync { // the client waits for a root morph: send what it should show
			l.dirty = s.diff(u, &batchOutcome{render: true, resync: true}, before) != nil
		}
	} else {
		l.committed, l.dirty = l.state, false
	}
	s.snapshot()
	if b.err != nil {
		u.Error = s.errorText(b.err)
	}
	s.flush(u)
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

// isClientReport reports whether an event type is a client report
// (resync, warn) rather than an application event for Handle.
func isClientReport(typ string) bool {
	return typ == protocol.EventResync || typ == protocol.EventWarn
}

// maxReportDetail bounds what a client report puts in a diagnostic.
const maxReportDetail = 256

// clientReport emits the diagnostic of a resync or warn frame and
// reports whether the client asked for a resync.
func (s *StatefulSession[S]) clientReport(ev *Event) (resync bool) {
	clip := func(v string) string { return v[:min(len(v), maxReportDetail)] }
	if ev.Type == protocol.EventWarn {
		s.h.emit(ClientWarning, s.id, nil, clip(ev.Get("kind"))+": "+clip(ev.Get("detail")))
		return false
	}
	s.h.emit(Resync, s.id, nil, clip(ev.Get("reason")))
	return true
}

// snapshot publishes the loop's state for State.
func (s *StatefulSession[S]) snapshot() {
	snapshot := s.loop.state // a copy: the loop keeps mutating l.state
	s.snap.Store(&snapshot)
}

// exec runs one state-changing command. A panic restores the state from
// before it and drops the effects it raised; it is returned as an error.
func (s *StatefulSession[S]) exec(c *command[S]) (render bool, err error) {
	l := &s.loop
	prev, kept := l.state, l.fx
	l.fx = effectQueue{} // this command's effects, until it returns
	defer func() {
		if r := recover(); r != nil {
			l.state, l.fx = prev, kept
			err = newPanicError(r)
			return
		}
		kept.merge(l.fx.take())
		l.fx = kept
	}()
	switch {
	case c.update != nil:
		l.state = c.update(l.state)
		return true, nil
	case c.event != nil:
		l.state = s.handleEvent(l.state, c.event)
		return true, nil
	case c.patch != nil:
		st, n := c.patch(l.state)
		l.state = st
		l.patches = append(l.patches, keyedNode{c.patchKey, n})
		return false, nil
	}
	return false, nil // flush only
}

// A panicError is a panic recovered on the loop, with its stack.
type panicError struct {
	value any
	stack []byte
}

func newPanicError(r any) *panicError { return &panicError{value: r, stack: debug.Stack()} }

func (p *panicError) Error() string { return fmt.Sprintf("tether: panic: %v", p.value) }

// failed reports a rolled-back failure and whether the session survives:
// a render error always does, a panic only when OnPanic is set.
func (s *StatefulSession[S]) failed(err error) bool {
	var p *panicError
	if !errors.As(err, &p) {
		s.h.log.Error("tether: render failed; the change was rolled back", "session", logTag(s.id), "err", err)
		s.h.emit(RenderError, s.id, err, "")
		return true
	}
	s.h.log.Error("tether: recovered panic; the change was rolled back", "session", logTag(s.id), "err", err, "stack", string(p.stack))
	s.h.emit(HandlerPanic, s.id, err, "")
	if s.h.cfg.OnPanic == nil {
		s.h.destroy(s, "panic")
		return false
	}
	s.h.cfg.OnPanic(s, err)
	return true
}

// rolledBack is what the client is told about a rolled-back change
// outside DevMode, where the cause may name internals.
const rolledBack = "tether: the server could not apply this change; it was undone"

func (s *StatefulSession[S]) errorText(err error) string {
	if s.h.app.DevMode {
		return err.Error()
	}
	return rolledBack
}

// diff renders what the batch changed into u. Render, Equal and Patch
// functions are user code: a panic in them is returned as an error.
func (s *StatefulSession[S]) diff(u *wire.Update, b *batchOutcome, before S) (err error) {
	l := &s.loop
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
	}()
	if b.resync {
		l.engine.Reset() // the next render is a root morph
	}
	render := b.render || l.dirty
	if render && !b.resync && !l.dirty && s.h.cfg.Equal != nil && s.h.cfg.Equal(before, l.state) {
		render = false
	}
	switch {
	case render:
		return s.diffAll(u, b.source, b.action)
	case len(l.patches) > 0:
		return s.diffPatches(u)
	}
	return nil
}

// diffAll renders the whole tree and diffs it. On error the engine keeps
// its baseline.
func (s *StatefulSession[S]) diffAll(u *wire.Update, source, action string) error {
	l := &s.loop
	start := time.Now()
	res, err := l.engine.Diff(s.h.cfg.Render(l.state))
	if err != nil {
		return err
	}
	if res.Unkeyed != "" && s.h.app.DevMode {
		s.h.log.Warn("tether: a change outside every Dynamic region re-sent the whole page; "+
			"give the element that changes a Dynamic key so only it is patched",
			"session", logTag(s.id), "element", res.Unkeyed)
	}
	s.observe(res, time.Since(start), source, action)
	fillUpdate(u, res)
	return nil
}

// diffPatches applies single-key patches; their results are copied out
// before the next Patch reuses the engine's buffers. When one fails after
// others moved the baseline, the engine is reset: the next update is a
// root morph.
func (s *StatefulSession[S]) diffPatches(u *wire.Update) (err error) {
	l := &s.loop
	defer func() {
		if err != nil {
			l.engine.Reset()
		}
	}()
	for _, p := range l.patches {
		res, err := l.engine.Patch(p.key, p.n)
		if err != nil {
			return fmt.Errorf("%w (Patch %q)", err, p.key)
		}
		fillUpdate(u, res)
	}
	return nil
}

// keepEffects moves the batch's effects to the session's queue, where
// they wait for a transport.
func (s *StatefulSession[S]) keepEffects() {
	fx := s.loop.fx.take()
	if len(fx) == 0 {
		return
	}
	s.fxMu.Lock()
	s.fx.batches = append(s.fx.batches, fx...)
	s.fxMu.Unlock()
}

// flush sends u with the buffered effects, in one frame; effects that
// would overwrite each other follow in frames of their own. Effects
// raised outside the batch go first, then the batch's own.
func (s *StatefulSession[S]) flush(u *wire.Update) {
	l := &s.loop
	if l.announceID {
		u.Session, l.announceID = s.id, false
	}
	s.fxMu.Lock()
	batches := append(s.fx.take(), l.fx.take()...)
	s.fxMu.Unlock()
	for i := range batches {
		s.refuseUnsafeURLs(&batches[i])
	}
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

// goid returns the calling goroutine's ID, read from its stack header
// ("goroutine 18 [running]:"). Effects use it to tell calls made by the
// loop itself, which belong to the batch and are rolled back with it,
// from calls made by other goroutines (Session.Go), which are kept.
func goid() uint64 {
	var buf [32]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	var id uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
	}
	return id
}
