package tether

import "github.com/tetherui/tether/wire"

// Event is a message from the browser: a click, an input, a submit. It is
// [wire.Event] under another name (an alias, the type the transports
// decode), so go doc shows its fields and methods there; they are repeated
// here:
//
//	type Event struct {
//		Type    string         // "click", "input", "submit", "keydown", "push", "navigate", ...
//		Action  string         // the bound action: bind.Click("add") sends "add"
//		Data    map[string]any // the event's values; package bind lists them per binding
//		Target  string         // the component prefix the server set; "" from the browser
//		EventID uint64         // the client's event number, acknowledged by the answering update
//	}
//
// Read Data through the methods, which accept what the browser sends
// (strings, numbers, booleans, lists of strings for multi-valued fields):
//
//   - func (e Event) Get(key string) string: the value as a string, the
//     first item of a list, "" when missing. See [wire.Event.Get].
//   - func (e Event) Int(key string) (int, error): an integral number or a
//     base-10 string; a missing key is an error. See [wire.Event.Int].
//   - func (e Event) Float64(key string) (float64, error): a finite number
//     or a numeric string; a missing key is an error. See
//     [wire.Event.Float64].
//   - func (e Event) Bool(key string) bool: true for true or "true". See
//     [wire.Event.Bool].
//   - func (e Event) Strings(key string) []string: a list as it is, any
//     other value as a one-item list, nil when missing. See
//     [wire.Event.Strings].
type Event = wire.Event
