package browsertest

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/jpl-au/fluent/html5/body"
	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/head"
	"github.com/jpl-au/fluent/html5/html"
	"github.com/jpl-au/fluent/html5/script"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/title"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
)

type cspState struct {
	Nonce string
	Count int
}

// Attribute payloads that Fluent writes unescaped: each breaks out of a
// title and adds an inline event handler.
const (
	hoverPayload = `x" id="hover" style="display:block;width:300px;height:100px" onmouseover="window.__pwned='hover'`
	imgPayload   = `"><img src=x onerror="window.__pwned='img'">`
)

// cspPage serves the payloads in the Layout, outside the tether root, so
// nothing but the Content-Security-Policy stands between them and the
// browser. An inline script marked with tether.Nonce records violations.
func cspPage() tether.StatefulConfig[cspState] {
	return tether.StatefulConfig[cspState]{
		InitialState: func(r *http.Request) cspState { return cspState{Nonce: tether.Nonce(r.Context())} },
		Layout: func(s cspState, content node.Node) node.Node {
			return html.New(
				head.New(title.Text("csp"), script.RawText(`window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective));`).Nonce(s.Nonce)),
				body.New(div.New().Title(hoverPayload), div.New().Title(imgPayload), content),
			)
		},
		Render: func(s cspState) node.Node {
			return div.New(
				span.Textf("Count: %d", s.Count).ID("count").Dynamic("count"),
				bind.Apply(button.Text("+1").ID("inc"), bind.OnClick("increment")),
			)
		},
		Handle: func(_ tether.Session, s cspState, ev tether.Event) cspState {
			s.Count++
			return s
		},
	}
}

// With the default policy, neither payload runs, while the runtime and
// the Layout's nonce-marked script do. With the policy off, both payloads
// run: the test can tell.
func TestCSPStopsAttributeInjection(t *testing.T) {
	for _, tt := range []struct {
		name string
		sec  tether.Security
		runs bool
	}{
		{"default", tether.Security{}, false},
		{"disabled", tether.Security{DisableCSP: true}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := serve(t, tether.App{Security: tt.sec}, cspPage())
			ctx := tab(t)
			do(t, ctx, chromedp.Navigate(a.URL))
			poll(t, ctx, `Array.isArray(window.__violations)`)
			do(t, ctx, chromedp.Click(chromedp.ID("inc")))
			poll(t, ctx, `document.getElementById("count").textContent === "Count: 1"`)
			// A real mouse over the first payload's element, and the second
			// payload's image failing to load.
			poll(t, ctx, `document.querySelector("img") !== null && document.querySelector("img").complete`)
			box := eval[[]float64](t, ctx, `(() => { const r = document.getElementById("hover").getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2] })()`)
			do(t, ctx, chromedp.MouseEvent(chromedp.MouseMoved, box[0], box[1]))
			if tt.runs {
				poll(t, ctx, `window.__pwned !== undefined`)
				return
			}
			poll(t, ctx, `window.__violations.filter(d => d.startsWith("script-src")).length >= 2 || window.__pwned !== undefined`)
			if got := eval[any](t, ctx, `window.__pwned === undefined ? null : window.__pwned`); got != nil {
				t.Fatalf("payload %v ran under the default policy", got)
			}
		})
	}
}
