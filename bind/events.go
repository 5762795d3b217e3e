package bind

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jpl-au/fluent/node"
)

// event returns an Option that writes attr="action".
func event(fn, attr, action string) Option {
	need(fn, "action", action)
	return func(el node.Element) { set(el, attr, action) }
}

// keyEvent is event plus an optional key filter in data-tether-keys.
func keyEvent(fn, attr, action string, keys []string) Option {
	need(fn, "action", action)
	for _, k := range keys {
		need(fn, "key", k)
		if strings.Contains(k, ",") {
			panic(fmt.Sprintf("bind: %s: key %q contains a comma, the data-tether-keys separator", fn, k))
		}
	}
	return func(el node.Element) {
		set(el, attr, action)
		if len(keys) > 0 {
			appendList(el, attrKeys, ",", keys...)
		}
	}
}

// Click sends action to the server when the element is clicked. It
// writes data-tether-click="action".
func Click(action string) Option { return event("Click", attrClick, action) }

// OnClick is an alias of [Click], for readers who prefer the on-prefix.
// It writes data-tether-click="action".
func OnClick(action string) Option { return event("OnClick", attrClick, action) }

// Submit sends action when a form is submitted, with every named field of
// the form as event values (the browser's own submission is prevented).
// Use it on a <form>. It writes data-tether-submit="action".
func Submit(action string) Option { return event("Submit", attrSubmit, action) }

// Input sends action on every input event of a field, with the field's
// current value. Pair it with [Debounce] or [Throttle] for typing. It
// writes data-tether-input="action".
func Input(action string) Option { return event("Input", attrInput, action) }

// Change sends action when a field's value is committed (the DOM change
// event: on blur for text, immediately for checkboxes and selects), with
// the field's value. It writes data-tether-change="action".
func Change(action string) Option { return event("Change", attrChange, action) }

// KeyDown sends action on keydown while the element has focus. With keys
// (KeyboardEvent.key values such as "Enter" or "Escape") only those keys
// send it. It writes data-tether-keydown="action" and, when keys are
// given, data-tether-keys="Enter,Escape".
//
// data-tether-keys is a comma-separated list, split on "," exactly and
// not trimmed (" " is the space bar), so a key may not contain a comma.
// It is a single filter for every key binding on the element: keys from
// several KeyDown, KeyUp, WindowKeyDown and WindowKeyUp options on one
// element are merged. Bindings that need different filters belong on
// different elements.
func KeyDown(action string, keys ...string) Option {
	return keyEvent("KeyDown", attrKeyDown, action, keys)
}

// KeyUp is [KeyDown] for keyup. It writes data-tether-keyup="action" and,
// when keys are given, data-tether-keys.
func KeyUp(action string, keys ...string) Option {
	return keyEvent("KeyUp", attrKeyUp, action, keys)
}

// Focus sends action when the element gains focus. It writes
// data-tether-focus="action".
func Focus(action string) Option { return event("Focus", attrFocus, action) }

// Blur sends action when the element loses focus, with its value if it is
// a field. It writes data-tether-blur="action".
func Blur(action string) Option { return event("Blur", attrBlur, action) }

// WindowKeyDown sends action on keydown anywhere in the window, for
// keyboard shortcuts; the element only carries the binding, which lives
// as long as the element is in the page. With keys only those keys send
// it (see [KeyDown] for the filter). It writes
// data-tether-window-keydown="action" and, when keys are given,
// data-tether-keys.
func WindowKeyDown(action string, keys ...string) Option {
	return keyEvent("WindowKeyDown", attrWindowKeyDown, action, keys)
}

// WindowKeyUp is [WindowKeyDown] for keyup. It writes
// data-tether-window-keyup="action" and, when keys are given,
// data-tether-keys.
func WindowKeyUp(action string, keys ...string) Option {
	return keyEvent("WindowKeyUp", attrWindowKeyUp, action, keys)
}

// WindowFocus sends action when the browser window gains focus, for
// example to refresh stale data. It writes
// data-tether-window-focus="action".
func WindowFocus(action string) Option {
	return event("WindowFocus", attrWindowFocus, action)
}

// WindowBlur sends action when the browser window loses focus. It writes
// data-tether-window-blur="action".
func WindowBlur(action string) Option {
	return event("WindowBlur", attrWindowBlur, action)
}

// WindowResize sends action when the window is resized; pair it with
// [Throttle] or [Debounce]. It writes data-tether-window-resize="action".
func WindowResize(action string) Option {
	return event("WindowResize", attrWindowResize, action)
}

// WindowScroll sends action when the window scrolls; pair it with
// [Throttle]. It writes data-tether-window-scroll="action".
func WindowScroll(action string) Option {
	return event("WindowScroll", attrWindowScroll, action)
}

// Value adds a fixed value to every event sent from the element, under
// name: a row's id on its delete button, say. It writes
// data-tether-value-NAME="value"; an element may carry several.
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
