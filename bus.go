package tether

import (
	"context"
	"sync"
	"sync/atomic"
)

// AsyncOverflow says what SubscribeAsync delivery does when every worker
// slot is busy.
type AsyncOverflow int

const (
	// Block waits for a free slot (the default).
	Block AsyncOverflow = iota + 1
	// Drop skips the event for that subscriber.
	Drop
	// Inline runs the callback in the publisher's goroutine.
	Inline
)

// BusConfig customises a Bus. The zero value is a local bus with 64
// async workers that blocks when they are all busy.
type BusConfig struct {
	// Topic names the bus in a cluster; empty means local only.
	Topic string
	// AsyncWorkers bounds concurrent async callbacks. Zero: 64.
	AsyncWorkers int
	// AsyncOverflow applies when all async workers are busy. Zero: Block.
	AsyncOverflow AsyncOverflow
}

// A Bus delivers typed events to subscribers. Publishing is lock-free:
// the subscriber list is an immutable slice swapped on change.
type Bus[E any] struct {
	cfg  BusConfig
	sem  chan struct{}
	mu   sync.Mutex // serialises subscribe and unsubscribe
	subs atomic.Pointer[[]*subscriber[E]]
	// recovered, when set, receives a subscriber's panic with the event
	// it panicked on; delivery goes on to the other subscribers.
	recovered func(event E, panicValue any)
}

type subscriber[E any] struct {
	fn    func(E)
	async bool
}

// NewBus returns an empty bus.
func NewBus[E any](cfg ...BusConfig) *Bus[E] {
	b := &Bus[E]{}
	if len(cfg) > 0 {
		b.cfg = cfg[0]
	}
	b.cfg.AsyncWorkers = orInt(b.cfg.AsyncWorkers, 64)
	if b.cfg.AsyncOverflow == 0 {
		b.cfg.AsyncOverflow = Block
	}
	b.sem = make(chan struct{}, b.cfg.AsyncWorkers)
	return b
}

// Publish delivers event to every subscriber. Synchronous subscribers run
// in the caller's goroutine and must not block.
func (b *Bus[E]) Publish(event E) {
	subs := b.subs.Load()
	if subs == nil {
		return
	}
	for _, s := range *subs {
		if !s.async {
			b.call(s.fn, event)
			continue
		}
		b.deliverAsync(s.fn, event)
	}
}

// call runs one subscriber, handing a panic to b.recovered when set.
func (b *Bus[E]) call(fn func(E), event E) {
	if b.recovered != nil {
		defer func() {
			if r := recover(); r != nil {
				b.recovered(event, r)
			}
		}()
	}
	fn(event)
}

func (b *Bus[E]) deliverAsync(fn func(E), event E) {
	select {
	case b.sem <- struct{}{}:
	default:
		switch b.cfg.AsyncOverflow {
		case Drop:
			return
		case Inline:
			b.call(fn, event)
			return
		}
		b.sem <- struct{}{}
	}
	go func() {
		defer func() { <-b.sem }()
		b.call(fn, event)
	}()
}

// Subscribe registers fn for every event until ctx ends or the returned
// function is called. fn runs in the publisher's goroutine.
func (b *Bus[E]) Subscribe(ctx context.Context, fn func(E)) func() {
	return b.add(ctx, &subscriber[E]{fn: fn})
}

// SubscribeAsync is Subscribe with each delivery in its own goroutine,
// bounded by BusConfig.AsyncWorkers. Use it for callbacks that do I/O.
func (b *Bus[E]) SubscribeAsync(ctx context.Context, fn func(E)) func() {
	return b.add(ctx, &subscriber[E]{fn: fn, async: true})
}

// Len returns the number of subscribers.
func (b *Bus[E]) Len() int {
	if subs := b.subs.Load(); subs != nil {
		return len(*subs)
	}
	return 0
}

func (b *Bus[E]) add(ctx context.Context, s *subscriber[E]) func() {
	b.mu.Lock()
	var next []*subscriber[E]
	if cur := b.subs.Load(); cur != nil {
		next = append(next, *cur...)
	}
	next = append(next, s)
	b.subs.Store(&next)
	b.mu.Unlock()
	var once sync.Once
	remove := func() { once.Do(func() { b.remove(s) }) }
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, remove)
		return func() { stop(); remove() }
	}
	return remove
}

func (b *Bus[E]) remove(s *subscriber[E]) {
	b.mu.Lock()
	defer b.mu.Unlock()
	cur := b.subs.Load()
	if cur == nil {
		return
	}
	next := make([]*subscriber[E], 0, len(*cur))
	for _, x := range *cur {
		if x != s {
			next = append(next, x)
		}
	}
	b.subs.Store(&next)
}
