// Command showcase serves tether's demo page: a counter, a keyed list
// that sorts and grows without resending itself, a live clock pushed from
// the server, and signals and client directives. It needs no services:
// everything runs in memory. Set PORT or pass -addr to change where it
// listens.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/jpl-au/fluent/html5/attr/charset"
	"github.com/jpl-au/fluent/html5/body"
	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/h1"
	"github.com/jpl-au/fluent/html5/h2"
	"github.com/jpl-au/fluent/html5/head"
	"github.com/jpl-au/fluent/html5/html"
	"github.com/jpl-au/fluent/html5/li"
	"github.com/jpl-au/fluent/html5/meta"
	"github.com/jpl-au/fluent/html5/p"
	"github.com/jpl-au/fluent/html5/section"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/title"
	"github.com/jpl-au/fluent/html5/ul"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
)

func main() {
	addr := flag.String("addr", "", "listen address (default $PORT, else 127.0.0.1:8080)")
	flag.Parse()
	if *addr == "" && os.Getenv("PORT") == "" {
		*addr = "127.0.0.1:8080"
	}
	h := newHandler()
	fmt.Printf("tether showcase on http://%s\n", displayAddr(*addr))
	if err := h.ListenAndServe(*addr); err != nil {
		log.Fatal(err)
	}
}

func displayAddr(addr string) string {
	if addr == "" {
		return "0.0.0.0:" + os.Getenv("PORT")
	}
	return addr
}

// State is one visitor's page.
type State struct {
	Count int
	Items []int // ids of the keyed list, in display order
	Next  int
	Now   string
}

func newHandler() *tether.Handler[State] {
	return tether.Stateful(tether.App{}, tether.StatefulConfig[State]{
		InitialState: func(*http.Request) State {
			return State{Items: []int{3, 1, 4, 5, 2}, Next: 6, Now: clock()}
		},
		Layout: func(_ State, content node.Node) node.Node {
			return html.New(
				head.New(meta.New().Charset(charset.UTF8), title.Text("tether showcase")),
				body.New(h1.Text("tether showcase"), content),
			)
		},
		Render:    render,
		Handle:    handle,
		OnConnect: tick,
	})
}

func render(s State) node.Node {
	items := make([]node.Node, len(s.Items))
	for i, id := range s.Items {
		items[i] = li.Textf("item %d", id).Dynamic(fmt.Sprintf("item-%d", id))
	}
	return div.New(
		section.New(
			h2.Text("Counter"),
			span.Textf("Count: %d", s.Count).Dynamic("count"),
			bind.Apply(button.Text("+1"), bind.OnClick("increment")),
		),
		section.New(
			h2.Text("Keyed list"),
			p.Text("Sorting and inserting move the existing rows; only the changes travel."),
			bind.Apply(button.Text("sort"), bind.OnClick("sort")),
			bind.Apply(button.Text("reverse"), bind.OnClick("reverse")),
			bind.Apply(button.Text("add"), bind.OnClick("add")),
			ul.New(items...).Dynamic("items"),
		),
		section.New(
			h2.Text("Server push"),
			span.Text(s.Now).Dynamic("clock"),
		),
		section.New(
			h2.Text("Signals and directives"),
			bind.Apply(button.Text("ping"), bind.OnClick("ping")),
			bind.Apply(span.Text("-"), bind.BindText("pong")),
			bind.Apply(button.Text("toggle (no round trip)"), bind.JS(bind.ToggleClass("#panel", "open"), bind.ToggleAttr("#panel", "hidden"))),
			div.Text("This panel is toggled in the browser.").ID("panel").Hidden(),
		),
	)
}

func handle(sess tether.Session, s State, ev tether.Event) State {
	switch ev.Action {
	case "increment":
		s.Count++
	case "sort":
		s.Items = slices.Sorted(slices.Values(s.Items))
	case "reverse":
		s.Items = slices.Clone(s.Items)
		slices.Reverse(s.Items)
	case "add":
		s.Items = slices.Insert(slices.Clone(s.Items), len(s.Items)/2, s.Next)
		s.Next++
	case "ping":
		sess.Signal("pong", "pong at "+clock())
		sess.Toast("pinged")
	}
	return s
}

// tick pushes the time every second while the browser is connected.
func tick(sess *tether.StatefulSession[State]) {
	sess.Go(func(ctx context.Context) {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				sess.Update(func(s State) State { s.Now = clock(); return s })
			}
		}
	})
}

func clock() string { return time.Now().Format("15:04:05") }
