package ws

import (
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
		c.socket.WriteAsync(gws.OpcodePing, nil, c.pinged)
	}
	c.mu.Lock()
	if !c.stopped {
		c.beat.Reset(time.Duration(c.interval.Load()))
	}
	c.mu.Unlock()
}

func (c *conn) onPinged(error) { c.pingPending.Store(false) }

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
