package ws

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/lxzan/gws"
)

// StartHeartbeat sends a ping every interval and gives the client twice
// the interval to send anything (a pong, an event, a ping) before the
// connection is dropped and ReceiveEvent fails with a heartbeat timeout.
// The read deadline is moved on whenever bytes arrive. Only the first call
// counts; a non-positive interval is ignored.
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
	c.refreshDeadline()
}

// tick sends one ping and schedules the next.
func (c *conn) tick() {
	if c.closing.Load() {
		return
	}
	// At most one ping waits in the write queue: behind a backlog, more
	// would not tell the client anything new.
	if c.pingPending.CompareAndSwap(false, true) {
		// The ping carries how many data frames were queued before it;
		// its pong proves the client read all of them (Delivered).
		mark := binary.BigEndian.AppendUint64(nil, c.sent.Load())
		c.socket.WriteAsync(gws.OpcodePing, mark, c.pinged)
	}
	c.mu.Lock()
	if !c.stopped {
		c.beat.Reset(time.Duration(c.interval.Load()))
	}
	c.mu.Unlock()
}

func (c *conn) onPinged(error) { c.pingPending.Store(false) }

// pong records the delivery mark a pong echoes back.
func (c *conn) pong(payload []byte) {
	if len(payload) != 8 {
		return
	}
	mark := binary.BigEndian.Uint64(payload)
	for {
		d := c.delivered.Load()
		if mark <= d || c.delivered.CompareAndSwap(d, mark) {
			return
		}
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
