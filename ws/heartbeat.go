package ws

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/transport"
)

// StartHeartbeat sends a ping every interval and drops the connection
// when the client falls behind for two intervals, in any of three ways:
//
//   - silence: nothing at all arrives (ReceiveEvent fails with a
//     heartbeat timeout; any inbound byte moves the read deadline on);
//   - a stuck write queue: the oldest frame queued for the client has
//     waited longer than two intervals;
//   - unconfirmed deliveries: frames were sent, and for two intervals
//     since the first ping that followed them no pong echoed a recent
//     ping's payload (a client that reads nothing cannot, whatever else
//     it sends).
//
// The last two end with transport.ErrSlowClient, like a full queue: the
// client reconnects and its session resumes. Only the first call counts;
// a non-positive interval is ignored.
//
// The ticks run on a timer, not a goroutine of their own: between ticks
// the heartbeat costs no goroutine.
func (c *conn) StartHeartbeat(interval time.Duration) {
	if interval <= 0 {
		return
	}
	c.mu.Lock()
	if c.stopped || c.beat != nil {
		c.mu.Unlock()
		return
	}
	c.interval.Store(int64(interval))
	c.beat = time.AfterFunc(interval, c.tick)
	c.mu.Unlock()
	c.queue.mu.Lock()
	c.queue.maxAge = 2 * interval
	c.queue.mu.Unlock()
	c.refreshDeadline()
}

// tick checks the client keeps up, sends one ping and schedules the next.
func (c *conn) tick() {
	if c.closing.Load() {
		return
	}
	now := time.Now()
	if err := c.behind(now); err != nil {
		c.abort(err)
		return
	}
	// At most one ping waits in the write queue: behind a backlog, more
	// would not tell the client anything new.
	if c.pingPending.CompareAndSwap(false, true) {
		// The ping carries how many data frames were queued before it;
		// its pong proves the client read all of them (Delivered).
		mark := c.sent.Load()
		c.mu.Lock()
		c.pings[0], c.pings[1] = c.pings[1], ping{mark: mark, at: now}
		if mark > c.delivered.Load() && c.unconfirmed.IsZero() {
			c.unconfirmed = now
		}
		c.mu.Unlock()
		c.socket.WriteAsync(gws.OpcodePing, binary.BigEndian.AppendUint64(nil, mark), c.pinged)
	}
	c.mu.Lock()
	if !c.stopped {
		c.beat.Reset(time.Duration(c.interval.Load()))
	}
	c.mu.Unlock()
}

// behind reports why the client has fallen too far behind, if it has.
func (c *conn) behind(now time.Time) error {
	c.queue.mu.Lock()
	err := c.queue.stale(now)
	c.queue.mu.Unlock()
	if err != nil {
		return err
	}
	limit := 2 * time.Duration(c.interval.Load())
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.unconfirmed.IsZero() && now.Sub(c.unconfirmed) > limit {
		return fmt.Errorf("tether: ws: no pong has confirmed delivery for %v, limit %v: %w",
			now.Sub(c.unconfirmed).Round(time.Millisecond), limit, transport.ErrSlowClient)
	}
	return nil
}

func (c *conn) onPinged(error) { c.pingPending.Store(false) }

// A ping is the delivery mark a ping carried and when it was queued.
type ping struct {
	mark uint64
	at   time.Time
}

// pong records the delivery mark a pong echoes back, if it is the payload
// of one of the last two pings; anything else confirms nothing.
func (c *conn) pong(payload []byte) {
	if len(payload) != 8 {
		return
	}
	mark := binary.BigEndian.Uint64(payload)
	c.mu.Lock()
	defer c.mu.Unlock()
	last := c.pings[1]
	switch {
	case !last.at.IsZero() && mark == last.mark:
		c.unconfirmed = time.Time{}
	case !c.pings[0].at.IsZero() && mark == c.pings[0].mark:
		// The earlier ping is answered; the later one, if it carries
		// more, is still waiting.
		if last.mark > mark {
			c.unconfirmed = last.at
		} else {
			c.unconfirmed = time.Time{}
		}
	default:
		return
	}
	if mark > c.delivered.Load() {
		c.delivered.Store(mark)
	}
}

// Delivered returns how many data frames the client is known to have
// read: those queued before the last ping it answered. A session uses it
// to forget updates the client certainly has.
func (c *conn) Delivered() uint64 { return c.delivered.Load() }

// refreshDeadline gives the client another two intervals to be heard
// from. It does nothing before StartHeartbeat.
func (c *conn) refreshDeadline() {
	if iv := c.interval.Load(); iv > 0 {
		_ = c.nc.SetReadDeadline(time.Now().Add(2 * time.Duration(iv)))
	}
}

func heartbeatTimeout(c *conn, err error) error {
	return fmt.Errorf("tether: ws: heartbeat timeout: client silent for %v: %w",
		2*time.Duration(c.interval.Load()), err)
}
