package tether_test

import (
	"fmt"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
)

func ExampleCatch() {
	widget := func() node.Node {
		var prices []int
		return span.Textf("%d", prices[3]) // panics: index out of range
	}
	page := div.New(
		span.Text("header"),
		tether.Catch(widget, span.Text("Widget unavailable")),
	)
	fmt.Println(string(page.Render()))
	// Output:
	// <div><span>header</span><span>Widget unavailable</span></div>
}
