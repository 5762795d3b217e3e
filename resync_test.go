package tether_test

import (
	"sync/atomic"
	"testing"

	"github.com/tetherui/tether"
)

// A resync frame is answered with a root morph numbered as the next
// update, without reaching Handle; a warn frame becomes a ClientWarning.
func TestResyncAndWarn(t *testing.T) {
	checkLeaks(t)
	var handled atomic.Int32
	cfg := counterConfig()
	cfg.Middleware = append(cfg.Middleware, func(next tether.HandleFunc[counter]) tether.HandleFunc[counter] {
		return func(sess tether.Session, s counter, ev tether.Event) counter {
			handled.Add(1)
			return next(sess, s, ev)
		}
	})
	cfg.Equal = func(a, b counter) bool { return a == b } // must not skip the resync
	h := tether.Stateful(tether.App{}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.waitAck(c.click("increment"))
	seq := c.lastSeq
	c.html = "lost" // the client's page diverged
	eventID++
	c.send(tether.Event{Type: "resync", EventID: eventID, Data: map[string]any{"reason": "missing key count"}})
	u := c.next()
	if !u.RootSet || u.Seq != seq+1 || !c.has("Count: 1") {
		t.Fatalf("resync answer %+v, page %s", u, c.html)
	}
	c.send(tether.Event{Type: "warn", Data: map[string]any{"kind": "unsafe-url", "detail": "javascript:alert(1)"}})
	c.waitAck(c.click("increment"))
	if !c.has("Count: 2") || handled.Load() != 2 {
		t.Fatalf("page %s, Handle called %d times", c.html, handled.Load())
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var resync, warn string
	for _, x := range d.all {
		switch x.Kind {
		case tether.Resync:
			resync = x.Detail
		case tether.ClientWarning:
			warn = x.Detail
		}
	}
	if resync != "missing key count" || warn != "unsafe-url: javascript:alert(1)" {
		t.Fatalf("diagnostics: resync %q, warning %q", resync, warn)
	}
}

// Resync frames share the session's event rate limit.
func TestResyncRateLimited(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Limits.EventRate, cfg.Limits.EventBurst = 1, 3
	h := tether.Stateful(tether.App{}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	for range 20 {
		c.send(tether.Event{Type: "resync", Data: map[string]any{"reason": "flood"}})
	}
	eventually(t, "the burst served, then refusals", func() bool {
		return d.count(tether.Resync) >= 3 && d.count(tether.RateLimited) >= 1
	})
	if n := d.count(tether.Resync); n > 5 {
		t.Fatalf("%d resyncs served past a burst of 3", n)
	}
}
