package tether_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/node"
	"github.com/lxzan/gws"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/internal/protocol"
	"github.com/tetherui/tether/wire"
)

type counter struct{ Count int }

func counterConfig() tether.StatefulConfig[counter] {
	return tether.StatefulConfig[counter]{
		InitialState: func(*http.Request) counter { return counter{} },
		Render: func(s counter) node.Node {
			return div.New(
				span.Textf("Count: %d", s.Count).Dynamic("count"),
				button.Text("+1"),
			)
		},
		Handle: func(sess tether.Session, s counter, ev tether.Event) counter {
			switch ev.Action {
			case "increment":
				s.Count++
			case "toast":
				sess.Toast("hello")
				sess.SetTitle("titled")
				s.Count++
			case "panic":
				panic("boom")
			}
			return s
		},
	}
}

// reportSessions makes cfg's OnConnect hand every connected session to
// the returned channel, after any OnConnect already set.
func reportSessions(cfg *tether.StatefulConfig[counter]) chan *tether.StatefulSession[counter] {
	sessions := make(chan *tether.StatefulSession[counter], 4)
	prev := cfg.OnConnect
	cfg.OnConnect = func(s *tether.StatefulSession[counter]) {
		if prev != nil {
			prev(s)
		}
		sessions <- s
	}
	return sessions
}

// serve starts h on a loopback httptest server and shuts both down at
// the end of the test.
func serve[S any](t *testing.T, h *tether.Handler[S]) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := h.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv
}

// diagnostics records the handler's diagnostics.
type diagnostics struct {
	mu  sync.Mutex
	all []tether.Diagnostic
}

func watch[S any](h *tether.Handler[S]) *diagnostics {
	d := &diagnostics{}
	h.Diagnostics.Subscribe(context.Background(), func(x tether.Diagnostic) {
		d.mu.Lock()
		d.all = append(d.all, x)
		d.mu.Unlock()
	})
	return d
}

func (d *diagnostics) count(kind tether.DiagnosticKind) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, x := range d.all {
		if x.Kind == kind {
			n++
		}
	}
	return n
}

func TestClaimAndEventPatch(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{}, counterConfig())
	srv := serve(t, h)
	c := load(t, srv)
	if c.sid == "" || !c.has("Count: 0") {
		t.Fatalf("page not pre-warmed: sid %q html %s", c.sid, c.html)
	}
	if got := h.Health(); got.Pending != 1 {
		t.Fatalf("health after GET: %+v", got)
	}
	c.connect(srv)
	id := c.click("increment")
	u := c.next()
	if u.Ack != id || len(u.Patches) != 1 || u.Patches[0].Key != "count" || u.Patches[0].Op != wire.Text {
		t.Fatalf("update: %+v", u)
	}
	if !c.has("Count: 1") {
		t.Fatalf("html: %s", c.html)
	}
	if got := h.Health(); got.Active != 1 || got.Pending != 0 {
		t.Fatalf("health after claim: %+v", got)
	}
}

func TestUpdateAndEffects(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions

	// Effects raised inside Handle leave in the same frame as its patch.
	c.click("toast")
	u := c.next()
	if u.Effects.Toast != "hello" || u.Effects.Title != "titled" || len(u.Patches) != 1 {
		t.Fatalf("handle effects: %+v", u)
	}
	// Update from another goroutine.
	go s.Update(func(st counter) counter { st.Count = 41; return st })
	c.until(func(c *testClient) bool { return c.has("Count: 41") })
	// Effects outside Handle are their own update; none is lost.
	s.Toast("one")
	s.Toast("two")
	s.Signal("status", "ok")
	var toasts []string
	for len(toasts) < 2 {
		u := c.next()
		if u.Effects.Toast != "" {
			toasts = append(toasts, u.Effects.Toast)
		}
	}
	if toasts[0] != "one" || toasts[1] != "two" {
		t.Fatalf("toasts %v", toasts)
	}
	if s.State().Count != 41 {
		t.Fatalf("State() = %+v", s.State())
	}
}

// A burst of 1,000 Updates coalesces into far fewer frames and ends in
// the exact final state.
func TestCoalescing(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	for range 1000 {
		s.Update(func(st counter) counter { st.Count++; return st })
	}
	frames := 0
	c.until(func(c *testClient) bool { frames++; return c.has("Count: 1000") })
	if frames > 200 {
		t.Fatalf("%d frames for 1000 updates", frames)
	}
	if d.count(tether.RenderCoalesced) == 0 {
		t.Fatal("no RenderCoalesced diagnostic")
	}
	t.Logf("1000 updates -> %d frames", frames)
}

// A client that drops its connection mid-burst and reconnects within the
// window receives exactly the updates it missed, in order, none twice,
// including the frames sent just before the drop that never arrived.
func TestReconnectResumesExactly(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	stop := make(chan struct{})
	var sent atomic.Int64
	go func() {
		for i := 1; i <= 300; i++ {
			select {
			case <-stop:
			default:
			}
			s.Update(func(st counter) counter { st.Count++; return st })
			sent.Add(1)
			for i%10 == 0 && s.State().Count < i {
				runtime.Gosched() // let each burst be handled before the next
			}
		}
	}()
	// Apply a few updates, then cut the connection without a close frame.
	c.next()
	c.next()
	c.conn.NetConn().Close()
	<-c.closed
	// Frames written after the cut never reach this client; the ones the
	// client did not read are dropped too.
	for len(c.updates) > 0 {
		<-c.updates
	}
	eventually(t, "disconnect noticed", func() bool { return h.Health().Disconnected == 1 || sent.Load() == 300 })
	close(stop)
	eventually(t, "burst done", func() bool { return sent.Load() == 300 })
	c.connect(srv)
	<-sessions
	c.until(func(c *testClient) bool { return c.has("Count: 300") })
	if got := s.State().Count; got != 300 {
		t.Fatalf("state %d", got)
	}
}

// After the reconnect window the session is gone: the client is told to
// reload instead of hanging.
func TestReconnectAfterExpiryReloads(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Timeouts.Reconnect = 20 * time.Millisecond
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.click("increment")
	c.next()
	c.conn.WriteClose(1000, nil)
	c.conn.NetConn().Close()
	eventually(t, "session expiry", func() bool { return h.Health() == tether.HealthStatus{} })
	c.connect(srv)
	u := c.next()
	if !u.Reload {
		t.Fatalf("want reload, got %+v", u)
	}
	c.waitClosed()
	if c.code != 4001 {
		t.Fatalf("close code %d %q", c.code, c.reason)
	}
}

func TestOriginRejected(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{Security: tether.Security{TrustedOrigins: []string{"https://good.example"}}}, counterConfig())
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv)
	_, res, err := gws.NewClient(&clientEvents{t: t}, &gws.ClientOption{
		Addr:          "ws" + strings.TrimPrefix(srv.URL, "http"),
		RequestHeader: http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}},
	})
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("want 403, got %v %v", res, err)
	}
	if d.count(tether.OriginRejected) != 1 || h.Health().Pending != 1 {
		t.Fatalf("diagnostics %d, health %+v", d.count(tether.OriginRejected), h.Health())
	}
	// A trusted origin connects.
	c.connect(srv, http.Header{"User-Agent": {testUA}, "Origin": {"https://good.example"}, "Sec-Fetch-Site": {"cross-site"}})
	c.click("increment")
	c.next()
}

func TestUserAgentBinding(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{}, counterConfig())
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv)
	c.connect(srv, http.Header{"User-Agent": {"thief/1.0"}})
	c.waitClosed()
	if c.code != 4003 || d.count(tether.SessionBindingFailed) != 1 {
		t.Fatalf("close %d %q, diagnostics %d", c.code, c.reason, d.count(tether.SessionBindingFailed))
	}
	// The rightful client still claims its session.
	c.connect(srv)
	c.click("increment")
	c.next()
	if !c.has("Count: 1") {
		t.Fatal(c.html)
	}
}

// Oversized and malformed frames close that connection with a reason and
// a diagnostic; the session's state is untouched and it resumes.
func TestBadFrames(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Limits.MaxEventBytes = 1024
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	c.click("increment")
	c.next()
	for _, frame := range [][]byte{
		[]byte(`{"t":"click","a":"increment","d":{"x":"` + strings.Repeat("a", 2000) + `"}}`),
		[]byte(`{"t":"click","a":`),
	} {
		if err := c.conn.WriteMessage(gws.OpcodeText, frame); err != nil {
			t.Fatal(err)
		}
		c.waitClosed()
		if c.code == 0 || c.reason == "" {
			t.Fatalf("no close reason for %.40q", frame)
		}
		if s.State().Count != 1 {
			t.Fatalf("state changed: %+v", s.State())
		}
		c.connect(srv)
		<-sessions
	}
	eventually(t, "two BadEvent diagnostics", func() bool { return d.count(tether.BadEvent) == 2 })
	c.click("increment")
	c.until(func(c *testClient) bool { return c.has("Count: 2") })
}

func TestPanic(t *testing.T) {
	t.Run("destroys", func(t *testing.T) {
		checkLeaks(t)
		h := tether.Stateful(tether.App{Logger: quiet()}, counterConfig())
		d := watch(h)
		srv := serve(t, h)
		c := load(t, srv).connect(srv)
		c.click("panic")
		c.waitClosed()
		if d.count(tether.HandlerPanic) != 1 || h.Health() != (tether.HealthStatus{}) {
			t.Fatalf("diagnostics %d health %+v", d.count(tether.HandlerPanic), h.Health())
		}
	})
	t.Run("OnPanic keeps the session", func(t *testing.T) {
		checkLeaks(t)
		var got atomic.Value
		cfg := counterConfig()
		cfg.OnPanic = func(s *tether.StatefulSession[counter], err error) { got.Store(err) }
		h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
		srv := serve(t, h)
		c := load(t, srv).connect(srv)
		c.click("increment")
		c.next()
		c.click("panic")
		c.click("increment")
		c.until(func(c *testClient) bool { return c.has("Count: 2") })
		if err, _ := got.Load().(error); err == nil || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("OnPanic got %v", got.Load())
		}
	})
}

func TestPendingCapAndExpiry(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Timeouts.Pending = 30 * time.Millisecond
	cfg.Timeouts.PendingCheck = 10 * time.Millisecond
	h := tether.Stateful(tether.App{MaxPending: 2}, cfg)
	srv := serve(t, h)
	a, b, extra := load(t, srv), load(t, srv), load(t, srv)
	if a.sid == "" || b.sid == "" || extra.sid != "" || !extra.has("Count: 0") {
		t.Fatalf("sids %q %q %q", a.sid, b.sid, extra.sid)
	}
	// The page served without pre-warm still gets a session on connect.
	extra.connect(srv)
	u := extra.next()
	if !u.RootSet || !extra.has("Count: 0") || u.Session == "" {
		t.Fatalf("fresh session: %+v", u)
	}
	// It learnt its session ID, so a reconnect resumes that session.
	extra.sid = u.Session
	extra.click("increment")
	extra.until(func(c *testClient) bool { return c.has("Count: 1") })
	extra.conn.NetConn().Close()
	<-extra.closed
	extra.connect(srv)
	extra.click("increment")
	extra.until(func(c *testClient) bool { return c.has("Count: 2") })
	eventually(t, "pending expiry", func() bool { return h.Health().Pending == 0 })
	a.connect(srv)
	if u := a.next(); !u.Reload {
		t.Fatalf("expired pending session: %+v", u)
	}
}

// At MaxSessions a used session is never evicted: a new page is served
// without a session and a connect asking for one is refused with 4013.
// A never-used session is evicted to make room.
func TestMaxSessions(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{MaxSessions: 1}, counterConfig())
	srv := serve(t, h)
	idle := load(t, srv) // pre-warmed, never used
	a := load(t, srv)    // evicts it
	if idle.sid == "" || a.sid == "" {
		t.Fatalf("sids %q %q", idle.sid, a.sid)
	}
	idle.connect(srv)
	if u := idle.next(); !u.Reload {
		t.Fatalf("evicted session: %+v", u)
	}
	a.connect(srv)
	a.click("increment")
	a.until(func(c *testClient) bool { return c.has("Count: 1") })
	b := load(t, srv) // served, but without a session
	if b.sid != "" {
		t.Fatalf("sid %q at the cap", b.sid)
	}
	b.connect(srv)
	b.waitClosed()
	if b.code != protocol.CloseBusy {
		t.Fatalf("close %d %q", b.code, b.reason)
	}
	a.click("increment")
	a.until(func(c *testClient) bool { return c.has("Count: 2") })
}

func TestDrainAndShutdown(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Timeouts.DisableReconnect = true
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.click("increment")
	c.next()
	drained := make(chan error, 1)
	go func() { drained <- h.Drain(context.Background()) }()
	eventually(t, "draining refuses pages", func() bool {
		res, err := srv.Client().Get(srv.URL)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusServiceUnavailable
	})
	select {
	case err := <-drained:
		t.Fatalf("drain returned with a live session: %v", err)
	default:
	}
	// The live session still works while draining; once it ends, Drain returns.
	c.click("increment")
	c.until(func(c *testClient) bool { return c.has("Count: 2") })
	c.conn.WriteClose(1000, nil)
	if err := <-drained; err != nil {
		t.Fatal(err)
	}

	// Shutdown closes live sessions, telling clients the server restarts
	// (1012), with no reload update: reloading would hit a dead port.
	h2 := tether.Stateful(tether.App{}, counterConfig())
	srv2 := serve(t, h2)
	c2 := load(t, srv2).connect(srv2)
	c2.click("increment")
	c2.next()
	if err := h2.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	reloads := c2.waitClosed()
	if c2.code != protocol.CloseRestart || reloads != 0 {
		t.Fatalf("close %d after %d reload updates", c2.code, reloads)
	}
}

// Idle and lifetime timers end sessions by themselves; order, not time,
// is asserted.
func TestIdleAndLifetime(t *testing.T) {
	checkLeaks(t)
	for _, tt := range []struct {
		name string
		set  func(*tether.Timeouts)
	}{
		{"idle", func(x *tether.Timeouts) { x.Idle = 30 * time.Millisecond }},
		{"lifetime", func(x *tether.Timeouts) { x.MaxLifetime = 30 * time.Millisecond }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := counterConfig()
			tt.set(&cfg.Timeouts)
			var disconnected atomic.Bool
			cfg.OnDisconnect = func(*tether.StatefulSession[counter]) { disconnected.Store(true) }
			h := tether.Stateful(tether.App{}, cfg)
			srv := serve(t, h)
			c := load(t, srv).connect(srv)
			c.waitClosed()
			if c.code != 4001 || h.Health() != (tether.HealthStatus{}) {
				t.Fatalf("close %d, health %+v", c.code, h.Health())
			}
			eventually(t, "OnDisconnect", disconnected.Load)
		})
	}
}

func TestRateLimit(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Limits.EventRate = 0.001
	cfg.Limits.EventBurst = 3
	h := tether.Stateful(tether.App{}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	for range 5 {
		c.click("increment")
	}
	refused := 0
	for refused < 2 {
		if u := c.next(); u.Error != "" {
			refused++
		}
	}
	c.until(func(c *testClient) bool { return c.has("Count: 3") })
	if d.count(tether.RateLimited) != 2 {
		t.Fatalf("RateLimited: %d", d.count(tether.RateLimited))
	}
}

func TestCBORUpdates(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.WireFormat = wire.CBOR
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.click("increment")
	c.next()
	if !c.has("Count: 1") {
		t.Fatal(c.html)
	}
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Effects captured while pre-warming reach the client in its first update.
func TestPrewarmEffectsReplayed(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.OnNavigate = func(sess tether.Session, s counter, p tether.Params) counter {
		sess.SetTitle("from " + p.Path)
		s.Count = p.IntDefault("start", 0)
		return s
	}
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	srv.URL += "/page?start=7"
	c := load(t, srv)
	if !c.has("Count: 7") {
		t.Fatal(c.html)
	}
	c.connect(srv)
	if u := c.next(); u.Effects.Title != "from /page" {
		t.Fatalf("first update: %+v", u)
	}
}

// Go contexts end on disconnect; Context ends only when the session is
// destroyed. Effects raised while disconnected arrive after reconnect.
func TestContextsAndDisconnectedEffects(t *testing.T) {
	checkLeaks(t)
	goCtx := make(chan context.Context, 2)
	cfg := counterConfig()
	cfg.OnConnect = func(s *tether.StatefulSession[counter]) {
		s.Go(func(ctx context.Context) { goCtx <- ctx; <-ctx.Done() })
	}
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	ctx := <-goCtx
	c.conn.NetConn().Close()
	<-ctx.Done()
	if s.Context().Err() != nil {
		t.Fatal("session context ended on disconnect")
	}
	eventually(t, "disconnected", func() bool { return h.Health().Disconnected == 1 })
	s.Toast("while away")
	s.Update(func(st counter) counter { st.Count = 5; return st })
	c.connect(srv)
	<-sessions
	<-goCtx
	toast := ""
	for !c.has("Count: 5") || toast == "" {
		if u := c.next(); u.Effects.Toast != "" {
			toast = u.Effects.Toast
		}
	}
	if toast != "while away" {
		t.Fatalf("toast %q", toast)
	}
	if err := h.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Context().Err() == nil {
		t.Fatal("session context survived shutdown")
	}
}

// A client whose gap is older than the replay buffer gets a root morph of
// the current render, then continues in sequence.
func TestResumeBeyondReplayBuffer(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Limits.ReplayFrames = 4
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	for i := 1; i <= 10; i++ {
		s.Update(func(st counter) counter { st.Count = i; return st })
		eventually(t, "frame sent", func() bool { return len(c.updates) == i })
	}
	c.conn.NetConn().Close() // none of the ten frames was applied
	<-c.closed
	c.connect(srv)
	<-sessions
	if u := c.next(); !u.RootSet || !c.has("Count: 10") {
		t.Fatalf("want root morph with the current render, got %+v", u)
	}
	c.click("increment")
	c.until(func(c *testClient) bool { return c.has("Count: 11") })
}

// Equal skips render and diff; OnNoPatch and OnStructuralChange report
// renders that changed nothing or changed the key set.
func TestEqualAndHooks(t *testing.T) {
	checkLeaks(t)
	var renders, noPatch, structural atomic.Int32
	cfg := counterConfig()
	render := cfg.Render
	cfg.Render = func(s counter) node.Node {
		renders.Add(1)
		if s.Count >= 100 {
			return div.New(span.Text("done").Dynamic("done"))
		}
		return render(s)
	}
	cfg.Equal = func(a, b counter) bool { return a == b }
	cfg.OnNoPatch = func(*tether.StatefulSession[counter], tether.NoPatch) { noPatch.Add(1) }
	cfg.OnStructuralChange = func(_ *tether.StatefulSession[counter], c tether.StructuralChange) {
		if len(c.Added) == 1 && c.Added[0] == "done" && len(c.Removed) == 1 {
			structural.Add(1)
		}
	}
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	before := renders.Load()
	c.click("nothing") // Handle returns the state unchanged
	if u := c.next(); u.Ack == 0 || len(u.Patches) != 0 {
		t.Fatalf("ack-only update expected: %+v", u)
	}
	if renders.Load() != before {
		t.Fatal("Equal did not skip the render")
	}
	s.Update(func(st counter) counter { st.Count = 100; return st })
	c.until(func(c *testClient) bool { return c.has("done") })
	if structural.Load() != 1 {
		t.Fatalf("structural changes reported: %d", structural.Load())
	}
	s.Update(func(st counter) counter { st.Count = 101; return st }) // renders the same
	eventually(t, "OnNoPatch", func() bool { return noPatch.Load() == 1 })
}

// A session whose loop is stuck overflows its queue in order, then drops
// commands: it is destroyed unless OnCommandDropped keeps it.
func TestCommandOverflowAndDrop(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(fmt.Sprintf("keep=%v", keep), func(t *testing.T) {
			checkLeaks(t)
			release, blocked := make(chan struct{}), make(chan struct{})
			var dropped atomic.Int32
			cfg := counterConfig()
			cfg.Limits.CmdBufferSize = 1
			handle := cfg.Handle
			cfg.Handle = func(sess tether.Session, s counter, ev tether.Event) counter {
				if ev.Action == "block" {
					close(blocked)
					<-release
				}
				return handle(sess, s, ev)
			}
			if keep {
				cfg.OnCommandDropped = func(*tether.StatefulSession[counter]) { dropped.Add(1) }
			}
			sessions := reportSessions(&cfg)
			h := tether.Stateful(tether.App{}, cfg)
			d := watch(h)
			srv := serve(t, h)
			c := load(t, srv).connect(srv)
			s := <-sessions
			c.click("block")
			<-blocked
			for range 5000 {
				s.Update(func(st counter) counter { st.Count++; return st })
			}
			close(release)
			if d.count(tether.BufferOverflow) == 0 || d.count(tether.CommandDropped) == 0 {
				t.Fatalf("overflow %d, dropped %d", d.count(tether.BufferOverflow), d.count(tether.CommandDropped))
			}
			if !keep {
				c.waitClosed()
				eventually(t, "session destroyed", func() bool { return h.Health() == (tether.HealthStatus{}) })
				return
			}
			if dropped.Load() == 0 {
				t.Fatal("OnCommandDropped not called")
			}
			// The kept session still applies what it queued, in order.
			c.until(func(c *testClient) bool {
				return c.has(fmt.Sprintf("Count: %d", s.State().Count)) && s.State().Count > 4000
			})
		})
	}
}

// Events resent after a reconnect (their ack was lost with the
// connection) are acknowledged but handled only once.
func TestResentEventsHandledOnce(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{}, counterConfig())
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.send(tether.Event{Type: "click", Action: "increment", EventID: 1})
	c.send(tether.Event{Type: "click", Action: "increment", EventID: 2})
	c.until(func(c *testClient) bool { return c.has("Count: 2") })
	c.conn.NetConn().Close()
	<-c.closed
	c.connect(srv)
	c.send(tether.Event{Type: "click", Action: "increment", EventID: 2}) // resent
	c.send(tether.Event{Type: "click", Action: "increment", EventID: 3})
	eventID = max(eventID, 3)
	noop := c.click("noop") // answered after both events above
	for u := c.next(); u.Ack < noop; u = c.next() {
	}
	if !c.has("Count: 3") {
		t.Fatalf("resent event handled twice: %s", c.html)
	}
}

// Updates the client has confirmed (through answered pings) leave the
// replay buffer: a client claiming to have lost them gets a root morph,
// not a replay, and the page is still right.
func TestReplayForgetsDeliveredUpdates(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Timeouts.Heartbeat = 100 * time.Millisecond
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	for i := 1; i <= 5; i++ {
		s.Update(func(st counter) counter { st.Count = i; return st })
		c.until(func(c *testClient) bool { return c.has(fmt.Sprintf("Count: %d", i)) })
		pings := c.ev.pings.Load()
		eventually(t, "pings answered", func() bool { return c.ev.pings.Load() >= pings+2 })
	}
	c.conn.NetConn().Close()
	<-c.closed
	c.lastSeq = 0 // claim to have lost everything
	c.html = "stale"
	c.connect(srv)
	<-sessions
	if u := c.next(); !u.RootSet || !c.has("Count: 5") {
		t.Fatalf("want a root morph, got %+v", u)
	}
}

// A render the engine refuses (a duplicate key) is reported and sends
// nothing; the session lives on and later renders go out.
func TestRenderErrorReported(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	render := cfg.Render
	cfg.Render = func(s counter) node.Node {
		if s.Count == 13 {
			return div.New(span.Text("a").Dynamic("dup"), span.Text("b").Dynamic("dup"))
		}
		return render(s)
	}
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	s.Update(func(st counter) counter { st.Count = 13; return st })
	eventually(t, "RenderError", func() bool { return d.count(tether.RenderError) == 1 })
	s.Update(func(st counter) counter { st.Count = 14; return st })
	c.until(func(c *testClient) bool { return c.has("Count: 14") })
}

// HEAD answers like GET without pre-warming a session.
func TestHeadDoesNotPrewarm(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{}, counterConfig())
	srv := serve(t, h)
	res, err := srv.Client().Head(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") == "" || h.Health().Pending != 0 {
		t.Fatalf("HEAD: %d %q, health %+v", res.StatusCode, res.Header.Get("Content-Type"), h.Health())
	}
}
