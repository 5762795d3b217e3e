package ws

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/transport"
	"github.com/tetherui/tether/wire"
)

// Options configures the WebSocket transport; the zero value works.
type Options struct {
	// Compression enables permessage-deflate when the client offers it.
	// Context takeover is off in both directions, so no connection keeps
	// a compression window of its own; messages under 512 bytes are sent
	// uncompressed.
	Compression bool
	// WriteQueue caps frames waiting to be written to one slow client;
	// past it the connection is dropped with ErrSlowClient (the client
	// reconnects and resumes). Zero means 256.
	WriteQueue int
	// WriteQueueBytes caps the bytes of those frames, the same way. A
	// single frame larger than the cap is still sent when nothing else
	// waits. Zero means 1 MiB.
	WriteQueueBytes int
	// ReadBufferSize / WriteBufferSize for gws; zero means 1024.
	// ReadBufferSize sizes the buffered reader every connection keeps for
	// its life. gws v1.8.9 keeps no per-connection write buffer (each
	// frame is built in a pooled buffer), so WriteBufferSize is passed on
	// but has no effect with that version.
	ReadBufferSize, WriteBufferSize int
}

// Defaults applied to zero Options fields.
const (
	DefaultWriteQueue      = 256
	DefaultWriteQueueBytes = 1 << 20
	DefaultBufferSize      = 1024
)

// closeTimeout bounds how long closing may wait for queued frames and the
// close frame to reach a client that has stopped reading.
const closeTimeout = 3 * time.Second

func (o Options) withDefaults() Options {
	if o.WriteQueue <= 0 {
		o.WriteQueue = DefaultWriteQueue
	}
	if o.WriteQueueBytes <= 0 {
		o.WriteQueueBytes = DefaultWriteQueueBytes
	}
	if o.ReadBufferSize <= 0 {
		o.ReadBufferSize = DefaultBufferSize
	}
	if o.ReadBufferSize < 16 {
		o.ReadBufferSize = 16 // bufio's minimum
	}
	if o.WriteBufferSize <= 0 {
		o.WriteBufferSize = DefaultBufferSize
	}
	return o
}

// Upgrade returns the function that upgrades a request to a WebSocket
// connection and returns it as a transport. Only the first Options value
// is used. The returned function reads transport.SettingsFrom(r.Context())
// for the inbound frame limit. It does not check the Origin header: the
// tether handler does that before calling it.
//
// On a request that is not a valid WebSocket handshake it writes an HTTP
// error response and returns an error; after a successful hijack the
// response has been written and the connection belongs to the transport.
func Upgrade(opts ...Options) func(w http.ResponseWriter, r *http.Request) (transport.Transport, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	u := &upgrader{opts: o.withDefaults(), byLimit: map[int]*gws.Upgrader{}}
	return u.upgrade
}

type upgrader struct {
	opts Options

	mu sync.Mutex
	// byLimit holds one gws upgrader per inbound frame limit, since gws
	// fixes the limit per upgrader. The limit comes from the handler's
	// configuration, so in practice there is one entry.
	byLimit map[int]*gws.Upgrader
}

// gwsUpgrader returns the shared gws upgrader for frame limit max.
func (u *upgrader) gwsUpgrader(max int) *gws.Upgrader {
	u.mu.Lock()
	defer u.mu.Unlock()
	if g := u.byLimit[max]; g != nil {
		return g
	}
	g := gws.NewUpgrader(handler{}, &gws.ServerOption{
		ReadBufferSize:  u.opts.ReadBufferSize,
		WriteBufferSize: u.opts.WriteBufferSize,
		// gws refuses a frame whose header announces more, before reading
		// its payload, and a fragmented or compressed message that grows
		// past it; it closes with 1009 (1011 for a compressed message).
		ReadMaxPayloadSize: max,
		// A frame too large to write would make gws drop the connection;
		// updates are bounded by the session, not here.
		WriteMaxPayloadSize: math.MaxInt32,
		PermessageDeflate: gws.PermessageDeflate{
			Enabled:               u.opts.Compression,
			ServerContextTakeover: false,
			ClientContextTakeover: false,
		},
		// One session storage for all: the transport does not use it, and
		// gws's default allocates a map per connection.
		NewSession: func() gws.SessionStorage { return noSession{} },
		Logger:     discardLogger{},
	})
	u.byLimit[max] = g
	return g
}

// upgrade is the function Upgrade returns.
func (u *upgrader) upgrade(w http.ResponseWriter, r *http.Request) (transport.Transport, error) {
	if err := checkHandshake(w, r); err != nil {
		return nil, err
	}
	max := transport.SettingsFrom(r.Context()).MaxEventBytes
	if max <= 0 {
		max = wire.DefaultMaxEventBytes
	}
	g := u.gwsUpgrader(max)

	raw, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "tether: ws: connection cannot be upgraded", http.StatusInternalServerError)
		return nil, fmt.Errorf("tether: ws: hijack: %w", err)
	}
	// The server's read and write timeouts no longer apply: the heartbeat
	// and close paths set their own deadlines.
	_ = raw.SetDeadline(time.Time{})

	c := newConn(max, u.opts)
	nc := &netConn{Conn: raw, c: c}
	c.nc = nc
	if brw != nil && brw.Reader.Buffered() > 0 {
		// Bytes the client sent right behind its handshake; gws would
		// otherwise lose them.
		b, _ := brw.Reader.Peek(brw.Reader.Buffered())
		nc.pre = append([]byte(nil), b...)
	}
	socket, err := g.UpgradeFromConn(nc, bufio.NewReaderSize(nc, u.opts.ReadBufferSize), r)
	if err != nil {
		// gws has written a 400 response and closed the connection.
		return nil, fmt.Errorf("tether: ws: handshake: %w", err)
	}
	c.socket = socket
	go c.readLoop()
	return c, nil
}

var errNotWebSocket = errors.New("tether: ws: not a WebSocket handshake")

// checkHandshake rejects requests gws would refuse only after hijacking,
// so the client gets an ordinary HTTP error.
func checkHandshake(w http.ResponseWriter, r *http.Request) error {
	switch {
	case r.Method != http.MethodGet:
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "tether: ws: WebSocket handshake must be a GET", http.StatusMethodNotAllowed)
		return fmt.Errorf("%w: method %s", errNotWebSocket, r.Method)
	case !headerHasToken(r.Header, "Connection", "upgrade") || !headerHasToken(r.Header, "Upgrade", "websocket"):
		http.Error(w, "tether: ws: expected a WebSocket upgrade", http.StatusBadRequest)
		return fmt.Errorf("%w: missing Connection: Upgrade / Upgrade: websocket", errNotWebSocket)
	case r.Header.Get("Sec-WebSocket-Version") != "13":
		w.Header().Set("Sec-WebSocket-Version", "13")
		http.Error(w, "tether: ws: unsupported WebSocket version", http.StatusUpgradeRequired)
		return fmt.Errorf("%w: version %q", errNotWebSocket, r.Header.Get("Sec-WebSocket-Version"))
	case r.Header.Get("Sec-WebSocket-Key") == "":
		http.Error(w, "tether: ws: missing Sec-WebSocket-Key", http.StatusBadRequest)
		return fmt.Errorf("%w: missing Sec-WebSocket-Key", errNotWebSocket)
	}
	return nil
}

// headerHasToken reports whether the comma-separated header name holds
// token, case-insensitively.
func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// noSession is a SessionStorage that stores nothing.
type noSession struct{}

func (noSession) Len() int                     { return 0 }
func (noSession) Load(string) (any, bool)      { return nil, false }
func (noSession) Delete(string)                {}
func (noSession) Store(string, any)            {}
func (noSession) Range(func(string, any) bool) {}

// discardLogger silences gws; the transport reports errors through
// ReceiveEvent and Send.
type discardLogger struct{}

func (discardLogger) Error(...any) {}
