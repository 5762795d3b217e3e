package tether_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/wire"
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

// A scriptedTransport hands the session the events a test gives it, and
// counts reads: when read n+1 starts, event n has been queued.
type scriptedTransport struct {
	events chan tether.Event
	frames chan []byte
	reads  atomic.Int32
	done   chan struct{}
	once   sync.Once
}

func newScriptedTransport() *scriptedTransport {
	return &scriptedTransport{events: make(chan tether.Event, 8), frames: make(chan []byte, 64), done: make(chan struct{})}
}

func (t *scriptedTransport) ReceiveEvent() (tether.Event, error) {
	t.reads.Add(1)
	select {
	case ev := <-t.events:
		return ev, nil
	case <-t.done:
		return tether.Event{}, io.EOF
	}
}

func (t *scriptedTransport) Send(frame []byte) error {
	t.frames <- bytes.Clone(frame)
	return nil
}

func (t *scriptedTransport) Close() error { t.once.Do(func() { close(t.done) }); return nil }

// A resync in a batch whose render fails still gets its root morph, of
// the state rolled back to.
func TestResyncWithFailedRender(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	render := cfg.Render
	cfg.Render = func(s counter) node.Node {
		if s.Count == 13 {
			return div.New(span.Text("a").Dynamic("dup"), span.Text("b").Dynamic("dup"))
		}
		return render(s)
	}
	tr := newScriptedTransport()
	cfg.Upgrade = func(http.ResponseWriter, *http.Request) (tether.Transport, error) { return tr, nil }
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	srv := serve(t, h)
	c := load(t, srv)
	tr.events <- tether.Event{Type: "connect", Data: map[string]any{"session": c.sid, "seq": float64(0)}}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("User-Agent", testUA)
	h.ServeHTTP(httptest.NewRecorder(), req)
	s := <-sessions
	entered, release := make(chan struct{}), make(chan struct{})
	s.Update(func(st counter) counter { close(entered); <-release; return st })
	<-entered // the loop is busy: the next two commands share a batch
	tr.events <- tether.Event{Type: "resync", Data: map[string]any{"reason": "test"}}
	eventually(t, "the resync queued", func() bool { return tr.reads.Load() >= 3 })
	s.Update(func(st counter) counter { st.Count = 13; return st })
	close(release)
	u, err := wire.Decode(wire.JSON, <-tr.frames)
	if err != nil {
		t.Fatal(err)
	}
	if u.Error == "" || !u.RootSet || !strings.Contains(u.Root, "Count: 0") {
		t.Fatalf("want the error with a root morph of the rolled-back state: %+v", u)
	}
}
