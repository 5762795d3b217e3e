package browsertest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/jpl-au/fluent/html5/body"
	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/head"
	"github.com/jpl-au/fluent/html5/html"
	"github.com/jpl-au/fluent/html5/li"
	"github.com/jpl-au/fluent/html5/script"
	"github.com/jpl-au/fluent/html5/ul"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/bind"
)

type rowList struct{ IDs []int }

func rowsConfig(n int) tether.StatefulConfig[rowList] {
	return tether.StatefulConfig[rowList]{
		InitialState: func(*http.Request) rowList {
			ids := make([]int, n)
			for i := range ids {
				ids[i] = i + 1
			}
			return rowList{IDs: ids}
		},
		Render: func(s rowList) node.Node {
			items := make([]node.Node, len(s.IDs))
			for i, id := range s.IDs {
				items[i] = li.Textf("row %d", id).Dynamic(fmt.Sprintf("row-%d", id))
			}
			return div.New(
				bind.Apply(button.Text("reverse").ID("reverse"), bind.OnClick("reverse")),
				ul.New(items...).ID("list").Dynamic("list"),
			)
		},
		Handle: func(_ tether.Session, s rowList, ev tether.Event) rowList {
			if ev.Action == "reverse" {
				s.IDs = slices.Clone(s.IDs)
				slices.Reverse(s.IDs)
			}
			return s
		},
	}
}

// timeUpdates records how long the runtime takes to apply each batch of
// updates, in window.__applyMs.
const timeUpdates = `(() => {
	const rt = window.Tether.runtime, f = rt.flushUpdates.bind(rt);
	window.__applyMs = [];
	rt.flushUpdates = () => { const t0 = performance.now(); f(); window.__applyMs.push(performance.now() - t0); };
	return true;
})()`

// Reversing 1,000 keyed rows moves every row's DOM node; the time the
// runtime takes to apply each reversal is logged (see
// /work/notes/client-figures.md), not asserted.
func TestReverseThousandRows(t *testing.T) {
	const n = 1000
	a := serve(t, tether.App{}, rowsConfig(n))
	ctx := tab(t)
	load(t, ctx, a.URL)
	eval[bool](t, ctx, `[...document.querySelectorAll("#list li")].forEach(li => li.marker = li.textContent), true`)
	eval[bool](t, ctx, timeUpdates)
	const rounds = 10
	for i := 1; i <= rounds; i++ {
		first := "row 1"
		if i%2 == 1 {
			first = fmt.Sprintf("row %d", n)
		}
		do(t, ctx, chromedp.Click(chromedp.ID("reverse")))
		poll(t, ctx, fmt.Sprintf(`document.querySelector("#list li").textContent === %q && window.__applyMs.length >= %d`, first, i))
	}
	kept := eval[bool](t, ctx, `[...document.querySelectorAll("#list li")].every(li => li.marker === li.textContent)`)
	if !kept {
		t.Fatal("a row's DOM node was replaced, not moved")
	}
	ms := eval[[]float64](t, ctx, `window.__applyMs`)
	slices.Sort(ms)
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%.1f", m))
	}
	t.Logf("apply time of a %d-row reversal, ms, sorted over %d runs: %s", n, rounds, strings.Join(parts, " "))
}

// A region morph (rows keyed by attribute, not by Dynamic, so the server
// sends the region's HTML) keeps each row's DOM node and JS hook state:
// removing the first row does not turn row 1 into row 2.
func TestRegionMorphKeepsKeyedRows(t *testing.T) {
	const rowsNonce = "rows-test-nonce"
	const hooks = `window.Tether = {hooks: {Row: {
		mounted(el, ctx) { ctx.label = el.textContent; el.ctx = ctx; },
	}}};`
	cfg := rowsConfig(5)
	cfg.Layout = func(_ rowList, content node.Node) node.Node {
		// Pages send a nonce CSP: an inline script needs the page's nonce.
		return html.New(head.New(script.RawText(hooks).Nonce(rowsNonce)), body.New(content))
	}
	cfg.Render = func(s rowList) node.Node {
		items := make([]node.Node, len(s.IDs))
		for i, id := range s.IDs {
			row := li.Textf("row %d", id)
			row.SetAttribute("data-tether-key", fmt.Sprintf("row-%d", id))
			items[i] = bind.Apply(row, bind.Hook("Row"))
		}
		return div.New(
			bind.Apply(button.Text("drop").ID("drop"), bind.OnClick("drop")),
			ul.New(items...).ID("list").Dynamic("list"),
		)
	}
	cfg.Handle = func(_ tether.Session, s rowList, ev tether.Event) rowList {
		if ev.Action == "drop" {
			s.IDs = slices.Clone(s.IDs[1:])
		}
		return s
	}
	a := serve(t, tether.App{}, cfg)
	a.csp.Store("script-src 'nonce-" + rowsNonce + "' 'strict-dynamic'")
	ctx := tab(t)
	load(t, ctx, a.URL)
	poll(t, ctx, `[...document.querySelectorAll("#list li")].every(li => li.ctx)`)
	eval[bool](t, ctx, `[...document.querySelectorAll("#list li")].forEach(li => li.marker = li.textContent), true`)
	do(t, ctx, chromedp.Click(chromedp.ID("drop")))
	poll(t, ctx, `document.querySelectorAll("#list li").length === 4`)
	got := eval[string](t, ctx, `[...document.querySelectorAll("#list li")].map(li => li.textContent + "=" + li.marker + "/" + li.ctx.label).join()`)
	want := "row 2=row 2/row 2,row 3=row 3/row 3,row 4=row 4/row 4,row 5=row 5/row 5"
	if got != want {
		t.Fatalf("rows (text=node marker/hook state) %s\nwant %s", got, want)
	}
	if eval[bool](t, ctx, `!!document.querySelector("#list [id^='tether-key']")`) {
		t.Fatal("temporary ids left in the page")
	}
}
