package tether_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jpl-au/fluent/html5/li"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/ul"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/wire"
)

type todos struct{ Keys []string }

// todoConfig renders a keyed list whose keys come from the client, as a
// todo app naming rows after user input would.
func todoConfig() tether.StatefulConfig[todos] {
	return tether.StatefulConfig[todos]{
		InitialState: func(*http.Request) todos { return todos{} },
		Render: func(s todos) node.Node {
			items := make([]node.Node, len(s.Keys))
			for i, k := range s.Keys {
				items[i] = li.Text("item " + k).Dynamic(k)
			}
			return ul.New(items...).Dynamic("list")
		},
		Handle: func(_ tether.Session, s todos, ev tether.Event) todos {
			s.Keys = append(slices.Clone(s.Keys), ev.Get("key"))
			return s
		},
	}
}

func (c *testClient) add(key string) uint64 {
	eventID++
	c.send(tether.Event{Type: "click", Action: "add", Data: map[string]any{"key": key}, EventID: eventID})
	return eventID
}

// waitAck applies updates until the one acknowledging id, and returns it.
func (c *testClient) waitAck(id uint64) *wire.Update {
	c.t.Helper()
	for {
		if u := c.next(); u.Ack >= id {
			return u
		}
	}
}

// A list key holding a quote (user input) fails the render: the batch is
// rolled back, the client is told, and the next event renders normally.
func TestRenderErrorRollsBack(t *testing.T) {
	checkLeaks(t)
	h := tether.Stateful(tether.App{Logger: quiet()}, todoConfig())
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.waitAck(c.add("a"))
	if !c.has("item a") {
		t.Fatalf("first item missing: %s", c.html)
	}
	u := c.waitAck(c.add(`x"y`))
	if u.Error == "" || len(u.Patches) != 0 || len(u.List) != 0 || u.RootSet {
		t.Fatalf("render error not reported alone: %+v", u)
	}
	if d.count(tether.RenderError) != 1 {
		t.Fatalf("RenderError diagnostics: %d", d.count(tether.RenderError))
	}
	c.waitAck(c.add("b"))
	if !c.has("item a") || !c.has("item b") || strings.Contains(c.html, "x&#34;y") || strings.Contains(c.html, `x"y`) {
		t.Fatalf("session did not recover: %s", c.html)
	}
}

// panicConfig is a counter whose Render panics at 13 and whose Handle
// raises a toast before panicking on "toast-panic".
func panicConfig(onPanic *atomic.Int32) tether.StatefulConfig[counter] {
	cfg := counterConfig()
	render, handle := cfg.Render, cfg.Handle
	cfg.Render = func(s counter) node.Node {
		if s.Count == 13 {
			panic("render boom")
		}
		return render(s)
	}
	cfg.Handle = func(sess tether.Session, s counter, ev tether.Event) counter {
		if ev.Action == "toast-panic" {
			sess.Toast("dropped")
			s.Count = 99
			panic("handle boom")
		}
		return handle(sess, s, ev)
	}
	cfg.OnPanic = func(*tether.StatefulSession[counter], error) { onPanic.Add(1) }
	return cfg
}

// With OnPanic set, a panic in Render rolls the state back, and the
// session renders again once the state is fine.
func TestRenderPanicRollsBack(t *testing.T) {
	checkLeaks(t)
	var panics atomic.Int32
	cfg := panicConfig(&panics)
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{Logger: quiet(), DevMode: true}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	s.Update(func(st counter) counter { st.Count = 13; return st })
	u := c.next()
	if !strings.Contains(u.Error, "render boom") || len(u.Patches) != 0 {
		t.Fatalf("DevMode error frame: %+v", u)
	}
	if s.State().Count != 0 || panics.Load() != 1 {
		t.Fatalf("state %+v after rollback, OnPanic calls %d", s.State(), panics.Load())
	}
	c.waitAck(c.click("increment"))
	if !c.has("Count: 1") {
		t.Fatalf("session frozen after a Render panic: %s", c.html)
	}
}

// A panicking Handle loses its state change and its effects, but not an
// effect another goroutine raised while it ran; outside DevMode the
// client gets a message naming no internals.
func TestPanicDropsOnlyItsEffects(t *testing.T) {
	checkLeaks(t)
	var panics atomic.Int32
	cfg := panicConfig(&panics)
	entered, release := make(chan struct{}), make(chan struct{})
	handle := cfg.Handle
	cfg.Handle = func(sess tether.Session, s counter, ev tether.Event) counter {
		if ev.Action == "toast-panic" {
			close(entered)
			<-release
		}
		return handle(sess, s, ev)
	}
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	id := c.click("toast-panic")
	<-entered
	s.Go(func(ctx context.Context) { s.Toast("kept"); close(release) })
	var toasts []string
	var errFrame *wire.Update
	for errFrame == nil || len(toasts) == 0 {
		u := c.next()
		if u.Effects.Toast != "" {
			toasts = append(toasts, u.Effects.Toast)
		}
		if u.Ack == id {
			errFrame = u
		}
	}
	if errFrame.Error == "" || strings.Contains(errFrame.Error, "boom") {
		t.Fatalf("error frame outside DevMode: %+v", errFrame)
	}
	c.waitAck(c.click("increment"))
	if slices.Contains(toasts, "dropped") || !slices.Equal(toasts, []string{"kept"}) || !c.has("Count: 1") {
		t.Fatalf("toasts %v, html %s", toasts, c.html)
	}
}

// logBuffer is a Logger writing into a buffer, safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

// A page that fails to render on the first GET logs why, and in DevMode
// says why in the response.
func TestFirstRenderErrorIsLoud(t *testing.T) {
	for _, dev := range []bool{false, true} {
		var logs logBuffer
		cfg := todoConfig()
		cfg.InitialState = func(*http.Request) todos { return todos{Keys: []string{"dup", "dup"}} }
		h := tether.Stateful(tether.App{Logger: logs.logger(), DevMode: dev}, cfg)
		srv := serve(t, h)
		res, err := srv.Client().Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusInternalServerError {
			t.Fatalf("status %d", res.StatusCode)
		}
		if !strings.Contains(logs.String(), "duplicate") {
			t.Fatalf("dev=%v: cause not logged: %q", dev, logs.String())
		}
		if shown := strings.Contains(string(body), "duplicate"); shown != dev {
			t.Fatalf("dev=%v: body %q", dev, body)
		}
	}
}

// In DevMode, a change outside every Dynamic region is logged as the
// cause of a root morph.
func TestRootMorphWarning(t *testing.T) {
	for _, dev := range []bool{false, true} {
		var logs logBuffer
		cfg := counterConfig()
		cfg.Render = func(s counter) node.Node {
			return ul.New(li.Textf("count %d", s.Count), li.Text("static").Dynamic("static"))
		}
		h := tether.Stateful(tether.App{Logger: logs.logger(), DevMode: dev}, cfg)
		srv := serve(t, h)
		c := load(t, srv).connect(srv)
		if u := c.waitAck(c.click("increment")); !u.RootSet {
			t.Fatalf("expected a root morph: %+v", u)
		}
		if warned := strings.Contains(logs.String(), "outside every Dynamic region"); warned != dev {
			t.Fatalf("dev=%v: logs %q", dev, logs.String())
		}
		if dev && !strings.Contains(logs.String(), `element="li in root"`) {
			t.Fatalf("the warning does not name the element: %q", logs.String())
		}
	}
}

// A Patch naming an unknown key fails like a render: its state change is
// rolled back and the next update heals the page with a root morph.
func TestFailedPatchRollsBack(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	s := <-sessions
	entered, release := make(chan struct{}), make(chan struct{})
	s.Update(func(st counter) counter { close(entered); <-release; return st })
	<-entered // the loop is busy: both patches queue up for the next batch
	s.Patch("count", func(st counter) (counter, node.Node) {
		st.Count = 5
		return st, span.Textf("Count: %d", st.Count).Dynamic("count")
	})
	s.Patch("missing", func(st counter) (counter, node.Node) {
		st.Count = 50
		return st, span.Text("x").Dynamic("missing")
	})
	close(release)
	if u := c.next(); u.Error == "" || len(u.Patches) != 0 {
		t.Fatalf("failed patch batch: %+v", u)
	}
	if s.State().Count != 0 || d.count(tether.RenderError) != 1 {
		t.Fatalf("state %+v, RenderError %d", s.State(), d.count(tether.RenderError))
	}
	c.waitAck(c.click("increment"))
	if !c.has("Count: 1") {
		t.Fatalf("page %s", c.html)
	}
}
