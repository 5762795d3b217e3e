package browsertest

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/form"
	"github.com/jpl-au/fluent/html5/input"
	"github.com/jpl-au/fluent/html5/li"
	"github.com/jpl-au/fluent/html5/ul"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
)

type todos struct{ Items []string }

// The todo pattern with no JavaScript: type, press Enter, the new item
// shows, the input clears (the app's state has no draft) and keeps focus.
func TestTodoInputClearsAndKeepsFocus(t *testing.T) {
	cfg := tether.StatefulConfig[todos]{
		InitialState: func(*http.Request) todos { return todos{} },
		Render: func(s todos) node.Node {
			items := make([]node.Node, len(s.Items))
			for i, it := range s.Items {
				items[i] = li.Text(it)
			}
			return div.New(
				bind.Apply(form.New(input.New().Name("title").ID("title")), bind.Submit("add")),
				ul.New(items...).ID("items").Dynamic("items"),
			)
		},
		Handle: func(_ tether.Session, s todos, ev tether.Event) todos {
			if ev.Action == "add" && ev.Get("title") != "" {
				s.Items = append(append([]string(nil), s.Items...), ev.Get("title"))
			}
			return s
		},
	}
	a := serve(t, tether.App{}, cfg)
	ctx := tab(t)
	load(t, ctx, a.URL)
	do(t, ctx, chromedp.Click(chromedp.ID("title")), chromedp.SendKeys(chromedp.ID("title"), "milk"+kb.Enter))
	poll(t, ctx, `document.querySelector("#items").textContent === "milk" && document.getElementById("title").value === ""`)
	poll(t, ctx, `document.activeElement === document.getElementById("title")`)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("title"), "eggs"+kb.Enter))
	poll(t, ctx, `document.querySelector("#items").textContent === "milkeggs" && document.getElementById("title").value === ""`)
	if !eval[bool](t, ctx, `document.activeElement === document.getElementById("title")`) {
		t.Fatal("the input lost focus")
	}
}
