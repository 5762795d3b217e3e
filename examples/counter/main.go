// Command counter is the README's first example: a button that counts.
package main

import (
	"log"
	"net/http"

	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
)

type State struct{ Count int }

func counter() *tether.Handler[State] {
	return tether.Stateful(tether.App{}, tether.StatefulConfig[State]{
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
}

func main() {
	// Serves until SIGINT or SIGTERM, then drains the sessions.
	if err := counter().ListenAndServe(""); err != nil {
		log.Fatal(err)
	}
}
