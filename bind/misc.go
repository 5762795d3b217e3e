package bind

import (
	"encoding/json"
	"fmt"

	"github.com/jpl-au/fluent/node"
)

// transition encodes the three class lists as a JSON array of three
// strings.
func transition(fn, attr string, start, active, end string) Option {
	raw, err := json.Marshal([3]string{start, active, end})
	if err != nil { // unreachable: strings always encode
		panic(fmt.Sprintf("bind: %s: %v", fn, err))
	}
	v := string(raw)
	return func(el node.Element) { set(el, attr, v) }
}

// TransitionEnter animates the element as it appears: when a patch
// inserts it, or when [Show] or [BindShow] shows it. The three arguments
// are space-separated class lists (any may be empty), applied as CSS
// transitions are usually staged:
//
//   - start: added before the element appears and removed on the next
//     frame (the state it animates from, e.g. "opacity-0");
//   - active: present for the whole transition (e.g. "transition
//     duration-200");
//   - end: added on the next frame, as start is removed (the state it
//     animates to, e.g. "opacity-100").
//
// When the transition ends (transitionend or animationend, or the
// computed duration elapses) active and end are removed.
//
// It writes data-tether-transition-enter as a JSON array of exactly
// three strings, [start, active, end], HTML-escaped:
//
//	data-tether-transition-enter="[&#34;opacity-0&#34;,&#34;transition&#34;,&#34;opacity-100&#34;]"
//
// which the browser hands to the runtime as
// ["opacity-0","transition","opacity-100"].
func TransitionEnter(start, active, end string) Option {
	return transition("TransitionEnter", attrTransitionIn, start, active, end)
}

// TransitionLeave animates the element as it goes away: before a patch
// removes it, or before [Hide] or [BindShow] hides it. The element is
// removed or hidden only once the transition ends. The arguments stage
// as for [TransitionEnter]: start is the state it leaves from, end the
// state it leaves to, active is present throughout.
//
// It writes data-tether-transition-leave as a JSON array of exactly three
// strings, [start, active, end], HTML-escaped like
// data-tether-transition-enter.
func TransitionLeave(start, active, end string) Option {
	return transition("TransitionLeave", attrTransitionOut, start, active, end)
}

// Transition sets both the enter and the leave transition; each array is
// {start, active, end} as for [TransitionEnter] and [TransitionLeave]. It
// writes data-tether-transition-enter and data-tether-transition-leave.
func Transition(enter, leave [3]string) Option {
	in := TransitionEnter(enter[0], enter[1], enter[2])
	out := TransitionLeave(leave[0], leave[1], leave[2])
	return func(el node.Element) {
		in(el)
		out(el)
	}
}

// Hook attaches the client-side JavaScript hook registered under name to
// the element, for the few things that need code in the browser (a chart,
// a map, a third-party widget). It writes data-tether-hook="name".
//
// A hook is an object registered on window.Tether.hooks under name, in a
// script that may run before or after the runtime loads (an element
// whose hook is not registered yet is retried after each update):
//
//	window.Tether = window.Tether || {};
//	window.Tether.hooks = window.Tether.hooks || {};
//	window.Tether.hooks.chart = {
//	  mounted(el, ctx) { this.chart = drawChart(el); },
//	  updated(el, ctx) { this.chart.refresh(); },
//	  destroyed(el, ctx) { this.chart.dispose(); },
//	};
//
// The runtime calls these callbacks, each optional, as fn.call(ctx, el,
// ctx):
//
//   - mounted: the element is in the page (after the first load, or once
//     an update inserted it);
//   - updated: an update patched the element's key, or a morph changed
//     the element;
//   - destroyed: the element left the page, or its data-tether-hook
//     changed;
//   - disconnected: the connection to the server dropped;
//   - reconnected: the connection is back.
//
// ctx lives as long as the element is mounted, so a hook may keep its own
// state on this (which is ctx). ctx.el is the element, and
// ctx.pushEvent(action, data) sends an event to the server: its Type is
// "push", its Action is action and its Data is data, an object of strings,
// numbers, booleans and lists of strings. window.Tether.pushEvent(action,
// data) does the same from any script. An exception in a callback is
// logged to the console and does not stop the runtime.
func Hook(name string) Option {
	need("Hook", "name", name)
	return func(el node.Element) { set(el, attrHook, name) }
}

// Ignore makes morphs leave the element, its attributes and its children
// alone after it is first inserted, so state owned by the browser or a
// [Hook] (an editor, a third-party widget) survives server updates. It
// writes data-tether-ignore="" (an empty, boolean-style attribute).
func Ignore() Option {
	return func(el node.Element) { set(el, attrIgnore, "") }
}

// Link makes an <a href> navigate on the client, without a full page
// reload: the runtime intercepts the click, updates the history and asks
// the server for the new page over the live connection. Modified clicks
// (ctrl, meta, shift, middle button) and links with a target keep the
// browser's behaviour. Use it on an <a> that has an href. It writes
// data-tether-link="" (an empty, boolean-style attribute).
func Link() Option {
	return func(el node.Element) { set(el, attrLink, "") }
}
