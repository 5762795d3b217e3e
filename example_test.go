package tether_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"

	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
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
