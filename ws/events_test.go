package ws

import (
	"testing"

	"github.com/tetherui/tether/internal/transport"
	"github.com/tetherui/tether/wire"
)

// sampleEvents are valid client events.
func sampleEvents(t testing.TB) []transport.Event {
	t.Helper()
	return []transport.Event{
		{Type: "click", Action: "inc", EventID: 1},
		{Type: "input", Action: "name", EventID: 2, Data: map[string]any{"value": "héllo"}},
		{Type: "submit", Action: "save", EventID: 3},
	}
}

func encode(t testing.TB, ev transport.Event) []byte {
	t.Helper()
	b, err := wire.EncodeEvent(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
