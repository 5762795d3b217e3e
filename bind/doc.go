// Package bind annotates Fluent elements with the data-tether-* attributes
// that tether's browser runtime reads. It is the only place those attribute
// names are spelled out on the Go side: an application never writes one by
// hand, and the runtime understands exactly the names this package emits.
//
// Every helper returns an [Option]; [Apply] applies options to an element
// and returns the element, so a bound element nests wherever a child node
// is expected:
//
//	div.New(
//		span.Text("0"),
//		bind.Apply(button.Text("+1"), bind.OnClick("increment")),
//	)
//
// The helper families are:
//
//   - Events, sent to the server's Handle as an action: [Click] (alias
//     [OnClick]), [Submit], [Input], [Change], [KeyDown], [KeyUp], [Focus],
//     [Blur], and the window-level [WindowKeyDown], [WindowKeyUp],
//     [WindowFocus], [WindowBlur], [WindowResize] and [WindowScroll].
//   - Extra event values: [Value].
//   - Timing of the events bound on an element: [Debounce], [DebounceBlur]
//     and [Throttle].
//   - Client-side signals: [BindText], [BindShow], [BindClass], [BindAttr].
//   - Client directives that run in the browser with no round trip: [JS]
//     and [JSOn], taking the [Command] values built by [ToggleClass],
//     [AddClass], [RemoveClass], [ToggleAttr], [SetAttr], [RemoveAttr],
//     [SetSignal], [ToggleSignal], [Show], [Hide] and [Dispatch].
//   - Enter and leave transitions: [Transition], [TransitionEnter],
//     [TransitionLeave].
//   - Escape hatches: [Hook] (a client-side JavaScript hook) and [Ignore]
//     (morphs leave the element alone).
//   - Navigation: [Link] (client-side navigation without a reload).
//
// # Escaping
//
// Fluent writes SetAttribute values verbatim, so this package
// HTML-escapes every value it stores (html.EscapeString: & < > " and ').
// Attribute names are fixed strings from this package, except the suffix
// of [Value], which is validated. Values that are JSON ([JS], the
// transitions) are encoded with encoding/json first and then escaped, so
// the rendered attribute reads, for example,
//
//	data-tether-js="[[&#34;toggleClass&#34;,&#34;#menu&#34;,&#34;open&#34;]]"
//
// which the browser decodes to [["toggleClass","#menu","open"]] before
// the runtime sees it.
//
// # Repeated options
//
// Fluent's SetAttribute replaces the value of an attribute that is already
// set (it never adds a duplicate). Most options therefore follow "last one
// wins". The list-valued attributes instead accumulate, so several options
// compose on one element: [BindClass] and [BindAttr] append pairs, [JS]
// appends commands, and the key filters of [KeyDown], [KeyUp],
// [WindowKeyDown] and [WindowKeyUp] are merged. Accumulation reads the
// current value back through the Attributes method every Fluent html5
// element has; on an element without that method, a later option
// replaces an earlier one.
//
// # Programming errors
//
// Arguments that can only be wrong in the source code (an empty action, a
// [Value] name with upper-case letters, a class name with a space, a
// negative duration, a [SetSignal] value JSON cannot encode) make the
// helper panic with a message starting "bind:". Hostile data, such as a
// user-supplied string passed as a value, is never rejected: it is escaped.
package bind
