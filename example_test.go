package tether_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"

	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/script"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
)

// A counter page: the first GET renders it and pre-warms a session.
func ExampleStateful() {
	type State struct{ Count int }
	h := tether.Stateful(tether.App{}, tether.StatefulConfig[State]{
		InitialState: func(*http.Request) State { return State{} },
		Render: func(s State) node.Node {
			return div.New(
				span.Textf("Count: %d", s.Count).Dynamic("count"),
				bind.Apply(button.Text("+1"), bind.OnClick("increment")),
			)
		},
		Handle: func(_ tether.Session, s State, ev tether.Event) State {
			if ev.Action == "increment" {
				s.Count++
			}
			return s
		},
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	defer h.Shutdown(context.Background())

	res, _ := http.Get(srv.URL)
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	root := regexp.MustCompile(`<div data-tether-root[^>]*>(.*?)</div><script`).FindSubmatch(page)
	fmt.Println(string(root[1]))
	fmt.Println(h.Health().Pending, "pending session")
	// Output:
	// <div><span data-tether-key="count">Count: 0</span><button data-tether-click="increment">+1</button></div>
	// 1 pending session
}

// An inline script the app writes itself is marked with Trust; the
// same element unmarked would fail to render.
func ExampleTrust() {
	type State struct{ Nonce string }
	h := tether.Stateful(tether.App{}, tether.StatefulConfig[State]{
		InitialState: func(r *http.Request) State { return State{Nonce: tether.Nonce(r.Context())} },
		Render: func(s State) node.Node {
			return div.New(
				span.Text("chart").Dynamic("chart"),
				tether.Trust(script.Text(`drawChart()`).Nonce(s.Nonce)),
			)
		},
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	defer h.Shutdown(context.Background())

	res, _ := http.Get(srv.URL)
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`<script nonce="([^"]+)">drawChart\(\)</script>`).FindSubmatch(page)
	csp := res.Header.Get("Content-Security-Policy")
	fmt.Println(res.StatusCode, m != nil && strings.Contains(csp, "'nonce-"+string(m[1])+"'"))
	// Output:
	// 200 true
}
