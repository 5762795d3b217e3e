package wire_test

import (
	"fmt"

	"github.com/tetherui/tether/wire"
)

// The counter's update after the first click: event 1 answered by
// update 1 (the session's first), which sets the text of the region keyed "count".
func Example() {
	u := &wire.Update{
		Seq:     1,
		Ack:     1,
		Patches: []wire.Patch{{Op: wire.Text, Key: "count", Text: "Count: 1"}},
	}
	b, err := wire.JSON.Encoder().Encode(nil, u)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n%d bytes\n", b, len(b))
	// Output:
	// {"s":1,"a":1,"p":[[1,"count","Count: 1"]]}
	// 42 bytes
}
