package bind_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jpl-au/fluent/html5/a"
	"github.com/jpl-au/fluent/html5/button"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/input"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/bind"
)

// render applies opts to an empty <div> and returns the HTML.
func render(opts ...bind.Option) string {
	return string(bind.Apply(div.New(), opts...).Render())
}

func TestEachHelperAttribute(t *testing.T) {
	tests := []struct {
		name string
		opt  bind.Option
		want string
	}{
		{"Click", bind.Click("go"), `<div data-tether-click="go"></div>`},
		{"OnClick", bind.OnClick("go"), `<div data-tether-click="go"></div>`},
		{"Submit", bind.Submit("save"), `<div data-tether-submit="save"></div>`},
		{"Input", bind.Input("type"), `<div data-tether-input="type"></div>`},
		{"Change", bind.Change("pick"), `<div data-tether-change="pick"></div>`},
		{"KeyDown", bind.KeyDown("k"), `<div data-tether-keydown="k"></div>`},
		{"KeyDown keys", bind.KeyDown("k", "Enter", "Escape"), `<div data-tether-keydown-keys="{&#34;Enter&#34;:&#34;k&#34;,&#34;Escape&#34;:&#34;k&#34;}"></div>`},
		{"KeyUp", bind.KeyUp("k"), `<div data-tether-keyup="k"></div>`},
		{"KeyUp keys", bind.KeyUp("k", " "), `<div data-tether-keyup-keys="{&#34; &#34;:&#34;k&#34;}"></div>`},
		{"DblClick", bind.DblClick("edit"), `<div data-tether-dblclick="edit"></div>`},
		{"Focus", bind.Focus("f"), `<div data-tether-focus="f"></div>`},
		{"Blur", bind.Blur("b"), `<div data-tether-blur="b"></div>`},
		{"WindowKeyDown", bind.WindowKeyDown("w"), `<div data-tether-window-keydown="w"></div>`},
		{"WindowKeyDown keys", bind.WindowKeyDown("w", "/"), `<div data-tether-window-keydown-keys="{&#34;/&#34;:&#34;w&#34;}"></div>`},
		{"WindowKeyUp", bind.WindowKeyUp("w", "Shift"), `<div data-tether-window-keyup-keys="{&#34;Shift&#34;:&#34;w&#34;}"></div>`},
		{"WindowFocus", bind.WindowFocus("w"), `<div data-tether-window-focus="w"></div>`},
		{"WindowBlur", bind.WindowBlur("w"), `<div data-tether-window-blur="w"></div>`},
		{"WindowResize", bind.WindowResize("w"), `<div data-tether-window-resize="w"></div>`},
		{"WindowScroll", bind.WindowScroll("w"), `<div data-tether-window-scroll="w"></div>`},
		{"Value", bind.Value("user-id2", "7"), `<div data-tether-value-user-id2="7"></div>`},
		{"Value empty value", bind.Value("x", ""), `<div data-tether-value-x=""></div>`},
		{"Debounce", bind.Debounce(300 * time.Millisecond), `<div data-tether-debounce="300"></div>`},
		{"Debounce zero", bind.Debounce(0), `<div data-tether-debounce="0"></div>`},
		{"Debounce rounds up", bind.Debounce(1500 * time.Microsecond), `<div data-tether-debounce="2"></div>`},
		{"Debounce tiny", bind.Debounce(time.Nanosecond), `<div data-tether-debounce="1"></div>`},
		{"DebounceBlur", bind.DebounceBlur(), `<div data-tether-debounce="blur"></div>`},
		{"Throttle", bind.Throttle(2 * time.Second), `<div data-tether-throttle="2000"></div>`},
		{"BindText", bind.BindText("s"), `<div data-tether-bind-text="s"></div>`},
		{"BindShow", bind.BindShow("s"), `<div data-tether-bind-show="s"></div>`},
		{"BindClass", bind.BindClass("open", "s"), `<div data-tether-bind-class="open:s"></div>`},
		{"BindAttr", bind.BindAttr("aria-busy", "s"), `<div data-tether-bind-attr="aria-busy:s"></div>`},
		{"JS", bind.JS(bind.Show("#x")), `<div data-tether-js="[[&#34;show&#34;,&#34;#x&#34;]]"></div>`},
		{"JS empty", bind.JS(), `<div data-tether-js="[]"></div>`},
		{"JSOn", bind.JSOn("mouseenter"), `<div data-tether-js-on="mouseenter"></div>`},
		{"TransitionEnter", bind.TransitionEnter("a", "b c", "d"), `<div data-tether-transition-enter="[&#34;a&#34;,&#34;b c&#34;,&#34;d&#34;]"></div>`},
		{"TransitionLeave", bind.TransitionLeave("", "", ""), `<div data-tether-transition-leave="[&#34;&#34;,&#34;&#34;,&#34;&#34;]"></div>`},
		{"Transition", bind.Transition([3]string{"a", "b", "c"}, [3]string{"d", "e", "f"}),
			`<div data-tether-transition-enter="[&#34;a&#34;,&#34;b&#34;,&#34;c&#34;]" data-tether-transition-leave="[&#34;d&#34;,&#34;e&#34;,&#34;f&#34;]"></div>`},
		{"Hook", bind.Hook("chart"), `<div data-tether-hook="chart"></div>`},
		{"Ignore", bind.Ignore(), `<div data-tether-ignore=""></div>`},
		{"Link", bind.Link(), `<div data-tether-link=""></div>`},
		{"Attr", bind.Attr("aria-label", "Close"), `<div aria-label="Close"></div>`},
		{"Href", bind.Href("/todos?page=2"), `<div href="/todos?page=2"></div>`},
		{"Title", bind.Title("Delete"), `<div title="Delete"></div>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(tt.opt); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCommandEncodings(t *testing.T) {
	tests := []struct {
		cmd  bind.Command
		want string
	}{
		{bind.ToggleClass("#menu", "open"), `["toggleClass","#menu","open"]`},
		{bind.AddClass("this", "a b"), `["addClass","this","a b"]`},
		{bind.RemoveClass(".x", "a"), `["removeClass",".x","a"]`},
		{bind.ToggleAttr("#d", "hidden"), `["toggleAttr","#d","hidden"]`},
		{bind.SetAttr("#d", "title", ""), `["setAttr","#d","title",""]`},
		{bind.RemoveAttr("#d", "disabled"), `["removeAttr","#d","disabled"]`},
		{bind.SetSignal("s", nil), `["setSignal","s",null]`},
		{bind.SetSignal("s", true), `["setSignal","s",true]`},
		{bind.SetSignal("s", 1.5), `["setSignal","s",1.5]`},
		{bind.SetSignal("s", []string{"a"}), `["setSignal","s",["a"]]`},
		{bind.SetSignal("s", map[string]int{"n": 1}), `["setSignal","s",{"n":1}]`},
		{bind.ToggleSignal("s"), `["toggleSignal","s"]`},
		{bind.Show("#x"), `["show","#x"]`},
		{bind.Hide("#x"), `["hide","#x"]`},
		{bind.Dispatch("done"), `["dispatch","done"]`},
	}
	for _, tt := range tests {
		if got := tt.cmd.String(); got != tt.want {
			t.Errorf("String() = %s, want %s", got, tt.want)
		}
		b, err := json.Marshal(tt.cmd)
		if err != nil || string(b) != tt.want {
			t.Errorf("json.Marshal = %s, %v; want %s", b, err, tt.want)
		}
	}
	if _, err := json.Marshal(bind.Command{}); err == nil {
		t.Error("json.Marshal(zero Command) succeeded, want an error")
	}
}

func TestEscapesHostileAction(t *testing.T) {
	got := string(bind.Apply(button.Text("x"), bind.Click(`"><script>alert(1)</script>`)).Render())
	want := `<button data-tether-click="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</button>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestEscapesHostileValues(t *testing.T) {
	tests := []struct {
		name string
		opt  bind.Option
		want string
	}{
		{"Value", bind.Value("q", `a&b'c"d<e>`), `<div data-tether-value-q="a&amp;b&#39;c&#34;d&lt;e&gt;"></div>`},
		{"BindText", bind.BindText(`x" onmouseover="alert(1)`), `<div data-tether-bind-text="x&#34; onmouseover=&#34;alert(1)"></div>`},
		{"Hook", bind.Hook(`'/><img src=x>`), `<div data-tether-hook="&#39;/&gt;&lt;img src=x&gt;"></div>`},
		{"KeyDown keys", bind.KeyDown("k", `"`, `<`), `<div data-tether-keydown-keys="{&#34;\&#34;&#34;:&#34;k&#34;,&#34;\u003c&#34;:&#34;k&#34;}"></div>`},
		{"Attr", bind.Attr("title", `x" onmouseover="alert(1)`), `<div title="x&#34; onmouseover=&#34;alert(1)"></div>`},
		{"Title", bind.Title(`"><img src=x onerror=alert(1)>`), `<div title="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"></div>`},
		{"Href quote", bind.Href(`/a" onclick="x`), `<div href="/a&#34; onclick=&#34;x"></div>`},
		{"BindClass", bind.BindClass(`a"b`, `c&d`), `<div data-tether-bind-class="a&#34;b:c&amp;d"></div>`},
		// json.Marshal turns < > & into \u003c \u003e \u0026; the HTML
		// escaping then takes care of the quotes.
		{"JS selector with quotes", bind.JS(bind.AddClass(`a[title="x'y"]`, "on")),
			`<div data-tether-js="[[&#34;addClass&#34;,&#34;a[title=\&#34;x&#39;y\&#34;]&#34;,&#34;on&#34;]]"></div>`},
		{"JS hostile selector", bind.JS(bind.Hide(`"></div><script>x</script>`)),
			`<div data-tether-js="[[&#34;hide&#34;,&#34;\&#34;\u003e\u003c/div\u003e\u003cscript\u003ex\u003c/script\u003e&#34;]]"></div>`},
		{"Transition", bind.TransitionEnter(`"><b>`, "", "&"),
			`<div data-tether-transition-enter="[&#34;\&#34;\u003e\u003cb\u003e&#34;,&#34;&#34;,&#34;\u0026&#34;]"></div>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(tt.opt)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			assertSafe(t, got)
		})
	}
}

// assertSafe checks that the only markup in out is the one <div> tag
// pair and that no attribute value contains a raw quote.
func assertSafe(t *testing.T, out string) {
	t.Helper()
	if strings.Count(out, "<") != 2 || strings.Count(out, ">") != 2 {
		t.Errorf("markup leaked: %s", out)
	}
	open := out[:strings.Index(out, ">")]
	for _, part := range strings.Split(open, `="`)[1:] {
		if strings.Count(part, `"`) != 1 {
			t.Errorf("attribute value broke out of its quotes: %s", out)
		}
	}
}

func TestJSRoundTrip(t *testing.T) {
	// The browser unescapes the attribute; the runtime JSON-parses it.
	sel := `a[title="x'y"] > b & c`
	out := render(bind.JS(bind.AddClass(sel, "on"), bind.SetSignal("v", map[string]any{"k": "<b>"})))
	val := attrValue(t, out, "data-tether-js")
	var cmds [][]any
	if err := json.Unmarshal([]byte(html.UnescapeString(val)), &cmds); err != nil {
		t.Fatalf("attribute is not JSON after unescaping: %v (%s)", err, out)
	}
	if len(cmds) != 2 || cmds[0][0] != "addClass" || cmds[0][1] != sel || cmds[0][2] != "on" {
		t.Errorf("first command = %v", cmds[0])
	}
	if m, ok := cmds[1][2].(map[string]any); !ok || m["k"] != "<b>" {
		t.Errorf("second command = %v", cmds[1])
	}
}

// attrValue returns the raw (still escaped) value of attr in out.
func attrValue(t *testing.T, out, attr string) string {
	t.Helper()
	i := strings.Index(out, " "+attr+`="`)
	if i < 0 {
		t.Fatalf("%s not in %s", attr, out)
	}
	rest := out[i+len(attr)+3:]
	return rest[:strings.IndexByte(rest, '"')]
}

func TestComposeOnOneElement(t *testing.T) {
	el := bind.Apply(input.New().Name("q").Class("search"),
		bind.Input("search"),
		bind.Debounce(300*time.Millisecond),
		bind.KeyDown("clear", "Escape"),
		bind.Value("scope", "all"),
		bind.BindClass("busy", "searching"),
		bind.JS(bind.Show("#results")),
		bind.JSOn("focus"),
	)
	want := `<input name="q" class="search" data-tether-input="search" data-tether-debounce="300" data-tether-keydown-keys="{&#34;Escape&#34;:&#34;clear&#34;}" data-tether-value-scope="all" data-tether-bind-class="busy:searching" data-tether-js="[[&#34;show&#34;,&#34;#results&#34;]]" data-tether-js-on="focus" />`
	if got := string(el.Render()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestBindClassTwice(t *testing.T) {
	got := render(bind.BindClass("open", "menuOpen"), bind.BindClass("dark", "theme"))
	want := `<div data-tether-bind-class="open:menuOpen dark:theme"></div>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestBindClassAcrossApplyCalls(t *testing.T) {
	el := bind.Apply(div.New(), bind.BindClass("open", "a"))
	bind.Apply(el, bind.BindClass("dark", "b"), bind.BindClass("open", "a")) // duplicate pair skipped
	want := `<div data-tether-bind-class="open:a dark:b"></div>`
	if got := string(el.Render()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestBindClassEscapedThenAppended(t *testing.T) {
	got := render(bind.BindClass("a&b", "x"), bind.BindClass("c", "y"))
	want := `<div data-tether-bind-class="a&amp;b:x c:y"></div>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestBindAttrTwice(t *testing.T) {
	got := render(bind.BindAttr("aria-expanded", "open"), bind.BindAttr("xlink:href", "icon"))
	want := `<div data-tether-bind-attr="aria-expanded:open xlink:href:icon"></div>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestJSAccumulates(t *testing.T) {
	got := render(bind.JS(bind.Show("#a")), bind.JS(bind.Hide("#b"), bind.ToggleSignal("s")))
	want := `<div data-tether-js="[[&#34;show&#34;,&#34;#a&#34;],[&#34;hide&#34;,&#34;#b&#34;],[&#34;toggleSignal&#34;,&#34;s&#34;]]"></div>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestJSReplacesForeignValue(t *testing.T) {
	el := div.New()
	el.SetAttribute("data-tether-js", "not json")
	bind.Apply(el, bind.JS(bind.Show("#a")))
	want := `<div data-tether-js="[[&#34;show&#34;,&#34;#a&#34;]]"></div>`
	if got := string(el.Render()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestKeyFiltersPerAction(t *testing.T) {
	got := render(
		bind.KeyDown("save", "Enter"),
		bind.KeyDown("cancel", "Escape"),
		bind.KeyDown("typing"),
		bind.WindowKeyDown("close", "Escape", "Enter"),
		bind.KeyUp("up"),
		bind.KeyDown("submit", "Enter"), // a key named again: the last action wins
	)
	want := `<div data-tether-keydown-keys="{&#34;Enter&#34;:&#34;submit&#34;,&#34;Escape&#34;:&#34;cancel&#34;}" data-tether-keydown="typing" data-tether-window-keydown-keys="{&#34;Enter&#34;:&#34;close&#34;,&#34;Escape&#34;:&#34;close&#34;}" data-tether-keyup="up"></div>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// The browser unescapes the attribute; the runtime JSON-parses it.
	var m map[string]string
	if err := json.Unmarshal([]byte(html.UnescapeString(attrValue(t, got, "data-tether-keydown-keys"))), &m); err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || m["Enter"] != "submit" || m["Escape"] != "cancel" {
		t.Errorf("keydown map = %v", m)
	}
}

func TestKeyFilterAnyKeyName(t *testing.T) {
	// Keys are JSON object keys: a comma, a quote or a space needs no
	// separator rules.
	got := render(bind.KeyUp("k", ",", `"`, " "))
	var m map[string]string
	if err := json.Unmarshal([]byte(html.UnescapeString(attrValue(t, got, "data-tether-keyup-keys"))), &m); err != nil {
		t.Fatal(err)
	}
	if len(m) != 3 || m[","] != "k" || m[`"`] != "k" || m[" "] != "k" {
		t.Errorf("keyup map = %v (%s)", m, got)
	}
}

func TestKeyFilterReplacesForeignValue(t *testing.T) {
	el := div.New()
	el.SetAttribute("data-tether-keydown-keys", "Enter")
	bind.Apply(el, bind.KeyDown("save", "Enter"))
	want := `<div data-tether-keydown-keys="{&#34;Enter&#34;:&#34;save&#34;}"></div>`
	if got := string(el.Render()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestLastWinsForSingleValued(t *testing.T) {
	got := render(bind.Click("a"), bind.Click("b"), bind.Debounce(time.Second), bind.DebounceBlur())
	want := `<div data-tether-click="b" data-tether-debounce="blur"></div>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestApplyKeepsTypeAndNests(t *testing.T) {
	b := button.Text("+1")
	got := bind.Apply(b, bind.OnClick("increment"), nil)
	if got != b {
		t.Fatal("Apply returned a different element")
	}
	// The concrete type is kept: Fluent's typed methods still chain.
	got.Class("btn")
	s := bind.Apply(span.Text("-"), bind.BindText("status"))
	page := div.New(got, s, bind.Apply(a.New().Href("/x"), bind.Link()))
	// Typed attributes render before SetAttribute ones, whatever the call order.
	want := `<div><button class="btn" data-tether-click="increment">+1</button><span data-tether-bind-text="status">-</span><a href="/x" data-tether-link=""></a></div>`
	if out := string(page.Render()); out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestOptionsSlice(t *testing.T) {
	search := []bind.Option{bind.Input("search"), bind.Debounce(200 * time.Millisecond)}
	got := string(bind.Apply(input.New(), search...).Render())
	want := `<input data-tether-input="search" data-tether-debounce="200" />`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// bare is a node.Element that cannot report its attributes, to check the
// fallback when accumulation cannot read the current value.
type bare struct{ attrs [][2]string }

func (b *bare) SetAttribute(k, v string) {
	for i := range b.attrs {
		if b.attrs[i][0] == k {
			b.attrs[i][1] = v
			return
		}
	}
	b.attrs = append(b.attrs, [2]string{k, v})
}
func (b *bare) RenderOpen(buf *bytes.Buffer) {
	buf.WriteString("<x")
	for _, a := range b.attrs {
		buf.WriteString(" " + a[0] + `="` + a[1] + `"`)
	}
	buf.WriteString(">")
}
func (b *bare) RenderClose(buf *bytes.Buffer)   { buf.WriteString("</x>") }
func (b *bare) RenderBuilder(buf *bytes.Buffer) { b.RenderOpen(buf); b.RenderClose(buf) }
func (b *bare) Nodes() []node.Node              { return nil }
func (b *bare) Render(w ...io.Writer) []byte {
	var buf bytes.Buffer
	b.RenderBuilder(&buf)
	return buf.Bytes()
}

func TestElementWithoutAttributes(t *testing.T) {
	el := bind.Apply(&bare{}, bind.Click(`<"x">`), bind.BindClass("a", "b"), bind.BindClass("c", "d"))
	want := `<x data-tether-click="&lt;&#34;x&#34;&gt;" data-tether-bind-class="c:d"></x>`
	if got := string(el.Render()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		fn   func()
		msg  string
	}{
		{"Value uppercase", func() { bind.Value("userId", "1") }, `bind: Value: invalid name "userId"`},
		{"Value empty", func() { bind.Value("", "1") }, `bind: Value: invalid name ""`},
		{"Value space", func() { bind.Value("a b", "1") }, `bind: Value: invalid name "a b"`},
		{"Value underscore", func() { bind.Value("a_b", "1") }, `bind: Value: invalid name "a_b"`},
		{"Value quote", func() { bind.Value(`a"`, "1") }, `bind: Value: invalid name "a\""`},
		{"Click empty", func() { bind.Click("") }, "bind: Click: empty action"},
		{"WindowScroll empty", func() { bind.WindowScroll("") }, "bind: WindowScroll: empty action"},
		{"KeyDown empty action", func() { bind.KeyDown("", "Enter") }, "bind: KeyDown: empty action"},
		{"Attr empty", func() { bind.Attr("", "x") }, `bind: Attr: invalid attribute name ""`},
		{"Attr space", func() { bind.Attr("a b", "x") }, `bind: Attr: invalid attribute name "a b"`},
		{"Attr quote", func() { bind.Attr(`a"`, "x") }, `bind: Attr: invalid attribute name "a\""`},
		{"Attr equals", func() { bind.Attr("a=b", "x") }, `bind: Attr: invalid attribute name "a=b"`},
		{"Attr at", func() { bind.Attr("@click", "x") }, `bind: Attr: invalid attribute name "@click"`},
		{"Attr digit first", func() { bind.Attr("1a", "x") }, `bind: Attr: invalid attribute name "1a"`},
		{"Attr onclick", func() { bind.Attr("onclick", "x") }, `bind: Attr: "onclick" is an event handler attribute`},
		{"Attr ONLOAD", func() { bind.Attr("ONLOAD", "x") }, `bind: Attr: "ONLOAD" is an event handler attribute`},
		{"Attr srcdoc", func() { bind.Attr("SrcDoc", "x") }, "bind: Attr: srcdoc holds a whole HTML document"},
		{"Attr tether", func() { bind.Attr("data-tether-js", "x") }, `bind: Attr: "data-tether-js" is a tether runtime attribute`},
		{"KeyUp empty key", func() { bind.KeyUp("k", "") }, "bind: KeyUp: empty key"},
		{"Debounce negative", func() { bind.Debounce(-time.Second) }, "bind: Debounce: negative duration -1s"},
		{"Throttle negative", func() { bind.Throttle(-1) }, "bind: Throttle: negative duration"},
		{"BindText empty", func() { bind.BindText("") }, "bind: BindText: empty signal"},
		{"BindClass space", func() { bind.BindClass("a b", "s") }, `bind: BindClass: class "a b" contains whitespace`},
		{"BindClass signal colon", func() { bind.BindClass("a", "s:t") }, `bind: BindClass: signal "s:t" contains a colon`},
		{"BindAttr empty", func() { bind.BindAttr("", "s") }, "bind: BindAttr: empty attr"},
		{"SetSignal unencodable", func() { bind.SetSignal("s", math.Inf(1)) }, "bind: SetSignal: value cannot be encoded as JSON"},
		{"SetSignal func", func() { bind.SetSignal("s", func() {}) }, "bind: SetSignal: value cannot be encoded as JSON"},
		{"ToggleClass empty selector", func() { bind.ToggleClass("", "a") }, "bind: ToggleClass: empty selector"},
		{"SetAttr attr space", func() { bind.SetAttr("this", "a b", "") }, `bind: SetAttr: attr "a b" contains whitespace`},
		{"JS zero command", func() { bind.JS(bind.Command{}) }, "bind: JS: zero Command"},
		{"JSOn empty", func() { bind.JSOn("") }, "bind: JSOn: empty event"},
		{"Hook empty", func() { bind.Hook("") }, "bind: Hook: empty name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.HasPrefix(msg, tt.msg) {
					t.Errorf("panic = %#v, want a message starting %q", r, tt.msg)
				}
			}()
			tt.fn()
		})
	}
}

func TestAttrURLs(t *testing.T) {
	const inert = "about:invalid#tether-unsafe-url"
	tests := []struct {
		name, url, want string
	}{
		{"https", "https://example.com/x", "https://example.com/x"},
		{"HTTP upper case", "HTTP://example.com", "HTTP://example.com"},
		{"scheme-relative", "//example.com/x", "//example.com/x"},
		{"path", "/todos/7?edit=1#t", "/todos/7?edit=1#t"},
		{"relative with a colon after a slash", "./a:b", "./a:b"},
		{"query only", "?page=2", "?page=2"},
		{"fragment", "#top", "#top"},
		{"empty", "", ""},
		{"mailto", "mailto:a@example.com", "mailto:a@example.com"},
		{"blob", "blob:https://example.com/0f2a", "blob:https://example.com/0f2a"},
		{"entity-escaped colon stays text", "javascript&#58;alert(1)", "javascript&amp;#58;alert(1)"},
		{"javascript", "javascript:alert(1)", inert},
		{"javascript mixed case", "JavaScript:alert(1)", inert},
		{"javascript with a tab", "java\tscript:alert(1)", inert},
		{"javascript with a newline", "java\nscript:alert(1)", inert},
		{"javascript after spaces and controls", " \x00\x01javascript:alert(1)", inert},
		{"vbscript", "vbscript:msgbox(1)", inert},
		{"data html", "data:text/html,<script>alert(1)</script>", inert},
		{"data image", "data:image/png;base64,AAAA", inert},
		{"percent-encoded scheme", "%6Aavascript:alert(1)", inert},
		{"unknown scheme", "ftp://example.com", inert},
		{"colon before any slash", "a:b/c", inert},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, attr := range []string{"href", "HREF", "src", "action", "formaction", "xlink:href", "poster"} {
				got := attrValue(t, render(bind.Attr(attr, tt.url)), attr)
				if got != tt.want {
					t.Errorf("%s: got %q, want %q", attr, got, tt.want)
				}
			}
		})
	}
	// Other attributes take any text: it is escaped, not checked.
	if got := render(bind.Attr("title", "javascript:alert(1)")); got != `<div title="javascript:alert(1)"></div>` {
		t.Errorf("title: got %s", got)
	}
}
