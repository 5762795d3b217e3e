package ws

import (
	"fmt"
	"sync"
	"time"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/transport"
)

// The write path. gws gives every connection a queue of write jobs run by
// a goroutine that exists only while jobs are waiting (gws.Conn.Async):
// an idle connection has no writer goroutine, and Send never touches the
// network. The transport bounds that queue in frames (Options.WriteQueue)
// and in bytes (Options.WriteQueueBytes), and the heartbeat drops a
// connection whose oldest queued frame has waited two intervals (see
// heartbeat.go). Past any bound the connection is dropped, not closed
// politely: a client that does not read would never see a close frame.

var errSendClosed = fmt.Errorf("tether: ws: send on closed connection: %w", transport.ErrClosed)

// Send queues one pre-encoded text frame (a JSON update). It never waits
// for the network. The frame is written as is, later: the caller must not
// modify it afterwards.
func (c *conn) Send(frame []byte) error { return c.enqueue(gws.OpcodeText, frame) }

// SendBinary queues one pre-encoded binary frame (a CBOR update), like
// Send.
func (c *conn) SendBinary(frame []byte) error { return c.enqueue(gws.OpcodeBinary, frame) }

func (c *conn) enqueue(op gws.Opcode, frame []byte) error {
	if c.closing.Load() {
		return errSendClosed
	}
	// The queue's lock is held while gws queues the job, so frames enter
	// gws in the order the queue records them.
	c.queue.mu.Lock()
	err := c.queue.admit(len(frame), time.Now())
	if err == nil {
		c.sent.Add(1)
		c.socket.WriteAsync(op, frame, c.written)
	}
	c.queue.mu.Unlock()
	if err != nil {
		c.abort(err)
	}
	return err
}

// onWritten runs on the write goroutine after each data frame, in queue
// order. A failed write needs nothing more: gws closes the connection on
// it, and the read loop then reports why.
func (c *conn) onWritten(error) {
	c.queue.mu.Lock()
	c.queue.pop()
	c.queue.mu.Unlock()
}

// writeQueue records the data frames handed to gws and not yet written:
// their sizes and when each was queued, oldest first.
type writeQueue struct {
	mu        sync.Mutex
	maxFrames int
	maxBytes  int
	maxAge    time.Duration // zero until the heartbeat starts
	ring      []queuedFrame // len is a power of two, or zero
	head, n   int
	bytes     int
}

type queuedFrame struct {
	at   time.Time
	size int
}

// admit records a frame of size bytes queued at now, or says why the
// client is too slow to be given it. A frame larger than maxBytes is
// admitted into an empty queue: an update is never too big to send once.
func (q *writeQueue) admit(size int, now time.Time) error {
	switch {
	case q.n >= q.maxFrames:
		return fmt.Errorf("tether: ws: %d frames already waiting for the client: %w", q.n, transport.ErrSlowClient)
	case q.n > 0 && q.bytes+size > q.maxBytes:
		return fmt.Errorf("tether: ws: %d bytes already waiting for the client, limit %d: %w", q.bytes, q.maxBytes, transport.ErrSlowClient)
	}
	if err := q.stale(now); err != nil {
		return err
	}
	if q.n == len(q.ring) {
		q.grow()
	}
	q.ring[(q.head+q.n)&(len(q.ring)-1)] = queuedFrame{at: now, size: size}
	q.n++
	q.bytes += size
	return nil
}

// stale reports an error when the oldest queued frame has waited longer
// than maxAge.
func (q *writeQueue) stale(now time.Time) error {
	if q.n == 0 || q.maxAge <= 0 {
		return nil
	}
	if waited := now.Sub(q.ring[q.head].at); waited > q.maxAge {
		return fmt.Errorf("tether: ws: a frame has waited %v for the client, limit %v: %w",
			waited.Round(time.Millisecond), q.maxAge, transport.ErrSlowClient)
	}
	return nil
}

func (q *writeQueue) pop() {
	if q.n == 0 {
		return
	}
	q.bytes -= q.ring[q.head].size
	q.ring[q.head] = queuedFrame{}
	q.head = (q.head + 1) & (len(q.ring) - 1)
	q.n--
	if q.n == 0 && len(q.ring) > minRing {
		// A burst is over: an idle connection keeps a small ring only.
		q.ring, q.head = nil, 0
	}
}

// minRing is the ring an idle connection keeps after its first frame.
const minRing = 8

func (q *writeQueue) grow() {
	size := max(2*len(q.ring), minRing)
	ring := make([]queuedFrame, size)
	for i := range q.n {
		ring[i] = q.ring[(q.head+i)&(len(q.ring)-1)]
	}
	q.ring, q.head = ring, 0
}
