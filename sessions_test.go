package tether_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lxzan/gws"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/internal/protocol"
	"github.com/tetherui/tether/wire"
)

// churn opens n connections asking for a new session, from the local
// address from (127.0.0.1 if empty), waits for each to be answered
// (its first update or a close) and closes it.
func churn(t testing.TB, srv *httptest.Server, n int, from string) (sessions, refused int) {
	for range n {
		created, ok := churnOnce(srv.URL, from)
		if created {
			sessions++
		}
		if !ok {
			refused++
		}
	}
	return sessions, refused
}

// churnOnce makes one connect-then-close; created reports whether a
// session was announced, ok whether the server did not refuse.
func churnOnce(url, from string) (created, ok bool) {
	ev := &churnEvents{done: make(chan struct{})}
	opt := &gws.ClientOption{Addr: "ws" + strings.TrimPrefix(url, "http"),
		RequestHeader: http.Header{"User-Agent": {testUA}}}
	if from != "" {
		opt.NewDialer = func() (gws.Dialer, error) {
			return &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}, nil
		}
	}
	conn, _, err := gws.NewClient(ev, opt)
	if err != nil {
		return false, false
	}
	go conn.ReadLoop()
	frame, _ := wire.EncodeEvent(tether.Event{Type: "connect", Data: map[string]any{"seq": float64(0)}})
	conn.WriteMessage(gws.OpcodeText, frame)
	select {
	case <-ev.done:
	case <-time.After(10 * time.Second):
	}
	conn.NetConn().Close()
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return ev.session != "", ev.code != protocol.CloseBusy
}

type churnEvents struct {
	gws.BuiltinEventHandler
	once    sync.Once
	done    chan struct{}
	mu      sync.Mutex
	session string
	code    uint16
}

func (e *churnEvents) OnMessage(_ *gws.Conn, m *gws.Message) {
	defer m.Close()
	if u, err := wire.Decode(wire.JSON, m.Bytes()); err == nil {
		e.mu.Lock()
		e.session = u.Session
		e.mu.Unlock()
	}
	e.once.Do(func() { close(e.done) })
}

func (e *churnEvents) OnClose(_ *gws.Conn, err error) {
	if ce, ok := err.(*gws.CloseError); ok {
		e.mu.Lock()
		e.code = ce.Code
		e.mu.Unlock()
	}
	e.once.Do(func() { close(e.done) })
}

func sessionCount(h *tether.Handler[counter]) int {
	hs := h.Health()
	return hs.Pending + hs.Active + hs.Disconnected
}

// Connect-then-close loops asking for new sessions cannot pile sessions
// up: with default settings, never-used sessions created at connect
// stay within MaxFresh (64) however many connections come.
func TestConnectChurnBounded(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{Logger: quiet()}, counterConfig())
	srv := serve(t, h)
	churn(t, srv, 200, "")
	if n := sessionCount(h); n > 64 {
		t.Fatalf("%d sessions after 200 connect-close loops", n)
	}
}

// At MaxFresh the oldest never-used session without a client is
// evicted; a session that received an event never is.
func TestMaxFreshEvictsUnused(t *testing.T) {
	checkLeaks(t)
	app := tether.App{MaxFresh: 3, Logger: quiet(), Security: tether.Security{SessionsPerAddress: -1}}
	h := tether.Stateful(app, counterConfig())
	d := watch(h)
	srv := serve(t, h)
	user := (&testClient{t: t}).connect(srv) // a fresh session: its ID comes with the first update
	u := user.next()
	user.sid = u.Session
	user.click("increment")
	user.until(func(c *testClient) bool { return c.has("Count: 1") })
	created, _ := churn(t, srv, 20, "")
	if created != 20 {
		t.Fatalf("%d of 20 churn connections got a session", created)
	}
	if n := sessionCount(h); n > 3+1 {
		t.Fatalf("%d sessions, want at most MaxFresh plus the used one", n)
	}
	if d.count(tether.SessionEvicted) < 17 {
		t.Fatalf("%d evictions", d.count(tether.SessionEvicted))
	}
	user.click("increment")
	user.until(func(c *testClient) bool { return c.has("Count: 2") })
}

// When every fresh session has a client attached, none is evicted and
// the next connection is refused with 4013.
func TestMaxFreshAttachedRefused(t *testing.T) {
	checkLeaks(t)
	app := tether.App{MaxFresh: 2, Logger: quiet(), Security: tether.Security{SessionsPerAddress: -1}}
	h := tether.Stateful(app, counterConfig())
	srv := serve(t, h)
	for range 2 {
		c := (&testClient{t: t}).connect(srv)
		c.next()
	}
	c := (&testClient{t: t}).connect(srv)
	c.waitClosed()
	if c.code != protocol.CloseBusy {
		t.Fatalf("close %d %q", c.code, c.reason)
	}
}

// A session that never received an event expires after
// Timeouts.Pending once its client leaves, not after the reconnect
// window; a used one waits for its client.
func TestUnusedSessionExpiresEarly(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Timeouts.Pending = 50 * time.Millisecond
	cfg.Timeouts.Reconnect = time.Hour
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	srv := serve(t, h)
	used := load(t, srv).connect(srv)
	used.click("increment")
	used.until(func(c *testClient) bool { return c.has("Count: 1") })
	unused := load(t, srv).connect(srv)
	eventually(t, "both attached", func() bool { return h.Health().Active == 2 })
	used.conn.NetConn().Close()
	unused.conn.NetConn().Close()
	eventually(t, "unused session gone", func() bool {
		hs := h.Health()
		return hs.Active == 0 && hs.Disconnected == 1
	})
	used.connect(srv)
	used.click("increment")
	used.until(func(c *testClient) bool { return c.has("Count: 2") })
}

// One client address creates at most SessionBurstPerAddress sessions at
// once; forwarding headers count only from a trusted proxy.
func TestSessionsPerAddress(t *testing.T) {
	checkLeaks(t)
	getAs := func(srv *httptest.Server, header, value string) string {
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		req.Header.Set(header, value)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := res.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		if m := sessionAttr.FindStringSubmatch(b.String()); m != nil {
			return m[1]
		}
		return ""
	}
	get := func(srv *httptest.Server, xff string) string { return getAs(srv, "X-Forwarded-For", xff) }
	sec := tether.Security{SessionsPerAddress: 0.001, SessionBurstPerAddress: 2}
	t.Run("direct", func(t *testing.T) {
		h := tether.Stateful(tether.App{Logger: quiet(), Security: sec}, counterConfig())
		d := watch(h)
		srv := serve(t, h)
		// Without TrustedProxies, X-Forwarded-For is anyone's to write.
		if get(srv, "192.0.2.1") == "" || get(srv, "192.0.2.2") == "" || get(srv, "192.0.2.3") != "" {
			t.Fatal("want two sessions, then none, from one address")
		}
		if d.count(tether.SessionRefused) != 1 {
			t.Fatalf("%d SessionRefused", d.count(tether.SessionRefused))
		}
		c := (&testClient{t: t}).connect(srv) // a fresh session counts too
		c.waitClosed()
		if c.code != protocol.CloseBusy {
			t.Fatalf("close %d", c.code)
		}
	})
	t.Run("proxied", func(t *testing.T) {
		sec := sec
		sec.TrustedProxies = []string{"127.0.0.1/32", "10.0.0.0/8"}
		h := tether.Stateful(tether.App{Logger: quiet(), Security: sec}, counterConfig())
		srv := serve(t, h)
		// The rightmost untrusted hop is the client; 10.1.2.3 is a proxy.
		for _, xff := range []string{"192.0.2.1", "192.0.2.1", "198.51.100.9, 192.0.2.2, 10.1.2.3", "192.0.2.2"} {
			if get(srv, xff) == "" {
				t.Fatalf("no session for %s", xff)
			}
		}
		if get(srv, "192.0.2.1") != "" || get(srv, "203.0.113.5, 192.0.2.2") != "" {
			t.Fatal("third session from one address")
		}
		// IPv6 addresses count by their /64.
		if get(srv, "2001:db8::1") == "" || get(srv, "2001:db8::2") == "" || get(srv, "2001:db8::3") != "" ||
			get(srv, "2001:db8:0:1::1") == "" {
			t.Fatal("IPv6 addresses not counted by /64")
		}
		// X-Real-IP, when there is no X-Forwarded-For.
		for i, want := range []bool{true, true, false} {
			if got := getAs(srv, "X-Real-IP", "192.0.2.7") != ""; got != want {
				t.Fatalf("request %d for one X-Real-IP: session %v", i+1, got)
			}
		}
	})
}

// An invalid TrustedProxies entry is a configuration error.
func TestTrustedProxiesInvalid(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "TrustedProxies") {
			t.Fatalf("recovered %v", r)
		}
	}()
	tether.Stateful(tether.App{Security: tether.Security{TrustedProxies: []string{"10.0.0.0/33"}}}, counterConfig())
}

// MaxSessions defaults to a quarter of memory at 64 KiB a session,
// between 1,000 and 100,000; negative means unlimited.
func TestMaxSessionsDefault(t *testing.T) {
	for _, tt := range []struct {
		mem  uint64
		want int
	}{{0, 1000}, {64 << 20, 1000}, {4 << 30, 16384}, {1 << 40, 100000}} {
		if got := tether.MaxSessionsFor(tt.mem); got != tt.want {
			t.Errorf("%d bytes: %d sessions, want %d", tt.mem, got, tt.want)
		}
	}
	h := tether.Stateful(tether.App{}, counterConfig())
	defer h.Shutdown(context.Background())
	if n := tether.MaxSessionsOf(h); n < 1000 || n > 100000 {
		t.Fatalf("default MaxSessions %d", n)
	}
	u := tether.Stateful(tether.App{MaxSessions: -1}, counterConfig())
	defer u.Shutdown(context.Background())
	if n := tether.MaxSessionsOf(u); n < 1<<40 {
		t.Fatalf("negative MaxSessions resolved to %d", n)
	}
}

// A legitimate user gets a session and is served while another address
// churns connect-then-close as fast as it can.
func TestUserServedUnderChurn(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{Logger: quiet()}, counterConfig())
	srv := serve(t, h)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				churnOnce(srv.URL, "127.0.0.2")
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	for i := 1; i <= 3; i++ {
		c := load(t, srv)
		if c.sid == "" {
			t.Fatal("no session for the user")
		}
		c.connect(srv)
		c.click("increment")
		c.until(func(c *testClient) bool { return c.has("Count: 1") })
	}
}
