package bind

import (
	"encoding/json"
	"fmt"

	"github.com/jpl-au/fluent/node"
)

// A Command is one client-side instruction for [JS], run by the browser
// with no round trip to the server. Build it with one of the constructors
// ([ToggleClass], [AddClass], [RemoveClass], [ToggleAttr], [SetAttr],
// [RemoveAttr], [SetSignal], [ToggleSignal], [Show], [Hide], [Dispatch]).
//
// A Command encodes as a JSON array whose first element is the command
// name and whose remaining elements are its arguments, in the order of
// the constructor's parameters:
//
//	["toggleClass", selector, class]
//	["addClass", selector, class]
//	["removeClass", selector, class]
//	["toggleAttr", selector, attr]
//	["setAttr", selector, attr, value]
//	["removeAttr", selector, attr]
//	["setSignal", name, value]        value is any JSON value
//	["toggleSignal", name]
//	["show", selector]
//	["hide", selector]
//	["dispatch", event]
//
// A selector is a CSS selector passed to document.querySelectorAll, and
// the command applies to every match; the selector "this" means the
// element carrying the directive.
type Command struct {
	raw json.RawMessage
}

// MarshalJSON returns the command's JSON array.
func (c Command) MarshalJSON() ([]byte, error) {
	if c.raw == nil {
		return nil, fmt.Errorf("bind: zero Command; build one with a constructor such as ToggleClass")
	}
	return c.raw, nil
}

// String returns the command's JSON array, unescaped.
func (c Command) String() string { return string(c.raw) }

func command(fn string, args ...any) Command {
	raw, err := json.Marshal(args)
	if err != nil {
		panic(fmt.Sprintf("bind: %s: value cannot be encoded as JSON: %v", fn, err))
	}
	return Command{raw: raw}
}

// ToggleClass toggles class on the elements matching selector. class is
// one class name or several separated by spaces, each toggled.
// It encodes as ["toggleClass",selector,class].
func ToggleClass(selector, class string) Command {
	need("ToggleClass", "selector", selector)
	need("ToggleClass", "class", class)
	return command("ToggleClass", "toggleClass", selector, class)
}

// AddClass adds class (one name or several separated by spaces) to the
// elements matching selector.
// It encodes as ["addClass",selector,class].
func AddClass(selector, class string) Command {
	need("AddClass", "selector", selector)
	need("AddClass", "class", class)
	return command("AddClass", "addClass", selector, class)
}

// RemoveClass removes class (one name or several separated by spaces)
// from the elements matching selector.
// It encodes as ["removeClass",selector,class].
func RemoveClass(selector, class string) Command {
	need("RemoveClass", "selector", selector)
	need("RemoveClass", "class", class)
	return command("RemoveClass", "removeClass", selector, class)
}

// ToggleAttr toggles the boolean attribute attr (present and empty, or
// absent) on the elements matching selector: hidden, open, disabled. For
// attributes with values, such as aria-expanded, use [SetAttr].
// It encodes as ["toggleAttr",selector,attr].
func ToggleAttr(selector, attr string) Command {
	need("ToggleAttr", "selector", selector)
	token("ToggleAttr", "attr", attr)
	return command("ToggleAttr", "toggleAttr", selector, attr)
}

// SetAttr sets attribute attr to value on the elements matching selector.
// It encodes as ["setAttr",selector,attr,value].
func SetAttr(selector, attr, value string) Command {
	need("SetAttr", "selector", selector)
	token("SetAttr", "attr", attr)
	return command("SetAttr", "setAttr", selector, attr, value)
}

// RemoveAttr removes attribute attr from the elements matching selector.
// It encodes as ["removeAttr",selector,attr].
func RemoveAttr(selector, attr string) Command {
	need("RemoveAttr", "selector", selector)
	token("RemoveAttr", "attr", attr)
	return command("RemoveAttr", "removeAttr", selector, attr)
}

// SetSignal sets the client-side signal name to value, updating every
// element bound to it ([BindText], [BindShow], [BindClass], [BindAttr]).
// value is encoded with encoding/json, so it may be a string, number,
// bool, nil, slice, map or struct; SetSignal panics if it cannot be
// encoded. It encodes as ["setSignal",name,value].
func SetSignal(name string, value any) Command {
	need("SetSignal", "signal name", name)
	return command("SetSignal", "setSignal", name, value)
}

// ToggleSignal sets the signal name to the negation of its truthiness
// (an unset signal becomes true). It encodes as ["toggleSignal",name].
func ToggleSignal(name string) Command {
	need("ToggleSignal", "signal name", name)
	return command("ToggleSignal", "toggleSignal", name)
}

// Show shows the elements matching selector by removing their hidden
// attribute, running their enter transition (see [Transition]) if they
// have one. It encodes as ["show",selector].
func Show(selector string) Command {
	need("Show", "selector", selector)
	return command("Show", "show", selector)
}

// Hide hides the elements matching selector by setting their hidden
// attribute, after their leave transition (see [Transition]) if they
// have one. It encodes as ["hide",selector].
func Hide(selector string) Command {
	need("Hide", "selector", selector)
	return command("Hide", "hide", selector)
}

// Dispatch dispatches a bubbling CustomEvent named event from the element
// carrying the directive, for hooks or other scripts to listen for. It
// encodes as ["dispatch",event].
func Dispatch(event string) Command {
	need("Dispatch", "event", event)
	return command("Dispatch", "dispatch", event)
}

// JS runs cmds in the browser, in order, when the element's trigger event
// fires ("click" unless [JSOn] names another), with no round trip to the
// server: open a menu, toggle a panel, set a signal. It writes
// data-tether-js to a JSON array of the commands (each itself an array,
// see [Command]), HTML-escaped:
//
//	bind.JS(bind.ToggleClass("#menu", "open"), bind.SetSignal("menuOpen", true))
//	data-tether-js="[[&#34;toggleClass&#34;,&#34;#menu&#34;,&#34;open&#34;],[&#34;setSignal&#34;,&#34;menuOpen&#34;,true]]"
//
// which the browser hands to the runtime as
// [["toggleClass","#menu","open"],["setSignal","menuOpen",true]].
//
// Several JS options on one element accumulate into the one array. When
// the element also binds a server event to the same DOM event (say
// [Click]), the commands run first and the event is sent after. JS
// panics on a zero Command.
func JS(cmds ...Command) Option {
	for _, c := range cmds {
		if c.raw == nil {
			panic("bind: JS: zero Command; build one with a constructor such as ToggleClass")
		}
	}
	return func(el node.Element) {
		var all []json.RawMessage
		if cur, ok := get(el, attrJS); ok {
			// A value this package did not write is replaced, not merged.
			if json.Unmarshal([]byte(cur), &all) != nil {
				all = nil
			}
		}
		for _, c := range cmds {
			all = append(all, c.raw)
		}
		if all == nil {
			all = []json.RawMessage{}
		}
		raw, err := json.Marshal(all)
		if err != nil {
			panic(fmt.Sprintf("bind: JS: %v", err))
		}
		set(el, attrJS, string(raw))
	}
}

// JSOn names the DOM event that triggers the element's [JS] commands,
// instead of the default "click": "submit", "input", "change",
// "mouseenter", "keydown" and so on (the name passed to
// addEventListener). It writes data-tether-js-on="event".
func JSOn(event string) Option {
	need("JSOn", "event", event)
	return func(el node.Element) { set(el, attrJSOn, event) }
}
