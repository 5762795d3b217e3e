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
//     [OnClick]), [DblClick], [Submit], [Input], [Change], [KeyDown],
//     [KeyUp], [Focus], [Blur], and the window-level [WindowKeyDown], [WindowKeyUp],
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
//   - User data in attributes: [Attr], [Href], [Title] (see Escaping).
//
// # Event data
//
// Every event reaches Handle as a tether.Event whose Type is the binding
// ("click", "window-resize", ...), whose Action is the bound action and
// whose Data holds:
//
//	binding                       Data keys
//	Click, DblClick, Focus        none
//	WindowFocus, WindowBlur       none
//	Input, Change, Blur           "value" (a list for <select multiple>),
//	                              "checked" (bool, checkboxes only);
//	                              on a <form>, every field as for Submit
//	Submit                        every named, enabled field of the form
//	KeyDown, KeyUp                "key" (KeyboardEvent.key)
//	WindowKeyDown, WindowKeyUp    "key"
//	WindowResize                  "width", "height" (numbers)
//	WindowScroll                  "x", "y" (numbers)
//	Hook's ctx.pushEvent          the object the hook passes (Type "push")
//
// plus, on every binding, each [Value] of the element under its name, as
// a string that replaces a datum of the same name. Values are strings,
// numbers, booleans, or lists of strings for multi-valued form fields;
// read them with the Event's Get, Int, Float64, Bool and Strings.
//
// # Escaping
//
// Fluent writes attribute values verbatim: its typed setters (Title,
// Class, Href, ID, Value, ...) and SetAttribute alike. This package
// HTML-escapes every value it stores (html.EscapeString: & < > " and '),
// so [Attr], [Href] and [Title] are the way to put user data into an
// attribute; docs/security.md lists what is raw and what is not.
// Attribute names are fixed strings from this package, except the suffix
// of [Value] and the name given to [Attr], which are validated. Values
// that are JSON ([JS], the transitions, key filters) are encoded with
// encoding/json first and then escaped, so the rendered attribute reads,
// for example,
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
// appends commands, and the filtered bindings of [KeyDown], [KeyUp],
// [WindowKeyDown] and [WindowKeyUp] add their keys, each key keeping its
// own action. Accumulation reads the
// current value back through the Attributes method every Fluent html5
// element has; on an element without that method, a later option
// replaces an earlier one.
//
// # Programming errors
//
// Arguments that can only be wrong in the source code (an empty action, a
// [Value] name with upper-case letters, a class name with a space, a
// negative duration, a [SetSignal] value JSON cannot encode, an [Attr]
// name such as onclick) make the helper panic with a message starting
// "bind:". Hostile data, such as a user-supplied string passed as a
// value, never makes a helper panic: it is escaped, and a URL [Attr]
// refuses is replaced by an inert one.
package bind
