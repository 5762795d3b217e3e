package bind

import (
	"fmt"
	"html"
	"strings"

	"github.com/jpl-au/fluent/node"
)

// An Option annotates an element with one or more data-tether-*
// attributes. Options are plain functions, so a set of options can be kept
// in a slice and applied with Apply(el, opts...).
type Option func(node.Element)

// Apply applies opts to el, in order, and returns el. Because it returns
// its argument with the concrete type unchanged, a bound element nests
// directly as a child node and keeps its typed Fluent methods:
//
//	div.New(bind.Apply(button.Text("+1"), bind.OnClick("increment")))
//
// Nil options are skipped.
func Apply[E node.Element](el E, opts ...Option) E {
	for _, opt := range opts {
		if opt != nil {
			opt(el)
		}
	}
	return el
}

// Attribute names. The runtime reads exactly these; keep them in step
// with it.
const (
	prefix = "data-tether-"

	attrClick         = prefix + "click"
	attrDblClick      = prefix + "dblclick"
	attrSubmit        = prefix + "submit"
	attrInput         = prefix + "input"
	attrChange        = prefix + "change"
	attrKeyDown       = prefix + "keydown"
	attrKeyUp         = prefix + "keyup"
	attrFocus         = prefix + "focus"
	attrBlur          = prefix + "blur"
	attrWindowKeyDown = prefix + "window-keydown"
	attrWindowKeyUp   = prefix + "window-keyup"
	attrWindowFocus   = prefix + "window-focus"
	attrWindowBlur    = prefix + "window-blur"
	attrWindowResize  = prefix + "window-resize"
	attrWindowScroll  = prefix + "window-scroll"
	attrValuePrefix   = prefix + "value-"
	attrDebounce      = prefix + "debounce"
	attrThrottle      = prefix + "throttle"
	attrBindText      = prefix + "bind-text"
	attrBindShow      = prefix + "bind-show"
	attrBindClass     = prefix + "bind-class"
	attrBindAttr      = prefix + "bind-attr"
	attrJS            = prefix + "js"
	attrJSOn          = prefix + "js-on"
	attrTransitionIn  = prefix + "transition-enter"
	attrTransitionOut = prefix + "transition-leave"
	attrHook          = prefix + "hook"
	attrIgnore        = prefix + "ignore"
	attrLink          = prefix + "link"
)

// set stores value under key, HTML-escaped: Fluent writes attribute
// values verbatim between double quotes.
func set(el node.Element, key, value string) {
	el.SetAttribute(key, html.EscapeString(value))
}

// attributer is implemented by every Fluent html5 element; it exposes the
// slice SetAttribute writes into, which is the only way to read a value
// back through node.Element.
type attributer interface {
	Attributes() *[]node.Attribute
}

// get returns the unescaped current value of key, and whether the
// element has it. An element that cannot report its attributes has none
// as far as accumulation is concerned.
func get(el node.Element, key string) (string, bool) {
	a, ok := el.(attributer)
	if !ok {
		return "", false
	}
	attrs := a.Attributes()
	if attrs == nil {
		return "", false
	}
	for _, at := range *attrs {
		if at.Key == key {
			return html.UnescapeString(at.Value), true
		}
	}
	return "", false
}

// appendList adds items to the sep-separated list stored under key,
// skipping items already present, and stores the result.
func appendList(el node.Element, key, sep string, items ...string) {
	var list []string
	if cur, ok := get(el, key); ok && cur != "" {
		list = strings.Split(cur, sep)
	}
	for _, it := range items {
		if !contains(list, it) {
			list = append(list, it)
		}
	}
	set(el, key, strings.Join(list, sep))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// need panics when a required argument is empty.
func need(fn, what, s string) {
	if s == "" {
		panic(fmt.Sprintf("bind: %s: empty %s", fn, what))
	}
}

// token panics unless s is non-empty and free of whitespace, for names
// that end up in a space-separated list.
func token(fn, what, s string) {
	need(fn, what, s)
	if strings.ContainsAny(s, " \t\n\r\f") {
		panic(fmt.Sprintf("bind: %s: %s %q contains whitespace", fn, what, s))
	}
}
