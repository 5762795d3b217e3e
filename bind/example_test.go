package bind_test

import (
	"fmt"
	"time"

	"github.com/jpl-au/fluent/html5/a"
	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/canvas"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/form"
	"github.com/jpl-au/fluent/html5/input"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/tetherui/tether/bind"
)

func ExampleApply() {
	page := div.New(
		span.Text("0"),
		bind.Apply(button.Text("+1"), bind.OnClick("increment")),
	)
	fmt.Println(string(page.Render()))
	// Output: <div><span>0</span><button data-tether-click="increment">+1</button></div>
}

func ExampleClick() {
	fmt.Println(string(bind.Apply(button.Text("Delete"), bind.Click("delete")).Render()))
	// Output: <button data-tether-click="delete">Delete</button>
}

func ExampleOnClick() {
	fmt.Println(string(bind.Apply(button.Text("+1"), bind.OnClick("increment")).Render()))
	// Output: <button data-tether-click="increment">+1</button>
}

func ExampleDblClick() {
	fmt.Println(string(bind.Apply(span.Text("Buy milk"), bind.DblClick("edit"), bind.Value("id", "3")).Render()))
	// Output: <span data-tether-dblclick="edit" data-tether-value-id="3">Buy milk</span>
}

func ExampleSubmit() {
	f := bind.Apply(form.New(input.New().Name("title"), button.Text("Add")), bind.Submit("add"))
	fmt.Println(string(f.Render()))
	// Output: <form data-tether-submit="add"><input name="title" /><button>Add</button></form>
}

func ExampleInput() {
	q := bind.Apply(input.New().Name("q"), bind.Input("search"), bind.Debounce(300*time.Millisecond))
	fmt.Println(string(q.Render()))
	// Output: <input name="q" data-tether-input="search" data-tether-debounce="300" />
}

func ExampleChange() {
	fmt.Println(string(bind.Apply(input.New().Name("done"), bind.Change("toggle")).Render()))
	// Output: <input name="done" data-tether-change="toggle" />
}

func ExampleKeyDown() {
	fmt.Println(string(bind.Apply(input.New(), bind.KeyDown("typing")).Render()))
	// Enter saves, Escape cancels: one element, two filters.
	edit := bind.Apply(input.New().Name("title"), bind.KeyDown("save", "Enter"), bind.KeyDown("cancel", "Escape"))
	fmt.Println(string(edit.Render()))
	// Output:
	// <input data-tether-keydown="typing" />
	// <input name="title" data-tether-keydown-keys="{&#34;Enter&#34;:&#34;save&#34;,&#34;Escape&#34;:&#34;cancel&#34;}" />
}

func ExampleKeyUp() {
	fmt.Println(string(bind.Apply(input.New(), bind.KeyUp("cancel", "Escape")).Render()))
	// Output: <input data-tether-keyup-keys="{&#34;Escape&#34;:&#34;cancel&#34;}" />
}

func ExampleFocus() {
	fmt.Println(string(bind.Apply(input.New(), bind.Focus("editing")).Render()))
	// Output: <input data-tether-focus="editing" />
}

func ExampleBlur() {
	fmt.Println(string(bind.Apply(input.New().Name("email"), bind.Blur("validate")).Render()))
	// Output: <input name="email" data-tether-blur="validate" />
}

func ExampleWindowKeyDown() {
	fmt.Println(string(bind.Apply(div.New(), bind.WindowKeyDown("close", "Escape")).Render()))
	// Output: <div data-tether-window-keydown-keys="{&#34;Escape&#34;:&#34;close&#34;}"></div>
}

func ExampleWindowKeyUp() {
	fmt.Println(string(bind.Apply(div.New(), bind.WindowKeyUp("release", "Shift")).Render()))
	// Output: <div data-tether-window-keyup-keys="{&#34;Shift&#34;:&#34;release&#34;}"></div>
}

func ExampleWindowFocus() {
	fmt.Println(string(bind.Apply(div.New(), bind.WindowFocus("refresh")).Render()))
	// Output: <div data-tether-window-focus="refresh"></div>
}

func ExampleWindowBlur() {
	fmt.Println(string(bind.Apply(div.New(), bind.WindowBlur("away")).Render()))
	// Output: <div data-tether-window-blur="away"></div>
}

func ExampleWindowResize() {
	el := bind.Apply(div.New(), bind.WindowResize("layout"), bind.Debounce(200*time.Millisecond))
	fmt.Println(string(el.Render()))
	// Output: <div data-tether-window-resize="layout" data-tether-debounce="200"></div>
}

func ExampleWindowScroll() {
	el := bind.Apply(div.New(), bind.WindowScroll("more"), bind.Throttle(100*time.Millisecond))
	fmt.Println(string(el.Render()))
	// Output: <div data-tether-window-scroll="more" data-tether-throttle="100"></div>
}

func ExampleValue() {
	el := bind.Apply(button.Text("Remove"), bind.Click("remove"), bind.Value("id", "42"))
	fmt.Println(string(el.Render()))
	// Output: <button data-tether-click="remove" data-tether-value-id="42">Remove</button>
}

func ExampleDebounce() {
	el := bind.Apply(input.New().Name("q"), bind.Input("search"), bind.Debounce(250*time.Millisecond))
	fmt.Println(string(el.Render()))
	// Output: <input name="q" data-tether-input="search" data-tether-debounce="250" />
}

func ExampleDebounceBlur() {
	el := bind.Apply(input.New().Name("email"), bind.Input("validate"), bind.DebounceBlur())
	fmt.Println(string(el.Render()))
	// Output: <input name="email" data-tether-input="validate" data-tether-debounce="blur" />
}

func ExampleThrottle() {
	el := bind.Apply(input.New().Name("volume"), bind.Input("volume"), bind.Throttle(time.Second/10))
	fmt.Println(string(el.Render()))
	// Output: <input name="volume" data-tether-input="volume" data-tether-throttle="100" />
}

func ExampleBindText() {
	fmt.Println(string(bind.Apply(span.Text("-"), bind.BindText("status")).Render()))
	// Output: <span data-tether-bind-text="status">-</span>
}

func ExampleBindShow() {
	fmt.Println(string(bind.Apply(div.Text("Saved"), bind.BindShow("saved")).Render()))
	// Output: <div data-tether-bind-show="saved">Saved</div>
}

func ExampleBindClass() {
	el := bind.Apply(div.New(),
		bind.BindClass("open", "menuOpen"),
		bind.BindClass("md:hidden", "compact"),
	)
	fmt.Println(string(el.Render()))
	// Output: <div data-tether-bind-class="open:menuOpen md:hidden:compact"></div>
}

func ExampleBindAttr() {
	el := bind.Apply(button.Text("Menu"),
		bind.BindAttr("aria-expanded", "menuOpen"),
		bind.BindAttr("disabled", "busy"),
	)
	fmt.Println(string(el.Render()))
	// Output: <button data-tether-bind-attr="aria-expanded:menuOpen disabled:busy">Menu</button>
}

func ExampleJS() {
	el := bind.Apply(button.Text("Menu"),
		bind.JS(bind.ToggleClass("#menu", "open"), bind.ToggleSignal("menuOpen")),
	)
	fmt.Println(string(el.Render()))
	// Output: <button data-tether-js="[[&#34;toggleClass&#34;,&#34;#menu&#34;,&#34;open&#34;],[&#34;toggleSignal&#34;,&#34;menuOpen&#34;]]">Menu</button>
}

func ExampleJSOn() {
	el := bind.Apply(div.New(),
		bind.JS(bind.AddClass("this", "hover")),
		bind.JSOn("mouseenter"),
	)
	fmt.Println(string(el.Render()))
	// Output: <div data-tether-js="[[&#34;addClass&#34;,&#34;this&#34;,&#34;hover&#34;]]" data-tether-js-on="mouseenter"></div>
}

func ExampleCommand() {
	fmt.Println(bind.SetAttr("#panel", "aria-hidden", "false"))
	// Output: ["setAttr","#panel","aria-hidden","false"]
}

func ExampleToggleClass() {
	fmt.Println(bind.ToggleClass("#menu", "open"))
	fmt.Println(string(bind.Apply(button.Text("Menu"), bind.JS(bind.ToggleClass("#menu", "open"))).Render()))
	// Output:
	// ["toggleClass","#menu","open"]
	// <button data-tether-js="[[&#34;toggleClass&#34;,&#34;#menu&#34;,&#34;open&#34;]]">Menu</button>
}

func ExampleAddClass() {
	fmt.Println(bind.AddClass("this", "active"))
	fmt.Println(string(bind.Apply(button.Text("Pick"), bind.JS(bind.AddClass("this", "active"))).Render()))
	// Output:
	// ["addClass","this","active"]
	// <button data-tether-js="[[&#34;addClass&#34;,&#34;this&#34;,&#34;active&#34;]]">Pick</button>
}

func ExampleRemoveClass() {
	fmt.Println(bind.RemoveClass(".tab", "active"))
	fmt.Println(string(bind.Apply(button.Text("Reset"), bind.JS(bind.RemoveClass(".tab", "active"))).Render()))
	// Output:
	// ["removeClass",".tab","active"]
	// <button data-tether-js="[[&#34;removeClass&#34;,&#34;.tab&#34;,&#34;active&#34;]]">Reset</button>
}

func ExampleToggleAttr() {
	fmt.Println(bind.ToggleAttr("#details", "hidden"))
	fmt.Println(string(bind.Apply(button.Text("More"), bind.JS(bind.ToggleAttr("#details", "hidden"))).Render()))
	// Output:
	// ["toggleAttr","#details","hidden"]
	// <button data-tether-js="[[&#34;toggleAttr&#34;,&#34;#details&#34;,&#34;hidden&#34;]]">More</button>
}

func ExampleSetAttr() {
	fmt.Println(bind.SetAttr("this", "aria-pressed", "true"))
	fmt.Println(string(bind.Apply(button.Text("Bold"), bind.JS(bind.SetAttr("this", "aria-pressed", "true"))).Render()))
	// Output:
	// ["setAttr","this","aria-pressed","true"]
	// <button data-tether-js="[[&#34;setAttr&#34;,&#34;this&#34;,&#34;aria-pressed&#34;,&#34;true&#34;]]">Bold</button>
}

func ExampleRemoveAttr() {
	fmt.Println(bind.RemoveAttr("#save", "disabled"))
	fmt.Println(string(bind.Apply(input.New(), bind.JS(bind.RemoveAttr("#save", "disabled")), bind.JSOn("input")).Render()))
	// Output:
	// ["removeAttr","#save","disabled"]
	// <input data-tether-js="[[&#34;removeAttr&#34;,&#34;#save&#34;,&#34;disabled&#34;]]" data-tether-js-on="input" />
}

func ExampleSetSignal() {
	fmt.Println(bind.SetSignal("tab", "billing"))
	fmt.Println(bind.SetSignal("count", 3))
	fmt.Println(string(bind.Apply(button.Text("Billing"), bind.JS(bind.SetSignal("tab", "billing"))).Render()))
	// Output:
	// ["setSignal","tab","billing"]
	// ["setSignal","count",3]
	// <button data-tether-js="[[&#34;setSignal&#34;,&#34;tab&#34;,&#34;billing&#34;]]">Billing</button>
}

func ExampleToggleSignal() {
	fmt.Println(bind.ToggleSignal("menuOpen"))
	fmt.Println(string(bind.Apply(button.Text("Menu"), bind.JS(bind.ToggleSignal("menuOpen"))).Render()))
	// Output:
	// ["toggleSignal","menuOpen"]
	// <button data-tether-js="[[&#34;toggleSignal&#34;,&#34;menuOpen&#34;]]">Menu</button>
}

func ExampleShow() {
	fmt.Println(bind.Show("#help"))
	fmt.Println(string(bind.Apply(button.Text("Help"), bind.JS(bind.Show("#help"))).Render()))
	// Output:
	// ["show","#help"]
	// <button data-tether-js="[[&#34;show&#34;,&#34;#help&#34;]]">Help</button>
}

func ExampleHide() {
	fmt.Println(bind.Hide("#help"))
	fmt.Println(string(bind.Apply(button.Text("Close"), bind.JS(bind.Hide("#help"))).Render()))
	// Output:
	// ["hide","#help"]
	// <button data-tether-js="[[&#34;hide&#34;,&#34;#help&#34;]]">Close</button>
}

func ExampleDispatch() {
	fmt.Println(bind.Dispatch("chart:reset"))
	fmt.Println(string(bind.Apply(button.Text("Reset"), bind.JS(bind.Dispatch("chart:reset"))).Render()))
	// Output:
	// ["dispatch","chart:reset"]
	// <button data-tether-js="[[&#34;dispatch&#34;,&#34;chart:reset&#34;]]">Reset</button>
}

func ExampleTransition() {
	el := bind.Apply(div.Text("Saved"),
		bind.BindShow("saved"),
		bind.Transition(
			[3]string{"opacity-0", "transition duration-200", "opacity-100"},
			[3]string{"opacity-100", "transition duration-200", "opacity-0"},
		),
	)
	fmt.Println(string(el.Render()))
	// Output: <div data-tether-bind-show="saved" data-tether-transition-enter="[&#34;opacity-0&#34;,&#34;transition duration-200&#34;,&#34;opacity-100&#34;]" data-tether-transition-leave="[&#34;opacity-100&#34;,&#34;transition duration-200&#34;,&#34;opacity-0&#34;]">Saved</div>
}

func ExampleTransitionEnter() {
	el := bind.Apply(div.New(), bind.TransitionEnter("opacity-0", "transition", "opacity-100"))
	fmt.Println(string(el.Render()))
	// Output: <div data-tether-transition-enter="[&#34;opacity-0&#34;,&#34;transition&#34;,&#34;opacity-100&#34;]"></div>
}

func ExampleTransitionLeave() {
	el := bind.Apply(div.New(), bind.TransitionLeave("", "transition", "opacity-0"))
	fmt.Println(string(el.Render()))
	// Output: <div data-tether-transition-leave="[&#34;&#34;,&#34;transition&#34;,&#34;opacity-0&#34;]"></div>
}

func ExampleHook() {
	fmt.Println(string(bind.Apply(canvas.New(), bind.Hook("chart")).Render()))
	// Output: <canvas data-tether-hook="chart"></canvas>
}

func ExampleIgnore() {
	fmt.Println(string(bind.Apply(div.New(), bind.Hook("editor"), bind.Ignore()).Render()))
	// Output: <div data-tether-hook="editor" data-tether-ignore=""></div>
}

func ExampleLink() {
	fmt.Println(string(bind.Apply(a.New().Href("/settings").Text("Settings"), bind.Link()).Render()))
	// Output: <a href="/settings" data-tether-link="">Settings</a>
}

// A title and a link from user input: Fluent's own .Title and .Href would
// write them verbatim, and the first would end the attribute.
func ExampleAttr() {
	name := `x" onmouseover="alert(1)`
	el := bind.Apply(a.Text(name), bind.Attr("title", name), bind.Attr("href", "javascript:alert(1)"))
	fmt.Println(string(el.Render()))
	// Output: <a title="x&#34; onmouseover=&#34;alert(1)" href="about:invalid#tether-unsafe-url">x&#34; onmouseover=&#34;alert(1)</a>
}

func ExampleHref() {
	for _, url := range []string{"https://example.com/a?b=1&c=2", "/todos/7", "mailto:ann@example.com", " JaVa\tScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>"} {
		fmt.Println(string(bind.Apply(a.Text("link"), bind.Href(url)).Render()))
	}
	// Output:
	// <a href="https://example.com/a?b=1&amp;c=2">link</a>
	// <a href="/todos/7">link</a>
	// <a href="mailto:ann@example.com">link</a>
	// <a href="about:invalid#tether-unsafe-url">link</a>
	// <a href="about:invalid#tether-unsafe-url">link</a>
}

func ExampleTitle() {
	fmt.Println(string(bind.Apply(span.Text("?"), bind.Title(`"><img src=x onerror=alert(1)>`)).Render()))
	// Output: <span title="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;">?</span>
}
