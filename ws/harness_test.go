package ws

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/transport"
)

// wait bounds every blocking step of a test so a bug fails the test
// instead of hanging it. No test asserts how long anything took.
const wait = 10 * time.Second

// server is an httptest server whose handler upgrades every request with
// Upgrade(opts) and hands the transports to the test.
type server struct {
	*httptest.Server
	url        string
	transports chan transport.Transport
	errs       chan error
}

func newServer(t testing.TB, opts Options, settings transport.Settings) *server {
	t.Helper()
	up := Upgrade(opts)
	s := &server{transports: make(chan transport.Transport, 1024), errs: make(chan error, 16)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr, err := up(w, r.WithContext(transport.WithSettings(r.Context(), settings)))
		if err != nil {
			s.errs <- err
			return
		}
		s.transports <- tr
	}))
	s.url = "ws" + strings.TrimPrefix(s.Server.URL, "http") + "/ws"
	t.Cleanup(s.Close)
	return s
}

// next returns the next transport the server upgraded.
func (s *server) next(t testing.TB) transport.Transport {
	t.Helper()
	select {
	case tr := <-s.transports:
		t.Cleanup(func() { tr.Close() })
		return tr
	case err := <-s.errs:
		t.Fatalf("upgrade failed: %v", err)
	case <-time.After(wait):
		t.Fatal("no connection upgraded")
	}
	return nil
}

type frame struct {
	op   gws.Opcode
	data []byte
}

// client is a gws client that records what it receives.
type client struct {
	gws.BuiltinEventHandler
	*gws.Conn
	resp   *http.Response
	frames chan frame
	pings  chan struct{}
	closed chan error // receives the error OnClose got, once
}

func (c *client) OnMessage(_ *gws.Conn, m *gws.Message) {
	defer m.Close()
	c.frames <- frame{m.Opcode, append([]byte(nil), m.Bytes()...)}
}

func (c *client) OnPing(socket *gws.Conn, payload []byte) {
	select {
	case c.pings <- struct{}{}:
	default:
	}
	_ = socket.WritePong(payload)
}

func (c *client) OnClose(_ *gws.Conn, err error) { c.closed <- err }

func dial(t testing.TB, url string, opt *gws.ClientOption) *client {
	t.Helper()
	if opt == nil {
		opt = &gws.ClientOption{}
	}
	opt.Addr = url
	c := &client{frames: make(chan frame, 1024), pings: make(chan struct{}, 1024), closed: make(chan error, 1)}
	conn, resp, err := gws.NewClient(c, opt)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.Conn, c.resp = conn, resp
	go conn.ReadLoop()
	t.Cleanup(func() { _ = conn.NetConn().Close() })
	return c
}

func (c *client) frame(t testing.TB) frame {
	t.Helper()
	select {
	case f := <-c.frames:
		return f
	case err := <-c.closed:
		t.Fatalf("client closed while waiting for a frame: %v", err)
	case <-time.After(wait):
		t.Fatal("no frame arrived")
	}
	return frame{}
}

// closeFrame waits for the server's close frame and returns it.
func (c *client) closeFrame(t testing.TB) *gws.CloseError {
	t.Helper()
	select {
	case err := <-c.closed:
		var ce *gws.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("client closed without a close frame: %v", err)
		}
		return ce
	case <-time.After(wait):
		t.Fatal("connection not closed")
	}
	return nil
}

// receive calls ReceiveEvent on another goroutine so a hang fails the
// test.
func receive(t testing.TB, tr transport.Transport) (transport.Event, error) {
	t.Helper()
	type result struct {
		ev  transport.Event
		err error
	}
	ch := make(chan result, 1)
	go func() {
		ev, err := tr.ReceiveEvent()
		ch <- result{ev, err}
	}()
	select {
	case r := <-ch:
		return r.ev, r.err
	case <-time.After(wait):
		t.Fatal("ReceiveEvent did not return")
	}
	return transport.Event{}, nil
}

// receiveErr drains events until ReceiveEvent fails and returns the error.
func receiveErr(t testing.TB, tr transport.Transport) error {
	t.Helper()
	for {
		if _, err := receive(t, tr); err != nil {
			return err
		}
	}
}

// rawConn is a hand-driven WebSocket client for what gws's client will
// not do: fragments, bogus headers, going silent, never reading.
type rawConn struct {
	net.Conn
	br *bufio.Reader
}

const rawHandshake = "GET /ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

// dialRaw completes a handshake; extra is written in the same write as
// the request.
func dialRaw(t testing.TB, s *server, extra []byte) *rawConn {
	t.Helper()
	nc, err := net.Dial("tcp", s.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	req := append([]byte(fmt.Sprintf(rawHandshake, s.Listener.Addr())), extra...)
	if _, err := nc.Write(req); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake status %d", resp.StatusCode)
	}
	return &rawConn{Conn: nc, br: br}
}

// clientFrame encodes one masked client frame with the given payload
// length field (which may lie about len(payload)).
func clientFrame(fin bool, op byte, payload []byte, length uint64) []byte {
	var b []byte
	b0 := op
	if fin {
		b0 |= 0x80
	}
	b = append(b, b0)
	switch {
	case length < 126:
		b = append(b, 0x80|byte(length))
	case length <= 0xffff:
		b = append(b, 0x80|126)
		b = binary.BigEndian.AppendUint16(b, uint16(length))
	default:
		b = append(b, 0x80|127)
		b = binary.BigEndian.AppendUint64(b, length)
	}
	key := [4]byte{0x12, 0x34, 0x56, 0x78}
	b = append(b, key[:]...)
	for i, c := range payload {
		b = append(b, c^key[i%4])
	}
	return b
}

func textFrame(payload []byte) []byte {
	return clientFrame(true, 1, payload, uint64(len(payload)))
}

// readFrame reads one server frame.
func (r *rawConn) readFrame() (op byte, payload []byte, err error) {
	var h [2]byte
	if _, err = io.ReadFull(r.br, h[:]); err != nil {
		return 0, nil, err
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var x [2]byte
		if _, err = io.ReadFull(r.br, x[:]); err != nil {
			return 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(x[:]))
	case 127:
		var x [8]byte
		if _, err = io.ReadFull(r.br, x[:]); err != nil {
			return 0, nil, err
		}
		n = binary.BigEndian.Uint64(x[:])
	}
	payload = make([]byte, n)
	_, err = io.ReadFull(r.br, payload)
	return h[0] & 0x0f, payload, err
}

// closeFrame reads server frames until a close frame and returns its
// code and reason.
func (r *rawConn) closeFrame(t testing.TB) (uint16, string) {
	t.Helper()
	_ = r.SetReadDeadline(time.Now().Add(wait))
	for {
		op, p, err := r.readFrame()
		if err != nil {
			t.Fatalf("no close frame: %v", err)
		}
		if op == 8 {
			if len(p) < 2 {
				return 0, ""
			}
			return binary.BigEndian.Uint16(p), string(p[2:])
		}
	}
}

// noLeaks fails the test if goroutines started during it are still
// running once it has cleaned up. Register it first so it runs last.
func noLeaks(t *testing.T) {
	t.Helper()
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		if !poll(wait, func() bool { return runtime.NumGoroutine() <= base }) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Errorf("%d goroutines at start, %d left after cleanup:\n%s", base, runtime.NumGoroutine(), buf)
		}
	})
}

// poll reports whether cond became true within timeout, checking it
// every millisecond.
func poll(timeout time.Duration, cond func() bool) bool {
	if cond() {
		return true
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if cond() {
				return true
			}
		case <-deadline.C:
			return cond()
		}
	}
}
