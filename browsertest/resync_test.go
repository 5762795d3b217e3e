package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/tetherui/tether"
)

// A keyed element deleted by script (as from devtools) makes the next
// patch fail; the runtime asks for a resync and the server's root morph
// heals the page.
func TestPageHealsAfterKeyedElementDeleted(t *testing.T) {
	a := serve(t, tether.App{}, page())
	ctx := tab(t)
	load(t, ctx, a.URL)
	eval[bool](t, ctx, `document.getElementById("count").remove(), true`)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count")?.textContent === "Count: 1"`)
	do(t, ctx, chromedp.Click(chromedp.ID("inc")))
	poll(t, ctx, `document.getElementById("count").textContent === "Count: 2"`)
}
