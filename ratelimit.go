package tether

import (
	"sync"
	"time"
)

// A tokenBucket allows rate events per second on average and burst at
// once. It has no lock: its owner guards it.
type tokenBucket struct {
	rate   float64 // tokens per second; negative disables the limit
	burst  float64
	tokens float64
	last   time.Time
}

func newTokenBucket(rate float64, burst int) tokenBucket {
	return tokenBucket{rate: rate, burst: float64(burst), tokens: float64(burst)}
}

func (b *tokenBucket) allow(now time.Time) bool {
	if b.rate < 0 {
		return true
	}
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// refusalWindow is how often a session over its event rate is told so:
// the first refused event of a window is answered at once, the rest are
// answered together when the window ends, so a flood of refused events
// costs the client two frames a window, not one each.
const refusalWindow = time.Second

// An eventLimit is a session's inbound event budget. It belongs to the
// session, not the connection, so reconnecting does not refill it; it is
// locked because an old and a new connection may read at the same time.
type eventLimit struct {
	mu        sync.Mutex
	bucket    tokenBucket
	windowEnd time.Time // refusals before it are held back
	held      uint64    // highest refused event ID not yet answered
	flush     *time.Timer
}

// A verdict is what to do with one client event.
type verdict int

const (
	accept verdict = iota
	refuseNow
	refuseLater // answered, with any later refusals, when the window ends
)

// check spends a token for event id. On refuseLater it arranges for
// answer to be called with the highest held ID when the window ends.
func (l *eventLimit) check(id uint64, now time.Time, answer func(uint64)) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bucket.allow(now) {
		return accept
	}
	if now.After(l.windowEnd) {
		l.windowEnd = now.Add(refusalWindow)
		return refuseNow
	}
	if l.held == 0 {
		l.flush = time.AfterFunc(l.windowEnd.Sub(now), func() {
			l.mu.Lock()
			id := l.held
			l.held, l.flush = 0, nil
			l.mu.Unlock()
			answer(id)
		})
	}
	l.held = max(l.held, id)
	return refuseLater
}

// stop cancels a pending answer; the session is gone.
func (l *eventLimit) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.flush != nil {
		l.flush.Stop()
		l.flush = nil
	}
}
