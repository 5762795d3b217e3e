package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/tetherui/tether/internal/protocol"
)

// DefaultMaxEventBytes is the size limit DecodeEvent applies when it is
// given none.
const DefaultMaxEventBytes = 64 << 10

// Limits DecodeEvent enforces on every event, whatever its size limit.
const (
	maxEventName = 256  // bytes in Type or Action
	maxEventKeys = 1024 // keys in Data
)

// Errors returned by DecodeEvent, wrapped with the details.
var (
	// ErrEventTooLarge: the event is longer than the size limit.
	ErrEventTooLarge = errors.New("tether: event too large")
	// ErrMalformedEvent: the event is not a well-formed event frame.
	ErrMalformedEvent = errors.New("tether: malformed event")
)

// An Event is one client-to-server message. On the wire it is a JSON
// object in a text frame,
//
//	{"t":"click","a":"increment","d":{"id":"7"},"i":5}
//
// with keys t (Type), a (Action), d (Data) and i (EventID), each omitted
// when empty. Target never travels: the server sets it.
type Event struct {
	// Type is the DOM event type: "click", "input", "submit", "keydown",
	// "navigate", ...
	Type string
	// Action is the application-defined action name.
	Action string
	// Data holds the event's values: string, float64, bool, or []string
	// for multi-valued form fields (checkbox groups, multi-selects),
	// which stay lists.
	Data map[string]any
	// Target is the component prefix set by the framework; it is empty
	// in events from the client.
	Target string
	// EventID increases with every event a client sends; the update
	// that answers it carries it back as Update.Ack.
	EventID uint64
}

// Get returns the value of Data[key] as a string: the first item of a
// list, numbers in their shortest decimal form, booleans as "true" or
// "false". It returns "" when the key is missing.
func (e Event) Get(key string) string {
	return format(e.first(key))
}

// first returns Data[key], or the first item when it is a list.
func (e Event) first(key string) any {
	switch v := e.Data[key].(type) {
	case []string:
		if len(v) == 0 {
			return nil
		}
		return v[0]
	case []any:
		if len(v) == 0 {
			return nil
		}
		return v[0]
	default:
		return v
	}
}

func format(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

// Int returns Data[key] as an int. Numbers must be integral; strings are
// parsed as base-10 integers. A missing key is an error.
func (e Event) Int(key string) (int, error) {
	switch v := e.first(key).(type) {
	case nil:
		return 0, fmt.Errorf("tether: event data %q missing", key)
	case float64:
		if v != math.Trunc(v) || v < math.MinInt || v >= -math.MinInt {
			return 0, fmt.Errorf("tether: event data %q: %v is not an int", key, v)
		}
		return int(v), nil
	case string:
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, fmt.Errorf("tether: event data %q: %w", key, err)
		}
		return n, nil
	default:
		return 0, fmt.Errorf("tether: event data %q: %T is not a number", key, v)
	}
}

// Float64 returns Data[key] as a finite float64; strings are parsed. A
// missing key is an error.
func (e Event) Float64(key string) (float64, error) {
	switch v := e.first(key).(type) {
	case nil:
		return 0, fmt.Errorf("tether: event data %q missing", key)
	case float64:
		return v, nil
	case string:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, fmt.Errorf("tether: event data %q: %w", key, err)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("tether: event data %q: %q is not a finite number", key, v)
		}
		return f, nil
	default:
		return 0, fmt.Errorf("tether: event data %q: %T is not a number", key, v)
	}
}

// Bool reports whether Data[key] is true or the string "true" (the first
// item of a list).
func (e Event) Bool(key string) bool {
	switch v := e.first(key).(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

// Strings returns Data[key] as a list: lists as they are (not copied),
// any other value as a one-item list formatted as by Get, and nil when
// the key is missing.
func (e Event) Strings(key string) []string {
	switch v := e.Data[key].(type) {
	case nil:
		return nil
	case []string:
		return v
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = format(x)
		}
		return out
	default:
		return []string{format(v)}
	}
}

// DecodeEvent parses one client event frame. maxBytes limits its size;
// zero or less means DefaultMaxEventBytes. An oversized frame fails with
// an error wrapping ErrEventTooLarge; anything else that is not a valid
// event (bad JSON, trailing data, no type and no action, wrong types,
// nested objects in data, lists of non-strings, a type or action over 256
// bytes, more than 1024 data keys) fails with an error wrapping
// ErrMalformedEvent. Unknown keys are ignored. Numbers in data become
// float64 and lists []string.
func DecodeEvent(b []byte, maxBytes int) (Event, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxEventBytes
	}
	if len(b) > maxBytes {
		return Event{}, fmt.Errorf("%w: %d bytes, limit %d", ErrEventTooLarge, len(b), maxBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Event{}, malformed("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Event{}, malformed("data after the event object")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Event{}, malformed("want a JSON object, got %s", typeName(v))
	}
	var e Event
	var err error
	if e.Type, err = eventName(m, protocol.KeyEventType); err != nil {
		return Event{}, err
	}
	if e.Action, err = eventName(m, protocol.KeyEventAction); err != nil {
		return Event{}, err
	}
	if e.Type == "" && e.Action == "" {
		return Event{}, malformed("neither type (%q) nor action (%q) set", protocol.KeyEventType, protocol.KeyEventAction)
	}
	if v, ok := m[protocol.KeyEventID]; ok {
		n, ok := v.(json.Number)
		if !ok {
			return Event{}, malformed("%q: want an unsigned integer, got %s", protocol.KeyEventID, typeName(v))
		}
		if e.EventID, err = strconv.ParseUint(string(n), 10, 64); err != nil {
			return Event{}, malformed("%q: want an unsigned integer, got %s", protocol.KeyEventID, n)
		}
	}
	if v, ok := m[protocol.KeyEventData]; ok {
		if e.Data, err = eventData(v); err != nil {
			return Event{}, err
		}
	}
	return e, nil
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformedEvent}, args...)...)
}

func eventName(m map[string]any, key string) (string, error) {
	v, ok := m[key]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	switch {
	case !ok:
		return "", malformed("%q: want a string, got %s", key, typeName(v))
	case len(s) > maxEventName:
		return "", malformed("%q: longer than %d bytes", key, maxEventName)
	}
	return s, nil
}

func eventData(v any) (map[string]any, error) {
	d, ok := v.(map[string]any)
	if !ok {
		return nil, malformed("%q: want an object, got %s", protocol.KeyEventData, typeName(v))
	}
	if len(d) > maxEventKeys {
		return nil, malformed("%q: %d keys, limit %d", protocol.KeyEventData, len(d), maxEventKeys)
	}
	if len(d) == 0 {
		return nil, nil
	}
	for k, v := range d {
		switch x := v.(type) {
		case string, bool:
		case json.Number:
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil {
				return nil, malformed("data[%q]: number %s out of range", k, x)
			}
			d[k] = f
		case []any:
			list := make([]string, len(x))
			for i, item := range x {
				s, ok := item.(string)
				if !ok {
					return nil, malformed("data[%q]: list items must be strings, item %d is %s", k, i, typeName(item))
				}
				list[i] = s
			}
			d[k] = list
		case map[string]any:
			return nil, malformed("data[%q]: nested objects are not allowed", k)
		default:
			return nil, malformed("data[%q]: want a string, number, boolean or list of strings, got %s", k, typeName(v))
		}
	}
	return d, nil
}

// EncodeEvent encodes e as a client would send it, for Go clients and
// tests. Data values must be string, float64, bool or []string; Target
// is not encoded. EncodeEvent does not apply DecodeEvent's limits, so
// tests can build events the server must refuse.
func EncodeEvent(e Event) ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, '{')
	n := len(b)
	sep := func() {
		if len(b) > n {
			b = append(b, ',')
		}
	}
	if e.Type != "" {
		b = appendJSONString(append(b, `"`+protocol.KeyEventType+`":`...), e.Type)
	}
	if e.Action != "" {
		sep()
		b = appendJSONString(append(b, `"`+protocol.KeyEventAction+`":`...), e.Action)
	}
	if len(e.Data) > 0 {
		sep()
		b = append(b, `"`+protocol.KeyEventData+`":{`...)
		for i, k := range sortedKeys(e.Data) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, k), ':')
			switch v := e.Data[k].(type) {
			case string:
				b = appendJSONString(b, v)
			case bool:
				b = strconv.AppendBool(b, v)
			case float64:
				var err error
				if b, err = appendJSONFloat(b, v, 64); err != nil {
					return nil, fmt.Errorf("tether: encode event: data[%q]: %w", k, err)
				}
			case []string:
				b = append(b, '[')
				for j, s := range v {
					if j > 0 {
						b = append(b, ',')
					}
					b = appendJSONString(b, s)
				}
				b = append(b, ']')
			default:
				return nil, fmt.Errorf("tether: encode event: data[%q]: unsupported type %T", k, v)
			}
		}
		b = append(b, '}')
	}
	if e.EventID != 0 {
		sep()
		b = strconv.AppendUint(append(b, `"`+protocol.KeyEventID+`":`...), e.EventID, 10)
	}
	return append(b, '}'), nil
}
