package tether_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
)

// panicsFrom counts HandlerPanic diagnostics whose Detail names hook.
func (d *diagnostics) panicsFrom(hook string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, x := range d.all {
		if x.Kind == tether.HandlerPanic && x.Detail == hook {
			n++
		}
	}
	return n
}

// A panic in a lifecycle hook is recovered and reported; the session
// and the process carry on.
func TestHookPanicsRecovered(t *testing.T) {
	for _, hook := range []string{"OnConnect", "OnDisconnect", "OnStructuralChange", "OnNoPatch", "OnPanic"} {
		t.Run(hook, func(t *testing.T) {
			checkLeaks(t)
			cfg := counterConfig()
			boom := func() { panic(hook + " boom") }
			switch hook {
			case "OnConnect":
				cfg.OnConnect = func(*tether.StatefulSession[counter]) { boom() }
			case "OnDisconnect":
				cfg.OnDisconnect = func(*tether.StatefulSession[counter]) { boom() }
			case "OnStructuralChange":
				cfg.OnStructuralChange = func(*tether.StatefulSession[counter], tether.StructuralChange) { boom() }
			case "OnNoPatch":
				cfg.OnNoPatch = func(*tether.StatefulSession[counter], tether.NoPatch) { boom() }
			case "OnPanic":
				cfg.OnPanic = func(*tether.StatefulSession[counter], error) { boom() }
			}
			render := cfg.Render
			cfg.Render = func(s counter) node.Node {
				if s.Count == 1 { // a new key: a structural change
					return div.New(span.Text("one").Dynamic("one"))
				}
				return render(s)
			}
			h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
			d := watch(h)
			srv := serve(t, h)
			c := load(t, srv).connect(srv)
			switch hook {
			case "OnDisconnect":
				c.conn.NetConn().Close()
				<-c.closed
				c.connect(srv)
			case "OnNoPatch":
				c.waitAck(c.click("nothing"))
			case "OnPanic":
				c.waitAck(c.click("panic"))
			}
			c.waitAck(c.click("increment"))
			c.waitAck(c.click("increment"))
			if !c.has("Count: 2") {
				t.Fatalf("session broken after a panic in %s: %s", hook, c.html)
			}
			eventually(t, "HandlerPanic from "+hook, func() bool { return d.panicsFrom(hook) >= 1 })
		})
	}
}

// OnCommandDropped that panics keeps the session like one that returns.
func TestOnCommandDroppedPanicRecovered(t *testing.T) {
	checkLeaks(t)
	release, blocked := make(chan struct{}), make(chan struct{})
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
	cfg.OnCommandDropped = func(*tether.StatefulSession[counter]) { panic("dropped boom") }
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
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
	if d.panicsFrom("OnCommandDropped") == 0 {
		t.Fatal("no HandlerPanic from OnCommandDropped")
	}
	c.until(func(c *testClient) bool {
		return c.has(fmt.Sprintf("Count: %d", s.State().Count)) && s.State().Count > 4000
	})
}

// A Diagnostics subscriber that panics on every diagnostic, sync or
// async, is reported once per diagnostic and does not recurse; the
// other subscribers still receive everything.
func TestDiagnosticsSubscriberPanic(t *testing.T) {
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			checkLeaks(t)
			cfg := counterConfig()
			sessions := reportSessions(&cfg)
			h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
			var calls atomic.Int32
			bad := func(tether.Diagnostic) { calls.Add(1); panic("subscriber boom") }
			if async {
				h.Diagnostics.SubscribeAsync(context.Background(), bad)
			} else {
				h.Diagnostics.Subscribe(context.Background(), bad)
			}
			d := watch(h)
			srv := serve(t, h)
			c := load(t, srv).connect(srv)
			s := <-sessions
			c.send(tether.Event{Type: "warn", Data: map[string]any{"kind": "unsafe-url", "detail": "javascript:x"}})
			s.Update(func(st counter) counter { st.Count = 6; return st })
			c.until(func(c *testClient) bool { return c.has("Count: 6") })
			eventually(t, "the ClientWarning", func() bool { return d.count(tether.ClientWarning) == 1 })
			// The failing subscriber sees the original diagnostic and the
			// report of its panic: two calls, then it is only logged.
			eventually(t, "the panic report", func() bool { return d.panicsFrom("Diagnostics subscriber") >= 1 })
			c.waitAck(c.click("increment"))
			if n, m := int(calls.Load()), d.panicsFrom("Diagnostics subscriber"); n > 2*m+2 || m == 0 {
				t.Fatalf("%d calls for %d reports", n, m)
			}
			d.mu.Lock()
			defer d.mu.Unlock()
			for _, x := range d.all {
				if x.Kind == tether.HandlerPanic && !strings.Contains(x.Err.Error(), "subscriber boom") {
					t.Fatalf("unexpected panic report %+v", x)
				}
			}
		})
	}
}
