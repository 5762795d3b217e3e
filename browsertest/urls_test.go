package browsertest

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/jpl-au/fluent/html5/a"
	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
)

// URLs that would run script are refused by the runtime whether they
// come as a Download effect or through a BindAttr href signal: nothing
// runs, with no click and after a click on the link.
func TestUnsafeURLsDoNotRunScript(t *testing.T) {
	cfg := tether.StatefulConfig[state]{
		InitialState: func(*http.Request) state { return state{} },
		Render: func(state) node.Node {
			return div.New(
				bind.Apply(button.Text("download").ID("download"), bind.OnClick("download")),
				bind.Apply(button.Text("bind").ID("bind"), bind.OnClick("bind")),
				bind.Apply(a.Text("link").ID("link"), bind.BindAttr("href", "link")),
			)
		},
		Handle: func(sess tether.Session, s state, ev tether.Event) state {
			switch ev.Action {
			case "download":
				sess.Download("javascript:window.__pwned='download'")
			case "bind":
				sess.Signals(map[string]any{"link": " JaVa\tScRiPt:window.__pwned='href'"})
			}
			return s
		},
	}
	a := serve(t, tether.App{}, cfg)
	// A policy that lets javascript: URLs run, so only the runtime's own
	// check stands between them and the page (tether keeps a policy the
	// app already set).
	a.csp.Store("script-src 'self' 'unsafe-inline'")
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("download")))
	eventually(t, "download event", func() bool { return a.count("download") == 1 })
	do(t, ctx, chromedp.Click(chromedp.ID("bind")))
	eventually(t, "bind event", func() bool { return a.count("bind") == 1 })
	// The same frames straight to the runtime, in case the server already
	// refuses them: the browser must not rely on it.
	eval[bool](t, ctx, `Tether.runtime.message(JSON.stringify({s: 0, fx: {download: "javascript:window.__pwned='frame'", url: "javascript:window.__pwned='url'"}, g: {link: "javascript:window.__pwned='frame-href'"}})), Tether.runtime.flushUpdates(), true`)
	do(t, ctx, chromedp.Click(chromedp.ID("link")))
	// A safe round trip after the click: anything it started has run.
	poll(t, ctx, `!document.querySelector(".tether-loading")`) // the first bind click is acked
	do(t, ctx, chromedp.Click(chromedp.ID("bind")))
	eventually(t, "second bind event", func() bool { return a.count("bind") == 2 })
	poll(t, ctx, `document.querySelector("[data-tether-root]").classList.contains("tether-connected")`)
	if got := eval[string](t, ctx, `String(window.__pwned)`); got != "undefined" {
		t.Fatalf("script ran from an unsafe URL: %s", got)
	}
	if eval[bool](t, ctx, `document.getElementById("link").hasAttribute("href")`) {
		t.Fatal("the unsafe href was bound")
	}
}
