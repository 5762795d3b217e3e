package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jpl-au/fluent/html5/attr/inputtype"
	"github.com/jpl-au/fluent/html5/body"
	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/dropdown"
	"github.com/jpl-au/fluent/html5/form"
	"github.com/jpl-au/fluent/html5/head"
	"github.com/jpl-au/fluent/html5/html"
	"github.com/jpl-au/fluent/html5/input"
	"github.com/jpl-au/fluent/html5/li"
	"github.com/jpl-au/fluent/html5/option"
	"github.com/jpl-au/fluent/html5/script"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/title"
	"github.com/jpl-au/fluent/html5/ul"
	"github.com/jpl-au/fluent/node"
	"github.com/jpl-au/fluent/text"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
	"github.com/tetherui/tether/wire"
)

type state struct {
	Count  int
	Ticks  int
	Search string
}

// page exercises every runtime feature the tests below drive.
func page() tether.StatefulConfig[state] { return gatedPage(nil) }

// gatedPage is page whose "slow" action waits until release is closed;
// with a nil release it returns at once.
func gatedPage(release chan struct{}) tether.StatefulConfig[state] {
	return tether.StatefulConfig[state]{
		InitialState: func(*http.Request) state { return state{} },
		Layout: func(_ state, content node.Node) node.Node {
			return html.New(head.New(title.Text("tether test")), body.New(content))
		},
		Render: func(s state) node.Node {
			return div.New(
				span.Textf("Count: %d", s.Count).ID("count").Dynamic("count"),
				bind.Apply(button.Text("+1").ID("inc"), bind.OnClick("increment")),
				bind.Apply(button.Text("noop").ID("noop"), bind.OnClick("noop")),
				bind.Apply(button.Text("slow").ID("slow"), bind.OnClick("slow")),
				bind.Apply(button.Text("signals").ID("signals"), bind.OnClick("signals")),
				bind.Apply(button.Text("effects").ID("effects"), bind.OnClick("effects")),
				div.New(
					input.New().ID("field"),
					span.Textf("tick %d", s.Ticks).ID("ticks"),
				).Class("editor").Dynamic("editor"),
				bind.Apply(input.New().ID("search"), bind.Input("search")),
				span.Textf("searched %s", s.Search).ID("searched").Dynamic("searched"),
				bind.Apply(span.Text("-").ID("status"), bind.BindText("status")),
				bind.Apply(div.Text("shown").ID("shown"), bind.BindShow("visible")),
				bind.Apply(div.Text("classy").ID("classy"), bind.BindClass("active", "hot")),
				bind.Apply(button.Text("menu").ID("menu-btn"), bind.JS(bind.ToggleClass("#menu", "open"))),
				div.Text("menu").ID("menu"),
			)
		},
		Handle: func(sess tether.Session, s state, ev tether.Event) state {
			switch ev.Action {
			case "increment":
				s.Count++
			case "slow":
				if release != nil {
					<-release
				}
			case "signals":
				sess.Signals(map[string]any{"status": "online", "visible": true, "hot": true})
			case "effects":
				sess.Toast("saved")
				sess.SetTitle("Saved!")
			case "search":
				s.Search = ev.Get("value")
			}
			return s
		},
	}
}

func load(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(url))
	poll(t, ctx, `document.querySelector("[data-tether-root]").classList.contains("tether-connected")`)
}

func TestCounterClick(t *testing.T) {
	a := serve(t, tether.App{}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 2"`)
}

// Typing into an input inside a keyed region that the server re-renders
// every 30 ms keeps focus, caret and every typed character.
func TestTypingSurvivesRerenders(t *testing.T) {
	cfg := page()
	cfg.OnConnect = func(s *tether.StatefulSession[state]) {
		s.Go(func(ctx context.Context) {
			tick := time.NewTicker(30 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					s.Update(func(st state) state { st.Ticks++; return st })
				}
			}
		})
	}
	a := serve(t, tether.App{}, cfg)
	ctx := tab(t)
	load(t, ctx, a.URL)
	before := eval[string](t, ctx, `document.getElementById("ticks").textContent`)
	const text = "the quick brown fox jumps over the lazy dog"
	do(t, ctx, chromedp.Click(chromedp.ID("field")), chromedp.SendKeys(chromedp.ID("field"), text))
	after := eval[string](t, ctx, `document.getElementById("ticks").textContent`)
	if before == after {
		t.Fatal("the region was not re-rendered while typing")
	}
	got := eval[[]any](t, ctx, `[document.activeElement.id, document.getElementById("field").value, document.getElementById("field").selectionStart]`)
	if got[0] != "field" || got[1] != text || got[2] != float64(len(text)) {
		t.Fatalf("focus, value, caret = %v; want field, %q, %d", got, text, len(text))
	}
}

func TestSignals(t *testing.T) {
	a := serve(t, tether.App{}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("signals")))
	poll(t, ctx, `document.getElementById("status").textContent === "online"`)
	poll(t, ctx, `!document.getElementById("shown").hidden`)
	poll(t, ctx, `document.getElementById("classy").classList.contains("active")`)
}

func TestToastAndTitle(t *testing.T) {
	a := serve(t, tether.App{}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("effects")))
	poll(t, ctx, `document.title === "Saved!"`)
	poll(t, ctx, `[...document.querySelectorAll(".tether-toast")].some(e => e.textContent.includes("saved"))`)
}

// The server drops the connection: the page shows it is disconnected,
// an event clicked while offline is queued, and after reconnecting the
// page shows what changed meanwhile and the event arrives exactly once.
func TestOfflineAndReconnect(t *testing.T) {
	a := serve(t, tether.App{}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	s := a.session(t)
	a.offline.Store(true)
	s.Close()
	poll(t, ctx, `document.querySelector("[data-tether-root]").classList.contains("tether-disconnected")`)
	s.Update(func(st state) state { st.Count = 41; return st })
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	tries := a.refused.Load()
	eventually(t, "another refused reconnect", func() bool { return a.refused.Load() > tries })
	if n := a.count("increment"); n != 0 {
		t.Fatalf("event reached the server while offline: %d", n)
	}
	a.offline.Store(false)
	a.session(t)
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 42"`)
	poll(t, ctx, `document.querySelector("[data-tether-root]").classList.contains("tether-connected")`)
	// A later round trip proves nothing else is in flight.
	do(t, ctx, chromedp.Click(chromedp.ID("noop")))
	eventually(t, "noop", func() bool { return a.count("noop") == 1 })
	if n := a.count("increment"); n != 1 {
		t.Fatalf("offline click delivered %d times, want exactly once", n)
	}
}

// A burst of keystrokes in a debounced input sends one event.
func TestDebounce(t *testing.T) {
	a := serve(t, tether.App{Client: tether.Client{DefaultDebounce: 150 * time.Millisecond}}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("search")), chromedp.SendKeys(chromedp.ID("search"), "abcdef"))
	poll(t, ctx, `document.getElementById("searched").textContent === "searched abcdef"`)
	do(t, ctx, chromedp.Click(chromedp.ID("noop")))
	eventually(t, "noop", func() bool { return a.count("noop") == 1 })
	if n := a.count("search"); n != 1 {
		t.Fatalf("%d search events for one burst, want 1", n)
	}
}

// The clicked element carries the loading class (and is disabled) until
// the server acknowledges its event.
func TestLoadingUntilAck(t *testing.T) {
	release := make(chan struct{})
	a := serve(t, tether.App{}, gatedPage(release))
	t.Cleanup(func() { closeOnce(release) })
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("slow")))
	eventually(t, "slow event", func() bool { return a.count("slow") == 1 })
	poll(t, ctx, `document.getElementById("slow").classList.contains("tether-loading") && document.getElementById("slow").disabled`)
	closeOnce(release)
	poll(t, ctx, `!document.getElementById("slow").classList.contains("tether-loading") && !document.getElementById("slow").disabled`)
}

// A client directive toggles a class without sending anything.
func TestDirectiveSendsNothing(t *testing.T) {
	a := serve(t, tether.App{}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("menu-btn")))
	poll(t, ctx, `document.getElementById("menu").classList.contains("open")`)
	do(t, ctx, chromedp.Click(chromedp.ID("menu-btn")))
	poll(t, ctx, `!document.getElementById("menu").classList.contains("open")`)
	do(t, ctx, chromedp.Click(chromedp.ID("noop")))
	eventually(t, "noop", func() bool { return a.count("noop") == 1 })
	if n := a.total(); n != 1 {
		t.Fatalf("server received %d events; the directive must send none", n)
	}
}

// Reversing and inserting rows of a keyed list moves the existing DOM
// nodes: a marker set on each row element in the page survives.
func TestKeyedListMoves(t *testing.T) {
	type rows struct{ IDs []int }
	cfg := tether.StatefulConfig[rows]{
		InitialState: func(*http.Request) rows { return rows{IDs: []int{1, 2, 3, 4, 5, 6}} },
		Render: func(s rows) node.Node {
			items := make([]node.Node, len(s.IDs))
			for i, id := range s.IDs {
				items[i] = li.Textf("row %d", id).Dynamic(fmt.Sprintf("row-%d", id))
			}
			return div.New(
				bind.Apply(button.Text("reverse").ID("reverse"), bind.OnClick("reverse")),
				bind.Apply(button.Text("insert").ID("insert"), bind.OnClick("insert")),
				ul.New(items...).ID("list").Dynamic("list"),
			)
		},
		Handle: func(_ tether.Session, s rows, ev tether.Event) rows {
			ids := slices.Clone(s.IDs)
			switch ev.Action {
			case "reverse":
				slices.Reverse(ids)
			case "insert":
				ids = slices.Insert(ids, 3, 99)
			}
			s.IDs = ids
			return s
		},
	}
	a := serve(t, tether.App{}, cfg)
	ctx := tab(t)
	load(t, ctx, a.URL)
	eval[bool](t, ctx, `[...document.querySelectorAll("#list li")].forEach(li => li.marker = li.textContent), true`)
	do(t, ctx, chromedp.Click(chromedp.ID("reverse")))
	poll(t, ctx, `[...document.querySelectorAll("#list li")].map(li => li.textContent).join() === "row 6,row 5,row 4,row 3,row 2,row 1"`)
	do(t, ctx, chromedp.Click(chromedp.ID("insert")))
	poll(t, ctx, `document.querySelectorAll("#list li").length === 7`)
	got := eval[string](t, ctx, `[...document.querySelectorAll("#list li")].map(li => li.textContent + "=" + (li.marker || "new")).join()`)
	want := "row 6=row 6,row 5=row 5,row 4=row 4,row 99=new,row 3=row 3,row 2=row 2,row 1=row 1"
	if got != want {
		t.Fatalf("rows %s\nwant %s", got, want)
	}
}

// The runtime works under a strict Content-Security-Policy: no inline
// script or style, no eval. Its built-in styles still apply.
func TestStrictCSP(t *testing.T) {
	a := serve(t, tether.App{}, page())
	a.csp.Store("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'")
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
	do(t, ctx, chromedp.Click(chromedp.ID("effects")))
	poll(t, ctx, `[...document.querySelectorAll(".tether-toast")].some(e => e.textContent.includes("saved"))`)
	poll(t, ctx, `getComputedStyle(document.querySelector(".tether-toasts")).position === "fixed"`)
}

// Under a policy that allows scripts only by nonce, the handler puts the
// request's nonce on its script tag and the runtime still starts.
func TestNonceCSP(t *testing.T) {
	a := serve(t, tether.App{}, page())
	a.csp.Store("script-src 'nonce-r4nd0m'; style-src 'self'; default-src 'self'")
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
}

// An event whose ack is lost when the connection drops is resent after
// the reconnect and still handled exactly once.
func TestInFlightEventAcrossDrop(t *testing.T) {
	release := make(chan struct{})
	a := serve(t, tether.App{}, gatedPage(release))
	t.Cleanup(func() { closeOnce(release) })
	ctx := tab(t)
	load(t, ctx, a.URL)
	s := a.session(t)
	do(t, ctx, chromedp.Click(chromedp.ID("slow")))
	eventually(t, "slow event in Handle", func() bool { return a.count("slow") == 1 })
	s.Close() // drops the connection while Handle runs
	closeOnce(release)
	a.session(t)
	poll(t, ctx, `document.querySelector("[data-tether-root]").classList.contains("tether-connected")`)
	poll(t, ctx, `!document.getElementById("slow").classList.contains("tether-loading")`)
	do(t, ctx, chromedp.Click(chromedp.ID("noop")))
	eventually(t, "noop", func() bool { return a.count("noop") == 1 })
	if n := a.count("slow"); n != 1 {
		t.Fatalf("in-flight event handled %d times, want exactly once", n)
	}
}

// An event lost on a dying connection (the server never saw it) is sent
// again after the reconnect and handled once.
func TestEventLostInFlight(t *testing.T) {
	a := serve(t, tether.App{}, page())
	p := newLossyProxy(t, a.Listener.Addr().String())
	ctx := tab(t)
	load(t, ctx, p.URL())
	a.session(t)
	p.lose.Store(true)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("inc").classList.contains("tether-loading")`)
	if n := a.count("increment"); n != 0 {
		t.Fatalf("the lost event arrived: %d", n)
	}
	p.cut()
	a.session(t)
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
	do(t, ctx, chromedp.Click(chromedp.ID("noop")))
	eventually(t, "noop", func() bool { return a.count("noop") == 1 })
	if n := a.count("increment"); n != 1 {
		t.Fatalf("lost event handled %d times, want exactly once", n)
	}
}

// A page served without a pre-warmed session (the pending cap was full)
// gets its session on connect, learns its ID, and resumes it after a
// dropped connection.
func TestPageWithoutPrewarm(t *testing.T) {
	a := serve(t, tether.App{MaxPending: 1}, page())
	res, err := http.Get(a.URL) // takes the only pending slot
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	ctx := tab(t)
	load(t, ctx, a.URL)
	if eval[bool](t, ctx, `document.querySelector("[data-tether-root]").hasAttribute("data-tether-session")`) {
		t.Fatal("page was pre-warmed; the test needs the cap full")
	}
	s := a.session(t)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
	s.Close()
	if again := a.session(t); again != s {
		t.Fatalf("reconnected to session %s, want %s", again.ID(), s.ID())
	}
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 2"`)
}

// With CBOR updates (binary frames) the page works the same.
func TestCBORUpdates(t *testing.T) {
	cfg := page()
	cfg.WireFormat = wire.CBOR
	a := serve(t, tether.App{}, cfg)
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")), chromedp.Click(chromedp.ID("signals")), chromedp.Click(chromedp.ID("effects")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
	poll(t, ctx, `document.getElementById("status").textContent === "online"`)
	poll(t, ctx, `document.title === "Saved!"`)
}

// Submitting a form sends every named field; multi-valued fields (a
// checkbox group, a multiple select) arrive as lists, never joined.
func TestFormSubmit(t *testing.T) {
	got := make(chan tether.Event, 1)
	cfg := tether.StatefulConfig[state]{
		InitialState: func(*http.Request) state { return state{} },
		Render: func(state) node.Node {
			return div.New(bind.Apply(form.New(
				input.New().Name("title").Value("Hello, world").ID("title"),
				input.New().Type(inputtype.Checkbox).Name("tags").Value("a").Checked(),
				input.New().Type(inputtype.Checkbox).Name("tags").Value("b"),
				input.New().Type(inputtype.Checkbox).Name("tags").Value("c").Checked(),
				dropdown.New(
					option.New(text.Text("x")).Value("x").Selected(),
					option.New(text.Text("y")).Value("y"),
					option.New(text.Text("z")).Value("z").Selected(),
				).Name("picks").Multiple(),
				button.Text("save").ID("save"),
			), bind.Submit("save")))
		},
		Handle: func(_ tether.Session, s state, ev tether.Event) state {
			if ev.Action == "save" {
				got <- ev
			}
			return s
		},
	}
	a := serve(t, tether.App{}, cfg)
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("save")))
	var ev tether.Event
	select {
	case ev = <-got:
	case <-time.After(15 * time.Second):
		t.Fatal("no submit event")
	}
	if ev.Get("title") != "Hello, world" || !slices.Equal(ev.Strings("tags"), []string{"a", "c"}) ||
		!slices.Equal(ev.Strings("picks"), []string{"x", "z"}) {
		t.Fatalf("submit data %+v", ev.Data)
	}
}

// A JS hook sees its element mounted and updated, and pushes events to
// the server from JS.
func TestHooks(t *testing.T) {
	const hooks = `window.Tether = {hooks: {Chart: {
		mounted(el, ctx) { el.dataset.mounted = "yes"; ctx.pushEvent("fromjs", {n: 7}); },
		updated(el) { el.dataset.updates = String(Number(el.dataset.updates || 0) + 1); },
	}}};`
	got := make(chan tether.Event, 1)
	cfg := page()
	cfg.Layout = func(_ state, content node.Node) node.Node {
		return html.New(head.New(title.Text("hooks"), script.RawText(hooks)), body.New(content))
	}
	render := cfg.Render
	cfg.Render = func(s state) node.Node {
		return div.New(render(s), bind.Apply(div.Textf("chart %d", s.Count).ID("chart").Dynamic("chart"), bind.Hook("Chart")))
	}
	handle := cfg.Handle
	cfg.Handle = func(sess tether.Session, s state, ev tether.Event) state {
		if ev.Action == "fromjs" {
			got <- ev
		}
		return handle(sess, s, ev)
	}
	a := serve(t, tether.App{}, cfg)
	ctx := tab(t)
	load(t, ctx, a.URL)
	poll(t, ctx, `document.getElementById("chart").dataset.mounted === "yes"`)
	select {
	case ev := <-got:
		if n, err := ev.Int("n"); err != nil || n != 7 {
			t.Fatalf("pushed event data %+v", ev.Data)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the hook's event never arrived")
	}
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("chart").textContent === "chart 1" && Number(document.getElementById("chart").dataset.updates) >= 1`)
}

// closeOnce closes a gate unless it is already closed.
func closeOnce(c chan struct{}) {
	select {
	case <-c:
	default:
		close(c)
	}
}
