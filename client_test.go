package tether_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lxzan/gws"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/internal/htmlpatch"
	"github.com/tetherui/tether/wire"
)

// A testClient plays the browser: it fetches the page, connects over a
// real WebSocket, and applies every update to its copy of the root HTML
// with the same rules the JS runtime follows.
type testClient struct {
	t       *testing.T
	conn    *gws.Conn
	updates chan *wire.Update // of the current connection
	closed  chan struct{}     // closed when the current connection ends
	ev      *clientEvents
	code    uint16 // close code and reason, valid after closed
	reason  string
	html    string
	lastSeq uint64
	sid     string
}

// clientEvents belongs to one connection; a reconnect gets a new one.
type clientEvents struct {
	gws.BuiltinEventHandler
	t       *testing.T
	updates chan *wire.Update
	closed  chan struct{}
	code    uint16
	reason  string
	pings   atomic.Int32
	binary  atomic.Int32 // frames received as binary (CBOR)
}

func (e *clientEvents) OnMessage(socket *gws.Conn, m *gws.Message) {
	defer m.Close()
	f := wire.JSON
	if m.Opcode == gws.OpcodeBinary {
		f = wire.CBOR
		e.binary.Add(1)
	}
	u, err := wire.Decode(f, m.Bytes())
	if err != nil {
		e.t.Errorf("client: undecodable frame %q: %v", m.Bytes(), err)
		return
	}
	e.updates <- u
}

// OnPing answers like a browser does, echoing the payload (gws's default
// handler answers with an empty one).
func (e *clientEvents) OnPing(socket *gws.Conn, payload []byte) {
	e.pings.Add(1)
	socket.WritePong(payload)
}

func (e *clientEvents) OnClose(socket *gws.Conn, err error) {
	var ce *gws.CloseError
	if errors.As(err, &ce) {
		e.code, e.reason = ce.Code, string(ce.Reason)
	}
	close(e.closed)
}

var (
	sessionAttr = regexp.MustCompile(`data-tether-session="([^"]+)"`)
	rootInner   = regexp.MustCompile(`(?s)<div data-tether-root[^>]*>(.*)</div>`)
)

const testUA = "tether-test/1.0"

// load GETs the page and returns a client holding its root HTML.
func load(t *testing.T, srv *httptest.Server) *testClient {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("User-Agent", testUA)
	cl := srv.Client()
	if cl == nil { // a server the test did not start, named by URL only
		cl = http.DefaultClient
	}
	res, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET: %d %s", res.StatusCode, body)
	}
	c := &testClient{t: t}
	if m := sessionAttr.FindSubmatch(body); m != nil {
		c.sid = string(m[1])
	}
	m := rootInner.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no tether root in %s", body)
	}
	c.html = string(m[1])
	return c
}

// connect opens a WebSocket and sends the connect frame.
func (c *testClient) connect(srv *httptest.Server, header ...http.Header) *testClient {
	c.t.Helper()
	h := http.Header{"User-Agent": {testUA}}
	if len(header) > 0 {
		h = header[0]
	}
	c.ev = &clientEvents{t: c.t, updates: make(chan *wire.Update, 4096), closed: make(chan struct{})}
	c.updates, c.closed, c.code, c.reason = c.ev.updates, c.ev.closed, 0, ""
	conn, res, err := gws.NewClient(c.ev, &gws.ClientOption{
		Addr:          "ws" + strings.TrimPrefix(srv.URL, "http"),
		RequestHeader: h,
	})
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		c.t.Fatalf("dial: %v (status %d)", err, status)
	}
	c.conn = conn
	go conn.ReadLoop()
	c.t.Cleanup(func() { conn.NetConn().Close() })
	data := map[string]any{"seq": float64(c.lastSeq)}
	if c.sid != "" {
		data["session"] = c.sid
	}
	c.send(tether.Event{Type: "connect", Data: data})
	return c
}

func (c *testClient) send(ev tether.Event) {
	c.t.Helper()
	b, err := wire.EncodeEvent(ev)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.conn.WriteMessage(gws.OpcodeText, b); err != nil {
		c.t.Fatal(err)
	}
}

var eventID uint64

func (c *testClient) click(action string) uint64 {
	eventID++
	c.send(tether.Event{Type: "click", Action: action, EventID: eventID})
	return eventID
}

// next waits for the next update and applies it, checking that sequence
// numbers run without gaps or repeats. Updates that arrived before the
// connection closed are still returned: the read loop queues every
// update before it closes c.closed, so after a close one more look at
// the queue decides.
func (c *testClient) next() *wire.Update {
	c.t.Helper()
	select {
	case u := <-c.updates:
		c.apply(u)
		return u
	case <-c.closed:
		select {
		case u := <-c.updates:
			c.apply(u)
			return u
		default:
		}
		c.code, c.reason = c.ev.code, c.ev.reason
		c.t.Fatalf("connection closed (%d %q) while waiting for an update", c.code, c.reason)
	case <-time.After(10 * time.Second):
		c.t.Fatal("no update within 10s")
	}
	return nil
}

func (c *testClient) apply(u *wire.Update) {
	c.t.Helper()
	if u.Seq != 0 { // refusals and reloads carry no sequence
		// A root morph resets the page, so it may skip ahead.
		if u.Seq != c.lastSeq+1 && !(u.RootSet && u.Seq > c.lastSeq) {
			c.t.Fatalf("update seq %d after %d: gap or duplicate", u.Seq, c.lastSeq)
		}
		c.lastSeq = u.Seq
	}
	html, err := htmlpatch.Apply(c.html, u)
	if err != nil {
		c.t.Fatalf("apply %+v: %v", u, err)
	}
	c.html = html
}

// until applies updates until cond holds.
func (c *testClient) until(cond func(c *testClient) bool) {
	c.t.Helper()
	for !cond(c) {
		c.next()
	}
}

func (c *testClient) has(s string) bool { return strings.Contains(c.html, s) }

// waitClosed applies updates until the server closes the connection,
// and returns how many of them told the client to reload.
func (c *testClient) waitClosed() (reloads int) {
	c.t.Helper()
	take := func(u *wire.Update) {
		if u.Reload {
			reloads++
		}
		c.apply(u)
	}
	for {
		select {
		case u := <-c.updates:
			take(u)
		case <-c.closed:
			for len(c.updates) > 0 {
				take(<-c.updates)
			}
			c.code, c.reason = c.ev.code, c.ev.reason
			return reloads
		case <-time.After(10 * time.Second):
			c.t.Fatal("connection not closed within 10s")
		}
	}
}

// checkLeaks fails the test if goroutines started during it outlive it.
// Register it first so it runs after every other cleanup.
func checkLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				n := runtime.Stack(buf, true)
				t.Fatalf("%d goroutines leaked:\n%s", runtime.NumGoroutine()-before, buf[:n])
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// eventually polls cond, failing after a generous deadline.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The test client returns an update that arrived before its connection
// closed, even when it looks only after the close: a session that ends
// sends a reload update, then closes.
func TestClientKeepsUpdatesBeforeClose(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{Logger: quiet()}, counterConfig())
	srv := serve(t, h)
	for range 20 {
		c := load(t, srv).connect(srv)
		c.click("panic") // the session ends: reload update, then close
		<-c.closed
		if u := c.next(); !u.Reload {
			t.Fatalf("want the reload update, got %+v", u)
		}
	}
}
