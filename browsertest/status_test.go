package browsertest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tetherui/tether"
)

const rootEl = `document.querySelector("[data-tether-root]")`

// While the server is unreachable the root carries tether-disconnected
// and, after a second, the default banner shows; both go once the page
// reconnects. The banner is styled by the runtime's stylesheet, so a
// strict CSP (no inline styles) does not stop it.
func TestConnectionBanner(t *testing.T) {
	a := serve(t, tether.App{}, page())
	a.csp.Store("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'")
	ctx := tab(t)
	load(t, ctx, a.URL)
	s := a.session(t)
	if eval[bool](t, ctx, `!!document.querySelector(".tether-banner:not([hidden])")`) {
		t.Fatal("banner shown while connected")
	}
	a.offline.Store(true)
	s.Close()
	poll(t, ctx, rootEl+`.classList.contains("tether-disconnected") && !`+rootEl+`.classList.contains("tether-connected")`)
	poll(t, ctx, `!!document.querySelector(".tether-banner:not([hidden])")`)
	if pos := eval[string](t, ctx, `getComputedStyle(document.querySelector(".tether-banner")).position`); pos != "fixed" {
		t.Fatalf("banner position %q under a strict CSP, want fixed", pos)
	}
	a.offline.Store(false)
	poll(t, ctx, rootEl+`.classList.contains("tether-connected") && document.querySelector(".tether-banner").hidden`)
}

// An update carrying an error shows the DevMode overlay, dismissable.
func TestDevErrorOverlay(t *testing.T) {
	a := serve(t, tether.App{DevMode: true}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	// The server's own e frames come from a failed render; the runtime's
	// handling is what is tested here, with a frame handed to it.
	eval[bool](t, ctx, rootEl+`.setAttribute("data-tether-dev", ""), Tether.runtime.cfg.dev = true, Tether.runtime.message(JSON.stringify({s: 0, e: "tether: render: duplicate key \"x\""})), Tether.runtime.flushUpdates(), true`)
	poll(t, ctx, `document.querySelector(".tether-error-overlay")?.textContent.includes('duplicate key "x"')`)
	do(t, ctx, chromedp.Click(".tether-error-overlay button"))
	poll(t, ctx, `!document.querySelector(".tether-error-overlay")`)
}

// The server restarts on the same port: the page is told 1012, keeps
// retrying while nothing listens (it never reloads onto a dead port),
// and reloads once the new server answers that the session is unknown.
func TestServerRestartSamePort(t *testing.T) {
	h1 := tether.Stateful(tether.App{}, page())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	srv1 := &http.Server{Handler: h1}
	go srv1.Serve(ln)
	ctx := tab(t)
	load(t, ctx, "http://"+addr)
	eval[bool](t, ctx, `window.firstPage = true`)
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h1.Shutdown(sctx); err != nil {
		t.Fatal(err)
	}
	srv1.Close()
	// Down for as long as the banner takes to show: still the same page.
	poll(t, ctx, `!!document.querySelector(".tether-banner:not([hidden])")`)
	if !eval[bool](t, ctx, `window.firstPage === true`) {
		t.Fatal("the page reloaded while the server was down")
	}
	h2 := tether.Stateful(tether.App{}, page())
	var ln2 net.Listener
	eventually(t, "the port to be free again", func() bool {
		ln2, err = net.Listen("tcp", addr)
		return err == nil
	})
	srv2 := &http.Server{Handler: h2}
	go srv2.Serve(ln2)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		h2.Shutdown(ctx)
		if err := srv2.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Log(err)
		}
	})
	pollAcrossLoads(t, ctx, `window.firstPage === undefined && !!document.querySelector("[data-tether-root].tether-connected")`)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
}

// pollAcrossLoads is poll for a condition that a page load reaches: an
// evaluation cut short by the navigation is tried again.
func pollAcrossLoads(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			t.Fatalf("waiting for %s: %v", expr, err)
		}
	}
}
