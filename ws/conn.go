package ws

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/protocol"
	"github.com/tetherui/tether/internal/transport"
	"github.com/tetherui/tether/wire"
)

// maxReasonBytes is a close frame's 125-byte payload less the code.
const maxReasonBytes = 123

// conn is one WebSocket connection; it implements transport.Transport,
// BinarySender, Heartbeater and Closer.
type conn struct {
	socket   *gws.Conn
	nc       *netConn
	maxBytes int

	// events hands decoded events from the gws read loop to
	// ReceiveEvent, one at a time.
	events chan transport.Event
	// done is closed when the connection is finished; err is then the
	// error ReceiveEvent returns.
	done     chan struct{}
	doneOnce sync.Once
	err      error

	// Push mode (Serve): served is closed once deliver and onDone are
	// set; the read loop then calls deliver itself.
	served   chan struct{}
	deliver  func(transport.Event)
	onDone   func(error)
	doneCall sync.Once

	// closing is set by the first close, from either side; Send fails
	// from then on.
	closing atomic.Bool
	// queue records the data frames queued in gws and not yet written;
	// sent counts every data frame queued, delivered those the client is
	// known to have read (see Delivered).
	queue       writeQueue
	sent        atomic.Uint64
	delivered   atomic.Uint64
	pingPending atomic.Bool
	written     func(error)
	pinged      func(error)

	// interval is the heartbeat interval in nanoseconds; zero until
	// StartHeartbeat.
	interval atomic.Int64
	mu       sync.Mutex // guards the fields below
	beat     *time.Timer
	stopped  bool
	// pings are the last two pings queued, oldest first; unconfirmed is
	// when the oldest ping carrying frames no pong has confirmed was
	// queued, zero when every ping so far is answered (heartbeat.go).
	pings       [2]ping
	unconfirmed time.Time
}

var (
	_ transport.Transport    = (*conn)(nil)
	_ transport.BinarySender = (*conn)(nil)
	_ transport.Heartbeater  = (*conn)(nil)
	_ transport.Closer       = (*conn)(nil)
	_ transport.Pusher       = (*conn)(nil)
	_ transport.Confirmer    = (*conn)(nil)
)

func newConn(maxBytes int, o Options) *conn {
	c := &conn{
		maxBytes: maxBytes,
		queue:    writeQueue{maxFrames: o.WriteQueue, maxBytes: o.WriteQueueBytes},
		events:   make(chan transport.Event),
		done:     make(chan struct{}),
		served:   make(chan struct{}),
	}
	c.written = c.onWritten
	c.pinged = c.onPinged
	return c
}

// ReceiveEvent returns the next event from the client. It returns io.EOF
// after the client closes cleanly, an error wrapping transport.ErrClosed
// after Close, and otherwise an error naming why the connection ended
// (wrapping transport.ErrTooLarge or transport.ErrMalformed when a client
// frame was refused).
func (c *conn) ReceiveEvent() (transport.Event, error) {
	select {
	case ev := <-c.events:
		return ev, nil
	case <-c.done:
		var zero transport.Event
		return zero, c.err
	}
}

// Serve switches the connection to push mode: events go to deliver on
// gws's read loop, and done receives the reason the connection ended.
func (c *conn) Serve(deliver func(transport.Event), done func(error)) {
	c.deliver, c.onDone = deliver, done
	close(c.served)
	select {
	case <-c.done:
		c.notifyDone()
	default:
	}
}

// notifyDone tells a push-mode owner the connection ended, once.
func (c *conn) notifyDone() {
	select {
	case <-c.served:
	default:
		return
	}
	c.doneCall.Do(func() { c.onDone(c.err) })
}

// finish records why the connection ended, unblocks ReceiveEvent and
// stops the heartbeat. Only the first call counts.
func (c *conn) finish(err error) {
	c.closing.Store(true)
	c.doneOnce.Do(func() {
		c.err = err
		close(c.done)
	})
	c.notifyDone()
	c.mu.Lock()
	c.stopped = true
	if c.beat != nil {
		c.beat.Stop()
	}
	c.mu.Unlock()
}

// refuse closes the connection with code and a reason because of a bad
// frame; it runs on the read loop. It returns err for convenience.
func (c *conn) refuse(code uint16, err error) error {
	if c.closing.CompareAndSwap(false, true) {
		c.finish(err)
		_ = c.nc.SetWriteDeadline(time.Now().Add(closeTimeout))
		_ = c.socket.WriteClose(code, reasonBytes(err.Error()))
	}
	return err
}

// abort drops the connection without a close frame: the client is not
// reading (slow client) or not there (heartbeat timeout).
func (c *conn) abort(err error) {
	if c.closing.CompareAndSwap(false, true) {
		c.finish(err)
		_ = c.nc.Close()
	}
}

// frameError is a refused client frame: it wraps the transport sentinel
// (ErrTooLarge, ErrMalformed) and the cause, if any.
type frameError struct {
	msg   string
	kind  error
	cause error
}

func (e *frameError) Error() string { return e.msg }

func (e *frameError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func tooLarge(max int, cause error) error {
	return &frameError{
		msg:   "tether: ws: event exceeds " + strconv.Itoa(max) + " bytes",
		kind:  transport.ErrTooLarge,
		cause: cause,
	}
}

func malformed(what string, cause error) error {
	msg := "tether: ws: " + what
	if cause != nil {
		msg += ": " + cause.Error()
	}
	return &frameError{msg: msg, kind: transport.ErrMalformed, cause: cause}
}

// malformedEvent is a text frame wire.DecodeEvent refused; the message
// names the problem once ("tether: ws: malformed event: ...").
func malformedEvent(err error) error {
	s := strings.TrimPrefix(err.Error(), "tether: ")
	if !strings.HasPrefix(s, "malformed event") {
		s = "malformed event: " + s
	}
	return &frameError{msg: "tether: ws: " + s, kind: transport.ErrMalformed, cause: err}
}

var (
	errBinary  = malformed("binary frames are not accepted; events are JSON text", nil)
	errNotUTF8 = malformed("text frame is not valid UTF-8", nil)
	// errLocalClose is what ReceiveEvent returns after Close.
	errLocalClose = fmt.Errorf("tether: ws: closed by server: %w", transport.ErrClosed)
)

// decode is wire.DecodeEvent that turns a panic into an error: no client
// input may bring the server down.
func decode(b []byte, max int) (ev transport.Event, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panicked: %v", p)
		}
	}()
	return wire.DecodeEvent(b, max)
}

// readLoop runs gws's read loop for the connection. gws v1.8.9 panics
// on a frame header whose 64-bit length has its top bit set (the length
// turns negative and passes its size check); the panic is confined to
// this connection, which is refused as too large.
func (c *conn) readLoop() {
	defer func() {
		if p := recover(); p != nil {
			c.refuse(protocol.CloseTooLarge, tooLarge(c.maxBytes, fmt.Errorf("gws read loop: %v", p)))
		}
	}()
	c.socket.ReadLoop()
}

// handler receives gws's callbacks for every connection; the connection's
// state is reached through its net.Conn wrapper.
type handler struct{}

func connOf(socket *gws.Conn) *conn { return socket.NetConn().(*netConn).c }

func (handler) OnOpen(*gws.Conn) {}

func (handler) OnClose(socket *gws.Conn, err error) {
	c := connOf(socket)
	c.finish(c.closeError(err))
}

func (handler) OnPing(socket *gws.Conn, payload []byte) {
	c := connOf(socket)
	if !c.closing.Load() {
		// Queued rather than written here, so the read loop never waits
		// on a client that is not reading.
		socket.WriteAsync(gws.OpcodePong, payload, nil)
	}
}

func (handler) OnPong(socket *gws.Conn, payload []byte) {
	// Any inbound bytes already refreshed the read deadline (read.go).
	connOf(socket).pong(payload)
}

func (handler) OnMessage(socket *gws.Conn, msg *gws.Message) {
	defer msg.Close()
	c := connOf(socket)
	if c.closing.Load() {
		return
	}
	if msg.Opcode != gws.OpcodeText {
		c.refuse(protocol.CloseUnsupported, errBinary)
		return
	}
	b := msg.Bytes()
	if len(b) > c.maxBytes {
		// Unreachable while gws's decompression limit equals ours (see
		// closeError); kept so the limit holds whatever gws does.
		c.refuse(protocol.CloseTooLarge, tooLarge(c.maxBytes, nil))
		return
	}
	if !utf8.Valid(b) {
		c.refuse(protocol.CloseMalformed, errNotUTF8)
		return
	}
	ev, err := decode(b, c.maxBytes)
	if err != nil {
		if errors.Is(err, wire.ErrEventTooLarge) {
			c.refuse(protocol.CloseTooLarge, tooLarge(c.maxBytes, err))
		} else {
			c.refuse(protocol.CloseMalformed, malformedEvent(err))
		}
		return
	}
	select {
	case <-c.served:
		c.deliver(ev)
	case c.events <- ev:
		// The session may have kept the read loop waiting; that time does
		// not count against the client.
		c.refreshDeadline()
	case <-c.done:
	}
}

// closeError turns the error gws ends a connection with into the error
// ReceiveEvent returns, when the transport did not end it itself.
func (c *conn) closeError(err error) error {
	var ce *gws.CloseError
	switch {
	case errors.As(err, &ce):
		return io.EOF // the client sent a close frame
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("tether: ws: heartbeat timeout: %w", err)
	case errors.Is(err, gws.ErrTextEncoding):
		return malformed("text frame is not valid UTF-8", err)
	}
	// gws closes on protocol violations with an internal status code.
	var sc interface{ Uint16() uint16 }
	if errors.As(err, &sc) {
		switch sc.Uint16() {
		case protocol.CloseTooLarge:
			// A compressed message that inflates past the limit; gws has
			// closed with 1011.
			return tooLarge(c.maxBytes, err)
		case 1002, protocol.CloseUnsupported, protocol.CloseMalformed:
			return malformed("protocol error", err)
		}
	}
	if err == nil || err.Error() == "" {
		return errors.New("tether: ws: connection lost")
	}
	return fmt.Errorf("tether: ws: connection lost: %w", err)
}
