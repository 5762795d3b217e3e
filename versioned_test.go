package tether_test

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/li"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/ul"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/wire"
)

type listState struct {
	Items tether.Versioned[[]string]
	Count int
}

// A Versioned of a slice, used itself as the memo key, hits the cache
// while its version is unchanged.
func TestVersionedSliceMemoHits(t *testing.T) {
	checkLeaks(t)
	var renders atomic.Int32
	cfg := tether.StatefulConfig[listState]{
		InitialState: func(*http.Request) listState {
			return listState{Items: tether.NewVersioned([]string{"a", "b"})}
		},
		Render: func(s listState) node.Node {
			return div.New(
				span.Textf("Count: %d", s.Count).Dynamic("count"),
				div.New(node.Memoise(s.Items, func() node.Node {
					renders.Add(1)
					items := make([]node.Node, len(s.Items.Val))
					for i, v := range s.Items.Val {
						items[i] = li.Text(v)
					}
					return ul.New(items...)
				})).Dynamic("items"),
			)
		},
		Handle: func(_ tether.Session, s listState, ev tether.Event) listState {
			switch ev.Action {
			case "increment":
				s.Count++
			case "add":
				s.Items = s.Items.With(append(append([]string(nil), s.Items.Val...), "c"))
			}
			return s
		},
		Memoise: true,
	}
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	for i := 1; i <= 3; i++ {
		c.click("increment")
		c.next()
	}
	if n := renders.Load(); n != 1 {
		t.Fatalf("memoised subtree rendered %d times for one version", n)
	}
	c.click("add")
	c.until(func(c *testClient) bool { return c.has("<li>c</li>") })
	if n := renders.Load(); n != 2 {
		t.Fatalf("rendered %d times after a new version", n)
	}
}

// StatefulConfig.WireFormat overrides App.WireFormat either way; zero
// inherits it.
func TestWireFormatOverride(t *testing.T) {
	for _, tt := range []struct {
		name        string
		app, config wire.Format
		binary      bool
	}{
		{"default", 0, 0, false},
		{"app CBOR inherited", wire.CBOR, 0, true},
		{"handler JSON under app CBOR", wire.CBOR, wire.JSON, false},
		{"handler CBOR under app JSON", wire.JSON, wire.CBOR, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkLeaks(t)
			cfg := counterConfig()
			cfg.WireFormat = tt.config
			h := tether.Stateful(tether.App{WireFormat: tt.app, Logger: quiet()}, cfg)
			srv := serve(t, h)
			c := load(t, srv).connect(srv)
			c.click("increment")
			c.until(func(c *testClient) bool { return c.has("Count: 1") })
			if got := c.ev.binary.Load() > 0; got != tt.binary {
				t.Fatalf("binary frames: %v, want %v", got, tt.binary)
			}
		})
	}
}
