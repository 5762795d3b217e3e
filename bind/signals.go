package bind

import (
	"fmt"
	"strings"

	"github.com/jpl-au/fluent/node"
)

// Signals are named client-side values. [SetSignal] and [ToggleSignal]
// change them in the browser with no round trip; the Bind options below
// keep part of the element in step with one.

// BindText keeps the element's text content equal to the value of
// signal. It writes data-tether-bind-text="signal".
func BindText(signal string) Option {
	need("BindText", "signal", signal)
	return func(el node.Element) { set(el, attrBindText, signal) }
}

// BindShow shows the element while signal is truthy and hides it
// otherwise, running its transitions (see [Transition]) if it has any.
// It writes data-tether-bind-show="signal".
func BindShow(signal string) Option {
	need("BindShow", "signal", signal)
	return func(el node.Element) { set(el, attrBindShow, signal) }
}

// pair validates and formats a "name:signal" pair. name may itself
// contain colons (Tailwind's "hover:underline", "xlink:href"), so the
// runtime splits each pair at its last colon; the signal therefore may
// not contain one, and neither part may contain whitespace, which
// separates pairs.
func pair(fn, what, name, signal string) string {
	token(fn, what, name)
	token(fn, "signal", signal)
	if strings.Contains(signal, ":") {
		panic(fmt.Sprintf("bind: %s: signal %q contains a colon", fn, signal))
	}
	return name + ":" + signal
}

// BindClass adds class to the element while signal is truthy and removes
// it otherwise. It writes data-tether-bind-class="class:signal".
//
// Several BindClass options on one element accumulate into that single
// attribute as space-separated pairs, "open:menuOpen active:selected";
// the runtime splits each pair at its last colon. class is one class name
// (no whitespace, colons allowed) and signal may contain neither
// whitespace nor a colon; BindClass panics otherwise.
func BindClass(class, signal string) Option {
	p := pair("BindClass", "class", class, signal)
	return func(el node.Element) { appendList(el, attrBindClass, " ", p) }
}

// BindAttr keeps attribute attr equal to the value of signal: true sets
// it empty (a boolean attribute), false, null and undefined remove it,
// anything else is converted to a string. It writes
// data-tether-bind-attr="attr:signal".
//
// Like [BindClass], several BindAttr options on one element accumulate
// as space-separated pairs split at their last colon, with the same rules
// for the arguments.
func BindAttr(attr, signal string) Option {
	p := pair("BindAttr", "attr", attr, signal)
	return func(el node.Element) { appendList(el, attrBindAttr, " ", p) }
}
