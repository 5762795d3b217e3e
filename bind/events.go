package bind

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jpl-au/fluent/node"
)

// event returns an Option that writes attr="action".
func event(fn, attr, action string) Option {
	need(fn, "action", action)
	return func(el node.Element) { set(el, attr, action) }
}

// keyEvent binds action to a key event. With no keys it writes
// attr="action"; with keys it adds key -> action entries to the JSON
// object in attr-keys, so one element can send different actions for
// different keys.
func keyEvent(fn, attr, action string, keys []string) Option {
	need(fn, "action", action)
	for _, k := range keys {
		need(fn, "key", k)
	}
	if len(keys) == 0 {
		return func(el node.Element) { set(el, attr, action) }
	}
	return func(el node.Element) {
		m := map[string]string{}
		if cur, ok := get(el, attr+"-keys"); ok {
			// A value this package did not write is replaced, not merged.
			if json.Unmarshal([]byte(cur), &m) != nil {
				m = map[string]string{}
			}
		}
		for _, k := range keys {
			m[k] = action
		}
		raw, err := json.Marshal(m) // sorted keys: the output is stable
		if err != nil {             // unreachable: strings always encode
			panic(fmt.Sprintf("bind: %s: %v", fn, err))
		}
		set(el, attr+"-keys", string(raw))
	}
}

// Click sends action to the server when the element, or anything inside
// it, is clicked. The event's Type is "click" and its Data holds only the
// element's [Value]s. On an <a> the browser's own navigation is
// prevented; a clicked form control is disabled until the server answers.
// It writes data-tether-click="action".
func Click(action string) Option { return event("Click", attrClick, action) }

// OnClick is an alias of [Click], for readers who prefer the on-prefix.
// It writes data-tether-click="action".
func OnClick(action string) Option { return event("OnClick", attrClick, action) }

// DblClick sends action when the element, or anything inside it, is
// double-clicked: edit a todo in place, say. The event's Type is
// "dblclick" and its Data holds only the element's [Value]s, as for
// [Click]. It writes data-tether-dblclick="action".
func DblClick(action string) Option { return event("DblClick", attrDblClick, action) }

// Submit sends action when a form is submitted, instead of the browser's
// own submission. Use it on a <form>. The event's Type is "submit" and its
// Data holds every named, enabled field of the form, as the browser would
// submit it: a string per field, and a list ([]string, read with
// Event.Strings) for a checkbox group, a <select multiple> or any
// repeated name, even with one or no item chosen. Unchecked boxes and
// file fields are left out; the submit button pressed is included when
// it has a name. It writes data-tether-submit="action".
func Submit(action string) Option { return event("Submit", attrSubmit, action) }

// Input sends action on every input event of a field, debounced by
// App.Client.DefaultDebounce (300 ms unless set) unless [Debounce] or
// [Throttle] on the element says otherwise. The event's
// Type is "input" and its Data holds "value", the field's value (a list
// for a <select multiple>), and for a checkbox also "checked", a bool. On
// a <form> it holds every field, as for [Submit]. It writes
// data-tether-input="action".
func Input(action string) Option { return event("Input", attrInput, action) }

// Change sends action when a field's value is committed (the DOM change
// event: on blur for text, at once for checkboxes and selects). The
// event's Type is "change" and its Data holds "value" and, for a
// checkbox, "checked", as for [Input]. It writes
// data-tether-change="action".
func Change(action string) Option { return event("Change", attrChange, action) }

// KeyDown sends action on keydown while the element, or a field inside
// it, has focus. The event's Type is "keydown" and its Data holds "key",
// the KeyboardEvent.key value ("Enter", "Escape", "a", " " for the space
// bar).
//
// With no keys, every key sends action; it writes
// data-tether-keydown="action". With keys, only those keys send it, and
// several KeyDown options on one element each keep their own keys:
//
//	bind.Apply(input.New(), bind.KeyDown("save", "Enter"), bind.KeyDown("cancel", "Escape"))
//
// sends "save" on Enter and "cancel" on Escape. Filtered bindings are
// written as one JSON object from key to action, HTML-escaped:
//
//	data-tether-keydown-keys="{&#34;Enter&#34;:&#34;save&#34;,&#34;Escape&#34;:&#34;cancel&#34;}"
//
// A key named twice sends the action of the last option. An unfiltered
// KeyDown beside filtered ones sends its action for every key the
// filters do not name.
func KeyDown(action string, keys ...string) Option {
	return keyEvent("KeyDown", attrKeyDown, action, keys)
}

// KeyUp is [KeyDown] for keyup: Type "keyup", Data "key". It writes
// data-tether-keyup="action" without keys, data-tether-keyup-keys with
// them.
func KeyUp(action string, keys ...string) Option {
	return keyEvent("KeyUp", attrKeyUp, action, keys)
}

// Focus sends action when the element itself gains focus (focus does not
// bubble: a field inside it does not count). The event's Type is "focus"
// and its Data holds only the element's [Value]s. It writes
// data-tether-focus="action".
func Focus(action string) Option { return event("Focus", attrFocus, action) }

// Blur sends action when the element itself loses focus. The event's
// Type is "blur" and its Data holds "value" and, for a checkbox,
// "checked", as for [Input] (nothing for an element that is not a field).
// It writes data-tether-blur="action".
func Blur(action string) Option { return event("Blur", attrBlur, action) }

// WindowKeyDown sends action on keydown anywhere in the window, for
// keyboard shortcuts; the element only carries the binding, which lives
// as long as the element is in the page. The event's Type is
// "window-keydown" and its Data holds "key". Keys filter as for
// [KeyDown]. It writes data-tether-window-keydown="action" without keys,
// data-tether-window-keydown-keys with them.
func WindowKeyDown(action string, keys ...string) Option {
	return keyEvent("WindowKeyDown", attrWindowKeyDown, action, keys)
}

// WindowKeyUp is [WindowKeyDown] for keyup: Type "window-keyup", Data
// "key". It writes data-tether-window-keyup="action" without keys,
// data-tether-window-keyup-keys with them.
func WindowKeyUp(action string, keys ...string) Option {
	return keyEvent("WindowKeyUp", attrWindowKeyUp, action, keys)
}

// WindowFocus sends action when the browser window gains focus, for
// example to refresh stale data. The event's Type is "window-focus" and
// its Data holds only the element's [Value]s. It writes
// data-tether-window-focus="action".
func WindowFocus(action string) Option {
	return event("WindowFocus", attrWindowFocus, action)
}

// WindowBlur sends action when the browser window loses focus: Type
// "window-blur", Data only the element's [Value]s. It writes
// data-tether-window-blur="action".
func WindowBlur(action string) Option {
	return event("WindowBlur", attrWindowBlur, action)
}

// WindowResize sends action when the window is resized; pair it with
// [Throttle] or [Debounce]. The event's Type is "window-resize" and its
// Data holds "width" and "height", the viewport's inner size in CSS
// pixels (numbers: read them with Event.Int). It writes
// data-tether-window-resize="action".
func WindowResize(action string) Option {
	return event("WindowResize", attrWindowResize, action)
}

// WindowScroll sends action when the window scrolls; pair it with
// [Throttle]. The event's Type is "window-scroll" and its Data holds "x"
// and "y", the scroll offsets in CSS pixels (numbers, possibly
// fractional: read them with Event.Float64). It writes
// data-tether-window-scroll="action".
func WindowScroll(action string) Option {
	return event("WindowScroll", attrWindowScroll, action)
}

// Value adds a fixed value to every event sent from the element, under
// name: a row's id on its delete button, say. It is a string in the
// event's Data and replaces a form field or other datum of the same name.
// It writes data-tether-value-NAME="value"; an element may carry several.
//
// name must be non-empty and use only lower-case ASCII letters, digits
// and hyphens (HTML lower-cases attribute names, so anything else would
// not round-trip); Value panics otherwise. value is any string and is
// escaped.
func Value(name, value string) Option {
	if !validValueName(name) {
		panic(fmt.Sprintf("bind: Value: invalid name %q: use only lower-case letters a-z, digits and hyphens", name))
	}
	attr := attrValuePrefix + name
	return func(el node.Element) { set(el, attr, value) }
}

func validValueName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// millis renders d in whole milliseconds, rounding a sub-millisecond
// remainder up so a tiny positive duration never becomes 0.
func millis(fn string, d time.Duration) string {
	if d < 0 {
		panic(fmt.Sprintf("bind: %s: negative duration %v", fn, d))
	}
	ms := (d + time.Millisecond - 1) / time.Millisecond
	return strconv.FormatInt(int64(ms), 10)
}

// Debounce delays the events bound on the element until d has passed
// without another one, then sends only the last: a search box sends one
// event when typing pauses, not one per key. It writes
// data-tether-debounce="ms", d in whole milliseconds (rounded up).
// Debounce panics on a negative d.
func Debounce(d time.Duration) Option {
	ms := millis("Debounce", d)
	return func(el node.Element) { set(el, attrDebounce, ms) }
}

// DebounceBlur holds the events bound on the element until it loses
// focus, then sends the last one: validate a field once the user leaves
// it. It writes data-tether-debounce="blur".
func DebounceBlur() Option {
	return func(el node.Element) { set(el, attrDebounce, "blur") }
}

// Throttle sends at most one of the element's events per d: the first
// immediately, then the latest at the end of each interval. Use it for
// scroll, resize and pointer-driven events. It writes
// data-tether-throttle="ms", d in whole milliseconds (rounded up).
// Throttle panics on a negative d.
func Throttle(d time.Duration) Option {
	ms := millis("Throttle", d)
	return func(el node.Element) { set(el, attrThrottle, ms) }
}
